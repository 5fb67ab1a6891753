/**
 * Labelled articles (the `cti-gold` format: docs/extraction.md) and how a decision taken by extraction is labelled
 * from them. Used by training and evaluation only; extraction never reads gold.
 */
import type { ExtractionCatalog } from '../catalog/index.ts';
import { nameKey } from '../text/tokens.ts';
import type { Decision, ModelName } from './models.ts';

export interface GoldArticle {
  id: string;
  url?: string;
  title?: string;
  publisher?: string;
  published?: string;
  text: string;
  gold: {
    actors?: { canonical: string; mentions?: string[] }[];
    vendors?: { canonical: string; mentions?: string[] }[];
    sectors?: { sector: string; actor: string | null }[];
    countries?: { country: string; actor: string | null; role: string }[];
    sponsors?: { actor: string; state: string }[];
  };
}

/** Compiled gold of one article: name keys of each actor and vendor, and the facts as comparable keys. */
export class GoldFacts {
  readonly actorKeys: Set<string>[];
  readonly vendorKeys: Set<string>[];
  readonly victimSectors: Set<string>;
  readonly actorSectors: Set<string>;
  readonly actorCountries: Set<string>;
  readonly actorSponsors: Set<string>;

  constructor(
    article: GoldArticle,
    private readonly catalog: ExtractionCatalog,
  ) {
    const g = article.gold;
    this.actorKeys = (g.actors ?? []).map((a) => keys([a.canonical, ...(a.mentions ?? [])]));
    this.vendorKeys = (g.vendors ?? []).map((v) => keys([v.canonical, ...(v.mentions ?? [])]));
    this.victimSectors = new Set((g.sectors ?? []).map((s) => s.sector));
    this.actorSectors = new Set(
      (g.sectors ?? []).flatMap((s) => (s.actor ? [`${this.actorIndex([s.actor])}|${s.sector}`] : [])),
    );
    this.actorCountries = new Set(
      (g.countries ?? []).flatMap((c) =>
        c.role === 'victim' && c.actor ? [`${this.actorIndex([c.actor])}|${this.countryCode(c.country)}`] : [],
      ),
    );
    this.actorSponsors = new Set(
      (g.sponsors ?? []).map((s) => `${this.actorIndex([s.actor])}|${this.countryCode(s.state)}`),
    );
  }

  /** Index of the gold actor one of `names` names, or -1. */
  actorIndex(names: readonly string[]): number {
    const k = keys(names);
    return this.actorKeys.findIndex((g) => [...g].some((x) => k.has(x)));
  }

  vendorIndex(names: readonly string[]): number {
    const k = keys(names);
    return this.vendorKeys.findIndex((g) => [...g].some((x) => k.has(x)));
  }

  countryCode(name: string): string {
    const key = nameKey(name);
    for (const c of this.catalog.countries.values()) {
      if (c.code.toLowerCase() === key || nameKey(c.name) === key) return c.code;
      if (c.aliases.some((a) => nameKey(a) === key)) return c.code;
    }
    return key;
  }

  /** The label of one decision: 1 when gold says what the decision would assert. */
  label(d: Decision): number {
    const a = d.about;
    const names = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);
    const actor = (): number => this.actorIndex(names(a.actorNames));
    switch (d.model as ModelName) {
      case 'actor-is-group':
        return this.actorIndex(names(a.names)) >= 0 ? 1 : 0;
      case 'vendor-cited':
        return this.vendorIndex(names(a.names)) >= 0 ? 1 : 0;
      case 'sector-victim':
        return this.victimSectors.has(String(a.sector)) ? 1 : 0;
      case 'pair-sector':
        return actor() >= 0 && this.actorSectors.has(`${actor()}|${a.sector}`) ? 1 : 0;
      case 'pair-country':
        return actor() >= 0 && this.actorCountries.has(`${actor()}|${a.country}`) ? 1 : 0;
      case 'pair-sponsor':
        return actor() >= 0 && this.actorSponsors.has(`${actor()}|${a.country}`) ? 1 : 0;
    }
  }
}

function keys(names: readonly string[]): Set<string> {
  const out = new Set(names.map((n) => nameKey(n)));
  out.delete('');
  return out;
}
