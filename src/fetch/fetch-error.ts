import { NonRetryableError, TransientError } from '../errors.ts';

/**
 * Stable failure codes. The pipeline groups failed fetches by `context.reason`, so these strings are an interface:
 * add new ones freely, never rename one. HTTP status failures use `http-<status>` (e.g. `http-404`, `http-503`).
 */
export type FetchFailureReason =
  | 'invalid-url'
  | 'unsupported-scheme'
  | 'url-credentials'
  | 'ssrf-private-address'
  | 'dns-not-found'
  | 'dns-failure'
  | 'robots-disallowed'
  | 'robots-unavailable'
  | 'timeout'
  | 'headers-timeout'
  | 'idle-timeout'
  | 'aborted'
  | 'connection-refused'
  | 'connection-reset'
  | 'host-unreachable'
  | 'network-error'
  | 'tls-error'
  | 'invalid-response'
  | 'too-large'
  | 'truncated-body'
  | 'content-decoding-failed'
  | 'unsupported-content-encoding'
  | 'unsupported-content-type'
  | 'too-many-redirects'
  | 'redirect-loop'
  | 'invalid-redirect'
  | `http-${number}`;

/** Extra context beyond `{ url, status?, reason }`; values must stay primitive (see `ErrorContext`). */
export type ExtraContext = Readonly<Record<string, string | number | boolean | undefined>>;

/** Builds a {@link NonRetryableError} with the `{ url, status?, reason }` context every fetch failure carries. */
export function permanent(
  message: string,
  url: string,
  reason: FetchFailureReason,
  extra: ExtraContext = {},
  cause?: unknown,
): NonRetryableError {
  return new NonRetryableError(message, { ...extra, url, reason }, cause === undefined ? undefined : { cause });
}

/** Builds a {@link TransientError} with the `{ url, status?, reason }` context every fetch failure carries. */
export function transient(
  message: string,
  url: string,
  reason: FetchFailureReason,
  extra: ExtraContext = {},
  cause?: unknown,
): TransientError {
  return new TransientError(message, { ...extra, url, reason }, cause === undefined ? undefined : { cause });
}

/** Longest Retry-After we pass on; a server asking for days is treated as asking for a day. */
const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Parses a Retry-After header (delta-seconds or an HTTP-date) into milliseconds from `nowMs`, capped at a day.
 * Returns undefined when absent or unparseable, so the queue falls back to its own backoff.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  let ms: number;
  if (/^\d+$/.test(trimmed)) {
    ms = Number(trimmed) * 1000;
  } else {
    const at = Date.parse(trimmed);
    if (Number.isNaN(at)) return undefined;
    ms = at - nowMs;
  }
  return Math.min(Math.max(0, ms), MAX_RETRY_AFTER_MS);
}

/** Maps an HTTP status that is neither success, 304 nor a followed redirect to the right error class. */
export function httpStatusError(url: string, status: number, retryAfterMs: number | undefined): Error {
  const reason: FetchFailureReason = `http-${status}`;
  const extra = { status, retryAfterMs };
  if (status === 408 || status === 429) {
    return transient(
      `${url} answered HTTP ${status} (${status === 429 ? 'rate limited' : 'request timeout'}); retry later${retryAfterMs === undefined ? '' : `, after ${Math.ceil(retryAfterMs / 1000)} s as the server asks`}.`,
      url,
      reason,
      extra,
    );
  }
  if (status >= 500 && status <= 599) {
    return transient(
      `${url} answered HTTP ${status} (server error); retry later${retryAfterMs === undefined ? '' : `, after ${Math.ceil(retryAfterMs / 1000)} s as the server asks`}.`,
      url,
      reason,
      extra,
    );
  }
  if (status === 404 || status === 410) {
    return permanent(
      `${url} answered HTTP ${status} (${status === 404 ? 'not found' : 'gone'}); check the link or drop it from the source list.`,
      url,
      reason,
      extra,
    );
  }
  if (status >= 300 && status <= 399) {
    return permanent(
      `${url} answered HTTP ${status} without a usable Location header; the page cannot be followed, check the link.`,
      url,
      reason,
      extra,
    );
  }
  return permanent(
    `${url} answered HTTP ${status}; retrying will not help, check the link or whether the site blocks crawlers.`,
    url,
    reason,
    extra,
  );
}

/** Socket error codes that mean a certificate or TLS protocol failure: permanent, retrying will not help. */
export const TLS_CODES: ReadonlySet<string> = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_REVOKED',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  // OpenSSL protocol failures surface as EPROTO (e.g. https:// to a plain-HTTP port).
  'EPROTO',
]);

/**
 * Turns a socket-level error (from `node:http`, `node:net`, `node:tls`) into a fetch error, so callers never see a
 * bare `Error` with an errno: refused/reset/unreachable are transient, certificate and protocol errors are not.
 */
export function networkError(url: string, err: unknown): Error {
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? '';
  const detail = err instanceof Error ? err.message : String(err);
  switch (code) {
    case 'ECONNREFUSED':
      return transient(
        `Connection to ${url} was refused (${detail}); retry later.`,
        url,
        'connection-refused',
        {},
        err,
      );
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ERR_STREAM_PREMATURE_CLOSE':
      return transient(
        `Connection to ${url} was reset before the response ended (${detail}); retry later.`,
        url,
        'connection-reset',
        {},
        err,
      );
    case 'ETIMEDOUT':
      return transient(`Connecting to ${url} timed out (${detail}); retry later.`, url, 'timeout', {}, err);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
    case 'ENETDOWN':
      return transient(`${url} is unreachable (${detail}); retry later.`, url, 'host-unreachable', {}, err);
  }
  if (TLS_CODES.has(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL')) {
    return permanent(
      `TLS handshake with ${url} failed (${code}: ${detail}); the site's certificate or TLS setup is broken, retrying will not help.`,
      url,
      'tls-error',
      { code },
      err,
    );
  }
  if (code.startsWith('HPE_')) {
    return permanent(
      `${url} sent a malformed HTTP response (${code}); retrying will not help.`,
      url,
      'invalid-response',
      { code },
      err,
    );
  }
  return transient(
    `Fetching ${url} failed with a network error (${code || 'no code'}: ${detail}); retry later.`,
    url,
    'network-error',
    { code: code || undefined },
    err,
  );
}
