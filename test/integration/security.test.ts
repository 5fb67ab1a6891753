/**
 * The security review of the API and UI as tests, on the real Redis and Elasticsearch: the API key on every write
 * (enumerated from the router and the OpenAPI document, so a new write route is covered without editing this file),
 * no secret in job payloads, Redis, logs or error responses, hostile query parameters, stored XSS through titles,
 * quotes and source URLs, and the security headers on every kind of response.
 *
 * The services are reached through URLs carrying a user and password (`default:…` for Redis, `elastic:…` for
 * Elasticsearch; both ignore them here), so that every log line and error can be checked for them.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Client } from '@elastic/elasticsearch';
import type { Hono } from 'hono';
import { Redis } from 'ioredis';
import { loadSettings, type Settings } from '../../config/settings.ts';
import { newWatch } from '../../src/alerts/new-watch.ts';
import { type ApiDeps, CSP, createApp, MAX_BODY_BYTES } from '../../src/api/app.ts';
import { openApiDocument } from '../../src/api/openapi.ts';
import { apiDeps, startServer } from '../../src/api/server.ts';
import { validateStixBundle } from '../../src/export/index.ts';
import { defaultCatalog } from '../../src/extract/index.ts';
import { connectProducer } from '../../src/queue/connection.ts';
import { connectElasticsearch } from '../../src/store/client.ts';
import { ensureIndices, indexNames, refreshIndices } from '../../src/store/indices.ts';
import { createAlert, listWatches, saveWatch } from '../../src/store/watches.ts';
import { cleanup, eventually, type PageServer, pageServer, type TestEnv, testEnv } from './support.ts';
import { WebhookReceiver } from './webhook-receiver.ts';
import {
  HOSTILE_ACTOR,
  HOSTILE_MARKERS,
  HOSTILE_PUBLISHER,
  HOSTILE_SENTENCES,
  HOSTILE_TITLE,
  HOSTILE_URLS,
  storeHostileArticles,
} from './xss-articles.ts';

// biome-ignore lint/suspicious/noExplicitAny: the tests read response JSON field by field and assert on it.
type Json = any;

const KEY = 'sec-key-5b0f7d1c9e2a4f60';
const KEY2 = 'sec-key-rotated-8d2e41c7';
const HOOK_SECRET = 'hook-secret-3fa9c2e7d1';
const HOOK_TOKEN = 'hooktoken9b7e5c3a1f';
const DEAD_SECRET = 'dead-secret-7c1e9a2b4d';
const DEAD_TOKEN = 'deadtoken2d4f6a8c0e';
const ES_PASSWORD = 'es-pass-4c8e2a6f0b';
const REDIS_PASSWORD = 'redis-pass-1f3b5d7e9a';
const SECRETS = [KEY, KEY2, HOOK_SECRET, HOOK_TOKEN, DEAD_SECRET, DEAD_TOKEN, ES_PASSWORD, REDIS_PASSWORD];

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/claimwire.js', import.meta.url));
const INDEX_HTML = fileURLToPath(new URL('../../src/api/ui/index.html', import.meta.url));
const UI_DIR = fileURLToPath(new URL('../../src/api/ui/', import.meta.url));
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function assertNoSecrets(text: string, where: string): void {
  for (const s of SECRETS) assert.ok(!text.includes(s), `${where} leaks a secret (${s.slice(0, 9)}…)`);
}

/** No secret, no stack trace, no path into the sources. */
function assertClean(text: string, where: string): void {
  assertNoSecrets(text, where);
  assert.doesNotMatch(text, /\n\s+at |node_modules|file:\/\/|\.ts:\d+/, `${where}: a stack trace or source path`);
  assert.ok(!text.includes(ROOT), `${where}: a path into the checkout`);
}

/** A URL with a user and password added (unless it already has credentials of its own). */
function withCredentials(url: string, user: string, password: string): string {
  const u = new URL(url);
  if (u.username || u.password) return url;
  u.username = user;
  u.password = password;
  return u.toString().replace(/\/$/, '');
}

interface Reply {
  res: Response;
  text: string;
  body: Json;
}

async function call(
  app: Hono,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: unknown; raw?: string } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined = options.raw;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await app.request(path, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  let parsed: Json = text;
  if (/^application\/(problem\+)?json/.test(type)) parsed = JSON.parse(text);
  return { res, text, body: parsed };
}

/** A problem+json answer with this status, and nothing in it that should not be. */
function assertProblem(r: Reply, status: number, where: string): void {
  assert.equal(r.res.status, status, `${where}: ${r.text.slice(0, 300)}`);
  assert.equal(r.res.headers.get('content-type'), 'application/problem+json', where);
  assert.equal(r.body.status, status, where);
  assert.equal(typeof r.body.detail, 'string', where);
  assertClean(r.text, where);
}

/** The `errors[].parameter` of a 400, which must name what was wrong. */
function assertNamesParameter(r: Reply, parameter: string | RegExp, where: string): void {
  assertProblem(r, 400, where);
  const named = (r.body.errors ?? []).map((e: { parameter: string }) => e.parameter) as string[];
  assert.ok(
    named.some((p) => (typeof parameter === 'string' ? p === parameter : parameter.test(p))),
    `${where}: the problem names ${String(parameter)} (it names ${named.join(', ') || 'nothing'})`,
  );
}

/** Every key under the prefix, whatever its type, as text: what Redis holds, job payloads and failures included. */
async function dumpRedis(url: string, prefix: string): Promise<{ keys: string[]; types: Set<string>; text: string }> {
  const redis = new Redis(url);
  try {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    keys.sort();
    const types = new Set<string>();
    const parts: string[] = [];
    for (const key of keys) {
      const type = await redis.type(key);
      types.add(type);
      let value: unknown;
      if (type === 'string') value = await redis.get(key);
      else if (type === 'hash') value = await redis.hgetall(key);
      else if (type === 'list') value = await redis.lrange(key, 0, -1);
      else if (type === 'set') value = await redis.smembers(key);
      else if (type === 'zset') value = await redis.zrange(key, '0', '-1', 'WITHSCORES');
      else if (type === 'stream') value = await redis.xrange(key, '-', '+');
      else value = `(${type})`;
      parts.push(`${key} ${type} ${JSON.stringify(value)}`);
    }
    return { keys, types, text: parts.join('\n') };
  } finally {
    redis.disconnect();
  }
}

/** A parsed Content-Security-Policy: directive → sources. */
function parseCsp(header: string | null): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), sources);
  }
  return out;
}

/** The headers every response carries, whatever its route or status. */
function assertSecurityHeaders(res: Response, where: string): void {
  const csp = parseCsp(res.headers.get('content-security-policy'));
  assert.deepEqual(csp.get('default-src'), ["'self'"], `${where}: default-src`);
  const scripts = csp.get('script-src') ?? csp.get('default-src') ?? [];
  for (const bad of ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:', 'http:', 'https:', 'blob:'])
    assert.ok(!scripts.includes(bad), `${where}: script-src allows ${bad}`);
  assert.ok(!(csp.get('style-src') ?? []).includes("'unsafe-inline'"), `${where}: style-src allows inline styles`);
  assert.deepEqual(csp.get('object-src'), ["'none'"], `${where}: object-src`);
  assert.deepEqual(csp.get('frame-ancestors'), ["'none'"], `${where}: frame-ancestors`);
  assert.deepEqual(csp.get('base-uri'), ["'none'"], `${where}: base-uri`);
  assert.deepEqual(csp.get('form-action'), ["'self'"], `${where}: form-action`);
  for (const [name, sources] of csp) assert.ok(!sources.includes('*'), `${where}: ${name} allows *`);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff', `${where}: nosniff`);
  assert.equal(res.headers.get('referrer-policy'), 'no-referrer', `${where}: referrer-policy`);
  assert.equal(res.headers.get('x-frame-options'), 'DENY', `${where}: x-frame-options`);
  assert.equal(res.headers.get('cross-origin-opener-policy'), 'same-origin', `${where}: COOP`);
  assert.equal(res.headers.get('x-powered-by'), null, `${where}: x-powered-by`);
  assert.equal(res.headers.get('server'), null, `${where}: server`);
  assert.equal(res.headers.get('access-control-allow-origin'), null, `${where}: CORS grant`);
  assert.equal(res.headers.get('access-control-allow-credentials'), null, `${where}: CORS credentials`);
}

/** RFC 4180: rows of cells, quotes doubled inside quoted cells, CRLF between rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** `bin/claimwire.js` as a child process, its output collected. */
interface Cli {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function spawnCli(args: string[], env: Record<string, string>): Cli {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString('utf8');
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** SIGTERM, then the exit code (SIGKILL after 20 s). */
async function stopCli(cli: Cli | undefined): Promise<void> {
  if (!cli || cli.child.exitCode !== null || cli.child.signalCode !== null) return;
  cli.child.kill('SIGTERM');
  const timer = setTimeout(() => cli.child.kill('SIGKILL'), 20_000);
  await cli.exited;
  clearTimeout(timer);
}

const NEW_ARTICLE = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Kimsuky returns with new lures | Example Security News</title>
<meta property="article:published_time" content="2024-05-02T08:00:00Z"><meta property="og:site_name" content="Example Security News">
</head><body><nav><a href="/">Home</a></nav><article><h1>Kimsuky returns with new lures</h1>
<p>Researchers at Mandiant said Kimsuky targeted think tanks in South Korea with new spear-phishing lures this spring.</p>
<p>The group sent messages posing as journalists and asked for comment on policy papers before delivering malware.</p>
<p>Mandiant said the campaign also reached universities in Japan, where several researchers received the same lure.</p>
</article><footer>Example Security News</footer></body></html>`;

describe('security of the API and UI (integration)', { timeout: 10 * 60_000 }, () => {
  let t: TestEnv;
  let settings: Settings;
  /** Settings as environment variables for child processes, with the credentialed service URLs. */
  let env: Record<string, string>;
  let client: Client;
  let app: Hono;
  let deps: ApiDeps;
  let closeDeps: () => Promise<void>;
  const apiLog: string[] = [];
  let pages: PageServer;
  const receiver = new WebhookReceiver({
    secretFor: (path) => (path === '/gone' ? DEAD_SECRET : HOOK_SECRET),
    status: (path) => (path === '/gone' ? 404 : 204),
  });
  let hostileIds: string[] = [];
  let redisUrl: string;
  let elasticsearchUrl: string;
  const catalog = defaultCatalog();
  const names = () => indexNames(t.prefix);
  const auth = { authorization: `Bearer ${KEY}` };
  /** Ids of fixtures the write routes act on. */
  const fixture = { watchId: '', deletableWatchId: '', alertId: 'sec-fixture-alert', batchId: '' };

  before(async () => {
    t = await testEnv();
    redisUrl = withCredentials(t.settings.REDIS_URL, 'default', REDIS_PASSWORD);
    elasticsearchUrl = withCredentials(t.elasticsearchUrl, 'elastic', ES_PASSWORD);
    env = {
      ...t.env,
      REDIS_URL: redisUrl,
      ELASTICSEARCH_URL: elasticsearchUrl,
      CLAIMWIRE_API_KEYS: `${KEY}, ${KEY2}`,
    };
    settings = loadSettings({ ...process.env, ...env });
    assert.deepEqual(settings.apiKeys, [KEY, KEY2]);
    ({ client } = await connectElasticsearch({ url: elasticsearchUrl }));
    await ensureIndices(client, names());
    hostileIds = await storeHostileArticles(client, names(), catalog);
    await receiver.start();
    pages = await pageServer({ '/kimsuky-new': { body: NEW_ARTICLE } });

    const hook = `http://127.0.0.1:${receiver.port}/hook?token=${HOOK_TOKEN}`;
    const watch = newWatch({ name: 'APT10', url: hook, secret: HOOK_SECRET }, catalog, new Date());
    const deletable = newWatch({ name: 'Stone Panda', url: hook, secret: HOOK_SECRET }, catalog, new Date());
    await saveWatch(client, names(), watch);
    await saveWatch(client, names(), deletable);
    fixture.watchId = watch.id;
    fixture.deletableWatchId = deletable.id;
    await createAlert(client, names(), {
      id: fixture.alertId,
      kind: 'alert',
      watchId: watch.id,
      actorId: 'apt10',
      articleId: null,
      status: 'failed',
      attempts: 1,
      lastError: 'Webhook http://127.0.0.1/… answered HTTP 500; retry later.',
      createdAt: new Date().toISOString(),
      deliveredAt: null,
      ackedAt: null,
      payload: { id: fixture.alertId, type: 'claimwire.alert', watch: { id: watch.id, name: 'APT10' } },
    });
    await refreshIndices(client, names());

    const built = apiDeps({ settings, elasticsearchUrl, catalog, log: (l) => apiLog.push(l) });
    deps = built.deps;
    closeDeps = built.close;
    app = createApp(deps);
  });

  after(async () => {
    await closeDeps?.();
    await client?.close();
    await pages?.close();
    await receiver.stop();
    if (t) await cleanup(t);
  });

  describe('the API key on every write', () => {
    /** Writes as the router has them, `:id` written `{id}` as in the OpenAPI document. */
    const routedWrites = () =>
      [
        ...new Set(
          app.routes
            .filter((r) => r.method !== 'ALL' && !READ_METHODS.has(r.method))
            .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
        ),
      ].sort();

    const documented = () => openApiDocument().paths as Record<string, Record<string, Json>>;

    /** How to make each write succeed. A new write route fails the first test until it is added here. */
    const SUCCESS: Record<string, () => { path: string; body?: unknown; status: number }> = {
      'POST /v1/ingest': () => ({ path: '/v1/ingest', body: { urls: [pages.url('/auth-ingest')] }, status: 202 }),
      'POST /v1/watchlists': () => ({
        path: '/v1/watchlists',
        body: {
          actor: 'menuPass',
          webhook: `http://127.0.0.1:${receiver.port}/hook?token=${HOOK_TOKEN}`,
          secret: HOOK_SECRET,
        },
        status: 201,
      }),
      'DELETE /v1/watchlists/{id}': () => ({ path: `/v1/watchlists/${fixture.deletableWatchId}`, status: 204 }),
      'POST /v1/alerts/{id}/ack': () => ({ path: `/v1/alerts/${fixture.alertId}/ack`, status: 200 }),
      'POST /v1/alerts/{id}/redeliver': () => ({ path: `/v1/alerts/${fixture.alertId}/redeliver`, status: 202 }),
    };

    /** Everything a write could change: Redis under the prefix, and the watches and alerts. */
    const snapshot = async () => {
      await refreshIndices(client, names());
      const alerts = await client.search({ index: names().alias('alerts'), size: 100, query: { match_all: {} } });
      return JSON.stringify({
        redis: (await dumpRedis(t.settings.REDIS_URL, t.prefix)).text,
        watches: (await listWatches(client, names())).map((w) => w.id).sort(),
        alerts: alerts.hits.hits.map((h) => h._source),
      });
    };

    it('the writes the router serves are exactly the documented ones, each declaring the key and 401/403', () => {
      const paths = documented();
      const inDocument = Object.entries(paths)
        .flatMap(([path, ops]) =>
          Object.keys(ops)
            .filter((m) => !READ_METHODS.has(m.toUpperCase()))
            .map((m) => `${m.toUpperCase()} ${path}`),
        )
        .sort();
      assert.deepEqual(routedWrites(), inDocument);
      assert.ok(inDocument.length >= 5);
      for (const op of inDocument) {
        const [method, path] = op.split(' ') as [string, string];
        const spec = paths[path]?.[method.toLowerCase()];
        assert.ok(spec.security?.length > 0, `${op} declares the API key`);
        assert.ok(spec.responses['401'] && spec.responses['403'], `${op} documents 401 and 403`);
        assert.ok(SUCCESS[op], `${op} has a success case in this test: add one`);
      }
      assert.ok(paths['/v1/watchlists']?.get.security?.length > 0, 'reading watches is documented as keyed');
    });

    it('refuses every write without the right key, in any form but the two documented headers, and changes nothing', async () => {
      const b64 = (s: string) => Buffer.from(s).toString('base64');
      const wrong: { name: string; headers: Record<string, string>; query?: string }[] = [
        { name: 'no key', headers: {} },
        { name: 'wrong key', headers: { authorization: 'Bearer wrong-key-0000000000' } },
        { name: 'longer key', headers: { authorization: `Bearer ${KEY}x` } },
        { name: 'shorter key', headers: { authorization: `Bearer ${KEY.slice(0, -1)}` } },
        { name: 'key in upper case', headers: { authorization: `Bearer ${KEY.toUpperCase()}` } },
        { name: 'two keys in one', headers: { authorization: `Bearer ${KEY},${KEY2}` } },
        { name: 'no scheme', headers: { authorization: KEY } },
        { name: 'Bearer without a key', headers: { authorization: 'Bearer' } },
        { name: 'Bearer glued to the key', headers: { authorization: `Bearer${KEY}` } },
        { name: 'Basic with the key', headers: { authorization: `Basic ${b64(KEY)}` } },
        { name: 'Basic user:key', headers: { authorization: `Basic ${b64(`api:${KEY}`)}` } },
        { name: 'Token scheme', headers: { authorization: `Token ${KEY}` } },
        { name: 'wrong X-API-Key', headers: { 'x-api-key': `${KEY}-` } },
        { name: 'key in a cookie', headers: { cookie: `api_key=${KEY}; key=${KEY}` } },
        { name: 'key in another header', headers: { 'x-auth-token': KEY, 'api-key': KEY } },
        {
          name: 'key in the query string',
          headers: {},
          query: `api_key=${KEY}&key=${KEY}&token=${KEY}&access_token=${KEY}`,
        },
      ];
      const before = await snapshot();
      for (const op of routedWrites()) {
        const [method] = op.split(' ') as [string, string];
        const ok = (SUCCESS[op] as () => { path: string; body?: unknown })();
        for (const w of wrong) {
          const path = w.query ? `${ok.path}?${w.query}` : ok.path;
          const r = await call(app, method, path, { headers: w.headers, body: ok.body ?? {} });
          assertProblem(r, 401, `${op} with ${w.name}`);
          assert.equal(r.res.headers.get('www-authenticate'), 'Bearer realm="claimwire"', `${op} with ${w.name}`);
        }
      }
      // Writes to paths no route serves (trailing slash, case, other methods) are refused the same way.
      for (const [method, path] of [
        ['POST', '/v1/ingest/'],
        ['POST', '/V1/INGEST'],
        ['PUT', '/v1/ingest'],
        ['PATCH', '/v1/watchlists/x'],
        ['DELETE', '/v1/claims'],
        ['POST', '/v1/claims'],
        ['POST', '/'],
      ] as const)
        assertProblem(await call(app, method, path, { body: { urls: ['https://x.test/'] } }), 401, `${method} ${path}`);
      assert.equal(await snapshot(), before, 'no refused request changed anything in Redis or Elasticsearch');
    });

    it('does each write with either documented header, with every configured key', async () => {
      const forms: Record<string, string>[] = [
        { authorization: `Bearer ${KEY}` },
        { authorization: `bearer ${KEY2}` },
        { 'x-api-key': KEY2 },
        { 'x-api-key': KEY },
        { authorization: `Bearer ${KEY2}` },
      ];
      const ops = routedWrites();
      for (const [i, op] of ops.entries()) {
        const [method] = op.split(' ') as [string, string];
        const ok = (SUCCESS[op] as () => { path: string; body?: unknown; status: number })();
        const r = await call(app, method, ok.path, {
          headers: forms[i % forms.length] ?? auth,
          ...(ok.body === undefined ? {} : { body: ok.body }),
        });
        assert.equal(r.res.status, ok.status, `${op}: ${r.text}`);
        assert.equal(r.res.headers.get('cache-control'), 'no-store', `${op}: keyed answers are not cached`);
        assertNoSecrets(r.text, op);
        if (op === 'POST /v1/ingest') fixture.batchId = r.body.batchId;
      }
      assert.ok(fixture.batchId);
      assert.ok(!(await listWatches(client, names())).some((w) => w.id === fixture.deletableWatchId), 'deleted');
    });

    it('a rotated-out key stops working at once; with no keys configured every write is refused (403), not open', async () => {
      const rotated = createApp({ ...deps, apiKeys: [KEY2] });
      assertProblem(await call(rotated, 'POST', '/v1/alerts/nope/ack', { headers: auth }), 401, 'the old key');
      assertProblem(
        await call(rotated, 'POST', '/v1/alerts/nope/ack', { headers: { authorization: `Bearer ${KEY2}` } }),
        404,
        'the new key passes',
      );

      assert.deepEqual(loadSettings({ CLAIMWIRE_API_KEYS: ' , ,' }).apiKeys, [], 'blank keys are no keys');
      const closed = createApp({ ...deps, apiKeys: [] });
      for (const op of routedWrites()) {
        const [method] = op.split(' ') as [string, string];
        const ok = (SUCCESS[op] as () => { path: string; body?: unknown })();
        for (const headers of [{}, auth, { authorization: 'Bearer ' }, { 'x-api-key': '' }] as Record<
          string,
          string
        >[]) {
          const r = await call(closed, method, ok.path, { headers, body: ok.body ?? {} });
          assertProblem(r, 403, `${op} with writes disabled`);
          assert.match(r.body.detail, /CLAIMWIRE_API_KEYS/);
        }
      }
      assertProblem(await call(closed, 'GET', '/v1/watchlists', { headers: auth }), 403, 'watchlists, writes disabled');
    });

    it('no read route shows a webhook URL, token or secret; the watch list needs the key and shows origins only', async () => {
      const sample: Record<string, string> = {
        '/v1/actors/:id': '/v1/actors/apt10',
        '/v1/articles/:id': `/v1/articles/${hostileIds[0]}`,
        '/v1/jobs/:id': `/v1/jobs/${fixture.batchId}`,
        '/actors/:id': '/actors/apt10',
        '/articles/:id': `/articles/${hostileIds[0]}`,
        '/ui/:file': '/ui/app.js',
        '/v1/actors': '/v1/actors?prefix=stone',
      };
      const reads = app.routes.filter((r) => r.method === 'GET').map((r) => r.path);
      assert.ok(reads.includes('/v1/alerts') && reads.includes('/v1/watchlists'));
      for (const route of reads) {
        const path = sample[route] ?? route.replace(/:\w+/g, 'x');
        const r = await call(app, 'GET', path);
        if (route === '/v1/watchlists' || route === '/v1/alerts') {
          assertProblem(r, 401, `GET ${route} without a key`);
          continue;
        }
        assert.ok(r.res.status < 500, `${path}: ${r.res.status}`);
        assertNoSecrets(r.text, `GET ${path}`);
        assert.ok(!r.text.includes('/hook?'), `GET ${path} shows a webhook path`);
      }
      const listed = await call(app, 'GET', '/v1/watchlists', { headers: { 'x-api-key': KEY2 } });
      assert.equal(listed.res.status, 200);
      assert.equal(listed.res.headers.get('cache-control'), 'no-store');
      assert.ok(listed.body.watchlists.length >= 2);
      for (const w of listed.body.watchlists) {
        assert.equal(w.webhook, `http://127.0.0.1:${receiver.port}`);
        assert.equal(w.signed, true);
      }
      assertNoSecrets(listed.text, 'the watch list');
      assert.ok(!listed.text.includes('/hook'), 'the watch list shows no webhook path');
    });

    it('grants no cross-origin access: no CORS headers, preflights refused', async () => {
      const origin = { origin: 'https://evil.example.test' };
      const preflight = await call(app, 'OPTIONS', '/v1/ingest', {
        headers: {
          ...origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
      assert.ok(preflight.res.status >= 400);
      for (const r of [
        preflight,
        await call(app, 'GET', '/v1/claims?entity=apt10', { headers: origin }),
        await call(app, 'GET', '/v1/watchlists', { headers: { ...origin, ...auth } }),
        await call(app, 'POST', '/v1/alerts/nope/ack', { headers: { ...origin, ...auth } }),
      ]) {
        for (const h of ['allow-origin', 'allow-credentials', 'allow-headers', 'allow-methods'])
          assert.equal(r.res.headers.get(`access-control-${h}`), null, h);
      }
    });
  });

  describe('error answers', () => {
    it('are problem+json without stack traces, secrets or source paths, whatever went wrong', async () => {
      const key = { headers: auth };
      const cases: [string, Promise<Reply>, number][] = [
        ['unknown route', call(app, 'GET', '/nope'), 404],
        ['unknown asset', call(app, 'GET', '/ui/nope.js'), 404],
        ['asset path traversal', call(app, 'GET', '/ui/..%2F..%2Fpackage.json'), 404],
        ['source file', call(app, 'GET', '/ui/app.ts'), 404],
        ['dot file', call(app, 'GET', '/ui/.env'), 404],
        ['unknown write route, with a key', call(app, 'POST', '/nope', key), 404],
        ['unknown actor', call(app, 'GET', '/v1/actors/<script>alert(1)</script>'), 404],
        ['unknown article', call(app, 'GET', '/v1/articles/"><img src=x onerror=alert(1)>'), 404],
        ['invalid JSON', call(app, 'POST', '/v1/ingest', { ...key, raw: '{"urls": [' }), 400],
        ['JSON of the wrong shape', call(app, 'POST', '/v1/watchlists', { ...key, body: [1, 2] }), 400],
        ['a body that is not JSON', call(app, 'POST', '/v1/watchlists', { ...key, raw: 'actor=APT10' }), 400],
        ['validation error', call(app, 'GET', '/v1/claims?size=1000&predicate=<b>'), 400],
        ['unknown parameter', call(app, 'GET', '/v1/claims?<script>=1'), 400],
        ['unknown alert', call(app, 'POST', '/v1/alerts/x/redeliver', key), 404],
      ];
      for (const [what, pending, status] of cases) assertProblem(await pending, status, what);
    });

    it('refuses a body over the limit with 413, declared or streamed, and reads none of it without a key', async () => {
      const declared = await app.request('/v1/ingest', {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'content-length': String(MAX_BODY_BYTES + 1) },
        body: 'x'.repeat(MAX_BODY_BYTES + 1),
      });
      assertProblem({ res: declared, text: await declared.text(), body: { status: 413, detail: '' } }, 413, 'declared');
      let sent = 0;
      const chunk = new Uint8Array(256 * 1024).fill(0x20);
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          sent += chunk.length;
          if (sent > MAX_BODY_BYTES * 4) controller.close();
          else controller.enqueue(chunk);
        },
      });
      const streamed = await app.request(
        new Request('http://localhost/v1/watchlists', {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: stream,
          duplex: 'half',
        } as RequestInit),
      );
      const text = await streamed.text();
      assertProblem({ res: streamed, text, body: JSON.parse(text) }, 413, 'streamed');
      assert.ok(sent <= MAX_BODY_BYTES + 2 * chunk.length, `read ${sent} bytes of an oversize body`);
      sent = 0;
      const unread = new ReadableStream<Uint8Array>({
        pull(controller) {
          sent += chunk.length;
          controller.enqueue(chunk);
        },
      });
      const anonymous = await app.request(
        new Request('http://localhost/v1/ingest', { method: 'POST', body: unread, duplex: 'half' } as RequestInit),
      );
      assert.equal(anonymous.status, 401);
      assert.ok(sent <= 2 * chunk.length, `read ${sent} bytes of an unauthenticated body`);
    });

    it('a URL with credentials in an ingest is a 400 naming it, and nothing of the batch is queued', async () => {
      const before = (await dumpRedis(t.settings.REDIS_URL, t.prefix)).keys.length;
      const r = await call(app, 'POST', '/v1/ingest', {
        headers: auth,
        body: { urls: [pages.url('/fine'), `http://reader:${ES_PASSWORD}@127.0.0.1:9/page`] },
      });
      assertNamesParameter(r, 'urls.1', 'credentialed ingest URL');
      assert.equal((await dumpRedis(t.settings.REDIS_URL, t.prefix)).keys.length, before);
      const long = await call(app, 'POST', '/v1/ingest', {
        headers: auth,
        body: { urls: [`https://example.test/${'a'.repeat(2100)}`] },
      });
      assertNamesParameter(long, /^urls/, 'a URL over 2,048 characters');
    });

    it('a refused webhook is named by its origin only: its path and token are not echoed', async () => {
      const strict = createApp({ ...deps, allowPrivateWebhooks: false });
      for (const webhook of [
        `http://10.0.0.5:8443/services/T000/B000/${HOOK_TOKEN}?token=${HOOK_TOKEN}`,
        `http://127.0.0.1:${receiver.port}/hook?token=${HOOK_TOKEN}`,
        `http://[::1]/hook/${HOOK_TOKEN}`,
      ]) {
        const r = await call(strict, 'POST', '/v1/watchlists', {
          headers: auth,
          body: { actor: 'APT10', webhook, secret: HOOK_SECRET },
        });
        assertNamesParameter(r, 'webhook', webhook);
        assert.ok(!r.text.includes('/hook') && !r.text.includes('/services/'), `${webhook}: the path is echoed`);
      }
      const credentialed = await call(app, 'POST', '/v1/watchlists', {
        headers: auth,
        body: { actor: 'APT10', webhook: `https://user:${HOOK_SECRET}@hooks.example.test/x` },
      });
      assertProblem(credentialed, 400, 'a webhook URL with credentials');
    });

    it('hides what went wrong in a 500 and logs it server-side only', async () => {
      const lines: string[] = [];
      const broken = createApp({
        ...deps,
        log: (l) => lines.push(l),
        elasticsearch: async () => {
          throw new Error(`bug while talking to http://elastic:${ES_PASSWORD}@es.internal:9200 with ${KEY}`);
        },
      });
      const r = await call(broken, 'GET', '/v1/claims?entity=apt10');
      assertProblem(r, 500, 'an unexpected error');
      assertSecurityHeaders(r.res, 'a 500');
      assert.equal(lines.length, 1, 'the error is logged once');
    });

    it('with Elasticsearch and Redis down, answers 503 with Retry-After, naming no URL, password or key', async () => {
      const lines: string[] = [];
      const deadEs = `http://elastic:${ES_PASSWORD}@127.0.0.1:1`;
      const deadRedis = `redis://default:${REDIS_PASSWORD}@127.0.0.1:1`;
      const dead = apiDeps({
        settings: { ...settings, REDIS_URL: deadRedis },
        elasticsearchUrl: deadEs,
        catalog,
        log: (l) => lines.push(l),
      });
      const down = createApp(dead.deps);
      try {
        for (const [method, path, body] of [
          ['GET', '/v1/claims?entity=apt10', undefined],
          ['GET', '/v1/claims?entity=apt10&format=csv', undefined],
          ['GET', '/v1/actors/apt10', undefined],
          ['GET', `/v1/articles/${hostileIds[0]}`, undefined],
          ['GET', '/v1/alerts', undefined],
          ['GET', '/v1/watchlists', undefined],
          ['GET', '/v1/jobs/api-batch', undefined],
          ['GET', '/metrics', undefined],
          ['POST', '/v1/ingest', { urls: ['https://example.test/a'] }],
          ['POST', '/v1/watchlists', { actor: 'APT10', webhook: `http://127.0.0.1:9/hook?token=${HOOK_TOKEN}` }],
          ['DELETE', '/v1/watchlists/w-1', undefined],
          ['POST', '/v1/alerts/a-1/ack', undefined],
          ['POST', '/v1/alerts/a-1/redeliver', undefined],
        ] as const) {
          const r = await call(down, method, path, { headers: auth, ...(body ? { body } : {}) });
          assertProblem(r, 503, `${method} ${path} with the services down`);
          assert.ok(['elasticsearch', 'redis'].includes(r.body.service));
          assert.equal(r.res.headers.get('retry-after'), '5');
          assert.ok(!r.text.includes('127.0.0.1:1'), 'no internal address');
        }
      } finally {
        await dead.close();
      }
      assertClean(lines.join('\n'), 'the API log');
      // What the CLI prints when it cannot reach them: the URL with its password masked.
      const redisError = await connectProducer(deadRedis).then(
        () => null,
        (e: unknown) => e as Error & { context: unknown },
      );
      assert.ok(redisError);
      assertNoSecrets(`${redisError.message} ${JSON.stringify(redisError.context)}`, 'the Redis error');
      assert.match(redisError.message, /\*\*\*/);
      const esError = await connectElasticsearch({ url: deadEs, requestTimeoutMs: 2_000, maxRetries: 0 }).then(
        () => null,
        (e: unknown) => e as Error & { context: unknown },
      );
      assert.ok(esError);
      assertNoSecrets(`${esError.message} ${JSON.stringify(esError.context)}`, 'the Elasticsearch error');
    });

    it('`claimwire serve` that cannot reach Elasticsearch says so with the password masked', async () => {
      const cli = spawnCli(['serve', '--port', '0'], {
        ...env,
        ELASTICSEARCH_URL: `http://elastic:${ES_PASSWORD}@127.0.0.1:1`,
      });
      const timer = setTimeout(() => cli.child.kill('SIGKILL'), 60_000);
      const code = await cli.exited;
      clearTimeout(timer);
      assert.notEqual(code, 0, cli.stderr());
      assert.match(cli.stderr(), /elastic:\*\*\*@127\.0\.0\.1:1/, cli.stderr());
      assertClean(cli.stderr() + cli.stdout(), 'serve output');
    });
  });

  describe('hostile query parameters', () => {
    const claimsOf = async (query: string) => call(app, 'GET', `/v1/claims?${query}`);
    /** Lucene's English stop words: the quote field's `english` analyzer drops them from queries and quotes alike. */
    const STOP = new Set(
      'a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with'.split(
        ' ',
      ),
    );
    const words = (s: string) =>
      s
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter((w) => w && !STOP.has(w));
    let baseline = 0;

    before(async () => {
      baseline = (await claimsOf(`entity=${HOSTILE_ACTOR}`)).body.total;
      assert.ok(baseline > 20, `hostile claims: ${baseline}`);
    });

    it('query-string and DSL syntax in q is literal text: never a field query, wildcard, regex or script', async () => {
      const literal = await claimsOf(`entity=${HOSTILE_ACTOR}&q=${encodeURIComponent('Mandiant Norway')}`);
      assert.ok(literal.body.total > 0, 'plain words find claims');
      for (const q of [
        '*',
        'actor:*',
        'subject.id:kimsuky',
        '_exists_:secret',
        '(a OR b)',
        'Norway OR Japan',
        'Kimsuky AND NOT Norway',
        'Kimsu*',
        'Kimsuky~2',
        '/.*/',
        '\u0000',
        '\\',
        '{"script":{"source":"Thread.sleep(10000)"}}',
        '{"match_all":{}}',
        '"}},{"match_all":{}},{"match":{"x":"',
        'a'.repeat(500),
      ]) {
        const r = await claimsOf(`entity=${HOSTILE_ACTOR}&q=${encodeURIComponent(q)}`);
        assert.equal(r.res.status, 200, `q=${q}: ${r.text.slice(0, 200)}`);
        assert.ok(r.body.total <= baseline, `q=${q}`);
        for (const c of r.body.claims) {
          assert.equal(c.subject.id, HOSTILE_ACTOR, `q=${q} escaped the entity filter`);
          const quote = words(c.citation.quote);
          for (const w of words(q)) assert.ok(quote.includes(w), `q=${q}: a quote without "${w}"`);
        }
      }
      for (const q of ['Norway OR Japan', 'actor:*', '*', 'Kimsu*', '{"match_all":{}}'])
        assert.equal((await claimsOf(`entity=${HOSTILE_ACTOR}&q=${encodeURIComponent(q)}`)).body.total, 0, q);
      assertNamesParameter(await claimsOf(`q=${'a'.repeat(501)}`), 'q', 'q over 500 characters');
    });

    it('hostile entity names match nothing, and over-long ones are refused', async () => {
      for (const entity of ['*', 'actor:*', '{"match_all":{}}', '\u0000', 'kimsuky OR apt10', '<script>x</script>']) {
        const r = await claimsOf(`entity=${encodeURIComponent(entity)}`);
        assert.equal(r.res.status, 200, entity);
        assert.equal(r.body.total, 0, entity);
      }
      assertNamesParameter(await claimsOf(`entity=${'a'.repeat(201)}`), 'entity', 'entity over 200 characters');
      assertNamesParameter(await call(app, 'GET', `/v1/actors?prefix=${'a'.repeat(101)}`), 'prefix', 'prefix over 100');
    });

    it('filter values outside their vocabulary are refused, naming the parameter', async () => {
      for (const [q, parameter] of [
        ['sector=pharmaceutical%20OR%20*', 'sector.0'],
        ['sector=*', 'sector.0'],
        ['country=JP%20OR%20US', 'country.0'],
        ['vendor=*', 'vendor.0'],
        ['predicate=*', 'predicate.0'],
        ['hedged=true%20OR%20false', 'hedged'],
        ['negated=any%20OR', 'negated'],
        ['size=10;DROP', 'size'],
        ['size=-1', 'size'],
        ['format=csv%0D%0AX-Injected:%201', 'format'],
        ['format=html', 'format'],
      ] as const)
        assertNamesParameter(await claimsOf(`entity=${HOSTILE_ACTOR}&${q}`), parameter, q);
      const alerts = await call(app, 'GET', '/v1/alerts?status=*', { headers: auth });
      assertNamesParameter(alerts, 'status', 'alerts status=*');
      const watch = await call(app, 'GET', `/v1/alerts?watch=${encodeURIComponent('{"match_all":{}}')}`, {
        headers: auth,
      });
      assert.equal(watch.res.status, 200);
      assert.deepEqual(watch.body.alerts, [], 'a watch id is a term, not a query');
    });

    it('a parameter given twice is refused unless it is a list; lists stay inside their filter', async () => {
      for (const [q, parameter] of [
        ['entity=apt10&entity=kimsuky', 'entity'],
        ['q=a&q=b', 'q'],
        ['size=1&size=100', 'size'],
        ['from=2020&from=2021', 'from'],
        ['format=csv&format=json', 'format'],
        ['cursor=a&cursor=b', 'cursor'],
      ] as const)
        assertNamesParameter(await claimsOf(q), parameter, q);
      assertNamesParameter(
        await call(app, 'GET', '/v1/alerts?status=failed&status=pending', { headers: auth }),
        'status',
        'status x2',
      );
      const listed = await claimsOf(`entity=${HOSTILE_ACTOR}&sector=media&sector=energy,education`);
      assert.equal(listed.res.status, 200);
      assert.ok(listed.body.total > 0);
      for (const c of listed.body.claims) {
        assert.equal(c.subject.id, HOSTILE_ACTOR);
        assert.ok(['media', 'energy', 'education'].includes(c.object.id), c.object.id);
      }
    });

    it('__proto__ and constructor keys are refused in queries and bodies, and pollute nothing', async () => {
      for (const key of ['__proto__', '__proto__[admin]', 'constructor', 'constructor[prototype][admin]', 'prototype'])
        for (const path of ['/v1/claims?', '/v1/actors?prefix=apt&', '/v1/alerts?'])
          assertNamesParameter(await call(app, 'GET', `${path}${key}=1`, { headers: auth }), key, `${path}${key}`);
      for (const raw of [
        `{"urls":["${pages.url('/p')}"],"__proto__":{"admin":true}}`,
        `{"urls":["${pages.url('/p')}"],"constructor":{"prototype":{"admin":true}}}`,
        '{"__proto__":{"urls":["https://example.test/"]}}',
      ])
        assertProblem(await call(app, 'POST', '/v1/ingest', { headers: auth, raw }), 400, raw);
      assertProblem(
        await call(app, 'POST', '/v1/watchlists', {
          headers: auth,
          raw: '{"actor":"APT10","webhook":"http://127.0.0.1:9/h","__proto__":{"secret":"x"}}',
        }),
        400,
        'watch with __proto__',
      );
      assert.equal(({} as Record<string, unknown>).admin, undefined, 'Object.prototype is untouched');
    });

    it('a forged or garbage cursor is a 400 naming it; date math never reaches Elasticsearch', async () => {
      const enc = (s: string) => Buffer.from(s).toString('base64url');
      for (const cursor of [
        'garbage',
        '%00',
        enc('{"a":1}'),
        enc('[1,2]'),
        enc('[1,2,"x",4]'),
        enc('["a","b","c"]'),
        enc('["now-1d||",1,"x"]'),
        enc('[1,"now",  "x"]'),
        enc('[1e400,1,"x"]'),
        enc('[1.5,2,"x"]'),
        enc('[9223372036854775807,1,"x"]'),
        enc('[null,null,null]'),
        enc('[{"script":{"source":"1"}},1,"x"]'),
        enc('[[1],1,"x"]'),
        enc('[1,2,"x\\"}"]'),
        enc(`[1,2,"${'a'.repeat(200)}"]`),
        'a'.repeat(2001),
      ])
        assertNamesParameter(await claimsOf(`entity=${HOSTILE_ACTOR}&cursor=${cursor}`), 'cursor', cursor.slice(0, 40));
      // A well-formed position nobody handed out is just a position: results stay inside the filter.
      const forged = await claimsOf(`entity=${HOSTILE_ACTOR}&cursor=${enc('[1900000000000,0,"zzzz"]')}`);
      assert.equal(forged.res.status, 200);
      for (const c of forged.body.claims) assert.equal(c.subject.id, HOSTILE_ACTOR);
      for (const [name, value] of [
        ['from', 'now-1d||'],
        ['from', 'now'],
        ['to', '2024||+1d'],
        ['to', '2024-01-01||/M'],
        ['from', '2024-01-01T00:00:00Z'],
        ['from', '2024-02-30'],
        ['to', '2023-02-29'],
        ['from', '2024-13'],
        ['from', '2024-1-1'],
        ['to', '20240101'],
        ['from', '-2024'],
        ['to', '1e4'],
      ] as const)
        assertNamesParameter(
          await claimsOf(`entity=${HOSTILE_ACTOR}&${name}=${encodeURIComponent(value)}`),
          name,
          `${name}=${value}`,
        );
      assert.equal((await claimsOf(`entity=${HOSTILE_ACTOR}&from=2024-02-29&to=2024-12`)).res.status, 200);
    });

    it('pages through every claim, undated ones included, with the cursors it hands out', async () => {
      const seen = new Set<string>();
      let next: string | null = null;
      let undated = 0;
      do {
        const r: Reply = await claimsOf(`entity=${HOSTILE_ACTOR}&size=3${next ? `&cursor=${next}` : ''}`);
        assert.equal(r.res.status, 200, r.text);
        for (const c of r.body.claims) {
          assert.ok(!seen.has(c.id));
          seen.add(c.id);
          if (c.article.published === null) undated++;
        }
        next = r.body.next;
      } while (next);
      assert.equal(seen.size, baseline);
      assert.ok(undated > 0, 'the corpus has undated claims, and paging got past them');
    });
  });

  describe('stored XSS through titles, publishers, quotes and source URLs', () => {
    it('the JSON API returns hostile text as data, as application/json', async () => {
      const article = await call(app, 'GET', `/v1/articles/${hostileIds[0]}`);
      assert.equal(article.res.status, 200);
      assert.match(article.res.headers.get('content-type') ?? '', /^application\/json/);
      assert.equal(article.body.title, HOSTILE_TITLE);
      assert.equal(article.body.publisher, HOSTILE_PUBLISHER);
      assert.equal(article.body.url, HOSTILE_URLS[0]);
      for (const s of HOSTILE_SENTENCES) assert.ok(article.body.text.includes(s));
      const claims = await call(app, 'GET', `/v1/claims?entity=${HOSTILE_ACTOR}&size=100`);
      assert.match(claims.res.headers.get('content-type') ?? '', /^application\/json/);
      const quotes = new Set(claims.body.claims.map((c: Json) => c.citation.quote));
      for (const s of HOSTILE_SENTENCES) assert.ok(quotes.has(s), `quote kept verbatim: ${s}`);
      const urls = new Set(claims.body.claims.map((c: Json) => c.article.url));
      for (const u of HOSTILE_URLS) assert.ok(urls.has(u), `source URL kept as data: ${JSON.stringify(u)}`);
      const profile = await call(app, 'GET', `/v1/actors/${HOSTILE_ACTOR}`);
      assert.match(profile.res.headers.get('content-type') ?? '', /^application\/json/);
      const ambiguous = await call(app, 'GET', '/v1/claims?entity=Winnti');
      assert.equal(ambiguous.res.status, 300);
      assert.match(ambiguous.res.headers.get('content-type') ?? '', /^application\/json/);
    });

    it('the HTML pages are the static shell whatever the URL: no data is ever written into them server-side', async () => {
      const shell = await readFile(INDEX_HTML, 'utf8');
      for (const path of [
        '/',
        `/articles/${hostileIds[0]}`,
        `/actors/${HOSTILE_ACTOR}`,
        `/?entity=${encodeURIComponent('<script>alert(1)</script>')}`,
        `/articles/${encodeURIComponent('"><svg onload=alert(1)>')}`,
        `/actors/${encodeURIComponent('<img src=x onerror=alert(1)>')}`,
        `/assertions/${encodeURIComponent('<img src=x onerror=alert(1)>')}`,
        '/?window=24h',
      ]) {
        const r = await call(app, 'GET', path);
        assert.equal(r.res.status, 200, path);
        assert.equal(r.res.headers.get('content-type'), 'text/html; charset=utf-8', path);
        assert.equal(r.text, shell, `${path} serves the shell unchanged`);
      }
      // The shell itself runs under the CSP: no inline script, handler or style attribute.
      assert.doesNotMatch(shell, /<script(?![^>]*\bsrc=)[^>]*>/i);
      assert.doesNotMatch(shell, /\son\w+\s*=/i);
      assert.doesNotMatch(shell, /\sstyle\s*=/i);
    });

    it('the UI builds the DOM only with text and attribute setters, and links only http(s) URLs', async () => {
      // Every module of the UI (src/api/ui/*.js), read as one text.
      const modules = (await readdir(UI_DIR)).filter((f) => f.endsWith('.js'));
      assert.ok(modules.length > 5, `the UI's modules: ${modules.join(', ')}`);
      const source = (await Promise.all(modules.map((f) => readFile(path.join(UI_DIR, f), 'utf8')))).join('\n');
      assert.doesNotMatch(
        source,
        /\.(innerHTML|outerHTML)\s*[+]?=|insertAdjacentHTML|document\.write|\beval\(|new Function\(/,
      );
      assert.doesNotMatch(source, /setAttribute\(\s*['"](on\w+|srcdoc|style)['"]/i);
      // The one helper every external link goes through accepts http(s) only.
      assert.match(source, /url\.protocol === 'http:' \|\| url\.protocol === 'https:' \? url\.href : null/);
    });

    it('exports: CSV cells cannot start a formula, JSON Lines and STIX keep the text as strings, all as downloads', async () => {
      const q = `/v1/claims?entity=${HOSTILE_ACTOR}`;
      const csv = await call(app, 'GET', `${q}&format=csv`);
      assert.match(csv.res.headers.get('content-type') ?? '', /^text\/csv/);
      assert.match(csv.res.headers.get('content-disposition') ?? '', /^attachment; filename="[\w.-]+"$/);
      const rows = parseCsv(csv.text);
      const header = rows[0] as string[];
      const total = (await call(app, 'GET', q)).body.total;
      assert.equal(rows.length - 1, total, 'one row per claim: no quote broke out of its row');
      for (const row of rows.slice(1)) {
        assert.equal(row.length, header.length, 'no cell breaks out of its row');
        for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `a formula cell: ${cell.slice(0, 40)}`);
      }
      const titles = new Set(rows.slice(1).map((r) => r[header.indexOf('article_title')]));
      assert.ok(titles.has(`'${HOSTILE_TITLE}`), 'the formula title is defused with a quote, not dropped');
      const cells = new Set(rows.slice(1).flat());
      for (const s of HOSTILE_SENTENCES)
        assert.ok(cells.has(/^[=+\-@]/.test(s) ? `'${s}` : s), `quote kept: ${s.slice(0, 30)}`);

      const jsonl = await call(app, 'GET', `${q}&format=jsonl`);
      assert.equal(jsonl.res.headers.get('content-type'), 'application/x-ndjson');
      assert.match(jsonl.res.headers.get('content-disposition') ?? '', /^attachment;/);
      const lines = jsonl.text.trimEnd().split('\n');
      assert.equal(lines.length, rows.length - 1, 'one line per claim: no quote broke a line');
      for (const l of lines) assert.equal(JSON.parse(l).subject.id, HOSTILE_ACTOR);

      const stix = await call(app, 'GET', `${q}&format=stix`);
      assert.equal(stix.res.headers.get('content-type'), 'application/stix+json;version=2.1');
      assert.match(stix.res.headers.get('content-disposition') ?? '', /^attachment;/);
      const bundle = JSON.parse(stix.text);
      assert.equal(bundle.type, 'bundle');
      assert.ok(stix.text.includes(JSON.stringify(HOSTILE_TITLE).slice(1, -1)), 'the title is a JSON string in it');
      assert.deepEqual(validateStixBundle(bundle), [], 'a valid STIX 2.1 bundle');
      const refs = bundle.objects.flatMap((o: Json) => o.external_references ?? []);
      assert.ok(refs.some((r: Json) => r.description === HOSTILE_TITLE.trim()));
      for (const r of refs)
        if (r.url !== undefined) assert.match(r.url, /^https?:\/\//, `a STIX reference to ${JSON.stringify(r.url)}`);

      // A hostile entity cannot inject a header through the download's file name.
      const named = await call(
        app,
        'GET',
        `/v1/claims?format=csv&entity=${encodeURIComponent('x"\r\nSet-Cookie: a=b')}`,
      );
      assert.match(named.res.headers.get('content-disposition') ?? '', /^attachment; filename="[\w.-]+"$/);
      assert.equal(named.res.headers.get('set-cookie'), null);
    });

    it('no JSON or export response is served as HTML, so none can run in a browser', async () => {
      for (const path of [
        `/v1/articles/${hostileIds[0]}`,
        `/v1/claims?entity=${HOSTILE_ACTOR}`,
        `/v1/claims?entity=${HOSTILE_ACTOR}&format=csv`,
        `/v1/claims?entity=${HOSTILE_ACTOR}&format=jsonl`,
        `/v1/claims?entity=${HOSTILE_ACTOR}&format=stix`,
        '/v1/actors/%3Cscript%3E',
      ]) {
        const r = await call(app, 'GET', path);
        assert.doesNotMatch(r.res.headers.get('content-type') ?? '', /html|xml|svg/, path);
        assert.equal(r.res.headers.get('x-content-type-options'), 'nosniff', path);
        if (r.res.status === 200 && path.includes(HOSTILE_ACTOR))
          assert.ok(
            HOSTILE_MARKERS.some((m) => r.text.includes(m)),
            `${path} carries the payloads, as data`,
          );
      }
    });
  });

  describe('security headers and CSP', () => {
    it('on every kind of response: pages, assets, JSON, exports, metrics, OpenAPI, 4xx and 5xx', async () => {
      const html = /^text\/html; charset=utf-8$/;
      const json = /^application\/json/;
      const problem = /^application\/problem\+json$/;
      const cases: [string, string, Record<string, string>, string | undefined, number, RegExp][] = [
        ['GET', '/', {}, undefined, 200, html],
        ['HEAD', '/', {}, undefined, 200, html],
        ['GET', `/actors/${HOSTILE_ACTOR}`, {}, undefined, 200, html],
        ['GET', `/articles/${hostileIds[0]}`, {}, undefined, 200, html],
        // Every ES module of the UI, as JavaScript (a module script refuses any other type).
        ...(await readdir(UI_DIR))
          .filter((f) => f.endsWith('.js'))
          .map((f): [string, string, Record<string, string>, string | undefined, number, RegExp] => [
            'GET',
            `/ui/${f}`,
            {},
            undefined,
            200,
            /^text\/javascript; charset=utf-8$/,
          ]),
        ['GET', '/ui/styles.css', {}, undefined, 200, /^text\/css; charset=utf-8$/],
        ['GET', '/ui/icon.svg', {}, undefined, 200, /^image\/svg\+xml$/],
        ['GET', `/v1/claims?entity=${HOSTILE_ACTOR}`, {}, undefined, 200, json],
        ['GET', `/v1/claims?entity=${HOSTILE_ACTOR}&format=csv`, {}, undefined, 200, /^text\/csv/],
        ['GET', `/v1/claims?entity=${HOSTILE_ACTOR}&format=stix`, {}, undefined, 200, /^application\/stix\+json/],
        ['GET', '/v1/claims?entity=Winnti', {}, undefined, 300, json],
        ['GET', '/openapi.json', {}, undefined, 200, json],
        ['GET', '/healthz', {}, undefined, 200, json],
        ['GET', '/metrics', {}, undefined, 200, /^text\/plain; version=0\.0\.4/],
        ['GET', '/v1/watchlists', auth, undefined, 200, json],
        ['GET', '/nope', {}, undefined, 404, problem],
        ['GET', '/ui/nope.js', {}, undefined, 404, problem],
        ['GET', '/v1/claims?size=0', {}, undefined, 400, problem],
        ['POST', '/v1/ingest', {}, '{}', 401, problem],
        ['PUT', '/v1/claims', {}, '{}', 401, problem],
        ['POST', '/v1/ingest', auth, '{"urls":', 400, problem],
        ['POST', '/v1/alerts/nope/ack', auth, undefined, 404, problem],
        ['OPTIONS', '/v1/ingest', { origin: 'https://evil.example.test' }, undefined, 404, problem],
        [
          'POST',
          '/v1/ingest',
          { ...auth, 'content-length': String(MAX_BODY_BYTES + 1) },
          'x'.repeat(MAX_BODY_BYTES + 1),
          413,
          problem,
        ],
      ];
      for (const [method, path, headers, raw, status, type] of cases) {
        const r = await call(app, method, path, { headers, ...(raw === undefined ? {} : { raw }) });
        const where = `${method} ${path.slice(0, 60)}`;
        assert.equal(r.res.status, status, `${where}: ${r.text.slice(0, 200)}`);
        assert.match(r.res.headers.get('content-type') ?? '', type, where);
        assertSecurityHeaders(r.res, where);
      }
      const dead = apiDeps({
        settings: { ...settings, REDIS_URL: 'redis://127.0.0.1:1' },
        elasticsearchUrl: 'http://127.0.0.1:1',
        catalog,
      });
      try {
        const r = await call(createApp(dead.deps), 'GET', '/v1/claims?entity=apt10');
        assert.equal(r.res.status, 503);
        assertSecurityHeaders(r.res, 'a 503');
      } finally {
        await dead.close();
      }
      assert.ok(CSP.includes("object-src 'none'"));
    });

    it('over a real socket too: no Server or X-Powered-By header, a 413 for a chunked oversize body', async () => {
      const server = await startServer({ settings, elasticsearchUrl, catalog, port: 0 });
      try {
        for (const path of ['/', '/ui/app.js', `/v1/claims?entity=${HOSTILE_ACTOR}`, '/nope', '/metrics']) {
          const res = await fetch(`${server.url}${path}`);
          await res.arrayBuffer();
          assertSecurityHeaders(res, `socket GET ${path}`);
        }
        let sent = 0;
        const body = new ReadableStream<Uint8Array>({
          pull(controller) {
            sent += 65_536;
            if (sent > MAX_BODY_BYTES * 3) controller.close();
            else controller.enqueue(new Uint8Array(65_536).fill(0x20));
          },
        });
        const res = await fetch(`${server.url}/v1/ingest`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body,
          duplex: 'half',
        } as RequestInit).catch((e: unknown) => e as Error);
        if (res instanceof Response) {
          assert.equal(res.status, 413);
          assertSecurityHeaders(res, 'socket 413');
          await res.arrayBuffer();
        }
      } finally {
        await server.close();
      }
    });
  });

  describe('no secrets in job payloads, Redis or logs, end to end', () => {
    let serve: Cli | undefined;
    let worker: Cli | undefined;
    let base = '';

    before(async () => {
      serve = spawnCli(['serve', '--port', '0'], env);
      base = await eventually(
        async () => {
          if (serve?.child.exitCode !== null) throw new Error(`serve exited: ${serve?.stderr()}`);
          return serve.stderr().match(/serve: (http:\/\/127\.0\.0\.1:\d+)/)?.[1];
        },
        60_000,
        '`claimwire serve` to listen',
      );
      worker = spawnCli(['worker', '--no-schedule'], env);
      await eventually(
        async () => {
          if (worker?.child.exitCode !== null) throw new Error(`worker exited: ${worker?.stderr()}`);
          return /worker: running/.test(worker.stderr());
        },
        60_000,
        '`claimwire worker` to start',
      );
    });

    after(async () => {
      await stopCli(serve);
      await stopCli(worker);
    });

    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { ...auth, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { res, text, body: text ? JSON.parse(text) : null };
    };

    it('a signed alert goes out and a refused one fails, with no secret, token or key left in Redis, logs or alerts', async () => {
      const hook = await api('POST', '/v1/watchlists', {
        actor: 'Kimsuky',
        webhook: `http://127.0.0.1:${receiver.port}/hook?token=${HOOK_TOKEN}`,
        secret: HOOK_SECRET,
      });
      assert.equal(hook.res.status, 201, hook.text);
      const gone = await api('POST', '/v1/watchlists', {
        actor: 'Kimsuky',
        webhook: `http://127.0.0.1:${receiver.port}/gone?token=${DEAD_TOKEN}`,
        secret: DEAD_SECRET,
        format: 'slack',
      });
      assert.equal(gone.res.status, 201, gone.text);
      const ingest = await api('POST', '/v1/ingest', { urls: [pages.url('/kimsuky-new')] });
      assert.equal(ingest.res.status, 202, ingest.text);

      const delivered = await eventually(
        async () => receiver.received.find((d) => d.path === '/hook' && JSON.parse(d.body).actor?.id === 'kimsuky'),
        90_000,
        'the alert to /hook',
      );
      assert.equal(delivered.query, `?token=${HOOK_TOKEN}`, 'delivered to the URL with its token');
      assert.ok(delivered.verified, 'signed with the watch secret');
      assertNoSecrets(delivered.body, 'the alert payload');
      await eventually(async () => receiver.received.some((d) => d.path === '/gone'), 60_000, 'the /gone attempt');
      const failed = await eventually(
        async () => {
          const r = await api('GET', '/v1/alerts?status=failed');
          return r.body.alerts.find((a: Json) => a.watchId === gone.body.id);
        },
        60_000,
        'the refused alert to be marked failed',
      );
      assert.match(failed.lastError, /webhook-http-4xx/);
      assert.match(failed.lastError, new RegExp(`http://127\\.0\\.0\\.1:${receiver.port}/…`), 'origin only');
      await eventually(async () => /webhook-http-4xx/.test(worker?.stderr() ?? ''), 30_000, 'the failure logged');
      // Let the worker finish the rest (the redelivered fixture alert, the fetches queued by the tests above).
      await new Promise((r) => setTimeout(r, 3000));

      const alerts = await api('GET', '/v1/alerts?size=500');
      assertNoSecrets(alerts.text, 'GET /v1/alerts');
      await refreshIndices(client, names());
      const stored = await client.search({ index: names().alias('alerts'), size: 500, query: { match_all: {} } });
      assertNoSecrets(JSON.stringify(stored.hits.hits), 'the alerts index');

      const redis = await dumpRedis(t.settings.REDIS_URL, t.prefix);
      for (const type of ['hash', 'stream', 'zset']) assert.ok(redis.types.has(type), `Redis holds ${type}es`);
      assert.ok(redis.text.includes('alertId'), 'alert jobs were scanned');
      assert.ok(redis.text.includes(pages.url('/kimsuky-new')), 'fetch jobs were scanned');
      assert.ok(/answered HTTP 404/.test(redis.text), 'failed job reasons were scanned');
      assertNoSecrets(redis.text, `Redis (${redis.keys.length} keys)`);

      await stopCli(serve);
      await stopCli(worker);
      const serveLog = `${serve?.stdout()}${serve?.stderr()}`;
      const workerLog = `${worker?.stdout()}${worker?.stderr()}`;
      assert.match(serveLog, /elastic:\*\*\*@/, 'serve names Elasticsearch with its password masked');
      assert.match(workerLog, /Webhook http:\/\/127\.0\.0\.1:\d+\/… answered HTTP 404/, workerLog);
      assertClean(serveLog, 'the serve log');
      assertClean(workerLog, 'the worker log');
      assertNoSecrets(apiLog.join('\n'), 'the in-process API log');
      assert.deepEqual(apiLog, [], 'no request in this file hit an unexpected error (a 500)');
    });
  });
});
