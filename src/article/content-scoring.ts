import { BODY_TUNING, type BodyTuning } from './body-tuning.ts';
import { MAYBE_CANDIDATE, NEGATIVE_HINT, POSITIVE_HINT, UNLIKELY_CANDIDATE } from './boilerplate-hints.ts';
import { computeStats, type NodeStats } from './node-stats.ts';
import type { NodeRecord, PageModel } from './page-model.ts';

/** Where the article body is, with the per-node figures the text step reuses for its pruning decisions. */
export interface ContentSelection {
  /**
   * Chosen body roots in document order (usually one). {@link DOCUMENT_ROOT} stands for the whole document, for
   * fragments whose paragraphs have no container element (or plain text with no markup at all).
   */
  roots: number[];
  /** Nodes excluded as page chrome before scoring. */
  excluded: Uint8Array;
  stats: NodeStats;
  scores: Float64Array;
  tuning: BodyTuning;
}

const NEVER_CONTENT_TAGS = new Set(['nav', 'aside', 'footer']);
const UNLIKELY_EXEMPT_TAGS = new Set(['body', 'html', 'a', 'article', 'main']);
const NON_PARAGRAPH_TAGS = new Set([
  'body',
  'html',
  'ul',
  'ol',
  'dl',
  'table',
  'tbody',
  'thead',
  'tfoot',
  'tr',
  'form',
  'fieldset',
  'hr',
  'h1',
]);
const ARTICLE_BODY_PROP = /articlebody/i;

/** Shorter blocks (labels, buttons, menu items) cast no vote. */
const MIN_PARAGRAPH_CHARS = 25;

/** Root index meaning "the whole token stream". */
export const DOCUMENT_ROOT = -1;

/** Class/id weight: +25 for content-ish names, -25 for chrome-ish names (each of class and id counted once). */
export function classWeight(r: NodeRecord): number {
  const hint = r.hint;
  if (!hint) return 0;
  let w = 0;
  if (NEGATIVE_HINT.test(hint)) w -= 25;
  if (POSITIVE_HINT.test(hint)) w += 25;
  return w;
}

/** A candidate's starting score: block kind (containers up, lists/headings down), names, schema.org articleBody. */
function initialScore(r: NodeRecord): number {
  let base = 0;
  switch (r.tag) {
    case 'div':
    case 'article':
    case 'main':
      base = 5;
      break;
    case 'section':
    case 'pre':
    case 'td':
    case 'blockquote':
      base = 3;
      break;
    case 'address':
    case 'ol':
    case 'ul':
    case 'dl':
    case 'dd':
    case 'dt':
    case 'li':
    case 'form':
      base = -3;
      break;
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6':
    case 'th':
      base = -5;
      break;
  }
  const itemprop = r.el.attribs.itemprop;
  if (itemprop && ARTICLE_BODY_PROP.test(itemprop)) base += 30;
  return base + classWeight(r);
}

/**
 * Marks chrome subtrees (navigation, footers, sidebars by tag or class/id) that may not hold the body. A node holding
 * most of the page's text is never excluded by its name: that is a layout wrapper (`<div class="has-sidebar">`).
 */
export function markExcluded(m: PageModel, lenient: boolean): Uint8Array {
  const n = m.nodes.length;
  const excluded = new Uint8Array(n);
  const raw = lenient ? null : computeStats(m).text;
  let pageText = 0;
  if (raw) for (let i = 0; i < n; i++) if ((m.nodes[i] as NodeRecord).parent < 0) pageText += raw[i] as number;
  for (let i = 0; i < n; i++) {
    const r = m.nodes[i] as NodeRecord;
    if (r.parent >= 0 && excluded[r.parent]) {
      excluded[i] = 1;
      continue;
    }
    if (NEVER_CONTENT_TAGS.has(r.tag)) {
      excluded[i] = 1;
      continue;
    }
    if (!raw || !r.hint || UNLIKELY_EXEMPT_TAGS.has(r.tag)) continue;
    if (UNLIKELY_CANDIDATE.test(r.hint) && !MAYBE_CANDIDATE.test(r.hint) && (raw[i] as number) <= pageText * 0.5) {
      excluded[i] = 1;
    }
  }
  return excluded;
}

/**
 * Finds the element(s) holding the article body by content scoring, the idea behind Readability and its kin: every
 * paragraph-like block votes for its container and (with decay) the container's ancestors, by how much prose it
 * holds (length, commas); votes are discounted by link density and class/id names. The best container, widened to
 * an ancestor when strong candidates are split across siblings, plus sibling blocks that continue it, is the body.
 * `lenient` keeps elements whose class/id look like chrome: the retry when the strict pass found too little text.
 * Null when the page has no paragraph-like text at all.
 */
export function selectContent(
  m: PageModel,
  lenient = false,
  tuning: BodyTuning = BODY_TUNING,
): ContentSelection | null {
  const nodes = m.nodes;
  const n = nodes.length;
  const excluded = markExcluded(m, lenient);
  const stats = computeStats(m, excluded);
  const scores = new Float64Array(n);
  const initialised = new Uint8Array(n);
  const candidates: number[] = [];
  let documentScore = 0;

  const touch = (i: number): void => {
    if (initialised[i]) return;
    initialised[i] = 1;
    scores[i] = initialScore(nodes[i] as NodeRecord);
    candidates.push(i);
  };

  for (let i = 0; i < n; i++) {
    const r = nodes[i] as NodeRecord;
    if (excluded[i] || !r.block || NON_PARAGRAPH_TAGS.has(r.tag)) continue;
    const len = r.inlineText;
    if (len < MIN_PARAGRAPH_CHARS) continue;
    const linkShare = r.inlineLink / len;
    let s = 1 + r.inlineCommas + Math.min(Math.floor(len / 100), 3);
    s *= 1 - linkShare;
    if (s <= 0) continue;
    // A block with inline text among other blocks is its own container; a pure paragraph votes for its parent.
    let c = (stats.text[i] as number) > len + 0.5 ? i : r.parent;
    if (c < 0) documentScore += s;
    let level = 0;
    while (c >= 0 && level < 5) {
      touch(c);
      const divider = level === 0 ? 1 : level === 1 ? 2 : level * 3;
      scores[c] = (scores[c] as number) + s / divider;
      c = (nodes[c] as NodeRecord).parent;
      level++;
    }
  }
  if (candidates.length === 0 || (documentScore > 0 && documentScore >= (maxScore(scores, candidates) ?? 0))) {
    // Paragraphs sit at the top level of a fragment (or there is no markup): the document is the container.
    return { roots: [DOCUMENT_ROOT], excluded, stats, scores, tuning };
  }

  for (const c of candidates) {
    const t = stats.text[c] as number;
    const ld = t > 0 ? (stats.link[c] as number) / t : 0;
    scores[c] = (scores[c] as number) * (1 - ld);
  }
  candidates.sort((a, b) => (scores[b] as number) - (scores[a] as number));
  let top = candidates[0] as number;
  const topScore = scores[top] as number;

  // Strong candidates split across siblings (e.g. body text interrupted by ad slots): widen to their common ancestor.
  const alternatives = candidates
    .slice(1, 6)
    .filter(
      (c) => (scores[c] as number) >= topScore * 0.75 && !isAncestor(nodes, c, top) && !isAncestor(nodes, top, c),
    );
  if (alternatives.length >= 3) {
    let p = (nodes[top] as NodeRecord).parent;
    while (p >= 0 && (nodes[p] as NodeRecord).tag !== 'body') {
      let contained = 0;
      for (const a of alternatives) if (isAncestor(nodes, p, a)) contained++;
      if (contained >= 3) {
        top = p;
        break;
      }
      p = (nodes[p] as NodeRecord).parent;
    }
  }
  if (!initialised[top]) {
    initialised[top] = 1;
    scores[top] = initialScore(nodes[top] as NodeRecord);
  }

  // Climb while the parent scores comparably: the container of the text is often one level above the best scorer.
  let lastScore = scores[top] as number;
  const threshold = lastScore / 3;
  let parent = (nodes[top] as NodeRecord).parent;
  while (parent >= 0 && (nodes[parent] as NodeRecord).tag !== 'body') {
    if (!initialised[parent]) {
      parent = (nodes[parent] as NodeRecord).parent;
      continue;
    }
    const ps = scores[parent] as number;
    if (ps < threshold) break;
    if (ps > lastScore) {
      top = parent;
      break;
    }
    lastScore = ps;
    parent = (nodes[parent] as NodeRecord).parent;
  }
  // An only child adds nothing; its parent is the same container with more context.
  for (;;) {
    const p = (nodes[top] as NodeRecord).parent;
    if (p < 0 || (nodes[p] as NodeRecord).tag === 'body') break;
    if (countElementChildren(m, p, excluded) !== 1) break;
    top = p;
  }

  top = widen(m, top, stats, excluded, tuning);
  const roots = withSiblings(m, top, stats, scores, topScore, excluded);
  return { roots, excluded, stats, scores, tuning };
}

/**
 * Widens the chosen container to its ancestors while the text they add reads as more of the same article: mostly
 * prose blocks, few links, and not much more than the container holds. Scoring picks the block with the densest
 * prose; pages that split the article into sections, a lead box or a list-laden recipe leave the rest one or two
 * levels up, next to chrome that pruning removes anyway. The thresholds are tuned ({@link BodyTuning}).
 */
function widen(m: PageModel, top: number, stats: NodeStats, excluded: Uint8Array, t: BodyTuning): number {
  const nodes = m.nodes;
  for (let level = 0; level < t.widenLevels; level++) {
    const p = (nodes[top] as NodeRecord).parent;
    if (p < 0 || excluded[p] || (nodes[p] as NodeRecord).tag === 'body') break;
    const own = stats.text[top] as number;
    const extra = (stats.text[p] as number) - own;
    if (extra > 0) {
      const linkDensity = ((stats.link[p] as number) - (stats.link[top] as number)) / extra;
      const proseShare = ((stats.proseText[p] as number) - (stats.proseText[top] as number)) / extra;
      if (linkDensity > t.widenMaxLinkDensity || proseShare < t.widenMinProseShare || extra > t.widenMaxGrowth * own) {
        break;
      }
    }
    top = p;
  }
  return top;
}

/**
 * Adds siblings of the chosen container that continue the article: blocks built from the same template (same tag
 * and class) holding real prose, and bare paragraphs next to it. Readability also adds any sibling whose own score
 * passes a threshold; measured here that mostly pulls in "about the publisher" boxes and footers, so it is not done.
 */
function withSiblings(
  m: PageModel,
  top: number,
  stats: NodeStats,
  scores: Float64Array,
  bestScore: number,
  excluded: Uint8Array,
): number[] {
  const nodes = m.nodes;
  const topRec = nodes[top] as NodeRecord;
  const parent = topRec.parent;
  if (parent < 0) return [top];
  const topClass = topRec.el.attribs.class ?? '';
  const best = bestDescendantScores(m, parent, scores);
  const roots: number[] = [];
  for (const c of childElements(m, parent)) {
    if (c === top) {
      roots.push(c);
      continue;
    }
    if (excluded[c]) continue;
    const r = nodes[c] as NodeRecord;
    const t = stats.text[c] as number;
    const ld = t > 0 ? (stats.link[c] as number) / t : 1;
    if (topClass && r.tag === topRec.tag && r.el.attribs.class === topClass) {
      if (t >= 100 && ld < 0.3 && (best.get(c) ?? 0) >= bestScore * 0.2) roots.push(c);
      continue;
    }
    if (r.tag === 'p') {
      if ((t > 80 && ld < 0.25) || (t > 0 && t <= 80 && ld === 0 && /\.( |$)/.test(nodeText(m, c)))) roots.push(c);
    }
  }
  return roots;
}

/** For each child of `p`, the highest candidate score in its subtree (pre-order: a subtree is a contiguous run). */
function bestDescendantScores(m: PageModel, p: number, scores: Float64Array): Map<number, number> {
  const out = new Map<number, number>();
  for (const c of childElements(m, p)) {
    const rec = m.nodes[c] as NodeRecord;
    let max = 0;
    for (let i = c; i < m.nodes.length && (m.nodes[i] as NodeRecord).open < rec.close; i++) {
      const sc = scores[i] as number;
      if (sc > max) max = sc;
    }
    out.set(c, max);
  }
  return out;
}

function maxScore(scores: Float64Array, candidates: readonly number[]): number | undefined {
  let max: number | undefined;
  for (const c of candidates) if (max === undefined || (scores[c] as number) > max) max = scores[c] as number;
  return max;
}

/** Direct element children of node `p` (indices), found via the token stream. */
export function childElements(m: PageModel, p: number): number[] {
  const out: number[] = [];
  const rec = m.nodes[p] as NodeRecord;
  for (let t = rec.open + 1; t < rec.close; t++) {
    if (m.kinds[t] === 1) {
      const c = m.refs[t] as number;
      out.push(c);
      t = (m.nodes[c] as NodeRecord).close;
    }
  }
  return out;
}

function countElementChildren(m: PageModel, p: number, excluded: Uint8Array): number {
  let count = 0;
  for (const c of childElements(m, p)) if (!excluded[c]) count++;
  return count;
}

function isAncestor(nodes: readonly NodeRecord[], a: number, b: number): boolean {
  const ra = nodes[a] as NodeRecord;
  const rb = nodes[b] as NodeRecord;
  return ra.open < rb.open && rb.close < ra.close;
}

/** Plain text of a node's subtree, whitespace collapsed (for short-text checks: captions, sibling paragraphs). */
export function nodeText(m: PageModel, i: number): string {
  const r = m.nodes[i] as NodeRecord;
  let s = '';
  for (let t = r.open + 1; t < r.close; t++) if (m.kinds[t] === 0) s += m.texts[m.refs[t] as number];
  return s.replace(/\s+/g, ' ').trim();
}
