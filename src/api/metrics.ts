/**
 * Prometheus text exposition (format 0.0.4) of what an operator watches: queue depths per stage and state, lifetime
 * ingestion outcomes and failure reasons, and document counts per index (from which rates follow with `rate()`).
 */
import type { Client } from '@elastic/elasticsearch';
import type { Batches } from '../queue/batches.ts';
import { STAGES } from '../queue/payloads.ts';
import type { PipelineQueues } from '../queue/pipeline-queues.ts';
import type { IndexNames } from '../store/indices.ts';

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'] as const;

const label = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

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

  const depth: [Record<string, string>, number][] = [];
  for (const stage of STAGES) {
    const counts = await redis.queues.queues[stage].getJobCounts(...JOB_STATES);
    for (const state of JOB_STATES) depth.push([{ queue: stage, state }, counts[state] ?? 0]);
  }
  metric('claimwire_queue_jobs', 'Jobs in each pipeline queue by state.', 'gauge', depth);

  const totals = await redis.batches.totals();
  metric(
    'claimwire_ingest_outcomes_total',
    'Articles finished by outcome (indexed, unchanged, duplicates, failed).',
    'counter',
    Object.entries(totals)
      .filter(([k]) => k.startsWith('outcome:') && k !== 'outcome:discovered')
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

  const docs: [Record<string, string>, number][] = [];
  for (const kind of ['articles', 'claims', 'watches', 'alerts'] as const) {
    docs.push([{ index: kind }, (await es.count({ index: names.alias(kind) })).count]);
  }
  metric('claimwire_documents', 'Documents per index.', 'gauge', docs);
  const alerts: [Record<string, string>, number][] = [];
  for (const status of ['pending', 'delivered', 'failed']) {
    alerts.push([{ status }, (await es.count({ index: names.alias('alerts'), query: { term: { status } } })).count]);
  }
  metric('claimwire_alerts', 'Alerts by delivery status.', 'gauge', alerts);
  return `${lines.join('\n')}\n`;
}
