/**
 * Re-extraction in the store: reading a stored article back for the extractor, and replacing its claims with a new
 * extraction's. Claim ids are deterministic (article URL, predicate, subject, object, sentence offsets), so a claim
 * the new extractor still makes keeps its id; the write is one bulk request that creates the new claims, rewrites the
 * kept ones and deletes the ones no longer made, then the article document (its actors, claim count and extractor
 * stamp) is updated last, as the commit marker. A retry after a crash anywhere does the same again.
 *
 * Only this article's claims are touched: the old ones are found by a filter on its id, and a new id already held by
 * another article's claim is left to it (as `storeExtraction` does).
 */
import type { Client } from '@elastic/elasticsearch';
import type { ExtractionResult } from '../claims/types.ts';
import { NonRetryableError, TransientError } from '../errors.ts';
import type { ActorRecord } from '../extract/catalog/types.ts';
import type { ExtractorStamp } from '../extract/version.ts';
import { type ArticleDocument, buildClaimDocuments, type ClaimDocument, contentHashOf } from './documents.ts';
import type { IndexNames } from './indices.ts';

export type ReextractOutcome =
  | {
      kind: 'reextracted';
      articleId: string;
      /** Claims the article holds now. */
      claims: number;
      added: number;
      removed: number;
      /** Same id, same content. */
      unchanged: number;
      /** Same id (same statement at the same place), something else changed: hedging, negation, vendors, aliases. */
      updated: number;
    }
  | { kind: 'duplicate'; articleId: string; removed: number }
  /** The article's text changed after it was read (re-ingested meanwhile): the ingest made its claims. */
  | { kind: 'changed'; articleId: string }
  | { kind: 'missing'; articleId: string };

const statusOf = (error: unknown): number | undefined => (error as { meta?: { statusCode?: number } }).meta?.statusCode;

/** Most claims one article holds; an article's claims are read back in one request. */
const MAX_CLAIMS_PER_ARTICLE = 10_000;

/** The stored article with its text, or null when it no longer exists. */
export async function readStoredArticle(
  client: Client,
  names: IndexNames,
  articleId: string,
  withText = true,
): Promise<ArticleDocument | null> {
  try {
    const r = await client.get<ArticleDocument>({
      index: names.alias('articles'),
      id: articleId,
      _source_excludes: withText ? ['entities'] : ['entities', 'text'],
    });
    return (r._source as ArticleDocument) ?? null;
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
}

/** What a claim states, without what is stamped on it at write time: equal for a claim made again unchanged. */
function statement(c: ClaimDocument): string {
  const { extractor: _e, ingestedAt: _i, article: _a, ...rest } = c;
  return stableJson(rest);
}

/** JSON with object keys sorted at every level: a document read back from Elasticsearch compares equal. */
function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

async function claimsOf(client: Client, names: IndexNames, articleId: string): Promise<ClaimDocument[]> {
  const r = await client.search<ClaimDocument>({
    index: names.alias('claims'),
    size: MAX_CLAIMS_PER_ARTICLE,
    query: { bool: { filter: [{ term: { 'article.id': articleId } }] } },
  });
  return r.hits.hits.map((h) => ({ ...(h._source as ClaimDocument), id: h._id as string }));
}

/** Replaces an article's claims with those of a new extraction of its stored text. */
export async function replaceClaims(
  client: Client,
  names: IndexNames,
  articleId: string,
  result: ExtractionResult,
  extractor: ExtractorStamp,
  actors: ReadonlyMap<string, ActorRecord>,
  now: Date,
): Promise<ReextractOutcome> {
  const stored = await readStoredArticle(client, names, articleId, false);
  if (!stored) return { kind: 'missing', articleId };
  const old = await claimsOf(client, names, articleId);
  const stamp = { extractor, reextractedAt: now.toISOString() };

  if (stored.duplicateOf) {
    // A syndicated copy keeps no claims: its original's stand for it.
    await bulk(client, names, articleId, [], old);
    await client.update({ index: names.alias('articles'), id: articleId, doc: { claimCount: 0, ...stamp } });
    return { kind: 'duplicate', articleId, removed: old.length };
  }
  if (contentHashOf(result.article.text) !== stored.contentHash) return { kind: 'changed', articleId };

  const articleDoc: ArticleDocument = { ...stored, text: '', extractor };
  const fresh = buildClaimDocuments(result, articleDoc, actors);
  const before = new Map(old.map((c) => [c.id, c]));
  let unchanged = 0;
  let updated = 0;
  for (const c of fresh) {
    const was = before.get(c.id);
    if (!was) continue;
    if (statement(was) === statement(c)) unchanged++;
    else updated++;
  }
  const kept = new Set(fresh.map((c) => c.id));
  const gone = old.filter((c) => !kept.has(c.id));
  const foreign = await bulk(client, names, articleId, fresh, gone, before);
  const { source: _s, article: _a, claims: _c, ...entities } = result;
  await client.update({
    index: names.alias('articles'),
    id: articleId,
    doc: {
      actorIds: result.actors.filter((a) => !a.ambiguous).map((a) => a.id),
      claimCount: fresh.length - foreign,
      entities,
      ...stamp,
    },
  });
  return {
    kind: 'reextracted',
    articleId,
    claims: fresh.length - foreign,
    added: fresh.length - unchanged - updated - foreign,
    removed: gone.length,
    unchanged,
    updated,
  };
}

/**
 * One bulk request: new claims created, kept ones rewritten (with their new stamp), gone ones deleted. Returns how
 * many new ids were already another article's (left alone). A refusal that a retry would meet again fails the job.
 */
async function bulk(
  client: Client,
  names: IndexNames,
  articleId: string,
  fresh: ClaimDocument[],
  gone: ClaimDocument[],
  before: ReadonlyMap<string, ClaimDocument> = new Map(),
): Promise<number> {
  const index = names.alias('claims');
  const operations: unknown[] = [];
  for (const c of fresh) operations.push({ [before.has(c.id) ? 'index' : 'create']: { _index: index, _id: c.id } }, c);
  for (const c of gone) operations.push({ delete: { _index: index, _id: c.id } });
  if (operations.length === 0) return 0;
  const r = await client.bulk({ operations: operations as never, refresh: false });
  const taken: string[] = [];
  const failures: string[] = [];
  let permanent = false;
  for (const item of r.items) {
    const [op, res] = Object.entries(item)[0] ?? [];
    if (!res) continue;
    if (op === 'delete' && res.status === 404) continue; // already gone
    if (!res.error) continue;
    if (op === 'create' && res.status === 409) {
      taken.push(String(res._id));
      continue;
    }
    failures.push(`${res._id}: ${res.error.type} ${res.error.reason ?? ''}`.trim().slice(0, 300));
    if (res.status >= 400 && res.status < 500 && res.status !== 409 && res.status !== 429) permanent = true;
  }
  if (failures.length > 0) {
    const message = `Elasticsearch refused ${failures.length} claim writes of article ${articleId}: ${failures.slice(0, 3).join('; ')}`;
    if (permanent) throw new NonRetryableError(message, { articleId, reason: 'index-rejected' });
    throw new TransientError(message, { articleId });
  }
  if (taken.length === 0) return 0;
  // An id already taken: this article's own claim written by an earlier try of this job (not yet visible to the
  // search that listed its claims) is rewritten; another article's is left alone.
  const held = await client.mget<ClaimDocument>({ index, ids: taken, _source_includes: ['article.id'] });
  const mine = new Set(
    held.docs.filter((d) => 'found' in d && d.found && d._source?.article?.id === articleId).map((d) => d._id),
  );
  const again = fresh.filter((c) => mine.has(c.id)).flatMap((c) => [{ index: { _index: index, _id: c.id } }, c]);
  if (again.length > 0) {
    const r2 = await client.bulk({ operations: again as never, refresh: false });
    if (r2.errors)
      throw new TransientError(`claims of article ${articleId} changed while they were written`, { articleId });
  }
  return taken.length - mine.size;
}

/** Which stored articles to re-extract. Filters combine (all must hold); `actorIds` and `names` are alternatives. */
export interface ArticleSelection {
  /** Articles that mention one of these actors (as the extractor stored them)… */
  actorIds?: string[];
  /** …or whose text contains one of these names (a phrase): how articles learn of a name the catalog just got. */
  names?: string[];
  /** Ingested on or after (an ISO date or date-time). */
  since?: string;
  /** Discovered through one of these feeds or sitemaps (`sourceUrl`)… */
  sourceUrls?: string[];
  /** …or one of these article URLs (normalized), for sources that list their URLs. */
  articleUrls?: string[];
  /** Only articles not made by this extractor version and catalog revision. */
  outdated?: ExtractorStamp;
}

/** Most `names` in one query (Elasticsearch refuses over 1,024 clauses); more are selected in several passes. */
const NAMES_PER_QUERY = 400;

function selectionQueries(s: ArticleSelection): Record<string, unknown>[] {
  const filter: Record<string, unknown>[] = [];
  if (s.since) filter.push({ range: { ingestedAt: { gte: s.since } } });
  const sources: Record<string, unknown>[] = [];
  if (s.sourceUrls?.length) sources.push({ terms: { sourceUrl: s.sourceUrls } });
  if (s.articleUrls?.length) sources.push({ terms: { normalizedUrl: s.articleUrls } });
  if (sources.length > 0) filter.push({ bool: { should: sources, minimum_should_match: 1 } });
  const mustNot: Record<string, unknown>[] = [];
  if (s.outdated)
    mustNot.push({
      bool: {
        filter: [
          { term: { 'extractor.version': s.outdated.version } },
          { term: { 'extractor.catalog': s.outdated.catalog } },
        ],
      },
    });
  const names = [...new Set(s.names ?? [])];
  const ids = s.actorIds ?? [];
  if (names.length === 0 && ids.length === 0) return [{ bool: { filter, must_not: mustNot } }];
  const chunks: string[][] = [];
  for (let i = 0; i < names.length; i += NAMES_PER_QUERY) chunks.push(names.slice(i, i + NAMES_PER_QUERY));
  if (chunks.length === 0) chunks.push([]);
  return chunks.map((chunk, i) => {
    const should: Record<string, unknown>[] = chunk.map((n) => ({ match_phrase: { text: n } }));
    if (i === 0 && ids.length > 0) should.push({ terms: { actorIds: ids } });
    return { bool: { filter, must_not: mustNot, should, minimum_should_match: 1 } };
  });
}

/**
 * The ids of the stored articles a selection picks, a page at a time (sorted by id, so a page is stable). An article
 * matched by several passes (several name chunks) may be handed over twice; callers count it once.
 */
export async function* selectArticleIds(
  client: Client,
  names: IndexNames,
  selection: ArticleSelection,
  pageSize = 1_000,
): AsyncGenerator<string[]> {
  for (const query of selectionQueries(selection)) {
    let after: string[] | undefined;
    for (;;) {
      const r = await client.search({
        index: names.alias('articles'),
        size: pageSize,
        _source: false,
        query,
        sort: [{ id: 'asc' }] as never,
        ...(after ? { search_after: after } : {}),
      });
      const hits = r.hits.hits;
      if (hits.length === 0) break;
      yield hits.map((h) => h._id as string);
      after = hits.at(-1)?.sort as string[] | undefined;
      if (hits.length < pageSize || !after) break;
    }
  }
}
