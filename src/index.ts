/**
 * claimwire as a library (`import { extract } from 'claimwire'`): the pure extraction core, for other Node tools.
 * No Redis, no Elasticsearch, no network, nothing written: a page in, entities and cited claims out, the same output
 * as `claimwire extract` (docs/extract-contract.md).
 */
import { type Article, parseArticle } from './article/index.ts';
import type { ExtractionResult } from './claims/types.ts';
import { type ExtractionCatalog, extractArticle } from './extract/index.ts';

export interface ExtractInputOptions {
  /** Where the page came from: fallback for the article URL and base for relative links. */
  url?: string;
  /** A catalog from `buildCatalog` (e.g. with your own actors); default: the built-in one. */
  catalog?: ExtractionCatalog;
  /** What the result names as its `source`; default: the article URL. */
  source?: string;
}

/**
 * Extracts threat actors, vendors, sectors, countries, percentages, dates and cited claims from an HTML page (a
 * string) or from an article already parsed with `parseArticle`.
 *
 * @throws InputError when the HTML is empty, binary or over the size cap.
 */
export function extract(input: string | Article, options: ExtractInputOptions = {}): ExtractionResult {
  const article = typeof input === 'string' ? parseArticle(input, options.url ? { url: options.url } : {}) : input;
  return extractArticle(article, {
    ...(options.catalog ? { catalog: options.catalog } : {}),
    ...(options.source ? { source: options.source } : {}),
  });
}

export type { Article, Span } from './article/index.ts';
export { parseArticle } from './article/index.ts';
export type * from './claims/types.ts';
export { ClaimwireError, InputError } from './errors.ts';
export type { ExtractionCatalog } from './extract/index.ts';
export { buildCatalog, defaultCatalog, extractArticle } from './extract/index.ts';
