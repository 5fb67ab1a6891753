/** extract: the extraction core over one article. */
import type { Article } from '../src/article/types.ts';
import { extractArticle, extractorStamp } from '../src/extract/index.ts';
import type { ExtractPayload } from '../src/queue/payloads.ts';
import type { StageDeps } from './deps.ts';

/**
 * Most article text extracted, in UTF-16 units. Extraction is synchronous and costs a few seconds per million
 * characters of dense reporting: a 9.5 MiB page held a worker's event loop for about 28 s, past its 30 s job lock,
 * so the lock was not renewed and the job ran twice. A long real report is under 150,000 characters; this keeps one
 * extraction to a second or two, far inside the lock renewal interval.
 */
export const MAX_EXTRACT_CHARS = 300_000;

/**
 * The article cut to {@link MAX_EXTRACT_CHARS} at the last paragraph (else sentence, else word) end before the limit;
 * a prefix, so every offset into it is an offset into the original. The same article when it is short enough.
 */
export function capForExtraction(article: Article, max = MAX_EXTRACT_CHARS): Article {
  if (article.text.length <= max) return article;
  const head = article.text.slice(0, max);
  const lastParagraph = article.paragraphs.filter((p) => p.end <= max).at(-1)?.end ?? 0;
  const sentence = Math.max(head.lastIndexOf('. '), head.lastIndexOf('.\n')) + 1;
  const word = head.lastIndexOf(' ');
  const cut = [lastParagraph, sentence, word].find((at) => at > max / 2) ?? max;
  return {
    ...article,
    text: article.text.slice(0, cut),
    paragraphs: article.paragraphs.filter((p) => p.end <= cut),
  };
}

export async function processExtract(deps: StageDeps, data: ExtractPayload): Promise<{ claims: number }> {
  const article = capForExtraction(data.article);
  if (article !== data.article)
    deps.logger.warn(
      { url: data.provenance.normalizedUrl, from: data.article.text.length, to: article.text.length },
      'article text cut for extraction',
    );
  const extracted = deps.metrics.steps.startTimer({ step: 'extract' });
  const catalog = deps.catalog;
  const result = extractArticle(article, { catalog, source: data.provenance.normalizedUrl });
  extracted();
  const enqueued = deps.metrics.steps.startTimer({ step: 'enqueue' });
  await deps.queues.addIndex({
    batchId: data.batchId,
    result,
    provenance: { ...data.provenance, extractor: extractorStamp(catalog) },
  });
  enqueued();
  return { claims: result.claims.length };
}
