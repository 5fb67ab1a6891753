/**
 * Failure codes and error builders for webhook delivery. Every failure is a `NonRetryableError` or a `TransientError`
 * whose `context.reason` is one of {@link WebhookFailureReason}, so the alert queue can retry the right ones and
 * report the rest without parsing messages.
 *
 * Webhook URLs are secrets: a Slack incoming-webhook URL *is* the credential (`/services/T…/B…/<token>`). So errors
 * never carry the full URL, only {@link describeWebhookUrl}'s origin, because error messages end up in job records
 * and logs.
 */
import { type ErrorContext, NonRetryableError, TransientError } from '../errors.ts';
import { TLS_CODES } from '../fetch/fetch-error.ts';

/**
 * Stable failure codes (`context.reason`). Add new ones freely, never rename one. The URL and DNS codes are the same
 * strings the fetcher uses, because the same guard produces them.
 */
export type WebhookFailureReason =
  | 'invalid-url'
  | 'unsupported-scheme'
  | 'url-credentials'
  | 'ssrf-private-address'
  | 'dns-not-found'
  | 'dns-failure'
  | 'timeout'
  | 'aborted'
  | 'connection-refused'
  | 'connection-reset'
  | 'host-unreachable'
  | 'network-error'
  | 'tls-error'
  | 'invalid-response'
  /** Any 3xx: redirects are never followed (the target could point the POST at an internal host). */
  | 'webhook-redirect'
  /** A 4xx other than 408/429: the endpoint refuses this request; fix the watch's URL or the receiver. */
  | 'webhook-http-4xx'
  | 'webhook-http-408'
  | 'webhook-http-429'
  | 'webhook-http-5xx'
  /** A status outside 200–599 (or 1xx as a final answer). */
  | 'webhook-unexpected-status';

/** Extra context values; primitive, as `ErrorContext` requires. */
export type WebhookErrorExtra = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * The URL as safe to log and store: scheme, host and port only, with `/…` standing for any path or query (which may
 * hold a token). Never throws; an unparseable string becomes `(invalid URL)`.
 */
export function describeWebhookUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return '(invalid URL)';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `${parsed.protocol}…`;
  const hidden = parsed.pathname !== '/' || parsed.search !== '' || parsed.hash !== '';
  return `${parsed.protocol}//${parsed.host}/${hidden ? '…' : ''}`;
}

/** Shortest run of a webhook's path or query that counts as a piece of it in an echo; shorter ones are too common. */
const ECHO_MIN_CHARS = 4;

function decodedOrSelf(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/**
 * A receiver's answer with every echo of the webhook's path or query removed. Frameworks' default pages echo the
 * request ("Cannot POST /services/T0/B0/<token>", "invalid ?token=…"), and the answer is stored in the alert and shown
 * without a key. Any word of the answer sharing a run of {@link ECHO_MIN_CHARS} characters with the path, the query or
 * one of their parts (raw, percent-decoded or re-encoded, in any case) becomes `…`, so neither the whole secret nor a
 * cut-off part of it survives.
 */
export function redactWebhookEcho(text: string, url: URL): string {
  const whole = [url.pathname, url.search.slice(1), url.hash.slice(1)];
  const parts = [...url.pathname.split('/'), ...url.search.slice(1).split(/[&;=]/), url.hash.slice(1)];
  const grams = new Set<string>();
  for (const piece of [...whole, ...parts]) {
    const decoded = decodedOrSelf(piece);
    for (const variant of [piece, decoded, encodeURIComponent(decoded)]) {
      const v = variant.toLowerCase();
      for (let i = 0; i + ECHO_MIN_CHARS <= v.length; i++) grams.add(v.slice(i, i + ECHO_MIN_CHARS));
    }
  }
  if (grams.size === 0) return text;
  return text.replace(/[^\s"'<>()[\]{},]+/g, (word) => {
    const w = word.toLowerCase();
    for (let i = 0; i + ECHO_MIN_CHARS <= w.length; i++) if (grams.has(w.slice(i, i + ECHO_MIN_CHARS))) return '…';
    return word;
  });
}

function contextOf(url: string, reason: WebhookFailureReason, extra: WebhookErrorExtra): ErrorContext {
  return { ...extra, url, reason };
}

/** A delivery failure that retrying cannot fix. `url` must already be {@link describeWebhookUrl}'d. */
export function webhookPermanent(
  message: string,
  url: string,
  reason: WebhookFailureReason,
  extra: WebhookErrorExtra = {},
  cause?: unknown,
): NonRetryableError {
  return new NonRetryableError(message, contextOf(url, reason, extra), cause === undefined ? undefined : { cause });
}

/** A delivery failure worth retrying with backoff. `url` must already be {@link describeWebhookUrl}'d. */
export function webhookTransient(
  message: string,
  url: string,
  reason: WebhookFailureReason,
  extra: WebhookErrorExtra = {},
  cause?: unknown,
): TransientError {
  return new TransientError(message, contextOf(url, reason, extra), cause === undefined ? undefined : { cause });
}

/**
 * Maps a socket-level error to a delivery error: refused, reset and unreachable are transient (the receiver may be
 * restarting); certificate and protocol errors are permanent, as for fetching. Node's socket errors name only the
 * address and port, never the path, so keeping them as `cause` does not leak a URL token.
 */
export function webhookNetworkError(url: string, err: unknown): Error {
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? '';
  const detail = err instanceof Error ? err.message : String(err);
  switch (code) {
    case 'ECONNREFUSED':
      return webhookTransient(
        `Webhook ${url} refused the connection (${detail}); retry later.`,
        url,
        'connection-refused',
        { code },
        err,
      );
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ERR_STREAM_PREMATURE_CLOSE':
      return webhookTransient(
        `Webhook ${url} dropped the connection before answering (${detail}); retry later.`,
        url,
        'connection-reset',
        { code },
        err,
      );
    case 'ETIMEDOUT':
      return webhookTransient(
        `Connecting to webhook ${url} timed out (${detail}); retry later.`,
        url,
        'timeout',
        {},
        err,
      );
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
    case 'ENETDOWN':
      return webhookTransient(
        `Webhook ${url} is unreachable (${detail}); retry later.`,
        url,
        'host-unreachable',
        {},
        err,
      );
  }
  if (TLS_CODES.has(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL')) {
    return webhookPermanent(
      `TLS handshake with webhook ${url} failed (${code}: ${detail}); fix the receiver's certificate, retrying will not help.`,
      url,
      'tls-error',
      { code },
      err,
    );
  }
  if (code.startsWith('HPE_')) {
    return webhookPermanent(
      `Webhook ${url} sent a malformed HTTP response (${code}); fix the receiver, retrying will not help.`,
      url,
      'invalid-response',
      { code },
      err,
    );
  }
  return webhookTransient(
    `Delivering to webhook ${url} failed with a network error (${code || 'no code'}: ${detail}); retry later.`,
    url,
    'network-error',
    { code: code || undefined },
    err,
  );
}
