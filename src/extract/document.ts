/** The text of one article prepared once for every extractor: tokens, sentences and offset look-ups. */
import { type Sentence, splitSentences } from './text/sentences.ts';
import { type Token, tokenize } from './text/tokens.ts';

export class Doc {
  readonly tokens: Token[];
  readonly sentences: Sentence[];

  constructor(
    readonly text: string,
    /** Published date (ISO prefix) used to resolve relative dates, or null. */
    readonly published: string | null,
  ) {
    this.tokens = tokenize(text);
    this.sentences = splitSentences(text);
  }

  /** The sentence containing `offset` (the nearest before it when the offset sits between sentences). */
  sentenceAt(offset: number): Sentence {
    const s = this.sentences;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((s[mid] as Sentence).start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return s[lo] ?? { start: 0, end: this.text.length, paragraph: 0, index: 0 };
  }

  sentenceText(s: Sentence): string {
    return this.text.slice(s.start, s.end);
  }

  /** Tokens inside [start, end). */
  tokensIn(start: number, end: number): Token[] {
    const t = this.tokens;
    const lo = firstAtOrAfter(t, start);
    const out: Token[] = [];
    for (let i = lo; i < t.length && (t[i] as Token).end <= end; i++) out.push(t[i] as Token);
    return out;
  }
}

/** Index of the first item starting at or after `offset`, in a list sorted by `start` (binary search). */
export function firstAtOrAfter(list: readonly { start: number }[], offset: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as { start: number }).start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
