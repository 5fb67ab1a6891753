/**
 * Sentence segmentation with offsets. Hand-written rather than compromise's splitter because it runs over every
 * byte of every article: it must be linear and fast, and it must never let a sentence cross a paragraph break (a line break that is not a
 * soft wrap of hard-wrapped text).
 */
import type { Span } from '../../article/types.ts';

export interface Sentence extends Span {
  /** Index of the paragraph (line block) the sentence belongs to. */
  paragraph: number;
  /** Position of the sentence in the article. */
  index: number;
}

/** Abbreviations after which a period does not end a sentence (lower case, without the final period). */
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sen',
  'rep',
  'gov',
  'gen',
  'col',
  'lt',
  'sgt',
  'capt',
  'adm',
  'jr',
  'sr',
  'st',
  'inc',
  'corp',
  'co',
  'ltd',
  'llc',
  'plc',
  'no',
  'nos',
  'vs',
  'etc',
  'approx',
  'dept',
  'est',
  'fig',
  'vol',
  'ft',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'u.s',
  'u.k',
  'u.n',
  'e.u',
  'e.g',
  'i.e',
  'a.k.a',
  'p.m',
  'a.m',
  'd.c',
  'u.s.a',
]);

/** Abbreviations that usually end a sentence when the next word is capitalised and not a name part. */
const COUNTRY_ABBREVIATIONS = new Set(['u.s', 'u.k', 'u.n', 'e.u', 'u.s.a']);

const BOUNDARY = /[.!?]+["'”’)\]]*\s+/g;

/**
 * A line break inside a sentence of hard-wrapped text (plain-text reports, PDF copies): the line stops mid-sentence
 * (no closing punctuation) and the next one continues it, starting in lower case or after a word that cannot end a
 * sentence ("…operations in Mozambique, Austria, the⏎Philippines and Vietnam").
 */
const SOFT_WRAP =
  /(?:[\p{L}\p{N},;)\-–]|\b(?:the|a|an|and|or|of|in|on|to|for|with|by|from|at|as|its|their)) *\n *(?=\p{Ll})|(?:,|\b(?:the|a|an|and|or|of|in|on|to|for|with|by|from|at|as|its|their)) *\n *(?=[\p{L}\p{N}])/gu;

/** The lines of `text` with soft wraps joined: [start, end) pairs, no line break inside except a soft wrap. */
function logicalLines(text: string): { index: number; body: string }[] {
  const wraps = new Set<number>();
  SOFT_WRAP.lastIndex = 0;
  for (let m = SOFT_WRAP.exec(text); m !== null; m = SOFT_WRAP.exec(text)) wraps.add(m.index + m[0].indexOf('\n'));
  const out: { index: number; body: string }[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && (text[i] !== '\n' || wraps.has(i))) continue;
    if (i > start) out.push({ index: start, body: text.slice(start, i) });
    start = i + 1;
  }
  return out;
}

/**
 * Splits `text` into sentences. Paragraphs are the blocks between line breaks; a soft wrap inside a sentence is not
 * one.
 */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  let paragraph = 0;
  for (const line of logicalLines(text)) {
    const lineStart = line.index;
    const body = line.body;
    if (!/[\p{L}\p{N}]/u.test(body)) continue;
    let sentenceStart = 0;
    BOUNDARY.lastIndex = 0;
    for (let m = BOUNDARY.exec(body); m !== null; m = BOUNDARY.exec(body)) {
      const punctEnd = m.index + m[0].trimEnd().length;
      const after = body.slice(m.index + m[0].length, m.index + m[0].length + 16);
      if (!startsSentence(after)) continue;
      if (m[0][0] === '.' && isAbbreviation(body, m.index, after)) continue;
      pushSentence(sentences, text, lineStart + sentenceStart, lineStart + punctEnd, paragraph);
      sentenceStart = m.index + m[0].length;
    }
    pushSentence(sentences, text, lineStart + sentenceStart, lineStart + body.length, paragraph);
    paragraph++;
  }
  return sentences;
}

function startsSentence(next: string): boolean {
  const c = next[0];
  if (c === undefined) return false;
  return /[\p{Lu}\p{N}"'“‘([]/u.test(c);
}

function isAbbreviation(body: string, dotIndex: number, after: string): boolean {
  // The word before the period, including inner periods ("U.S", "a.k.a").
  let i = dotIndex;
  while (i > 0 && /[\p{L}.]/u.test(body[i - 1] ?? '')) i--;
  const word = body.slice(i, dotIndex).toLowerCase();
  if (word.length === 1 && /\p{Lu}/u.test(body[i] ?? '')) return true; // an initial: "J. Smith"
  if (!ABBREVIATIONS.has(word)) return false;
  if (COUNTRY_ABBREVIATIONS.has(word)) {
    // "in the U.S. The group…": a country abbreviation ends the sentence before a typical sentence opener.
    return !/^["“]?(The|A|An|It|He|She|They|We|In|On|But|This|That|These|Those|Its|Their)\b/.test(after);
  }
  return true;
}

/**
 * Longest sentence kept whole. Real sentences stay far below it; a page that is one endless "sentence" (a 5 MB line,
 * a list of names without a period) is cut into pieces of this size, so per-sentence work and the quote each claim
 * cites stay bounded.
 */
export const MAX_SENTENCE_CHARS = 2000;

function pushSentence(out: Sentence[], text: string, start: number, end: number, paragraph: number): void {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s] ?? '')) s++;
  while (e > s && /\s/.test(text[e - 1] ?? '')) e--;
  while (e - s > MAX_SENTENCE_CHARS) {
    const cut = pieceEnd(text, s);
    pushSentence(out, text, s, cut, paragraph);
    s = cut;
    while (s < e && /\s/.test(text[s] ?? '')) s++;
  }
  if (e > s) out.push({ start: s, end: e, paragraph, index: out.length });
}

/** Where an over-long sentence starting at `start` is cut: the last space in its second half, else the hard limit. */
function pieceEnd(text: string, start: number): number {
  const limit = start + MAX_SENTENCE_CHARS;
  // Bounded search (lastIndexOf would scan back to the start of a space-less text for every piece).
  for (let i = limit; i > start + MAX_SENTENCE_CHARS / 2; i--) if (text.charCodeAt(i) === 32) return i;
  // Never between the two halves of a surrogate pair.
  const c = text.charCodeAt(limit - 1);
  return c >= 0xd800 && c <= 0xdbff ? limit - 1 : limit;
}
