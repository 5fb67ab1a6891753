/**
 * Prometheus text exposition (format 0.0.4) of what an operator watches: queue depths per stage and state, lifetime
 * ingestion outcomes and failure reasons, and document counts per index (from which rates follow with `rate()`),
 * plus the API process's own metrics (prom-client). The Redis and Elasticsearch reads of one scrape run concurrently.
 */
import type { Client } from '@elastic/elasticsearch';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { type Batches, OUTCOMES } from '../queue/batches.ts';
import { STAGES } from '../queue/payloads.ts';
import type { PipelineQueues } from '../queue/pipeline-queues.ts';
import type { IndexNames } from '../store/indices.ts';

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'] as const;

const label = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** The outcomes that finish an article (a discovered URL is not one yet); the help text lists them from here. */
const FINISHED = OUTCOMES.filter((o) => o !== 'discovered');

export async function renderMetrics(
  es: Client,
  names: IndexNames,
  redis: { queues: PipelineQueues; batches: Batches },
): Promise<string> {
  const lines: string[] = [];
  const metric = (
    name: string,
    help: string,
    type: 'gauge' | 'counter',
    samples: [Record<string, string>, number][],
  ) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of samples) {
      const l = Object.entries(labels)
        .map(([k, v]) => `${k}="${label(v)}"`)
        .join(',');
      lines.push(`${name}${l ? `{${l}}` : ''} ${value}`);
    }
  };

  const KINDS = ['articles', 'claims', 'watches', 'alerts'] as const;
  const ALERT_STATUSES = ['pending', 'delivered', 'failed'] as const;
  const count = async (kind: (typeof KINDS)[number], status?: string) =>
    (await es.count({ index: names.alias(kind), ...(status ? { query: { term: { status } } } : {}) })).count;
  const [queueCounts, totals, docCounts, alertCounts, processMetrics] = await Promise.all([
    Promise.all(STAGES.map((stage) => redis.queues.queues[stage].getJobCounts(...JOB_STATES))),
    redis.batches.totals(),
    Promise.all(KINDS.map((kind) => count(kind))),
    Promise.all(ALERT_STATUSES.map((status) => count('alerts', status))),
    processRegistry().metrics(),
  ]);

  const depth: [Record<string, string>, number][] = [];
  STAGES.forEach((stage, i) => {
    for (const state of JOB_STATES) depth.push([{ queue: stage, state }, queueCounts[i]?.[state] ?? 0]);
  });
  metric('claimwire_queue_jobs', 'Jobs in each pipeline queue by state.', 'gauge', depth);

  metric(
    'claimwire_ingest_outcomes_total',
    `Articles finished by outcome (${FINISHED.join(', ')}).`,
    'counter',
    Object.entries(totals)
      .filter(([k]) => FINISHED.some((o) => k === `outcome:${o}`))
      .map(([k, v]) => [{ outcome: k.slice(8) }, v]),
  );
  metric(
    'claimwire_ingest_failures_total',
    'Final failures by reason code.',
    'counter',
    Object.entries(totals)
      .filter(([k]) => k.startsWith('reason:'))
      .map(([k, v]) => [{ reason: k.slice(7) }, v]),
  );
  metric('claimwire_claims_indexed_total', 'Claims indexed from new or changed articles.', 'counter', [
    [{}, totals.claims ?? 0],
  ]);

  metric(
    'claimwire_documents',
    'Documents per index.',
    'gauge',
    KINDS.map((kind, i) => [{ index: kind }, docCounts[i] ?? 0]),
  );
  metric(
    'claimwire_alerts',
    'Alerts by delivery status.',
    'gauge',
    ALERT_STATUSES.map((status, i) => [{ status }, alertCounts[i] ?? 0]),
  );
  return `${lines.join('\n')}\n${processMetrics}`;
}

let registry: Registry | undefined;

/** The API process's CPU, memory, event-loop and GC metrics, collected from the first scrape on. */
function processRegistry(): Registry {
  if (!registry) {
    registry = new Registry();
    collectDefaultMetrics({ register: registry });
  }
  return registry;
}
