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
 * Why input was refused, in `InputError.context.reason`: the code the pipeline records against the URL. Stable, like
 * the fetcher's reasons.
 */
export type HtmlInputReason = 'empty-body' | 'too-large' | 'binary-body';

/**
 * File signatures of formats servers send mislabelled as `text/html` (a PDF or an image behind a CMS route). Their
 * first bytes can be plain ASCII (a PDF header and uncompressed objects), so the share-of-control-characters sniff
 * alone lets some through, and their syntax would then be "extracted" as article text. Only signatures no text page
 * starts with: short ASCII ones (`ID3`, `RIFF`) are left to that sniff.
 */
const BINARY_SIGNATURES: readonly {
  readonly format: string;
  readonly bytes: readonly number[];
  readonly at?: number;
}[] = [
  { format: 'pdf', bytes: ascii('%PDF-') },
  { format: 'postscript', bytes: ascii('%!PS-Adobe') },
  { format: 'png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { format: 'gif', bytes: ascii('GIF8') },
  { format: 'jpeg', bytes: [0xff, 0xd8, 0xff] },
  { format: 'zip (docx, xlsx, jar)', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { format: 'gzip', bytes: [0x1f, 0x8b, 0x08] },
  { format: '7z', bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { format: 'rar', bytes: ascii('Rar!\x1a\x07') },
  { format: 'elf', bytes: [0x7f, 0x45, 0x4c, 0x46] },
  { format: 'wasm', bytes: [0x00, 0x61, 0x73, 0x6d] },
  { format: 'ogg', bytes: ascii('OggS') },
  { format: 'mp4/mov', bytes: ascii('ftyp'), at: 4 },
];

function ascii(s: string): number[] {
  return [...s].map((c) => c.charCodeAt(0));
}

/** The binary format `bytes` start with, or null. */
export function binarySignature(bytes: Uint8Array): string | null {
  for (const sig of BINARY_SIGNATURES) {
    const at = sig.at ?? 0;
    if (bytes.length < at + sig.bytes.length) continue;
    if (sig.bytes.every((b, i) => bytes[at + i] === b)) return sig.format;
  }
  return null;
}

function refuse(message: string, reason: HtmlInputReason, extra: Record<string, string | number> = {}): InputError {
  return new InputError(message, { input: INPUT_NAME, reason, ...extra });
}

/**
 * Rejects input that cannot be an HTML page, before any expensive work: empty, over the size cap, or binary.
 * Size is checked first so a 50 MB page fails in constant time.
 */
export function assertHtmlString(html: string, maxSize: number = MAX_HTML_SIZE): void {
  if (typeof html !== 'string') {
    throw new InputError('HTML input must be a string; decode bytes with decodeHtml() first.', { input: INPUT_NAME });
  }
  if (html.length > maxSize) {
    throw refuse(
      `HTML input is ${html.length} characters, over the ${maxSize}-character cap; refusing to parse it.`,
      'too-large',
      { size: html.length, maxSize },
    );
  }
  if (html.trim().length === 0) {
    throw refuse('HTML input is empty; there is no page to parse.', 'empty-body');
  }
  if (looksBinary(html)) {
    throw refuse('HTML input looks binary (NUL bytes or mostly control characters), not an HTML page.', 'binary-body');
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
    throw refuse(
      `HTML input is ${bytes.length} bytes, over the ${maxSize}-byte cap; refusing to decode it.`,
      'too-large',
      {
        size: bytes.length,
        maxSize,
      },
    );
  }
  if (bytes.length === 0) {
    throw refuse('HTML input is empty (0 bytes); there is no page to parse.', 'empty-body');
  }
  const format = binarySignature(bytes);
  if (format !== null) {
    throw refuse(
      `HTML input is a ${format} file, not an HTML page (the server mislabelled it); drop the link.`,
      'binary-body',
      { format },
    );
  }
}
