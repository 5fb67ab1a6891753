/**
 * Publication and modification dates, most reliable source first: JSON-LD, date meta tags (Open Graph article:*,
 * Dublin Core, Parse.ly, Sailthru …), `<time>` in the article's top region, a byline-named element, a bare date line
 * near the top. Scripts other than JSON-LD are never read (they are stripped before parsing), and dates deep in the
 * page (comments, related stories) are out of the top region.
 */
import { toIsoDate } from './dates.ts';
import { type JsonObject, stringField } from './json-ld.ts';
import type { MetaTags } from './meta-tags.ts';
import {
  type BodyRange,
  innerText,
  inTopRegion,
  type NodeRecord,
  type PageModel,
  TOP_REGION_TOKENS,
} from './page-model.ts';

const PUBLISHED_META = [
  'article:published_time',
  'og:article:published_time',
  'article:published',
  'datepublished',
  'og:published_time',
  'published_time',
  'publishdate',
  'publish-date',
  'publish_date',
  'pubdate',
  'parsely-pub-date',
  'sailthru.date',
  'dc.date.issued',
  'dc.date.created',
  'dcterms.issued',
  'dcterms.created',
  'dc.date',
  'dcterms.date',
  'citation_publication_date',
  'citation_date',
  'prism.publicationdate',
  'article.published',
  'date',
  'publication_date',
  'date_published',
  'original-publish-date',
];
const MODIFIED_META = [
  'article:modified_time',
  'og:article:modified_time',
  'datemodified',
  'og:updated_time',
  'article:modified',
  'modified_time',
  'last-modified',
  'dcterms.modified',
  'dc.date.modified',
  'article.updated',
  'lastmod',
];
const DATE_HINT = /date|time|publish|posted|byline|meta|timestamp|dateline/i;
const UPDATED_HINT = /updated|modified/i;

/** Publication date as an ISO prefix, or null. `dayFirst` reads 05/10/2018 as 5 October (non-English pages). */
export function publishedDate(
  m: PageModel,
  metas: MetaTags,
  article: JsonObject | null,
  body: BodyRange | null,
  dayFirst: boolean,
): string | null {
  return (
    toIsoDate(stringField(article, 'datePublished')) ??
    toIsoDate(stringField(article, 'dateCreated')) ??
    firstDate(metas, PUBLISHED_META) ??
    timeDate(m, body, false, dayFirst) ??
    bylineDate(m, body, dayFirst) ??
    standaloneDate(m, body, dayFirst)
  );
}

/** Last-modified date as an ISO prefix, or null: only from declarations and explicitly "updated" `<time>`s. */
export function modifiedDate(
  m: PageModel,
  metas: MetaTags,
  article: JsonObject | null,
  body: BodyRange | null,
  dayFirst: boolean,
): string | null {
  return (
    toIsoDate(stringField(article, 'dateModified')) ??
    firstDate(metas, MODIFIED_META) ??
    timeDate(m, body, true, dayFirst)
  );
}

function firstDate(metas: MetaTags, keys: readonly string[]): string | null {
  for (const k of keys) {
    const d = toIsoDate(metas.get(k));
    if (d) return d;
  }
  return null;
}

/**
 * `<time datetime>` (or itemprop date) in the article's top region: from shortly before the body starts to a few
 * paragraphs in. Later ones belong to comments, related stories or footers.
 */
function timeDate(m: PageModel, body: BodyRange | null, modified: boolean, dayFirst: boolean): string | null {
  const wantProp = modified ? 'datemodified' : 'datepublished';
  for (const t of m.times) {
    if ((t.itemprop ?? '').toLowerCase() === wantProp) {
      const d = toIsoDate(t.datetime) ?? toIsoDate(innerText(m, m.nodes[t.node] as NodeRecord), dayFirst);
      if (d) return d;
    }
  }
  if (modified) {
    for (const t of m.times) {
      const r = m.nodes[t.node] as NodeRecord;
      if (!UPDATED_HINT.test(r.hint) || !inTopRegion(r, body)) continue;
      const d = toIsoDate(t.datetime);
      if (d) return d;
    }
    return null;
  }
  for (const t of m.times) {
    const r = m.nodes[t.node] as NodeRecord;
    if (!inTopRegion(r, body) || UPDATED_HINT.test(r.hint)) continue;
    const d = toIsoDate(t.datetime) ?? toIsoDate(innerText(m, r), dayFirst);
    if (d) return d;
  }
  return null;
}

/** A date written in a byline/dateline-like element near the top of the article. */
function bylineDate(m: PageModel, body: BodyRange | null, dayFirst: boolean): string | null {
  if (!body) return null;
  for (const r of m.nodes) {
    if (r.open > body.early) break;
    if (r.open < body.start - TOP_REGION_TOKENS || !r.hint || !DATE_HINT.test(r.hint)) continue;
    const t = innerText(m, r);
    if (t.length > 200) continue;
    const d = toIsoDate(t, dayFirst);
    if (d && d.length === 10) return d;
  }
  return null;
}

/**
 * A text node near the top of the article that is nothing but a date ("November 15, 2019", "05/10/2018"), as
 * unlabelled bylines print it. Dates inside sentences are not taken: they are what the story is about.
 */
function standaloneDate(m: PageModel, body: BodyRange | null, dayFirst: boolean): string | null {
  if (!body) return null;
  for (let t = Math.max(0, body.start - TOP_REGION_TOKENS); t < body.early && t < m.kinds.length; t++) {
    if (m.kinds[t] !== 0) continue;
    const s = (m.texts[m.refs[t] as number] as string).trim();
    if (s.length < 6 || s.length > 60 || !/\d{4}/.test(s)) continue;
    const d = toIsoDate(s, dayFirst);
    if (d && d.length === 10 && (s.match(/\p{L}{4,}/gu)?.length ?? 0) <= 3) return d;
  }
  return null;
}
