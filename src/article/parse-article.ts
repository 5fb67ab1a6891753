import { load } from 'cheerio/slim';
import { extractParagraphs } from './body-text.ts';
import { BODY_TUNING, type BodyTuning } from './body-tuning.ts';
import { type ContentSelection, DOCUMENT_ROOT, selectContent } from './content-scoring.ts';
import { assertHtmlString, MAX_HTML_SIZE } from './input-guard.ts';
import { leadBlocks } from './lead-blocks.ts';
import { extractMetadata } from './metadata.ts';
import { type BodyRange, buildPageModel, type NodeRecord, type PageModel } from './page-model.ts';
import type { Paragraph } from './paragraph.ts';
import { prepareMarkup } from './prepare-markup.ts';
import type { Article, Span } from './types.ts';

/** Options of {@link parseArticle}; all optional, so `parseArticle(html)` is the common call. */
export interface ParseArticleOptions {
  /** Where the page came from: the fallback for `Article.url` and the base for a relative canonical link. */
  url?: string;
  /** Size cap in UTF-16 code units; defaults to {@link MAX_HTML_SIZE}. */
  maxSize?: number;
  /** Thresholds of the body extractor; defaults to the committed tuning. Set by the training and eval scripts. */
  tuning?: BodyTuning;
}

/** The whole-page fallback must find this many times the text of the scored container. */
const FALLBACK_GAIN = 2;
/** Paragraphs counted as "the top of the article" for bylines and `<time>` elements. */
const EARLY_PARAGRAPHS = 3;

/**
 * Parses a saved HTML page into the article's body text (boilerplate removed, paragraphs separated by a blank line,
 * with their offsets) and citation metadata. Parsing uses cheerio's htmlparser2 backend (several times faster than
 * parse5) after a linear pre-pass that strips scripts, styles and comments and caps nesting depth, so cost stays
 * linear in the page size. Malformed HTML gives a best-effort result rather than an error.
 *
 * @throws InputError when `html` is empty, binary, or larger than the size cap.
 */
export function parseArticle(html: string, options: ParseArticleOptions = {}): Article {
  return articleFromPage(loadPage(html, options.maxSize), options);
}

/** A page parsed once: its flattened model and JSON-LD blocks, ready for {@link articleFromPage}. */
export interface LoadedPage {
  model: PageModel;
  jsonLd: string[];
}

/**
 * The parse half of {@link parseArticle}: checks, cleans and flattens the markup. Split out so the training and
 * eval scripts can score many tunings on one parse.
 *
 * @throws InputError when `html` is empty, binary, or larger than the size cap.
 */
export function loadPage(html: string, maxSize: number = MAX_HTML_SIZE): LoadedPage {
  assertHtmlString(html, maxSize);
  const prepared = prepareMarkup(html);
  const $ = load(prepared.html);
  const root = $.root()[0];
  return { model: buildPageModel(root as NonNullable<typeof root>), jsonLd: prepared.jsonLd };
}

/** The extraction half of {@link parseArticle}: body and metadata from a loaded page. Pure; the page is not changed. */
export function articleFromPage(page: LoadedPage, options: ParseArticleOptions = {}): Article {
  const { model } = page;
  const tuning = options.tuning ?? BODY_TUNING;
  let selection = selectContent(model, false, tuning);
  let paragraphs = selection ? extractParagraphs(model, selection) : [];
  if (textLength(paragraphs) < tuning.minBodyChars) {
    const lenient = selectContent(model, true, tuning);
    const retry = lenient ? extractParagraphs(model, lenient) : [];
    if (textLength(retry) > textLength(paragraphs)) {
      selection = lenient;
      paragraphs = retry;
    }
  }
  const strict = selection;
  if (textLength(paragraphs) < tuning.minBodyChars && strict && strict.roots[0] !== DOCUMENT_ROOT) {
    // Still next to nothing: the scored container was a teaser or widget. The whole page, with chrome excluded and
    // pruned as usual, is the better guess (trafilatura falls back the same way).
    const whole: ContentSelection = { ...strict, roots: [DOCUMENT_ROOT] };
    const all = extractParagraphs(model, whole);
    if (textLength(all) > textLength(paragraphs) * FALLBACK_GAIN) {
      selection = whole;
      paragraphs = all;
    }
  }
  const lead = selection ? leadBlocks(model, selection, tuning.leadMaxBlocks, tuning.leadMaxGap) : [];
  if (selection && lead.length > 0) {
    selection = { ...selection, roots: [...lead, ...selection.roots] };
    paragraphs = extractParagraphs(model, selection);
  }
  const meta = extractMetadata(model, page.jsonLd, bodyRange(model, selection), options.url);
  paragraphs = dropLeadingTitle(paragraphs, [meta.title, model.title]);
  const { text, spans } = joinParagraphs(paragraphs);
  return { ...meta, text, paragraphs: spans };
}

function textLength(ps: readonly Paragraph[]): number {
  let n = 0;
  for (const p of ps) n += p.text.length;
  return n;
}

function bodyRange(m: PageModel, sel: ContentSelection | null): BodyRange | null {
  if (!sel || sel.roots.length === 0) return null;
  if (sel.roots[0] === DOCUMENT_ROOT) return { start: 0, early: Math.min(m.kinds.length, 200), end: m.kinds.length };
  const first = m.nodes[sel.roots[0] as number] as NodeRecord;
  const last = m.nodes[sel.roots[sel.roots.length - 1] as number] as NodeRecord;
  // "Early" = after the first few paragraph-sized blocks of the body.
  let early = first.close;
  let seen = 0;
  for (let i = sel.roots[0] as number; i < m.nodes.length; i++) {
    const r = m.nodes[i] as NodeRecord;
    if (r.open > first.close) break;
    if (r.block && r.inlineText >= 80 && ++seen >= EARLY_PARAGRAPHS) {
      early = r.close;
      break;
    }
  }
  return { start: first.open, early, end: last.close };
}

/** The headline repeated at the top of the body (in a non-h1 element): it is the title, not prose. */
function dropLeadingTitle(ps: Paragraph[], titles: readonly (string | null)[]): Paragraph[] {
  const keys = new Set(titles.filter((t): t is string => !!t).map(titleKey));
  if (keys.size === 0) return ps;
  const out = ps.slice();
  for (let k = 0; k < Math.min(out.length, 3); k++) {
    const key = titleKey((out[k] as Paragraph).text);
    if (key.length > 0 && (keys.has(key) || [...keys].some((t) => t.startsWith(key) && key.length > 20))) {
      out.splice(k, 1);
      break;
    }
  }
  return out;
}

function titleKey(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

function joinParagraphs(ps: readonly Paragraph[]): { text: string; spans: Span[] } {
  const spans: Span[] = [];
  let text = '';
  for (const p of ps) {
    if (text) text += '\n\n';
    spans.push({ start: text.length, end: text.length + p.text.length });
    text += p.text;
  }
  return { text, spans };
}
