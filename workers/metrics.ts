/**
 * A worker process's Prometheus metrics (prom-client): how long each step of a job takes (fetch, parse, extract,
 * bulk write, enqueueing the next stage), how long whole jobs take per stage and outcome, and, once served, the
 * process metrics (CPU, memory, event-loop lag, GC). `claimwire worker --metrics-port N` serves them at /metrics;
 * bench:pipeline reads them to say where the time goes.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export const STEPS = ['fetch', 'parse', 'extract', 'bulk', 'enqueue'] as const;
export type Step = (typeof STEPS)[number];

export interface WorkerMetrics {
  registry: Registry;
  /** Time spent in one step of a job; `steps.startTimer({ step })` returns the function that records it. */
  steps: Histogram<'step'>;
  /** Whole jobs, from the processor's start to its end, by stage and outcome (completed, failed). */
  jobs: Histogram<'stage' | 'outcome'>;
}

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function createWorkerMetrics(): WorkerMetrics {
  const registry = new Registry();
  return {
    registry,
    steps: new Histogram({
      name: 'claimwire_step_duration_seconds',
      help: 'Time spent in one step of a pipeline job (fetch, parse, extract, bulk, enqueue).',
      labelNames: ['step'],
      buckets: BUCKETS,
      registers: [registry],
    }),
    jobs: new Histogram({
      name: 'claimwire_job_duration_seconds',
      help: 'Pipeline jobs by stage and outcome, processor start to end.',
      labelNames: ['stage', 'outcome'],
      buckets: BUCKETS,
      registers: [registry],
    }),
  };
}

/** Serves `/metrics` (with the process metrics added) on `host:port`; port 0 picks a free one. */
export async function serveMetrics(
  registry: Registry,
  port: number,
  host = '127.0.0.1',
): Promise<{ url: string; close: () => Promise<void> }> {
  collectDefaultMetrics({ register: registry });
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: GET /metrics\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${String(error)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
