/**
 * Line-level boilerplate filters, run on the extracted paragraphs: what only the words and the paragraph's layout
 * facts (links, emphasis, position after an image) give away.
 */

import { cleanAuthorNames } from './author-names.ts';
import {
  BOILERPLATE_PARAGRAPH,
  CREDIT_WORD,
  META_LINE_LABEL,
  PROMO_LEAD,
  READ_ALSO_LEAD,
  RELATED_INTRO,
  SENTENCE_END,
  TAG_LINE,
} from './boilerplate-hints.ts';
import { toIsoDate } from './dates.ts';
import type { Paragraph } from './paragraph.ts';

const BOILERPLATE_PARAGRAPH_MAX = 400;
/** A short unpunctuated line right after an image is its caption. */
const CAPTION_MAX = 120;
/** A bare "Photo:" label, followed by its credit. */
const CREDIT_LABEL =
  /^(?:photos?|fotos?|фото|bild|imagem|imagen|immagine|image|picture|credits?|source|quelle|fuente|fonte)\s*:?$/i;
/** A clock time with its am/pm and time-zone abbreviation ("11:28 AMT", "10:02 a.m. EST"). */
const CLOCK_TIME = /\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*\p{Lu}{2,5}\b)?/giu;
/** "By " and its equivalents opening a byline line. */
const BYLINE_LINE = /^(?:by|written by|words by|von|par|por|door|av)\s+(?=\p{Lu})/iu;
/** Capitalised words joined by commas, "and"/"&" (a list of names, possibly with a short affiliation). */
const NAMES_ONLY =
  /^\p{Lu}[\p{L}.'’-]*(?:(?:\s+|\s*,\s*|\s+(?:and|&|und|et|y|e)\s+)(?:\p{Lu}[\p{L}.'’-]*|de|da|van|von|der|del|la|le|al|bin))*$/u;
const YEAR = /\b(?:19|20)\d\d\b/;
const DATE_WORDS =
  /\b(?:published|updated|posted|last|modified|on|at|am|pm|gmt|utc|um|uhr|den|januar|februar|märz|mai|juni|juli|oktober|dezember|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|[ecmp][sd]t|jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*|mon\w*|tue\w*|wed\w*|thu\w*|fri\w*|sat\w*|sun\w*)\b/gi;

/**
 * Paragraph-level boilerplate: stock lines ("Advertisement"), promo lead-ins with links ("READ MORE: ..."),
 * bare datelines, "related" blocks (an intro line followed by link-only lines), link-only lines ending the body.
 * Repeated paragraphs are kept: measured, recipes and schedules repeat lines far more often than templates do.
 */
export function filterParagraphs(ps: readonly Paragraph[]): Paragraph[] {
  const kept: Paragraph[] = [];
  for (let k = 0; k < ps.length; k++) {
    const p = ps[k] as Paragraph;
    const len = p.text.length;
    if (len < 80 && RELATED_INTRO.test(p.text) && isLinkList(ps[k + 1])) {
      while (isLinkList(ps[k + 1])) k++;
      continue;
    }
    if (len < 20 && CREDIT_LABEL.test(p.text)) {
      if ((ps[k + 1]?.text.length ?? 0) < CAPTION_MAX) k++;
      continue;
    }
    if (len <= BOILERPLATE_PARAGRAPH_MAX && BOILERPLATE_PARAGRAPH.test(p.text)) continue;
    if (len < 250 && p.linkShare >= 0.4 && PROMO_LEAD.test(p.text)) continue;
    if (len < 150 && p.linkShare >= 0.2 && READ_ALSO_LEAD.test(p.text)) continue;
    // A stock intro line ("Related stories:", "Mehr zum Thema") with no link list after it is still not prose.
    if (len < 80 && RELATED_INTRO.test(p.text)) continue;
    // A short widget headed by a stock line ("War der Artikel nützlich?" then a rating and "Loading...").
    if (len < 120 && p.text.includes('\n') && BOILERPLATE_PARAGRAPH.test(p.text.slice(0, p.text.indexOf('\n'))))
      continue;
    if (len < 160 && isDateline(p.text)) continue;
    if (len < 100 && isByline(p.text)) continue;
    if (p.afterImage && !p.heading && len < CAPTION_MAX && isCaption(p)) continue;
    if (len < 400 && TAG_LINE.test(p.text) && (p.linkShare >= 0.5 || /^\S+\s*:/.test(p.text))) continue;
    // A lone linked headline between paragraphs ("<p><a>OTHER STORY HEADLINE</a></p>") is an inline promo.
    if (
      !p.heading &&
      len < 200 &&
      p.linkShare >= 0.9 &&
      !SENTENCE_END.test(p.text) &&
      isProse(ps[k - 1]) &&
      isProse(ps[k + 1])
    ) {
      continue;
    }
    kept.push(p);
  }
  // Link-only lines and headings with nothing after them end the body: related links, "more stories", comments.
  while (kept.length > 0) {
    const last = kept[kept.length - 1] as Paragraph;
    const closing = last.text.length < 80 && RELATED_INTRO.test(last.text);
    if (last.heading || closing || (isLinkList(last) && last.text.length < 300)) kept.pop();
    else break;
  }
  return kept;
}

/** Caption styling: italic/small print, or credit vocabulary ("Photo: Getty Images"). */
function isCaption(p: Paragraph): boolean {
  return p.emphasized || CREDIT_WORD.test(p.text);
}

/** A paragraph of running text (long enough, few links). */
function isProse(p: Paragraph | undefined): boolean {
  return p !== undefined && !p.heading && p.text.length >= 80 && p.linkShare < 0.3;
}

function isLinkList(p: Paragraph | undefined): boolean {
  return p !== undefined && p.linkShare >= 0.7;
}

/** A "By Jane Doe and John Smith" line: a byline prefix followed by nothing but names. */
function isByline(text: string): boolean {
  const m = BYLINE_LINE.exec(text);
  if (!m || SENTENCE_END.test(text)) return false;
  const rest = text.slice(m[0].length);
  return rest.split(/\s+/).length <= 10 && cleanAuthorNames([rest], null).length > 0 && NAMES_ONLY.test(rest);
}

/**
 * A short date/time stamp line ("Published 19 Nov 2019, 10:02") or byline-plus-date line ("05/10/2018 - Posted by:
 * X - Category: Y"): a parseable date with no other words but date labels, or with a byline/category label.
 */
function isDateline(text: string): boolean {
  if (!YEAR.test(text) || !toIsoDate(text)) return false;
  if (text.length < 80 && !/\p{L}{2,}/u.test(text.replace(CLOCK_TIME, ' ').replace(DATE_WORDS, ' '))) return true;
  return !SENTENCE_END.test(text) && META_LINE_LABEL.test(text);
}
