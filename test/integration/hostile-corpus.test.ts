/**
 * The hostile-input corpus (test/hostile/corpus.ts), run twice:
 *
 * 1. In process, case by case, through the worker's stage code with the real fetcher (see run-in-process.ts): each
 *    case must reach its expected outcome within its own time cap and RSS-growth cap. Here the SSRF guard is on for
 *    everything except the test server's own origin (`trustedOrigins`), so redirects into 127.0.0.1:6379,
 *    169.254.169.254, [::1], 0.0.0.0 or a name resolving to 10.0.0.5 are refused before any connection.
 * 2. Through a real `claimwire worker` child process: every page case (and every feed case that fails, so it queues
 *    no crawl) in one ingest batch. The worker must reach each URL's expected outcome (its log line for a final
 *    failure, the articles index for an indexed page), stay under an RSS cap, finish the batch in bounded time, still
 *    answer afterwards, and stop cleanly. It runs with CLAIMWIRE_FETCH_ALLOW_PRIVATE=1 (the test server is on
 *    127.0.0.1), so the cases whose refusal depends on the address guard, or that need a name resolved, are in-process
 *    only: with that setting the worker would really connect to the target, or send a real DNS query.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runIngest } from '../../src/cli/commands/ingest.ts';
import { defaultCatalog, type ExtractionCatalog } from '../../src/extract/index.ts';
import { createFetcher, type Fetcher, normalizeUrl } from '../../src/fetch/index.ts';
import { connectElasticsearch } from '../../src/store/client.ts';
import type { ArticleDocument } from '../../src/store/documents.ts';
import { indexNames } from '../../src/store/indices.ts';
import {
  buildBodies,
  CATEGORIES,
  CORPUS_FETCH_TIMEOUT_MS,
  CORPUS_MAX_BYTES,
  DEFAULT_MEMORY_CAP_MB,
  DEFAULT_TIME_CAP_MS,
  HOSTILE_CASES,
  type HostileCase,
  type IndexedExpectation,
  stubResolver,
} from '../hostile/corpus.ts';
import { type InProcessOutcome, measure, runCase } from '../hostile/run-in-process.ts';
import { type CorpusServer, startCorpusServer } from '../hostile/server.ts';
import {
  batchProgress,
  captureIo,
  cleanup,
  eventually,
  spawnWorker,
  type TestEnv,
  testEnv,
  type WorkerProcess,
  withEnv,
} from './support.ts';

/** RSS the worker process may reach while it works through the whole corpus (it starts near 200 MiB). */
const WORKER_RSS_CAP_MB = 1024;
/**
 * How long the worker batch may take. Transient failures (stalls, a dropped connection) are retried by the fetch
 * queue with exponential backoff, 2 + 4 + 8 + 16 s between five attempts of at most the fetch budget each, so about
 * 35 s is expected; twice that is a hang.
 */
const WORKER_BATCH_CAP_MS = 75_000;

/** The worker part's cases: every page, and the feeds that fail (a feed that succeeds would queue its links). */
const WORKER_CASES = HOSTILE_CASES.filter(
  (c) => !c.inProcessOnly && (c.entry === 'page' || c.expect.outcome === 'failed'),
);

function checkIndexedText(c: HostileCase, e: IndexedExpectation, text: string, claims: number): void {
  for (const s of e.textIncludes ?? []) assert.ok(text.includes(s), `${c.name}: text lacks ${JSON.stringify(s)}`);
  for (const s of e.textExcludes ?? []) assert.ok(!text.includes(s), `${c.name}: text contains ${JSON.stringify(s)}`);
  if (e.minTextChars !== undefined)
    assert.ok(text.length >= e.minTextChars, `${c.name}: text is ${text.length} chars, < ${e.minTextChars}`);
  if (e.claims !== undefined) assert.equal(claims, e.claims, `${c.name}: claims`);
  if (e.minClaims !== undefined) assert.ok(claims >= e.minClaims, `${c.name}: ${claims} claims`);
}

function checkInProcess(c: HostileCase, got: InProcessOutcome, server: CorpusServer): void {
  const e = c.expect;
  const show = got.outcome === 'failed' ? `failed (${got.reason}, ${got.stage}): ${got.message}` : got.outcome;
  assert.equal(got.outcome, e.outcome, `${c.name}: expected ${e.outcome}, got ${show}`);
  if (e.outcome === 'failed' && got.outcome === 'failed') {
    assert.equal(got.reason, e.reason, `${c.name}: ${got.message}`);
    assert.equal(got.transient, e.transient ?? false, `${c.name}: transient`);
    assert.ok(got.message.length < 2000, `${c.name}: the failure message is bounded`);
  } else if (e.outcome === 'indexed' && got.outcome === 'indexed') {
    checkIndexedText(c, e, got.result.article.text, got.result.claims.length);
  } else if (e.outcome === 'discovered' && got.outcome === 'discovered') {
    assert.equal(got.urls.length, e.urls, `${c.name}: URLs queued`);
    assert.equal(got.sitemaps.length, e.sitemaps ?? 0, `${c.name}: child sitemaps queued`);
    const prefix = e.urlPrefix?.replaceAll('$BASE', server.base);
    for (const u of got.urls) {
      assert.match(u, /^https?:\/\//, `${c.name}: only http(s) is queued`);
      if (prefix) assert.ok(u.startsWith(prefix), `${c.name}: ${u} does not start with ${prefix}`);
    }
    for (const p of e.neverRequested ?? []) assert.ok(!server.requested.includes(p), `${c.name}: ${p} was fetched`);
  }
}

interface Row {
  name: string;
  ms: number;
  mb: number;
}

describe('hostile-input corpus', { timeout: 10 * 60_000 }, () => {
  let server: CorpusServer;
  before(async () => {
    buildBodies();
    server = await startCorpusServer(HOSTILE_CASES);
  });
  after(async () => {
    await server?.close();
  });

  it('has at least 50 uniquely named cases, three or more per category of the issue', () => {
    assert.ok(HOSTILE_CASES.length >= 50, `${HOSTILE_CASES.length} cases`);
    assert.equal(new Set(HOSTILE_CASES.map((c) => c.name)).size, HOSTILE_CASES.length, 'names are unique');
    for (const category of CATEGORIES) {
      const n = HOSTILE_CASES.filter((c) => c.category === category).length;
      assert.ok(n >= 3, `${category}: ${n} cases`);
    }
    for (const c of HOSTILE_CASES) assert.ok(c.respond || c.url, `${c.name}: no server answer and no URL`);
  });

  describe('in process, through the worker stages with the real fetcher', () => {
    let fetcher: Fetcher;
    let catalog: ExtractionCatalog;
    const rows: Row[] = [];
    before(() => {
      catalog = defaultCatalog();
      // As workers/run.ts builds it, except that only the test server's origin is trusted (not every private range)
      // and names go to the stub resolver.
      fetcher = createFetcher({
        trustedOrigins: [server.base],
        resolver: stubResolver,
        timeoutMs: CORPUS_FETCH_TIMEOUT_MS,
        maxBytes: CORPUS_MAX_BYTES,
        perHostMinIntervalMs: 0,
      });
    });

    for (const c of HOSTILE_CASES) {
      it(`${c.category}: ${c.name} (${c.what})`, async (t) => {
        const m = await measure(() => runCase(c, server.urlOf(c), fetcher, catalog));
        rows.push({ name: c.name, ms: m.elapsedMs, mb: m.rssGrowthMb });
        t.diagnostic(`${Math.round(m.elapsedMs)} ms, RSS +${m.rssGrowthMb.toFixed(0)} MiB`);
        checkInProcess(c, m.value, server);
        const timeCap = c.timeCapMs ?? DEFAULT_TIME_CAP_MS;
        const memoryCap = c.memoryCapMb ?? DEFAULT_MEMORY_CAP_MB;
        assert.ok(m.elapsedMs <= timeCap, `${c.name}: took ${Math.round(m.elapsedMs)} ms, cap ${timeCap}`);
        assert.ok(m.rssGrowthMb <= memoryCap, `${c.name}: RSS +${m.rssGrowthMb.toFixed(0)} MiB, cap ${memoryCap}`);
      });
    }

    it('reports the worst case', (t) => {
      const slowest = [...rows].sort((a, b) => b.ms - a.ms).slice(0, 3);
      const hungriest = [...rows].sort((a, b) => b.mb - a.mb).slice(0, 3);
      t.diagnostic(`slowest: ${slowest.map((r) => `${r.name} ${Math.round(r.ms)} ms`).join(', ')}`);
      t.diagnostic(`most memory: ${hungriest.map((r) => `${r.name} +${r.mb.toFixed(0)} MiB`).join(', ')}`);
      assert.equal(rows.length, HOSTILE_CASES.length);
    });
  });

  describe('through a claimwire worker child process', () => {
    let t: TestEnv;
    let worker: WorkerProcess | undefined;
    before(async () => {
      t = await testEnv({
        CLAIMWIRE_FETCH_TIMEOUT_MS: String(CORPUS_FETCH_TIMEOUT_MS),
        CLAIMWIRE_FETCH_MAX_BYTES: String(CORPUS_MAX_BYTES),
        // The production lock. testEnv's 2 s (for tests that kill workers) is shorter than parsing and extracting the
        // biggest corpus pages, during which the event loop cannot renew the locks of the fetches waiting on a stall:
        // BullMQ would call those jobs stalled and fail them as `worker-crashed`.
        CLAIMWIRE_JOB_LOCK_MS: '30000',
      });
    });
    after(async () => {
      if (worker && worker.child.exitCode === null) worker.child.kill('SIGKILL');
      if (t) await cleanup(t);
    });

    it(`reaches every case's outcome in one batch, within ${WORKER_BATCH_CAP_MS / 1000} s and ${WORKER_RSS_CAP_MB} MiB, and keeps answering`, async (tc) => {
      assert.ok(WORKER_CASES.length >= 40, `${WORKER_CASES.length} cases go through the worker`);
      worker = await spawnWorker(t, 'discover,fetch,extract,index');
      const started = Date.now();
      const urls = new Map(WORKER_CASES.map((c) => [c, server.urlOf(c)]));
      const args = WORKER_CASES.flatMap((c) =>
        c.entry === 'page' ? [urls.get(c) as string] : ['--feed', urls.get(c) as string],
      );
      const c1 = captureIo();
      assert.equal(await withEnv(t.env, () => runIngest(args, c1.io)), 0, c1.err.join('\n'));
      const batchId = c1.out.at(-1) as string;

      const done = await eventually(
        async () => {
          assert.equal(worker?.child.exitCode, null, `the worker died:\n${worker?.log()}`);
          const p = await batchProgress(t, batchId);
          return p.pending === 0 ? p : null;
        },
        WORKER_BATCH_CAP_MS,
        'the corpus batch to finish',
      );
      const batchMs = Date.now() - started;

      // Per-URL truth: the worker logs every final failure with its URL and reason as JSON fields (workers/boundary.ts
      // recordInBatch); an indexed page is in the articles index under its normalized URL (the one fetched, and the one
      // asked for).
      const failures = parseFailures(worker.log());
      const articles = await indexedArticles(t);
      const expectFailed = WORKER_CASES.filter((c) => c.expect.outcome === 'failed');
      const expectIndexed = WORKER_CASES.filter((c) => c.expect.outcome === 'indexed');
      for (const c of WORKER_CASES) {
        const url = urls.get(c) as string;
        const key = safeNormalize(url);
        const failure = failures.get(url) ?? failures.get(key);
        const article = articles.get(key);
        if (c.expect.outcome === 'failed') {
          assert.equal(failure?.reason, c.expect.reason, `${c.name}: ${failure?.message ?? 'no failure logged'}`);
          assert.equal(article, undefined, `${c.name}: failed yet indexed`);
        } else if (c.expect.outcome === 'indexed') {
          assert.equal(failure, undefined, `${c.name}: failed (${failure?.reason}): ${failure?.message}`);
          assert.ok(article, `${c.name}: not in the articles index`);
          checkIndexedText(c, c.expect, article.text, article.claimCount);
        }
      }
      assert.equal(done.failed, expectFailed.length, JSON.stringify(done.failureReasons));
      assert.equal(done.indexed, expectIndexed.length);
      assert.equal(done.duplicates + done.unchanged, 0);
      // The batch's own short failure list (newest 50) agrees with the log.
      for (const f of done.failures) assert.equal(failures.get(f.url)?.reason, f.reason, f.url);

      // Still alive and answering: a fresh page in a new batch is indexed.
      assert.equal(worker.child.exitCode, null, 'the worker is still running');
      const c2 = captureIo();
      const control = `${server.base}/control/${Date.now()}`;
      assert.equal(await withEnv(t.env, () => runIngest([control], c2.io)), 0);
      const after = await eventually(
        async () => {
          const p = await batchProgress(t, c2.out.at(-1) as string);
          return p.pending === 0 ? p : null;
        },
        20_000,
        'the worker to index a page after the corpus',
      );
      assert.equal(after.indexed, 1, JSON.stringify(after.failures));

      const peakMb = worker.peakRssMb();
      tc.diagnostic(
        `${WORKER_CASES.length} cases: batch ${Math.round(batchMs / 1000)} s, worker peak RSS ${peakMb.toFixed(0)} MiB, ${done.indexed} indexed, ${done.failed} failed`,
      );
      assert.ok(batchMs <= WORKER_BATCH_CAP_MS, `batch took ${batchMs} ms`);
      assert.ok(peakMb > 0 && peakMb <= WORKER_RSS_CAP_MB, `worker peak RSS ${peakMb.toFixed(0)} MiB`);

      // And it still shuts down gracefully.
      const code = await worker.stop();
      assert.equal(code, 0, worker.log().slice(-2000));
    });
  });
});

/** `<url>: failed (<reason>): <message>` lines of the worker log, by URL. */
function parseFailures(log: string): Map<string, { reason: string; message: string }> {
  const out = new Map<string, { reason: string; message: string }>();
  for (const line of log.split('\n')) {
    if (!line.startsWith('{')) continue;
    const o = JSON.parse(line) as { url?: string; reason?: string; detail?: string };
    if (o.url && o.reason && o.detail !== undefined) out.set(o.url, { reason: o.reason, message: o.detail });
  }
  return out;
}

async function indexedArticles(t: TestEnv): Promise<Map<string, ArticleDocument>> {
  const { client } = await connectElasticsearch({ url: t.elasticsearchUrl });
  try {
    const index = indexNames(t.prefix).alias('articles');
    await client.indices.refresh({ index });
    const res = await client.search<ArticleDocument>({ index, size: 1000, query: { match_all: {} } });
    const out = new Map<string, ArticleDocument>();
    // An article is stored under the URL fetched after redirects; the cases are keyed by the URL they asked for.
    for (const hit of res.hits.hits) {
      const doc = hit._source;
      if (!doc) continue;
      out.set(doc.normalizedUrl, doc);
      if (doc.requestedUrl) out.set(safeNormalize(doc.requestedUrl), doc);
    }
    return out;
  } finally {
    await client.close();
  }
}

function safeNormalize(url: string): string {
  try {
    return normalizeUrl(url);
  } catch {
    return url;
  }
}
