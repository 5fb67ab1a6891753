/**
 * Writing one extracted article: deduplicated by normalized URL (the article id) and by content hash (syndicated
 * copies), idempotent (re-ingesting changes nothing), and all-or-retry (a bulk item that fails fails the job, which
 * is safe to retry because every `_id` is deterministic).
 */
import type { Client } from '@elastic/elasticsearch';
import type { ExtractionResult } from '../claims/types.ts';
import { TransientError } from '../errors.ts';
import type { ActorRecord } from '../extract/catalog/types.ts';
import {
  type ArticleDocument,
  type ArticleProvenance,
  articleIdFor,
  buildArticleDocument,
  buildClaimDocuments,
  type ClaimDocument,
  contentHashOf,
} from './documents.ts';
import type { IndexNames } from './indices.ts';

export type IndexOutcome =
  | { kind: 'indexed'; articleId: string; claims: number; updated: boolean }
  | { kind: 'unchanged'; articleId: string }
  | { kind: 'duplicate'; articleId: string; duplicateOf: string };

interface ContentOwner {
  articleId: string;
}

const isStatus = (error: unknown, status: number): boolean =>
  (error as { meta?: { statusCode?: number } }).meta?.statusCode === status;

/** Stores an article and its claims. */
export async function storeExtraction(
  client: Client,
  names: IndexNames,
  result: ExtractionResult,
  provenance: ArticleProvenance,
  actors: ReadonlyMap<string, ActorRecord>,
  /**
   * Runs for new reporting only (first seen, not a re-ingest, not a syndicated copy), before anything is written: if
   * it fails, the job retries and sees the article as new again, so nothing it starts (alerts) is lost.
   */
  onNewReporting?: (article: ArticleDocument, claims: ClaimDocument[]) => Promise<void>,
): Promise<IndexOutcome> {
  const articleId = articleIdFor(provenance.normalizedUrl);
  const contentHash = contentHashOf(result.article.text);

  const existing = await getArticle(client, names, articleId);
  if (existing && existing.contentHash === contentHash) return { kind: 'unchanged', articleId };

  const owner = await claimContentHash(
    client,
    names,
    contentHash,
    articleId,
    result.article.url ?? provenance.normalizedUrl,
    provenance.ingestedAt,
  );
  const duplicateOf = owner === articleId ? null : owner;
  const articleDoc = buildArticleDocument(result, provenance, duplicateOf);
  const claimDocs = duplicateOf ? [] : buildClaimDocuments(result, articleDoc, actors);

  if (!existing && !duplicateOf && onNewReporting) await onNewReporting(articleDoc, claimDocs);

  if (existing) {
    // The page changed: its old claims go, the new ones come, and the old content hash is released.
    await client.deleteByQuery({
      index: names.alias('claims'),
      query: {
        bool: {
          filter: [{ term: { 'article.id': articleId } }],
          must_not: [{ ids: { values: claimDocs.map((c) => c.id) } }],
        },
      },
      refresh: false,
      conflicts: 'proceed',
    });
    if (existing.contentHash !== contentHash) await releaseContentHash(client, names, existing.contentHash, articleId);
  }

  // Claims first, the article last: the article document is the commit marker. A job that dies between the two writes
  // finds no article on its retry and writes everything again (every id is deterministic), instead of finding the
  // article, calling it unchanged and leaving its claims half written.
  await bulkWrite(client, names, claimDocs, articleDoc);
  await bulkWrite(client, names, [articleDoc], articleDoc);
  if (duplicateOf) return { kind: 'duplicate', articleId, duplicateOf };
  return { kind: 'indexed', articleId, claims: claimDocs.length, updated: existing !== null };
}

/** Writes documents with deterministic ids; any refused item fails the job (which is safe to retry). */
async function bulkWrite(
  client: Client,
  names: IndexNames,
  documents: (ArticleDocument | ClaimDocument)[],
  articleDoc: ArticleDocument,
): Promise<void> {
  if (documents.length === 0) return;
  const dropped: string[] = [];
  await client.helpers.bulk<ArticleDocument | ClaimDocument>({
    datasource: documents,
    onDocument: (d) => ({ index: { _index: names.alias('predicate' in d ? 'claims' : 'articles'), _id: d.id } }),
    onDrop: (d) => dropped.push(`${d.document.id}: ${d.error?.type ?? d.status} ${d.error?.reason ?? ''}`.trim()),
    retries: 3,
    wait: 500,
    refreshOnCompletion: false,
  });
  if (dropped.length > 0) {
    throw new TransientError(
      `Elasticsearch refused ${dropped.length} of ${documents.length} documents: ${dropped.slice(0, 3).join('; ')}`,
      { articleId: articleDoc.id, url: articleDoc.url },
    );
  }
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
    if (isStatus(error, 404)) return null;
    throw error;
  }
}

/**
 * Claims a content hash for an article with a create-only write, so two workers indexing two copies of one story at
 * the same moment cannot both win. Returns the owning article id.
 */
async function claimContentHash(
  client: Client,
  names: IndexNames,
  contentHash: string,
  articleId: string,
  url: string,
  at: string,
): Promise<string> {
  try {
    await client.create({
      index: names.alias('content'),
      id: contentHash,
      document: { articleId, url, firstSeenAt: at },
    });
    return articleId;
  } catch (error) {
    if (!isStatus(error, 409)) throw error;
    const r = await client.get<ContentOwner>({ index: names.alias('content'), id: contentHash });
    return (r._source as ContentOwner).articleId;
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
      await client.delete({ index: names.alias('content'), id: contentHash });
  } catch (error) {
    if (!isStatus(error, 404)) throw error;
  }
}
