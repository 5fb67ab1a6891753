/**
 * Authors, most reliable source first: JSON-LD `author`/`creator` (with `@id` references resolved), author meta
 * tags (an `article:author` that is a profile URL is skipped), then visible markup in the article's top region
 * (rel=author, itemprop=author, byline-named elements, a bare "By Jane Doe" line).
 */
import { cleanAuthorNames } from './author-names.ts';
import { type JsonObject, names } from './json-ld.ts';
import type { MetaTags } from './meta-tags.ts';
import { type BodyRange, innerText, type PageModel, TOP_REGION_TOKENS } from './page-model.ts';

const AUTHOR_META = [
  'author',
  'article:author',
  'dc.creator',
  'dcterms.creator',
  'parsely-author',
  'sailthru.author',
  'byl',
];
const URLISH = /^(?:https?:)?\/\/|^www\.|\.(?:com|org|net)\b/i;
const BYLINE_HINT = /byline|author|writer|contributor|reporter|by-line|creator/i;
const BYLINE_PREFIX = /^\s*(?:by|written by|posted by|von|par|por|di|door|av)[:\s]+\p{Lu}/iu;

/** Person (or agency) names of the article's authors, cleaned and deduplicated; `publisher` parts are dropped. */
export function pageAuthors(
  m: PageModel,
  metas: MetaTags,
  article: JsonObject | null,
  objects: readonly JsonObject[],
  body: BodyRange | null,
  publisher: string | null,
): string[] {
  const cleanNames = (raw: readonly string[]): string[] => cleanAuthorNames(raw, publisher);
  const fromLd = article ? names(article.author, objects).concat(names(article.creator, objects)) : [];
  let list = cleanNames(fromLd);
  if (list.length > 0) return list;
  const metaNames: string[] = [];
  for (const k of AUTHOR_META) {
    const v = metas.get(k);
    if (v && !URLISH.test(v)) metaNames.push(v);
  }
  list = cleanNames(metaNames);
  if (list.length > 0) return list;
  return markupAuthors(m, body, cleanNames);
}

/**
 * Authors from visible markup in the article's top region (so comment authors and "more by" boxes never count):
 * rel=author links and itemprop=author elements, then elements named like bylines, then a bare "By Jane Doe" line.
 */
function markupAuthors(m: PageModel, body: BodyRange | null, clean: (raw: readonly string[]) => string[]): string[] {
  const start = body ? Math.max(0, body.start - TOP_REGION_TOKENS) : 0;
  const limit = body ? body.early : Number.POSITIVE_INFINITY;
  const tagged: string[] = [];
  for (const r of m.nodes) {
    if (r.open > limit) break;
    if (r.open < start) continue;
    const a = r.el.attribs;
    const isAuthorLink = r.tag === 'a' && (a.rel ?? '').toLowerCase().split(/\s+/).includes('author');
    const isAuthorProp = (a.itemprop ?? '').toLowerCase() === 'author';
    if (isAuthorLink || isAuthorProp) {
      const t = innerText(m, r);
      if (t && t.length < 120) tagged.push(t);
    }
  }
  let found = clean(tagged);
  if (found.length > 0) return found;
  for (const r of m.nodes) {
    if (r.open > limit) break;
    if (r.open < start || !r.hint || !BYLINE_HINT.test(r.hint)) continue;
    const t = innerText(m, r);
    if (!t || t.length > 150) continue;
    found = clean([t.split(/\s[|\u2013\u2014]\s|\bupdated\b|\bpublished\b/i)[0] ?? '']);
    if (found.length > 0) return found;
  }
  if (!body) return [];
  // A bare "By Jane Doe" line just before or at the top of the body.
  for (let t = Math.max(0, body.start - 400); t < body.early && t < m.kinds.length; t++) {
    if (m.kinds[t] !== 0) continue;
    const s = (m.texts[m.refs[t] as number] as string).trim();
    if (s.length < 80 && BYLINE_PREFIX.test(s)) {
      found = clean([s]);
      if (found.length > 0) return found;
    }
  }
  return [];
}
