/**
 * One entry point for the discovery worker: given what a source was declared as and what came back, pick the
 * parser. Declared feed kinds are treated as hints, because sites switch between RSS and Atom without notice and
 * the document itself says what it is; only a declared URL list skips sniffing (it has no markup to sniff).
 */
import { InputError } from '../errors.ts';
import { detectDocumentKind } from './detect-kind.ts';
import { parseFeed } from './parse-feed.ts';
import { parseSitemap } from './parse-sitemap.ts';
import { parseUrlList } from './parse-url-list.ts';
import type { FeedResult, SitemapResult, UrlListResult, XmlDiscoveryOptions } from './types.ts';

/** Source kinds of `config/sources.json`: `feed` means "RSS, Atom or RDF, whichever it turns out to be". */
export const SOURCE_KINDS = ['rss', 'atom', 'feed', 'sitemap', 'urls'] as const;
/** One of `SOURCE_KINDS`; shared with `config/sources.ts` so the config and the worker agree. */
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** What `parseDiscoveryDocument` found, tagged so the worker can branch on it. */
export type DiscoveryDocument =
  | { kind: 'feed'; result: FeedResult }
  | { kind: 'sitemap'; result: SitemapResult }
  | { kind: 'urls'; result: UrlListResult };

/** The XML parsers' options plus the response's Content-Type. */
export interface ParseDocumentOptions extends XmlDiscoveryOptions {
  /** The response's Content-Type, a tie-breaker for sniffing. */
  contentType?: string;
}

/**
 * Parses a fetched discovery document according to its source kind. `rss`, `atom` and `feed` accept any feed
 * format; `feed` also accepts a sitemap (auto-detection); `sitemap` accepts a urlset or an index. Throws
 * `InputError` naming `url` when the document is of another kind (an HTML page where a feed was expected).
 */
export function parseDiscoveryDocument(
  body: string,
  url: string,
  sourceKind: SourceKind,
  options: ParseDocumentOptions = {},
): DiscoveryDocument {
  if (sourceKind === 'urls') return { kind: 'urls', result: parseUrlList(body, options) };
  if (sourceKind === 'sitemap') return { kind: 'sitemap', result: parseSitemap(body, url, options) };
  const detected = detectDocumentKind(body, options.contentType);
  if (sourceKind === 'feed' && (detected === 'sitemap' || detected === 'sitemap-index')) {
    return { kind: 'sitemap', result: parseSitemap(body, url, options) };
  }
  if (detected === 'html') {
    throw new InputError(`${url} is an HTML page, not a feed; point the source at the feed URL itself`, {
      input: url,
      kind: detected,
      reason: 'not-a-feed',
    });
  }
  // parseFeed gives the precise error for anything else that is not a feed.
  return { kind: 'feed', result: parseFeed(body, url, options) };
}
