/**
 * End-to-end ingestion benchmark: ≥ 2,000 pages served from a local HTTP server, fetched, parsed, extracted and
 * indexed into Elasticsearch by one `claimwire worker` process with the default settings (run as a child process so
 * its peak RSS can be read). Prints articles/s, where the time goes per step (from the worker's own /metrics: fetch,
 * parse, extract, bulk write, enqueueing the next stage, the rest of each job, the worker's CPU, and the wait for
 * Elasticsearch's refresh), p50/p95 time from enqueue to searchable, the worker's peak RSS, then the same burst with
 * two worker processes.
 *
 * On a machine other work keeps busy, articles/s measures the wait for a core as much as claimwire. So each burst
 * also prints CPU milliseconds per article: the workers' (from their /metrics), Elasticsearch's (its node stats) and
 * Redis's (INFO cpu), the throughput ceiling they imply (one worker process uses at most one core; all of it together
 * at most the machine's cores), and the load average before and after. Elasticsearch and Redis may serve other
 * clients at the same time: their figures are then upper bounds.
 *
 * Pages: the 121 article-extraction-benchmark pages from ../shared when present (each served in several variants,
 * with a distinct paragraph so they are not deduplicated), else pages generated from claimwire's own sample articles.
 * All pages come from one host (127.0.0.1), so per-host politeness is set to 0 ms here; with the default 1 s interval
 * one host yields one page a second by design.
 *
 * usage: npm run bench:pipeline [-- --pages 2000]
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadSettings } from '../config/settings.ts';
import { normalizeUrl } from '../src/fetch/index.ts';
import { packageRoot } from '../src/paths.ts';
import { Batches } from '../src/queue/batches.ts';
import { connectProducer } from '../src/queue/connection.ts';
import { PipelineQueues } from '../src/queue/pipeline-queues.ts';
import { servicesForSettings } from '../src/services/from-settings.ts';
import { connectElasticsearch } from '../src/store/client.ts';
import { deleteIndices, indexNames } from '../src/store/indices.ts';
import { benchmarkDir, loadBenchmark } from './aeb-metric.ts';
import { startClaimwire } from './child-process.ts';

const { values } = parseArgs({ options: { pages: { type: 'string', default: '2000' } } });
const TARGET = Number(values.pages);
/** The latency phase feeds pages at a steady rate below capacity, so queueing behind a backlog is not what it measures. */
const PACED_PAGES = 300;
const PACED_RATE = 10;

function templates(): string[] {
  const dir = benchmarkDir();
  if (dir) {
    console.log(`bench:pipeline: pages from the article-extraction benchmark (${dir})`);
    return loadBenchmark(dir).map((p) => anchorInBody(p.html, p.truth));
  }
  console.log('bench:pipeline: ../shared benchmark data absent; generating pages from samples/');
  const sampleDir = path.join(packageRoot(), 'samples');
  return readdirSync(sampleDir)
    .filter((f) => f.endsWith('.html'))
    .map((f) => readFileSync(path.join(sampleDir, f), 'utf8'));
}

const ANCHOR = '<!--claimwire-bench-anchor-->';

/** Marks where the article body starts (the first words of the benchmark's truth), so variants change the body. */
function anchorInBody(html: string, truth: string): string {
  const words = truth.trim().split(/\s+/).slice(0, 6).join(' ');
  const body = Math.max(0, html.search(/<body[\s>]/i));
  for (let n = words.length; n >= 12; n = Math.floor(n * 0.7)) {
    const at = html.indexOf(words.slice(0, n), body);
    if (at >= 0) return html.slice(0, at) + ANCHOR + html.slice(at);
  }
  return html;
}

/**
 * A variant of a page: the same page with a sentence of its own added to its longest paragraph, so that each variant
 * is a different story to the deduplication (its content hash differs) but parses like the original.
 */
function variant(html: string, i: number): string {
  const marker0 = `Reference ${i} of the pipeline benchmark, copy number ${i * 7919}. `;
  if (html.includes(ANCHOR)) return html.replace(ANCHOR, marker0);
  let best = { at: -1, length: 0 };
  for (const m of html.matchAll(/<p\b[^>]*>([\s\S]*?)<\/p>/gi)) {
    const length = (m[1] ?? '').length;
    if (length > best.length) best = { at: (m.index ?? 0) + m[0].indexOf('>') + 1, length };
  }
  const marker = `Reference ${i} of the pipeline benchmark, copy number ${i * 7919}. `;
  return best.at >= 0
    ? html.slice(0, best.at) + marker + html.slice(best.at)
    : html.replace(/<body[^>]*>/i, (b) => `${b}<p>${marker}</p>`);
}

const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function main(): Promise<void> {
  const base = loadSettings();
  const { elasticsearchUrl: esUrl } = await servicesForSettings(base);
  const prefix = `cwbench${randomBytes(3).toString('hex')}`;
  const tpl = templates();
  const pages = Array.from({ length: 2 * TARGET + PACED_PAGES }, (_, i) => variant(tpl[i % tpl.length] as string, i));

  const server = http.createServer((req, res) => {
    const m = /^\/p\/(\d+)$/.exec(req.url ?? '');
    const page = m ? pages[Number(m[1])] : undefined;
    if (!page) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;

  const env = {
    ...process.env,
    CLAIMWIRE_INDEX_PREFIX: prefix,
    ELASTICSEARCH_URL: esUrl,
    CLAIMWIRE_FETCH_ALLOW_PRIVATE: '1',
    CLAIMWIRE_HOST_INTERVAL_MS: '0',
    CLAIMWIRE_SOURCES: path.join(packageRoot(), 'test', 'fixtures', 'sources-none.json'),
  };
  const startWorker = () => startClaimwire(['worker', '--no-schedule', '--metrics-port', '0'], env, '"metrics":"');
  const worker = await startWorker();
  const workers = [worker];
  const scrapeAll = async () => sumSamples(await Promise.all(workers.map((w) => scrape(w.log()))));

  const redis = await connectProducer(base.REDIS_URL);
  const queues = new PipelineQueues(redis, prefix);
  const batches = new Batches(redis, prefix);
  const { client } = await connectElasticsearch({ url: esUrl });
  const names = indexNames(prefix);
  const seen = new Set<string>();

  /** Enqueues pages [from, to) (all at once, or `perSecond` a second) and waits until each is searchable. */
  const phase = async (batchId: string, from: number, to: number, perSecond: number | null) => {
    const enqueuedAt = new Map<string, number>();
    const latencies: number[] = [];
    const items = [];
    for (let i = from; i < to; i++) {
      const url = `http://127.0.0.1:${port}/p/${i}`;
      const normalizedUrl = normalizeUrl(url);
      await batches.add(batchId, normalizedUrl);
      items.push({ batchId, url, normalizedUrl, sourceUrl: null });
    }
    const started = Date.now();
    const step = perSecond ? 1 : 500;
    const feeder = (async () => {
      for (let i = 0; i < items.length; i += step) {
        const chunk = items.slice(i, i + step);
        if (perSecond) {
          const due = started + (i * 1000) / perSecond;
          if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
        }
        const t = Date.now();
        for (const it of chunk) enqueuedAt.set(it.url, t);
        await queues.addFetch(chunk);
      }
    })();
    let progress = await batches.get(batchId);
    let drained: number | null = null;
    for (;;) {
      const r = await client.search<{ requestedUrl: string }>({
        index: names.alias('articles'),
        size: 10_000,
        _source: ['requestedUrl'],
        query: { range: { ingestedAt: { gte: new Date(started - 1000).toISOString() } } },
      });
      const now = Date.now();
      for (const h of r.hits.hits) {
        const u = h._source?.requestedUrl;
        if (u && enqueuedAt.has(u) && !seen.has(u)) {
          seen.add(u);
          latencies.push(now - (enqueuedAt.get(u) as number));
        }
      }
      progress = await batches.get(batchId);
      if (progress.pending === 0) drained ??= Date.now();
      if (progress.pending === 0 && latencies.length >= progress.indexed + progress.duplicates) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await feeder;
    latencies.sort((a, b) => a - b);
    const ended = Date.now();
    return { progress, seconds: (ended - started) / 1000, latencies, refreshWait: (ended - (drained ?? ended)) / 1000 };
  };

  /** CPU seconds so far of the Elasticsearch node and of Redis (NaN when not readable). */
  const serviceCpu = async (): Promise<{ es: number; redis: number }> => {
    const stats = (await client.nodes.stats({ node_id: '_local', metric: 'process' }).catch(() => null)) as {
      nodes?: Record<string, { process?: { cpu?: { total_in_millis?: number } } }>;
    } | null;
    const node = Object.values(stats?.nodes ?? {})[0];
    const info = await redis.info('cpu').catch(() => '');
    const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? Number.NaN);
    return {
      es: (node?.process?.cpu?.total_in_millis ?? Number.NaN) / 1000,
      redis: field('used_cpu_user') + field('used_cpu_sys'),
    };
  };

  /** A burst of TARGET pages enqueued at once: throughput, and where the workers' time went. */
  const burstPhase = async (batchId: string, from: number) => {
    const before = await scrapeAll();
    const servicesBefore = await serviceCpu();
    const loadBefore = loadAverage();
    const burst = await phase(batchId, from, from + TARGET, null);
    const after = await scrapeAll();
    const servicesAfter = await serviceCpu();
    const p = burst.progress;
    const done = p.indexed + p.duplicates + p.unchanged;
    const n = workers.length;
    console.log(
      `bench:pipeline: ${n} worker(s), ${TARGET} pages, ${p.indexed} indexed, ${p.duplicates} duplicates, ${p.failed} failed, ${p.claims} claims`,
    );
    if (p.failed > 0) console.log(`  failures: ${JSON.stringify(p.failureReasons)}`);
    console.log(
      `bench:pipeline: ${n} worker(s): throughput ${(done / burst.seconds).toFixed(1)} articles/s end to end (${TARGET} enqueued at once, all searchable after ${burst.seconds.toFixed(1)} s)`,
    );
    for (const line of breakdown(before, after, done, burst.seconds, n)) console.log(`  ${line}`);
    console.log(
      `  ${'Elasticsearch refresh (end of the burst)'.padEnd(40)} ${burst.refreshWait.toFixed(1).padStart(7)} s  (last item indexed → all searchable; wall time, once per burst)`,
    );
    const workerCpu = after.get('process_cpu_seconds_total') ?? 0;
    const perArticle = (seconds: number) => (seconds / Math.max(1, done)) * 1000;
    const worker = perArticle(workerCpu - (before.get('process_cpu_seconds_total') ?? 0));
    const es = perArticle(servicesAfter.es - servicesBefore.es);
    const rd = perArticle(servicesAfter.redis - servicesBefore.redis);
    const all = worker + es + rd;
    const cores = os.availableParallelism();
    console.log(
      `  CPU per article: worker ${worker.toFixed(1)} ms, Elasticsearch ${es.toFixed(1)} ms, Redis ${rd.toFixed(1)} ms (services: upper bounds, they may serve others too)`,
    );
    console.log(
      `  ceiling from CPU: ${n} worker process(es) ≤ ${((n * 1000) / worker).toFixed(0)} articles/s (one core each); everything on this machine's ${cores} cores ≤ ${((cores * 1000) / all).toFixed(0)} articles/s`,
    );
    console.log(`  load average: ${loadBefore} before, ${loadAverage()} after (${cores} cores)`);
    return burst;
  };

  try {
    await burstPhase('burst', 0);

    const paced = await phase('paced', TARGET, TARGET + PACED_PAGES, PACED_RATE);
    console.log(
      `bench:pipeline: latency at ${PACED_RATE} pages/s (${PACED_PAGES} pages): enqueue→searchable p50 ${(percentile(paced.latencies, 50) / 1000).toFixed(2)} s, p95 ${(percentile(paced.latencies, 95) / 1000).toFixed(2)} s`,
    );
    console.log(
      `  of which waiting for Elasticsearch to make a write searchable: up to its refresh_interval (1 s), about 0.5 s on average`,
    );
    const status = readFileSync(`/proc/${worker.pid}/status`, 'utf8');
    const peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    console.log(`bench:pipeline: worker peak RSS ${(peakKb / 1024).toFixed(0)} MB`);

    workers.push(await startWorker());
    await burstPhase('burst2', TARGET + PACED_PAGES);
  } finally {
    for (const w of workers) {
      w.kill('SIGTERM');
      await new Promise((r) => w.once('exit', r));
    }
    await deleteIndices(client, names);
    const keys = await redis.keys(`${prefix}:*`);
    for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
    await queues.close();
    redis.disconnect();
    await client.close();
    server.close();
  }
}

/** The samples of a worker's /metrics (its URL read from the worker's JSON log), keyed `name{labels}`. */
async function scrape(log: string): Promise<Map<string, number>> {
  const url = /"metrics":"([^"]+)"/.exec(log)?.[1];
  if (!url) throw new Error(`no metrics URL in the worker's log: ${log}`);
  const text = await (await fetch(url)).text();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([a-z_:][\w:]*(?:\{[^}]*\})?) (\S+)$/i.exec(line);
    if (m?.[1] && m[2]) samples.set(m[1], Number(m[2]));
  }
  return samples;
}

function sumSamples(all: Map<string, number>[]): Map<string, number> {
  const sum = new Map<string, number>();
  for (const samples of all) for (const [k, v] of samples) sum.set(k, (sum.get(k) ?? 0) + v);
  return sum;
}

/**
 * Where the time of a burst went, from the difference of the workers' metrics before and after: each step's time
 * summed over jobs (jobs overlap: fetch and bulk are waits, with several in flight), the rest of the jobs' time, and
 * the workers' CPU time against the wall time (what is not CPU is waiting on the network, Redis or Elasticsearch).
 */
function breakdown(
  before: Map<string, number>,
  after: Map<string, number>,
  articles: number,
  wall: number,
  workers: number,
): string[] {
  const delta = (key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0);
  const step = (name: string) => delta(`claimwire_step_duration_seconds_sum{step="${name}"}`);
  const jobs = (stage: string) => delta(`claimwire_job_duration_seconds_sum{stage="${stage}",outcome="completed"}`);
  const per = (seconds: number) => `${((seconds / Math.max(1, articles)) * 1000).toFixed(2).padStart(8)} ms/article`;
  const steps = ['fetch', 'parse', 'extract', 'bulk', 'enqueue'] as const;
  const inSteps = steps.reduce((s, name) => s + step(name), 0);
  const inJobs = ['fetch', 'extract', 'index'].reduce((s, stage) => s + jobs(stage), 0);
  const cpu = delta('process_cpu_seconds_total');
  const row = (label: string, seconds: number, note = '') =>
    `${label.padEnd(40)} ${seconds.toFixed(1).padStart(7)} s ${per(seconds)}${note ? `  (${note})` : ''}`;
  return [
    `where the time goes (${workers} worker(s), ${wall.toFixed(1)} s wall, ${articles} articles; step times are summed over concurrent jobs, so they add up to more than the wall time):`,
    ...steps.map((name) => row(name, step(name))),
    row('rest of the jobs (dedupe, bookkeeping)', inJobs - inSteps),
    row('worker CPU', cpu, `${((cpu / wall / workers) * 100).toFixed(0)}% of one core per worker; the rest is waiting`),
  ];
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
