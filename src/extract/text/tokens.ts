/** Word tokens with offsets: the unit every matcher in extraction works on. */

export interface Token {
  /** The token as written. */
  text: string;
  /** Lower-cased text, precomputed because every matcher compares on it. */
  lower: string;
  /** `nameKey` of the token: what catalog names are matched on. */
  key: string;
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Splits text into runs of letters and digits; punctuation and spaces are the gaps between tokens. */
export function tokenize(text: string, offset = 0): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    const start = offset + (m.index ?? 0);
    const lower = m[0].toLowerCase();
    // Plain ASCII needs no Unicode folding: the common case stays cheap.
    const key = /^[a-z0-9]+$/.test(lower) ? lower : nameKey(m[0]);
    tokens.push({ text: m[0], lower, key, start, end: start + m[0].length });
  }
  return tokens;
}

/** Gaps allowed inside a multi-word name: spaces, hyphens, dots, slashes, underscores — never a line break. */
const NAME_GAP = /^[ \t\u00a0\-\u2010-\u2013._/'’&]{1,3}$/;

/** True when two adjacent tokens can belong to one name ("APT 10", "APT-10", "U.S", "Cloud Hopper"). */
export function joinable(text: string, left: Token, right: Token): boolean {
  if (right.start === left.end) return true;
  return NAME_GAP.test(text.slice(left.end, right.start));
}

/** Lower-cased letters and digits only: the key under which names are compared ("APT-10" → "apt10"). */
export function nameKey(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}
