/** What the stage processors need, built once per worker process by `run.ts`. */
import type { Client } from '@elastic/elasticsearch';
import type { SourcesConfig } from '../config/sources.ts';
import type { ExtractionCatalog } from '../src/extract/index.ts';
import type { AddressAllowlist, Fetcher } from '../src/fetch/index.ts';
import type { Logger } from '../src/log.ts';
import type { Batches } from '../src/queue/batches.ts';
import type { HttpCache } from '../src/queue/http-cache.ts';
import type { PipelineQueues } from '../src/queue/pipeline-queues.ts';
import type { IndexNames } from '../src/store/indices.ts';
import type { WorkerMetrics } from './metrics.ts';

export interface StageDeps {
  catalog: ExtractionCatalog;
  fetcher: Fetcher;
  es: Client;
  indices: IndexNames;
  queues: PipelineQueues;
  batches: Batches;
  httpCache: HttpCache;
  sources: () => SourcesConfig;
  /** Webhooks on private addresses (tests only), as CLAIMWIRE_FETCH_ALLOW_PRIVATE says. */
  allowPrivateWebhooks: boolean;
  /** Receivers on non-public addresses allowed on purpose (CLAIMWIRE_WEBHOOK_ALLOW_CIDRS). */
  webhookAllow?: AddressAllowlist;
  /** The process's logger; a job's own (with stage, job, batch and host) is handed to its processor. */
  logger: Logger;
  metrics: WorkerMetrics;
  now: () => Date;
  /** Looks at the catalog file again (`force`: whatever the last look was); absent when the catalog is fixed. */
  refreshCatalog?: (force?: boolean) => Promise<unknown>;
}
