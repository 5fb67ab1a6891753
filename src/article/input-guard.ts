import { InputError } from '../errors.ts';

/**
 * Largest HTML page accepted, in bytes (or UTF-16 code units for strings). Real article pages are well under 2 MB;
 * anything bigger is a data dump or an attack, and refusing it up front keeps parsing time and memory bounded.
 */
export const MAX_HTML_SIZE = 10 * 1024 * 1024;

/** How much of the input the binary sniff looks at: git's heuristic window, enough to see any file header. */
const SNIFF_WINDOW = 8000;

/** Share of control/replacement characters in the sniff window above which the input is not text. */
const MAX_NON_TEXT_SHARE = 0.1;

/** What the input is called in error messages and `InputError.context.input`. */
const INPUT_NAME = 'html';

/**
 * Rejects input that cannot be an HTML page, before any expensive work: empty, over the size cap, or binary.
 * Size is checked first so a 50 MB page fails in constant time.
 */
export function assertHtmlString(html: string, maxSize: number = MAX_HTML_SIZE): void {
  if (typeof html !== 'string') {
    throw new InputError('HTML input must be a string; decode bytes with decodeHtml() first.', { input: INPUT_NAME });
  }
  if (html.length > maxSize) {
    throw new InputError(
      `HTML input is ${html.length} characters, over the ${maxSize}-character cap; refusing to parse it.`,
      { input: INPUT_NAME, size: html.length, maxSize },
    );
  }
  if (html.trim().length === 0) {
    throw new InputError('HTML input is empty; there is no page to parse.', { input: INPUT_NAME });
  }
  if (looksBinary(html)) {
    throw new InputError('HTML input looks binary (NUL bytes or mostly control characters), not an HTML page.', {
      input: INPUT_NAME,
    });
  }
}

/**
 * Binary sniff on the first few kilobytes: any NUL (git's rule, which text formats never produce) or a large share
 * of C0 control / U+FFFD replacement characters (what binary bytes become after a lenient decode).
 */
function looksBinary(html: string): boolean {
  const n = Math.min(html.length, SNIFF_WINDOW);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = html.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 32 && c !== 9 && c !== 10 && c !== 12 && c !== 13) || c === 0xfffd) bad++;
  }
  return bad > n * MAX_NON_TEXT_SHARE;
}

/** Byte-level twin of {@link assertHtmlString} for `decodeHtml`, run before decoding so huge inputs are not decoded. */
export function assertHtmlBytes(bytes: Uint8Array, maxSize: number = MAX_HTML_SIZE): void {
  if (!(bytes instanceof Uint8Array)) {
    throw new InputError('HTML bytes must be a Uint8Array (a Buffer is one).', { input: INPUT_NAME });
  }
  if (bytes.length > maxSize) {
    throw new InputError(`HTML input is ${bytes.length} bytes, over the ${maxSize}-byte cap; refusing to decode it.`, {
      input: INPUT_NAME,
      size: bytes.length,
      maxSize,
    });
  }
  if (bytes.length === 0) {
    throw new InputError('HTML input is empty (0 bytes); there is no page to parse.', { input: INPUT_NAME });
  }
}
