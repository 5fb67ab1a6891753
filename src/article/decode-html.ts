import { assertHtmlBytes, assertHtmlString, MAX_HTML_SIZE } from './input-guard.ts';
import { decodeWindows1252 } from './windows-1252.ts';

/** How far into the document the HTML spec's prescan looks for `<meta charset>`. */
const META_PRESCAN_BYTES = 1024;

const CHARSET_PARAM = /charset\s*=\s*["']?\s*([^\s"';,>/]+)/i;
const META_TAG = /<meta\b[^>]*>/gi;

/**
 * Decodes a fetched HTML page to a string, picking the charset the way browsers do, in order of trust: a byte-order
 * mark, then the Content-Type header's charset, then `<meta charset>` / `http-equiv` in the first 1024 bytes, else
 * UTF-8, falling back to windows-1252 when the bytes are not valid UTF-8 (the commonest unlabelled legacy encoding).
 * A BOM wins over a contradicting header or meta because it cannot be there by accident.
 *
 * One departure from browsers: a page labelled ISO-8859-1/windows-1252 whose bytes are valid UTF-8 is read as UTF-8.
 * Servers that default every response to ISO-8859-1 are the commonest mislabelling on the web, while real Latin-1
 * text essentially never forms valid multi-byte UTF-8 ("Ã©" for "é"), and mojibake would break names in extraction.
 *
 * @throws InputError when the bytes are empty, over {@link MAX_HTML_SIZE}, or binary.
 */
export function decodeHtml(bytes: Uint8Array, contentType?: string, maxSize: number = MAX_HTML_SIZE): string {
  assertHtmlBytes(bytes, maxSize);
  const text = decodeWith(bytes, sniffCharset(bytes, contentType));
  assertHtmlString(text, maxSize);
  return text;
}

/** The encoding label decodeHtml will use, or null for "UTF-8 if valid, else windows-1252". Exposed for tests. */
export function sniffCharset(bytes: Uint8Array, contentType?: string): string | null {
  const bom = bomCharset(bytes);
  if (bom) return bom;
  const fromHeader = contentType ? supportedLabel(CHARSET_PARAM.exec(contentType)?.[1]) : null;
  if (fromHeader) return fromHeader;
  const fromMeta = metaCharset(bytes);
  if (fromMeta) return htmlDeclaredLabel(fromMeta);
  return null;
}

function bomCharset(b: Uint8Array): string | null {
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  return null;
}

/** `<meta charset=x>` or `<meta http-equiv=content-type content="...; charset=x">` in the prescan window. */
function metaCharset(bytes: Uint8Array): string | null {
  // latin1 maps every byte to one char, so ASCII markup reads correctly whatever the real encoding is.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, META_PRESCAN_BYTES)).toString(
    'latin1',
  );
  for (const m of head.matchAll(META_TAG)) {
    const label = supportedLabel(CHARSET_PARAM.exec(m[0])?.[1]);
    if (label) return label;
  }
  return null;
}

/** A charset label TextDecoder knows, normalised to its canonical name, or null. */
function supportedLabel(label: string | undefined): string | null {
  if (!label) return null;
  try {
    return new TextDecoder(label.trim().toLowerCase()).encoding;
  } catch {
    return null;
  }
}

/** The HTML spec: a document cannot declare itself UTF-16 in markup it could only read as ASCII, so that means UTF-8. */
function htmlDeclaredLabel(label: string): string {
  return label.startsWith('utf-16') ? 'utf-8' : label;
}

function decodeWith(bytes: Uint8Array, label: string | null): string {
  if (label === 'windows-1252') return strictUtf8(bytes) ?? decodeWindows1252(bytes);
  if (label) return new TextDecoder(label).decode(bytes);
  return strictUtf8(bytes) ?? decodeWindows1252(bytes);
}

/** The bytes as UTF-8 if they are valid UTF-8, else null. (Pure ASCII is both, and reads the same either way.) */
function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}
