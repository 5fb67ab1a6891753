/** extract: the extraction core over one article. */
import { extractArticle } from '../src/extract/index.ts';
import type { ExtractPayload } from '../src/queue/payloads.ts';
import type { StageDeps } from './deps.ts';

export async function processExtract(deps: StageDeps, data: ExtractPayload): Promise<{ claims: number }> {
  const result = extractArticle(data.article, { catalog: deps.catalog, source: data.provenance.normalizedUrl });
  await deps.queues.addIndex({ batchId: data.batchId, result, provenance: data.provenance });
  return { claims: result.claims.length };
}
