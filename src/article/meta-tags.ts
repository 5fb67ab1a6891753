import type { PageModel } from './page-model.ts';

/** `<meta>` contents by lower-cased name/property/itemprop/http-equiv (the first occurrence of each key). */
export type MetaTags = ReadonlyMap<string, string>;

/** Indexes the page's meta tags once, so every metadata field looks its keys up in O(1). */
export function indexMetaTags(m: PageModel): MetaTags {
  const out = new Map<string, string>();
  for (const a of m.metas) {
    const content = a.content;
    if (content === undefined || content.trim() === '') continue;
    for (const key of [a.property, a.name, a.itemprop, a['http-equiv']]) {
      if (!key) continue;
      const k = key.trim().toLowerCase();
      if (!out.has(k)) out.set(k, content.trim());
    }
  }
  return out;
}
