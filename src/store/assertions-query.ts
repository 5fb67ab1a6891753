/**
 * Assertions: (subject, predicate, object) with all the claims that state or deny it, read back from the claims index
 * with aggregations (docs/architecture.md, "Assertions"). Each claim document carries `assertionKey`, `sourceKey` and
 * `reportedAt` (src/store/documents.ts); an assertion is the bucket of its key. The `build…Search` functions are pure
 * (unit-tested without Elasticsearch); the async functions send them and read the answers.
 */
import { type Client, errors } from '@elastic/elasticsearch';
import { type AssertionDetail, type AssertionSummary, assertionDetail } from '../claims/assertions.ts';
import { type Bucket, dateBound, type EntityFilter, entityFilter } from './claims-query.ts';
import { ASSERTION_PREDICATES, type ClaimDocument } from './documents.ts';
import type { IndexNames } from './indices.ts';

export type AssertionSort = 'sources' | 'last' | 'first';

export interface AssertionFilters {
  entity?: EntityFilter | undefined;
  predicates?: string[];
  /** Object ids (sector ids, country codes) of any kind. */
  objects?: string[];
  vendors?: string[];
  /** Reported between these dates (ISO prefixes), on either side of the assertion. */
  from?: string | undefined;
  to?: string | undefined;
  /** Only assertions some report disputes or denies. */
  disputed?: boolean | undefined;
  /** Only these assertions (the disputed ones, found first by {@link buildDisputedKeysSearch}). */
  keys?: readonly string[] | undefined;
}

export interface AssertionQuery extends AssertionFilters {
  sort?: AssertionSort;
  size?: number;
  from_?: number;
}

/** One assertion as a row (the summary of src/claims/assertions.ts, read from aggregations). */
export type AssertionRow = AssertionSummary;

/**
 * The search an API or CLI request asks for: its parsed parameters (`assertionsQuery` in src/api/schemas.ts) and the
 * resolved entity, as filters. Country codes are upper-cased; everything else is taken as validated.
 */
export function assertionSearchOf(
  query: {
    predicate?: string[] | undefined;
    object?: string[] | undefined;
    vendor?: string[] | undefined;
    from?: string | undefined;
    to?: string | undefined;
    disputed?: boolean | undefined;
    sort: AssertionSort;
  },
  entity: EntityFilter | undefined,
  page: { size: number; offset: number },
): AssertionQuery {
  return {
    entity,
    predicates: query.predicate ?? [],
    objects: (query.object ?? []).map((x) => (x.length === 2 ? x.toUpperCase() : x)),
    vendors: query.vendor ?? [],
    from: query.from,
    to: query.to,
    disputed: query.disputed,
    sort: query.sort,
    size: page.size,
    from_: page.offset,
  };
}

export interface AssertionFacets {
  predicate: Bucket[];
  object: Bucket[];
  vendor: Bucket[];
}

export interface AssertionPage {
  total: number;
  assertions: AssertionRow[];
  facets: AssertionFacets;
}

/** Most assertions one search ranks (an actor has a few hundred at most; a query for everything is cut here). */
export const MAX_ASSERTION_BUCKETS = 5000;

type Query = Record<string, unknown>;

/** The filters of one facet group, so each group can be counted without its own (multi-select facets). */
function filterGroups(f: AssertionFilters): { base: Query[]; predicate: Query[]; object: Query[]; vendor: Query[] } {
  const base: Query[] = [{ terms: { predicate: [...ASSERTION_PREDICATES] } }, { exists: { field: 'assertionKey' } }];
  if (f.entity) base.push(entityFilter(f.entity));
  if (f.keys) base.push({ terms: { assertionKey: [...f.keys] } });
  if (f.from || f.to)
    base.push({
      range: {
        reportedAt: {
          ...(f.from ? { gte: dateBound(f.from, false) } : {}),
          ...(f.to ? { lte: dateBound(f.to, true) } : {}),
        },
      },
    });
  return {
    base,
    predicate: f.predicates?.length ? [{ terms: { predicate: f.predicates } }] : [],
    object: f.objects?.length ? [{ terms: { 'object.id': f.objects } }] : [],
    vendor: f.vendors?.length ? [{ terms: { reportedBy: f.vendors } }] : [],
  };
}

const and = (...lists: Query[][]): Query => ({ bool: { filter: lists.flat() } });

const SORT_PATH: Record<AssertionSort, { path: string; order: 'asc' | 'desc' }[]> = {
  sources: [
    { path: 'support>sources', order: 'desc' },
    { path: 'support>last', order: 'desc' },
  ],
  last: [
    { path: 'support>last', order: 'desc' },
    { path: 'support>sources', order: 'desc' },
  ],
  first: [
    { path: 'support>first', order: 'asc' },
    { path: 'support>sources', order: 'desc' },
  ],
};

/**
 * Per assertion: support (asserted claims) and counter-evidence (denials) apart. Names come afterwards for the page
 * only ({@link buildHeadsSearch}): a `top_hits` here would fetch a claim for every assertion of the entity, not just
 * the twenty shown, and make every response the request cache keeps that much larger.
 */
const ASSERTION_AGGS = {
  support: {
    filter: { term: { negated: false } },
    aggs: {
      sources: { cardinality: { field: 'sourceKey' } },
      articles: { cardinality: { field: 'article.id' } },
      unhedged: { filter: { term: { hedged: false } }, aggs: { articles: { cardinality: { field: 'article.id' } } } },
      vendors: { terms: { field: 'reportedBy', size: 20 } },
      first: { min: { field: 'reportedAt', format: 'yyyy-MM-dd' } },
      last: { max: { field: 'reportedAt', format: 'yyyy-MM-dd' } },
    },
  },
  counter: { filter: { term: { negated: true } }, aggs: { articles: { cardinality: { field: 'article.id' } } } },
};

/** The search body of one page of assertions: every part a filter or an aggregation, `size: 0`. */
export function buildAssertionSearch(q: AssertionQuery): Record<string, unknown> {
  const g = filterGroups(q);
  const size = q.size ?? 20;
  const from = q.from_ ?? 0;
  // Pipelines run in the order written: drop the undisputed first, then sort and cut the page.
  const pipeline: Record<string, unknown> = {};
  if (q.disputed)
    pipeline.disputed = { bucket_selector: { buckets_path: { n: 'counter>_count' }, script: 'params.n > 0' } };
  pipeline.page = {
    bucket_sort: {
      sort: SORT_PATH[q.sort ?? 'sources'].map((s) => ({ [s.path]: { order: s.order } })),
      from,
      size,
    },
  };
  const countBy = (field: string, size: number) => ({
    terms: { field, size },
    aggs: { assertions: { cardinality: { field: 'assertionKey' } } },
  });
  return {
    size: 0,
    track_total_hits: false,
    query: and(g.base),
    aggs: {
      matching: {
        filter: and(g.predicate, g.object, g.vendor),
        aggs: {
          total: q.disputed
            ? {
                filter: { term: { negated: true } },
                aggs: { n: { cardinality: { field: 'assertionKey', precision_threshold: 40000 } } },
              }
            : { cardinality: { field: 'assertionKey', precision_threshold: 40000 } },
          assertions: {
            terms: { field: 'assertionKey', size: MAX_ASSERTION_BUCKETS },
            aggs: { ...ASSERTION_AGGS, ...pipeline },
          },
        },
      },
      // Multi-select facets: each group counted with every filter but its own, so its alternatives stay visible.
      facet_predicate: { filter: and(g.object, g.vendor), aggs: { ids: countBy('predicate', 10) } },
      facet_object: { filter: and(g.predicate, g.vendor), aggs: { ids: countBy('object.id', 80) } },
      facet_vendor: { filter: and(g.predicate, g.object), aggs: { ids: countBy('reportedBy', 40) } },
    },
  };
}

/**
 * The keys of the assertions a report disputes or denies, under the entity and the date range: with `disputed=true`
 * they are found first and passed as `keys`, so the total and every facet group count disputed assertions only. The
 * facet groups' own filters stay out of it, so each group still shows its alternatives.
 */
export function buildDisputedKeysSearch(f: AssertionFilters): Record<string, unknown> {
  const g = filterGroups({ ...f, keys: undefined });
  return {
    size: 0,
    track_total_hits: false,
    query: and(g.base, [{ term: { negated: true } }]),
    aggs: { keys: { terms: { field: 'assertionKey', size: MAX_ASSERTION_BUCKETS } } },
  };
}

type Head = Pick<ClaimDocument, 'subject' | 'predicate' | 'object'>;

/** One claim of each of these assertions, for their names: a `size: 0` search, so the request cache can answer it. */
export function buildHeadsSearch(keys: readonly string[]): Record<string, unknown> {
  return {
    size: 0,
    track_total_hits: false,
    query: { terms: { assertionKey: [...keys] } },
    aggs: {
      heads: {
        terms: { field: 'assertionKey', size: Math.max(1, keys.length) },
        aggs: {
          head: { top_hits: { size: 1, _source: { includes: ['subject.id', 'subject.name', 'predicate', 'object'] } } },
        },
      },
    },
  };
}

async function headsOf(client: Client, names: IndexNames, keys: readonly string[], options: { signal?: AbortSignal }) {
  const out = new Map<string, Head>();
  if (keys.length === 0) return out;
  const r = await client.search(
    { index: names.alias('claims'), request_cache: true, ...buildHeadsSearch(keys) } as never,
    options,
  );
  const buckets = (
    r.aggregations as unknown as {
      heads: { buckets: { key: string; head: { hits: { hits: { _source: Head }[] } } }[] };
    }
  ).heads.buckets;
  for (const b of buckets) {
    const head = b.head.hits.hits[0]?._source;
    if (head) out.set(b.key, head);
  }
  return out;
}

interface RawBucket {
  key: string;
  doc_count: number;
  support: {
    doc_count: number;
    sources: { value: number };
    articles: { value: number };
    unhedged: { articles: { value: number } };
    vendors: { buckets: { key: string }[] };
    first: { value: number | null; value_as_string?: string };
    last: { value: number | null; value_as_string?: string };
  };
  counter: { doc_count: number; articles: { value: number } };
}

/** A bucket of the assertions aggregation as a row, named by one of its claims. */
export function assertionRow(b: RawBucket, head: Head): AssertionRow {
  const object = head.object ?? { kind: 'unknown', id: '', name: '' };
  return {
    id: b.key,
    subject: { id: head.subject.id, name: head.subject.name },
    predicate: head.predicate,
    object: { kind: object.kind, id: object.id, name: object.name },
    sources: b.support.sources.value,
    articles: b.support.articles.value,
    vendors: b.support.vendors.buckets.map((v) => v.key),
    firstReported: b.support.first.value != null ? (b.support.first.value_as_string ?? null) : null,
    lastReported: b.support.last.value != null ? (b.support.last.value_as_string ?? null) : null,
    hedgedArticles: Math.max(0, b.support.articles.value - b.support.unhedged.articles.value),
    disputedBy: b.counter.articles.value,
  };
}

/** The buckets of a page as rows; a bucket whose claims went away between the two searches is left out. */
async function rowsOf(
  client: Client,
  names: IndexNames,
  buckets: RawBucket[],
  options: { signal?: AbortSignal } = {},
): Promise<AssertionRow[]> {
  const heads = await headsOf(
    client,
    names,
    buckets.map((b) => b.key),
    options,
  );
  return buckets.flatMap((b) => {
    const head = heads.get(b.key);
    return head ? [assertionRow(b, head)] : [];
  });
}

interface CountAgg {
  ids: { buckets: { key: string; doc_count: number; assertions: { value: number } }[] };
}

const facetBuckets = (agg: CountAgg | undefined): Bucket[] =>
  (agg?.ids.buckets ?? []).map((b) => ({ key: String(b.key), count: b.assertions.value }));

/** One page of assertions with their total and facets: one search (two with `disputed`, see {@link buildDisputedKeysSearch}). */
export async function searchAssertions(
  client: Client,
  names: IndexNames,
  q: AssertionQuery,
  signal?: AbortSignal,
): Promise<AssertionPage> {
  const options = signal ? { signal } : {};
  let keys: string[] | undefined;
  if (q.disputed) {
    const d = await client.search(
      { index: names.alias('claims'), request_cache: true, ...buildDisputedKeysSearch(q) } as never,
      options,
    );
    keys = (d.aggregations as unknown as { keys: { buckets: { key: string }[] } }).keys.buckets.map((b) => b.key);
    if (keys.length === 0) return { total: 0, assertions: [], facets: { predicate: [], object: [], vendor: [] } };
  }
  const r = await client.search(
    { index: names.alias('claims'), request_cache: true, ...buildAssertionSearch({ ...q, keys }) } as never,
    options,
  );
  const aggs = r.aggregations as unknown as {
    matching: {
      total: { value?: number; n?: { value: number } };
      assertions: { buckets: RawBucket[] };
    };
    facet_predicate: CountAgg;
    facet_object: CountAgg;
    facet_vendor: CountAgg;
  };
  const total = aggs.matching.total.n?.value ?? aggs.matching.total.value ?? 0;
  return {
    total,
    assertions: await rowsOf(client, names, aggs.matching.assertions.buckets, options),
    facets: {
      predicate: facetBuckets(aggs.facet_predicate),
      object: facetBuckets(aggs.facet_object),
      vendor: facetBuckets(aggs.facet_vendor),
    },
  };
}

/** An assertion's claims, asserted and denied, oldest report first (at most `limit`). */
export async function claimsOfAssertion(
  client: Client,
  names: IndexNames,
  id: string,
  limit = 1000,
): Promise<ClaimDocument[]> {
  if (!/^[a-f0-9]{24}$/.test(id)) return [];
  try {
    const r = await client.search<ClaimDocument>({
      index: names.alias('claims'),
      size: limit,
      query: { term: { assertionKey: id } },
      sort: [{ reportedAt: { order: 'asc' } }, { 'article.id': 'asc' }, { 'citation.start': 'asc' }] as never,
    });
    return r.hits.hits.map((h) => h._source as ClaimDocument);
  } catch (error) {
    if (error instanceof errors.ResponseError && error.statusCode === 404) return [];
    throw error;
  }
}

/** Exact copies stored as duplicates of these articles (syndicated re-posts), by original. */
export async function copiesOf(
  client: Client,
  names: IndexNames,
  articleIds: readonly string[],
): Promise<Map<string, { id: string; url: string; publisher: string | null }[]>> {
  const out = new Map<string, { id: string; url: string; publisher: string | null }[]>();
  if (articleIds.length === 0) return out;
  const r = await client.search<{ id: string; url: string; publisher: string | null; duplicateOf: string }>({
    index: names.alias('articles'),
    size: 500,
    query: { terms: { duplicateOf: [...articleIds] } },
    _source: ['id', 'url', 'publisher', 'duplicateOf'],
  });
  for (const h of r.hits.hits) {
    const a = h._source;
    if (!a) continue;
    const list = out.get(a.duplicateOf) ?? [];
    list.push({ id: a.id, url: a.url, publisher: a.publisher });
    out.set(a.duplicateOf, list);
  }
  return out;
}

/** Keys of the assertions with a claim (asserted, or denied when `denials`) ingested since `since`. */
async function keysIngestedSince(
  client: Client,
  names: IndexNames,
  since: string,
  denials: boolean,
): Promise<string[]> {
  const r = await client.search({
    index: names.alias('claims'),
    size: 0,
    query: {
      bool: {
        filter: [
          { range: { ingestedAt: { gte: since } } },
          { term: { negated: denials } },
          { exists: { field: 'assertionKey' } },
        ],
      },
    },
    aggs: { keys: { terms: { field: 'assertionKey', size: MAX_ASSERTION_BUCKETS } } },
  });
  const keys = (r.aggregations as unknown as { keys: { buckets: { key: string }[] } }).keys.buckets;
  return keys.map((b) => b.key);
}

/**
 * Assertions new since `since` (no claim asserting them was ingested before), and assertions disputed since then
 * (a denial ingested since), most sources first: the triage page's two lists.
 */
export async function recentAssertions(
  client: Client,
  names: IndexNames,
  since: string,
  size: number,
): Promise<{ created: AssertionRow[]; disputed: AssertionRow[] }> {
  const [fresh, denied] = await Promise.all([
    keysIngestedSince(client, names, since, false),
    keysIngestedSince(client, names, since, true),
  ]);
  const rows = async (keys: string[], newOnly: boolean): Promise<AssertionRow[]> => {
    if (keys.length === 0) return [];
    const pipeline: Record<string, unknown> = {};
    if (newOnly)
      pipeline.fresh = {
        bucket_selector: {
          buckets_path: { first: 'support>firstIngested' },
          script: { source: 'params.first >= params.since', params: { since: Date.parse(since) } },
        },
      };
    pipeline.page = {
      bucket_sort: { sort: SORT_PATH.sources.map((s) => ({ [s.path]: { order: s.order } })), size },
    };
    const r = await client.search({
      index: names.alias('claims'),
      size: 0,
      query: { terms: { assertionKey: keys } },
      aggs: {
        assertions: {
          terms: { field: 'assertionKey', size: keys.length },
          aggs: {
            ...ASSERTION_AGGS,
            // When each was first asserted, for the "new in the window" selector.
            support: {
              ...ASSERTION_AGGS.support,
              aggs: { ...ASSERTION_AGGS.support.aggs, firstIngested: { min: { field: 'ingestedAt' } } },
            },
            ...pipeline,
          },
        },
      },
    } as never);
    return rowsOf(
      client,
      names,
      (r.aggregations as unknown as { assertions: { buckets: RawBucket[] } }).assertions.buckets,
    );
  };
  const [created, disputed] = await Promise.all([rows(fresh, true), rows(denied, false)]);
  return { created, disputed };
}

/** An assertion with its evidence and counter-evidence, and each evidence article's stored copies; null if unknown. */
export async function getAssertion(
  client: Client,
  names: IndexNames,
  id: string,
): Promise<
  (AssertionDetail & { copies: Map<string, { id: string; url: string; publisher: string | null }[]> }) | null
> {
  const claims = await claimsOfAssertion(client, names, id);
  const detail = assertionDetail(id, claims);
  if (!detail) return null;
  const copies = await copiesOf(
    client,
    names,
    [...detail.evidence, ...detail.counterEvidence].map((e) => e.article.id),
  );
  return { ...detail, copies };
}

/**
 * The search that says which of these assertions an article ingested before this one already asserts (not merely
 * denies). "Before" is by ingestion time, then article id: when two articles making the same new assertion are
 * indexed before either's alerts are built, the earlier is still the first report (it would otherwise see the later
 * one and neither would alert), and if both alert, they share the alert id (watch, assertion), so one is stored.
 */
export function buildAlreadyReportedSearch(
  keys: readonly string[],
  article: { id: string; ingestedAt: string },
): Record<string, unknown> {
  return {
    size: 0,
    query: {
      bool: {
        filter: [
          { terms: { assertionKey: [...keys] } },
          { term: { negated: false } },
          {
            bool: {
              should: [
                { range: { ingestedAt: { lt: article.ingestedAt } } },
                {
                  bool: {
                    filter: [
                      { term: { ingestedAt: article.ingestedAt } },
                      { range: { 'article.id': { lt: article.id } } },
                    ],
                  },
                },
              ],
              minimum_should_match: 1,
            },
          },
        ],
        must_not: [{ term: { 'article.id': article.id } }],
      },
    },
    aggs: { keys: { terms: { field: 'assertionKey', size: Math.max(1, keys.length) } } },
  };
}

/**
 * Several assertions with their evidence (a STIX export), in the order asked, unknown ones left out: a few at a time,
 * so an export of 500 assertions never sends Elasticsearch a thousand searches at once (its search queue would refuse
 * them).
 */
export async function getAssertions(
  client: Client,
  names: IndexNames,
  ids: readonly string[],
  concurrency = 8,
): Promise<NonNullable<Awaited<ReturnType<typeof getAssertion>>>[]> {
  const out: Awaited<ReturnType<typeof getAssertion>>[] = new Array(ids.length).fill(null);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, ids.length) }, async () => {
      while (next < ids.length) {
        const i = next++;
        out[i] = await getAssertion(client, names, ids[i] as string);
      }
    }),
  );
  return out.filter((d) => d !== null);
}

/** Which of these assertions an article ingested before `article` already asserts: see {@link buildAlreadyReportedSearch}. */
export async function assertionsAlreadyReported(
  client: Client,
  names: IndexNames,
  keys: readonly string[],
  article: { id: string; ingestedAt: string },
): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const r = await client.search({
    index: names.alias('claims'),
    ...buildAlreadyReportedSearch(keys, article),
  } as never);
  const buckets = (r.aggregations as unknown as { keys: { buckets: { key: string }[] } }).keys.buckets;
  return new Set(buckets.map((b) => b.key));
}
