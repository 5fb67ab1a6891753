/**
 * compromise, loaded on first use: importing it costs ~0.4 s of start-up (hundreds of ES modules, then its lexicon
 * expanded), and most articles never ask it anything. Two uses:
 *
 * - `isOrdinaryWord`: compromise's lexicon words that name no firm. The compiled build writes this list once
 *   (scripts/build.mjs → `ordinary-words.json` beside this module), so a compiled run reads a JSON file instead of
 *   loading compromise; from source (no such file) the list is computed from the lexicon on first use, the same way.
 * - `isPersonName`: its people tagger, loaded (its single-file CommonJS build, half the load time of its ES module
 *   tree) only when an article has a candidate name to ask about.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type nlpFunction from 'compromise';
import { assetPath } from '../paths.ts';

type Nlp = typeof nlpFunction;
type Lexicon = Record<string, string | string[]>;

/** Where the build writes the ordinary words (under dist/src/, next to the compiled module). */
export const ORDINARY_WORDS_FILE = assetPath('extract', 'ordinary-words.json');

let nlp: Nlp | undefined;

function compromise(): Nlp {
  nlp ??= createRequire(import.meta.url)('compromise') as Nlp;
  return nlp;
}

/**
 * The lower-case words compromise's lexicon lists with no organisation tag (adjectives, numbers, places …): a
 * capitalised one of these names no firm ("First", "Western", "Residents"). Used by the build and by the fallback.
 */
export function ordinaryWordsFromLexicon(lexicon: Lexicon): string[] {
  const words: string[] = [];
  for (const [word, tags] of Object.entries(lexicon)) {
    if (!(Array.isArray(tags) ? tags : [tags]).some((t) => t === 'Organization' || t === 'Company')) words.push(word);
  }
  return words.sort();
}

/** compromise's lexicon (the build calls this to write ORDINARY_WORDS_FILE). */
export function compromiseLexicon(): Lexicon {
  return (compromise() as unknown as { model(): { one: { lexicon: Lexicon } } }).model().one.lexicon;
}

let ordinary: Set<string> | undefined;

/**
 * True when compromise's lexicon (not its guesses: it guesses "Kaspersky" is an adjective from the ending) lists the
 * word, any case, with no organisation tag.
 */
export function isOrdinaryWord(word: string): boolean {
  ordinary ??= new Set(
    existsSync(ORDINARY_WORDS_FILE)
      ? (JSON.parse(readFileSync(ORDINARY_WORDS_FILE, 'utf8')) as string[])
      : ordinaryWordsFromLexicon(compromiseLexicon()),
  );
  return ordinary.has(word.toLowerCase());
}

const personCache = new Map<string, boolean>();

/** compromise's people tagger, asked only about short candidate names. */
export function isPersonName(name: string): boolean {
  let known = personCache.get(name);
  if (known === undefined) {
    const tag = compromise();
    known = tag(`${name} said.`).people().found || tag(name).has('#Person');
    personCache.set(name, known);
  }
  return known;
}
