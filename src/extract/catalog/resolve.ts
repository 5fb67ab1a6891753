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

/**
 * Keyed by the catalog's actor map, not the catalog object: a `LiveCatalog` stays one object while its records are
 * replaced (each load builds new maps), and its index must follow.
 */
const indexes = new WeakMap<object, Map<string, ResolvedEntity[]>>();

/** Every name of every entity by `nameKey`, built once per catalog: resolving runs on every API request. */
function nameIndex(catalog: ExtractionCatalog): Map<string, ResolvedEntity[]> {
  let index = indexes.get(catalog.actors);
  if (index) return index;
  index = new Map();
  const add = (key: string, e: ResolvedEntity) => {
    if (!key) return;
    const list = index?.get(key) ?? [];
    if (!list.some((x) => x.kind === e.kind && x.id === e.id)) list.push(e);
    index?.set(key, list);
  };
  for (const a of catalog.actors.values()) {
    const names = [...new Set([a.name, ...a.aliases.map((x) => x.name)])];
    const e: ResolvedEntity = { kind: 'actor', id: a.id, name: a.name, aliases: names };
    for (const n of [a.id, ...names]) add(nameKey(n), e);
  }
  for (const v of catalog.vendors.values()) {
    const names = [v.name, ...v.aliases];
    const e: ResolvedEntity = { kind: 'vendor', id: v.id, name: v.name, aliases: names };
    for (const n of [v.id, ...names]) add(nameKey(n), e);
  }
  for (const s of catalog.sectors.values()) {
    const e: ResolvedEntity = { kind: 'sector', id: s.id, name: s.name, aliases: s.synonyms };
    for (const n of [s.id, s.name]) add(nameKey(n), e);
  }
  for (const c of catalog.countries.values()) {
    const names = [c.name, ...c.aliases];
    const e: ResolvedEntity = { kind: 'country', id: c.code, name: c.name, aliases: names };
    for (const n of names) add(nameKey(n), e);
  }
  indexes.set(catalog.actors, index);
  return index;
}

export function resolveEntity(catalog: ExtractionCatalog, query: string): ResolvedEntity[] {
  const key = nameKey(query);
  if (!key) return [];
  // An exact catalog id is unambiguous, even where it is also another actor's alias ("carbanak").
  const byId = catalog.actors.get(query.trim());
  if (byId) {
    return [
      {
        kind: 'actor',
        id: byId.id,
        name: byId.name,
        aliases: [...new Set([byId.name, ...byId.aliases.map((a) => a.name)])],
      },
    ];
  }
  const hits = nameIndex(catalog).get(key) ?? [];
  // An actor name wins over the same word as a vendor, sector or country ("Turla" is no country).
  const actors = hits.filter((e) => e.kind === 'actor');
  if (actors.length > 0) return actors;
  // A two-letter code is a country ("JP"), even where it spells a word.
  if (/^[A-Za-z]{2}$/.test(query.trim())) {
    const country = catalog.countries.get(query.trim().toUpperCase());
    if (country)
      return [{ kind: 'country', id: country.code, name: country.name, aliases: [country.name, ...country.aliases] }];
  }
  return hits;
}
