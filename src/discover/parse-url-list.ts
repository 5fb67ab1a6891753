/**
 * Plain URL lists: a `urls` source's file or inline list, or a `sitemap.txt`. One absolute URL per line; `#` starts
 * a comment (a whole line, or after whitespace, since `#` inside a URL is its fragment); blank lines are ignored.
 */
import type { DiscoveryOptions, UrlListResult } from './types.ts';
import { checkHttpUrl, entryCap, UrlCollector } from './url-collector.ts';

/** A `#` that starts a comment: at the line start or after whitespace. */
const COMMENT = /(?:^|\s)#.*$/;

/**
 * Parses a URL list. Lines must be absolute http(s) URLs (there is no document URL to resolve against); others are
 * listed in `skipped`. At most `maxEntries` URLs are returned, de-duplicated, with `truncated` saying there were
 * more. Never throws on content: a list has no syntax to get wrong.
 */
export function parseUrlList(text: string, options: DiscoveryOptions = {}): UrlListResult {
  const collector = new UrlCollector<{ url: string }>(entryCap(options.maxEntries));
  let start = 0;
  // A manual line walk instead of split(): stops at the cap without splitting a huge list first.
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end).replace(COMMENT, '').trim();
    start = end + 1;
    if (line === '') continue;
    const check = checkHttpUrl(line);
    if (!check.ok) collector.skip(line, check.reason);
    else if (collector.add({ url: check.url }) === 'full') break;
  }
  return { urls: collector.items.map((i) => i.url), skipped: collector.skipped, truncated: collector.truncated };
}
