/**
 * The extraction catalog: built-in actors, vendors, countries and sectors (plus any local actor catalog), compiled
 * once into phrase matchers. Building it costs a few milliseconds, so callers keep one per process.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { assetPath } from '../../paths.ts';
import { type CaseMode, PhraseMatcher } from '../text/phrase-matcher.ts';
import { nameKey } from '../text/tokens.ts';
import { PLACE_NAME_TRAPS } from './ambiguous-places.ts';
import type { ActorAlias, ActorRecord, CountryRecord, SectorRecord, VendorRecord } from './types.ts';

export interface ActorMatch {
  actorId: string;
  alias: ActorAlias;
}

/** `trap`: a longer place name that contains a country's name but is not the country ("New Mexico"). */
export type CountryForm = 'name' | 'alias' | 'demonym' | 'metonym' | 'agency' | 'trap';

export interface CountryMatch {
  code: string;
  form: CountryForm;
}

export interface ExtractionCatalog {
  actors: ReadonlyMap<string, ActorRecord>;
  vendors: ReadonlyMap<string, VendorRecord>;
  countries: ReadonlyMap<string, CountryRecord>;
  sectors: ReadonlyMap<string, SectorRecord>;
  actorMatcher: PhraseMatcher<ActorMatch>;
  vendorMatcher: PhraseMatcher<VendorRecord>;
  countryMatcher: PhraseMatcher<CountryMatch>;
  sectorMatcher: PhraseMatcher<SectorRecord>;
  /**
   * What the records say, as a short hash ({@link catalogRevision}): stored with every article and claim, so what a
   * catalog import changed can be found and re-extracted, and a process can tell that its catalog is out of date.
   */
  revision: string;
}

function readData<T>(name: string): T {
  return JSON.parse(readFileSync(assetPath('extract', 'catalog', 'data', name), 'utf8')) as T;
}

/** The catalogs that ship with claimwire. */
export function builtinData(): {
  actors: ActorRecord[];
  vendors: VendorRecord[];
  countries: CountryRecord[];
  sectors: SectorRecord[];
} {
  return {
    actors: readData<ActorRecord[]>('actors.json'),
    vendors: readData<VendorRecord[]>('vendors.json'),
    countries: readData<CountryRecord[]>('countries.json'),
    sectors: readData<SectorRecord[]>('sectors.json'),
  };
}

/** Short all-capital names ("US", "FBI", "DPRK") only count when written in capitals. */
function properNameCase(surface: string): CaseMode {
  const letters = surface.replace(/[^\p{L}\p{N}]+/gu, '');
  if (letters.length <= 5 && letters === letters.toUpperCase() && /\p{L}/u.test(letters)) return 'exact';
  return 'proper';
}

function actorAliasCase(alias: ActorAlias): CaseMode {
  const letters = alias.name.replace(/[^\p{L}\p{N}]+/gu, '');
  if (letters.length <= 3) return 'exact';
  if (alias.commonWord) return 'proper';
  return 'any';
}

export interface CatalogInput {
  actors: readonly ActorRecord[];
  vendors: readonly VendorRecord[];
  countries: readonly CountryRecord[];
  sectors: readonly SectorRecord[];
}

/**
 * A hash of the catalog's records (built-in plus local, as laid over each other): equal catalogs have equal revisions
 * whatever file they came from, and any change to a name, alias or flag gives a new one.
 */
export function catalogRevision(input: CatalogInput): string {
  const h = createHash('sha256');
  for (const part of [input.actors, input.vendors, input.countries, input.sectors]) h.update(JSON.stringify(part));
  return h.digest('hex').slice(0, 12);
}

/** Compiles catalog records into matchers. */
export function buildCatalog(input: CatalogInput): ExtractionCatalog {
  const actors = new Map(input.actors.map((a) => [a.id, a]));
  const actorMatcher = new PhraseMatcher<ActorMatch>();
  for (const actor of actors.values()) {
    // Imported catalogs never say which names are ordinary words; a lone imported word needs context to count.
    const imported = !(actor.sources ?? ['builtin']).includes('builtin');
    const guard = (a: ActorAlias): ActorAlias =>
      imported && a.commonWord === undefined && /^\p{L}+$/u.test(a.name) ? { ...a, commonWord: true } : a;
    const names: ActorAlias[] = [guard({ name: actor.name }), ...actor.aliases.map(guard)];
    const seen = new Set<string>();
    for (const alias of names) {
      // The canonical name inherits the flags of the alias spelled the same ("Royal", "PLATINUM"; "REvil", "Emotet").
      const same = (a: ActorAlias): boolean => nameKey(a.name) === nameKey(alias.name);
      const common = alias.commonWord ?? actor.aliases.some((a) => a.commonWord && same(a));
      const malware = alias.malware ?? actor.aliases.some((a) => a.malware && same(a));
      const flagged: ActorAlias = {
        ...alias,
        ...(common ? { commonWord: true } : {}),
        ...(malware ? { malware: true } : {}),
      };
      const dedupe = `${nameKey(alias.name)}|${alias.name}|${common ? 1 : 0}|${malware ? 1 : 0}`;
      if (seen.has(dedupe)) continue;
      seen.add(dedupe);
      actorMatcher.add(alias.name, { actorId: actor.id, alias: flagged }, actorAliasCase(flagged));
    }
  }

  const vendors = new Map(input.vendors.map((v) => [v.id, v]));
  const vendorMatcher = new PhraseMatcher<VendorRecord>();
  for (const v of vendors.values()) {
    for (const name of [v.name, ...v.aliases]) vendorMatcher.add(name, v, properNameCase(name));
  }

  const countries = new Map(input.countries.map((c) => [c.code, c]));
  const countryMatcher = new PhraseMatcher<CountryMatch>();
  for (const c of countries.values()) {
    const forms: [CountryForm, readonly string[]][] = [
      ['name', [c.name]],
      ['alias', c.aliases],
      ['demonym', c.demonyms],
      ['metonym', c.metonyms ?? []],
      ['agency', c.agencies ?? []],
    ];
    for (const [form, names] of forms) {
      for (const name of names) countryMatcher.add(name, { code: c.code, form }, properNameCase(name));
    }
  }
  // Registered as names in their own right so the longest match swallows them; the country extractor drops them.
  for (const trap of PLACE_NAME_TRAPS) countryMatcher.add(trap, { code: '', form: 'trap' }, 'proper');

  const sectors = new Map(input.sectors.map((s) => [s.id, s]));
  const sectorMatcher = new PhraseMatcher<SectorRecord>();
  for (const s of sectors.values()) {
    for (const phrase of [s.name, ...s.synonyms]) {
      // Acronyms among sector phrases ("MSPs", "NGOs", "ISPs") must be written as such.
      sectorMatcher.add(phrase, s, /\b[A-Z]{2,}s?\b/.test(phrase) ? 'exact' : 'any');
    }
  }

  return {
    actors,
    vendors,
    countries,
    sectors,
    actorMatcher,
    vendorMatcher,
    countryMatcher,
    sectorMatcher,
    revision: catalogRevision(input),
  };
}

let cached: ExtractionCatalog | null = null;

/** The built-in catalog, compiled on first use. */
export function defaultCatalog(): ExtractionCatalog {
  cached ??= buildCatalog(builtinData());
  return cached;
}
