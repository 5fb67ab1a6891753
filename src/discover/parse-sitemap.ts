/**
 * Sitemap parsing (sitemaps.org 0.9, Google 0.84, Google News extension): a `<urlset>` gives page URLs, a
 * `<sitemapindex>` gives child sitemaps for the caller to fetch (with its own depth and count limits). Streams
 * like the feed parser: one `<url>` in memory at a time, cut off at `maxEntries`.
 */
import { InputError } from '../errors.ts';
import { cleanText } from './clean-text.ts';
import { classifyRoot } from './detect-kind.ts';
import { toIsoDate } from './feed-dates.ts';
import { NS } from './namespaces.ts';
import type { SitemapResult, SitemapUrl, XmlDiscoveryOptions } from './types.ts';
import { assertDocumentUrl, checkHttpUrl, entryCap, UrlCollector } from './url-collector.ts';
import { childNamed, readXml, type XmlElement } from './xml-reader.ts';

const MAX_TITLE_CHARS = 500;

/** A `<url>`'s optional Google News block: publication date and title of a news article. */
function newsFields(record: XmlElement): Pick<SitemapUrl, 'published' | 'title'> {
  const news = childNamed(record, NS.news, 'news');
  if (news === undefined) return {};
  const out: Pick<SitemapUrl, 'published' | 'title'> = {};
  const published = toIsoDate(childNamed(news, NS.news, 'publication_date')?.text);
  const title = cleanText(childNamed(news, NS.news, 'title')?.text, MAX_TITLE_CHARS);
  if (published !== undefined) out.published = published;
  if (title !== undefined) out.title = title;
  return out;
}

/**
 * Parses a sitemap (`<urlset>`) or sitemap index (`<sitemapindex>`). `<loc>` values resolve against `baseUrl`
 * (the protocol wants them absolute; relative ones are tolerated) and must be http(s). Each list is capped at
 * `maxEntries`; `truncated` says one of them had more. Gzipped sitemaps must be gunzipped by the fetcher first.
 * Throws `InputError` naming `baseUrl` for a non-sitemap, malformed or entity-declaring document.
 */
export function parseSitemap(xml: string, baseUrl: string, options: XmlDiscoveryOptions = {}): SitemapResult {
  assertDocumentUrl(baseUrl);
  const cap = entryCap(options.maxEntries);
  const urls = new UrlCollector<SitemapUrl>(cap);
  const sitemaps = new UrlCollector<{ url: string }>(cap);
  let kind: 'sitemap' | 'sitemap-index' = 'sitemap';
  let rootNs = '';

  readXml(
    xml,
    { documentUrl: baseUrl, maxDepth: options.maxDepth, maxChars: options.maxChars },
    {
      onOpen(element) {
        if (element.depth !== 0) return;
        const rootKind = classifyRoot(element.local, element.ns);
        if (rootKind !== 'sitemap' && rootKind !== 'sitemap-index') {
          const what = rootKind === 'unknown' ? 'not a sitemap' : `a ${rootKind} document, not a sitemap`;
          throw new InputError(`${baseUrl} is ${what} (root element <${element.name.slice(0, 60)}>)`, {
            input: baseUrl,
            kind: rootKind,
            reason: 'not-a-sitemap',
          });
        }
        kind = rootKind;
        rootNs = element.ns;
      },
      onClose(element) {
        if (element.depth !== 1) return element.depth === 0 ? 'drop' : 'keep';
        const record = kind === 'sitemap' ? 'url' : 'sitemap';
        if (element.local !== record || element.ns !== rootNs) return 'drop';
        const loc = childNamed(element, rootNs, 'loc')?.text ?? '';
        const check = checkHttpUrl(loc, element.base);
        if (!check.ok) {
          (kind === 'sitemap' ? urls : sitemaps).skip(loc, check.reason);
          return 'drop';
        }
        if (kind === 'sitemap-index') return sitemaps.add({ url: check.url }) === 'full' ? 'stop' : 'drop';
        const entry: SitemapUrl = { url: check.url };
        const lastmod = toIsoDate(childNamed(element, rootNs, 'lastmod')?.text);
        if (lastmod !== undefined) entry.lastmod = lastmod;
        Object.assign(entry, newsFields(element));
        return urls.add(entry) === 'full' ? 'stop' : 'drop';
      },
    },
  );
  const used = kind === 'sitemap' ? urls : sitemaps;
  return {
    kind,
    urls: urls.items,
    sitemaps: sitemaps.items.map((s) => s.url),
    skipped: used.skipped,
    truncated: used.truncated,
  };
}
