/**
 * Writing one extracted article: its identity is the URL fetched (after redirects), deduplicated by content hash
 * (syndicated copies) and by a canonical URL the page declares on its own registrable domain, idempotent
 * (re-ingesting changes nothing), and all-or-retry (a bulk item that fails transiently fails the job, which is safe to
 * retry because every `_id` is deterministic).
 *
 * No write replaces or deletes a document of another article: claims are created, and only overwritten when the
 * stored copy belongs to this article; deletions are filtered on this article's id. The one exception is ownership
 * of a text passing to its original (see {@link claimContent}), which demotes the copy it replaces.
 */
import type { Client } from '@elastic/elasticsearch';
import type { ExtractionResult } from '../claims/types.ts';
import { NonRetryableError, TransientError } from '../errors.ts';
import type { ActorRecord } from '../extract/catalog/types.ts';
import {
  type ArticleDocument,
  type ArticleProvenance,
  articleIdFor,
  buildArticleDocument,
  buildClaimDocuments,
  type ClaimDocument,
} from './documents.ts';
import type { IndexNames } from './indices.ts';

export type IndexOutcome =
  | { kind: 'indexed'; articleId: string; claims: number; updated: boolean; replaced?: string }
  | { kind: 'unchanged'; articleId: string }
  | { kind: 'duplicate'; articleId: string; duplicateOf: string };

/** Who holds a text: the article whose claims stand for every copy of it. */
interface ContentOwner {
  articleId: string;
  /** The owner's identity URL (normalized). */
  url: string;
  firstSeenAt: string;
  published?: string | null;
  /** The owner's declared canonical, when it is on its own registrable domain. */
  canonicalUrl?: string | null;
}

const statusOf = (error: unknown): number | undefined => (error as { meta?: { statusCode?: number } }).meta?.statusCode;

/** Stores an article and its claims. */
export async function storeExtraction(
  client: Client,
  names: IndexNames,
  result: ExtractionResult,
  provenance: ArticleProvenance,
  actors: ReadonlyMap<string, ActorRecord>,
  /**
   * Runs for new reporting only (first seen, not a re-ingest, not a copy, not an original replacing its copy), before
   * anything is written: if it fails, the job retries and sees the article as new again, so nothing it starts (alerts)
   * is lost.
   */
  onNewReporting?: (article: ArticleDocument, claims: ClaimDocument[]) => Promise<void>,
): Promise<IndexOutcome> {
  const draft = buildArticleDocument(result, provenance, null);
  const articleId = draft.id;
  const contentHash = draft.contentHash;

  const existing = await getArticle(client, names, articleId);
  if (existing && existing.contentHash === contentHash) return { kind: 'unchanged', articleId };

  let duplicateOf = await canonicalOriginal(client, names, draft);
  let replaced: string | null = null;
  if (!duplicateOf) {
    const owner = await claimContent(client, names, contentHash, draft, provenance.ingestedAt);
    duplicateOf = owner.articleId === articleId ? null : owner.articleId;
    replaced = owner.replaced ?? null;
  }
  const articleDoc: ArticleDocument = duplicateOf ? { ...draft, duplicateOf, claimCount: 0 } : draft;
  const claimDocs = duplicateOf ? [] : buildClaimDocuments(result, articleDoc, actors);

  if (!existing && !duplicateOf && !replaced && onNewReporting) await onNewReporting(articleDoc, claimDocs);

  if (existing) {
    // The page changed: its old claims go (only its own: the filter is this article's id), the new ones come, and the
    // old content hash is released.
    await deleteClaimsOf(
      client,
      names,
      articleId,
      claimDocs.map((c) => c.id),
    );
    if (existing.contentHash !== contentHash) await releaseContentHash(client, names, existing.contentHash, articleId);
  }
  // The original of a text: any copy still standing for it becomes a duplicate (before this article's commit marker
  // is written, so a retry after a crash here demotes again).
  if (!duplicateOf) await demoteCopies(client, names, articleDoc, replaced);

  // Claims first, the article last: the article document is the commit marker. A job that dies between the two writes
  // finds no article on its retry and writes everything again (every id is deterministic), instead of finding the
  // article, calling it unchanged and leaving its claims half written.
  const written = await writeClaims(client, names, claimDocs, articleDoc);
  await writeDocuments(client, names, 'articles', [articleDoc], 'index', articleDoc);
  if (duplicateOf) return { kind: 'duplicate', articleId, duplicateOf };
  return {
    kind: 'indexed',
    articleId,
    claims: written,
    updated: existing !== null,
    ...(replaced ? { replaced } : {}),
  };
}

interface BulkFailure {
  id: string;
  status: number;
  type: string;
  reason: string;
}

/**
 * One bulk request; returns the items that failed. A refusal that retrying cannot change (a mapping error, a term too
 * long to index) fails the job at once with its reason; a busy or failing node fails it for a retry.
 */
async function writeDocuments(
  client: Client,
  names: IndexNames,
  kind: 'articles' | 'claims',
  documents: (ArticleDocument | ClaimDocument)[],
  op: 'create' | 'index',
  articleDoc: ArticleDocument,
  versions: ReadonlyMap<string, { seqNo: number; primaryTerm: number }> = new Map(),
): Promise<BulkFailure[]> {
  if (documents.length === 0) return [];
  const operations = documents.flatMap((d) => {
    const v = versions.get(d.id);
    const meta = {
      _index: names.alias(kind),
      _id: d.id,
      ...(v ? { if_seq_no: v.seqNo, if_primary_term: v.primaryTerm } : {}),
    };
    return [{ [op]: meta }, d];
  });
  const r = await client.bulk({ operations, refresh: false });
  const failures: BulkFailure[] = [];
  for (const item of r.items) {
    const result = Object.values(item)[0];
    if (!result?.error) continue;
    failures.push({
      id: String(result._id),
      status: result.status,
      type: result.error.type,
      reason: result.error.reason ?? '',
    });
  }
  const shown = (fs: BulkFailure[]) =>
    fs
      .slice(0, 3)
      .map((f) => `${f.id}: ${f.type} ${f.reason}`.trim().slice(0, 300))
      .join('; ');
  const permanent = failures.filter((f) => f.status >= 400 && f.status < 500 && f.status !== 409 && f.status !== 429);
  if (permanent.length > 0) {
    throw new NonRetryableError(
      `Elasticsearch refused ${permanent.length} of ${documents.length} ${kind} documents and would refuse them again: ${shown(permanent)}`,
      { articleId: articleDoc.id, url: articleDoc.url, reason: 'index-rejected' },
    );
  }
  const transient = failures.filter((f) => f.status !== 409);
  if (transient.length > 0) {
    throw new TransientError(
      `Elasticsearch refused ${transient.length} of ${documents.length} ${kind} documents: ${shown(transient)}`,
      { articleId: articleDoc.id, url: articleDoc.url },
    );
  }
  return failures;
}

/**
 * Claims are created, never blindly overwritten: an id already taken is overwritten only when the stored claim belongs
 * to this article (its page changed at the same offsets), and only if nobody wrote it in between. A claim of another
 * article is left alone. Returns how many claims this article holds.
 */
async function writeClaims(
  client: Client,
  names: IndexNames,
  claims: ClaimDocument[],
  articleDoc: ArticleDocument,
): Promise<number> {
  const conflicts = await writeDocuments(client, names, 'claims', claims, 'create', articleDoc);
  if (conflicts.length === 0) return claims.length;
  const taken = new Set(conflicts.map((c) => c.id));
  const stored = await client.mget<ClaimDocument>({
    index: names.alias('claims'),
    ids: [...taken],
    _source_includes: ['article.id'],
  });
  const versions = new Map<string, { seqNo: number; primaryTerm: number }>();
  let foreign = 0;
  for (const d of stored.docs) {
    if (!('found' in d) || !d.found) continue; // deleted since: the retry of the job creates it
    if (d._source?.article?.id !== articleDoc.id) {
      foreign++;
      continue;
    }
    versions.set(d._id, { seqNo: d._seq_no as number, primaryTerm: d._primary_term as number });
  }
  const mine = claims.filter((c) => versions.has(c.id));
  const lost = await writeDocuments(client, names, 'claims', mine, 'index', articleDoc, versions);
  if (lost.length > 0 || mine.length + foreign < taken.size) {
    throw new TransientError(`claims of ${articleDoc.url} changed while they were written; retrying`, {
      articleId: articleDoc.id,
    });
  }
  return claims.length - foreign;
}

async function deleteClaimsOf(client: Client, names: IndexNames, articleId: string, keep: string[]): Promise<void> {
  await client.deleteByQuery({
    index: names.alias('claims'),
    query: { bool: { filter: [{ term: { 'article.id': articleId } }], must_not: [{ ids: { values: keep } }] } },
    refresh: false,
    conflicts: 'proceed',
  });
}

async function getArticle(client: Client, names: IndexNames, id: string): Promise<ArticleDocument | null> {
  try {
    const r = await client.get<ArticleDocument>({
      index: names.alias('articles'),
      id,
      _source_includes: ['contentHash', 'duplicateOf', 'url'],
    });
    return (r._source as ArticleDocument) ?? null;
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
}

/**
 * A page declaring a canonical URL on its own registrable domain (an AMP or print view, a tracking variant) is a copy
 * of that article once it is stored. A canonical on another domain proves nothing and is ignored here.
 */
async function canonicalOriginal(client: Client, names: IndexNames, draft: ArticleDocument): Promise<string | null> {
  if (!draft.canonicalTrusted || !draft.canonicalUrl || draft.canonicalUrl === draft.normalizedUrl) return null;
  const original = await getArticle(client, names, articleIdFor(draft.canonicalUrl));
  if (!original) return null;
  return original.duplicateOf ?? articleIdFor(draft.canonicalUrl);
}

/** Whether `me` is the original of a text `holder` holds: named by the holder's own canonical, or published first. */
function isOriginalOf(me: ArticleDocument, holder: ContentOwner): boolean {
  if (me.canonicalTrusted && me.canonicalUrl === holder.url) return false;
  if (holder.canonicalUrl === me.normalizedUrl) return true;
  const mine = me.published ? Date.parse(me.published) : Number.NaN;
  const theirs = holder.published ? Date.parse(holder.published) : Number.NaN;
  return Number.isFinite(mine) && Number.isFinite(theirs) && mine < theirs;
}

/**
 * Claims a content hash with a create-only write, so two workers indexing two copies of one story at once cannot both
 * win. When the hash is held by a copy and this article is its original, ownership passes over (a conditional write,
 * so a concurrent change is seen and decided again). Returns the owner, and the copy it replaced if any.
 */
async function claimContent(
  client: Client,
  names: IndexNames,
  contentHash: string,
  me: ArticleDocument,
  at: string,
): Promise<{ articleId: string; replaced?: string }> {
  const record: ContentOwner = {
    articleId: me.id,
    url: me.normalizedUrl,
    firstSeenAt: at,
    published: me.published,
    canonicalUrl: me.canonicalTrusted ? me.canonicalUrl : null,
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await client.create({ index: names.alias('content'), id: contentHash, document: record });
      return { articleId: me.id };
    } catch (error) {
      if (statusOf(error) !== 409) throw error;
    }
    let held: Awaited<ReturnType<typeof client.get<ContentOwner>>>;
    try {
      held = await client.get<ContentOwner>({ index: names.alias('content'), id: contentHash });
    } catch (error) {
      if (statusOf(error) === 404) continue; // released in between: try to create again
      throw error;
    }
    const holder = held._source as ContentOwner;
    if (holder.articleId === me.id || !isOriginalOf(me, holder)) return { articleId: holder.articleId };
    try {
      await client.index({
        index: names.alias('content'),
        id: contentHash,
        document: { ...record, firstSeenAt: holder.firstSeenAt },
        if_seq_no: held._seq_no as number,
        if_primary_term: held._primary_term as number,
      });
      return { articleId: me.id, replaced: holder.articleId };
    } catch (error) {
      if (statusOf(error) !== 409) throw error;
    }
  }
  throw new TransientError(`the owner of the text of ${me.url} kept changing; retrying`, { articleId: me.id });
}

/**
 * Makes `original` the only article standing for its text: the copy it just replaced, and any stored article that
 * shares its text or declares it as canonical on its own domain, become its duplicates and lose their claims.
 */
async function demoteCopies(
  client: Client,
  names: IndexNames,
  original: ArticleDocument,
  replaced: string | null,
): Promise<void> {
  const r = await client.search<ArticleDocument>({
    index: names.alias('articles'),
    size: 100,
    _source: false,
    query: {
      bool: {
        should: [
          { term: { contentHash: original.contentHash } },
          {
            bool: {
              filter: [{ term: { canonicalUrl: original.normalizedUrl } }, { term: { canonicalTrusted: true } }],
            },
          },
        ],
        minimum_should_match: 1,
        must_not: [{ exists: { field: 'duplicateOf' } }, { ids: { values: [original.id] } }],
      },
    },
  });
  const copies = new Set(r.hits.hits.map((h) => h._id as string));
  if (replaced && replaced !== original.id) copies.add(replaced);
  for (const id of copies) {
    await deleteClaimsOf(client, names, id, []);
    try {
      await client.update({
        index: names.alias('articles'),
        id,
        doc: { duplicateOf: original.id, claimCount: 0 },
        retry_on_conflict: 3,
      });
    } catch (error) {
      if (statusOf(error) !== 404) throw error; // the copy's own job has not written it yet; it will find its owner
    }
  }
}

async function releaseContentHash(
  client: Client,
  names: IndexNames,
  contentHash: string,
  articleId: string,
): Promise<void> {
  try {
    const r = await client.get<ContentOwner>({ index: names.alias('content'), id: contentHash });
    if ((r._source as ContentOwner).articleId === articleId)
      await client.delete({
        index: names.alias('content'),
        id: contentHash,
        if_seq_no: r._seq_no as number,
        if_primary_term: r._primary_term as number,
      });
  } catch (error) {
    if (statusOf(error) !== 404 && statusOf(error) !== 409) throw error;
  }
}
