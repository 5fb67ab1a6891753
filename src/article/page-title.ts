/**
 * The headline: og:title, JSON-LD headline, twitter:title, the article's `<h1>`, then `<title>`; with the site name
 * (or a short trailing section label) removed, since pages append it to every title.
 */
import { type JsonObject, stringField } from './json-ld.ts';
import type { MetaTags } from './meta-tags.ts';
import type { BodyRange, NodeRecord, PageModel } from './page-model.ts';

const TITLE_SEPARATOR = /\s+(?:[|\u2013\u2014\u00b7\u2022»:]{1,2}|-{1,2}|::)\s+/;

/** The article's headline, or null. */
export function pageTitle(
  m: PageModel,
  metas: MetaTags,
  article: JsonObject | null,
  body: BodyRange | null,
  publisher: string | null,
): string | null {
  const raw =
    cleanText(metas.get('og:title')) ??
    cleanText(stringField(article, 'headline')) ??
    cleanText(metas.get('twitter:title')) ??
    firstH1(m, body) ??
    m.title;
  return raw ? stripSiteSuffix(raw, publisher) : null;
}

function firstH1(m: PageModel, body: BodyRange | null): string | null {
  let best: NodeRecord | undefined;
  for (const r of m.nodes) {
    if (r.tag !== 'h1') continue;
    if (!best) best = r;
    if (body && r.open >= body.start - 2000 && r.open <= body.end) {
      best = r;
      break;
    }
  }
  if (!best) return null;
  let s = '';
  for (let t = best.open + 1; t < best.close; t++) if (m.kinds[t] === 0) s += m.texts[m.refs[t] as number];
  return cleanText(s);
}

/** "Story headline | Site Name" → "Story headline": drop separator-delimited parts naming the site. */
export function stripSiteSuffix(title: string, publisher: string | null): string {
  const parts = title.split(TITLE_SEPARATOR);
  if (parts.length < 2) return title;
  const norm = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  const site = publisher ? norm(publisher) : '';
  const isSite = (p: string): boolean => {
    const n = norm(p);
    return n.length > 0 && site.length > 0 && (n === site || n.includes(site) || site.includes(n));
  };
  let kept = parts.slice();
  while (kept.length > 1 && isSite(kept[kept.length - 1] as string)) kept.pop();
  while (kept.length > 1 && isSite(kept[0] as string)) kept.shift();
  if (kept.length === parts.length) {
    // No known site name: drop a short trailing part when what remains is a real headline.
    const last = kept[kept.length - 1] as string;
    const rest = kept.slice(0, -1).join(' ');
    if (last.split(/\s+/).length <= 4 && rest.split(/\s+/).length >= 3) kept = kept.slice(0, -1);
  }
  if (kept.length === parts.length) return title;
  // Rejoin with the original separators by slicing the title up to the end of the last kept part.
  const first = title.indexOf(kept[0] as string);
  const lastPart = kept[kept.length - 1] as string;
  const end = title.indexOf(lastPart, first) + lastPart.length;
  return title.slice(first, end).trim() || title;
}

function cleanText(s: string | null | undefined): string | null {
  if (!s) return null;
  const t = s.replace(/\s+/g, ' ').trim();
  return t || null;
}
