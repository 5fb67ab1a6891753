/**
 * Webhook signing: how a receiver knows a POST came from claimwire and is not a replay. The scheme is the common
 * Stripe/Slack shape: HMAC-SHA256 over `${timestamp}.${body}` with a secret shared per watch, sent with the timestamp
 * so an old captured request cannot be re-sent later. `docs/webhooks.md` is the receiver's guide.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header names, as claimwire sends them (HTTP header names are case-insensitive; Node lowercases them). */
export const WEBHOOK_HEADERS = Object.freeze({
  timestamp: 'X-Claimwire-Timestamp',
  signature: 'X-Claimwire-Signature',
  delivery: 'X-Claimwire-Delivery',
});

/** The signature scheme version, the prefix in `X-Claimwire-Signature: v1=<hex>`. */
export const SIGNATURE_VERSION = 'v1';

/** Default allowed clock difference between sender and receiver, in seconds, either way. */
export const DEFAULT_TOLERANCE_SEC = 300;

/**
 * The hex HMAC-SHA256 of `${timestampSec}.${body}` under `secret`. The timestamp is inside the MAC so it cannot be
 * swapped for a fresh one; `body` must be the exact bytes sent (sign after serialising, verify before parsing).
 */
export function signBody(body: string, secret: string, timestampSec: number): string {
  if (!Number.isSafeInteger(timestampSec) || timestampSec < 0) {
    throw new RangeError(`timestampSec must be a non-negative integer of seconds, got ${timestampSec}`);
  }
  if (secret === '') throw new RangeError('The webhook secret is empty; an empty key signs nothing.');
  return createHmac('sha256', secret).update(`${timestampSec}.${body}`, 'utf8').digest('hex');
}

/** The `X-Claimwire-Signature` value for a body: `v1=<hex>`. */
export function signatureHeaderValue(body: string, secret: string, timestampSec: number): string {
  return `${SIGNATURE_VERSION}=${signBody(body, secret, timestampSec)}`;
}

/** Why {@link verifySignature} refused a request. */
export type SignatureFailure =
  /** No timestamp or no signature header. */
  | 'missing'
  /** The timestamp is not whole seconds, or no `v1=<64 hex>` entry is in the signature header. */
  | 'malformed'
  /** Older than the tolerance: a replay, or a request that sat in a queue too long. */
  | 'stale'
  /** Further ahead than the tolerance: a clock far off, or a forged timestamp. */
  | 'future'
  /** The HMAC does not match: wrong secret, or the body or timestamp was altered. */
  | 'mismatch';

/** The outcome of {@link verifySignature}: `ok`, or the reason to answer 401. */
export type VerifyResult = { readonly ok: true } | { readonly ok: false; readonly reason: SignatureFailure };

/** What a receiver passes to {@link verifySignature}. */
export interface VerifySignatureInput {
  /** The raw request body, exactly as received (not re-serialised JSON). */
  readonly body: string | Uint8Array;
  /** The `X-Claimwire-Timestamp` header. */
  readonly timestamp: string | number | undefined | null;
  /** The `X-Claimwire-Signature` header (`v1=<hex>`; several comma-separated entries are accepted). */
  readonly signature: string | undefined | null;
  /** The shared secret; several during a rotation (any one matching is enough). */
  readonly secret: string | readonly string[];
  /** Allowed clock difference either way. Default 300. */
  readonly toleranceSec?: number;
  /** The receiver's clock in seconds. Default: now. */
  readonly nowSec?: number;
}

const HEX_SIGNATURE = /^[0-9a-f]{64}$/;

function parseTimestamp(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  const text = value.trim();
  if (!/^\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}

/** The `v1` signatures in a header value, lowercased; entries of other versions are ignored (forward compatible). */
function parseSignatures(header: string): Buffer[] {
  const out: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== SIGNATURE_VERSION) continue;
    const hex = part
      .slice(eq + 1)
      .trim()
      .toLowerCase();
    if (HEX_SIGNATURE.test(hex)) out.push(Buffer.from(hex, 'hex'));
  }
  return out;
}

/**
 * Checks a received webhook: the timestamp is within `toleranceSec` of `nowSec` (either way, so neither a replayed
 * old request nor a forged future one passes), and the HMAC over `${timestamp}.${body}` matches under one of the
 * secrets. Digests are compared with `crypto.timingSafeEqual`, so response timing reveals nothing about how much of a
 * guessed signature was right. Exported so receivers (and claimwire's tests) verify exactly as claimwire signs.
 */
export function verifySignature(input: VerifySignatureInput): VerifyResult {
  const { signature, timestamp } = input;
  if (timestamp === undefined || timestamp === null || timestamp === '' || !signature) {
    return { ok: false, reason: 'missing' };
  }
  const ts = parseTimestamp(timestamp);
  const candidates = parseSignatures(signature);
  if (ts === undefined || candidates.length === 0) return { ok: false, reason: 'malformed' };

  const tolerance = input.toleranceSec ?? DEFAULT_TOLERANCE_SEC;
  const now = input.nowSec ?? Math.floor(Date.now() / 1000);
  if (ts < now - tolerance) return { ok: false, reason: 'stale' };
  if (ts > now + tolerance) return { ok: false, reason: 'future' };

  const secrets = typeof input.secret === 'string' ? [input.secret] : input.secret;
  const body = typeof input.body === 'string' ? Buffer.from(input.body, 'utf8') : input.body;
  let matched = false;
  for (const secret of secrets) {
    if (secret === '') continue;
    const expected = createHmac('sha256', secret).update(`${ts}.`, 'utf8').update(body).digest();
    // Every candidate is compared, with no early exit, so timing does not say which one matched.
    for (const candidate of candidates) {
      if (timingSafeEqual(expected, candidate)) matched = true;
    }
  }
  return matched ? { ok: true } : { ok: false, reason: 'mismatch' };
}
