/**
 * The worker boundary: validates a job's payload, runs the stage, and decides what a failure means. The only place
 * where claimwire's `NonRetryableError` becomes BullMQ's `UnrecoverableError`, and where a job's last failure is
 * recorded against its batch with a reason code.
 */
import { type Job, UnrecoverableError } from 'bullmq';
import type { z } from 'zod';
import { ClaimwireError, NonRetryableError } from '../src/errors.ts';
import type { Batches } from '../src/queue/batches.ts';

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
  batches: Batches;
  /** The batch item a job stands for (its normalized URL), for recording its final failure. */
  item: (data: T) => { batchId: string; key: string; url?: string };
  log?: (line: string) => void;
}

export function withBoundary<T, R>(
  options: BoundaryOptions<T>,
  handler: (data: T, job: Job) => Promise<R>,
): (job: Job) => Promise<R> {
  return async (job: Job) => {
    const parsed = options.schema.safeParse(job.data);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      throw new UnrecoverableError(`invalid ${job.queueName} job ${job.id}: ${problems}`);
    }
    try {
      return await handler(parsed.data, job);
    } catch (error) {
      const final = error instanceof NonRetryableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (final) {
        const item = options.item(parsed.data);
        const f = failureOf(error);
        await options.batches.finish(item.batchId, item.key, 'failed', {
          url: item.url ?? item.key,
          reason: f.reason,
          message: f.message,
        });
        options.log?.(`${job.queueName} ${item.url ?? item.key}: failed (${f.reason}): ${f.message}`);
      }
      if (error instanceof NonRetryableError) throw new UnrecoverableError(error.message);
      throw error;
    }
  };
}
