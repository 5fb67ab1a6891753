/**
 * Network access for claimwire: the only module that opens connections to websites. Fetch workers call
 * {@link createFetcher}; the queue layer uses {@link normalizeUrl} for job ids and {@link backoffDelay} for retries;
 * anything else that must reach an untrusted URL (webhook delivery) reuses the SSRF guard.
 */
export { type BackoffOptions, backoffDelay } from './backoff.ts';
export { type ParsedContentType, parseContentType } from './content-type.ts';
export { type FetchFailureReason, parseRetryAfter } from './fetch-error.ts';
export {
  createFetcher,
  DEFAULT_ALLOWED_CONTENT_TYPES,
  DEFAULT_USER_AGENT,
  type Fetcher,
  type FetcherOptions,
  type FetchNotModified,
  type FetchOk,
  type FetchOptions,
  type FetchResult,
} from './fetcher.ts';
export { type AddressRange, classifyAddress } from './ip-ranges.ts';
export { isTrackingParam, normalizeUrl } from './normalize-url.ts';
export { registrableDomain, sameRegistrableDomain } from './registrable-domain.ts';
export { isAllowedByRobots, parseRobots, productToken, type RobotsPolicy, type RobotsRule } from './robots.ts';
export {
  type AddressAllowlist,
  assertPublicAddresses,
  assertPublicUrl,
  type CheckedTarget,
  createGuardedLookup,
  createPinnedLookup,
  FETCH_ALLOW_VARIABLE,
  howToAllow,
  parseAllowlist,
  parseFetchUrl,
  type Resolver,
  type SsrfGuardOptions,
  systemResolver,
  WEBHOOK_ALLOW_VARIABLE,
} from './ssrf-guard.ts';
