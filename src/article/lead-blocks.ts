/**
 * The lead (standfirst): the paragraph or two between the headline and the body that summarise the story. Templates
 * set it apart from the body container (in the article header, a teaser box, an intro block), so content scoring,
 * which picks the container of the densest prose, leaves it out. It is found by position, not by class names: prose
 * blocks after the page's headline and before the chosen body, when little else stands between the two.
 */

import { SENTENCE_END } from './boilerplate-hints.ts';
import { type ContentSelection, DOCUMENT_ROOT, nodeText } from './content-scoring.ts';
import { chromeReason } from './element-pruning.ts';
import { type NodeRecord, type PageModel, Tok } from './page-model.ts';

/** A lead block holds at least this much paragraph text of its own ... */
const LEAD_MIN_CHARS = 50;
/** ... and at most this share of it in links. */
const LEAD_MAX_LINK_SHARE = 0.1;
/** Tags that never set a lead: list and table items, captions, the headline itself. */
const NOT_LEAD = new Set(['h1', 'li', 'dt', 'dd', 'td', 'th', 'tr', 'caption', 'figcaption', 'label', 'option']);

/**
 * The lead blocks to put before `sel`'s body roots (node indices, document order), at most `maxBlocks`: blocks of
 * prose (enough text of their own, almost no links, ending like a sentence, so no subtitle or label) that stand after
 * the last headline (`<h1>`) before the body and before any image there (text under a picture is its caption), when
 * all the text between headline and body is at most `maxGap` characters (a header with a byline, a date and a lead,
 * not a page of teasers). A block (or a container of it below the headline's and the body's common ancestor) that
 * pruning would drop inside a body — a caption, a figure, a share bar, a link list — is no lead. Empty when the body
 * is the whole document, starts before any headline, or holds the headline.
 */
export function leadBlocks(m: PageModel, sel: ContentSelection, maxBlocks: number, maxGap: number): number[] {
  const first = sel.roots[0];
  if (maxBlocks <= 0 || first === undefined || first === DOCUMENT_ROOT) return [];
  const nodes = m.nodes;
  const body = nodes[first] as NodeRecord;
  let title = -1;
  for (let i = 0; i < first; i++) {
    const r = nodes[i] as NodeRecord;
    if (r.tag === 'h1' && r.close < body.open && !sel.excluded[i]) title = i;
  }
  if (title < 0) return [];
  const h1 = nodes[title] as NodeRecord;
  if (gapText(m, sel.excluded, h1.close, body.open) > maxGap) return [];
  const common = commonAncestor(nodes, title, first);
  const out: number[] = [];
  for (let i = title + 1; i < first && out.length < maxBlocks; i++) {
    const r = nodes[i] as NodeRecord;
    if (r.open < h1.close) continue;
    if (r.open > body.open) break;
    // Text under the headline's picture is its caption: a lead comes before any image.
    if (r.tag === 'img' || r.tag === 'picture') break;
    if (!r.block || sel.excluded[i] || NOT_LEAD.has(r.tag) || r.inlineText < LEAD_MIN_CHARS) continue;
    if (r.inlineLink > r.inlineText * LEAD_MAX_LINK_SHARE) continue;
    if (out.some((o) => (nodes[o] as NodeRecord).close > r.open)) continue;
    if (pruned(m, sel, i, common)) continue;
    if (!SENTENCE_END.test(nodeText(m, i))) continue;
    out.push(i);
  }
  return out;
}

/** Visible characters of the text between two token positions, chrome subtrees skipped. */
function gapText(m: PageModel, excluded: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let t = from + 1; t < to; t++) {
    const kind = m.kinds[t];
    if (kind === Tok.Text) n += (m.texts[m.refs[t] as number] as string).trim().length;
    else if (kind === Tok.Open && excluded[m.refs[t] as number]) t = (m.nodes[m.refs[t] as number] as NodeRecord).close;
  }
  return n;
}

function commonAncestor(nodes: readonly NodeRecord[], a: number, b: number): number {
  const seen = new Set<number>();
  for (let x = a; x >= 0; x = (nodes[x] as NodeRecord).parent) seen.add(x);
  for (let x = b; x >= 0; x = (nodes[x] as NodeRecord).parent) if (seen.has(x)) return x;
  return -1;
}

/** Whether pruning inside a body would drop block `i` or one of its ancestors below `stop`. */
function pruned(m: PageModel, sel: ContentSelection, i: number, stop: number): boolean {
  for (let x = i; x >= 0 && x !== stop; x = (m.nodes[x] as NodeRecord).parent) {
    if (chromeReason(m, sel, x, Number.POSITIVE_INFINITY) !== null) return true;
  }
  return false;
}
