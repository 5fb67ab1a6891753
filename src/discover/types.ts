/**
 * Shapes shared by the discovery parsers. Every parser returns the same trio — what it found, what it skipped and
 * why, and whether it stopped at the cap — so the discovery worker can log and count all document kinds alike.
 */

/** Why a candidate URL was not returned. */
export type SkipReason =
  /** The record had no link at all (e.g. an RSS item with neither `<link>` nor a permalink `<guid>`). */
  | 'missing-url'
  /** The value does not parse as a URL, even relative to the document, or is absurdly long. */
  | 'invalid-url'
  /** Parsed, but not http(s): `javascript:`, `file:`, `data:`, `mailto:`, `ftp:` … never fetched. */
  | 'unsupported-scheme'
  /** Same URL as an earlier record of the document. */
  | 'duplicate';

/** A candidate that was left out. `value` is the raw text (shortened to 200 characters), for logs. */
export interface SkippedValue {
  value: string;
  reason: SkipReason;
}

/** Common to every discovery result. */
export interface DiscoveryOutcome {
  /** Left-out candidates, in document order; at most `maxEntries` are recorded. */
  skipped: SkippedValue[];
  /** True when the document had more usable URLs than `maxEntries`; the rest were not read. */
  truncated: boolean;
}

/** Options every discovery parser takes. */
export interface DiscoveryOptions {
  /** Most URLs returned (per list, for sitemaps); default 1000. A source's `maxItems` goes here. */
  maxEntries?: number;
}

/** Options of the XML parsers: the cap plus the reader's safety limits. */
export interface XmlDiscoveryOptions extends DiscoveryOptions {
  /** Deepest element nesting accepted (default 100). */
  maxDepth?: number;
  /** Largest document accepted, in characters (default 64 Mi). */
  maxChars?: number;
}

/** Default cap per document: far above any real feed (10-100 items), low enough to bound one discovery job. */
export const DEFAULT_MAX_ENTRIES = 1000;

/** One article link from a feed. */
export interface FeedEntry {
  /** Absolute http(s) URL, resolved against `xml:base` and the feed URL. */
  url: string;
  /** Plain text, whitespace collapsed. */
  title?: string;
  /** ISO 8601 (UTC) from pubDate / published / updated / dc:date, when it parses. */
  published?: string;
  /** RSS `<guid>`, Atom `<id>` or RDF `rdf:about`: a stable id for de-duplicating across runs. */
  guid?: string;
}

/** The feed dialect found, whatever the source was declared as. */
export type FeedFormat = 'rss' | 'atom' | 'rdf';

/** `parseFeed`'s result: entries in document order. */
export interface FeedResult extends DiscoveryOutcome {
  format: FeedFormat;
  entries: FeedEntry[];
}

/** One `<url>` of a sitemap. */
export interface SitemapUrl {
  url: string;
  /** ISO 8601 from `<lastmod>`, when it parses. */
  lastmod?: string;
  /** From a Google News sitemap's `<news:publication_date>`, when present. */
  published?: string;
  /** From a Google News sitemap's `<news:title>`, when present. */
  title?: string;
}

/** `parseSitemap`'s result: page URLs or child sitemaps, depending on the root element. */
export interface SitemapResult extends DiscoveryOutcome {
  kind: 'sitemap' | 'sitemap-index';
  /** Page URLs (a `<urlset>`); empty for a sitemap index. */
  urls: SitemapUrl[];
  /** Child sitemap URLs (a `<sitemapindex>`); empty for a urlset. The caller fetches them, bounded. */
  sitemaps: string[];
}

/** `parseUrlList`'s result: absolute http(s) URLs in list order. */
export interface UrlListResult extends DiscoveryOutcome {
  urls: string[];
}
