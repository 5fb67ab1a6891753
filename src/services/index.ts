/**
 * Local services for the embedded default: Redis (queues) and Elasticsearch (store, search, alerts).
 *
 * - `servicesUp` — Redis must answer (a local `redis-server` is started when the URL is on 127.0.0.1); Elasticsearch is
 *   the server at `elasticsearchUrl` if given, else the embedded 7.10.2 node (started detached, reused if running).
 * - `servicesDown` — stops the embedded node and a Redis that claimwire started; nothing else.
 * - `servicesStatus` — what runs where, for `claimwire services status`.
 *
 * Settings come in as parameters (the config module reads the environment); progress goes to the injected logger.
 */

import { join } from 'node:path';
import { ClaimwireError } from '../errors.ts';
import { packageRoot } from '../paths.ts';
import { redactUrl } from '../redact-url.ts';
import { type ElasticsearchDistribution, probeElasticsearch } from '../store/client.ts';
import { getJson, isRecord, type Logger, silentLogger } from './common.ts';
import { ensureLocalElasticsearch, localElasticsearchStatus, stopLocalElasticsearch } from './elasticsearch.ts';
import { ensureRedis, pingRedis, readRedisState, stopLocalRedis } from './redis.ts';

export type { Logger } from './common.ts';
export { LOCAL_CLUSTER_NAME, localElasticsearchPaths, RUNNER_MAX_HTTP_PORT } from './elasticsearch.ts';
export { ensureRedis, pingRedis, stopLocalRedis } from './redis.ts';

export const DEFAULT_ES_HEAP = '1g';
export const DEFAULT_ES_PORT = 9200;

export interface ServicesOptions {
  /** e.g. `redis://127.0.0.1:6379`. */
  readonly redisUrl: string;
  /** Start a local Redis if none answers on a loopback URL (default true; false for a Redis someone configured). */
  readonly startLocalRedis?: boolean | undefined;
  /** A running Elasticsearch/OpenSearch; when absent, the embedded node is used. */
  readonly elasticsearchUrl?: string | undefined;
  /** Absolute path of the project's `.local` directory. */
  readonly localDir: string;
  /** Heap of the embedded node. Default `1g`. */
  readonly esHeap?: string | undefined;
  /** Preferred HTTP port of the embedded node (≤ 9299). Default 9200. */
  readonly esPort?: number | undefined;
  readonly log?: Logger | undefined;
  /** Default: `<project>/config/elasticsearch-runner/pom.xml`, found from this module's location. */
  readonly runnerPomPath?: string | undefined;
  /** From JVM spawn to yellow health. Default 180 000 ms. */
  readonly esStartTimeoutMs?: number | undefined;
}

export interface ServicesUpResult {
  readonly redis: { readonly url: string; readonly started: boolean; readonly version?: string };
  readonly elasticsearch: {
    readonly url: string;
    readonly started: boolean;
    readonly version: string;
    readonly distribution: ElasticsearchDistribution;
    /** `embedded`: the local 7.10.2 node under `localDir`; `external`: `elasticsearchUrl`. */
    readonly mode: 'embedded' | 'external';
    readonly pid?: number;
  };
}

export interface ServicesDownOptions {
  readonly localDir: string;
  readonly log?: Logger | undefined;
  /** Stop a Redis that claimwire started (default true). A Redis it did not start is never stopped. */
  readonly stopRedis?: boolean | undefined;
  /** SIGTERM grace before SIGKILL. Default 30 000 ms. */
  readonly graceMs?: number | undefined;
}

export interface ServicesDownResult {
  readonly elasticsearch: { readonly stopped: boolean; readonly pid: number | null };
  readonly redis: { readonly stopped: boolean; readonly pid: number | null };
}

export interface ServicesStatus {
  readonly redis: {
    readonly url: string;
    readonly up: boolean;
    readonly version?: string;
    readonly pid?: number;
    /** True if claimwire started this Redis (`servicesDown` will stop it). */
    readonly startedByClaimwire: boolean;
    readonly error?: string;
  };
  readonly elasticsearch: {
    readonly mode: 'embedded' | 'external';
    readonly url: string | null;
    readonly up: boolean;
    readonly version?: string;
    readonly distribution?: ElasticsearchDistribution;
    readonly health?: string;
    readonly pid?: number;
    readonly startedAt?: string;
    readonly logFile?: string;
    readonly error?: string;
  };
}

/** Ensures Redis and Elasticsearch answer; see the module comment. */
export async function servicesUp(options: ServicesOptions): Promise<ServicesUpResult> {
  const log = options.log ?? silentLogger;
  const redis = await ensureRedis({
    redisUrl: options.redisUrl,
    localDir: options.localDir,
    log,
    startLocal: options.startLocalRedis,
  });
  const redisResult = { url: redis.url, started: redis.started, ...(redis.version ? { version: redis.version } : {}) };

  if (options.elasticsearchUrl) {
    const server = await probeElasticsearch(options.elasticsearchUrl, { timeoutMs: 10_000 });
    log(`elasticsearch: using ${redactUrl(options.elasticsearchUrl)} (${server.distribution} ${server.version})`);
    return {
      redis: redisResult,
      elasticsearch: {
        url: redactUrl(options.elasticsearchUrl),
        started: false,
        version: server.version,
        distribution: server.distribution,
        mode: 'external',
      },
    };
  }

  const node = await ensureLocalElasticsearch({
    localDir: options.localDir,
    heap: options.esHeap ?? DEFAULT_ES_HEAP,
    port: options.esPort ?? DEFAULT_ES_PORT,
    pomPath: options.runnerPomPath ?? join(packageRoot(), 'config', 'elasticsearch-runner', 'pom.xml'),
    log,
    ...(options.esStartTimeoutMs === undefined ? {} : { startTimeoutMs: options.esStartTimeoutMs }),
  });
  const server = await probeElasticsearch(node.url, { timeoutMs: 10_000 });
  return {
    redis: redisResult,
    elasticsearch: {
      url: node.url,
      started: node.started,
      version: server.version,
      distribution: server.distribution,
      mode: 'embedded',
      pid: node.pid,
    },
  };
}

/** Stops the embedded node and (unless `stopRedis: false`) a Redis that claimwire started. */
export async function servicesDown(options: ServicesDownOptions): Promise<ServicesDownResult> {
  const log = options.log ?? silentLogger;
  const elasticsearch = await stopLocalElasticsearch({
    localDir: options.localDir,
    log,
    ...(options.graceMs === undefined ? {} : { graceMs: options.graceMs }),
  });
  const redis =
    options.stopRedis === false
      ? { stopped: false, pid: null }
      : await stopLocalRedis({ localDir: options.localDir, log });
  return { elasticsearch, redis };
}

/** What runs where: URLs, pids, versions, health. Never throws for a service that is down. */
export async function servicesStatus(options: {
  redisUrl: string;
  elasticsearchUrl?: string | undefined;
  localDir: string;
}): Promise<ServicesStatus> {
  const [redis, elasticsearch] = await Promise.all([redisStatus(options), elasticsearchStatus(options)]);
  return { redis, elasticsearch };
}

/** Human-readable lines for `claimwire services status`. */
export function formatServicesStatus(status: ServicesStatus): string[] {
  const { redis, elasticsearch: es } = status;
  const redisLine = redis.up
    ? `redis          up    ${redis.url}  redis ${redis.version ?? '?'}${redis.pid ? `  pid ${redis.pid}` : ''}${redis.startedByClaimwire ? '  (started by claimwire)' : ''}`
    : `redis          down  ${redis.url}${redis.error ? `  (${redis.error})` : ''}`;
  const esLine = es.up
    ? `elasticsearch  up    ${es.url}  ${es.distribution ?? 'elasticsearch'} ${es.version ?? '?'}  health ${es.health ?? '?'}  ${es.mode}${es.pid ? `  pid ${es.pid}` : ''}`
    : `elasticsearch  down  ${es.url ?? '(embedded node not started)'}  ${es.mode}${es.error ? `  (${es.error})` : ''}`;
  return [redisLine, esLine];
}

async function redisStatus(options: { redisUrl: string; localDir: string }): Promise<ServicesStatus['redis']> {
  const [ping, state] = await Promise.all([pingRedis(options.redisUrl), readRedisState(options.localDir)]);
  return {
    url: redactUrl(options.redisUrl),
    up: ping.ok,
    ...(ping.version ? { version: ping.version } : {}),
    ...(ping.pid ? { pid: ping.pid } : {}),
    startedByClaimwire: state !== undefined && ping.ok && (ping.pid === undefined || ping.pid === state.pid),
    ...(ping.error ? { error: ping.error } : {}),
  };
}

async function elasticsearchStatus(options: {
  elasticsearchUrl?: string | undefined;
  localDir: string;
}): Promise<ServicesStatus['elasticsearch']> {
  if (options.elasticsearchUrl) {
    return { mode: 'external', ...(await describeServer(options.elasticsearchUrl)) };
  }
  const local = await localElasticsearchStatus(options.localDir);
  if (!local.state || !local.alive) {
    return {
      mode: 'embedded',
      url: null,
      up: false,
      ...(local.state ? { error: `recorded pid ${local.state.pid} is not running` } : {}),
    };
  }
  const extra = {
    pid: local.state.pid,
    startedAt: local.state.startedAt,
    logFile: local.state.logFile,
  };
  if (!local.state.url) return { mode: 'embedded', url: null, up: false, ...extra, error: 'starting' };
  return { mode: 'embedded', ...(await describeServer(local.state.url)), ...extra };
}

async function describeServer(url: string): Promise<Omit<ServicesStatus['elasticsearch'], 'mode'>> {
  const shown = redactUrl(url);
  try {
    const server = await probeElasticsearch(url, { timeoutMs: 3_000 });
    const health = await getJson(`${new URL(url).origin}/_cluster/health`, 3_000);
    const status = health && isRecord(health.body) ? health.body.status : undefined;
    return {
      url: shown,
      up: true,
      version: server.version,
      distribution: server.distribution,
      ...(typeof status === 'string' ? { health: status } : {}),
    };
  } catch (error) {
    return { url: shown, up: false, error: error instanceof ClaimwireError ? error.message : String(error) };
  }
}
