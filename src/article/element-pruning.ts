/**
 * Element-level pruning inside the chosen body: which subtrees are page chrome (share bars, related links, promos,
 * captions, author boxes, ad slots) although they sit inside the article container.
 */
import { BOILERPLATE_NAME, CREDIT_WORD, hasBoilerplatePart, SENTENCE_END } from './boilerplate-hints.ts';
import { type ContentSelection, classWeight, nodeText } from './content-scoring.ts';
import type { NodeStats } from './node-stats.ts';
import type { NodeRecord, PageModel } from './page-model.ts';

/** Elements dropped inside the body whatever their content. */
const ALWAYS_DROP = new Set(['h1', 'figcaption', 'nav', 'aside', 'footer', 'menu', 'caption']);
/** Dropped unless they hold most of the body (ASP.NET-style pages wrap everything in one form). */
const DROP_UNLESS_BIG = new Set(['form', 'fieldset']);
/** Containers checked with the conditional (ratio) rules. */
const CONDITIONAL = new Set(['div', 'section', 'ul', 'ol', 'table', 'dl', 'header', 'figure', 'center', 'details']);
/** schema.org properties of the article's metadata (shown as title/byline/date lines, not prose). */
const METADATA_ITEMPROP =
  /^(?:datePublished|dateModified|dateCreated|author|creator|publisher|headline|alternativeHeadline|name|keywords|articleSection|commentCount|interactionStatistic)$/i;
/** Image boxes (an image plus at most this much text) are figures: their text is a caption. */
const FIGURE_TEXT_MAX = 200;

/**
 * Whether element `i`, inside a body root holding `rootText` characters, is page chrome to skip with its subtree:
 * by tag (captions, navigation, forms), by schema.org metadata property, by class/id name, as an image box, or by
 * Readability-style ratios. An element holding over half the root's text is never dropped by name or ratio: it is
 * the body itself under a misleading class (`post has-comments`).
 */
export function isChromeElement(m: PageModel, sel: ContentSelection, i: number, rootText: number): boolean {
  return chromeReason(m, sel, i, rootText) !== null;
}

/** Why {@link isChromeElement} drops element `i` (a short rule name), or null when it is kept. */
export function chromeReason(m: PageModel, sel: ContentSelection, i: number, rootText: number): string | null {
  if (sel.excluded[i]) return 'excluded';
  const r = m.nodes[i] as NodeRecord;
  const stats = sel.stats;
  const text = stats.text[i] as number;
  if (ALWAYS_DROP.has(r.tag)) return 'tag';
  const itemprop = r.el.attribs.itemprop;
  if (itemprop && text < 300 && METADATA_ITEMPROP.test(itemprop)) return 'itemprop';
  const big = text > rootText * 0.5;
  if (DROP_UNLESS_BIG.has(r.tag) && !big) return 'form';
  if (r.hint && !big) {
    // Inline elements only by the unambiguous names: a link's id like "auto-tag_x" is still prose.
    if (
      r.block
        ? BOILERPLATE_NAME.test(r.hint) || hasBoilerplatePart(r.hint)
        : r.tag !== 'a' && BOILERPLATE_NAME.test(r.hint)
    ) {
      return 'name';
    }
  }
  if (r.block && (stats.imgs[i] as number) === 1 && text < FIGURE_TEXT_MAX && isFigureText(nodeText(m, i))) {
    return 'figure';
  }
  if (CONDITIONAL.has(r.tag) && !big && conditionallyDrop(r, i, stats, sel.tuning.blockMaxLinkDensity)) return 'ratio';
  return null;
}

/** Readability-style ratio rules: few commas plus images/list items/inputs/links outweighing paragraphs. */
function conditionallyDrop(r: NodeRecord, i: number, s: NodeStats, maxLinkDensity: number): boolean {
  const weight = classWeight(r);
  if (weight < 0) return true;
  if ((s.commas[i] as number) >= 10) return false;
  const text = s.text[i] as number;
  // Mostly prose paragraphs: a body section, even if a "Related" list at its end raises its link density.
  const linkShare = text > 0 ? (s.link[i] as number) / text : 0;
  const prose = (s.proseText[i] as number) >= text * 0.5 && (s.proseBlocks[i] as number) >= 1 && linkShare < 0.25;
  if (prose) return false;
  const paras = s.paras[i] as number;
  const imgs = s.imgs[i] as number;
  const lis = (s.lis[i] as number) - 100;
  const inputs = s.inputs[i] as number;
  const embeds = s.embeds[i] as number;
  const linkDensity = text > 0 ? (s.link[i] as number) / text : 0;
  const headingDensity = text > 0 ? (s.headingText[i] as number) / text : 0;
  const isList = r.tag === 'ul' || r.tag === 'ol' || (text > 0 && (s.listText[i] as number) / text > 0.9);
  if (text === 0 && imgs === 0) return true;
  if (imgs > 1 && paras / imgs < 0.5 && r.tag !== 'figure') return true;
  if (!isList && lis > paras) return true;
  // Form controls among little text: a search, login or newsletter form. A list with one control per item is a
  // checklist (a recipe's ingredients), and a block with text to spare for each control is content.
  const checklist = isList && inputs <= (s.lis[i] as number) && text >= inputs * 15;
  if (inputs > Math.floor(paras / 3) && text < inputs * 100 && !checklist) return true;
  if (!isList && headingDensity < 0.9 && text < 25 && (imgs === 0 || imgs > 2) && linkDensity > 0) return true;
  if (weight < 25 && linkDensity > maxLinkDensity) return true;
  if (weight >= 25 && linkDensity > 0.5) return true;
  if ((embeds === 1 && text < 75) || embeds > 1) return true;
  return false;
}

/** Text of an image box: a caption or credit rather than a sentence of the story. */
function isFigureText(text: string): boolean {
  return text.length === 0 || !SENTENCE_END.test(text) || CREDIT_WORD.test(text);
}
