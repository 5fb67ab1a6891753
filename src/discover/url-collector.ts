/**
 * URL vetting and the bounded collection every discovery parser shares: resolve against the document, keep only
 * http(s), de-duplicate, cap, and remember what was skipped and why.
 */
import { InputError } from '../errors.ts';
import { DEFAULT_MAX_ENTRIES, type SkippedValue, type SkipReason } from './types.ts';

/** Longest URL accepted. Browsers and servers stop around 8 KB; anything longer is junk or an attack. */
export const MAX_URL_LENGTH = 8192;

/** Longest raw value kept in a `SkippedValue`, so a hostile document cannot bloat logs. */
const MAX_SKIPPED_VALUE_LENGTH = 200;

/** Outcome of `checkHttpUrl`: the normalised absolute URL, or why it was refused. */
export type UrlCheck = { ok: true; url: string } | { ok: false; reason: SkipReason };

/**
 * Resolves `raw` against `base` and accepts it only if the result is http(s). `base` may be undefined for lists of
 * absolute URLs. Relative references resolve; `javascript:`, `file:`, `data:` and friends are refused by scheme, so
 * nothing downstream can be pointed at a local file or a script.
 */
export function checkHttpUrl(raw: string, base?: string): UrlCheck {
  const value = raw.trim();
  if (value === '') return { ok: false, reason: 'missing-url' };
  if (value.length > MAX_URL_LENGTH) return { ok: false, reason: 'invalid-url' };
  let url: URL;
  try {
    url = base === undefined ? new URL(value) : new URL(value, base);
  } catch {
    return { ok: false, reason: 'invalid-url' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'unsupported-scheme' };
  if (url.hostname === '') return { ok: false, reason: 'invalid-url' };
  return { ok: true, url: url.href };
}

/** Shortens a raw value for a `SkippedValue`. */
export function shortValue(raw: string): string {
  const value = raw.trim();
  return value.length > MAX_SKIPPED_VALUE_LENGTH ? `${value.slice(0, MAX_SKIPPED_VALUE_LENGTH)}…` : value;
}

/** Validates a `maxEntries` option; a bad cap is a programming error, so it throws a plain `RangeError`. */
export function entryCap(maxEntries: number | undefined): number {
  const cap = maxEntries ?? DEFAULT_MAX_ENTRIES;
  if (!Number.isInteger(cap) || cap < 1) throw new RangeError(`maxEntries must be a positive integer, got ${cap}`);
  return cap;
}

/**
 * A capped, de-duplicated list of URLs plus the skipped candidates. `add` reports `'full'` when a usable URL
 * arrives after the cap is reached: the caller then stops reading and reports `truncated`.
 */
export class UrlCollector<T extends { url: string }> {
  readonly items: T[] = [];
  readonly skipped: SkippedValue[] = [];
  truncated = false;
  private readonly seen = new Set<string>();

  constructor(private readonly cap: number) {}

  /** Records a skipped candidate (up to the cap; a hostile document cannot grow this list without bound). */
  skip(value: string, reason: SkipReason): void {
    if (this.skipped.length < this.cap) this.skipped.push({ value: shortValue(value), reason });
  }

  /** Adds an item whose URL already passed `checkHttpUrl`. */
  add(item: T): 'added' | 'duplicate' | 'full' {
    if (this.seen.has(item.url)) {
      this.skip(item.url, 'duplicate');
      return 'duplicate';
    }
    if (this.items.length >= this.cap) {
      this.truncated = true;
      return 'full';
    }
    this.seen.add(item.url);
    this.items.push(item);
    return 'added';
  }
}

/** Checks the URL a document is named by (and resolved against); a bad one is the caller's bug, reported as such. */
export function assertDocumentUrl(baseUrl: string): void {
  try {
    new URL(baseUrl);
  } catch {
    throw new InputError(`document URL ${JSON.stringify(baseUrl)} is not an absolute URL`, { input: String(baseUrl) });
  }
}
