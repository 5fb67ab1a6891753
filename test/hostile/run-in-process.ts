/**
 * Runs one corpus case in this process through the worker's own code: the stage processors of workers/ (processFetch →
 * processExtract, or processDiscover) wrapped in the worker boundary (`withBoundary`, the same zod payload check and
 * the same failure → reason mapping), with the real fetcher. Only the queues, the batch and the HTTP cache are
 * in-memory stand-ins, so what a case produces here is what the worker would enqueue or record.
 *
 * Also measures the case: wall time, and RSS growth over its start (sampled every 10 ms, plus the process's peak-RSS
 * high-water mark, which catches a peak inside a synchronous parse that no timer can sample).
 */

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type Job, UnrecoverableError } from 'bullmq';
import type { ExtractionResult } from '../../src/claims/types.ts';
import type { ExtractionCatalog } from '../../src/extract/index.ts';
import type { Fetcher } from '../../src/fetch/index.ts';
import { normalizeUrl } from '../../src/fetch/index.ts';
import { silentLogger } from '../../src/log.ts';
import {
  type DiscoverPayload,
  discoverPayload,
  type ExtractPayload,
  extractPayload,
  type FetchPayload,
  fetchPayload,
} from '../../src/queue/payloads.ts';
import { failureOf, type StageFailure, withBoundary } from '../../workers/boundary.ts';
import type { StageDeps } from '../../workers/deps.ts';
import { processDiscover } from '../../workers/discover.ts';
import { processExtract } from '../../workers/extract.ts';
import { processFetch } from '../../workers/fetch.ts';
import { createWorkerMetrics } from '../../workers/metrics.ts';
import type { HostileCase } from './corpus.ts';

/** What a case produced in process. */
export type InProcessOutcome =
  | { outcome: 'failed'; reason: string; message: string; transient: boolean; stage: string }
  | { outcome: 'indexed'; result: ExtractionResult }
  | { outcome: 'discovered'; urls: string[]; sitemaps: string[] };

export interface Measured {
  outcome: InProcessOutcome;
  elapsedMs: number;
  /** Peak RSS over the RSS at the case's start, MiB. */
  rssGrowthMb: number;
}

const BATCH = 'hostile-in-process';

/** Stand-ins for Redis-backed pieces; they capture what the stage would have enqueued. */
class Capture {
  extract: ExtractPayload[] = [];
  index: ExtractionResult[] = [];
  fetches: FetchPayload[] = [];
  discovers: DiscoverPayload[] = [];
}

function depsFor(fetcher: Fetcher, catalog: ExtractionCatalog, capture: Capture): StageDeps {
  const queues = {
    addExtract: async (d: ExtractPayload) => void capture.extract.push(d),
    addIndex: async (d: { result: ExtractionResult }) => void capture.index.push(d.result),
    addFetch: async (items: FetchPayload[]) => void capture.fetches.push(...items),
    addDiscover: async (d: DiscoverPayload) => void capture.discovers.push(d),
  };
  const seen = new Set<string>();
  const batches = {
    add: async (_batch: string, key: string) => {
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    },
    finish: async () => true,
  };
  const partial = {
    catalog,
    fetcher,
    queues,
    batches,
    httpCache: { get: async () => null, set: async () => {} },
    sources: () => ({ sources: [], schedule: { cron: '0 3 * * *', timezone: 'UTC' } }),
    allowPrivateWebhooks: false,
    logger: silentLogger,
    metrics: createWorkerMetrics(),
    now: () => new Date(),
  };
  // The stages use nothing else (no Elasticsearch before the index stage, which is not run here).
  return partial as unknown as StageDeps;
}

function fakeJob(queueName: string, data: unknown): Job {
  // First attempt of five: a transient error is not final, exactly as on a worker's first try.
  return { id: `hostile-${queueName}`, queueName, data, attemptsMade: 0, opts: { attempts: 5 } } as unknown as Job;
}

/** Runs a stage through the worker boundary; a failure comes back with its recorded reason. */
async function stage<T>(
  queueName: string,
  schema: Parameters<typeof withBoundary<T, unknown>>[0]['schema'],
  data: T,
  handler: (d: T, job: Job) => Promise<unknown>,
): Promise<InProcessOutcome | null> {
  let recorded: StageFailure | undefined;
  const run = withBoundary<T, unknown>(
    {
      schema,
      onFinalFailure: async (_d, f) => {
        recorded = f;
      },
    },
    handler,
  );
  try {
    await run(fakeJob(queueName, data));
    return null;
  } catch (error) {
    const permanent = error instanceof UnrecoverableError;
    const f = recorded ?? failureOf(error);
    return { outcome: 'failed', reason: f.reason, message: f.message, transient: !permanent, stage: queueName };
  }
}

/** One case through fetch → parse → extract (pages) or fetch → discovery parsing (feeds, sitemaps, URL lists). */
export async function runCase(
  c: HostileCase,
  url: string,
  fetcher: Fetcher,
  catalog: ExtractionCatalog,
): Promise<InProcessOutcome> {
  const capture = new Capture();
  const deps = depsFor(fetcher, catalog, capture);
  if (c.entry === 'page') {
    let normalizedUrl: string;
    try {
      normalizedUrl = normalizeUrl(url);
    } catch {
      normalizedUrl = url;
    }
    const data: FetchPayload = { batchId: BATCH, url, normalizedUrl, sourceUrl: null };
    const fetchFailure = await stage('fetch', fetchPayload, data, (d) => processFetch(deps, d));
    if (fetchFailure) return fetchFailure;
    const next = capture.extract[0];
    if (!next) throw new Error(`${c.name}: the fetch stage neither failed nor queued an extract job`);
    const extractFailure = await stage('extract', extractPayload, next, (d) => processExtract(deps, d));
    if (extractFailure) return extractFailure;
    const result = capture.index[0];
    if (!result) throw new Error(`${c.name}: the extract stage neither failed nor queued an index job`);
    return { outcome: 'indexed', result };
  }
  const data: DiscoverPayload = { batchId: BATCH, kind: c.entry, url };
  const failure = await stage('discover', discoverPayload, data, (d, job) => processDiscover(deps, d, job));
  if (failure) return failure;
  return {
    outcome: 'discovered',
    urls: capture.fetches.map((f) => f.url),
    sitemaps: capture.discovers.map((d) => d.url ?? ''),
  };
}

let collect: (() => void) | undefined;

/** A full garbage collection, so a case's memory is measured from a clean start. */
export function collectGarbage(): void {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}

/** Heap in use above which a case starts with a full collection (below it, one is not worth its ~100 ms). */
const COLLECT_ABOVE_BYTES = 96 * 1024 * 1024;

/** Runs `fn`, returning its result with the wall time and the RSS growth it caused. */
export async function measure<T>(fn: () => Promise<T>): Promise<{ value: T; elapsedMs: number; rssGrowthMb: number }> {
  if (process.memoryUsage().heapUsed > COLLECT_ABOVE_BYTES) collectGarbage();
  const startRss = process.memoryUsage.rss();
  const startMaxRss = process.resourceUsage().maxRSS * 1024;
  let peak = startRss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  const started = performance.now();
  try {
    const value = await fn();
    const elapsedMs = performance.now() - started;
    peak = Math.max(peak, process.memoryUsage.rss());
    const maxRss = process.resourceUsage().maxRSS * 1024;
    // The high-water mark only moves when this case set a new record; then it is this case's true peak.
    if (maxRss > startMaxRss) peak = Math.max(peak, maxRss);
    return { value, elapsedMs, rssGrowthMb: Math.max(0, peak - startRss) / (1024 * 1024) };
  } finally {
    clearInterval(sampler);
  }
}
