import { findArticleObject, isObject, type JsonObject, jsonLdObjects, names, stringField } from './json-ld.ts';
import { indexMetaTags, type MetaTags } from './meta-tags.ts';
import { pageAuthors } from './page-authors.ts';
import type { BodyRange, PageModel } from './page-model.ts';
import { pageTitle } from './page-title.ts';
import { modifiedDate, publishedDate } from './publication-dates.ts';

/**
 * Citation metadata from the page's declarations, most reliable first: JSON-LD (written for search engines), then
 * Open Graph / article / Dublin Core meta tags, then visible markup (`<h1>`, `<time>`, bylines) near the top of the
 * article. Dates are only read from declarations and visible markup, never from arbitrary scripts.
 */
export interface Metadata {
  url: string | null;
  title: string | null;
  publisher: string | null;
  authors: string[];
  published: string | null;
  modified: string | null;
  language: string | null;
}

/**
 * Reads all citation metadata of a page. `body` (where the article sits, when known) limits visible-markup sources
 * to the article's top region; `pageUrl` is the fallback URL and the base for a relative canonical link.
 */
export function extractMetadata(
  m: PageModel,
  jsonLd: readonly string[],
  body: BodyRange | null,
  pageUrl?: string,
): Metadata {
  const metas = indexMetaTags(m);
  const objects = jsonLdObjects(jsonLd);
  const article = findArticleObject(objects);
  const publisher = cleanPublisher(
    metas.get('og:site_name') ??
      publisherName(article, objects) ??
      metas.get('application-name') ??
      metas.get('twitter:app:name:iphone') ??
      null,
  );
  const language = pickLanguage(m, metas, article);
  // Outside English pages numeric dates are day-first (05/10/2018 is 5 October).
  const dayFirst = language !== null && language !== 'en';
  return {
    url: canonicalUrl(m, metas, pageUrl),
    title: pageTitle(m, metas, article, body, publisher),
    publisher,
    authors: pageAuthors(m, metas, article, objects, body, publisher),
    published: publishedDate(m, metas, article, body, dayFirst),
    modified: modifiedDate(m, metas, article, body, dayFirst),
    language,
  };
}

/** Site names sometimes carry a tagline or section list ("Site | Tagline | Sections"): keep the first part. */
function cleanPublisher(s: string | null | undefined): string | null {
  const t = cleanText(s);
  return t ? (t.split(/\s+\|\s+/)[0] ?? t) : null;
}

function cleanText(s: string | null | undefined): string | null {
  if (!s) return null;
  const t = s.replace(/\s+/g, ' ').trim();
  return t || null;
}

function canonicalUrl(m: PageModel, metas: MetaTags, pageUrl?: string): string | null {
  const canonical = m.links.find((l) => (l.rel ?? '').toLowerCase().split(/\s+/).includes('canonical'))?.href;
  for (const candidate of [canonical, metas.get('og:url')]) {
    const abs = absoluteUrl(candidate, pageUrl);
    if (abs) return abs;
  }
  return pageUrl ? (absoluteUrl(pageUrl) ?? pageUrl) : null;
}

function absoluteUrl(href: string | undefined, base?: string): string | null {
  if (!href?.trim()) return null;
  try {
    const u = base ? new URL(href.trim(), base) : new URL(href.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

function publisherName(article: JsonObject | null, objects: readonly JsonObject[]): string | null {
  const fromArticle = article ? names(article.publisher, objects)[0] : undefined;
  if (fromArticle) return fromArticle;
  for (const o of objects) {
    const t = o['@type'];
    if ((t === 'Organization' || t === 'NewsMediaOrganization') && typeof o.name === 'string') return o.name;
  }
  return null;
}

function pickLanguage(m: PageModel, metas: MetaTags, article: JsonObject | null): string | null {
  const inLanguage = article?.inLanguage;
  const ldLang =
    typeof inLanguage === 'string' ? inLanguage : isObject(inLanguage) ? stringField(inLanguage, 'name') : null;
  for (const raw of [
    m.htmlLang,
    metas.get('og:locale'),
    metas.get('content-language'),
    metas.get('language'),
    metas.get('dc.language'),
    ldLang,
  ]) {
    const tag = primarySubtag(raw);
    if (tag) return tag;
  }
  return null;
}

function primarySubtag(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const first =
    raw
      .trim()
      .split(/[-_,\s]/)[0]
      ?.toLowerCase() ?? '';
  return /^[a-z]{2,3}$/.test(first) ? first : null;
}
