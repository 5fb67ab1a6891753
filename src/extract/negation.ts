/**
 * Denials and their scope. A denial covers the words after its cue up to the end of its clause ("did not find any
 * evidence that Sandworm targeted organizations in Poland": Poland is inside, so that claim is negated); a denial that
 * points back ("though the Chinese embassy disputes this", "the accusation is unfounded", "called the report that …
 * baseless") covers its whole sentence.
 * Claims outside every scope stay asserted, and cite the part of the sentence that states them.
 */
import type { Span } from '../article/types.ts';
import { NEGATION_HINT } from './cues.ts';

/** A negation cue. Its scope starts here. */
const NEG_CUE =
  /\b(?:no|not|never|without|neither|nor|den(?:y|ies|ied|ying)|refut\w+|reject\w+|dismiss\w+|disput\w+|ruled out|rules out|unrelated|unfounded|baseless|groundless|unable to (?:confirm|verify|link|attribute|tie)|could not (?:confirm|verify)|cannot (?:confirm|verify)|premature|unconvincing)\b|\b\w+n['’]t\b/gi;

/** Negations that deny nothing ("not only", "no longer", "not immediately"). */
const NOT_A_DENIAL =
  /^(?:not only|not just|no longer|no doubt|not surprising\w*|not limited|not the first|no stranger|not yet known|not clear|not immediately|not uncommon|not new|not unusual|no matter|not least|nor is it|not all|not always|without (?:a|the) (?:need|help))\b|^(?:\w+n['’]t|not) (?:immediately|respond|reply|return|comment|elaborate|say|name|specify|disclose|identify|publish|provide)\b/i;

/** A denial of what was just said: its scope is the whole sentence. */
const DENIES_WHAT_PRECEDES =
  /\b(?:disput\w+|den(?:y|ies|ied)|reject\w+|refut\w+|dismiss\w+|deny(?:ing)?)\s+(?:this|that|it|these|those|the (?:claims?|allegations?|accusations?|reports?|findings?|attribution|charges?))\b|\b(?:accusations?|allegations?|claims?|attribution|connections?|charges?)\s+(?:is|are|was|were)\s+(?:\w+\s+)?(?:unfounded|baseless|false|premature|groundless|unconvincing)|\b(?:disinformation|smear(?:s|ing|ed)?|slander\w*|fabricat\w+|so-called\s+["“'‘])|\bcall(?:s|ed|ing)?\s+(?:the|these|those|such|this|that)\s+(?:accusations?|allegations?|claims?|reports?|charges?|attribution)\b[^.;]{0,200}?\b(?:groundless|baseless|unfounded|false|absurd|fabricated|nonsense|smears?|slander\w*)\b/i;

/** Where a forward scope ends: a clause break, or a comma that does not continue a list of names. */
const SCOPE_END =
  /[;:]|,\s+(?!(?:and|or)\s)(?!(?:\p{Lu}[\p{L}.-]*\s*){1,3}(?:,|\s+(?:and|or)\b|[.!?]?$))|\s+(?=(?:but|while|whereas|although|though|yet)\s)/u;

/** Spans of `text` (absolute offsets) that the denials in the sentence [start, end) cover. */
export function denialScopes(text: string, start: number, end: number): Span[] {
  const s = text.slice(start, end);
  if (DENIES_WHAT_PRECEDES.test(s)) return [{ start, end }];
  if (!NEGATION_HINT.test(s)) return [];
  const out: Span[] = [];
  NEG_CUE.lastIndex = 0;
  for (let m = NEG_CUE.exec(s); m !== null; m = NEG_CUE.exec(s)) {
    if (NOT_A_DENIAL.test(s.slice(m.index, m.index + 40))) continue;
    const rest = s.slice(m.index + m[0].length);
    const stop = SCOPE_END.exec(rest);
    const scopeEnd = m.index + m[0].length + (stop ? stop.index : rest.length);
    out.push({ start: start + m.index, end: start + scopeEnd });
    NEG_CUE.lastIndex = Math.max(NEG_CUE.lastIndex, scopeEnd);
  }
  return out;
}

/** True when [start, end) lies inside one of the scopes. */
export function inScope(scopes: readonly Span[], start: number, end: number): boolean {
  return scopes.some((s) => start >= s.start && end <= s.end);
}

/** Sentence-level test kept for callers that only need a yes or no: does any denial cover a link word? */
export function isDenial(sentence: string): boolean {
  const link =
    /\b(?:unrelated|link\w*|connect\w*|relat\w*|tie[sd]?|tying|attribut\w*|responsib\w*|behind|involv\w*|associat\w*|culprit|perpetrat\w*|evidence)\b/i;
  return denialScopes(sentence, 0, sentence.length).some((s) => link.test(sentence.slice(s.start, s.end)));
}
