/**
 * What claimwire stores: the article document and the claim documents built from one extraction. Pure: the ids and
 * fields are computed here, the writes happen in `ingest-store.ts`.
 */
import { createHash } from 'node:crypto';
import type { Claim, ExtractionResult } from '../claims/types.ts';
import type { ActorRecord } from '../extract/catalog/types.ts';
import { nameKey } from '../extract/text/tokens.ts';
import type { ExtractorStamp } from '../extract/version.ts';
import { normalizeUrl } from '../fetch/normalize-url.ts';
import { registrableDomain, sameRegistrableDomain } from '../fetch/registrable-domain.ts';

export interface ArticleDocument {
  id: string;
  /** The URL fetched (after redirects), which the claims cite; for a local file, the URL it was given. */
  url: string;
  /** `url` normalized: the article's identity (`id` is its hash). */
  normalizedUrl: string;
  /** The canonical URL the page declares (link rel=canonical, og:url), normalized; unverified. */
  canonicalUrl: string | null;
  /** Whether `canonicalUrl` is on the fetched URL's registrable domain, the only case deduplication believes it. */
  canonicalTrusted: boolean;
  requestedUrl: string | null;
  sourceUrl: string | null;
  title: string | null;
  publisher: string | null;
  authors: string[];
  published: string | null;
  modified: string | null;
  language: string | null;
  text: string;
  contentHash: string;
  duplicateOf: string | null;
  actorIds: string[];
  claimCount: number;
  fetchedAt: string | null;
  parsedAt: string;
  ingestedAt: string;
  entities: Omit<ExtractionResult, 'source' | 'article' | 'claims'>;
  /** The extractor version and catalog revision that made its claims (null: stored before they were recorded). */
  extractor: ExtractorStamp | null;
  /** The URL extraction was given (claim ids are derived from it); re-extraction passes the same one. */
  extractedUrl?: string | null;
  /** When `claimwire reextract` last replaced its claims. */
  reextractedAt?: string;
}

export interface ClaimDocument extends Claim {
  subject: Claim['subject'] & { aliases: string[]; aliasKeys: string[] };
  valueText: string | null;
  percent: number | null;
  article: { id: string; url: string; title: string | null; publisher: string | null; published: string | null };
  ingestedAt: string;
  /** The extractor version and catalog revision that made the claim (absent on claims stored before it was recorded). */
  extractor?: ExtractorStamp | null;
  /**
   * The assertion the claim is evidence for or against: a hash of (subject, predicate, object), null for predicates
   * that make no assertion (reported-by, active-since, statistic). See docs/architecture.md, "Assertions".
   */
  assertionKey?: string | null;
  /** The independent source the claim comes from: the publisher's registrable domain (a site's re-posts are one). */
  sourceKey?: string;
  /** When the source reported it: the article's published date, else the day it was ingested. */
  reportedAt?: string;
}

/** Predicates whose claims are evidence for an assertion: who targets what, and who backs whom. */
export const ASSERTION_PREDICATES = ['targets-sector', 'targets-country', 'sponsored-by'] as const;

/** The assertion a claim states, or null: the same (subject, predicate, object) in any article gives the same key. */
export function assertionKeyOf(claim: Pick<Claim, 'subject' | 'predicate' | 'object'>): string | null {
  if (!claim.object || !(ASSERTION_PREDICATES as readonly string[]).includes(claim.predicate)) return null;
  return sha256([claim.subject.id, claim.predicate, claim.object.kind, claim.object.id].join('\u0000')).slice(0, 24);
}

/**
 * The independent source an article is: the registrable domain of the canonical URL it declares, else of its own URL
 * (its publisher name for a local file). A site's re-posts are one source; a syndicated copy that names the original
 * as canonical (its text reworded or wrapped, so not stored as an exact duplicate) is the original's source. A
 * canonical on another domain is believed here though deduplication does not believe it: it can only merge a source
 * into another, never add one, so a page claiming a stranger's canonical lowers a count rather than inflating it.
 */
export function sourceKeyOf(
  article: Pick<ArticleDocument, 'url' | 'publisher'> & { canonicalUrl?: string | null },
): string {
  for (const candidate of [article.canonicalUrl, article.url]) {
    if (!candidate) continue;
    try {
      const u = new URL(candidate);
      if (u.protocol === 'http:' || u.protocol === 'https:') return registrableDomain(u.hostname);
    } catch {
      // not a URL: try the next
    }
  }
  return article.publisher ? `publisher:${nameKey(article.publisher)}` : `url:${article.url}`;
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** The article's id: a hash of its normalized URL, so the same page always lands on the same document. */
export const articleIdFor = (normalizedUrl: string): string => sha256(normalizedUrl).slice(0, 32);

/** Hash of the body with white space folded: syndicated copies of one story share it. */
export const contentHashOf = (text: string): string => sha256(text.replace(/\s+/g, ' ').trim().toLowerCase());

export interface ArticleProvenance {
  normalizedUrl: string;
  fetchedUrl?: string | null;
  declaredCanonical?: string | null;
  requestedUrl?: string | null;
  sourceUrl?: string | null;
  fetchedAt?: string | null;
  parsedAt: string;
  ingestedAt: string;
  authors?: string[];
  modified?: string | null;
  /** What made the extraction; recorded on the article and each claim. */
  extractor?: ExtractorStamp | null;
}

const normalizedOrSelf = (url: string): string => {
  try {
    return normalizeUrl(url);
  } catch {
    return url;
  }
};

/**
 * Who an article is: the URL fetched (after redirects), normalized, never what the page declares about itself. A
 * local file has no fetched URL; its batch key (the URL it was given, or its path) stands in.
 */
export function articleIdentity(p: ArticleProvenance): { url: string; normalizedUrl: string; id: string } {
  const normalizedUrl = p.fetchedUrl ? normalizedOrSelf(p.fetchedUrl) : p.normalizedUrl;
  return { url: p.fetchedUrl ?? p.normalizedUrl, normalizedUrl, id: articleIdFor(normalizedUrl) };
}

/** The declared canonical, normalized, and whether deduplication may believe it (same registrable domain). */
export function declaredCanonicalOf(
  p: ArticleProvenance,
  fetchedUrl: string,
): { url: string | null; trusted: boolean } {
  if (!p.declaredCanonical) return { url: null, trusted: false };
  const url = normalizedOrSelf(p.declaredCanonical);
  return { url, trusted: sameRegistrableDomain(fetchedUrl, url) };
}

export function buildArticleDocument(
  result: ExtractionResult,
  p: ArticleProvenance,
  duplicateOf: string | null,
): ArticleDocument {
  const { source: _source, article, claims, ...entities } = result;
  const identity = articleIdentity(p);
  const url = p.fetchedUrl ?? article.url ?? p.normalizedUrl;
  const canonical = declaredCanonicalOf(p, url);
  return {
    id: identity.id,
    url,
    normalizedUrl: identity.normalizedUrl,
    canonicalUrl: canonical.url,
    canonicalTrusted: canonical.trusted,
    requestedUrl: p.requestedUrl ?? null,
    sourceUrl: p.sourceUrl ?? null,
    title: article.title,
    publisher: article.publisher,
    authors: p.authors ?? [],
    published: article.published,
    modified: p.modified ?? null,
    language: article.language,
    text: article.text,
    contentHash: contentHashOf(article.text),
    duplicateOf,
    actorIds: result.actors.filter((a) => !a.ambiguous).map((a) => a.id),
    claimCount: duplicateOf ? 0 : claims.length,
    fetchedAt: p.fetchedAt ?? null,
    parsedAt: p.parsedAt,
    ingestedAt: p.ingestedAt,
    entities,
    extractor: p.extractor ?? null,
    extractedUrl: article.url,
  };
}

/** Claim documents carry the actor's every name so that any alias finds them. */
export function buildClaimDocuments(
  result: ExtractionResult,
  articleDoc: ArticleDocument,
  actors: ReadonlyMap<string, ActorRecord>,
): ClaimDocument[] {
  const sourceKey = sourceKeyOf(articleDoc);
  const reportedAt = articleDoc.published ?? articleDoc.ingestedAt.slice(0, 10);
  // A claim's evidence (model score, features) is for `extract --explain`; the index keeps what analysts search.
  return result.claims.map(({ evidence: _evidence, ...claim }) => {
    const actor = actors.get(claim.subject.id);
    const aliases = actor ? [actor.name, ...actor.aliases.map((a) => a.name)] : [claim.subject.name];
    const unique = [...new Set(aliases)];
    const value = claim.value;
    return {
      ...claim,
      // A claim cites the article it was stored under, whatever URL the extraction input carried.
      citation: { ...claim.citation, url: articleDoc.url },
      subject: { ...claim.subject, aliases: unique, aliasKeys: [...new Set(unique.map(nameKey))] },
      valueText: typeof value === 'string' ? value : value ? value.of : null,
      percent: value && typeof value === 'object' ? value.percent : null,
      article: {
        id: articleDoc.id,
        url: articleDoc.url,
        title: articleDoc.title,
        publisher: articleDoc.publisher,
        published: articleDoc.published,
      },
      ingestedAt: articleDoc.ingestedAt,
      extractor: articleDoc.extractor,
      assertionKey: assertionKeyOf(claim),
      sourceKey,
      reportedAt,
    };
  });
}
