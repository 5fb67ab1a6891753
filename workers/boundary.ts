/**
 * The worker boundary: validates a job's payload, runs the stage, and decides what a failure means. The only place
 * where claimwire's `NonRetryableError` becomes BullMQ's `UnrecoverableError`, and where a job's last failure is
 * recorded against its batch with a reason code.
 */
import { errors } from '@elastic/elasticsearch';
import { type Job, UnrecoverableError } from 'bullmq';
import type { z } from 'zod';
import { ClaimwireError, NonRetryableError } from '../src/errors.ts';
import { hostOf, type Logger, silentLogger } from '../src/log.ts';
import type { Batches } from '../src/queue/batches.ts';
import { isElasticsearchRejection } from '../src/store/es-errors.ts';
import type { WorkerMetrics } from './metrics.ts';

export interface StageFailure {
  reason: string;
  message: string;
}

/** A short stable reason code for grouping failures: the error's own `reason`, else its kind. */
export function failureOf(error: unknown): StageFailure {
  if (error instanceof ClaimwireError) {
    const reason = typeof error.context.reason === 'string' ? error.context.reason : kebab(error.name);
    return { reason, message: error.message };
  }
  if (error instanceof errors.ResponseError) {
    // The client's message is only the error type; the reason ("immense term in field …") is what an operator needs.
    const cause = (error.body as { error?: { type?: string; reason?: string } } | undefined)?.error;
    const message = cause?.reason ? `${cause.type ?? error.message}: ${cause.reason}` : error.message;
    return { reason: `elasticsearch-${error.statusCode ?? 'error'}`, message: message.slice(0, 500) };
  }
  if (error instanceof Error) {
    const status = (error as { meta?: { statusCode?: number } }).meta?.statusCode;
    return { reason: status ? `elasticsearch-${status}` : kebab(error.name), message: error.message };
  }
  return { reason: 'error', message: String(error) };
}

const kebab = (s: string): string =>
  s
    .replace(/Error$/, '')
    .replace(/([a-z])([A-Z])/g, '$1-$2')
    .toLowerCase() || 'error';

export interface BoundaryOptions<T> {
  schema: z.ZodType<T>;
  /** Records a job's last failure where its owner will look (its batch, its alert). */
  onFinalFailure: (data: T, failure: StageFailure, log: Logger) => Promise<void>;
  /** The process's logger (default: silent); each job logs through a child of it. */
  logger?: Logger;
  metrics?: WorkerMetrics;
}

/** The final failure of a pipeline job is recorded against its batch item (its normalized URL). */
export function recordInBatch<T>(
  batches: Batches,
  item: (data: T) => BatchItem | BatchItem[],
): (data: T, failure: StageFailure, log: Logger) => Promise<void> {
  return async (data, f, log) => {
    const items = item(data);
    // A job for several items (a re-extraction chunk) fails each of them.
    for (const it of Array.isArray(items) ? items : [items]) {
      await batches.finish(it.batchId, it.key, 'failed', {
        url: it.url ?? it.key,
        reason: f.reason,
        message: f.message,
      });
      const url = it.url ?? it.key;
      log.warn({ url, reason: f.reason, detail: f.message }, `${url}: failed (${f.reason}): ${f.message}`);
    }
  };
}

interface BatchItem {
  batchId: string;
  key: string;
  url?: string;
}

/** A stage's processor, and its listener for failures decided outside the processor. */
export interface StageBoundary {
  process: (job: Job) => Promise<unknown>;
  /** For the worker's `failed` event: records a job BullMQ gave up on without running it (see below). */
  onFailed: (job: Job | undefined, error: Error) => void;
}

/** BullMQ's reason for a job whose worker died mid-job more than `maxStalledCount` times (a crash loop). */
export const STALLED_LIMIT_MESSAGE = 'job stalled more than allowable limit';

export function stageBoundary<T>(
  options: BoundaryOptions<T>,
  handler: (data: T, job: Job, log: Logger) => Promise<unknown>,
): StageBoundary {
  return {
    process: withBoundary(options, handler),
    onFailed: (job, error) => {
      // Such a job is failed by the worker that next picks it up, without calling the processor: its batch item would
      // otherwise stay pending for ever.
      if (!job || error.message !== STALLED_LIMIT_MESSAGE) return;
      const parsed = options.schema.safeParse(job.data);
      if (!parsed.success) return;
      options;
      const log = jobLogger(options.logger, job, parsed.data);
      options
        .onFinalFailure(
          parsed.data,
          { reason: 'worker-crashed', message: `the worker running it died repeatedly (${error.message})` },
          log,
        )
        .catch((e: unknown) => log.error({ err: e }, 'could not record the failure of a job that stalled too often'));
    },
  };
}

export function withBoundary<T, R>(
  options: BoundaryOptions<T>,
  handler: (data: T, job: Job, log: Logger) => Promise<R>,
): (job: Job) => Promise<R> {
  return async (job: Job) => {
    const parsed = options.schema.safeParse(job.data);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      throw new UnrecoverableError(`invalid ${job.queueName} job ${job.id}: ${problems}`);
    }
    const log = jobLogger(options.logger, job, parsed.data);
    const done = options.metrics?.jobs.startTimer({ stage: job.queueName });
    try {
      const result = await handler(parsed.data, job, log);
      done?.({ outcome: 'completed' });
      log.debug('job done');
      return result;
    } catch (error) {
      done?.({ outcome: 'failed' });
      // Elasticsearch refusing the request itself (an immense term, a mapping conflict) answers the same on every try.
      const permanent = error instanceof NonRetryableError || isElasticsearchRejection(error);
      const final = permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (!final) log.info({ err: error, attempt: job.attemptsMade + 1 }, 'job failed; it will be retried');
      if (final) await options.onFinalFailure(parsed.data, failureOf(error), log);
      if (permanent) throw new UnrecoverableError((error as Error).message);
      throw error;
    }
  };
}

/** A job's child logger: its stage, id, batch and the host of its URL, on every line it logs. */
function jobLogger(logger: Logger = silentLogger, job: Job, data: unknown): Logger {
  const d = (data ?? {}) as { batchId?: unknown; url?: unknown; provenance?: { normalizedUrl?: unknown } };
  const url = typeof d.url === 'string' ? d.url : d.provenance?.normalizedUrl;
  return logger.child({
    stage: job.queueName,
    job: job.id,
    ...(typeof d.batchId === 'string' ? { batch: d.batchId } : {}),
    ...(typeof url === 'string' ? { host: hostOf(url) } : {}),
  });
}
