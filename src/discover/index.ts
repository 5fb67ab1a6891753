/**
 * Discovery parsing: pure functions from a fetched feed, sitemap or URL list to article URLs. No network, no
 * queues, no storage; the discovery worker fetches, calls these, and enqueues what they return.
 */
export { cleanText } from './clean-text.ts';
export { classifyRoot, type DocumentKind, detectDocumentKind } from './detect-kind.ts';
export {
  type DiscoveryDocument,
  type ParseDocumentOptions,
  parseDiscoveryDocument,
  SOURCE_KINDS,
  type SourceKind,
} from './parse-document.ts';
export { parseFeed } from './parse-feed.ts';
export { parseSitemap } from './parse-sitemap.ts';
export { parseUrlList } from './parse-url-list.ts';
export {
  DEFAULT_MAX_ENTRIES,
  type DiscoveryOptions,
  type DiscoveryOutcome,
  type FeedEntry,
  type FeedFormat,
  type FeedResult,
  type SitemapResult,
  type SitemapUrl,
  type SkippedValue,
  type SkipReason,
  type UrlListResult,
  type XmlDiscoveryOptions,
} from './types.ts';
export { checkHttpUrl, MAX_URL_LENGTH } from './url-collector.ts';
