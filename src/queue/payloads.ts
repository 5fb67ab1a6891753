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

export const alertPayload = z.object({
  /** `alert`: deliver one stored alert; `digest`: the nightly summary of every watch. Secrets stay in the watch. */
  kind: z.enum(['alert', 'digest']),
  alertId: z.string().optional(),
});
export type AlertJobPayload = z.infer<typeof alertPayload>;
