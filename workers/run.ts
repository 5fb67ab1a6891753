/**
 * Runs the pipeline's workers in this process: builds their dependencies once (one Elasticsearch client, one Redis
 * connection per role, one fetcher), starts a BullMQ worker per stage, registers the nightly discovery schedule, and
 * closes everything in order on `close()`.
 */
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Settings } from '../config/settings.ts';
import { loadSourcesConfig } from '../config/sources.ts';
import type { ExtractionCatalog } from '../src/extract/index.ts';
import { createFetcher } from '../src/fetch/index.ts';
import { type Logger, silentLogger, warnThrottled } from '../src/log.ts';
import { Batches } from '../src/queue/batches.ts';
import { workerConnection } from '../src/queue/connection.ts';
import { HttpCache } from '../src/queue/http-cache.ts';
import {
  type AlertJobPayload,
  alertPayload,
  discoverPayload,
  type ExtractJobPayload,
  extractJobPayload,
  type FetchPayload,
  fetchPayload,
  type IndexJobPayload,
  indexJobPayload,
  STAGES,
  type Stage,
} from '../src/queue/payloads.ts';
import { PipelineQueues } from '../src/queue/pipeline-queues.ts';
import { connectElasticsearch } from '../src/store/client.ts';
import { ensureIndices, indexNames } from '../src/store/indices.ts';
import { markAlertFailed, processAlert } from './alert.ts';
import { recordInBatch, type StageBoundary, stageBoundary } from './boundary.ts';
import type { StageDeps } from './deps.ts';
import { discoverItemKey, processDiscover } from './discover.ts';
import { processExtract } from './extract.ts';
import { processFetch } from './fetch.ts';
import { processIndex } from './index-stage.ts';
import { createWorkerMetrics, type WorkerMetrics } from './metrics.ts';
import { processReextract, processReindex } from './reextract.ts';

export interface PipelineHandle {
  deps: StageDeps;
  metrics: WorkerMetrics;
  workers: Worker[];
  /** Stops taking jobs, lets running ones finish (or releases them), then closes queues and clients. */
  close: () => Promise<void>;
}

export interface RunOptions {
  settings: Settings;
  elasticsearchUrl: string;
  /**
   * The catalog to extract with. One with a `refresh` (a `LiveCatalog`) is refreshed before each extract and index
   * job, so a catalog import reaches running workers.
   */
  catalog: ExtractionCatalog & { refresh?: (force?: boolean) => Promise<unknown> };
  stages?: readonly Stage[];
  /** Register the nightly discovery schedule (on by default). */
  schedule?: boolean;
  /** Where the workers log (default: silent); every job logs through a child with its stage, batch and host. */
  logger?: Logger;
}

export async function startPipeline(options: RunOptions): Promise<PipelineHandle> {
  const { settings } = options;
  const logger = options.logger ?? silentLogger;
  const metrics = createWorkerMetrics();
  const prefix = settings.CLAIMWIRE_INDEX_PREFIX;
  const { client: es } = await connectElasticsearch({ url: options.elasticsearchUrl, name: 'claimwire-worker' });
  const indices = indexNames(prefix);
  await ensureIndices(es, indices);

  const connections: Redis[] = [];
  const connect = (): Redis => {
    const c = workerConnection(settings.REDIS_URL);
    // ioredis reconnects by itself (maxRetriesPerRequest: null); the error is logged, at most every 10 s.
    c.on('error', (error: Error) => warnThrottled('redis-worker', error, 'Redis connection error (worker)'));
    connections.push(c);
    return c;
  };
  const shared = connect();
  const queues = new PipelineQueues(shared, prefix);
  const deps: StageDeps = {
    catalog: options.catalog,
    fetcher: createFetcher({
      allowPrivate: settings.CLAIMWIRE_FETCH_ALLOW_PRIVATE,
      allow: settings.fetchAllow,
      timeoutMs: settings.CLAIMWIRE_FETCH_TIMEOUT_MS,
      maxBytes: settings.CLAIMWIRE_FETCH_MAX_BYTES,
      perHostMinIntervalMs: settings.CLAIMWIRE_HOST_INTERVAL_MS,
      onRobotsUnavailable: (origin, reason) => logger.warn({ origin, reason }, 'robots.txt treated as unavailable'),
    }),
    es,
    indices,
    queues,
    batches: new Batches(shared, prefix),
    httpCache: new HttpCache(shared, prefix),
    sources: () => loadSourcesConfig(settings.CLAIMWIRE_SOURCES, settings.sourcesExample),
    allowPrivateWebhooks: settings.CLAIMWIRE_FETCH_ALLOW_PRIVATE,
    webhookAllow: settings.webhookAllow,
    logger,
    metrics,
    now: () => new Date(),
    ...(options.catalog.refresh
      ? { refreshCatalog: (force?: boolean) => options.catalog.refresh?.(force) ?? Promise.resolve() }
      : {}),
  };

  const observed = { logger, metrics };
  const refreshCatalog = async () => {
    await deps.refreshCatalog?.();
  };
  const boundaries: Record<Stage, StageBoundary> = {
    discover: stageBoundary(
      {
        ...observed,
        schema: discoverPayload,
        onFinalFailure: recordInBatch(deps.batches, (d) => ({
          batchId: d.batchId ?? 'nightly',
          key: discoverItemKey(d),
          url: d.url ?? d.kind,
        })),
      },
      (d, job, log) => processDiscover(deps, d, job, log),
    ),
    fetch: stageBoundary<FetchPayload>(
      {
        ...observed,
        schema: fetchPayload,
        onFinalFailure: recordInBatch(deps.batches, (d) => ({ batchId: d.batchId, key: d.normalizedUrl, url: d.url })),
      },
      (d) => processFetch(deps, d),
    ),
    extract: stageBoundary<ExtractJobPayload>(
      {
        ...observed,
        schema: extractJobPayload,
        onFinalFailure: recordInBatch(deps.batches, (d) =>
          'kind' in d
            ? d.articleIds.map((key) => ({ batchId: d.batchId, key }))
            : { batchId: d.batchId, key: d.provenance.normalizedUrl },
        ),
      },
      async (d) => {
        await refreshCatalog();
        return 'kind' in d ? processReextract(deps, d) : processExtract(deps, d);
      },
    ),
    index: stageBoundary<IndexJobPayload>(
      {
        ...observed,
        schema: indexJobPayload,
        onFinalFailure: recordInBatch(deps.batches, (d) =>
          'kind' in d
            ? d.items.map((i) => ({ batchId: d.batchId, key: i.articleId }))
            : { batchId: d.batchId, key: d.provenance.normalizedUrl },
        ),
      },
      async (d) => {
        await refreshCatalog();
        return 'kind' in d ? processReindex(deps, d) : processIndex(deps, d);
      },
    ),
    alert: stageBoundary<AlertJobPayload>(
      { ...observed, schema: alertPayload, onFinalFailure: markAlertFailed(deps) },
      (d, job) => processAlert(deps, d, job.id),
    ),
  };
  const concurrency: Record<Stage, number> = {
    discover: 2,
    fetch: settings.CLAIMWIRE_FETCH_CONCURRENCY,
    extract: 1,
    index: settings.CLAIMWIRE_INDEX_CONCURRENCY,
    alert: 8,
  };

  const workers = (options.stages ?? STAGES).map((stage) => {
    const w = new Worker(stage, boundaries[stage].process, {
      connection: connect(),
      prefix,
      concurrency: concurrency[stage],
      lockDuration: settings.CLAIMWIRE_JOB_LOCK_MS,
      stalledInterval: Math.max(1000, Math.floor(settings.CLAIMWIRE_JOB_LOCK_MS / 2)),
      maxStalledCount: 3,
    });
    w.on('error', (error) => logger.error({ err: error, stage }, `worker ${stage}: ${error.message}`));
    w.on('failed', boundaries[stage].onFailed);
    return w;
  });

  if (options.schedule !== false) {
    const { schedule } = deps.sources();
    await queues.queues.discover.upsertJobScheduler(
      'nightly-sources',
      { pattern: schedule.cron, tz: schedule.timezone },
      { name: 'sources', data: { kind: 'sources' } },
    );
    // The nightly digest runs on the same schedule as discovery.
    await queues.queues.alert.upsertJobScheduler(
      'nightly-digest',
      { pattern: schedule.cron, tz: schedule.timezone },
      { name: 'digest', data: { kind: 'digest' } },
    );
  }

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      const results = await Promise.allSettled([...workers.map((w) => w.close())]);
      const rest = await Promise.allSettled([queues.close(), es.close()]);
      for (const c of connections) c.disconnect();
      for (const r of [...results, ...rest])
        if (r.status === 'rejected') logger.error({ err: r.reason }, 'error while closing the workers');
    })();
    return closing;
  };
  return { deps, metrics, workers, close };
}
