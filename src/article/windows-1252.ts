/**
 * windows-1252 decoding. Node 20's TextDecoder accepts the label but decodes bytes 0x80–0x9F as ISO-8859-1 C1
 * controls instead of the characters the WHATWG Encoding Standard assigns (curly quotes, dashes, €, ™ …), and the
 * label is what browsers use for every latin1/ISO-8859-1/ASCII page. Every other legacy encoding checked on Node 20
 * (Shift_JIS, EUC-JP/KR, GB18030, Big5, KOI8-R, windows-125x) decodes correctly, so only this table is needed.
 */

/** Characters of bytes 0x80–0x9F; the five unassigned bytes map to the same-numbered C1 control, as WHATWG says. */
const HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
].map((c) => String.fromCharCode(c));

const C1 = /[\x80-\x9f]/g;

/** Decodes windows-1252 bytes (the WHATWG mapping: ISO-8859-1 except 0x80–0x9F). */
export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(C1, (c) => HIGH[c.charCodeAt(0) - 0x80] as string);
}
