/**
 * Reading claims back: by resolved entity with filters, facets and search_after paging (fast at any depth), actor
 * profiles as aggregations, and articles with their claims. User text reaches Elasticsearch only inside `match`
 * queries and term values, never query-string syntax.
 */
import { type Client, errors } from '@elastic/elasticsearch';
import type { ResolvedEntity } from '../extract/catalog/resolve.ts';
import type { ArticleDocument, ClaimDocument } from './documents.ts';
import type { IndexNames } from './indices.ts';

export type EntityFilter = ResolvedEntity | { kind: 'name'; key: string };

export interface ClaimFilters {
  entity?: EntityFilter | undefined;
  predicates?: string[];
  sectors?: string[];
  countries?: string[];
  vendors?: string[];
  from?: string | undefined;
  to?: string | undefined;
  hedged?: boolean | undefined;
  /** `false` (default): leave denials out; `true`: only denials; `any`: both. */
  negated?: boolean | 'any';
  q?: string | undefined;
}

export interface ClaimQuery extends ClaimFilters {
  size?: number;
  /** Opaque cursor from a previous page's `next`. */
  cursor?: string | undefined;
  facets?: boolean;
  /** Count every match (`total`); an export paging through them does not need it. Default true. */
  countTotal?: boolean;
}

export interface Bucket {
  key: string;
  count: number;
}

export interface ClaimPage {
  total: number;
  claims: ClaimDocument[];
  facets: { predicate: Bucket[]; sector: Bucket[]; country: Bucket[]; vendor: Bucket[]; month: Bucket[] } | null;
  next: string | null;
}

export function entityFilter(entity: EntityFilter): Record<string, unknown> {
  switch (entity.kind) {
    case 'actor':
      return { term: { 'subject.id': entity.id } };
    case 'name':
      return { term: { 'subject.aliasKeys': entity.key } };
    case 'vendor':
      return {
        bool: {
          should: [
            { term: { reportedBy: entity.id } },
            { bool: { filter: [{ term: { 'object.kind': 'vendor' } }, { term: { 'object.id': entity.id } }] } },
          ],
          minimum_should_match: 1,
        },
      };
    default:
      return { bool: { filter: [{ term: { 'object.kind': entity.kind } }, { term: { 'object.id': entity.id } }] } };
  }
}

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD` as the first or last day it covers. */
export function dateBound(value: string, end: boolean): string {
  const [y, m, d] = value.split('-');
  if (d) return value;
  if (m) return end ? new Date(Date.UTC(Number(y), Number(m), 0)).toISOString().slice(0, 10) : `${y}-${m}-01`;
  return end ? `${y}-12-31` : `${y}-01-01`;
}

export function buildClaimQuery(f: ClaimFilters): Record<string, unknown> {
  const filter: Record<string, unknown>[] = [];
  if (f.entity) filter.push(entityFilter(f.entity));
  if (f.predicates?.length) filter.push({ terms: { predicate: f.predicates } });
  if (f.sectors?.length)
    filter.push({ bool: { filter: [{ term: { 'object.kind': 'sector' } }, { terms: { 'object.id': f.sectors } }] } });
  if (f.countries?.length)
    filter.push({
      bool: { filter: [{ term: { 'object.kind': 'country' } }, { terms: { 'object.id': f.countries } }] },
    });
  if (f.vendors?.length) filter.push({ terms: { reportedBy: f.vendors } });
  if (f.from || f.to) {
    filter.push({
      range: {
        'article.published': {
          ...(f.from ? { gte: dateBound(f.from, false) } : {}),
          ...(f.to ? { lte: dateBound(f.to, true) } : {}),
        },
      },
    });
  }
  if (f.hedged !== undefined) filter.push({ term: { hedged: f.hedged } });
  const negated = f.negated ?? false;
  if (negated !== 'any') filter.push({ term: { negated } });
  const must = f.q ? [{ match: { 'citation.quote': { query: f.q, operator: 'and' } } }] : [];
  return { bool: { filter, must } };
}

/**
 * Newest first. Undated claims sort last through `missing: 0` (the epoch) rather than `_last`: `_last` gives them
 * Long.MIN_VALUE as sort value, which JavaScript cannot carry exactly, so the cursor past them would not parse.
 */
const SORT = [
  { 'article.published': { order: 'desc', missing: 0 } },
  { ingestedAt: { order: 'desc' } },
  { id: { order: 'asc' } },
];

const encodeCursor = (sort: unknown[]): string => Buffer.from(JSON.stringify(sort)).toString('base64url');

export class CursorError extends Error {}

/**
 * The sort values of `SORT`, exactly as Elasticsearch returns them: two epoch-millisecond integers and a claim id.
 * Anything else is refused here, before Elasticsearch would read a string as a date (with date math) or fail on it.
 */
function decodeCursor(cursor: string): unknown[] {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === SORT.length &&
      Number.isSafeInteger(v[0]) &&
      Number.isSafeInteger(v[1]) &&
      typeof v[2] === 'string' &&
      /^[\w-]{1,128}$/.test(v[2])
    )
      return v;
  } catch {
    // fall through
  }
  throw new CursorError('cursor is not one this API returned');
}

/** The facets of a claims search (exported for the search benchmark, which sends the same searches itself). */
export const CLAIM_FACETS = {
  predicate: { terms: { field: 'predicate', size: 10 } },
  sector: { filter: { term: { 'object.kind': 'sector' } }, aggs: { ids: { terms: { field: 'object.id', size: 40 } } } },
  country: {
    filter: { term: { 'object.kind': 'country' } },
    aggs: { ids: { terms: { field: 'object.id', size: 60 } } },
  },
  vendor: { terms: { field: 'reportedBy', size: 30 } },
  month: {
    date_histogram: { field: 'article.published', calendar_interval: 'month', format: 'yyyy-MM', min_doc_count: 1 },
  },
};

interface TermsAgg {
  buckets: { key: string | number; key_as_string?: string; doc_count: number }[];
}

const buckets = (agg: TermsAgg | undefined): Bucket[] =>
  (agg?.buckets ?? []).map((b) => ({ key: String(b.key_as_string ?? b.key), count: b.doc_count }));

/**
 * The searches of one page of claims, as msearch lines: the page of hits, and with facets the facets and total as a
 * `size: 0` search that Elasticsearch's request cache can answer when analysts repeat a search or page through it
 * (hits with a sort are never cached). The sorted page then skips counting, so Elasticsearch may skip documents that
 * cannot make the page. Pure; the search benchmark sends the same lines straight to Elasticsearch.
 */
export function buildClaimSearches(q: ClaimQuery, index: string): Record<string, unknown>[] {
  const query = buildClaimQuery(q);
  const countTotal = q.countTotal !== false;
  const hitsSearch = {
    size: q.size ?? 20,
    track_total_hits: countTotal && !q.facets,
    query,
    sort: SORT,
    ...(q.cursor ? { search_after: decodeCursor(q.cursor) } : {}),
    // A page for reading leaves out what only searching and re-extraction use (every alias key, the extractor stamp).
    ...(q.facets ? { _source: { excludes: ['subject.aliasKeys', 'extractor'] } } : {}),
  };
  const searches: Record<string, unknown>[] = [{ index }, hitsSearch];
  if (q.facets)
    searches.push({ index, request_cache: true }, { size: 0, track_total_hits: countTotal, query, aggs: CLAIM_FACETS });
  return searches;
}

/** One page of claims in one round trip: see {@link buildClaimSearches}. */
export async function searchClaims(
  client: Client,
  names: IndexNames,
  q: ClaimQuery,
  signal?: AbortSignal,
): Promise<ClaimPage> {
  const size = q.size ?? 20;
  const searches = buildClaimSearches(q, names.alias('claims'));
  const r = await client.msearch<ClaimDocument>({ searches: searches as never }, signal ? { signal } : {});
  const [hitsResponse, facetsResponse] = r.responses.map((x) => {
    // A failed search inside the msearch, as the client's own error type, so callers can classify it by type.
    if ('error' in x)
      throw new errors.ResponseError({
        body: { error: x.error, status: x.status },
        statusCode: x.status,
        headers: {},
        warnings: null,
        meta: {} as never,
      });
    return x;
  });
  const hits = hitsResponse?.hits.hits ?? [];
  const totalValue = (q.facets ? facetsResponse : hitsResponse)?.hits.total;
  const total = typeof totalValue === 'number' ? totalValue : (totalValue?.value ?? 0);
  const last = hits.at(-1);
  const aggs = facetsResponse?.aggregations as Record<string, TermsAgg & { ids?: TermsAgg }> | undefined;
  return {
    total,
    claims: hits.map((h) => h._source as ClaimDocument),
    facets: aggs
      ? {
          predicate: buckets(aggs.predicate),
          sector: buckets(aggs.sector?.ids),
          country: buckets(aggs.country?.ids),
          vendor: buckets(aggs.vendor),
          month: buckets(aggs.month),
        }
      : null,
    next: hits.length === size && last?.sort ? encodeCursor(last.sort as unknown[]) : null,
  };
}

/**
 * Every claim matching the filters, newest first, up to `limit`, one page at a time (exports): a reader holds one page,
 * never the whole export, and stops the search as soon as it stops asking (or `signal` aborts the page in flight).
 */
export async function* claimPages(
  client: Client,
  names: IndexNames,
  f: ClaimFilters,
  limit: number,
  options: { pageSize?: number; signal?: AbortSignal } = {},
): AsyncGenerator<ClaimDocument[]> {
  let cursor: string | undefined;
  let left = limit;
  while (left > 0) {
    const size = Math.min(options.pageSize ?? 500, left);
    const page = await searchClaims(client, names, { ...f, size, cursor, countTotal: false }, options.signal);
    left -= page.claims.length;
    if (page.claims.length > 0) yield page.claims;
    if (!page.next) return;
    cursor = page.next;
  }
}

/** Every claim matching the filters, newest first, up to `limit`, in one array (the CLI's exports). */
export async function allClaims(
  client: Client,
  names: IndexNames,
  f: ClaimFilters,
  limit: number,
): Promise<ClaimDocument[]> {
  const out: ClaimDocument[] = [];
  for await (const page of claimPages(client, names, f, limit, { pageSize: 1000 })) out.push(...page);
  return out;
}

export interface ActorStats {
  claimCount: number;
  firstSeen: string | null;
  lastSeen: string | null;
  sectors: Bucket[];
  countries: Bucket[];
  vendors: Bucket[];
  months: Bucket[];
  latest: ClaimDocument[];
}

export async function actorStats(client: Client, names: IndexNames, actorId: string): Promise<ActorStats> {
  const r = await client.search<ClaimDocument>({
    index: names.alias('claims'),
    size: 10,
    track_total_hits: true,
    query: { bool: { filter: [{ term: { 'subject.id': actorId } }, { term: { negated: false } }] } },
    sort: SORT as never,
    aggs: {
      sectors: {
        filter: { term: { predicate: 'targets-sector' } },
        aggs: { ids: { terms: { field: 'object.id', size: 40 } } },
      },
      countries: {
        filter: { term: { predicate: 'targets-country' } },
        aggs: { ids: { terms: { field: 'object.id', size: 60 } } },
      },
      vendors: { terms: { field: 'reportedBy', size: 30 } },
      months: CLAIM_FACETS.month,
      first: { min: { field: 'article.published', format: 'yyyy-MM-dd' } },
      last: { max: { field: 'article.published', format: 'yyyy-MM-dd' } },
    } as never,
  });
  const aggs = r.aggregations as Record<
    string,
    TermsAgg & { ids?: TermsAgg; value_as_string?: string; value?: number | null }
  >;
  const total = typeof r.hits.total === 'number' ? r.hits.total : (r.hits.total?.value ?? 0);
  return {
    claimCount: total,
    firstSeen: aggs.first?.value != null ? (aggs.first.value_as_string ?? null) : null,
    lastSeen: aggs.last?.value != null ? (aggs.last.value_as_string ?? null) : null,
    sectors: buckets(aggs.sectors?.ids),
    countries: buckets(aggs.countries?.ids),
    vendors: buckets(aggs.vendors),
    months: buckets(aggs.months),
    latest: r.hits.hits.map((h) => h._source as ClaimDocument),
  };
}

export async function getArticle(client: Client, names: IndexNames, id: string): Promise<ArticleDocument | null> {
  try {
    const r = await client.get<ArticleDocument>({ index: names.alias('articles'), id });
    return (r._source as ArticleDocument) ?? null;
  } catch (error) {
    if ((error as { meta?: { statusCode?: number } }).meta?.statusCode === 404) return null;
    throw error;
  }
}

export async function claimsOfArticle(client: Client, names: IndexNames, articleId: string): Promise<ClaimDocument[]> {
  const r = await client.search<ClaimDocument>({
    index: names.alias('claims'),
    size: 500,
    query: { term: { 'article.id': articleId } },
    sort: [{ 'citation.start': 'asc' }, { id: 'asc' }] as never,
  });
  return r.hits.hits.map((h) => h._source as ClaimDocument);
}
