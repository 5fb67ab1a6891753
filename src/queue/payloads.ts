/**
 * Job payloads, one schema per stage. Workers validate what they take off a queue, so a malformed job fails once,
 * with its field named, instead of failing deep inside a stage on every retry.
 */
import { z } from 'zod';
import type { ExtractionResult } from '../claims/types.ts';

export const STAGES = ['discover', 'fetch', 'extract', 'index', 'alert'] as const;
export type Stage = (typeof STAGES)[number];

const provenance = z.object({
  /** The batch item: the requested URL, normalized. */
  normalizedUrl: z.string(),
  /** The URL actually fetched, after redirects: the article's identity and what its claims cite. */
  fetchedUrl: z.string().nullish(),
  /** The canonical URL the page declares about itself: recorded, never trusted as identity. */
  declaredCanonical: z.string().nullish(),
  requestedUrl: z.string().nullish(),
  sourceUrl: z.string().nullish(),
  fetchedAt: z.string().nullish(),
  parsedAt: z.string(),
  authors: z.array(z.string()).optional(),
  modified: z.string().nullish(),
  etag: z.string().nullish(),
  lastModified: z.string().nullish(),
  /** Set by the extract stage: the extractor version and catalog revision that made the result. */
  extractor: z.object({ version: z.string(), catalog: z.string() }).nullish(),
});
export type Provenance = z.infer<typeof provenance>;

export const discoverPayload = z.object({
  batchId: z.string().optional(),
  /** `sources`: every enabled source in config; `feed`/`sitemap`: one document; `urls`: a list (inline or a document). */
  kind: z.enum(['sources', 'feed', 'sitemap', 'urls']),
  url: z.string().optional(),
  /** A local document from the sources file, instead of `url`. */
  file: z.string().optional(),
  urls: z.array(z.string()).optional(),
  maxItems: z.number().int().positive().optional(),
});
export type DiscoverPayload = z.infer<typeof discoverPayload>;

export const fetchPayload = z.object({
  batchId: z.string(),
  url: z.string(),
  normalizedUrl: z.string(),
  sourceUrl: z.string().nullish(),
});
export type FetchPayload = z.infer<typeof fetchPayload>;

const article = z.object({
  url: z.string().nullable(),
  title: z.string().nullable(),
  publisher: z.string().nullable(),
  authors: z.array(z.string()),
  published: z.string().nullable(),
  modified: z.string().nullable(),
  language: z.string().nullable(),
  text: z.string(),
  paragraphs: z.array(z.object({ start: z.number(), end: z.number() })),
});

export const extractPayload = z.object({
  batchId: z.string(),
  article,
  provenance,
});
export type ExtractPayload = z.infer<typeof extractPayload>;

export const indexPayload = z.object({
  batchId: z.string(),
  /** The extraction result (the `claimwire extract` contract); checked for shape only, our own stage produced it. */
  result: z.custom<ExtractionResult>(
    (v) =>
      typeof v === 'object' &&
      v !== null &&
      Array.isArray((v as ExtractionResult).claims) &&
      typeof (v as ExtractionResult).article?.text === 'string',
    'not an extraction result',
  ),
  provenance,
});
export type IndexPayload = z.infer<typeof indexPayload>;

/** Re-extraction of one stored article (`claimwire reextract`): the extract stage reads its text from the index. */
export const reextractPayload = z.object({
  kind: z.literal('reextract'),
  batchId: z.string(),
  /** A few articles per job: one read, one bulk write and one batch update each, instead of one per article. */
  articleIds: z
    .array(z.string().regex(/^[0-9a-f]{32}$/, 'an article id (32 hex digits)'))
    .min(1)
    .max(200),
  /** The catalog revision the requester had: a worker holding another one looks at its catalog file again first. */
  catalog: z.string().optional(),
});
export type ReextractPayload = z.infer<typeof reextractPayload>;

/** What the extract queue carries: an article to extract, or a stored one to extract again. */
export const extractJobPayload = z.union([reextractPayload, extractPayload]);
export type ExtractJobPayload = z.infer<typeof extractJobPayload>;

const stamp = z.object({ version: z.string(), catalog: z.string() });

/** A re-extraction's result, for the index stage to replace the article's claims with. */
export const reindexPayload = z.object({
  kind: z.literal('reextract'),
  batchId: z.string(),
  /** Each article's extraction (its text left out: the store has it) and the hash of the text it was made of. */
  items: z.array(
    z.object({
      articleId: z.string(),
      result: indexPayload.shape.result,
      contentHash: z.string(),
    }),
  ),
  extractor: stamp,
});
export type ReindexPayload = z.infer<typeof reindexPayload>;

/** What the index queue carries: a new extraction to store, or a re-extraction to replace claims with. */
export const indexJobPayload = z.union([reindexPayload, indexPayload]);
export type IndexJobPayload = z.infer<typeof indexJobPayload>;

export const alertPayload = z.object({
  /** `alert`: deliver one stored alert; `digest`: the nightly summary of every watch. Secrets stay in the watch. */
  kind: z.enum(['alert', 'digest']),
  alertId: z.string().optional(),
});
export type AlertJobPayload = z.infer<typeof alertPayload>;
