/**
 * `npm run test:faults [-- --minutes 10 --seed 1 --workers 2]`: a bounded soak of the whole pipeline with faults.
 *
 * For the given time it ingests a corpus served over local HTTP (feeds and URL lists, new pages, pages listed again,
 * syndicated copies, pages that are gone) through real `claimwire worker` processes, with watches firing signed
 * webhooks, while a schedule of faults runs: workers SIGKILLed and restarted, Redis restarted (SIGTERM and SIGKILL),
 * Elasticsearch paused (SIGSTOP) and stopped/restarted, the news site answering 500s, never answering, cutting bodies
 * short, and failing everything for a while. Then faults stop, the queues drain, and it reconciles:
 *
 * - every page the site served in full is in the articles index exactly once, and nothing else is;
 * - each set of syndicated copies has one owner, the others point to it;
 * - every claim the extraction core gives for each owner page is in the claims index exactly once, and nothing else;
 * - every alert expected (watch × new article with a matching asserted claim) was delivered, and how often;
 * - no job is waiting, active or delayed, and no batch has an item pending.
 *
 * Prints the counts and exits 1 if any check fails. It needs Redis's `redis-server` binary (it runs its own on a
 * random port) and starts the embedded Elasticsearch unless ELASTICSEARCH_URL is set.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Client } from '@elastic/elasticsearch';
import { Queue } from 'bullmq';
import { loadSettings } from '../../config/settings.ts';
import { decodeHtml, parseArticle } from '../../src/article/index.ts';
import { loadExtractionCatalog } from '../../src/cli/catalog.ts';
import { resolveEntity } from '../../src/extract/catalog/resolve.ts';
import { extractArticle } from '../../src/extract/index.ts';
import { normalizeUrl } from '../../src/fetch/index.ts';
import { Batches } from '../../src/queue/batches.ts';
import { connectProducer } from '../../src/queue/connection.ts';
import { STAGES } from '../../src/queue/payloads.ts';
import { connectElasticsearch } from '../../src/store/client.ts';
import type { ClaimDocument } from '../../src/store/documents.ts';
import { buildArticleDocument, buildClaimDocuments } from '../../src/store/documents.ts';
import { deleteIndices, indexNames } from '../../src/store/indices.ts';
import { tcpProxy } from '../integration/support.ts';
import { pageBody, startNewsSite, startReceiver } from './fault-servers.ts';
import { type ElasticsearchControl, embeddedElasticsearch, ROOT, SoakRedis, WorkerPool } from './services.ts';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    seed: { type: 'string' },
    workers: { type: 'string', default: '2' },
    'batch-every': { type: 'string', default: '5' },
    'batch-size': { type: 'string', default: '20' },
    'fault-every': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (args.help) {
  console.log(`usage: npm run test:faults -- [--minutes 10] [--seed N] [--workers 2] [--batch-every 5] [--batch-size 20] [--fault-every S]
Soaks the pipeline with faults for the given minutes, drains, reconciles, prints the counts; exit 1 on any mismatch.
--fault-every defaults to 25 s, shorter for short runs so that every kind of fault happens at least once.`);
  process.exit(0);
}
const minutes = Number(args.minutes);
const seed = Number(args.seed ?? Math.floor(Math.random() * 1e6));
const started = Date.now();
const stamp = () => {
  const s = Math.round((Date.now() - started) / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};
const log = (line: string) => console.log(`[${stamp()}] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** mulberry32: a seeded generator so a failing run can be repeated with its seed. */
function seeded(a: number): () => number {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seeded(seed);

/** The watches, each by an alias. Turla in Japan never matches the corpus (its Turla pieces are about other places). */
const WATCHES: { name: string; predicate?: string; country?: string }[] = [
  { name: 'Stone Panda' },
  { name: 'Cozy Bear', predicate: 'targets-sector' },
  { name: 'Fancy Bear', country: 'KR' },
  { name: 'Turla', country: 'JP' },
];

async function main(): Promise<number> {
  const base = loadSettings();
  log(`soak: ${minutes} min, seed ${seed}, ${args.workers} workers`);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'claimwire-soak-'));
  const redis = new SoakRedis(21000 + Math.floor(random() * 20000), dir);
  await redis.start();
  // An embedded node of its own (own directory and port), so stopping it never disturbs the developer's node.
  const esDir = path.join(base.CLAIMWIRE_HOME, 'soak');
  const es = base.ELASTICSEARCH_URL
    ? await tcpProxy(base.ELASTICSEARCH_URL) // an external node cannot be stopped from here: a proxy is cut instead
    : await embeddedElasticsearch({
        localDir: esDir,
        redisUrl: redis.url,
        heap: base.CLAIMWIRE_ES_HEAP,
        port: 9250,
        log,
      });
  const prefix = `soak${randomBytes(3).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CLAIMWIRE_INDEX_PREFIX: prefix,
    ELASTICSEARCH_URL: es.url,
    REDIS_URL: redis.url,
    CLAIMWIRE_FETCH_ALLOW_PRIVATE: '1',
    CLAIMWIRE_HOST_INTERVAL_MS: '0',
    CLAIMWIRE_JOB_LOCK_MS: '5000',
    CLAIMWIRE_FETCH_TIMEOUT_MS: '3000',
    CLAIMWIRE_SOURCES: path.join(ROOT, 'test/fixtures/sources-none.json'),
  };
  const site = await startNewsSite(random);
  const secrets = new Map(WATCHES.map((w) => [w.name, randomBytes(12).toString('hex')]));
  const receiver = await startReceiver(secrets, random);
  const pool = new WorkerPool(Number(args.workers), env, log);
  const cli = (argv: string[], extra: Record<string, string> = {}) => runCli(argv, { ...env, ...extra });

  try {
    for (const w of WATCHES) {
      const r = await cli(
        [
          'watch',
          'add',
          w.name,
          '--webhook',
          receiver.url(w.name),
          '--secret-env',
          ...(w.predicate ? ['--predicate', w.predicate] : []),
          ...(w.country ? ['--country', w.country] : []),
        ],
        { CLAIMWIRE_WATCH_SECRET: secrets.get(w.name) ?? '' },
      );
      if (r.code !== 0) throw new Error(`watch add ${w.name} failed: ${r.err}`);
    }
    pool.start();

    const end = started + minutes * 60_000;
    const producer = produce(site, cli, end);
    const faults = injectFaults({ pool, redis, es, site, end });
    await Promise.all([producer.done, faults.done]);

    log('faults stopped; the news site and receiver behave from now on; draining');
    site.faultRates = { 'http-500': 0, hang: 0, truncated: 0 };
    receiver.failRate = 0;
    const drained = await drain({
      redisUrl: redis.url,
      prefix,
      batchIds: producer.batchIds,
      receiver,
      timeoutMs: 10 * 60_000,
    });
    await pool.stop();

    const { client } = await connectElasticsearch({ url: es.url, name: 'claimwire-soak' });
    try {
      const report = await reconcile({
        client,
        prefix,
        site,
        receiver,
        redisUrl: redis.url,
        catalogPath: loadSettings({ ...process.env, ...env } as Record<string, string>).catalogPath,
        producer,
      });
      const lines = [
        `soak: ${stamp()} elapsed, seed ${seed}; faults: ${faults.summary()}; ${pool.kills} worker SIGKILLs, ${pool.unexpectedExits.length} unplanned worker exits, drain ${drained ? 'complete' : 'TIMED OUT'}`,
        `news site: ${site.requests} requests, ${[...site.servedOk.values()].reduce((a, b) => a + b, 0)} full 200s, ${site.notModified} 304s, faults ${JSON.stringify(site.faults)}`,
        ...report.lines,
      ];
      for (const line of lines) console.log(line);
      const ok = drained && report.ok;
      console.log(`faults soak: ${ok ? 'PASS' : 'FAIL'}`);
      return ok ? 0 : 1;
    } finally {
      await deleteIndices(client, indexNames(prefix)).catch(() => {});
      await client.close();
    }
  } finally {
    await pool.stop();
    await es.resume().catch(() => {});
    await es.close();
    await site.close();
    await receiver.close();
    await redis.stop('SIGTERM');
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs `claimwire …` as a user would, with the soak's settings. */
function runCli(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/claimwire.js', ...argv], { cwd: ROOT, env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += String(d);
    });
    child.stderr.on('data', (d) => {
      err += String(d);
    });
    child.on('exit', (code) => resolve({ code: code ?? 1, out, err }));
  });
}

interface Producer {
  done: Promise<void>;
  batchIds: string[];
  /** Every page path put into some batch. */
  listed: Set<string>;
  /** Pages listed only in feeds: page path → the feed paths that listed it. */
  viaFeeds: Map<string, string[]>;
  /** Pages listed directly (a URL list), at least once. */
  direct: Set<string>;
  refusedThenRetried: number;
}

/**
 * A new batch every few seconds: new articles, two listed again, a syndicated copy of an older one, and now and
 * then a page that is gone; alternately as an RSS feed and as a URL list. A batch refused (Redis down) is retried
 * with the same batch id until it is accepted.
 */
function produce(
  site: Awaited<ReturnType<typeof startNewsSite>>,
  cli: (argv: string[]) => ReturnType<typeof runCli>,
  end: number,
): Producer {
  const p: Producer = {
    done: Promise.resolve(),
    batchIds: [],
    listed: new Set(),
    viaFeeds: new Map(),
    direct: new Set(),
    refusedThenRetried: 0,
  };
  const every = Number(args['batch-every']) * 1000;
  p.done = (async () => {
    let next = 0;
    const size = Number(args['batch-size']);
    for (let b = 0; Date.now() < end; b++) {
      const tick = Date.now();
      const paths: string[] = [];
      for (let i = 0; i < size; i++) paths.push(`/a/${next++}`);
      const older = next - size;
      if (older > 0) {
        for (let i = 0; i < 2; i++) paths.push(`/a/${Math.floor(random() * older)}`);
        if (b % 2 === 1) paths.push(`/s/${Math.floor(random() * older)}`);
      }
      if (b % 4 === 3) paths.push(`/gone/${b}`);
      for (const x of paths) p.listed.add(x);
      const batchId = `soak-${b}`;
      const urls = paths.map((x) => site.url(x));
      let argv: string[];
      if (b % 2 === 0) {
        site.feeds.set(`/feed/${b}.xml`, urls);
        for (const x of paths) p.viaFeeds.set(x, [...(p.viaFeeds.get(x) ?? []), `/feed/${b}.xml`]);
        argv = ['ingest', '--batch', batchId, '--feed', site.url(`/feed/${b}.xml`)];
      } else {
        for (const x of paths) p.direct.add(x);
        argv = ['ingest', '--batch', batchId, ...urls];
      }
      for (let attempt = 0; ; attempt++) {
        const r = await cli(argv);
        if (r.code === 0) break;
        if (attempt === 0) p.refusedThenRetried++;
        if (attempt > 60) throw new Error(`batch ${batchId} was refused for 3 minutes: ${r.err}`);
        await sleep(3000);
      }
      p.batchIds.push(batchId);
      await sleep(Math.max(0, every - (Date.now() - tick)));
    }
  })();
  return p;
}

type FaultKind = 'kill-worker' | 'redis-restart' | 'es-pause' | 'es-restart' | 'site-500-window';
const ROTATION: FaultKind[] = [
  'kill-worker',
  'site-500-window',
  'redis-restart',
  'kill-worker',
  'es-pause',
  'kill-worker',
  'es-restart',
  'site-500-window',
];

function injectFaults(x: {
  pool: WorkerPool;
  redis: SoakRedis;
  es: ElasticsearchControl;
  site: Awaited<ReturnType<typeof startNewsSite>>;
  end: number;
}): { done: Promise<void>; summary: () => string } {
  const counts: Record<FaultKind, number> = {
    'kill-worker': 0,
    'redis-restart': 0,
    'es-pause': 0,
    'es-restart': 0,
    'site-500-window': 0,
  };
  // Every kind of fault at least once, however short the run: the rotation has to fit in the time left for faults.
  const every = args['fault-every']
    ? Number(args['fault-every']) * 1000
    : Math.min(25_000, Math.floor((minutes * 60_000 - 20_000) / (ROTATION.length + 0.5)));
  const done = (async () => {
    await sleep(every / 2);
    for (let i = 0; Date.now() < x.end - 20_000; i++) {
      const tick = Date.now();
      const kind = ROTATION[i % ROTATION.length] as FaultKind;
      counts[kind]++;
      switch (kind) {
        case 'kill-worker': {
          const pid = x.pool.killOne(Math.floor(random() * 8));
          log(`fault: SIGKILL worker pid ${pid ?? '(none running)'}`);
          break;
        }
        case 'redis-restart': {
          const signal = counts[kind] % 2 === 1 ? 'SIGTERM' : 'SIGKILL';
          log(`fault: Redis ${signal}, down 3 s`);
          await x.redis.stop(signal);
          await sleep(3000);
          await x.redis.start();
          log('fault: Redis back');
          break;
        }
        case 'es-pause':
          log('fault: Elasticsearch paused (SIGSTOP) for 15 s');
          await x.es.pause();
          await sleep(15_000);
          await x.es.resume();
          log('fault: Elasticsearch resumed');
          break;
        case 'es-restart': {
          log('fault: Elasticsearch stopped');
          const t0 = Date.now();
          await x.es.stop();
          await sleep(5000);
          await x.es.start();
          log(`fault: Elasticsearch restarted (down ${Math.round((Date.now() - t0) / 1000)} s)`);
          break;
        }
        case 'site-500-window':
          log('fault: the news site answers 500 to everything for 10 s');
          x.site.failAllUntil = Date.now() + 10_000;
          break;
      }
      await sleep(Math.max(1000, every - (Date.now() - tick)));
    }
  })();
  const summary = () =>
    Object.entries(counts)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ');
  return { done, summary };
}

/** Waits until no batch has a pending item, no job waits or runs, and the receiver has been quiet for a while. */
async function drain(x: {
  redisUrl: string;
  prefix: string;
  batchIds: string[];
  receiver: { accepted: unknown[] };
  timeoutMs: number;
}): Promise<boolean> {
  const redis = await connectProducer(x.redisUrl);
  const batches = new Batches(redis, x.prefix);
  const queues = STAGES.map((s) => new Queue(s, { connection: redis, prefix: x.prefix }));
  const deadline = Date.now() + x.timeoutMs;
  let quietSince = Date.now();
  let lastAccepted = -1;
  let lastReport = 0;
  try {
    while (Date.now() < deadline) {
      const pending = (await Promise.all(x.batchIds.map((id) => batches.get(id)))).reduce((n, b) => n + b.pending, 0);
      let busy = 0;
      for (const q of queues) {
        const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
        busy += Object.values(c).reduce((a, b) => a + b, 0);
      }
      if (x.receiver.accepted.length !== lastAccepted) {
        lastAccepted = x.receiver.accepted.length;
        quietSince = Date.now();
      }
      if (pending === 0 && busy === 0 && Date.now() - quietSince > 5000) return true;
      if (Date.now() - lastReport >= 30_000) {
        lastReport = Date.now();
        log(`drain: ${pending} batch item(s) pending, ${busy} job(s) queued or running`);
      }
      await sleep(1000);
    }
    return false;
  } finally {
    await Promise.all(queues.map((q) => q.close()));
    redis.disconnect();
  }
}

async function scrollAll<T>(client: Client, index: string, source: string[]): Promise<{ id: string; doc: T }[]> {
  const out: { id: string; doc: T }[] = [];
  let r = await client.search<T>({ index, scroll: '1m', size: 1000, _source: source, query: { match_all: {} } });
  while (r.hits.hits.length > 0) {
    for (const h of r.hits.hits) out.push({ id: h._id as string, doc: h._source as T });
    if (!r._scroll_id) break;
    r = await client.scroll<T>({ scroll_id: r._scroll_id, scroll: '1m' });
  }
  if (r._scroll_id) await client.clearScroll({ scroll_id: r._scroll_id }).catch(() => {});
  return out;
}

interface ArticleRow {
  normalizedUrl: string;
  contentHash: string;
  duplicateOf: string | null;
  url: string;
}

async function reconcile(x: {
  client: Client;
  prefix: string;
  site: Awaited<ReturnType<typeof startNewsSite>>;
  receiver: Awaited<ReturnType<typeof startReceiver>>;
  redisUrl: string;
  catalogPath: string;
  producer: Producer;
}): Promise<{ ok: boolean; lines: string[] }> {
  const names = indexNames(x.prefix);
  await x.client.indices.refresh({ index: [names.alias('articles'), names.alias('claims'), names.alias('alerts')] });
  const catalog = await loadExtractionCatalog(x.catalogPath);
  const lines: string[] = [];
  let ok = true;
  const check = (pass: boolean, line: string) => {
    if (!pass) ok = false;
    lines.push(`${pass ? 'ok  ' : 'FAIL'} ${line}`);
  };

  // Articles: exactly the pages served in full, each once.
  const articles = await scrollAll<ArticleRow>(x.client, names.alias('articles'), [
    'normalizedUrl',
    'contentHash',
    'duplicateOf',
    'url',
  ]);
  const pathOf = new Map<string, string>();
  for (const p of x.producer.listed) pathOf.set(normalizeUrl(x.site.url(p)), p);
  const byUrl = new Map<string, ArticleRow[]>();
  for (const a of articles) byUrl.set(a.doc.normalizedUrl, [...(byUrl.get(a.doc.normalizedUrl) ?? []), a.doc]);
  const served = [...x.site.servedOk.keys()].map((p) => normalizeUrl(x.site.url(p)));
  const missing = served.filter((u) => !byUrl.has(u));
  const extra = [...byUrl.keys()].filter((u) => !x.site.servedOk.has(pathOf.get(u) ?? ''));
  const twice = [...byUrl.values()].filter((v) => v.length > 1).length;
  const neverServed = [...x.producer.listed].filter((p) => !x.site.servedOk.has(p));
  const gone = neverServed.filter((p) => p.startsWith('/gone/')).length;
  // Not discovered: every feed that listed the page failed to be read (its discovery job failed after its retries).
  const undiscovered = neverServed.filter(
    (p) =>
      !p.startsWith('/gone/') &&
      !x.producer.direct.has(p) &&
      (x.producer.viaFeeds.get(p) ?? []).every((f) => !x.site.feedsServed.has(f)),
  ).length;
  const servedAgain = [...x.site.servedOk.values()].filter((n) => n > 1).length;
  check(
    missing.length === 0 && extra.length === 0 && twice === 0,
    `articles: ${served.length} pages served in full, ${articles.length} in the index, ${byUrl.size - twice} exactly once, missing ${missing.length}, extra ${extra.length}, more than once ${twice}; ${neverServed.length} listed page(s) never served in full (${gone} gone, ${undiscovered} in a feed that could not be read, ${neverServed.length - gone - undiscovered} failed after their retries); ${servedAgain} served in full more than once (a job re-run after a crash)${missing.length ? `; missing e.g. ${missing.slice(0, 3).join(' ')}` : ''}`,
  );

  // Syndicated copies: one owner per body, the rest point to it.
  const groups = new Map<string, { id: string; doc: ArticleRow }[]>();
  for (const a of articles) groups.set(a.doc.contentHash, [...(groups.get(a.doc.contentHash) ?? []), a]);
  let badGroups = 0;
  let copies = 0;
  for (const g of groups.values()) {
    const owners = g.filter((a) => a.doc.duplicateOf === null);
    copies += g.length - owners.length;
    if (owners.length !== 1 || g.some((a) => a.doc.duplicateOf !== null && a.doc.duplicateOf !== owners[0]?.id))
      badGroups++;
  }
  check(
    badGroups === 0,
    `duplicates: ${groups.size} distinct bodies, ${copies} syndicated copies linked to their owner, ${badGroups} bodies with a wrong owner`,
  );

  // Claims: what the extraction core gives for each owner page, each exactly once.
  const expected = new Map<string, ClaimDocument>();
  const owners = articles.filter((a) => a.doc.duplicateOf === null);
  for (const a of owners) {
    const p = pathOf.get(a.doc.normalizedUrl);
    const html = p ? pageBody(p) : null;
    if (!html) continue;
    const article = parseArticle(decodeHtml(Buffer.from(html), 'text/html; charset=utf-8'), {
      url: x.site.url(p ?? ''),
    });
    const result = extractArticle(article, { catalog, source: a.doc.normalizedUrl });
    const doc = buildArticleDocument(
      result,
      { normalizedUrl: a.doc.normalizedUrl, parsedAt: '', ingestedAt: '' },
      null,
    );
    for (const c of buildClaimDocuments(result, doc, catalog.actors)) expected.set(c.id, c);
  }
  const claims = await scrollAll<{ article: { id: string }; predicate: string; quote?: unknown }>(
    x.client,
    names.alias('claims'),
    ['article.id', 'predicate'],
  );
  const present = new Map<string, number>();
  for (const c of claims) present.set(c.id, (present.get(c.id) ?? 0) + 1);
  const claimMissing = [...expected.keys()].filter((id) => !present.has(id)).length;
  const claimExtra = [...present.keys()].filter((id) => !expected.has(id)).length;
  const claimTwice = [...present.values()].filter((n) => n > 1).length;
  const ownerIds = new Set(owners.map((a) => a.id));
  const onCopies = claims.filter((c) => !ownerIds.has(c.doc.article.id)).length;
  check(
    claimMissing === 0 && claimExtra === 0 && claimTwice === 0 && onCopies === 0,
    `claims: ${expected.size} expected, ${claims.length} in the index, missing ${claimMissing}, extra ${claimExtra}, more than once ${claimTwice}, on syndicated copies ${onCopies}`,
  );

  // Alerts: one per (watch, new article with a matching asserted claim), delivered.
  const watchActor = new Map(WATCHES.map((w) => [w.name, resolveEntity(catalog, w.name)[0]?.id ?? '']));
  const expectedAlerts = new Set<string>();
  for (const c of expected.values()) {
    for (const w of WATCHES) {
      if (c.subject.id !== watchActor.get(w.name) || c.negated) continue;
      if (w.predicate && c.predicate !== w.predicate) continue;
      if (w.country && !(c.object?.kind === 'country' && c.object.id === w.country)) continue;
      expectedAlerts.add(`${w.name}|${c.article.id}`);
    }
  }
  // Receivers deduplicate on the payload id (docs/webhooks.md): a sender killed after the receiver took the alert but
  // before it heard the answer sends it again, with the same payload id and the same X-Claimwire-Delivery.
  const ids = new Map<string, Set<string>>();
  const deliveries = new Map<string, Set<string>>();
  let received = 0;
  for (const d of x.receiver.accepted) {
    const key = `${d.watch}|${d.articleId}`;
    ids.set(key, (ids.get(key) ?? new Set()).add(d.alertId));
    deliveries.set(key, (deliveries.get(key) ?? new Set()).add(d.deliveryId));
    received++;
  }
  const alertMissing = [...expectedAlerts].filter((k) => !ids.has(k)).length;
  const alertUnexpected = [...ids.keys()].filter((k) => !expectedAlerts.has(k)).length;
  const splitIds = [...ids.values()].filter((v) => v.size > 1).length;
  const splitDeliveries = [...deliveries.values()].filter((v) => v.size > 1).length;
  const perWatch = WATCHES.map(
    (w) => `${w.name} ${[...expectedAlerts].filter((k) => k.startsWith(`${w.name}|`)).length}`,
  ).join(', ');
  const stored = await scrollAll<{ status: string; kind: string }>(x.client, names.alias('alerts'), ['status', 'kind']);
  const notDelivered = stored.filter((a) => a.doc.kind === 'alert' && a.doc.status !== 'delivered').length;
  check(
    alertMissing === 0 && alertUnexpected === 0 && splitIds === 0 && splitDeliveries === 0 && notDelivered === 0,
    `alerts: ${expectedAlerts.size} expected (${perWatch}), ${ids.size} delivered, each under one payload id and one delivery id (violations ${splitIds + splitDeliveries}), missing ${alertMissing}, unexpected ${alertUnexpected}; ${received - ids.size} re-sent after a crash (deduplicated on the id); ${x.receiver.refused} refusals retried, ${x.receiver.badSignatures} bad signatures; stored alerts not delivered ${notDelivered}`,
  );

  // Jobs and batches: nothing stuck.
  const redis = await connectProducer(x.redisUrl);
  try {
    const batches = new Batches(redis, x.prefix);
    const progress = await Promise.all(x.producer.batchIds.map((id) => batches.get(id)));
    const sum = (f: 'pending' | 'total' | 'indexed' | 'unchanged' | 'duplicates' | 'failed') =>
      progress.reduce((n, b) => n + b[f], 0);
    const reasons: Record<string, number> = {};
    for (const b of progress) for (const [r, n] of Object.entries(b.failureReasons)) reasons[r] = (reasons[r] ?? 0) + n;
    let stuck = 0;
    const failedJobs: Record<string, number> = {};
    for (const stage of STAGES) {
      const q = new Queue(stage, { connection: redis, prefix: x.prefix });
      const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed');
      stuck +=
        (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0) + (c['waiting-children'] ?? 0);
      if (c.failed) failedJobs[stage] = c.failed;
      await q.close();
    }
    check(
      stuck === 0 && sum('pending') === 0,
      `jobs: ${stuck} waiting/active/delayed, ${sum('pending')} batch items pending; ${x.producer.batchIds.length} batches (${x.producer.refusedThenRetried} refused while Redis was down, then accepted): ${sum('total')} items, ${sum('indexed')} indexed, ${sum('unchanged')} unchanged, ${sum('duplicates')} duplicates, ${sum('failed')} failed ${JSON.stringify(reasons)}; failed jobs by stage ${JSON.stringify(failedJobs)}`,
    );
  } finally {
    redis.disconnect();
  }
  return { ok, lines };
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`faults soak: FAIL (${error instanceof Error ? (error.stack ?? error.message) : String(error)})`);
    process.exit(1);
  },
);
