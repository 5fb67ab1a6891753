/**
 * Redis for the queues: check that it answers; if it does not and the URL points at this machine, start a
 * project-local `redis-server` (no persistence, loopback only) and record that we did, so `servicesDown` stops only a
 * Redis that claimwire started. State lives in `<localDir>/redis/state.json`.
 */

import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { NonRetryableError, TransientError } from '../errors.ts';
import { redactUrl } from '../redact-url.ts';
import {
  formatDuration,
  isProcessAlive,
  isRecord,
  type Logger,
  processCommandLine,
  readJsonFile,
  removeFile,
  sleep,
  tailFile,
  terminate,
  writeJsonFile,
} from './common.ts';

export interface RedisPing {
  readonly ok: boolean;
  readonly version?: string;
  readonly pid?: number;
  readonly error?: string;
}

export interface RedisState {
  readonly pid: number;
  readonly port: number;
  readonly url: string;
  readonly dir: string;
  readonly logFile: string;
  readonly startedAt: string;
}

export interface EnsureRedisOptions {
  readonly redisUrl: string;
  /** Absolute; a Redis we start keeps its files in `<localDir>/redis`. */
  readonly localDir: string;
  readonly log: Logger;
  /** Default `redis-server` from PATH. */
  readonly redisServerCommand?: string;
  /** Connect timeout of each ping. Default 2 000 ms. */
  readonly pingTimeoutMs?: number;
  /** Start a local Redis when none answers on a loopback URL (default true). */
  readonly startLocal?: boolean;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function localRedisPaths(localDir: string): { dir: string; state: string; log: string; pidFile: string } {
  const dir = join(localDir, 'redis');
  return { dir, state: join(dir, 'state.json'), log: join(dir, 'redis.log'), pidFile: join(dir, 'redis.pid') };
}

/** PING plus `INFO server` (version, pid); never throws. */
export async function pingRedis(redisUrl: string, timeoutMs = 2_000): Promise<RedisPing> {
  const client = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let lastError: Error | undefined;
  client.on('error', (error: Error) => {
    lastError = error;
  });
  try {
    await client.connect();
    const pong = await client.ping();
    if (pong !== 'PONG') return { ok: false, error: `unexpected PING reply ${JSON.stringify(pong)}` };
    const info = await client.info('server');
    const version = /^redis_version:(.+)$/m.exec(info)?.[1]?.trim();
    const pid = Number(/^process_id:(\d+)$/m.exec(info)?.[1]);
    return { ok: true, ...(version ? { version } : {}), ...(Number.isInteger(pid) && pid > 0 ? { pid } : {}) };
  } catch (error) {
    // ioredis reports a refused connection as "Connection is closed."; the socket error says more.
    const cause = lastError ?? error;
    return { ok: false, error: cause instanceof Error ? cause.message : String(cause) };
  } finally {
    client.disconnect();
  }
}

/**
 * Makes sure Redis answers at `redisUrl`, starting a local `redis-server` when the URL is on this machine.
 *
 * @throws NonRetryableError when `redis-server` is not installed or the URL is unusable.
 * @throws TransientError when a remote Redis does not answer or a local one does not come up.
 */
export async function ensureRedis(
  options: EnsureRedisOptions,
): Promise<{ url: string; started: boolean; version?: string; pid?: number }> {
  const shownUrl = redactUrl(options.redisUrl);
  const target = parseRedisUrl(options.redisUrl);
  const first = await pingRedis(options.redisUrl, options.pingTimeoutMs);
  if (first.ok) return { url: shownUrl, started: false, ...versionAndPid(first) };

  const cannotStart =
    options.startLocal === false
      ? 'claimwire starts a Redis of its own only when REDIS_URL is unset'
      : !LOOPBACK_HOSTS.has(target.host) || target.tls
        ? 'claimwire starts Redis itself only on 127.0.0.1'
        : null;
  if (cannotStart) {
    throw new TransientError(
      `Redis at ${shownUrl} does not answer (${first.error}): start it, or fix REDIS_URL; ${cannotStart}`,
      {
        url: shownUrl,
        error: first.error ?? null,
      },
    );
  }

  const paths = localRedisPaths(options.localDir);
  await mkdir(paths.dir, { recursive: true });
  const command = options.redisServerCommand ?? 'redis-server';
  const args = [
    '--daemonize',
    'yes',
    '--bind',
    '127.0.0.1',
    '-::1',
    '--port',
    String(target.port),
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    paths.dir,
    '--logfile',
    paths.log,
    '--pidfile',
    paths.pidFile,
    ...(target.password ? ['--requirepass', target.password] : []),
  ];
  options.log(`redis: nothing answers at ${shownUrl}; starting redis-server on 127.0.0.1:${target.port}`);
  const started = Date.now();
  const launched = await new Promise<{ code: number | null; error?: Error }>((resolveLaunch) => {
    const child = spawn(command, args, { stdio: 'ignore' });
    child.once('error', (error) => resolveLaunch({ code: null, error }));
    child.once('exit', (code) => resolveLaunch({ code }));
  });
  if (launched.error) {
    const code = (launched.error as NodeJS.ErrnoException).code;
    throw new NonRetryableError(
      code === 'ENOENT'
        ? `redis-server is not installed and nothing answers at ${shownUrl}: install it with \`apt-get install -y redis-server\` (or set REDIS_URL to a running Redis)`
        : `Could not run ${command}: ${launched.error.message}`,
      { url: shownUrl, command },
      { cause: launched.error },
    );
  }
  if (launched.code !== 0) {
    throw new TransientError(
      `redis-server exited with code ${launched.code} while starting on port ${target.port}. Log tail (${paths.log}):\n${await tailFile(paths.log)}`,
      { url: shownUrl, exitCode: launched.code, logFile: paths.log },
    );
  }

  const deadline = Date.now() + 10_000;
  for (;;) {
    const ping = await pingRedis(options.redisUrl, 1_000);
    if (ping.ok) {
      const pid = ping.pid ?? -1;
      await writeJsonFile(paths.state, {
        pid,
        port: target.port,
        url: shownUrl,
        dir: paths.dir,
        logFile: paths.log,
        startedAt: new Date(started).toISOString(),
      } satisfies RedisState);
      options.log(`redis: up at ${shownUrl} (pid ${pid}) in ${formatDuration(Date.now() - started)}`);
      return { url: shownUrl, started: true, ...versionAndPid(ping) };
    }
    if (Date.now() > deadline) {
      throw new TransientError(
        `redis-server started but ${shownUrl} still does not answer (${ping.error}). Log tail (${paths.log}):\n${await tailFile(paths.log)}`,
        { url: shownUrl, logFile: paths.log },
      );
    }
    await sleep(100);
  }
}

/** Stops the Redis that `ensureRedis` started (per `state.json`); leaves any other Redis alone. */
export async function stopLocalRedis(options: {
  localDir: string;
  log: Logger;
  graceMs?: number;
}): Promise<{ stopped: boolean; pid: number | null }> {
  const paths = localRedisPaths(options.localDir);
  const state = await readRedisState(options.localDir);
  if (!state) return { stopped: false, pid: null };
  const commandLine = await processCommandLine(state.pid);
  const ours =
    (await isProcessAlive(state.pid)) &&
    (commandLine === null || commandLine.some((part) => part.includes('redis-server')));
  if (!ours) {
    options.log(`redis: the Redis claimwire started (pid ${state.pid}) is not running; removing its state file`);
    await removeFile(paths.state);
    return { stopped: false, pid: state.pid };
  }
  options.log(`redis: stopping the Redis claimwire started (pid ${state.pid})`);
  const how = await terminate(state.pid, options.graceMs ?? 10_000);
  await removeFile(paths.state);
  return { stopped: how !== 'not-running', pid: state.pid };
}

export async function readRedisState(localDir: string): Promise<RedisState | undefined> {
  const value = await readJsonFile(localRedisPaths(localDir).state);
  if (!isRecord(value) || typeof value.pid !== 'number' || typeof value.port !== 'number') return undefined;
  return value as unknown as RedisState;
}

function parseRedisUrl(redisUrl: string): { host: string; port: number; password: string; tls: boolean } {
  let parsed: URL;
  try {
    parsed = new URL(redisUrl);
  } catch (error) {
    throw new NonRetryableError(
      `Redis URL ${JSON.stringify(redactUrl(redisUrl))} is not a valid URL: use e.g. redis://127.0.0.1:6379`,
      { url: redactUrl(redisUrl) },
      { cause: error },
    );
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new NonRetryableError(`Redis URL must start with redis:// or rediss://, got ${parsed.protocol}`, {
      url: redactUrl(redisUrl),
    });
  }
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 6379,
    password: decodeURIComponent(parsed.password),
    tls: parsed.protocol === 'rediss:',
  };
}

function versionAndPid(ping: RedisPing): { version?: string; pid?: number } {
  return {
    ...(ping.version ? { version: ping.version } : {}),
    ...(ping.pid ? { pid: ping.pid } : {}),
  };
}
