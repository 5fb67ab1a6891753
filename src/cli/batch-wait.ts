/**
 * Waiting for a batch (`ingest --wait`, `reextract`): a progress bar on a terminal (plain lines every 5 s otherwise),
 * and plain words when waiting cannot end: no worker takes the queues the batch waits in (said within 10 s, with
 * the ways to fix it), or the person waiting presses Ctrl-C (the batch goes on; how to follow it again).
 */
import type { Batches, BatchProgress } from '../queue/batches.ts';
import type { Stage } from '../queue/payloads.ts';
import type { PipelineQueues } from '../queue/pipeline-queues.ts';
import type { CliIo } from './io.ts';

export type WaitEnd = 'done' | 'timeout' | 'interrupted' | 'no-worker';

export interface WaitOptions {
  batches: Batches;
  queues: PipelineQueues;
  batchId: string;
  timeoutMs: number;
  /** The progress line for a state of the batch. */
  line: (p: BatchProgress) => string;
  /** Workers run in this process (`--work`): nobody else needs to take the queues. */
  inProcess: boolean;
  /** What to tell the person when waiting ends early: the ways to go on. */
  advice: { noWorker: (stages: Stage[]) => string[]; interrupted: string[] };
  /** How long the queues may go without a worker before it is said (default 5 s; checks every second). */
  noWorkerAfterMs?: number;
  pollMs?: number;
}

/** The pipeline stages a batch's jobs wait in (alerts are not part of a batch). */
const BATCH_STAGES: readonly Stage[] = ['discover', 'fetch', 'extract', 'index'];

/**
 * Stages with jobs waiting and no worker connected. Null when Redis will not say (CLIENT LIST refused, as some
 * managed services do): the check is then skipped rather than guessed.
 */
export async function unservedStages(queues: PipelineQueues): Promise<Stage[] | null> {
  const out: Stage[] = [];
  try {
    for (const stage of BATCH_STAGES) {
      const q = queues.queues[stage];
      const counts = await q.getJobCounts('waiting', 'prioritized', 'delayed', 'active');
      const queued = Object.values(counts).reduce((a, b) => a + b, 0);
      if (queued > 0 && (await q.getWorkersCount()) === 0) out.push(stage);
    }
  } catch {
    return null;
  }
  return out;
}

export async function waitForBatch(io: CliIo, o: WaitOptions): Promise<{ progress: BatchProgress; end: WaitEnd }> {
  const started = Date.now();
  const pollMs = o.pollMs ?? 300;
  const noWorkerAfterMs = o.noWorkerAfterMs ?? 5_000;
  let lastPlain = 0;
  let lastCheck = 0;
  let unservedSince: number | null = null;
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
  };
  process.once('SIGINT', onSigint);
  const endLine = () => {
    if (io.isTty) process.stderr.write('\n');
  };
  try {
    for (;;) {
      const p = await o.batches.get(o.batchId);
      const line = o.line(p);
      if (io.isTty) {
        const width = 24;
        const done = Math.max(0, p.total - (p.pending - p.pendingSteps));
        const filled = p.total > 0 ? Math.round((done / p.total) * width) : 0;
        process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${line}   `);
      } else if (Date.now() - lastPlain > 5_000 || p.pending === 0) {
        io.err(line);
        lastPlain = Date.now();
      }
      if (p.pending <= 0) {
        endLine();
        return { progress: p, end: 'done' };
      }
      if (interrupted) {
        endLine();
        for (const l of o.advice.interrupted) io.err(l);
        return { progress: p, end: 'interrupted' };
      }
      if (!o.inProcess && Date.now() - lastCheck >= 1_000) {
        lastCheck = Date.now();
        const stages = await unservedStages(o.queues);
        if (stages && stages.length > 0) {
          unservedSince ??= Date.now();
          if (Date.now() - unservedSince >= noWorkerAfterMs) {
            endLine();
            for (const l of o.advice.noWorker(stages)) io.err(l);
            return { progress: p, end: 'no-worker' };
          }
        } else unservedSince = null;
      }
      if (Date.now() - started > o.timeoutMs) {
        endLine();
        io.err(`gave up waiting after ${Math.round(o.timeoutMs / 1000)}s; the batch goes on in the workers`);
        return { progress: p, end: 'timeout' };
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

/** Articles of the batch finished so far (discovery steps still pending are not articles). */
export const articlesDone = (p: BatchProgress): number => Math.max(0, p.total - (p.pending - p.pendingSteps));
