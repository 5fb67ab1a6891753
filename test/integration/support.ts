/**
 * Shared set-up for integration tests: the real services (the embedded Elasticsearch unless ELASTICSEARCH_URL is set,
 * Redis at REDIS_URL), a unique prefix per test for indices, queues and Redis keys, cleanup of all of it, and a local
 * HTTP server for pages and feeds. Nothing here touches the internet.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { loadSettings, type Settings } from '../../config/settings.ts';
import { Batches } from '../../src/queue/batches.ts';
import { connectProducer } from '../../src/queue/connection.ts';
import { servicesForSettings } from '../../src/services/from-settings.ts';
import { connectElasticsearch } from '../../src/store/client.ts';
import { deleteIndices, indexNames } from '../../src/store/indices.ts';

export const LOCAL_DIR = fileURLToPath(new URL('../../.local', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface TestEnv {
  prefix: string;
  settings: Settings;
  elasticsearchUrl: string;
  /** Settings as environment variables, for child processes and CLI commands run in process. */
  env: Record<string, string>;
}

/** Starts (or reuses) the services and returns settings with a prefix of this test's own. */
export async function testEnv(overrides: Record<string, string> = {}): Promise<TestEnv> {
  const base = loadSettings();
  const { elasticsearchUrl } = await servicesForSettings(base);
  const prefix = `cwt${randomBytes(4).toString('hex')}`;
  const env: Record<string, string> = {
    CLAIMWIRE_INDEX_PREFIX: prefix,
    ELASTICSEARCH_URL: elasticsearchUrl,
    REDIS_URL: base.REDIS_URL,
    CLAIMWIRE_FETCH_ALLOW_PRIVATE: '1',
    CLAIMWIRE_HOST_INTERVAL_MS: '0',
    CLAIMWIRE_JOB_LOCK_MS: '2000',
    CLAIMWIRE_SOURCES: fileURLToPath(new URL('../fixtures/sources-none.json', import.meta.url)),
    ...overrides,
  };
  const settings = loadSettings({ ...process.env, ...env });
  return { prefix, settings, elasticsearchUrl, env };
}

/** Deletes the test's indices, queues and Redis keys. */
export async function cleanup(t: TestEnv): Promise<void> {
  const { client } = await connectElasticsearch({ url: t.elasticsearchUrl });
  try {
    await deleteIndices(client, indexNames(t.prefix));
  } finally {
    await client.close();
  }
  const redis = new Redis(t.settings.REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${t.prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export interface Page {
  body: string;
  type?: string;
  status?: number;
  etag?: string;
  /** Milliseconds to wait before answering. */
  delayMs?: number;
  /** A redirect target (with a 3xx `status`). */
  location?: string;
}

export interface PageServer {
  url: (path: string) => string;
  pages: Map<string, Page>;
  /** Requests seen, by path. */
  hits: Map<string, number>;
  close: () => Promise<void>;
}

/**
 * A local HTTP server for pages, feeds and robots.txt; answers conditional GETs by ETag. `host` is 127.0.0.1 or ::1
 * (a second site, on another registrable domain than the first).
 */
export async function pageServer(pages: Record<string, Page>, host = '127.0.0.1'): Promise<PageServer> {
  const map = new Map(Object.entries(pages));
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const page = map.get(path);
    const answer = () => {
      if (!page) {
        res.writeHead(path === '/robots.txt' ? 404 : 404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      if (page.location) {
        res.writeHead(page.status ?? 301, { location: page.location }).end();
        return;
      }
      const etag = page.etag ?? `"${Buffer.from(page.body).length}-${hash(page.body)}"`;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag }).end();
        return;
      }
      res
        .writeHead(page.status ?? 200, { 'content-type': page.type ?? 'text/html; charset=utf-8', etag })
        .end(page.body);
    };
    if (page?.delayMs) setTimeout(answer, page.delayMs);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const origin = host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`;
  return {
    url: (path) => `${origin}${path}`,
    pages: map,
    hits,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function hash(s: string): string {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return (h >>> 0).toString(16);
}

/** Captures a command's output lines. */
export function captureIo(): {
  io: { out: (l: string) => void; err: (l: string) => void; isTty: boolean };
  out: string[];
  err: string[];
} {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l) => out.push(l), err: (l) => err.push(l), isTty: false }, out, err };
}

/** Polls `check` until it returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | null | undefined | false>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export function articlePage(fixture: string, url: string, site: string): string {
  const o = JSON.parse(readFileSync(new URL(`../fixtures/articles/${fixture}`, import.meta.url), 'utf8'));
  const paragraphs = (o.text as string)
    .split('\n\n')
    .map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${o.title} | ${site}</title>
<link rel="canonical" href="${url}"><meta property="og:site_name" content="${site}">
<meta property="article:published_time" content="${o.published}T08:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>${o.title}</h1>
${paragraphs.join('\n')}</article><footer>© ${site}</footer></body></html>`;
}

export function rssFeed(items: { title: string; url: string }[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Test feed</title><link>http://127.0.0.1/</link>
${items.map((i) => `<item><title>${i.title}</title><link>${i.url}</link></item>`).join('\n')}</channel></rss>`;
}

/** Runs a CLI command in process with the test's settings in the environment. */
export async function withEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** A batch's progress as the workers recorded it in Redis. */
export async function batchProgress(t: TestEnv, batchId: string) {
  const redis = await connectProducer(t.settings.REDIS_URL);
  try {
    return await new Batches(redis, t.prefix).get(batchId);
  } finally {
    redis.disconnect();
  }
}

export interface WorkerProcess {
  child: ChildProcess;
  log: () => string;
  peakRssMb: () => number;
  stop: () => Promise<number | null>;
}

/** `claimwire worker` as a child process, with its stderr kept and its RSS sampled from /proc every 100 ms. */
export async function spawnWorker(t: TestEnv, stages: string): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['bin/claimwire.js', 'worker', '--stages', stages, '--no-schedule'], {
    cwd: ROOT,
    env: { ...process.env, ...t.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (d) => {
    log += String(d);
  });
  let peakKb = 0;
  const sampler = setInterval(() => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m?.[1]) peakKb = Math.max(peakKb, Number(m[1]));
    } catch {
      // The process is gone; the assertions on exitCode say so.
    }
  }, 100);
  child.once('exit', () => clearInterval(sampler));
  try {
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`the worker exited (${child.exitCode}) while starting`);
        return log.includes('worker: running');
      },
      60_000,
      'the worker to start',
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}; its log:\n${log.slice(-3000)}`);
  }
  return {
    child,
    log: () => log,
    peakRssMb: () => peakKb / 1024,
    stop: async () => {
      if (child.exitCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/**
 * A TCP proxy in front of a server (an external Elasticsearch the tests cannot stop themselves): `stop` refuses
 * connections, `pause` holds them open and silent, as a server frozen in a GC pause or SIGSTOP would.
 */
export async function tcpProxy(target: string): Promise<{
  url: string;
  stop: () => Promise<void>;
  start: () => Promise<void>;
  pause: () => Promise<void>;
  resume: () => Promise<void>;
  close: () => Promise<void>;
}> {
  const u = new URL(target);
  const sockets = new Set<net.Socket>();
  let paused = false;
  let server: net.Server | null = null;
  let port = 0;
  const start = async () => {
    server = net.createServer((client) => {
      const upstream = net.connect(Number(u.port || 80), u.hostname);
      sockets.add(client).add(upstream);
      if (paused) client.pause();
      client.pipe(upstream).pipe(client);
      const end = () => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
    });
    await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  };
  const stop = async () => {
    for (const s of sockets) s.destroy();
    sockets.clear();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = null;
  };
  await start();
  return {
    url: `${u.protocol}//${u.username ? `${u.username}:${u.password}@` : ''}127.0.0.1:${port}`,
    stop,
    start,
    pause: async () => {
      paused = true;
      for (const x of sockets) x.pause();
    },
    resume: async () => {
      paused = false;
      for (const x of sockets) x.resume();
    },
    close: stop,
  };
}
