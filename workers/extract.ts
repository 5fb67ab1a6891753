/** extract: the extraction core over one article. */
import { extractArticle } from '../src/extract/index.ts';
import type { ExtractPayload } from '../src/queue/payloads.ts';
import type { StageDeps } from './deps.ts';

export async function processExtract(deps: StageDeps, data: ExtractPayload): Promise<{ claims: number }> {
  const extracted = deps.metrics.steps.startTimer({ step: 'extract' });
  const result = extractArticle(data.article, { catalog: deps.catalog, source: data.provenance.normalizedUrl });
  extracted();
  const enqueued = deps.metrics.steps.startTimer({ step: 'enqueue' });
  await deps.queues.addIndex({ batchId: data.batchId, result, provenance: data.provenance });
  enqueued();
  return { claims: result.claims.length };
}
