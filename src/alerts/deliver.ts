/**
 * Webhook delivery: one signed POST to an analyst's endpoint. A webhook URL is user input pointing wherever its
 * author likes, so delivery goes through the same SSRF guard as fetching: the host is resolved once, every address is
 * checked (private, loopback and link-local refused unless `allowPrivate`), and the socket is pinned to the checked
 * addresses so a DNS rebind between check and connect cannot redirect the POST. Redirects are never followed for the
 * same reason. The outcome is a status, or an error classed for the queue: retry (`TransientError`) or give up
 * (`NonRetryableError`).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ClaimwireError, NonRetryableError } from '../errors.ts';
import {
  type AddressAllowlist,
  assertPublicUrl,
  type CheckedTarget,
  createPinnedLookup,
  howToAllow,
  parseFetchUrl,
  parseRetryAfter,
  type Resolver,
  WEBHOOK_ALLOW_VARIABLE,
} from '../fetch/index.ts';
import { signatureHeaderValue, WEBHOOK_HEADERS } from './signature.ts';
import { toSlackPayload } from './slack.ts';
import type { AlertFormat, WebhookPayload } from './types.ts';
import {
  describeWebhookUrl,
  redactWebhookEcho,
  type WebhookFailureReason,
  webhookNetworkError,
  webhookPermanent,
  webhookTransient,
} from './webhook-error.ts';

/** The User-Agent on deliveries; receivers can allow-list it. Distinct from the crawler's so logs tell them apart. */
export const WEBHOOK_USER_AGENT = 'claimwire-webhook/0.1 (+https://github.com/claimwire/claimwire)';

/** Default total time for one delivery (DNS, connect, request, response headers and the capped body). */
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;

/** Default cap on the response body read (then discarded): receivers answer "ok", not documents. */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024;

/** How much of an error response's body is kept in the error (`context.responseBody`) to help debug a receiver. */
const RESPONSE_SNIPPET_CHARS = 200;

/** What goes on the wire for one delivery. */
export interface WebhookRequest {
  /** The exact bytes signed and sent (UTF-8 JSON). */
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** Inputs to {@link buildWebhookRequest}. */
export interface WebhookRequestOptions {
  readonly format?: AlertFormat;
  /** Signs the body when set; without it no `X-Claimwire-Signature` is sent (e.g. a Slack URL, itself the secret). */
  readonly secret?: string | undefined;
  readonly timestampSec: number;
  readonly deliveryId: string;
  readonly userAgent?: string;
}

/**
 * Serialises and signs a payload: the body (claimwire JSON or, for `format: 'slack'`, the Slack message) and the
 * headers. Pure, so callers can preview or test a delivery without sending it; {@link deliverWebhook} sends exactly
 * this.
 */
export function buildWebhookRequest(payload: WebhookPayload, options: WebhookRequestOptions): WebhookRequest {
  const body = JSON.stringify(options.format === 'slack' ? toSlackPayload(payload) : payload);
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': options.userAgent ?? WEBHOOK_USER_AGENT,
    [WEBHOOK_HEADERS.timestamp]: String(options.timestampSec),
    [WEBHOOK_HEADERS.delivery]: options.deliveryId,
  };
  if (options.secret !== undefined && options.secret !== '') {
    headers[WEBHOOK_HEADERS.signature] = signatureHeaderValue(body, options.secret, options.timestampSec);
  }
  return { body, headers };
}

/** How {@link deliverWebhook} sends. */
export interface DeliverOptions {
  /** The watch's shared secret; when set, the body is signed (`X-Claimwire-Signature`). */
  readonly secret?: string | undefined;
  /** `json` (default) sends the payload; `slack` sends {@link toSlackPayload}'s message. */
  readonly format?: AlertFormat;
  /** Allow every loopback/private/link-local receiver (CLAIMWIRE_FETCH_ALLOW_PRIVATE=1). Tests only. Default false. */
  readonly allowPrivate?: boolean;
  /** Receivers on non-public addresses allowed on purpose (CLAIMWIRE_WEBHOOK_ALLOW_CIDRS), named in refusals. */
  readonly allow?: AddressAllowlist;
  /** Total time budget, DNS included. Default 10 000. */
  readonly timeoutMs?: number;
  /** Response bytes read before the rest is dropped. Default 16 KiB. */
  readonly maxResponseBytes?: number;
  /** Wall clock in ms, for the signature timestamp and Retry-After dates. Default `Date.now`. */
  readonly now?: () => number;
  /**
   * `X-Claimwire-Delivery`. Pass the queue job id so every retry of one delivery carries the same id; defaults to a
   * random UUID. Receivers should deduplicate on the payload `id`, which is stable across retries anyway.
   */
  readonly deliveryId?: string;
  readonly userAgent?: string;
  /** DNS resolution for the SSRF guard; defaults to the OS resolver. Tests stub it. */
  readonly resolver?: Resolver;
  /** Aborts the delivery (worker shutdown); it then fails with a TransientError `aborted`. */
  readonly signal?: AbortSignal;
}

/** A delivered webhook: the receiver answered 2xx. */
export interface DeliveryResult {
  readonly status: number;
  /** Wall time from the call to the response (body drained), rounded. */
  readonly elapsedMs: number;
  /** The `X-Claimwire-Delivery` id sent (useful when it was generated). */
  readonly deliveryId: string;
}

/** Why the delivery's own controller was aborted; in `signal.reason` so errors map back to a reason. */
class AbortTag {
  constructor(readonly kind: 'timeout' | 'aborted') {}
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number, got ${value}`);
  return value;
}

/** Parses and vets the URL, rewrapping the guard's errors so that they name only the origin. */
function parseWebhookUrl(input: string): URL {
  try {
    return parseFetchUrl(input);
  } catch (err) {
    throw rewrapGuardError(err, describeWebhookUrl(input));
  }
}

/** Messages per guard reason, written for webhook owners; none echoes the full URL. */
function rewrapGuardError(err: unknown, safeUrl: string): unknown {
  if (!(err instanceof ClaimwireError)) return err;
  const { url: _url, reason, ...extra } = err.context;
  const r = String(reason) as WebhookFailureReason;
  const keep = Object.fromEntries(
    Object.entries(extra).filter((e): e is [string, string | number | boolean | undefined] => e[1] !== null),
  );
  const messages: Partial<Record<WebhookFailureReason, string>> = {
    'invalid-url': 'The webhook URL is not a valid absolute URL; fix the watch.',
    'unsupported-scheme': `The webhook URL uses ${String(extra.scheme ?? 'an unsupported')}:, only http: and https: are delivered to; fix the watch.`,
    'url-credentials':
      'The webhook URL has credentials in it (user:password@host); remove them and use the signing secret instead.',
    'ssrf-private-address':
      `Refusing to deliver to webhook ${safeUrl}: it resolves to ${String(extra.address)}, a ${String(extra.range)} ` +
      `address, and claimwire only delivers to public hosts; ${howToAllow(String(extra.address), String(extra.allowVariable ?? WEBHOOK_ALLOW_VARIABLE))}.`,
    'dns-not-found': `Webhook host of ${safeUrl} does not resolve; fix the watch's URL.`,
    'dns-failure': `Resolving the webhook host of ${safeUrl} failed; retry later.`,
  };
  const message = messages[r] ?? `Webhook ${safeUrl} was refused by the URL guard (${r}).`;
  // A DNS errno names only the host, so it is kept; a URL parse error carries the whole input, so it is dropped, as is
  // the guard's own message.
  const cause = r === 'dns-failure' || r === 'dns-not-found' ? err.cause : undefined;
  return err instanceof NonRetryableError
    ? webhookPermanent(message, safeUrl, r, keep, cause)
    : webhookTransient(message, safeUrl, r, keep, cause);
}

/** Rejects when `signal` aborts; lets the DNS step be bounded by the same deadline as the rest. */
function untilAborted(signal: AbortSignal): { promise: Promise<never>; dispose: () => void } {
  let onAbort: () => void = () => {};
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  promise.catch(() => {});
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}

function send(
  target: CheckedTarget,
  request: WebhookRequest,
  signal: AbortSignal,
): { response: Promise<IncomingMessage>; destroy: () => void } {
  const url = target.url;
  const requestFn = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const req = requestFn({
    protocol: url.protocol,
    host: target.hostname,
    port: url.port === '' ? undefined : Number(url.port),
    path: `${url.pathname}${url.search}`,
    method: 'POST',
    headers: {
      ...request.headers,
      Host: url.host,
      'Content-Length': String(Buffer.byteLength(request.body, 'utf8')),
      Connection: 'close',
    },
    // A fresh agent: no pooled socket connected to an address checked for another request.
    agent: false,
    lookup: createPinnedLookup(target),
    // SNI and certificate checks use the hostname, never the pinned IP.
    ...(isIP(target.hostname) === 0 ? { servername: target.hostname } : {}),
    signal,
  });
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', reject);
  });
  req.end(request.body, 'utf8');
  return { response, destroy: () => req.destroy() };
}

/**
 * Reads at most `maxBytes` of the response, then stops; the caller destroys the socket. Rejects if the stream fails
 * or `signal` aborts before the end or the cap.
 */
function readCapped(res: IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const finish = (err?: unknown) => {
      res.off('data', onData);
      res.off('end', onEnd);
      res.off('error', onError);
      res.off('close', onClose);
      signal.removeEventListener('abort', onAbort);
      if (err === undefined) resolve(Buffer.concat(chunks, total));
      else reject(err);
    };
    const onData = (chunk: Buffer) => {
      const room = maxBytes - total;
      chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
      total += Math.min(chunk.length, room);
      if (total >= maxBytes) {
        res.pause();
        finish();
      }
    };
    const onEnd = () => finish();
    const onError = (err: Error) => finish(err);
    const onClose = () =>
      finish(res.complete ? undefined : Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
    const onAbort = () => finish(signal.reason);
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    res.on('data', onData);
    res.once('end', onEnd);
    res.once('error', onError);
    res.once('close', onClose);
  });
}

/**
 * Printable text of a response body, for error context: control characters folded, every echo of the webhook's path
 * or query removed (before cutting, so no cut-off part of a token survives either), bounded.
 */
function snippetOf(body: Buffer, url: URL): string {
  const text = body.toString('utf8').replace(/\p{Cc}+/gu, ' ');
  return redactWebhookEcho(text, url).trim().slice(0, RESPONSE_SNIPPET_CHARS);
}

function statusError(
  url: string,
  status: number,
  retryAfterMs: number | undefined,
  snippet: string,
  location?: string,
): Error {
  const extra = { status, retryAfterMs, ...(snippet === '' ? {} : { responseBody: snippet }) };
  const said = snippet === '' ? '' : ` ("${snippet.slice(0, 80)}")`;
  const later = retryAfterMs === undefined ? 'retry later' : `retry after ${Math.ceil(retryAfterMs / 1000)} s as asked`;
  if (status >= 300 && status <= 399) {
    return webhookPermanent(
      `Webhook ${url} answered HTTP ${status}, a redirect; claimwire never follows webhook redirects, so put the final URL in the watch.`,
      url,
      'webhook-redirect',
      // Only the target's origin: a Location can carry a token as well.
      { ...extra, ...(location === undefined ? {} : { location: describeWebhookUrl(location) }) },
    );
  }
  if (status === 408 || status === 429) {
    const what = status === 429 ? 'rate limited' : 'request timeout';
    return webhookTransient(
      `Webhook ${url} answered HTTP ${status} (${what})${said}; ${later}.`,
      url,
      `webhook-http-${status}`,
      extra,
    );
  }
  if (status >= 500 && status <= 599) {
    return webhookTransient(
      `Webhook ${url} answered HTTP ${status} (server error)${said}; ${later}.`,
      url,
      'webhook-http-5xx',
      extra,
    );
  }
  if (status >= 400 && status <= 499) {
    return webhookPermanent(
      `Webhook ${url} answered HTTP ${status}${said}; the receiver refuses this delivery, retrying will not help: check the watch's URL, secret and format.`,
      url,
      'webhook-http-4xx',
      extra,
    );
  }
  return webhookPermanent(
    `Webhook ${url} answered an unexpected HTTP status ${status}${said}; fix the receiver.`,
    url,
    'webhook-unexpected-status',
    extra,
  );
}

/**
 * POSTs `payload` to `url`, signed when `secret` is set, and resolves when the receiver answers 2xx. Guarded like
 * every outbound request (see the module note); never follows redirects; reads at most `maxResponseBytes` of the
 * answer and discards it. Rejects with:
 * - `NonRetryableError`: `invalid-url`, `unsupported-scheme`, `url-credentials`, `ssrf-private-address`,
 *   `dns-not-found`, `webhook-redirect` (any 3xx), `webhook-http-4xx` (4xx but 408/429), `tls-error`,
 *   `invalid-response`, `webhook-unexpected-status`;
 * - `TransientError`: `timeout` (the whole budget, DNS included), `aborted`, `webhook-http-408`, `webhook-http-429`,
 *   `webhook-http-5xx` (all with `retryAfterMs` when Retry-After is given), `dns-failure`, `connection-refused`,
 *   `connection-reset`, `host-unreachable`, `network-error`.
 *
 * `context.url` is only the origin ({@link describeWebhookUrl}): the path of a webhook URL is often its secret.
 */
export async function deliverWebhook(
  url: string,
  payload: WebhookPayload,
  options: DeliverOptions = {},
): Promise<DeliveryResult> {
  const started = performance.now();
  const timeoutMs = positive(options.timeoutMs, DEFAULT_WEBHOOK_TIMEOUT_MS, 'timeoutMs');
  const maxResponseBytes = Math.floor(
    positive(options.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES, 'maxResponseBytes'),
  );
  const now = options.now ?? Date.now;
  const deliveryId = options.deliveryId ?? randomUUID();
  const parsed = parseWebhookUrl(url);
  const safeUrl = describeWebhookUrl(parsed);

  const request = buildWebhookRequest(payload, {
    format: options.format ?? 'json',
    secret: options.secret,
    timestampSec: Math.floor(now() / 1000),
    deliveryId,
    ...(options.userAgent === undefined ? {} : { userAgent: options.userAgent }),
  });

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new AbortTag('timeout')), timeoutMs);
  const onCallerAbort = () => controller.abort(new AbortTag('aborted'));
  if (options.signal?.aborted) onCallerAbort();
  else options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const aborted = untilAborted(controller.signal);
  let destroy: (() => void) | undefined;

  try {
    let target: CheckedTarget;
    try {
      target = await Promise.race([
        assertPublicUrl(parsed, {
          allowPrivate: options.allowPrivate ?? false,
          allow: options.allow ?? { variable: WEBHOOK_ALLOW_VARIABLE, cidrs: [], hosts: [] },
          ...(options.resolver === undefined ? {} : { resolver: options.resolver }),
        }),
        aborted.promise,
      ]);
    } catch (err) {
      throw rewrapGuardError(err, safeUrl);
    }

    const exchange = send(target, request, controller.signal);
    destroy = exchange.destroy;
    const res = await exchange.response;
    const status = res.statusCode ?? 0;
    if (status >= 200 && status <= 299) {
      // Delivered once the status is in; draining is only courtesy, and its failure does not undo the delivery.
      await readCapped(res, maxResponseBytes, controller.signal).catch(() => undefined);
      return { status, elapsedMs: Math.round(performance.now() - started), deliveryId };
    }
    const retryAfterMs = parseRetryAfter(res.headers['retry-after'], now());
    const body = await readCapped(res, maxResponseBytes, controller.signal).catch(() => Buffer.alloc(0));
    throw statusError(safeUrl, status, retryAfterMs, snippetOf(body, parsed), res.headers.location);
  } catch (err) {
    if (err instanceof ClaimwireError) throw err;
    const tag = controller.signal.aborted ? (controller.signal.reason as unknown) : undefined;
    if (tag instanceof AbortTag) {
      if (tag.kind === 'timeout') {
        throw webhookTransient(
          `Webhook ${safeUrl} did not answer within ${timeoutMs} ms; retry later (a receiver should answer fast and process asynchronously).`,
          safeUrl,
          'timeout',
          { timeoutMs },
        );
      }
      throw webhookTransient(`Delivery to webhook ${safeUrl} was aborted; retry later.`, safeUrl, 'aborted');
    }
    throw webhookNetworkError(safeUrl, err);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCallerAbort);
    aborted.dispose();
    destroy?.();
  }
}
