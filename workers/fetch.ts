/** fetch: downloads a page politely (conditional GET when seen before) and parses it into an article. */
import { decodeHtml, parseArticle } from '../src/article/index.ts';
import { NonRetryableError } from '../src/errors.ts';
import type { FetchPayload } from '../src/queue/payloads.ts';
import type { StageDeps } from './deps.ts';

export async function processFetch(deps: StageDeps, data: FetchPayload): Promise<{ outcome: string }> {
  const validators = await deps.httpCache.get(data.normalizedUrl);
  const fetched = deps.metrics.steps.startTimer({ step: 'fetch' });
  const page = await deps.fetcher.fetch(data.url, validators ?? {});
  fetched();
  if (page.status === 'not-modified') {
    await deps.batches.finish(data.batchId, data.normalizedUrl, 'unchanged');
    return { outcome: 'not-modified' };
  }
  const parsed = deps.metrics.steps.startTimer({ step: 'parse' });
  const article = parseArticle(decodeHtml(page.body, page.contentType), { url: page.url });
  parsed();
  if (!article.text.trim()) {
    throw new NonRetryableError(`no article text found at ${page.url}`, { url: page.url, reason: 'no-article-text' });
  }
  const enqueued = deps.metrics.steps.startTimer({ step: 'enqueue' });
  await deps.queues.addExtract({
    batchId: data.batchId,
    article,
    provenance: {
      normalizedUrl: data.normalizedUrl,
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
