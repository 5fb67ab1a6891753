/** index: stores the article and its claims (deduplicated), then closes the item in its batch. */
import type { IndexPayload } from '../src/queue/payloads.ts';
import { type IndexOutcome, storeExtraction } from '../src/store/ingest-store.ts';
import { alertNewReporting } from './alert.ts';
import type { StageDeps } from './deps.ts';

export async function processIndex(deps: StageDeps, data: IndexPayload): Promise<IndexOutcome> {
  const p = data.provenance;
  const stored = deps.metrics.steps.startTimer({ step: 'bulk' });
  const outcome = await storeExtraction(
    deps.es,
    deps.indices,
    data.result,
    { ...p, ingestedAt: deps.now().toISOString() },
    deps.catalog.actors,
    async (article, claims) => {
      await alertNewReporting(deps, article, claims);
    },
  );
  stored();
  // Two independent Redis writes, side by side (each was a round trip of its own). Both are idempotent: a retry after
  // one failed finds the article stored and writes both again, as it did when they ran in turn.
  const kind = outcome.kind === 'duplicate' ? 'duplicates' : outcome.kind;
  await Promise.all([
    deps.httpCache.set(p.normalizedUrl, {
      ...(p.etag ? { etag: p.etag } : {}),
      ...(p.lastModified ? { lastModified: p.lastModified } : {}),
    }),
    deps.batches.finish(data.batchId, p.normalizedUrl, kind, {
      claims: outcome.kind === 'indexed' ? outcome.claims : 0,
    }),
  ]);
  return outcome;
}
