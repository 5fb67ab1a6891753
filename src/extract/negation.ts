/**
 * Denials: "There is no evidence connecting APT10 to those incidents", "CyberOne Group denied being connected",
 * "the attacks are not related to …", "the filing didn't make such an attribution". A sentence that only negates
 * something else ("Symantec did not identify specific targets") is not a denial of a link.
 *
 * A regular expression finds candidate sentences; compromise then tells which verbs are negated, so the link word
 * must sit in the negated verb phrase.
 */
import nlp from 'compromise';
import { NEGATION_HINT } from './cues.ts';

const NO_EVIDENCE =
  /\bno (?:evidence|indication|sign|signs|proof|link|links|connection|connections|ties|known link)\b/i;
const NOT_LINKED =
  /\b(?:not|n['’]t|never)\s+(?:(?:been|be|directly|yet)\s+)*(?:related|linked|connected|tied|attributed|responsible|behind|involved|associated|part of|the (?:same|culprit|perpetrator)s?)\b|\bunrelated\b|\bruled out\b/i;
const DENY_VERBS = new Set(['deny', 'refute', 'reject', 'dismiss', 'dispute']);
const LINK_WORD =
  /\b(?:link\w*|connect\w*|relat\w*|tie[sd]?|attribut\w*|responsib\w*|behind|involv\w*|associat\w*|culprit|perpetrat\w*)\b/i;

export function isDenial(sentence: string): boolean {
  if (!NEGATION_HINT.test(sentence)) return false;
  if (NO_EVIDENCE.test(sentence) || NOT_LINKED.test(sentence)) return true;
  const doc = nlp(sentence);
  for (const v of doc.verbs().json() as { text: string; verb?: { infinitive?: string; negative?: boolean } }[]) {
    const infinitive = v.verb?.infinitive ?? '';
    if (DENY_VERBS.has(infinitive)) return true;
    if (v.verb?.negative) {
      const at = sentence.indexOf(v.text);
      const phrase = at >= 0 ? sentence.slice(at, at + v.text.length + 40) : v.text;
      if (LINK_WORD.test(phrase)) return true;
    }
  }
  return false;
}
