// @ts-check
/**
 * The API's response types, in one place: each is `z.output` of the server's own zod schema (src/api/schemas.ts),
 * so a change in the API contract fails `npm run lint` (tsconfig.ui.json type-checks every UI module against them).
 * Nothing here runs: the imports live in JSDoc comments, which the browser never reads.
 *
 * @typedef {import('../schemas.ts').ClaimsResponse} ClaimsResponse
 * @typedef {import('../schemas.ts').ClaimOut} Claim
 * @typedef {import('../schemas.ts').ResolvedOut} Resolved
 * @typedef {import('../schemas.ts').BucketOut} Bucket
 * @typedef {import('../schemas.ts').AmbiguousResponse} AmbiguousResponse
 * @typedef {import('../schemas.ts').ActorsResponse} ActorsResponse
 * @typedef {import('../schemas.ts').ActorProfile} ActorProfile
 * @typedef {import('../schemas.ts').ArticleResponse} ArticleResponse
 * @typedef {import('../schemas.ts').AssertionsResponse} AssertionsResponse
 * @typedef {import('../schemas.ts').AssertionRowOut} AssertionRow
 * @typedef {import('../schemas.ts').AssertionResponse} AssertionResponse
 * @typedef {import('../schemas.ts').EvidenceArticleOut} EvidenceArticle
 * @typedef {import('../schemas.ts').TriageResponse} TriageResponse
 */
export {};
