/**
 * Name resolution for search and watchlists: any name an analyst types ("Stone Panda", "apt 10", "Symantec",
 * "pharmaceutical", "Japan", "JP") to the catalog entities it can mean. Several candidates means the name is
 * ambiguous, and callers show the candidates rather than pick one.
 */
import { nameKey } from '../text/tokens.ts';
import type { ExtractionCatalog } from './index.ts';

export type EntityKind = 'actor' | 'vendor' | 'sector' | 'country';

export interface ResolvedEntity {
  kind: EntityKind;
  id: string;
  name: string;
  /** Every name of the entity (actors: aliases; others: their alternative names). */
  aliases: string[];
}

export function resolveEntity(catalog: ExtractionCatalog, query: string): ResolvedEntity[] {
  const key = nameKey(query);
  if (!key) return [];
  const out: ResolvedEntity[] = [];
  for (const a of catalog.actors.values()) {
    const names = [a.name, ...a.aliases.map((x) => x.name)];
    if (a.id === query || names.some((n) => nameKey(n) === key))
      out.push({ kind: 'actor', id: a.id, name: a.name, aliases: [...new Set(names)] });
  }
  if (out.length > 0) return out;
  for (const v of catalog.vendors.values()) {
    const names = [v.name, ...v.aliases];
    if (v.id === query || names.some((n) => nameKey(n) === key))
      out.push({ kind: 'vendor', id: v.id, name: v.name, aliases: names });
  }
  for (const s of catalog.sectors.values()) {
    if (s.id === query || nameKey(s.name) === key || nameKey(s.id) === key)
      out.push({ kind: 'sector', id: s.id, name: s.name, aliases: s.synonyms });
  }
  for (const c of catalog.countries.values()) {
    const names = [c.name, ...c.aliases];
    if (c.code === query.toUpperCase() && query.length === 2)
      out.push({ kind: 'country', id: c.code, name: c.name, aliases: names });
    else if (names.some((n) => nameKey(n) === key))
      out.push({ kind: 'country', id: c.code, name: c.name, aliases: names });
  }
  return out;
}
