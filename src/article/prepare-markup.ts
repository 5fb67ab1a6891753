/**
 * A linear pre-pass over the raw HTML, before the DOM is built. It removes what no extraction step reads and what
 * makes the parser slow or quadratic:
 *
 * - `<script>`, `<style>`, comments, `<svg>`/`<math>`, `<noscript>`, `<textarea>`: about two thirds of a news page's
 *   bytes, never article text. JSON-LD scripts are kept aside for metadata, so a date that only appears in some other
 *   script can never be mistaken for the publication date.
 * - Nesting deeper than {@link MAX_NESTING}: htmlparser2 keeps its open-element stack with `unshift`, so 100k nested
 *   elements cost O(n²). Tags beyond the limit are dropped (their text stays, flattened into the deepest kept element).
 * - Elements past the first {@link MAX_ELEMENTS}: each DOM node costs several hundred bytes, so 10 MB of `<i>a</i>`
 *   would take over a gigabyte of heap. Later tags are dropped the same way (their text stays).
 *
 * Tag boundaries follow the HTML tokenizer (quoted attribute values may contain `>`; raw-text elements end at their
 * closing tag whatever they contain), so the pass never cuts inside real content.
 */

/** Deepest element nesting kept. Real pages stay under ~100; the cap bounds the parser's per-tag stack work. */
export const MAX_NESTING = 1000;

/**
 * Elements kept per page. Real article pages have a few thousand once scripts and navigation are cut (the largest page
 * of the article-extraction benchmark has about 1,300); the cap bounds the DOM's memory, not the text.
 */
export const MAX_ELEMENTS = 200_000;

export interface PreparedMarkup {
  /** The HTML with non-content elements removed and nesting capped. */
  html: string;
  /** Bodies of `<script type="application/ld+json">`, in document order. */
  jsonLd: string[];
}

const VOID_NAMES = [
  'area',
  'base',
  'basefont',
  'br',
  'col',
  'command',
  'embed',
  'frame',
  'hr',
  'img',
  'input',
  'isindex',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
];

const P_ONLY = ['p'];
const CLOSES_P = [
  'address',
  'article',
  'aside',
  'blockquote',
  'details',
  'div',
  'dl',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'ul',
];
/** The parser's "opening X closes an open Y on top of the stack" rules, mirrored so our depth count matches its. */
const IMPLIES_CLOSE_NAMES: [string, string[]][] = [
  ...CLOSES_P.map((t): [string, string[]] => [t, P_ONLY]),
  ['li', ['li']],
  ['tr', ['tr', 'th', 'td']],
  ['th', ['th']],
  ['td', ['thead', 'th', 'td']],
  ['dd', ['dd', 'dt']],
  ['dt', ['dd', 'dt']],
  ['option', ['option']],
  ['tbody', ['thead', 'tbody']],
  ['tfoot', ['thead', 'tbody']],
];

/**
 * Elements whose whole content is dropped: raw text the tokenizer would not parse as markup, or never prose.
 * `nav`/`aside`/`footer` are excluded from the body anyway; cutting them here saves a fifth of the parse.
 */
const DROP_WITH_CONTENT = new Set([
  'script',
  'style',
  'textarea',
  'xmp',
  'noscript',
  'svg',
  'math',
  'nav',
  'aside',
  'footer',
]);
/** Raw-text elements the parser must see, whose content must not be scanned for tags. */
const SKIP_CONTENT = new Set(['title']);
/** Elements that may contain themselves, so finding their end needs a depth count. */
const SELF_NESTING = new Set(['svg', 'math', 'nav', 'aside', 'footer']);
/** Raw-text elements whose unclosed start tag swallows the rest of the document, as the tokenizer does. */
const SWALLOWS_REST = new Set(['script', 'style']);

/** Rest of a start tag: unrolled so it stays linear (no nested quantifier can backtrack exponentially). */
const TAG_REST = /[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>/y;
const SCRIPT_OPEN = /<script(?=[\s/>])/gi;
const SCRIPT_CLOSE = /<\/script/gi;
const LD_JSON_TYPE = /\btype\s*=\s*["']?\s*application\/ld\+json/i;
const closerCache = new Map<string, RegExp>();

/** Hash of the last name read by {@link readName}. */
let lastHash = 0;

/*
 * Tag names are compared by a case-folded FNV-1a hash computed while scanning, so the hot loop allocates no strings.
 * A hash hit on a name that changes what is cut is confirmed on the real characters.
 */
const VOID = new Set(VOID_NAMES.map(hashOf));
const IMPLIES_CLOSE = new Map(IMPLIES_CLOSE_NAMES.map(([k, v]) => [hashOf(k), new Set(v.map(hashOf))]));
const SPECIAL = new Map([...DROP_WITH_CONTENT, ...SKIP_CONTENT].map((name) => [hashOf(name), name]));

/** Strips non-content elements and caps nesting in one pass over `html`. Linear in the input length. */
export function prepareMarkup(html: string): PreparedMarkup {
  const parts: string[] = [];
  const jsonLd: string[] = [];
  const stack: number[] = [];
  const excess = new Map<number, number>();
  const unclosed = new Set<string>();
  const n = html.length;
  let elements = 0;
  let copied = 0;
  let i = 0;
  const cut = (from: number, to: number): void => {
    if (from > copied) parts.push(html.slice(copied, from));
    copied = to;
  };

  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    const c = html.charCodeAt(lt + 1);
    if (c === 33 /* ! */) {
      if (html.startsWith('<!--', lt)) {
        const end = html.indexOf('-->', lt + 4);
        const stop = end < 0 ? n : end + 3;
        cut(lt, stop);
        i = stop;
      } else {
        const gt = html.indexOf('>', lt + 2);
        i = gt < 0 ? n : gt + 1;
      }
      continue;
    }
    if (c === 47 /* / */) {
      const nameEnd = readName(html, lt + 2);
      if (nameEnd === lt + 2) {
        i = lt + 2;
        continue;
      }
      const name = lastHash;
      const gt = html.indexOf('>', nameEnd);
      const stop = gt < 0 ? n : gt + 1;
      const extra = excess.size > 0 ? (excess.get(name) ?? 0) : 0;
      if (extra > 0) {
        excess.set(name, extra - 1);
        cut(lt, stop);
      } else {
        const at = stack.lastIndexOf(name);
        if (at >= 0) stack.length = at;
      }
      i = stop;
      continue;
    }
    if (!isAsciiAlpha(c)) {
      i = lt + 1;
      continue;
    }
    const nameEnd = readName(html, lt + 1);
    const hash = lastHash;
    const gt = findTagEnd(html, nameEnd);
    if (gt < 0) break;
    const stop = gt + 1;

    const special = SPECIAL.get(hash);
    const name = special !== undefined && html.slice(lt + 1, nameEnd).toLowerCase() === special ? special : null;
    if (name !== null) {
      // Once an element has no closing tag left, no later one has either: never search again (keeps this linear).
      const close = unclosed.has(name) ? -1 : findCloser(html, name, stop);
      if (close < 0) {
        unclosed.add(name);
        if (SWALLOWS_REST.has(name)) {
          cut(lt, n);
          i = n;
          continue;
        }
        // Unclosed: leave it to the parser (structural elements) or drop just the tag.
        if (!SELF_NESTING.has(name)) {
          if (DROP_WITH_CONTENT.has(name)) cut(lt, stop);
          i = stop;
          continue;
        }
      } else {
        const closeGt = html.indexOf('>', close);
        const closeEnd = closeGt < 0 ? n : closeGt + 1;
        if (name === 'script') {
          if (LD_JSON_TYPE.test(html.slice(lt, stop))) jsonLd.push(html.slice(stop, close));
        } else if (SELF_NESTING.has(name)) {
          // A cut navigation/footer region may still carry the page's JSON-LD.
          jsonLd.push(...extractJsonLd(html.slice(stop, close)));
        }
        if (DROP_WITH_CONTENT.has(name)) cut(lt, closeEnd);
        i = closeEnd;
        continue;
      }
    }
    i = stop;
    if (elements >= MAX_ELEMENTS) {
      // Over the element budget: drop the tag (and, for a non-void element, its closing tag); the text stays.
      if (!VOID.has(hash)) excess.set(hash, (excess.get(hash) ?? 0) + 1);
      cut(lt, stop);
      continue;
    }
    elements++;
    if (VOID.has(hash)) continue;
    const implied = IMPLIES_CLOSE.get(hash);
    if (implied) {
      while (stack.length > 0 && implied.has(stack[stack.length - 1] as number)) stack.pop();
    }
    if (stack.length >= MAX_NESTING) {
      excess.set(hash, (excess.get(hash) ?? 0) + 1);
      cut(lt, stop);
    } else {
      stack.push(hash);
    }
  }
  if (copied === 0) return { html, jsonLd };
  if (copied < n) parts.push(html.slice(copied));
  return { html: parts.join(''), jsonLd };
}

/**
 * JSON-LD blocks in a region the main pass cuts wholesale. Linear: each search starts where the previous one
 * ended, and a missing `</script>` ends the scan.
 */
function extractJsonLd(html: string): string[] {
  const out: string[] = [];
  SCRIPT_OPEN.lastIndex = 0;
  for (let m = SCRIPT_OPEN.exec(html); m; m = SCRIPT_OPEN.exec(html)) {
    const tagEnd = findTagEnd(html, m.index + m[0].length);
    if (tagEnd < 0) break;
    SCRIPT_CLOSE.lastIndex = tagEnd + 1;
    const close = SCRIPT_CLOSE.exec(html);
    if (!close) break;
    if (LD_JSON_TYPE.test(html.slice(m.index, tagEnd))) out.push(html.slice(tagEnd + 1, close.index));
    SCRIPT_OPEN.lastIndex = close.index + close[0].length;
  }
  return out;
}

function isAsciiAlpha(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/**
 * End of a tag name starting at `from` (the tokenizer's name runs until whitespace, `/` or `>`); leaves the name's
 * case-folded hash in {@link lastHash}.
 */
function readName(s: string, from: number): number {
  let i = from;
  const n = s.length;
  let h = 0x811c9dc5;
  while (i < n) {
    let c = s.charCodeAt(i);
    if (c === 62 || c === 47 || c === 32 || c === 9 || c === 10 || c === 12 || c === 13) break;
    if (c >= 65 && c <= 90) c += 32;
    h = Math.imul(h ^ c, 0x01000193);
    i++;
  }
  lastHash = h >>> 0;
  return i;
}

function hashOf(name: string): number {
  readName(name, 0);
  return lastHash;
}

/**
 * Index of the `>` ending a start tag, skipping quoted attribute values; -1 when the tag never ends. Any quote opens
 * a quoted run (the tokenizer only honours quotes after `=`): the rare miss only shifts where this pass resumes.
 */
function findTagEnd(s: string, from: number): number {
  TAG_REST.lastIndex = from;
  return TAG_REST.test(s) ? TAG_REST.lastIndex - 1 : -1;
}

/** Index of the `</name` that closes the element whose content starts at `from` (nesting-aware for svg/math). */
function findCloser(s: string, name: string, from: number): number {
  if (!SELF_NESTING.has(name)) {
    let re = closerCache.get(name);
    if (!re) {
      re = new RegExp(`</${name}(?=[\\s/>]|$)`, 'gi');
      closerCache.set(name, re);
    }
    re.lastIndex = from;
    return re.exec(s)?.index ?? -1;
  }
  const key = `nest:${name}`;
  let re = closerCache.get(key);
  if (!re) {
    re = new RegExp(`<(/?)${name}(?=[\\s/>]|$)`, 'gi');
    closerCache.set(key, re);
  }
  re.lastIndex = from;
  let depth = 1;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) return m.index;
  }
  return -1;
}
