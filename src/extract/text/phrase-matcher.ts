/**
 * Dictionary matching over tokens. Names are compared by `nameKey` (letters and digits, lower case), so "APT 10",
 * "APT-10" and "apt10" meet the same entry, and "Cloud Hopper" meets "Cloudhopper"; each entry then says how
 * strictly the letter case must agree, which keeps "US" (the country) apart from "us" (the pronoun).
 */
import { joinable, nameKey, type Token } from './tokens.ts';

/**
 * - `any`: case never matters ("apt10").
 * - `proper`: the first letter in the text must be upper case, as for a proper noun ("Cicada", "Japan").
 * - `exact`: the letters must match in case too ("US", "DPRK", "FBI").
 */
export type CaseMode = 'any' | 'proper' | 'exact';

export interface PhraseEntry<T> {
  surface: string;
  caseMode: CaseMode;
  payload: T;
}

export interface PhraseMatch<T> {
  start: number;
  end: number;
  text: string;
  /** Index of the first and one past the last matched token. */
  tokenStart: number;
  tokenEnd: number;
  /** Every entry the span matched (several when a name is shared). */
  entries: PhraseEntry<T>[];
}

interface StoredEntry<T> extends PhraseEntry<T> {
  letters: string;
  trailingDot: boolean;
}

/** A character trie over name keys: matching walks it token by token and stops as soon as no name can follow. */
interface TrieNode<T> {
  next: Map<string, TrieNode<T>>;
  entries: StoredEntry<T>[] | null;
}

const newNode = <T>(): TrieNode<T> => ({ next: new Map(), entries: null });

export class PhraseMatcher<T> {
  private readonly root: TrieNode<T> = newNode();

  add(surface: string, payload: T, caseMode: CaseMode): void {
    const key = nameKey(surface);
    if (!key) return;
    let node = this.root;
    // By UTF-16 code unit, as `longestAt` walks it (an index loop, no string iterator, in the hot path).
    for (let c = 0; c < key.length; c++) {
      const ch = key[c] as string;
      let child = node.next.get(ch);
      if (!child) {
        child = newNode();
        node.next.set(ch, child);
      }
      node = child;
    }
    const letters = surface.normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, '');
    node.entries ??= [];
    if (node.entries.some((e) => e.payload === payload && e.caseMode === caseMode && e.letters === letters)) return;
    node.entries.push({ surface, caseMode, payload, letters, trailingDot: surface.endsWith('.') });
  }

  /** Longest non-overlapping matches, left to right. */
  match(text: string, tokens: readonly Token[]): PhraseMatch<T>[] {
    const out: PhraseMatch<T>[] = [];
    let i = 0;
    while (i < tokens.length) {
      const found = this.longestAt(text, tokens, i);
      if (found) {
        out.push(found);
        i = found.tokenEnd;
      } else {
        i++;
      }
    }
    return out;
  }

  /** The longest entry starting at token `i`, if any. */
  longestAt(text: string, tokens: readonly Token[], i: number): PhraseMatch<T> | null {
    const first = tokens[i];
    if (!first) return null;
    // Walk the trie through whole tokens; remember each token boundary that ends a name. Most tokens start no name:
    // they leave at the first character, before anything is allocated.
    let ends: { n: number; entries: StoredEntry<T>[] }[] | null = null;
    let node: TrieNode<T> | undefined = this.root;
    for (let n = 0; node && i + n < tokens.length; n++) {
      const tok = tokens[i + n] as Token;
      if (n > 0 && !joinable(text, tokens[i + n - 1] as Token, tok)) break;
      node = walk(node, tok.key);
      if (node?.entries) {
        ends ??= [];
        ends.push({ n: n + 1, entries: node.entries });
      }
    }
    if (!ends) return null;
    for (let k = ends.length - 1; k >= 0; k--) {
      const { n, entries } = ends[k] as { n: number; entries: StoredEntry<T>[] };
      const letters = lettersOfSpan(tokens, i, i + n);
      const ok = entries.filter((e) => caseAgrees(e, first, letters));
      if (ok.length === 0) continue;
      const last = tokens[i + n - 1] as Token;
      let end = last.end;
      if (ok.some((e) => e.trailingDot) && text[end] === '.') end++;
      return {
        start: first.start,
        end,
        text: text.slice(first.start, end),
        tokenStart: i,
        tokenEnd: i + n,
        entries: ok.map(({ surface, caseMode, payload }) => ({ surface, caseMode, payload })),
      };
    }
    return null;
  }
}

/** The node reached from `node` through the characters of `key`, or undefined when no name continues so. */
function walk<T>(node: TrieNode<T>, key: string): TrieNode<T> | undefined {
  let at: TrieNode<T> | undefined = node;
  for (let c = 0; at && c < key.length; c++) at = at.next.get(key[c] as string);
  return at;
}

function lettersOfSpan(tokens: readonly Token[], from: number, to: number): string {
  let s = '';
  for (let k = from; k < to; k++) s += (tokens[k] as Token).text;
  return s.normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, '');
}

function caseAgrees<T>(entry: StoredEntry<T>, first: Token, letters: string): boolean {
  switch (entry.caseMode) {
    case 'any':
      return true;
    case 'proper': {
      const c = first.text[0] ?? '';
      return c !== c.toLowerCase() || /\p{N}/u.test(c);
    }
    case 'exact':
      return letters === entry.letters;
  }
}
