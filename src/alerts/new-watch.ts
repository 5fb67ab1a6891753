/**
 * A watch from what an analyst typed: the name is resolved to its actor when the watch is saved (an alias shared by
 * several actors is refused with the candidates), filters are checked against the taxonomy, and the webhook URL must
 * be one the delivery guard would accept.
 */
import { createHash, randomBytes } from 'node:crypto';
import { PREDICATES, type Predicate } from '../claims/types.ts';
import { InputError } from '../errors.ts';
import type { ExtractionCatalog } from '../extract/catalog/index.ts';
import { resolveEntity } from '../extract/catalog/resolve.ts';
import type { AlertFormat } from './types.ts';

/**
 * When a watch fires: `new-article` (default) for every new article whose claims match; `new-assertion` only when an
 * article makes an assertion about the actor that no earlier report made (the first report of X targeting Japan).
 */
export const WATCH_MODES = ['new-article', 'new-assertion'] as const;
export type WatchMode = (typeof WATCH_MODES)[number];

export interface NewWatchInput {
  name: string;
  url: string;
  secret?: string | undefined;
  format?: AlertFormat | undefined;
  predicates?: string[] | undefined;
  sectors?: string[] | undefined;
  countries?: string[] | undefined;
  on?: WatchMode | undefined;
}

export interface NewWatch {
  id: string;
  name: string;
  actorId: string;
  predicates: Predicate[];
  sectors: string[];
  countries: string[];
  url: string;
  secret: string | null;
  format: AlertFormat;
  createdAt: string;
  /** Absent on watches saved before modes existed: those fire on every new article. */
  on?: WatchMode;
}

/** Raised when a name is shared by several actors; `candidates` lists them for the analyst to pick by id. */
export class AmbiguousWatchError extends InputError {
  constructor(
    readonly query: string,
    readonly candidates: { id: string; name: string; aliases: string[] }[],
  ) {
    super(
      `"${query}" names ${candidates.length} actors (${candidates.map((c) => c.id).join(', ')}): watch one of them by id`,
      {
        input: query,
        reason: 'ambiguous-name',
      },
    );
  }
}

export function newWatch(input: NewWatchInput, catalog: ExtractionCatalog, now: Date): NewWatch {
  const candidates = resolveEntity(catalog, input.name).filter((e) => e.kind === 'actor');
  if (candidates.length === 0)
    throw new InputError(`no actor is called "${input.name}"`, { input: input.name, reason: 'unknown-actor' });
  if (candidates.length > 1) throw new AmbiguousWatchError(input.name, candidates);
  const actor = candidates[0] as (typeof candidates)[number];
  const predicates = input.predicates ?? [];
  const bad = predicates.filter((p) => !(PREDICATES as readonly string[]).includes(p));
  if (bad.length > 0)
    throw new InputError(`unknown predicate(s) ${bad.join(', ')} (one of ${PREDICATES.join(', ')})`, {
      input: bad.join(','),
      reason: 'bad-predicate',
    });
  const sectors = input.sectors ?? [];
  const badSectors = sectors.filter((s) => !catalog.sectors.has(s));
  if (badSectors.length > 0)
    throw new InputError(`unknown sector id(s) ${badSectors.join(', ')}`, {
      input: badSectors.join(','),
      reason: 'bad-sector',
    });
  const countries = (input.countries ?? []).map((c) => c.toUpperCase());
  const badCountries = countries.filter((c) => !catalog.countries.has(c));
  if (badCountries.length > 0)
    throw new InputError(`unknown country code(s) ${badCountries.join(', ')}`, {
      input: badCountries.join(','),
      reason: 'bad-country',
    });
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw new InputError(`the webhook URL "${input.url}" is not a URL`, { input: 'webhook', reason: 'invalid-url' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(`the webhook URL must be http or https, not ${url.protocol}`, {
      input: 'webhook',
      reason: 'unsupported-scheme',
    });
  }
  if (url.username || url.password)
    throw new InputError('the webhook URL must not carry credentials; use --secret', {
      input: 'webhook',
      reason: 'url-credentials',
    });
  const id = `w-${createHash('sha256')
    .update(`${actor.id}|${url.href}|${now.toISOString()}|${randomBytes(4).toString('hex')}`)
    .digest('hex')
    .slice(0, 16)}`;
  return {
    id,
    name: input.name,
    actorId: actor.id,
    predicates: predicates as Predicate[],
    sectors,
    countries,
    url: url.href,
    secret: input.secret ?? null,
    format: input.format ?? 'json',
    createdAt: now.toISOString(),
    on: input.on ?? 'new-article',
  };
}
