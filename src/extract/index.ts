/**
 * The extraction core: an article in, entities and cited claims out. Pure: no network, no Redis, no Elasticsearch,
 * and the same article always yields the same result (claim ids included).
 */
import type { Article } from '../article/types.ts';
import type { ExtractionResult } from '../claims/types.ts';
import { extractActors } from './actors.ts';
import { defaultCatalog, type ExtractionCatalog } from './catalog/index.ts';
import { buildClaims } from './claims.ts';
import { countryEntities, extractCountries } from './countries.ts';
import { distinctDates, findDates } from './dates.ts';
import { Doc } from './document.ts';
import { Decider, type DecisionObserver, defaultModels, type ModelSet } from './model/models.ts';
import { extractPercentages } from './percentages.ts';
import { decideRelations, objectMentions } from './relations.ts';
import { sectorCandidates, sectorEntities } from './sectors.ts';
import { extractVendors } from './vendors.ts';

export interface ExtractOptions {
  /** Compiled catalog; defaults to the built-in one. */
  catalog?: ExtractionCatalog;
  /** What the result names as its `source` (an input path, a job id); defaults to the article URL. */
  source?: string;
  /** Weights of the learned decisions; defaults to the ones that ship (`src/extract/model/weights.json`). */
  models?: ModelSet;
  /** Told about every learned decision (training collects examples with it; `--explain` shows them). */
  observe?: DecisionObserver;
}

export function extractArticle(article: Article, options: ExtractOptions = {}): ExtractionResult {
  const catalog = options.catalog ?? defaultCatalog();
  const doc = new Doc(article.text, article.published);
  const decider = new Decider(options.models ?? defaultModels(), options.observe);
  const actors = extractActors(doc, catalog, decider);
  const vendors = extractVendors(doc, catalog, decider, article.publisher);
  const countries = extractCountries(doc, catalog);
  const objects = objectMentions(doc, sectorCandidates(doc, catalog, vendors.mentions), countries.mentions);
  const { relations, victimSectors } = decideRelations(doc, catalog, decider, actors.mentions, objects);
  // The learned decisions settle a country mention's role where they made a claim of it.
  const countryAt = new Map(countries.mentions.map((m) => [m.start, m]));
  for (const r of relations) {
    const m = r.object.kind === 'country' ? countryAt.get(r.object.start) : undefined;
    if (m) m.role = r.predicate === 'sponsored-by' ? 'origin' : 'victim';
  }
  const percentages = extractPercentages(doc.text);
  const dates = findDates(doc.text, article.published);
  const claims = buildClaims(doc, catalog, {
    url: article.url,
    actors: actors.mentions,
    actorNames: new Map(actors.entities.map((a) => [a.id, a.name])),
    vendors,
    relations,
    percentages,
    dates,
  });
  return {
    source: options.source ?? article.url ?? '',
    article: {
      url: article.url,
      title: article.title,
      publisher: article.publisher,
      published: article.published,
      language: article.language,
      text: article.text,
    },
    actors: actors.entities,
    vendors: vendors.entities,
    percentages,
    dates: distinctDates(dates),
    sectors: sectorEntities(victimSectors.map((o) => ({ ...o, sectorId: o.id }))),
    countries: countryEntities(countries.mentions, catalog),
    claims,
  };
}

export type { ExtractionCatalog } from './catalog/index.ts';
export { buildCatalog, defaultCatalog } from './catalog/index.ts';
export { type ExtractorStamp, extractorStamp, extractorVersion } from './version.ts';
