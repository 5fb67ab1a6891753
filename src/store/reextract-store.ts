/**
 * Re-extraction in the store: reading stored articles back for the extractor, and replacing their claims with a new
 * extraction's, a few articles per job. Claim ids are deterministic (article URL, predicate, subject, object,
 * sentence offsets), so a claim the new extractor still makes keeps its id; the write is one bulk request that
 * creates the new claims, rewrites the kept ones and deletes the ones no longer made, then the article documents
 * (actors, claim count, extractor stamp) are updated last, as the commit marker. A retry after a crash anywhere does
 * the same again.
 *
 * Only this article's claims are touched: the old ones are found by a filter on its id, and a new id already held by
 * another article's claim is left to it (as `storeExtraction` does).
 */
import type { Client } from '@elastic/elasticsearch';
import type { ExtractionResult } from '../claims/types.ts';
import { NonRetryableError, TransientError } from '../errors.ts';
import type { ActorRecord } from '../extract/catalog/types.ts';
import type { ExtractorStamp } from '../extract/version.ts';
import { type ArticleDocument, buildClaimDocuments, type ClaimDocument } from './documents.ts';
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

/** Claims read back per request. */
const CLAIMS_PAGE = 5_000;

/** The stored articles (with their text unless told otherwise), in the order asked; null for one that is gone. */
export async function readStoredArticles(
  client: Client,
  names: IndexNames,
  articleIds: readonly string[],
  withText = true,
): Promise<(ArticleDocument | null)[]> {
  if (articleIds.length === 0) return [];
  const r = await client.mget<ArticleDocument>({
    index: names.alias('articles'),
    ids: [...articleIds],
    _source_excludes: withText ? ['entities'] : ['entities', 'text'],
  });
  return r.docs.map((d) => ('found' in d && d.found ? ((d._source as ArticleDocument) ?? null) : null));
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

/** The stored claims of some articles, by article id (paged, however many there are). */
async function claimsOf(
  client: Client,
  names: IndexNames,
  articleIds: readonly string[],
): Promise<Map<string, ClaimDocument[]>> {
  const out = new Map<string, ClaimDocument[]>(articleIds.map((id) => [id, []]));
  let after: unknown[] | undefined;
  for (;;) {
    const r = await client.search<ClaimDocument>({
      index: names.alias('claims'),
      size: CLAIMS_PAGE,
      query: { bool: { filter: [{ terms: { 'article.id': [...articleIds] } }] } },
      sort: [{ id: 'asc' }] as never,
      ...(after ? { search_after: after as never } : {}),
    });
    for (const h of r.hits.hits) {
      const c = { ...(h._source as ClaimDocument), id: h._id as string };
      out.get(c.article.id)?.push(c);
    }
    if (r.hits.hits.length < CLAIMS_PAGE) return out;
    after = r.hits.hits.at(-1)?.sort;
  }
}

/** One article's new extraction, and the content hash of the text it was made of. */
export interface Reextraction {
  articleId: string;
  result: ExtractionResult;
  contentHash: string;
}

/**
 * Replaces the claims of each article with those of its new extraction: the claims of all of them in one bulk
 * request, then the article documents in another (the commit marker: a retry after a crash in between does it all
 * again, to the same result).
 */
export async function replaceClaims(
  client: Client,
  names: IndexNames,
  items: readonly Reextraction[],
  extractor: ExtractorStamp,
  actors: ReadonlyMap<string, ActorRecord>,
  now: Date,
): Promise<ReextractOutcome[]> {
  const ids = items.map((i) => i.articleId);
  const stored = await readStoredArticles(client, names, ids, false);
  const old = await claimsOf(client, names, ids);
  const stamp = { extractor, reextractedAt: now.toISOString() };
  const outcomes: ReextractOutcome[] = [];
  const fresh: ClaimDocument[] = [];
  const gone: ClaimDocument[] = [];
  const before = new Map<string, ClaimDocument>();
  const updates: { id: string; doc: Record<string, unknown> }[] = [];
  items.forEach(({ articleId, result, contentHash }, i) => {
    const article = stored[i];
    const mine = old.get(articleId) ?? [];
    if (!article) {
      outcomes.push({ kind: 'missing', articleId });
      return;
    }
    if (article.duplicateOf) {
      // A syndicated copy keeps no claims: its original's stand for it.
      gone.push(...mine);
      updates.push({ id: articleId, doc: { claimCount: 0, ...stamp } });
      outcomes.push({ kind: 'duplicate', articleId, removed: mine.length });
      return;
    }
    if (contentHash !== article.contentHash) {
      outcomes.push({ kind: 'changed', articleId });
      return;
    }
    const claims = buildClaimDocuments(result, { ...article, text: '', extractor }, actors);
    const was = new Map(mine.map((c) => [c.id, c]));
    let unchanged = 0;
    let updated = 0;
    for (const c of claims) {
      const w = was.get(c.id);
      if (!w) continue;
      before.set(c.id, w);
      if (statement(w) === statement(c)) unchanged++;
      else updated++;
    }
    const kept = new Set(claims.map((c) => c.id));
    const removed = mine.filter((c) => !kept.has(c.id));
    fresh.push(...claims);
    gone.push(...removed);
    const { source: _s, article: _a, claims: _c, ...entities } = result;
    updates.push({
      id: articleId,
      doc: {
        actorIds: result.actors.filter((a) => !a.ambiguous).map((a) => a.id),
        claimCount: claims.length,
        entities,
        ...stamp,
      },
    });
    outcomes.push({
      kind: 'reextracted',
      articleId,
      claims: claims.length,
      added: claims.length - unchanged - updated,
      removed: removed.length,
      unchanged,
      updated,
    });
  });
  const foreign = await writeClaims(client, names, fresh, gone, before);
  // A new id another article already holds is left to it: this article holds one claim fewer.
  for (const o of outcomes) {
    const n = o.kind === 'reextracted' ? (foreign.get(o.articleId) ?? 0) : 0;
    if (o.kind === 'reextracted' && n > 0) {
      o.claims -= n;
      o.added -= n;
      const u = updates.find((x) => x.id === o.articleId);
      if (u) u.doc.claimCount = o.claims;
    }
  }
  if (updates.length > 0) {
    const r = await client.bulk({
      operations: updates.flatMap((u) => [{ update: { _index: names.alias('articles'), _id: u.id } }, { doc: u.doc }]),
      refresh: false,
    });
    const failed = r.items.filter((it) => it.update?.error && it.update.status !== 404);
    if (failed.length > 0)
      throw new TransientError(
        `Elasticsearch refused ${failed.length} article updates: ${failed[0]?.update?.error?.reason ?? ''}`,
        {},
      );
  }
  return outcomes;
}

/**
 * One bulk request: new claims created, kept ones rewritten (with their new stamp), gone ones deleted. Returns, per
 * article, how many new ids were already another article's (left alone). A refusal that a retry would meet again
 * fails the job.
 */
async function writeClaims(
  client: Client,
  names: IndexNames,
  fresh: ClaimDocument[],
  gone: ClaimDocument[],
  before: ReadonlyMap<string, ClaimDocument>,
): Promise<Map<string, number>> {
  const index = names.alias('claims');
  const foreign = new Map<string, number>();
  const operations: unknown[] = [];
  for (const c of fresh) operations.push({ [before.has(c.id) ? 'index' : 'create']: { _index: index, _id: c.id } }, c);
  for (const c of gone) operations.push({ delete: { _index: index, _id: c.id } });
  if (operations.length === 0) return foreign;
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
    const message = `Elasticsearch refused ${failures.length} claim writes: ${failures.slice(0, 3).join('; ')}`;
    if (permanent) throw new NonRetryableError(message, { reason: 'index-rejected' });
    throw new TransientError(message, {});
  }
  if (taken.length === 0) return foreign;
  // An id already taken: this article's own claim written by an earlier try of this job (not yet visible to the
  // search that listed its claims) is rewritten; another article's is left alone.
  const byId = new Map(fresh.map((c) => [c.id, c]));
  const held = await client.mget<ClaimDocument>({ index, ids: taken, _source_includes: ['article.id'] });
  const again: unknown[] = [];
  for (const d of held.docs) {
    const c = byId.get(d._id);
    if (!c) continue;
    if ('found' in d && d.found && d._source?.article?.id === c.article.id)
      again.push({ index: { _index: index, _id: c.id } }, c);
    else foreign.set(c.article.id, (foreign.get(c.article.id) ?? 0) + 1);
  }
  if (again.length > 0) {
    const r2 = await client.bulk({ operations: again as never, refresh: false });
    if (r2.errors) throw new TransientError('claims changed while they were written; retrying', {});
  }
  return foreign;
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
