import type { AnyNode, Element, Text } from 'domhandler';

/**
 * The page flattened once into arrays: one record per kept element (pre-order) and a token stream of element
 * open/close, text and line-break events. Every later step (scoring, boilerplate pruning, text output) reads these
 * arrays instead of walking the DOM again, which keeps extraction linear and recursion-free however deep the page.
 */
export interface PageModel {
  nodes: NodeRecord[];
  /** Token kinds, see {@link Tok}. */
  kinds: number[];
  /** For text tokens the index into `texts`, for open/close the node index, for breaks 0. */
  refs: number[];
  /** Text of each text token as written (whitespace-only tokens are a single space outside `<pre>`). */
  texts: string[];
  /** `<meta>` attributes in document order (head and body). */
  metas: Record<string, string>[];
  /** `<link>` attributes in document order. */
  links: Record<string, string>[];
  /** Text of the first `<title>`, whitespace collapsed. */
  title: string | null;
  /** `lang` of `<html>`, as written. */
  htmlLang: string | null;
  /** `<time>` elements (and elements with `itemprop=datePublished|dateModified`), with their node index. */
  times: TimeRecord[];
}

export enum Tok {
  Text = 0,
  Open = 1,
  Close = 2,
  Break = 3,
}

export interface TimeRecord {
  node: number;
  datetime: string | null;
  itemprop: string | null;
}

/** Per-element facts gathered while flattening. Subtree totals are computed later by `node-stats.ts`. */
export interface NodeRecord {
  el: Element;
  tag: string;
  parent: number;
  depth: number;
  /** Block-level: starts a new paragraph in the output. */
  block: boolean;
  /** `class` and `id`, space separated, case as written (match with /i): where site templates name their parts. */
  hint: string;
  /** Token index of this element's Open token; its Close token is at `close`. */
  open: number;
  close: number;
  /** Visible text length (collapsed whitespace) of this element's direct text children, and of those inside links. */
  ownText: number;
  ownLink: number;
  ownCommas: number;
  /** Text whose nearest block ancestor is this element: its own paragraph text when it is a block. */
  inlineText: number;
  inlineLink: number;
  inlineCommas: number;
  /** Form controls and embedded media dropped directly under this element. */
  inputs: number;
  embeds: number;
  /** Index of the nearest block ancestor-or-self (for inline elements: the block they sit in). */
  blockOwner: number;
}

const BLOCK_TAGS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'dir',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'frameset',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'html',
  'legend',
  'li',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);

/** Elements that never hold article prose; dropped with their subtree while flattening. */
const DROPPED_TAGS = new Set([
  'applet',
  'audio',
  'base',
  'button',
  'canvas',
  'datalist',
  'dialog',
  'embed',
  'frame',
  'frameset',
  'head',
  'iframe',
  'input',
  'link',
  'map',
  'math',
  'menu',
  'meta',
  'noscript',
  'object',
  'optgroup',
  'option',
  'output',
  'param',
  'progress',
  'script',
  'select',
  'source',
  'style',
  'svg',
  'template',
  'textarea',
  'title',
  'track',
  'video',
]);

const FORM_CONTROLS = new Set(['button', 'input', 'select', 'textarea']);
const EMBEDS = new Set(['audio', 'embed', 'iframe', 'object', 'video']);

/** ARIA roles of page chrome, never the article (Readability drops the same). */
const CHROME_ROLES = new Set(['menu', 'menubar', 'navigation', 'complementary', 'alert', 'alertdialog', 'dialog']);

const HIDDEN_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i;
const WS = /\s+/g;

interface Frame {
  children: AnyNode[];
  next: number;
  node: number;
  blockOwner: number;
  inLink: boolean;
  inPre: boolean;
}

/** Flattens the document under `root` (a cheerio/domhandler Document) into a {@link PageModel}. Iterative. */
export function buildPageModel(root: AnyNode): PageModel {
  const m: PageModel = {
    nodes: [],
    kinds: [],
    refs: [],
    texts: [],
    metas: [],
    links: [],
    title: null,
    htmlLang: null,
    times: [],
  };
  const rootChildren = 'children' in root ? (root.children as AnyNode[]) : [];
  const stack: Frame[] = [{ children: rootChildren, next: 0, node: -1, blockOwner: -1, inLink: false, inPre: false }];

  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    if (frame.next >= frame.children.length) {
      stack.pop();
      if (frame.node >= 0) {
        const rec = m.nodes[frame.node] as NodeRecord;
        rec.close = m.kinds.length;
        m.kinds.push(Tok.Close);
        m.refs.push(frame.node);
      }
      continue;
    }
    const child = frame.children[frame.next++] as AnyNode;
    // `type` is a plain field; `nodeType` is a getter per node class, megamorphic and several times slower here.
    const type = child.type as string;
    if (type === 'text') {
      addText(m, frame, (child as Text).data);
      continue;
    }
    if (type !== 'tag') continue;
    const el = child as Element;
    const tag = el.name; // htmlparser2 lower-cases tag names in HTML mode
    const attribs = el.attribs;
    if (tag === 'head') {
      // No record: head holds metadata, but a malformed page may leave body content inside it, so descend.
      stack.push({ children: el.children, next: 0, node: -1, blockOwner: -1, inLink: false, inPre: false });
      continue;
    }
    if (DROPPED_TAGS.has(tag)) {
      collectHeadElement(m, el, tag);
      const owner = frame.node >= 0 ? m.nodes[frame.node] : undefined;
      if (owner && FORM_CONTROLS.has(tag)) owner.inputs++;
      else if (owner && EMBEDS.has(tag)) owner.embeds++;
      continue;
    }
    if (tag === 'br') {
      m.kinds.push(Tok.Break);
      m.refs.push(0);
      continue;
    }
    if (tag === 'html' && attribs.lang && !m.htmlLang) m.htmlLang = attribs.lang;
    if (isHidden(attribs)) continue;

    const index = m.nodes.length;
    const block = BLOCK_TAGS.has(tag);
    const parentRec = frame.node >= 0 ? m.nodes[frame.node] : undefined;
    const cls = attribs.class;
    const id = attribs.id;
    const hint = withoutStateNames(cls ? (id ? `${cls} ${id}` : cls) : (id ?? ''));
    m.nodes.push({
      el,
      tag,
      parent: frame.node,
      depth: parentRec ? parentRec.depth + 1 : 0,
      block,
      hint,
      open: m.kinds.length,
      close: -1,
      ownText: 0,
      ownLink: 0,
      ownCommas: 0,
      inlineText: 0,
      inlineLink: 0,
      inlineCommas: 0,
      inputs: 0,
      embeds: 0,
      blockOwner: block ? index : frame.blockOwner,
    });
    m.kinds.push(Tok.Open);
    m.refs.push(index);
    if (tag === 'time' || attribs.itemprop === 'datePublished' || attribs.itemprop === 'dateModified') {
      m.times.push({
        node: index,
        datetime: attribs.datetime ?? attribs.content ?? null,
        itemprop: attribs.itemprop ?? null,
      });
    }
    stack.push({
      children: el.children,
      next: 0,
      node: index,
      blockOwner: block ? index : frame.blockOwner,
      inLink: frame.inLink || isHyperlink(tag, attribs),
      inPre: frame.inPre || tag === 'pre',
    });
  }
  return m;
}

/**
 * An element whose text is link text: an `<a>` with an `href`. A named anchor (`<a name="toc-1">`), often left
 * unclosed around a whole section, is a bookmark, not a link; counting it made whole bodies read as link lists.
 */
export function isHyperlink(tag: string, attribs: Record<string, string>): boolean {
  return tag === 'a' && attribs.href !== undefined;
}

/**
 * Class parts that describe what an element contains or how it is laid out, not what it is: `has-ads`,
 * `o-section--has-ads`, `with-sidebar`, `no-comments`. Left in, they make an article wrapper read as an ad slot or a
 * sidebar to every name rule.
 */
const STATE_NAME = /(?:^|[\s_-])(?:has|with|without|no|show|hide)[-_][\w-]+/gi;
const HAS_STATE_NAME = /(?:^|[\s_-])(?:has|with|without|no|show|hide)[-_]\w/i;

function withoutStateNames(hint: string): string {
  return hint.length > 6 && HAS_STATE_NAME.test(hint) ? hint.replace(STATE_NAME, ' ') : hint;
}

function isHidden(attribs: Record<string, string>): boolean {
  if ('hidden' in attribs) return true;
  if (attribs['aria-hidden'] === 'true') return true;
  const role = attribs.role;
  if (role && CHROME_ROLES.has(role.toLowerCase())) return true;
  const style = attribs.style;
  return style !== undefined && style.length > 6 && HIDDEN_STYLE.test(style);
}

function collectHeadElement(m: PageModel, el: Element, tag: string): void {
  if (tag === 'meta') m.metas.push(el.attribs);
  else if (tag === 'link') m.links.push(el.attribs);
  else if (tag === 'title' && m.title === null) {
    let s = '';
    for (const c of el.children) if ((c.type as string) === 'text') s += (c as Text).data;
    const t = s.replace(WS, ' ').trim();
    if (t) m.title = t;
  }
}

function addText(m: PageModel, frame: Frame, data: string): void {
  const n = data.length;
  if (n === 0) return;
  let a = 0;
  while (a < n && data.charCodeAt(a) <= 32) a++;
  m.kinds.push(Tok.Text);
  m.refs.push(m.texts.length);
  if (a === n) {
    // Whitespace only (most text nodes): one shared space token, no stats.
    m.texts.push(frame.inPre ? data : ' ');
    return;
  }
  // Kept raw: whitespace is collapsed once per output paragraph, not per node. Interior runs barely move the stats.
  m.texts.push(data);
  let b = n;
  while (b > a && data.charCodeAt(b - 1) <= 32) b--;
  const len = b - a;
  const rec = frame.node >= 0 ? m.nodes[frame.node] : undefined;
  if (!rec) return;
  const commas = len > 8 ? countCommas(data) : 0;
  rec.ownText += len;
  rec.ownCommas += commas;
  if (frame.inLink) rec.ownLink += len;
  const owner = frame.blockOwner >= 0 ? m.nodes[frame.blockOwner] : undefined;
  if (owner) {
    owner.inlineText += len;
    owner.inlineCommas += commas;
    if (frame.inLink) owner.inlineLink += len;
  }
}

function countCommas(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 44 || c === 0xff0c || c === 0x3001 || c === 0x060c) n++;
  }
  return n;
}

/** Where the article body sits in the token stream, for "near the top of the article" checks. */
export interface BodyRange {
  /** Token index where the body starts (first root's open). */
  start: number;
  /** Token index after the first few body paragraphs. */
  early: number;
  /** Token index where the body ends. */
  end: number;
}

/**
 * How far before the body (in tokens) the article header with its headline, byline and date may start: metadata
 * read from visible markup is only trusted between there and a few paragraphs into the body.
 */
export const TOP_REGION_TOKENS = 3000;

/** Whether element `r` sits in the article's top region (anywhere when the body is unknown). */
export function inTopRegion(r: NodeRecord, body: BodyRange | null): boolean {
  if (!body) return true;
  return r.open >= body.start - TOP_REGION_TOKENS && r.open <= body.early;
}

/** Most tokens read from one element's subtree by {@link innerText}. */
const INNER_TEXT_TOKENS = 2000;

/** Visible text of an element, with a space at block boundaries and breaks (so "Name</p><p>Date" stays apart). */
export function innerText(m: PageModel, r: NodeRecord): string {
  let s = '';
  // Bounded in tokens as well as characters: a byline-named wrapper around a huge subtree must stay cheap.
  const end = Math.min(r.close, r.open + 1 + INNER_TEXT_TOKENS);
  for (let t = r.open + 1; t < end; t++) {
    const kind = m.kinds[t];
    if (kind === 0) s += m.texts[m.refs[t] as number];
    else if (kind === 3 || (m.nodes[m.refs[t] as number] as NodeRecord).block) s += ' ';
    if (s.length > 400) break;
  }
  return s.replace(/\s+/g, ' ').trim();
}
