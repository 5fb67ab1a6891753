/**
 * Re-extraction (`claimwire reextract`): the extract stage reads a few stored articles' texts and extracts them again
 * with this worker's extractor and catalog; the index stage replaces their claims with the results. Nothing is
 * fetched, and no alert is sent: alerts are for new reporting, and an article that was already stored is not new
 * (its every-new-article alert, if any, went out when it was first indexed).
 */
import type { ExtractionResult } from '../src/claims/types.ts';
import { extractArticle, extractorStamp } from '../src/extract/index.ts';
import type { ReextractPayload, ReindexPayload } from '../src/queue/payloads.ts';
import { contentHashOf } from '../src/store/documents.ts';
import { type ReextractOutcome, readStoredArticles, replaceClaims } from '../src/store/reextract-store.ts';
import type { StageDeps } from './deps.ts';

/** An extraction with nothing in it: what a duplicate or a deleted article goes on with (no claims). */
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
  const stored = await readStoredArticles(deps.es, deps.indices, data.articleIds);
  const catalog = deps.catalog;
  const items: ReindexPayload['items'] = [];
  for (const [i, articleId] of data.articleIds.entries()) {
    const a = stored[i];
    // Missing (deleted since it was selected) or a syndicated copy: the index stage says which, with no extraction.
    if (!a || a.duplicateOf) {
      items.push({ articleId, result: emptyResult(a?.normalizedUrl ?? articleId), contentHash: a?.contentHash ?? '' });
      continue;
    }
    // Extraction is synchronous: between two articles the event loop gets a turn, so the job lock is renewed however
    // long the chunk takes (one article stays within a second or two, see MAX_EXTRACT_CHARS).
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    const extracted = deps.metrics.steps.startTimer({ step: 'extract' });
    const result = extractArticle(
      {
        // The URL the first extraction was given: claim ids derive from it, so unchanged claims keep their ids.
        url: a.extractedUrl !== undefined ? a.extractedUrl : a.url,
        title: a.title,
        publisher: a.publisher,
        authors: a.authors,
        published: a.published,
        modified: a.modified,
        language: a.language,
        text: a.text,
        paragraphs: [],
      },
      { catalog, source: a.normalizedUrl },
    );
    extracted();
    // The text stays out of the index job (the store has it); its hash says which text the claims were made of.
    items.push({
      articleId,
      result: { ...result, article: { ...result.article, text: '' } },
      contentHash: contentHashOf(a.text),
    });
  }
  await deps.queues.addReindex({ kind: 'reextract', batchId: data.batchId, items, extractor: extractorStamp(catalog) });
  return { claims: items.reduce((n, i) => n + i.result.claims.length, 0) };
}

export async function processReindex(deps: StageDeps, data: ReindexPayload): Promise<{ articles: number }> {
  const stored = deps.metrics.steps.startTimer({ step: 'bulk' });
  const outcomes = await replaceClaims(
    deps.es,
    deps.indices,
    data.items,
    data.extractor,
    deps.catalog.actors,
    deps.now(),
  );
  stored();
  for (const outcome of outcomes) await finish(deps, data.batchId, outcome);
  return { articles: outcomes.length };
}

async function finish(deps: StageDeps, batchId: string, outcome: ReextractOutcome): Promise<void> {
  const key = outcome.articleId;
  switch (outcome.kind) {
    case 'reextracted':
      await deps.batches.finish(batchId, key, 'reextracted', {
        claims: outcome.claims,
        counts: {
          claimsAdded: outcome.added,
          claimsRemoved: outcome.removed,
          claimsUnchanged: outcome.unchanged,
          claimsUpdated: outcome.updated,
        },
      });
      return;
    case 'duplicate':
      await deps.batches.finish(batchId, key, 'duplicates', { counts: { claimsRemoved: outcome.removed } });
      return;
    case 'changed':
      // Re-ingested while it waited here: the ingest stored claims of its new text.
      await deps.batches.finish(batchId, key, 'unchanged');
      return;
    case 'missing':
      await deps.batches.finish(batchId, key, 'failed', {
        url: key,
        reason: 'article-missing',
        message: `article ${key} was deleted before it was re-extracted`,
      });
      return;
  }
}
