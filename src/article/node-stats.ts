import type { PageModel } from './page-model.ts';

/**
 * Subtree totals per node, computed bottom-up in one reverse scan of the pre-order node list (children before
 * parents). Nodes flagged in `excluded` contribute nothing, so scores reflect the page as it would read with that
 * chrome removed, without mutating the DOM.
 */
export interface NodeStats {
  text: Float64Array;
  link: Float64Array;
  commas: Float64Array;
  paras: Int32Array;
  lis: Int32Array;
  imgs: Int32Array;
  headings: Int32Array;
  inputs: Int32Array;
  embeds: Int32Array;
  /** Text inside `<li>` descendants (to tell real lists from lists of links). */
  listText: Float64Array;
  /** Text inside heading descendants. */
  headingText: Float64Array;
  /** Text of prose blocks in the subtree (paragraph-length, few links): what a real body section is made of. */
  proseText: Float64Array;
  /** Number of those prose blocks. */
  proseBlocks: Int32Array;
}

const HEADING_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const PROSE_MIN_CHARS = 80;
const PROSE_MAX_LINK_SHARE = 0.25;

export function computeStats(m: PageModel, excluded?: Uint8Array): NodeStats {
  const n = m.nodes.length;
  const s: NodeStats = {
    text: new Float64Array(n),
    link: new Float64Array(n),
    commas: new Float64Array(n),
    paras: new Int32Array(n),
    lis: new Int32Array(n),
    imgs: new Int32Array(n),
    headings: new Int32Array(n),
    inputs: new Int32Array(n),
    embeds: new Int32Array(n),
    listText: new Float64Array(n),
    headingText: new Float64Array(n),
    proseText: new Float64Array(n),
    proseBlocks: new Int32Array(n),
  };
  for (let i = n - 1; i >= 0; i--) {
    const r = m.nodes[i];
    if (!r) continue;
    s.text[i] = (s.text[i] as number) + r.ownText;
    s.link[i] = (s.link[i] as number) + r.ownLink;
    s.commas[i] = (s.commas[i] as number) + r.ownCommas;
    s.inputs[i] = (s.inputs[i] as number) + r.inputs;
    if (r.block && r.inlineText >= PROSE_MIN_CHARS && r.inlineLink < r.inlineText * PROSE_MAX_LINK_SHARE) {
      s.proseText[i] = (s.proseText[i] as number) + r.inlineText;
      s.proseBlocks[i] = (s.proseBlocks[i] as number) + 1;
    }
    s.embeds[i] = (s.embeds[i] as number) + r.embeds;
    const p = r.parent;
    if (p < 0 || excluded?.[i]) continue;
    const t = s.text[i] as number;
    s.text[p] = (s.text[p] as number) + t;
    s.link[p] = (s.link[p] as number) + (s.link[i] as number);
    s.commas[p] = (s.commas[p] as number) + (s.commas[i] as number);
    s.inputs[p] = (s.inputs[p] as number) + (s.inputs[i] as number);
    s.embeds[p] = (s.embeds[p] as number) + (s.embeds[i] as number);
    const tag = r.tag;
    const isHeading = HEADING_TAGS.has(tag);
    s.paras[p] = (s.paras[p] as number) + (s.paras[i] as number) + (tag === 'p' ? 1 : 0);
    s.lis[p] = (s.lis[p] as number) + (s.lis[i] as number) + (tag === 'li' ? 1 : 0);
    s.imgs[p] = (s.imgs[p] as number) + (s.imgs[i] as number) + (tag === 'img' ? 1 : 0);
    s.headings[p] = (s.headings[p] as number) + (s.headings[i] as number) + (isHeading ? 1 : 0);
    s.listText[p] = (s.listText[p] as number) + (tag === 'li' ? t : (s.listText[i] as number));
    s.headingText[p] = (s.headingText[p] as number) + (isHeading ? t : (s.headingText[i] as number));
    s.proseText[p] = (s.proseText[p] as number) + (s.proseText[i] as number);
    s.proseBlocks[p] = (s.proseBlocks[p] as number) + (s.proseBlocks[i] as number);
  }
  return s;
}
