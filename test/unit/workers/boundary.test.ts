/** The worker boundary: how a failure becomes a reason code, and which failures are recorded against the batch. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errors } from '@elastic/elasticsearch';
import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import { NonRetryableError } from '../../../src/errors.ts';
import { createLogger } from '../../../src/log.ts';
import type { Batches } from '../../../src/queue/batches.ts';
import { recordInBatch, STALLED_LIMIT_MESSAGE, type StageFailure, stageBoundary } from '../../../workers/boundary.ts';
import { createWorkerMetrics } from '../../../workers/metrics.ts';

const schema = z.object({ batchId: z.string(), url: z.string() });
type Data = z.infer<typeof schema>;

function boundary(handler: () => Promise<unknown>) {
  const recorded: { data: Data; failure: StageFailure }[] = [];
  const b = stageBoundary<Data>(
    {
      schema,
      onFinalFailure: async (data, failure) => {
        recorded.push({ data, failure });
      },
    },
    handler,
  );
  return { b, recorded };
}

const job = (data: unknown, attemptsMade = 0, attempts = 3) =>
  ({ id: 'j1', queueName: 'fetch', data, attemptsMade, opts: { attempts } }) as unknown as Job;

describe('worker boundary', () => {
  it('records only the last attempt of a retryable failure', async () => {
    const { b, recorded } = boundary(async () => {
      throw new Error('socket hang up');
    });
    await assert.rejects(b.process(job({ batchId: 'b', url: 'u' }, 0)), /socket hang up/);
    assert.equal(recorded.length, 0, 'an attempt that will be retried is not a final failure');
    await assert.rejects(b.process(job({ batchId: 'b', url: 'u' }, 2)), /socket hang up/);
    assert.deepEqual(
      recorded.map((r) => r.failure.reason),
      ['error'],
    );
  });

  it('turns a NonRetryableError into an UnrecoverableError with its reason recorded at once', async () => {
    const { b, recorded } = boundary(async () => {
      throw new NonRetryableError('gone', { reason: 'http-410' });
    });
    await assert.rejects(b.process(job({ batchId: 'b', url: 'u' }, 0)), UnrecoverableError);
    assert.deepEqual(
      recorded.map((r) => r.failure.reason),
      ['http-410'],
    );
  });

  it('L3: an Elasticsearch refusal of the request itself (400) fails at once with its reason; a busy node retries', async () => {
    const refusal = (status: number) =>
      new errors.ResponseError({
        body: { error: { type: 'illegal_argument_exception', reason: 'Document contains at least one immense term' } },
        statusCode: status,
        headers: {},
        warnings: null,
        meta: {} as never,
      });
    const { b, recorded } = boundary(async () => {
      throw refusal(400);
    });
    await assert.rejects(b.process(job({ batchId: 'b', url: 'u' }, 0)), UnrecoverableError);
    assert.deepEqual(
      recorded.map((r) => r.failure.reason),
      ['elasticsearch-400'],
    );
    assert.match(recorded[0]?.failure.message ?? '', /immense term/);
    for (const status of [429, 503, 409]) {
      const busy = boundary(async () => {
        throw refusal(status);
      });
      await assert.rejects(
        busy.b.process(job({ batchId: 'b', url: 'u' }, 0)),
        (e) => !(e instanceof UnrecoverableError),
      );
      assert.equal(busy.recorded.length, 0, `${status} is retried`);
    }
  });

  it('records a job BullMQ failed for stalling too often (its worker kept dying), which never reaches the processor', async () => {
    const { b, recorded } = boundary(async () => 'never runs');
    b.onFailed(job({ batchId: 'b7', url: 'http://x/a' }), new UnrecoverableError(STALLED_LIMIT_MESSAGE));
    await new Promise((r) => setImmediate(r));
    assert.equal(recorded.length, 1);
    assert.equal(recorded[0]?.data.batchId, 'b7');
    assert.equal(recorded[0]?.failure.reason, 'worker-crashed');
  });

  it('leaves other failed events alone (the processor already recorded them)', async () => {
    const { b, recorded } = boundary(async () => 'never runs');
    b.onFailed(job({ batchId: 'b', url: 'u' }), new Error('socket hang up'));
    b.onFailed(undefined, new UnrecoverableError(STALLED_LIMIT_MESSAGE));
    await new Promise((r) => setImmediate(r));
    assert.equal(recorded.length, 0);
  });

  it('logs through a child logger per job (stage, job, batch, URL host) as JSON, and times jobs by outcome', async () => {
    const lines: string[] = [];
    const logger = createLogger({ name: 'worker', level: 'debug', write: (line) => lines.push(line) });
    const metrics = createWorkerMetrics();
    const finished: string[] = [];
    const batches = { finish: async (_b: string, key: string) => void finished.push(key) } as unknown as Batches;
    let attempt = 0;
    const b = stageBoundary<Data>(
      { schema, logger, metrics, onFinalFailure: recordInBatch(batches, (d) => ({ batchId: d.batchId, key: d.url })) },
      async () => {
        attempt++;
        if (attempt > 1) throw new NonRetryableError('gone', { reason: 'http-410' });
        return 'ok';
      },
    );
    await b.process(job({ batchId: 'b1', url: 'https://news.example.test/a?token=x' }));
    await assert.rejects(b.process(job({ batchId: 'b1', url: 'https://news.example.test/b' })), UnrecoverableError);
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      logged.map((l) => [l.level, l.name, l.stage, l.job, l.batch, l.host]),
      [
        ['debug', 'worker', 'fetch', 'j1', 'b1', 'news.example.test'],
        ['warn', 'worker', 'fetch', 'j1', 'b1', 'news.example.test'],
      ],
    );
    assert.equal(logged[1]?.reason, 'http-410');
    assert.equal(logged[1]?.url, 'https://news.example.test/b', 'a final failure names its URL');
    assert.equal(logged[1]?.detail, 'gone');
    assert.ok(!lines.join('').includes('token=x'), 'a job that went well logs the host only, never the query');
    assert.deepEqual(finished, ['https://news.example.test/b']);
    const histogram = (await metrics.jobs.get()).values.filter(
      (v) => v.metricName === 'claimwire_job_duration_seconds_count',
    );
    assert.deepEqual(histogram.map((v) => [v.labels.stage, v.labels.outcome, v.value]).sort(), [
      ['fetch', 'completed', 1],
      ['fetch', 'failed', 1],
    ]);
  });
});
