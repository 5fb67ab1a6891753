/**
 * The fetcher: the only code in claimwire that talks to websites. It composes the SSRF guard (every hop), robots.txt
 * (every origin, cached), per-host politeness, manual redirects and the bounded wire exchange, and turns every
 * failure into a `NonRetryableError` or `TransientError` whose `context.reason` is a stable code.
 */
import { performance } from 'node:perf_hooks';
import { ClaimwireError, NonRetryableError } from '../errors.ts';
import { parseContentType } from './content-type.ts';
import { httpStatusError, parseRetryAfter, permanent, transient } from './fetch-error.ts';
import { HostScheduler } from './host-scheduler.ts';
import { Exchange } from './http-exchange.ts';
import {
  ALLOW_ALL,
  isAllowedByRobots,
  MAX_ROBOTS_BYTES,
  parseRobots,
  productToken,
  RobotsBudgetError,
  type RobotsPolicy,
} from './robots.ts';
import {
  type AddressAllowlist,
  assertPublicUrl,
  type CheckedTarget,
  parseFetchUrl,
  type Resolver,
} from './ssrf-guard.ts';

/** The User-Agent sent when the caller does not choose one. Names the project and where to complain. */
export const DEFAULT_USER_AGENT = 'claimwire/0.1 (+https://github.com/claimwire/claimwire)';

/** Media types fetched by default: web pages, feeds and plain text. Anything else is refused before its body is read. */
export const DEFAULT_ALLOWED_CONTENT_TYPES: readonly string[] = Object.freeze([
  'text/html',
  'application/xhtml+xml',
  'application/xml',
  'text/xml',
  'application/rss+xml',
  'application/atom+xml',
  'application/rdf+xml',
  'text/plain',
]);

const DEFAULT_ACCEPT =
  'text/html,application/xhtml+xml,application/rss+xml;q=0.9,application/atom+xml;q=0.9,application/xml;q=0.9,' +
  'text/xml;q=0.9,text/plain;q=0.8,*/*;q=0.1';

/** How the fetcher behaves. Every field has a production default; tests shrink the limits. */
export interface FetcherOptions {
  /** User-Agent header, and (its leading token) the name matched against robots.txt groups. */
  readonly userAgent?: string;
  /** Total network time for one fetch, across redirects and body; queue waits do not count. Default 20 000. */
  readonly timeoutMs?: number;
  /** Time from sending a request to its response headers. Default 10 000. */
  readonly headersTimeoutMs?: number;
  /** Longest silence mid-body. Default 10 000. A slow trickle is still cut by `timeoutMs`. */
  readonly idleTimeoutMs?: number;
  /** Largest body accepted, counted after Content-Encoding is undone. Default 10 MiB. */
  readonly maxBytes?: number;
  /** Redirects followed before failing with `too-many-redirects`. Default 5. */
  readonly maxRedirects?: number;
  /** Media types accepted (lowercase `type/subtype`). A response without Content-Type is accepted. */
  readonly allowedContentTypes?: readonly string[];
  /** Allow every loopback/private/link-local target (CLAIMWIRE_FETCH_ALLOW_PRIVATE=1). Tests only. Default false. */
  readonly allowPrivate?: boolean;
  /** Non-public addresses and hosts fetched on purpose (CLAIMWIRE_FETCH_ALLOW_CIDRS), named in refusals. */
  readonly allow?: AddressAllowlist;
  /**
   * Origins (`http://10.1.2.3:8080`) fetched although they are on non-public addresses, without opening every private
   * range as `allowPrivate` does: one trusted intranet service, or a test server on 127.0.0.1. A redirect from there
   * to any other non-public target (another port, the metadata service) is still refused.
   */
  readonly trustedOrigins?: readonly string[];
  /** Requests in flight per host. Default 2. */
  readonly perHostConcurrency?: number;
  /** Minimum gap between request starts per host. Default 1000. */
  readonly perHostMinIntervalMs?: number;
  /** Fetch and obey robots.txt. Default true. */
  readonly respectRobots?: boolean;
  /** How long a fetched robots.txt is trusted. Default one hour. */
  readonly robotsCacheTtlMs?: number;
  /** How long a robots.txt that could not be fetched (5xx, network) blocks its origin before trying again. Default 60 000. */
  readonly robotsErrorTtlMs?: number;
  /** Cap on a robots.txt Crawl-delay (a site asking for one request an hour would stall the queue). Default 10 000. */
  readonly maxCrawlDelayMs?: number;
  /** DNS resolution for the SSRF guard; defaults to the OS resolver. Tests stub it. */
  readonly resolver?: Resolver;
  /** Wall clock in ms, for `fetchedAt` and robots cache expiry. Default `Date.now`. */
  readonly now?: () => number;
  /**
   * Told when a robots.txt is treated as unavailable although it was fetched (over the rule caps, or too costly to
   * match), with the reason; the origin is then crawled as if it had none (RFC 9309), until the cache entry expires.
   */
  readonly onRobotsUnavailable?: (origin: string, reason: string) => void;
}

/** Per-request options. */
export interface FetchOptions {
  /** ETag from the last successful fetch: sent as If-None-Match. */
  readonly etag?: string | undefined;
  /** Last-Modified from the last successful fetch: sent as If-Modified-Since. */
  readonly lastModified?: string | undefined;
  /** Accept header override (e.g. for feeds). */
  readonly accept?: string | undefined;
  /** Aborts the fetch (e.g. worker shutdown); it then fails with a TransientError `aborted`. */
  readonly signal?: AbortSignal | undefined;
}

interface FetchResultBase {
  /** The final URL, after redirects, without fragment (it is never sent). Store and cite this one. */
  readonly url: string;
  /** The URL the caller asked for. */
  readonly requestedUrl: string;
  readonly httpStatus: number;
  readonly etag?: string;
  readonly lastModified?: string;
  /** ISO-8601 time the response arrived. */
  readonly fetchedAt: string;
  /** Each redirect target in order (empty when there was none); the last one equals `url`. */
  readonly redirects: readonly string[];
  /** Wall time of the whole fetch, including robots.txt and politeness waits. */
  readonly elapsedMs: number;
}

/** A 2xx response with its body. */
export interface FetchOk extends FetchResultBase {
  readonly status: 'ok';
  /** The Content-Type header as sent ('' when missing), ready for `decodeHtml(body, contentType)`. */
  readonly contentType: string;
  /** Lowercased `type/subtype` from Content-Type ('' when missing); branch on this (feed vs page). */
  readonly mediaType: string;
  /** The charset parameter from Content-Type, if any (a hint; `decodeHtml` makes the decision). */
  readonly charset?: string;
  /** The decoded (Content-Encoding undone) body bytes, at most `maxBytes`. */
  readonly body: Uint8Array;
}

/** A 304: the copy the caller holds (identified by `etag`/`lastModified`) is current. */
export interface FetchNotModified extends FetchResultBase {
  readonly status: 'not-modified';
}

export type FetchResult = FetchOk | FetchNotModified;

/** Fetches URLs safely and politely; see {@link createFetcher}. */
export interface Fetcher {
  /**
   * GETs `url`, following redirects. Resolves with the body or a 304; rejects with `NonRetryableError` or
   * `TransientError` (`context: { url, status?, reason, … }`, `retryAfterMs` for 429/503 with Retry-After).
   */
  fetch(url: string, options?: FetchOptions): Promise<FetchResult>;
  /** Whether robots.txt lets claimwire fetch `url` (fetching robots.txt if not cached). Always true when disabled. */
  isAllowedByRobots(url: string, signal?: AbortSignal): Promise<boolean>;
}

interface Settings {
  readonly userAgent: string;
  readonly timeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly maxBytes: number;
  readonly maxRedirects: number;
  readonly allowed: ReadonlySet<string>;
  readonly allowPrivate: boolean;
  readonly allow: AddressAllowlist | undefined;
  readonly trustedOrigins: ReadonlySet<string>;
  readonly respectRobots: boolean;
  readonly robotsCacheTtlMs: number;
  readonly robotsErrorTtlMs: number;
  readonly maxCrawlDelayMs: number;
  readonly resolver: Resolver | undefined;
  readonly now: () => number;
  readonly onRobotsUnavailable: ((origin: string, reason: string) => void) | undefined;
}

interface RobotsEntry {
  readonly expiresAt: number;
  readonly policy?: RobotsPolicy;
  readonly error?: Error;
}

/** Origins whose robots.txt is remembered; the oldest is forgotten past this. */
const ROBOTS_CACHE_MAX = 10_000;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

interface RequestPlan {
  readonly headers: Record<string, string>;
  readonly maxBytes: number;
  readonly truncate: boolean;
  readonly checkContentType: boolean;
  readonly checkRobots: boolean;
  readonly signal: AbortSignal | undefined;
}

class DefaultFetcher implements Fetcher {
  readonly #s: Settings;
  readonly #scheduler: HostScheduler;
  readonly #robots = new Map<string, RobotsEntry>();
  readonly #robotsInflight = new Map<string, Promise<RobotsEntry>>();
  readonly #token: string;

  constructor(s: Settings, scheduler: HostScheduler) {
    this.#s = s;
    this.#scheduler = scheduler;
    this.#token = productToken(s.userAgent);
  }

  async fetch(input: string, options: FetchOptions = {}): Promise<FetchResult> {
    const headers: Record<string, string> = {
      'User-Agent': this.#s.userAgent,
      Accept: options.accept ?? DEFAULT_ACCEPT,
      'Accept-Encoding': 'gzip, deflate, br',
    };
    if (options.etag) headers['If-None-Match'] = options.etag;
    if (options.lastModified) headers['If-Modified-Since'] = options.lastModified;
    return this.#request(input, {
      headers,
      maxBytes: this.#s.maxBytes,
      truncate: false,
      checkContentType: true,
      checkRobots: this.#s.respectRobots,
      signal: options.signal,
    });
  }

  async isAllowedByRobots(input: string, signal?: AbortSignal): Promise<boolean> {
    if (!this.#s.respectRobots) return true;
    const url = parseFetchUrl(input);
    return this.#robotsAllow(url, await this.#policyFor(url, signal));
  }

  /** The redirect loop shared by page fetches and robots.txt fetches. */
  async #request(input: string, plan: RequestPlan): Promise<FetchResult> {
    const started = performance.now();
    let url = parseFetchUrl(input);
    const requestedUrl = url.href;
    const redirects: string[] = [];
    const seen = new Set([withoutHash(url)]);
    let spentMs = 0;

    for (;;) {
      const hopStart = performance.now();
      const target = await this.#guard(url, this.#s.timeoutMs - spentMs, plan.signal);
      spentMs += performance.now() - hopStart;
      if (plan.checkRobots) await this.#assertRobots(url, plan.signal);

      const release = await this.#acquire(url, plan.signal);
      const exchangeStart = performance.now();
      const exchange = new Exchange({
        target,
        headers: plan.headers,
        deadlineMs: this.#s.timeoutMs - spentMs,
        timeoutMs: this.#s.timeoutMs,
        headersTimeoutMs: this.#s.headersTimeoutMs,
        idleTimeoutMs: this.#s.idleTimeoutMs,
        signal: plan.signal,
      });
      try {
        const res = await exchange.send();
        const status = res.status;
        const base = {
          requestedUrl,
          httpStatus: status,
          ...optionalHeader('etag', res.headers.etag),
          ...optionalHeader('lastModified', res.headers['last-modified']),
          redirects,
        };

        if (REDIRECT_STATUSES.has(status) && res.headers.location) {
          exchange.discard();
          url = this.#nextHop(url, res.headers.location, redirects, seen, status);
          continue;
        }
        if (status === 304) {
          exchange.discard();
          return {
            status: 'not-modified',
            url: withoutHash(url),
            ...base,
            fetchedAt: new Date(this.#s.now()).toISOString(),
            elapsedMs: Math.round(performance.now() - started),
          };
        }
        if (status < 200 || status > 299) {
          exchange.discard();
          throw httpStatusError(url.href, status, parseRetryAfter(res.headers['retry-after'], this.#s.now()));
        }
        const contentType = res.headers['content-type'] ?? '';
        const parsed = parseContentType(contentType);
        if (plan.checkContentType && parsed.mediaType !== '' && !this.#s.allowed.has(parsed.mediaType)) {
          exchange.discard();
          throw permanent(
            `${url.href} is ${parsed.mediaType}, not a page or feed claimwire reads (allowed: ${[...this.#s.allowed].join(', ')}); drop the link.`,
            url.href,
            'unsupported-content-type',
            { status, contentType: parsed.mediaType },
          );
        }
        const body = await exchange.readBody(plan.maxBytes, plan.truncate);
        return {
          status: 'ok',
          url: withoutHash(url),
          ...base,
          contentType,
          mediaType: parsed.mediaType,
          ...(parsed.charset === undefined ? {} : { charset: parsed.charset }),
          body,
          fetchedAt: new Date(this.#s.now()).toISOString(),
          elapsedMs: Math.round(performance.now() - started),
        };
      } finally {
        exchange.close();
        release();
        spentMs += performance.now() - exchangeStart;
      }
    }
  }

  /** Validates a Location header and records the hop; throws on loops, too many hops or an unfetchable target. */
  #nextHop(current: URL, location: string, redirects: string[], seen: Set<string>, status: number): URL {
    let next: URL;
    try {
      next = new URL(location, current);
    } catch (err) {
      throw permanent(
        `${current.href} redirected (HTTP ${status}) to an invalid Location ${JSON.stringify(location.slice(0, 200))}; the link cannot be followed.`,
        current.href,
        'invalid-redirect',
        { status },
        err,
      );
    }
    next = parseFetchUrl(next);
    const key = withoutHash(next);
    if (seen.has(key)) {
      throw permanent(
        `${current.href} redirects in a loop (back to ${next.href} after ${redirects.length + 1} hops); the site is misconfigured, retrying will not help.`,
        current.href,
        'redirect-loop',
        { status, location: next.href },
      );
    }
    if (redirects.length >= this.#s.maxRedirects) {
      throw permanent(
        `${current.href} redirected more than ${this.#s.maxRedirects} times; giving up (fetch the final URL directly if it is legitimate).`,
        current.href,
        'too-many-redirects',
        { status, maxRedirects: this.#s.maxRedirects },
      );
    }
    seen.add(key);
    redirects.push(next.href);
    return next;
  }

  /** SSRF check, with name resolution bounded by the remaining time budget. */
  async #guard(url: URL, budgetMs: number, signal: AbortSignal | undefined): Promise<CheckedTarget> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    const stop = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            transient(
              `Resolving ${url.hostname} did not finish within the ${this.#s.timeoutMs} ms budget; retry later.`,
              url.href,
              'timeout',
              { timeoutMs: this.#s.timeoutMs },
            ),
          ),
        Math.max(0, budgetMs),
      );
      onAbort = () => reject(abortedError(url.href));
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([
        assertPublicUrl(url, {
          allowPrivate: this.#s.allowPrivate || this.#s.trustedOrigins.has(url.origin),
          ...(this.#s.allow ? { allow: this.#s.allow } : {}),
          ...(this.#s.resolver ? { resolver: this.#s.resolver } : {}),
        }),
        stop,
      ]);
    } finally {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }

  async #acquire(url: URL, signal: AbortSignal | undefined): Promise<() => void> {
    try {
      return await this.#scheduler.acquire(url.hostname, signal);
    } catch {
      throw abortedError(url.href);
    }
  }

  /** The check within its budget; over it, the origin's robots.txt counts as unavailable until its entry expires. */
  #robotsAllow(url: URL, policy: RobotsPolicy): boolean {
    try {
      return isAllowedByRobots(policy, `${url.pathname}${url.search}`);
    } catch (err) {
      if (!(err instanceof RobotsBudgetError)) throw err;
      const unavailable: RobotsPolicy = { rules: [], unavailable: err.message };
      const expiresAt = this.#robots.get(url.origin)?.expiresAt ?? this.#s.now() + this.#s.robotsCacheTtlMs;
      this.#robots.set(url.origin, { policy: unavailable, expiresAt });
      this.#s.onRobotsUnavailable?.(url.origin, err.message);
      return true;
    }
  }

  async #assertRobots(url: URL, signal: AbortSignal | undefined): Promise<void> {
    const policy = await this.#policyFor(url, signal);
    if (!this.#robotsAllow(url, policy)) {
      throw permanent(
        `robots.txt of ${url.origin} disallows ${url.pathname}${url.search} for ${this.#token}; claimwire respects it, so drop the link (or ask the site).`,
        url.href,
        'robots-disallowed',
        { robotsUrl: `${url.origin}/robots.txt` },
      );
    }
  }

  async #policyFor(url: URL, signal: AbortSignal | undefined): Promise<RobotsPolicy> {
    const origin = url.origin;
    const now = this.#s.now();
    let entry = this.#robots.get(origin);
    if (!entry || entry.expiresAt <= now) {
      let pending = this.#robotsInflight.get(origin);
      if (!pending) {
        // Shared by every fetch waiting on this origin, so it must not die with one caller's signal.
        pending = this.#loadRobots(url).finally(() => this.#robotsInflight.delete(origin));
        this.#robotsInflight.set(origin, pending);
      }
      entry = await raceSignal(pending, signal, url.href);
    }
    if (entry.error) throw entry.error;
    return entry.policy ?? ALLOW_ALL;
  }

  /** Fetches and parses robots.txt, applying RFC 9309's rules for failures, and caches the outcome. */
  async #loadRobots(url: URL): Promise<RobotsEntry> {
    const robotsUrl = `${url.origin}/robots.txt`;
    let entry: RobotsEntry;
    try {
      const res = await this.#request(robotsUrl, {
        headers: {
          'User-Agent': this.#s.userAgent,
          Accept: 'text/plain,*/*;q=0.1',
          'Accept-Encoding': 'gzip, deflate, br',
        },
        maxBytes: MAX_ROBOTS_BYTES,
        truncate: true,
        checkContentType: false,
        checkRobots: false,
        signal: undefined,
      });
      const text = res.status === 'ok' ? Buffer.from(res.body).toString('utf8') : '';
      entry = { policy: parseRobots(text, this.#token), expiresAt: this.#s.now() + this.#s.robotsCacheTtlMs };
      if (entry.policy?.unavailable) this.#s.onRobotsUnavailable?.(url.origin, entry.policy.unavailable);
    } catch (err) {
      if (err instanceof NonRetryableError) {
        // 4xx, redirect trouble, a refused redirect target: RFC 9309 says "unavailable" means allow all.
        entry = { policy: ALLOW_ALL, expiresAt: this.#s.now() + this.#s.robotsCacheTtlMs };
      } else {
        // 5xx or unreachable: "unreachable" means disallow all, for now.
        const ctx = err instanceof ClaimwireError ? err.context : {};
        entry = {
          error: transient(
            `robots.txt of ${url.origin} could not be fetched (${String(ctx.reason ?? err)}), so the site counts as disallowed for now; retry later.`,
            url.href,
            'robots-unavailable',
            {
              robotsUrl,
              robotsReason: typeof ctx.reason === 'string' ? ctx.reason : undefined,
              status: typeof ctx.status === 'number' ? ctx.status : undefined,
              retryAfterMs: typeof ctx.retryAfterMs === 'number' ? ctx.retryAfterMs : undefined,
            },
            err,
          ),
          expiresAt: this.#s.now() + this.#s.robotsErrorTtlMs,
        };
      }
    }
    const host = url.hostname;
    const delay = entry.policy?.crawlDelayMs;
    if (entry.policy) {
      this.#scheduler.setInterval(host, delay === undefined ? undefined : Math.min(delay, this.#s.maxCrawlDelayMs));
    }
    this.#robots.delete(url.origin);
    this.#robots.set(url.origin, entry);
    if (this.#robots.size > ROBOTS_CACHE_MAX) {
      const oldest = this.#robots.keys().next();
      if (!oldest.done) this.#robots.delete(oldest.value);
    }
    return entry;
  }
}

function withoutHash(url: URL): string {
  return url.hash === '' ? url.href : url.href.slice(0, -url.hash.length);
}

function optionalHeader<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined || value === '' ? {} : { [key]: value }) as { [P in K]?: string };
}

/** Waits for `promise` unless `signal` aborts first (the promise keeps running for other waiters). */
function raceSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined, url: string): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortedError(url));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortedError(url));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function abortedError(url: string): Error {
  return transient(`Fetching ${url} was aborted by the caller (shutdown?); retry later.`, url, 'aborted');
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0)
    throw new RangeError(`createFetcher: ${name} must be a non-negative number`);
  return value;
}

/**
 * Creates a fetcher. One per process is the intent: politeness limits and the robots.txt cache are per instance,
 * so separate instances would each hit a host at the full rate.
 *
 * Connections are made with `node:http`/`node:https`, each to an address the SSRF guard checked for that hop
 * (a `lookup` hook pins the socket to it), which is why this does not use the global `fetch`.
 */
export function createFetcher(options: FetcherOptions = {}): Fetcher {
  const now = options.now ?? Date.now;
  const settings: Settings = {
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    timeoutMs: positive(options.timeoutMs, 20_000, 'timeoutMs'),
    headersTimeoutMs: positive(options.headersTimeoutMs, 10_000, 'headersTimeoutMs'),
    idleTimeoutMs: positive(options.idleTimeoutMs, 10_000, 'idleTimeoutMs'),
    maxBytes: positive(options.maxBytes, 10 * 1024 * 1024, 'maxBytes'),
    maxRedirects: positive(options.maxRedirects, 5, 'maxRedirects'),
    allowed: new Set((options.allowedContentTypes ?? DEFAULT_ALLOWED_CONTENT_TYPES).map((t) => t.toLowerCase())),
    allowPrivate: options.allowPrivate ?? false,
    allow: options.allow,
    trustedOrigins: new Set((options.trustedOrigins ?? []).map((o) => new URL(o).origin)),
    respectRobots: options.respectRobots ?? true,
    robotsCacheTtlMs: positive(options.robotsCacheTtlMs, 60 * 60 * 1000, 'robotsCacheTtlMs'),
    robotsErrorTtlMs: positive(options.robotsErrorTtlMs, 60_000, 'robotsErrorTtlMs'),
    maxCrawlDelayMs: positive(options.maxCrawlDelayMs, 10_000, 'maxCrawlDelayMs'),
    resolver: options.resolver,
    now,
    onRobotsUnavailable: options.onRobotsUnavailable,
  };
  const scheduler = new HostScheduler({
    concurrency: positive(options.perHostConcurrency, 2, 'perHostConcurrency'),
    minIntervalMs: positive(options.perHostMinIntervalMs, 1000, 'perHostMinIntervalMs'),
  });
  return new DefaultFetcher(settings, scheduler);
}
