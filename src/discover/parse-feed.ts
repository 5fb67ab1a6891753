/**
 * Feed parsing: RSS 2.0 (and 0.9x), RSS 1.0 / RDF, and Atom (1.0 and 0.3) into article URLs.
 *
 * Items are read one at a time off the streaming reader and dropped once used, so memory stays at one item and a
 * feed with more usable links than `maxEntries` is cut off right there (`truncated: true`) instead of being read
 * to the end.
 */
import { InputError } from '../errors.ts';
import { cleanText, htmlToText } from './clean-text.ts';
import { classifyRoot } from './detect-kind.ts';
import { toIsoDate } from './feed-dates.ts';
import { NS, RDF_ITEM_NAMESPACES } from './namespaces.ts';
import type { FeedEntry, FeedFormat, FeedResult, SkipReason, XmlDiscoveryOptions } from './types.ts';
import { assertDocumentUrl, checkHttpUrl, entryCap, UrlCollector } from './url-collector.ts';
import { childNamed, childrenNamed, getAttr, readXml, textContent, type XmlElement } from './xml-reader.ts';

/** Longest title or guid kept; feed titles are a line, not a page. */
const MAX_TITLE_CHARS = 500;
const MAX_GUID_CHARS = 1000;

/** Atom link relations that never point at the entry's article. */
const NON_ARTICLE_RELS = new Set(['self', 'edit', 'edit-media', 'enclosure', 'replies', 'license', 'hub', 'first']);

/** IANA's long form of a registered relation, e.g. `http://www.iana.org/assignments/relation/alternate`. */
const IANA_REL_PREFIX = 'http://www.iana.org/assignments/relation/';

/** A candidate link of an item: raw text and the base it resolves against. */
interface Candidate {
  raw: string;
  base: string;
  /** Candidates such as a non-permalink guid are only used if already absolute. */
  absoluteOnly?: boolean;
}

function childText(element: XmlElement, ns: string, local: string): string | undefined {
  return childNamed(element, ns, local)?.text;
}

/** Plain text of an RSS/Atom text construct; `type="html"` has its markup stripped, `xhtml` is read from children. */
function titleOf(title: XmlElement | undefined): string | undefined {
  if (title === undefined) return undefined;
  const type = (getAttr(title, 'type') ?? '').toLowerCase();
  if (type === 'xhtml' || type === 'application/xhtml+xml') return cleanText(textContent(title), MAX_TITLE_CHARS);
  if (type === 'html' || type === 'text/html') return cleanText(htmlToText(title.text), MAX_TITLE_CHARS);
  return cleanText(title.text, MAX_TITLE_CHARS);
}

function candidate(element: XmlElement | undefined, absoluteOnly = false): Candidate | undefined {
  if (element === undefined || element.text.trim() === '') return undefined;
  return { raw: element.text, base: element.base, absoluteOnly };
}

/** Orders an Atom entry's links: `alternate` (HTML first), then other article-ish relations; never `self`/`edit`. */
function atomLinkCandidates(entry: XmlElement): Candidate[] {
  const ranked: { rank: number; candidate: Candidate }[] = [];
  for (const link of childrenNamed(entry, entry.ns, 'link')) {
    const href = getAttr(link, 'href');
    if (href === undefined || href.trim() === '') continue;
    let rel = (getAttr(link, 'rel') ?? 'alternate').trim().toLowerCase();
    if (rel.startsWith(IANA_REL_PREFIX)) rel = rel.slice(IANA_REL_PREFIX.length);
    if (NON_ARTICLE_RELS.has(rel)) continue;
    const type = (getAttr(link, 'type') ?? '').toLowerCase();
    const htmlish = type === '' || type.includes('html');
    const rank = rel === 'alternate' ? (htmlish ? 0 : 1) : 2;
    ranked.push({ rank, candidate: { raw: href, base: link.base } });
  }
  // Stable sort keeps document order within a rank.
  return ranked.sort((a, b) => a.rank - b.rank).map((r) => r.candidate);
}

/** RSS item links in order of preference: FeedBurner's original link, `<link>`, permalink `<guid>`, `<atom:link>`. */
function rssLinkCandidates(item: XmlElement): Candidate[] {
  const out: (Candidate | undefined)[] = [
    candidate(childNamed(item, NS.feedburner, 'origLink')),
    candidate(childNamed(item, '', 'link')),
  ];
  const guid = childNamed(item, '', 'guid');
  if (guid !== undefined) {
    const permaLink = (getAttr(guid, 'isPermaLink') ?? '').trim().toLowerCase();
    // RSS 2.0 makes isPermaLink default to true, but many feeds put opaque ids there without saying so: without
    // the attribute the guid is used only if it is already an absolute URL.
    if (permaLink === 'true') out.push(candidate(guid));
    else if (permaLink === '') out.push(candidate(guid, true));
  }
  for (const link of childrenNamed(item, NS.atom, 'link')) {
    const rel = getAttr(link, 'rel') ?? 'alternate';
    const href = getAttr(link, 'href');
    if (rel === 'alternate' && href !== undefined) out.push({ raw: href, base: link.base });
  }
  return out.filter((c): c is Candidate => c !== undefined);
}

/** RDF item links: `<link>`, then the item's `rdf:about`. */
function rdfLinkCandidates(item: XmlElement): Candidate[] {
  const out: (Candidate | undefined)[] = [candidate(childNamed(item, item.ns, 'link'))];
  const about = getAttr(item, 'about', NS.rdf);
  if (about !== undefined && about.trim() !== '') out.push({ raw: about, base: item.base });
  return out.filter((c): c is Candidate => c !== undefined);
}

type ItemOutcome = { ok: true; entry: FeedEntry } | { ok: false; value: string; reason: SkipReason };

/**
 * Picks the first candidate that is a usable http(s) URL. If none is, the item is skipped with the first
 * candidate's value and reason, so a `javascript:` link is reported as such even when a later candidate is missing.
 */
function pickUrl(
  candidates: Candidate[],
): { ok: true; url: string } | { ok: false; value: string; reason: SkipReason } {
  let firstFailure: { value: string; reason: SkipReason } | undefined;
  for (const c of candidates) {
    const check = c.absoluteOnly ? checkHttpUrl(c.raw) : checkHttpUrl(c.raw, c.base);
    if (check.ok) return check;
    if (c.absoluteOnly) continue; // an opaque guid is not a failed link
    firstFailure ??= { value: c.raw, reason: check.reason };
  }
  return firstFailure === undefined ? { ok: false, value: '', reason: 'missing-url' } : { ok: false, ...firstFailure };
}

function readItem(item: XmlElement, format: FeedFormat): ItemOutcome {
  let candidates: Candidate[];
  let title: string | undefined;
  let published: string | undefined;
  let guid: string | undefined;
  if (format === 'atom') {
    const ns = item.ns;
    candidates = atomLinkCandidates(item);
    title = titleOf(childNamed(item, ns, 'title'));
    published =
      toIsoDate(childText(item, ns, 'published')) ??
      toIsoDate(childText(item, ns, 'issued')) ??
      toIsoDate(childText(item, ns, 'updated')) ??
      toIsoDate(childText(item, ns, 'modified'));
    guid = childText(item, ns, 'id');
  } else if (format === 'rss') {
    candidates = rssLinkCandidates(item);
    title = titleOf(childNamed(item, '', 'title')) ?? titleOf(childNamed(item, NS.dc, 'title'));
    published = toIsoDate(childText(item, '', 'pubDate')) ?? toIsoDate(childText(item, NS.dc, 'date'));
    guid = childText(item, '', 'guid');
  } else {
    candidates = rdfLinkCandidates(item);
    title = titleOf(childNamed(item, item.ns, 'title')) ?? titleOf(childNamed(item, NS.dc, 'title'));
    published = toIsoDate(childText(item, NS.dc, 'date')) ?? toIsoDate(childText(item, NS.dcterms, 'issued'));
    guid = getAttr(item, 'about', NS.rdf);
  }
  const picked = pickUrl(candidates);
  if (!picked.ok) return { ok: false, value: picked.value || (cleanText(title, 200) ?? ''), reason: picked.reason };
  const entry: FeedEntry = { url: picked.url };
  if (title !== undefined) entry.title = title;
  if (published !== undefined) entry.published = published;
  const cleanGuid = cleanText(guid, MAX_GUID_CHARS);
  if (cleanGuid !== undefined) entry.guid = cleanGuid;
  return { ok: true, entry };
}

/** Where a format's items sit: RSS `rss > channel > item`, RDF `rdf:RDF > item`, Atom `feed > entry`. */
function isItem(element: XmlElement, format: FeedFormat, rootNs: string): boolean {
  switch (format) {
    case 'rss':
      return (
        element.depth === 2 && element.local === 'item' && element.ns === '' && element.parent?.local === 'channel'
      );
    case 'rdf':
      return element.depth === 1 && element.local === 'item' && RDF_ITEM_NAMESPACES.has(element.ns);
    case 'atom':
      return element.depth === 1 && element.local === 'entry' && element.ns === rootNs;
  }
}

/**
 * Parses an RSS 2.0/0.9x, RSS 1.0 (RDF) or Atom document into article entries.
 *
 * Each entry's URL is absolute (resolved against `xml:base` and `baseUrl`, the URL the feed was fetched from) and
 * http(s); items without one are listed in `skipped` with the reason. At most `maxEntries` entries are returned;
 * `truncated` says there were more. Throws `InputError` naming `baseUrl` if the document is not a feed (a sitemap,
 * an HTML page), is malformed, or declares DTD entities.
 */
export function parseFeed(xml: string, baseUrl: string, options: XmlDiscoveryOptions = {}): FeedResult {
  assertDocumentUrl(baseUrl);
  const collector = new UrlCollector<FeedEntry>(entryCap(options.maxEntries));
  let format: FeedFormat = 'rss';
  let rootNs = '';
  let itemDepth = 2;

  readXml(
    xml,
    { documentUrl: baseUrl, maxDepth: options.maxDepth, maxChars: options.maxChars },
    {
      onOpen(element) {
        if (element.depth !== 0) return;
        const kind = classifyRoot(element.local, element.ns);
        if (kind !== 'rss' && kind !== 'atom' && kind !== 'rdf') {
          const what = kind === 'unknown' ? 'not RSS, Atom or RDF' : `a ${kind} document, not a feed`;
          throw new InputError(`${baseUrl} is ${what} (root element <${element.name.slice(0, 60)}>)`, {
            input: baseUrl,
            kind,
            reason: 'not-a-feed',
          });
        }
        format = kind;
        rootNs = element.ns;
        itemDepth = kind === 'rss' ? 2 : 1;
      },
      onClose(element) {
        if (isItem(element, format, rootNs)) {
          const outcome = readItem(element, format);
          if (!outcome.ok) collector.skip(outcome.value, outcome.reason);
          else if (collector.add(outcome.entry) === 'full') return 'stop';
          return 'drop';
        }
        // Nothing above item level is needed: drop it so the tree never holds more than one item.
        return element.depth <= itemDepth ? 'drop' : 'keep';
      },
    },
  );
  return { format, entries: collector.items, skipped: collector.skipped, truncated: collector.truncated };
}
