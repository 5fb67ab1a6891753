/**
 * Body text: walks the chosen roots' token range once, skipping chrome elements whole, and cuts paragraphs at block
 * boundaries and double `<br>` (a single `<br>` stays a line break inside the paragraph; table cells of a row are
 * joined with " | "). Each paragraph carries the layout facts the line filters need.
 */
import { type ContentSelection, DOCUMENT_ROOT } from './content-scoring.ts';
import { isChromeElement } from './element-pruning.ts';
import type { NodeStats } from './node-stats.ts';
import { isHyperlink, type NodeRecord, type PageModel, Tok } from './page-model.ts';
import type { Paragraph } from './paragraph.ts';
import { filterParagraphs } from './paragraph-filter.ts';

const HEADING = /^h[2-6]$/;
const CELL = new Set(['td', 'th']);
/** Inline elements captions and credits are set in. */
const EMPHASIS = new Set(['em', 'i', 'small', 'cite', 'sub']);
/** Private-use marker for `<br>` in the paragraph buffer, so whitespace collapsing cannot eat it. */
const LINE_BREAK = '\ue000';
const LINE_BREAK_G = /\ue000/g;
const LINE_BREAK_SPACED = / ?\ue000[\s\ue000]*/g;
const WS = /\s+/g;
/** Soft hyphens and zero-width characters: invisible, and they split words for tokenizers. */
const INVISIBLE = /[\u00ad\u200b\u2060\ufeff]/g;

/** The body's paragraphs, in document order, after chrome elements and boilerplate lines are removed. */
export function extractParagraphs(m: PageModel, sel: ContentSelection): Paragraph[] {
  const out: Paragraph[] = [];
  const { nodes, kinds, refs, texts } = m;
  const stats = sel.stats;
  for (const root of sel.roots) {
    const whole = root === DOCUMENT_ROOT;
    const from = whole ? 0 : (nodes[root] as NodeRecord).open;
    const to = whole ? kinds.length - 1 : (nodes[root] as NodeRecord).close;
    const rootText = whole ? totalText(m, stats) : (stats.text[root] as number);
    let buf = '';
    let heading = false;
    let pre = 0;
    let breaks = 0;
    let links = 0;
    let chars = 0;
    let linkChars = 0;
    let image = false;
    let emphasis = 0;
    let emphChars = 0;
    const flush = (): void => {
      const t = pre > 0 ? tidyPre(buf) : tidy(buf);
      if (t) {
        out.push({
          text: t,
          heading,
          linkShare: chars > 0 ? linkChars / chars : 0,
          afterImage: image,
          emphasized: chars > 0 && emphChars >= chars * 0.9,
        });
        image = false;
      }
      emphChars = 0;
      buf = '';
      heading = false;
      breaks = 0;
      chars = 0;
      linkChars = 0;
    };
    for (let t = from; t <= to; t++) {
      const kind = kinds[t];
      if (kind === Tok.Text) {
        const s = texts[refs[t] as number] as string;
        buf += s;
        if (s !== ' ') {
          breaks = 0;
          const n = visibleLength(s);
          chars += n;
          if (links > 0) linkChars += n;
          if (emphasis > 0) emphChars += n;
        }
      } else if (kind === Tok.Break) {
        breaks++;
        if (breaks >= 2) flush();
        else buf += LINE_BREAK;
      } else if (kind === Tok.Open) {
        const i = refs[t] as number;
        const r = nodes[i] as NodeRecord;
        if (i !== root && isChromeElement(m, sel, i, rootText)) {
          if (r.block) {
            flush();
            // A dropped image box still means "the next line sits under an image".
            if ((stats.imgs[i] as number) > 0 && (stats.text[i] as number) === 0) image = true;
          } else buf += ' ';
          t = r.close;
          continue;
        }
        if (isHyperlink(r.tag, r.el.attribs)) links++;
        else if (r.tag === 'img' && chars === 0) image = true;
        else if (EMPHASIS.has(r.tag)) emphasis++;
        if (r.block) {
          if (CELL.has(r.tag)) {
            if (buf.trim()) buf += ' | ';
          } else flush();
          if (HEADING.test(r.tag)) heading = true;
          if (r.tag === 'pre') pre++;
        }
      } else {
        const r = nodes[refs[t] as number] as NodeRecord;
        if (isHyperlink(r.tag, r.el.attribs)) links--;
        else if (EMPHASIS.has(r.tag)) emphasis--;
        if (r.block && !CELL.has(r.tag)) {
          flush();
          if (r.tag === 'pre') pre--;
        }
      }
    }
    flush();
  }
  return filterParagraphs(out);
}

/** Visible text of the whole document: its top-level nodes' totals plus top-level text. */
function totalText(m: PageModel, stats: NodeStats): number {
  let n = 0;
  for (let i = 0; i < m.nodes.length; i++) if ((m.nodes[i] as NodeRecord).parent < 0) n += stats.text[i] as number;
  for (let t = 0; t < m.kinds.length; t++) {
    if (m.kinds[t] === Tok.Text) n += visibleLength(m.texts[m.refs[t] as number] as string);
    else if (m.kinds[t] === Tok.Open) t = (m.nodes[m.refs[t] as number] as NodeRecord).close;
  }
  return n;
}

/** Length without leading/trailing whitespace, without allocating. */
function visibleLength(s: string): number {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) <= 32) a++;
  while (b > a && s.charCodeAt(b - 1) <= 32) b--;
  return b - a;
}

/** Collapses whitespace as browsers render it; `<br>` markers become newlines. */
function tidy(s: string): string {
  return s.replace(INVISIBLE, '').replace(WS, ' ').replace(LINE_BREAK_SPACED, '\n').trim();
}

function tidyPre(s: string): string {
  return s
    .replace(INVISIBLE, '')
    .replace(LINE_BREAK_G, '\n')
    .replace(/^\n+|\s+$/g, '');
}
