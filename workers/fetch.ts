/** fetch: downloads a page politely (conditional GET when seen before) and parses it into an article. */
import { decodeHtml, parseArticle } from '../src/article/index.ts';
import { NonRetryableError } from '../src/errors.ts';
import type { FetchPayload } from '../src/queue/payloads.ts';
import type { StageDeps } from './deps.ts';
import { capForExtraction } from './extract.ts';

/** A declared canonical longer than this is dropped: no real URL is, and it would only bloat the keyword index. */
const MAX_DECLARED_URL_CHARS = 2048;

export async function processFetch(deps: StageDeps, data: FetchPayload): Promise<{ outcome: string }> {
  const validators = await deps.httpCache.get(data.normalizedUrl);
  const fetched = deps.metrics.steps.startTimer({ step: 'fetch' });
  const page = await deps.fetcher.fetch(data.url, validators ?? {});
  fetched();
  if (page.status === 'not-modified') {
    await deps.batches.finish(data.batchId, data.normalizedUrl, 'unchanged');
    return { outcome: 'not-modified' };
  }
  const parsing = deps.metrics.steps.startTimer({ step: 'parse' });
  const parsed = parseArticle(decodeHtml(page.body, page.contentType), { url: page.url });
  parsing();
  if (!parsed.text.trim()) {
    throw new NonRetryableError(`no article text found at ${page.url}`, { url: page.url, reason: 'no-article-text' });
  }
  // What a page says about its own URL (canonical link, og:url) is the page's claim, not a fact: the article is the URL
  // that was fetched, and its claims cite that URL. The declaration is kept apart for deduplication to weigh.
  const declared =
    parsed.url !== page.url && parsed.url && parsed.url.length <= MAX_DECLARED_URL_CHARS ? parsed.url : null;
  // Cut here already, so a huge page does not ride through Redis to be cut at extraction.
  const article = capForExtraction({ ...parsed, url: page.url });
  const enqueued = deps.metrics.steps.startTimer({ step: 'enqueue' });
  await deps.queues.addExtract({
    batchId: data.batchId,
    article,
    provenance: {
      normalizedUrl: data.normalizedUrl,
      fetchedUrl: page.url,
      declaredCanonical: declared,
      requestedUrl: data.url,
      sourceUrl: data.sourceUrl ?? null,
      fetchedAt: page.fetchedAt,
      parsedAt: deps.now().toISOString(),
      authors: article.authors,
      modified: article.modified,
      etag: page.etag ?? null,
      lastModified: page.lastModified ?? null,
    },
  });
  enqueued();
  return { outcome: 'fetched' };
}
