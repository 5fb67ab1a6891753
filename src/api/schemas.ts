/**
 * Request and response schemas. The same zod schemas validate requests and generate the OpenAPI document, so the
 * document cannot drift from what the server accepts.
 */
import { z } from 'zod';
import { PREDICATES } from '../claims/types.ts';

const list = (item: z.ZodType<string>) => z.array(item).optional();
/** A day that exists: `2024-02-30` matches the pattern but would reach Elasticsearch as an unparseable date. */
const isCalendarDate = (value: string): boolean => {
  const [y, m, d] = value.split('-').map(Number);
  if (d === undefined) return true;
  const date = new Date(0);
  date.setUTCFullYear(y as number, (m as number) - 1, d); // not Date.UTC, which reads years 0-99 as 1900-1999
  return date.getUTCMonth() === (m as number) - 1 && date.getUTCDate() === d;
};
const isoPrefix = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'YYYY, YYYY-MM or YYYY-MM-DD')
  .refine(isCalendarDate, 'not a day of the calendar');
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const claimsQuery = z
  .object({
    entity: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('Any name or alias of an actor, a vendor, a sector or a country'),
    predicate: list(z.enum(PREDICATES)).describe('Claim predicates (repeatable)'),
    sector: list(z.string().regex(/^[a-z-]{2,40}$/, 'a sector id')).describe('Sector ids (repeatable)'),
    country: list(z.string().regex(/^[A-Za-z]{2}$/, 'an ISO 3166-1 alpha-2 code')).describe(
      'Country codes (repeatable)',
    ),
    vendor: list(z.string().regex(/^[a-z0-9-]{2,60}$/, 'a vendor id')).describe('Vendor ids credited (repeatable)'),
    from: isoPrefix.optional().describe('Published on or after'),
    to: isoPrefix.optional().describe('Published on or before'),
    hedged: bool.optional().describe('Only hedged (true) or only stated (false) claims'),
    negated: z
      .enum(['true', 'false', 'any'])
      .default('false')
      .describe('Denials: left out (false), only (true), or both (any)'),
    q: z.string().trim().min(1).max(500).optional().describe('Words that must appear in the quote (plain text)'),
    size: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(2000).optional().describe('`next` of the previous page'),
    format: z.enum(['json', 'csv', 'jsonl', 'stix']).default('json'),
  })
  .strict();
export type ClaimsQuery = z.output<typeof claimsQuery>;

/** Predicates an assertion can have: who targets what, and who backs whom. */
export const ASSERTION_PREDICATE_VALUES = ['targets-sector', 'targets-country', 'sponsored-by'] as const;

export const assertionsQuery = z
  .object({
    entity: claimsQuery.shape.entity,
    predicate: list(z.enum(ASSERTION_PREDICATE_VALUES)).describe('Predicates (repeatable; any of them)'),
    object: list(z.string().regex(/^(?:[a-z-]{2,40}|[A-Za-z]{2})$/, 'a sector id or a country code')).describe(
      'Objects: sector ids or country codes (repeatable; any of them)',
    ),
    vendor: claimsQuery.shape.vendor.describe('Vendors asserting it (repeatable; any of them)'),
    from: isoPrefix.optional().describe('Reported on or after'),
    to: isoPrefix.optional().describe('Reported on or before'),
    disputed: bool.optional().describe('Only assertions some report denies or disputes'),
    sort: z.enum(['sources', 'last', 'first']).default('sources'),
    size: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).max(4900).default(0),
    format: z.enum(['json', 'csv', 'stix']).default('json'),
    tlp: z.enum(['clear', 'green', 'amber']).optional().describe('TLP marking on a STIX export'),
  })
  .strict();
export type AssertionsQuery = z.output<typeof assertionsQuery>;

export const triageQuery = z.object({ window: z.enum(['24h', '7d']).default('7d') }).strict();

export const actorsQuery = z
  .object({
    prefix: z.string().trim().min(1).max(100).describe('What the analyst has typed so far'),
    limit: z.coerce.number().int().min(1).max(50).default(10),
  })
  .strict();

export const ingestBody = z
  .object({
    urls: z
      .array(z.url({ protocol: /^https?$/ }).max(2048))
      .min(1)
      .max(1000)
      .describe('Article URLs to fetch (http or https)'),
  })
  .strict();

export const watchBody = z
  .object({
    actor: z.string().trim().min(1).max(200).describe('Any name or alias of the actor to watch'),
    webhook: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .describe('Where alerts are POSTed'),
    secret: z.string().min(8).max(200).optional().describe('Shared secret for the HMAC-SHA256 signature'),
    format: z.enum(['json', 'slack']).default('json'),
    predicates: z.array(z.enum(PREDICATES)).optional(),
    sectors: z.array(z.string().regex(/^[a-z-]{2,40}$/)).optional(),
    countries: z.array(z.string().regex(/^[A-Za-z]{2}$/)).optional(),
    on: z
      .enum(['new-article', 'new-assertion'])
      .default('new-article')
      .describe('Fire for every new article that matches, or only for an assertion no earlier report made'),
  })
  .strict()
  .transform(({ webhook, ...rest }) => ({ ...rest, url: webhook }));

export const alertsQuery = z
  .object({
    status: z.enum(['pending', 'delivered', 'failed']).optional(),
    watch: z.string().max(100).optional(),
    size: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict();

const bucket = z.object({ key: z.string(), count: z.number().int(), name: z.string().optional() });
export type BucketOut = z.output<typeof bucket>;
const claim = z.looseObject({
  id: z.string(),
  subject: z.looseObject({ kind: z.literal('actor'), id: z.string(), name: z.string() }),
  predicate: z.enum(PREDICATES),
  object: z.looseObject({ kind: z.string(), id: z.string(), name: z.string() }).nullable(),
  value: z.unknown(),
  negated: z.boolean(),
  hedged: z.boolean(),
  reportedBy: z.array(z.string()),
  citation: z.object({ url: z.string().nullable(), quote: z.string(), start: z.number(), end: z.number() }),
  article: z.object({
    id: z.string(),
    url: z.string(),
    title: z.string().nullable(),
    publisher: z.string().nullable(),
    published: z.string().nullable(),
  }),
});
export type ClaimOut = z.output<typeof claim>;
const resolved = z.object({ kind: z.string(), id: z.string(), name: z.string(), aliases: z.array(z.string()) });
export type ResolvedOut = z.output<typeof resolved>;

export const claimsResponse = z.object({
  total: z.number().int(),
  resolved: resolved.nullable(),
  claims: z.array(claim),
  facets: z.object({
    predicate: z.array(bucket),
    sector: z.array(bucket),
    country: z.array(bucket),
    vendor: z.array(bucket),
    month: z.array(bucket),
  }),
  next: z.string().nullable(),
});
export type ClaimsResponse = z.output<typeof claimsResponse>;
const named = z.object({ id: z.string(), name: z.string() });
const assertionRow = z.object({
  id: z.string(),
  subject: named,
  predicate: z.enum(ASSERTION_PREDICATE_VALUES),
  object: z.object({ kind: z.string(), id: z.string(), name: z.string() }),
  sources: z.number().int().describe('Independent sources (publishers) asserting it'),
  articles: z.number().int(),
  vendors: z.array(named).describe('Vendors credited in the asserting articles'),
  firstReported: z.string().nullable(),
  lastReported: z.string().nullable(),
  hedgedArticles: z.number().int().describe('Asserting articles that only suspect or allege it'),
  disputedBy: z.number().int().describe('Articles that deny or dispute it'),
});
export type AssertionRowOut = z.output<typeof assertionRow>;
export const assertionsResponse = z.object({
  total: z.number().int(),
  offset: z.number().int(),
  resolved: resolved.nullable(),
  assertions: z.array(assertionRow),
  facets: z.object({ predicate: z.array(bucket), object: z.array(bucket), vendor: z.array(bucket) }),
});
export type AssertionsResponse = z.output<typeof assertionsResponse>;
const evidenceArticle = z.object({
  article: claim.shape.article,
  source: z.string(),
  reportedAt: z.string().nullable(),
  vendors: z.array(named),
  hedged: z.boolean(),
  quotes: z.array(
    z.object({ claimId: z.string(), quote: z.string(), start: z.number(), end: z.number(), hedged: z.boolean() }),
  ),
  copies: z.array(z.object({ id: z.string(), url: z.string(), publisher: z.string().nullable() })),
});
export type EvidenceArticleOut = z.output<typeof evidenceArticle>;
export const assertionResponse = assertionRow.extend({
  confidence: z.number().int().min(0).max(100).describe('From corroboration, 0–100 (docs/api.md)'),
  evidence: z.array(evidenceArticle),
  counterEvidence: z.array(evidenceArticle),
});
export type AssertionResponse = z.output<typeof assertionResponse>;
export const triageResponse = z.object({
  window: z.enum(['24h', '7d']),
  since: z.string(),
  articles: z.object({
    ingested: z.number().int(),
    latest: z.array(
      z.object({
        id: z.string(),
        url: z.string(),
        title: z.string().nullable(),
        publisher: z.string().nullable(),
        ingestedAt: z.string(),
      }),
    ),
  }),
  actors: z.array(z.object({ id: z.string(), name: z.string(), articles: z.number().int() })),
  newAssertions: z.array(assertionRow),
  disputedAssertions: z.array(assertionRow),
  watches: z.object({
    alerts: z.number().int(),
    delivered: z.number().int(),
    failed: z.array(
      z.object({
        id: z.string(),
        watchId: z.string(),
        actorId: z.string().nullable(),
        articleId: z.string().nullable(),
        lastError: z.string().nullable(),
        createdAt: z.string(),
      }),
    ),
  }),
});
export type TriageResponse = z.output<typeof triageResponse>;

export const ambiguousResponse = z.object({
  ambiguous: z.literal(true),
  query: z.string(),
  candidates: z.array(resolved),
});
export type AmbiguousResponse = z.output<typeof ambiguousResponse>;
export const actorsResponse = z.object({
  actors: z.array(z.object({ id: z.string(), name: z.string(), matched: z.string(), aliases: z.array(z.string()) })),
});
export type ActorsResponse = z.output<typeof actorsResponse>;
export const actorProfile = z.object({
  id: z.string(),
  name: z.string(),
  attackId: z.string().nullable(),
  kind: z.string(),
  sponsor: z.object({ code: z.string(), name: z.string() }).nullable(),
  aliases: z.array(
    z.object({ name: z.string(), coinedBy: z.string().nullable(), coinedByName: z.string().nullable() }),
  ),
  claimCount: z.number().int(),
  firstSeen: z.string().nullable(),
  lastSeen: z.string().nullable(),
  sectors: z.array(z.object({ id: z.string(), name: z.string(), count: z.number().int() })),
  countries: z.array(z.object({ id: z.string(), name: z.string(), count: z.number().int() })),
  vendors: z.array(z.object({ id: z.string(), name: z.string(), count: z.number().int() })),
  months: z.array(bucket),
  latest: z.array(claim),
});
export type ActorProfile = z.output<typeof actorProfile>;
export const articleResponse = z.object({
  id: z.string(),
  url: z.string(),
  title: z.string().nullable(),
  publisher: z.string().nullable(),
  published: z.string().nullable(),
  text: z.string(),
  duplicateOf: z.string().nullable(),
  spans: z.array(
    z.object({ start: z.number(), end: z.number(), kind: z.string(), id: z.string().nullable(), text: z.string() }),
  ),
  claims: z.array(claim),
});
export type ArticleResponse = z.output<typeof articleResponse>;
export const ingestResponse = z.object({
  batchId: z.string(),
  accepted: z.number().int(),
  duplicates: z.number().int(),
});
export const jobResponse = z.looseObject({
  id: z.string(),
  pending: z.number().int(),
  total: z.number().int(),
  indexed: z.number().int(),
  unchanged: z.number().int(),
  duplicates: z.number().int(),
  failed: z.number().int(),
  claims: z.number().int(),
});
export const problem = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
});
