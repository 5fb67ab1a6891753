/**
 * What `ingest --wait` and `reextract` say while they wait: articles done without counting feeds still being read as
 * articles (once `-1/0 done`), a feed that listed nothing, no worker on the queues (with what to run), Ctrl-C; and the
 * reextract command's refusals, before it touches any service.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waitForBatch } from '../../../src/cli/batch-wait.ts';
import { CliError } from '../../../src/cli/cli-error.ts';
import { progressLine, summarize } from '../../../src/cli/commands/ingest.ts';
import { reextractLine, runReextract, summarizeReextract } from '../../../src/cli/commands/reextract.ts';
import type { Batches, BatchProgress } from '../../../src/queue/batches.ts';
import type { PipelineQueues } from '../../../src/queue/pipeline-queues.ts';

const progress = (p: Partial<BatchProgress>): BatchProgress => ({
  id: 'b1',
  pending: 0,
  total: 0,
  indexed: 0,
  unchanged: 0,
  duplicates: 0,
  failed: 0,
  claims: 0,
  failureReasons: {},
  failures: [],
  pendingSteps: 0,
  reextracted: 0,
  counts: {},
  notes: [],
  meta: null,
  ...p,
});

describe('progress lines', () => {
  it('a feed being read is not an article: 0/0 while listing, then articles done of those listed', () => {
    assert.equal(
      progressLine(progress({ pending: 1, pendingSteps: 1 })),
      'reading 1 feed(s)/sitemap(s); 0/0 articles done: 0 indexed, 0 unchanged, 0 duplicates, 0 failed, 0 claims',
    );
    assert.match(
      progressLine(progress({ pending: 3, pendingSteps: 1, total: 5, indexed: 3 })),
      /^reading 1 .*; 3\/5 articles done/,
    );
    assert.match(progressLine(progress({ pending: 2, total: 5, indexed: 3 })), /^3\/5 articles done/);
  });

  it('an empty feed is named in the summary', () => {
    const lines = summarize(progress({ notes: ['feed https://x.example/feed listed nothing'] }));
    assert.ok(lines.includes('  note: feed https://x.example/feed listed nothing'));
    assert.ok(lines.includes('  nothing to fetch: the feeds and sitemaps listed no articles'));
  });

  it('re-extraction: claims added, removed and unchanged', () => {
    const p = progress({
      total: 4,
      pending: 1,
      reextracted: 2,
      duplicates: 1,
      claims: 30,
      counts: { claimsAdded: 5, claimsRemoved: 2, claimsUnchanged: 25 },
    });
    assert.equal(reextractLine(p), '3/4 articles re-extracted: claims 5 added, 2 removed, 25 unchanged, 0 failed');
    const s = summarizeReextract(p).join('\n');
    assert.match(s, /claims added +5\n/);
    assert.match(s, /claims removed +2\n/);
    assert.match(s, /claims unchanged +25\n/);
    assert.match(s, /still pending +1/);
  });
});

/** A batch that never moves, and queues that say whether a worker is connected. */
function fakes(workers: number) {
  const batches = { get: async () => progress({ pending: 1, total: 1 }) } as unknown as Batches;
  const queue = { getJobCounts: async () => ({ waiting: 1 }), getWorkersCount: async () => workers };
  const queues = {
    queues: { discover: queue, fetch: queue, extract: queue, index: queue, alert: queue },
  } as unknown as PipelineQueues;
  return { batches, queues };
}

const captured = () => {
  const err: string[] = [];
  return { err, io: { out: () => {}, err: (l: string) => err.push(l), isTty: false } };
};

describe('waitForBatch', () => {
  it('ends with the advice when no worker takes the queues', async () => {
    const c = captured();
    const started = Date.now();
    const r = await waitForBatch(c.io, {
      ...fakes(0),
      batchId: 'b1',
      timeoutMs: 60_000,
      line: () => 'waiting',
      inProcess: false,
      advice: { noWorker: (stages) => [`nobody on ${stages.join(',')}`], interrupted: [] },
      noWorkerAfterMs: 300,
      pollMs: 20,
    });
    assert.equal(r.end, 'no-worker');
    assert.ok(c.err.includes('nobody on discover,fetch,extract,index'));
    assert.ok(Date.now() - started < 5_000);
  });

  it('keeps waiting while a worker is connected (until its timeout)', async () => {
    const c = captured();
    const r = await waitForBatch(c.io, {
      ...fakes(1),
      batchId: 'b1',
      timeoutMs: 1_500,
      line: () => 'waiting',
      inProcess: false,
      advice: { noWorker: () => ['nobody'], interrupted: [] },
      noWorkerAfterMs: 100,
      pollMs: 20,
    });
    assert.equal(r.end, 'timeout');
    assert.ok(!c.err.includes('nobody'));
  });

  it('Ctrl-C stops the waiting, not the batch, and says how to follow it again', async () => {
    const c = captured();
    const listeners = process.listenerCount('SIGINT');
    setTimeout(() => process.emit('SIGINT', 'SIGINT'), 100);
    const r = await waitForBatch(c.io, {
      ...fakes(1),
      batchId: 'b1',
      timeoutMs: 30_000,
      line: () => 'waiting',
      inProcess: true,
      advice: { noWorker: () => [], interrupted: ['follow it again: claimwire ingest --batch b1'] },
      pollMs: 20,
    });
    assert.equal(r.end, 'interrupted');
    assert.ok(c.err.includes('follow it again: claimwire ingest --batch b1'));
    assert.equal(process.listenerCount('SIGINT'), listeners, 'its SIGINT listener is gone');
  });
});

describe('reextract refuses, naming the input, before any service', () => {
  const io = { out: () => {}, err: () => {}, isTty: false };
  const refused = (argv: string[], pattern: RegExp) =>
    assert.rejects(
      runReextract(argv, io),
      (e: unknown) => e instanceof CliError && e.exitCode === 2 && pattern.test(e.message),
    );

  it('no selection', () => refused([], /say which articles: --all, --actor NAME/));
  it('--all with a narrowing option', () =>
    refused(['--all', '--since', '2024-01-01'], /--all takes no other selection/));
  it('a --since that is no date', () => refused(['--since', 'last week'], /--since must be a date .*"last week"/));
  it('a bad --timeout', () => refused(['--all', '--timeout', '0'], /--timeout must be a positive number/));
});
