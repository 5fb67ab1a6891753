/**
 * The queues of the pipeline, one per stage, with their retry policies. Producers (CLI, API, the stages themselves)
 * add jobs through here, so job ids, attempts and backoff are decided in one place.
 */

import { createHash } from 'node:crypto';
import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { warnThrottled } from '../log.ts';
import type {
  DiscoverPayload,
  ExtractPayload,
  FetchPayload,
  IndexPayload,
  ReextractPayload,
  ReindexPayload,
  Stage,
} from './payloads.ts';

/**
 * Retries per stage. Fetch retries transient network failures a few times (about 30 s); index waits out an
 * Elasticsearch outage (12 attempts with exponential backoff from 1 s is about an hour in all).
 */
export const STAGE_JOB_OPTIONS: Record<Stage, JobsOptions> = {
  // A feed lists a whole batch of articles: it waits out a minute of a site's trouble (2 s, 4 s, … 32 s), longer
  // than one page does.
  discover: { attempts: 6, backoff: { type: 'exponential', delay: 2_000 } },
  fetch: { attempts: 5, backoff: { type: 'exponential', delay: 2_000 } },
  extract: { attempts: 3, backoff: { type: 'exponential', delay: 1_000 } },
  index: { attempts: 12, backoff: { type: 'exponential', delay: 1_000 } },
  // A receiver that is down is retried for about half an hour (1 s, 2 s, … 1024 s), then the alert is marked failed.
  alert: { attempts: 11, backoff: { type: 'exponential', delay: 1_000 } },
};

const KEEP = { removeOnComplete: { age: 24 * 3600, count: 5_000 }, removeOnFail: { age: 7 * 24 * 3600 } };

export const hashKey = (s: string): string => createHash('sha1').update(s).digest('hex');

export class PipelineQueues {
  readonly queues: Record<Stage, Queue>;

  constructor(
    connection: Redis,
    /** BullMQ key prefix: separates deployments and tests sharing one Redis. */
    readonly prefix: string,
  ) {
    const make = (stage: Stage) =>
      new Queue(stage, { connection, prefix: prefix, defaultJobOptions: { ...STAGE_JOB_OPTIONS[stage], ...KEEP } });
    this.queues = {
      discover: make('discover'),
      fetch: make('fetch'),
      extract: make('extract'),
      index: make('index'),
      alert: make('alert'),
    };
    for (const q of Object.values(this.queues)) {
      // Connection errors surface on the command that failed; logged, the queue object must not crash the process.
      q.on('error', (error: Error) => warnThrottled('queue', error, `queue ${q.name}: error`));
    }
  }

  async addDiscover(data: DiscoverPayload & { batchId: string }, itemKey: string) {
    return this.queues.discover.add(data.kind, data, { jobId: `d-${data.batchId}-${hashKey(itemKey)}` });
  }

  /** One fetch job per URL per batch: the same URL twice in a batch is fetched once. */
  async addFetch(items: FetchPayload[]) {
    return this.queues.fetch.addBulk(
      items.map((data) => ({
        name: 'fetch',
        data,
        opts: { jobId: `f-${data.batchId}-${hashKey(data.normalizedUrl)}` },
      })),
    );
  }

  async addExtract(data: ExtractPayload) {
    return this.queues.extract.add('extract', data, {
      jobId: `e-${data.batchId}-${hashKey(data.provenance.normalizedUrl)}`,
    });
  }

  async addIndex(data: IndexPayload) {
    return this.queues.index.add('index', data, {
      jobId: `i-${data.batchId}-${hashKey(data.provenance.normalizedUrl)}`,
    });
  }

  /** Re-extraction jobs, each for a few articles; the same articles again in a batch make the same job id. */
  async addReextract(items: ReextractPayload[]) {
    return this.queues.extract.addBulk(
      items.map((data) => ({
        name: 'reextract',
        data,
        opts: { jobId: `r-${data.batchId}-${hashKey(data.articleIds.join(','))}` },
      })),
    );
  }

  async addReindex(data: ReindexPayload) {
    const key = hashKey(data.items.map((i) => i.articleId).join(','));
    return this.queues.index.add('reextract', data, { jobId: `ri-${data.batchId}-${key}` });
  }

  /** One delivery job per alert id: adding it again while it exists does nothing. */
  async addAlert(alertId: string, attempt = 0) {
    return this.queues.alert.add(
      'alert',
      { kind: 'alert', alertId },
      { jobId: attempt ? `a-${alertId}-r${attempt}` : `a-${alertId}` },
    );
  }

  async close(): Promise<void> {
    await Promise.allSettled(Object.values(this.queues).map((q) => q.close()));
  }
}
