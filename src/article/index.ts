/**
 * Article parsing: from a saved HTML page to the article body text and citation metadata.
 * Pure code (no I/O); everything downstream (claim extraction, indexing) consumes {@link Article}.
 */
export { BODY_TUNING, type BodyTuning, DEFAULT_BODY_TUNING } from './body-tuning.ts';
export { decodeHtml } from './decode-html.ts';
export { MAX_HTML_SIZE } from './input-guard.ts';
export { type ParseArticleOptions, parseArticle } from './parse-article.ts';
export type { Article, Span } from './types.ts';
