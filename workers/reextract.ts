/**
 * Re-extraction (`claimwire reextract`): the extract stage reads a stored article's text and extracts it again with
 * this worker's extractor and catalog; the index stage replaces the article's claims with the result. Nothing is
 * fetched, and no alert is sent: alerts are for new reporting, and an article that was already stored is not new
 * (its every-new-article alert, if any, went out when it was first indexed).
 */
import type { ExtractionResult } from '../src/claims/types.ts';
import { extractArticle, extractorStamp } from '../src/extract/index.ts';
import type { ReextractPayload, ReindexPayload } from '../src/queue/payloads.ts';
import { type ReextractOutcome, readStoredArticle, replaceClaims } from '../src/store/reextract-store.ts';
import type { StageDeps } from './deps.ts';

/** An extraction with nothing in it: what a duplicate is re-extracted to (it keeps no claims). */
function emptyResult(source: string): ExtractionResult {
  return {
    source,
    article: { url: null, title: null, publisher: null, published: null, language: null, text: '' },
    actors: [],
    vendors: [],
    percentages: [],
    dates: [],
    sectors: [],
    countries: [],
    claims: [],
  };
}

export async function processReextract(deps: StageDeps, data: ReextractPayload): Promise<{ claims: number }> {
  if (data.catalog && data.catalog !== deps.catalog.revision) {
    // Queued right after a catalog import: make sure this worker has read it (its last look may be a moment old).
    await deps.refreshCatalog?.(true);
    if (data.catalog !== deps.catalog.revision)
      deps.logger.warn(
        { wanted: data.catalog, have: deps.catalog.revision },
        'reextract: this worker has another catalog revision than the one that queued the job (another catalog file?)',
      );
  }
  const stored = await readStoredArticle(deps.es, deps.indices, data.articleId);
  const catalog = deps.catalog;
  let result: ExtractionResult;
  if (!stored || stored.duplicateOf) {
    // Missing (deleted since it was selected) or a syndicated copy: the index stage says which, with no extraction.
    result = emptyResult(stored?.normalizedUrl ?? data.articleId);
  } else {
    const extracted = deps.metrics.steps.startTimer({ step: 'extract' });
    result = extractArticle(
      {
        // The URL the first extraction was given: claim ids derive from it, so unchanged claims keep their ids.
        url: stored.extractedUrl !== undefined ? stored.extractedUrl : stored.url,
        title: stored.title,
        publisher: stored.publisher,
        authors: stored.authors,
        published: stored.published,
        modified: stored.modified,
        language: stored.language,
        text: stored.text,
        paragraphs: [],
      },
      { catalog, source: stored.normalizedUrl },
    );
    extracted();
  }
  await deps.queues.addReindex({
    kind: 'reextract',
    batchId: data.batchId,
    articleId: data.articleId,
    result,
    extractor: extractorStamp(catalog),
  });
  return { claims: result.claims.length };
}

export async function processReindex(deps: StageDeps, data: ReindexPayload): Promise<ReextractOutcome> {
  const stored = deps.metrics.steps.startTimer({ step: 'bulk' });
  const outcome = await replaceClaims(
    deps.es,
    deps.indices,
    data.articleId,
    data.result,
    data.extractor,
    deps.catalog.actors,
    deps.now(),
  );
  stored();
  const key = data.articleId;
  switch (outcome.kind) {
    case 'reextracted':
      await deps.batches.finish(data.batchId, key, 'reextracted', {
        claims: outcome.claims,
        counts: {
          claimsAdded: outcome.added,
          claimsRemoved: outcome.removed,
          claimsUnchanged: outcome.unchanged,
          claimsUpdated: outcome.updated,
        },
      });
      break;
    case 'duplicate':
      await deps.batches.finish(data.batchId, key, 'duplicates', { counts: { claimsRemoved: outcome.removed } });
      break;
    case 'changed':
      // Re-ingested while it waited here: the ingest stored claims of its new text.
      await deps.batches.finish(data.batchId, key, 'unchanged');
      break;
    case 'missing':
      await deps.batches.finish(data.batchId, key, 'failed', {
        url: key,
        reason: 'article-missing',
        message: `article ${key} was deleted before it was re-extracted`,
      });
      break;
  }
  return outcome;
}
