/** Namespace URIs the discovery parsers match on. Matching by URI, not prefix, is what makes `<a:link>` work. */

export const NS = {
  atom: 'http://www.w3.org/2005/Atom',
  /** Atom 0.3, still served by a few old blogs. */
  atom03: 'http://purl.org/atom/ns#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rss1: 'http://purl.org/rss/1.0/',
  /** RSS 0.90, an RDF format with its own namespace. */
  rss090: 'http://my.netscape.com/rdf/simple/0.9/',
  dc: 'http://purl.org/dc/elements/1.1/',
  dcterms: 'http://purl.org/dc/terms/',
  feedburner: 'http://rssnamespace.org/feedburner/ext/1.0',
  sitemap: 'http://www.sitemaps.org/schemas/sitemap/0.9',
  /** Google's pre-sitemaps.org namespace. */
  sitemap084: 'http://www.google.com/schemas/sitemap/0.84',
  news: 'http://www.google.com/schemas/sitemap-news/0.9',
} as const;

/** Atom namespaces, current and 0.3. */
export const ATOM_NAMESPACES: ReadonlySet<string> = new Set([NS.atom, NS.atom03]);

/** Namespaces of RSS 1.0 / 0.90 items. */
export const RDF_ITEM_NAMESPACES: ReadonlySet<string> = new Set([NS.rss1, NS.rss090]);
