/**
 * A small, safe, streaming XML reader for discovery documents (feeds and sitemaps), built on htmlparser2's tokenizer
 * in XML mode.
 *
 * Why this and not a full XML parser: feeds come from the open internet, so the reader must never process a DTD.
 * The tokenizer has no DTD machinery at all: it decodes only the five predefined entities and numeric character
 * references, and leaves any other `&name;` as literal text. On top of that, a DOCTYPE with an internal subset (the
 * only place entities can be declared) is refused outright, so a "billion laughs" document fails in microseconds
 * instead of expanding. External DTDs and entities are never fetched (nothing here does I/O).
 *
 * The tokenizer is a loop over characters (linear time, no recursion); the tree is built with an explicit stack
 * and a depth cap, so deeply nested input cannot overflow the call stack. Callers can drop each finished record
 * (an `<item>`, a `<url>`) from the tree and stop early, which keeps memory bounded by one record and lets a feed
 * with thousands of items be capped without reading the rest.
 *
 * On top of the tokenizer this layer checks structural well-formedness (matching end tags, one root element, no
 * text outside it, nothing unterminated) and reports the first problem with a line and column. It is deliberately
 * lenient about lexical details real feeds get wrong (a bare `&`, a stray `<` in text), which a strict parser would
 * reject for no benefit here.
 */
import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';
import { InputError } from '../errors.ts';

/** Namespace of the `xml:` prefix, bound by definition (xml:base, xml:lang). */
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/**
 * Prefixes that sloppy feeds use without declaring them. Binding them to their usual namespace keeps e.g. an
 * undeclared `dc:date` readable instead of silently losing it.
 */
const FALLBACK_PREFIXES: Readonly<Record<string, string>> = {
  xml: XML_NS,
  dc: 'http://purl.org/dc/elements/1.1/',
  dcterms: 'http://purl.org/dc/terms/',
  atom: 'http://www.w3.org/2005/Atom',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  content: 'http://purl.org/rss/1.0/modules/content/',
  feedburner: 'http://rssnamespace.org/feedburner/ext/1.0',
};

/** One element of the tree. Children are attached when they close, so a dropped record never reaches its parent. */
export interface XmlElement {
  /** The qualified name as written, e.g. `dc:date`. */
  readonly name: string;
  /** The name without its prefix, e.g. `date`. */
  readonly local: string;
  /** The namespace URI the prefix (or the default namespace) resolves to; `''` for none. */
  readonly ns: string;
  /** Attributes by qualified name as written; entity references already decoded. */
  readonly attrs: Readonly<Record<string, string>>;
  /** Effective `xml:base`: the document URL, resolved through every `xml:base` on the way down. */
  readonly base: string;
  /** 0 for the root element. */
  readonly depth: number;
  readonly parent: XmlElement | undefined;
  /** In-scope prefix bindings (shared with the parent unless this element declares some). */
  readonly scope: ReadonlyMap<string, string>;
  readonly children: XmlElement[];
  /** Direct character data (text and CDATA), capped at `maxTextChars`; descendants' text is not included. */
  text: string;
  /** Where this element sits in its parent's `text` (the parent's text length when it opened), for `textContent`. */
  readonly textIndex: number;
  /** Offset of the `<` of the start tag, for error positions. */
  readonly offset: number;
}

/** What the reader does with an element that just closed. */
export type CloseAction = 'keep' | 'drop' | 'stop';

export interface XmlReadHandler {
  /** Called once the start tag is complete (attributes known). Throwing aborts the read with that error. */
  onOpen?(element: XmlElement): void;
  /**
   * Called when the element closes. `'keep'` attaches it to its parent (default), `'drop'` discards it (the caller
   * has consumed it), `'stop'` ends the read at once without checking the rest of the document.
   */
  onClose?(element: XmlElement): CloseAction | undefined;
}

export interface XmlReadOptions {
  /** Names the document in errors (`InputError.context.input`) and is the initial `xml:base`. */
  documentUrl: string;
  /** Deepest element nesting accepted; deeper documents are refused. Feeds need under 20. */
  maxDepth?: number;
  /** Largest document accepted, in UTF-16 code units. */
  maxChars?: number;
  /** Direct text kept per element; the rest is ignored (descriptions can be huge, titles and URLs are not). */
  maxTextChars?: number;
}

/** Default nesting cap: real feeds nest under 20 levels; 100 leaves room for XHTML content and stops stack games. */
export const DEFAULT_MAX_DEPTH = 100;
/** Big enough for a 50,000-URL sitemap (the protocol's own limit is 50 MB uncompressed, rarely approached). */
export const DEFAULT_MAX_CHARS = 64 * 1024 * 1024;
/** Default text kept per element: titles, links and dates are far shorter; full-content fields are not needed. */
export const DEFAULT_MAX_TEXT_CHARS = 16 * 1024;

/** What `readXml` found besides the tree. */
export interface XmlReadResult {
  /** The root element; `undefined` only if a handler dropped it. */
  root: XmlElement | undefined;
  /** True when a handler returned `'stop'` and the rest of the document was not read. */
  stopped: boolean;
}

const WHITESPACE_ONLY = /^[ \t\r\n]*$/;

/** Splits `prefix:local`; a name without a colon has prefix `''`. */
function splitName(name: string): [prefix: string, local: string] {
  const colon = name.indexOf(':');
  return colon === -1 ? ['', name] : [name.slice(0, colon), name.slice(colon + 1)];
}

/**
 * Resolves a prefix in a scope. An unbound prefix resolves to a well-known namespace when there is one, otherwise to
 * a marker that can never equal a real namespace URI, so `<foo:link>` is never mistaken for `<link>`.
 */
export function resolvePrefix(scope: ReadonlyMap<string, string>, prefix: string): string {
  const bound = scope.get(prefix);
  if (bound !== undefined) return bound;
  if (prefix === '') return '';
  return FALLBACK_PREFIXES[prefix] ?? `unbound-prefix:${prefix}`;
}

/** Reads an attribute by namespace and local name (`ns` `''` = an unprefixed attribute), resolving prefixes. */
export function getAttr(element: XmlElement, local: string, ns = ''): string | undefined {
  if (ns === '') return element.attrs[local];
  for (const [name, value] of Object.entries(element.attrs)) {
    const [prefix, attrLocal] = splitName(name);
    if (prefix !== '' && attrLocal === local && resolvePrefix(element.scope, prefix) === ns) return value;
  }
  return undefined;
}

/** Direct children with the given namespace and local name, in document order. */
export function childrenNamed(element: XmlElement, ns: string, local: string): XmlElement[] {
  return element.children.filter((c) => c.local === local && c.ns === ns);
}

/** The first direct child with the given namespace and local name. */
export function childNamed(element: XmlElement, ns: string, local: string): XmlElement | undefined {
  return element.children.find((c) => c.local === local && c.ns === ns);
}

/**
 * All text under an element (its own and its descendants'), in document order, up to `maxChars`. Iterative, so
 * it is safe on any tree the reader built. Used for Atom `type="xhtml"` titles, whose text sits in child elements.
 */
export function textContent(element: XmlElement, maxChars = DEFAULT_MAX_TEXT_CHARS): string {
  let out = '';
  // Explicit stack of (element, how much of its text is emitted, next child): document order without recursion.
  const stack: { element: XmlElement; emitted: number; child: number }[] = [{ element, emitted: 0, child: 0 }];
  while (stack.length > 0 && out.length < maxChars) {
    const frame = stack[stack.length - 1] as (typeof stack)[number];
    const next = frame.element.children[frame.child];
    const upTo = next === undefined ? frame.element.text.length : Math.min(next.textIndex, frame.element.text.length);
    if (upTo > frame.emitted) {
      out += frame.element.text.slice(frame.emitted, upTo);
      frame.emitted = upTo;
    }
    if (next === undefined) stack.pop();
    else {
      frame.child++;
      stack.push({ element: next, emitted: 0, child: 0 });
    }
  }
  return out.slice(0, maxChars);
}

/** 1-based line and column of an offset; computed only when an error is reported. */
function position(xml: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, xml.length);
  for (let i = 0; i < end; i++) {
    if (xml.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${end - lineStart + 1}`;
}

/**
 * Why the reader refused a document, in `InputError.context.reason` (what the pipeline records against the source).
 * Stable codes: `malformed-xml` unless a more specific one applies.
 */
export type XmlRefusalReason =
  | 'malformed-xml'
  | 'empty-body'
  | 'binary-body'
  | 'too-large'
  | 'xml-too-deep'
  | 'dtd-internal-subset';

/** Throws the reader's only error type: a non-retryable `InputError` naming the document. */
function fail(
  documentUrl: string,
  problem: string,
  extra: Record<string, string | number> & { reason?: XmlRefusalReason } = {},
): never {
  throw new InputError(`${documentUrl} is not a readable XML document: ${problem}`, {
    input: documentUrl,
    reason: 'malformed-xml',
    ...extra,
  });
}

/** An element name as shown in an error: a hostile document must not put a megabyte into a log line. */
function show(name: string): string {
  return name.length > 60 ? `${name.slice(0, 60)}…` : name;
}

/** Resolves `xml:base` against the parent's base; an unusable value keeps the parent's base. */
function resolveBase(value: string | undefined, parentBase: string): string {
  if (value === undefined) return parentBase;
  try {
    return new URL(value.trim(), parentBase).href;
  } catch {
    return parentBase;
  }
}

/** Size, emptiness and binary checks, cheap enough to run before tokenizing. */
function assertXmlText(xml: string, documentUrl: string, maxChars: number): void {
  if (typeof xml !== 'string') fail(documentUrl, 'the body is not a string (decode the bytes first)');
  if (xml.length > maxChars) {
    fail(documentUrl, `${xml.length} characters, over the ${maxChars}-character cap`, {
      size: xml.length,
      maxChars,
      reason: 'too-large',
    });
  }
  if (xml.trim() === '') fail(documentUrl, 'the body is empty', { reason: 'empty-body' });
  const nul = xml.indexOf('\u0000');
  if (nul !== -1) {
    fail(documentUrl, `NUL character at ${position(xml, nul)} (binary data, or UTF-16 read as UTF-8?)`, {
      reason: 'binary-body',
    });
  }
}

/** Mutable view of an element while it is being built. */
type OpenElement = XmlElement & { attrs: Record<string, string> };

/**
 * Reads `xml` into a tree of `XmlElement`s, calling `handler` as elements open and close.
 *
 * Throws `InputError` (context.input = the document URL) for a document that is empty, binary, too large, too
 * deep, declares a DTD internal subset (entity declarations), or is structurally malformed.
 */
export function readXml(xml: string, options: XmlReadOptions, handler: XmlReadHandler = {}): XmlReadResult {
  const documentUrl = options.documentUrl;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const maxTextChars = options.maxTextChars ?? DEFAULT_MAX_TEXT_CHARS;
  assertXmlText(xml, documentUrl, maxChars);
  // A byte-order mark decoded as U+FEFF is not "text outside the root element".
  const source = xml.charCodeAt(0) === 0xfeff ? ` ${xml.slice(1)}` : xml;

  const rootScope: ReadonlyMap<string, string> = new Map([['xml', XML_NS]]);
  const stack: OpenElement[] = [];
  let root: XmlElement | undefined;
  let rootClosed = false;
  let sawDoctype = false;
  let stopped = false;

  // Start tag under construction.
  let tagName = '';
  let tagOffset = 0;
  let attrs: Record<string, string> = Object.create(null);
  let attrName = '';
  let attrValue = '';
  let tagPending = false;

  const at = (offset: number) => position(source, offset);

  const appendText = (text: string, offset: number): void => {
    const current = stack[stack.length - 1];
    if (current === undefined) {
      if (!WHITESPACE_ONLY.test(text)) {
        const where = root === undefined ? 'before any element (is this XML at all?)' : 'after the root element';
        fail(documentUrl, `text outside the root element at ${at(offset)}, ${where}`, { offset });
      }
      return;
    }
    const room = maxTextChars - current.text.length;
    if (room > 0) current.text += text.length > room ? text.slice(0, room) : text;
  };

  const openElement = (selfClosing: boolean): void => {
    tagPending = false;
    if (rootClosed) fail(documentUrl, `a second root element <${show(tagName)}> at ${at(tagOffset)}`);
    if (stack.length >= maxDepth) {
      fail(documentUrl, `elements nested deeper than ${maxDepth} levels at ${at(tagOffset)}`, {
        maxDepth,
        reason: 'xml-too-deep',
      });
    }
    const parent = stack[stack.length - 1];
    let scope = parent?.scope ?? rootScope;
    for (const [name, value] of Object.entries(attrs)) {
      if (name === 'xmlns' || name.startsWith('xmlns:')) {
        if (scope === (parent?.scope ?? rootScope)) scope = new Map(scope);
        (scope as Map<string, string>).set(name === 'xmlns' ? '' : name.slice(6), value.trim());
      }
    }
    const [prefix, local] = splitName(tagName);
    const element: OpenElement = {
      name: tagName,
      local,
      ns: resolvePrefix(scope, prefix),
      attrs,
      base: resolveBase(attrs['xml:base'], parent?.base ?? documentUrl),
      depth: stack.length,
      parent,
      scope,
      children: [],
      text: '',
      textIndex: parent?.text.length ?? 0,
      offset: tagOffset,
    };
    if (root === undefined) root = element;
    stack.push(element);
    handler.onOpen?.(element);
    if (selfClosing) closeElement(tagName, tagOffset);
  };

  const closeElement = (name: string, offset: number): void => {
    const current = stack[stack.length - 1];
    if (current === undefined) fail(documentUrl, `end tag </${show(name)}> with no open element at ${at(offset)}`);
    if (current.name !== name) {
      fail(
        documentUrl,
        `end tag </${show(name)}> at ${at(offset)} does not match <${show(current.name)}> opened at ${at(current.offset)}`,
        { offset },
      );
    }
    stack.pop();
    const action = handler.onClose?.(current) ?? 'keep';
    const parent = stack[stack.length - 1];
    if (action === 'keep' && parent !== undefined) parent.children.push(current);
    if (stack.length === 0) rootClosed = true;
    if (action === 'stop') {
      stopped = true;
      tokenizer.pause();
    }
  };

  const callbacks: TokenizerCallbacks = {
    ontext(start, end) {
      appendText(source.slice(start, end), start);
    },
    ontextentity(codepoint, end) {
      appendText(String.fromCodePoint(codepoint), end);
    },
    oncdata(start, end, endOffset) {
      if (endOffset === 0) fail(documentUrl, `CDATA section opened at ${at(start)} is never closed`);
      if (stack.length === 0) fail(documentUrl, `CDATA section outside the root element at ${at(start)}`);
      appendText(source.slice(start, end - endOffset), start);
    },
    oncomment(start, _end, endOffset) {
      if (endOffset === 0) fail(documentUrl, `comment opened at ${at(start)} is never closed`);
    },
    ondeclaration(start, end) {
      const declaration = source.slice(start, end);
      if (!/^doctype\b/i.test(declaration)) {
        fail(documentUrl, `unexpected declaration <!${declaration.slice(0, 40)}…> at ${at(start)}`);
      }
      if (root !== undefined || sawDoctype) fail(documentUrl, `misplaced or repeated DOCTYPE at ${at(start)}`);
      sawDoctype = true;
      // An internal subset is the only place entities can be declared. Feeds never need one; refusing it is the
      // simplest way to guarantee that nothing is ever expanded ("billion laughs", quadratic blow-up, XXE).
      if (declaration.includes('[')) {
        fail(
          documentUrl,
          `its DOCTYPE at ${at(start)} has an internal subset (entity declarations), which is refused so that no entity is ever expanded`,
          { reason: 'dtd-internal-subset' },
        );
      }
      // A DOCTYPE with only an external identifier (old RSS 0.91) is ignored; the DTD is never fetched.
    },
    onprocessinginstruction() {
      // <?xml ...?> and <?xml-stylesheet ...?> carry nothing discovery needs.
    },
    onopentagname(start, end) {
      tagName = source.slice(start, end);
      tagOffset = start - 1;
      tagPending = true;
      // No prototype: an attribute named `__proto__` is just an attribute.
      attrs = Object.create(null);
      if (!/^[\p{L}_:]/u.test(tagName))
        fail(documentUrl, `invalid element name <${show(tagName)}> at ${at(tagOffset)}`);
    },
    onattribname(start, end) {
      attrName = source.slice(start, end);
      attrValue = '';
    },
    onattribdata(start, end) {
      attrValue += source.slice(start, end);
    },
    onattribentity(codepoint) {
      attrValue += String.fromCodePoint(codepoint);
    },
    onattribend() {
      // First occurrence wins, like htmlparser2's own parser; duplicates are a lexical error we tolerate.
      if (!Object.hasOwn(attrs, attrName)) attrs[attrName] = attrValue;
      attrValue = '';
    },
    onopentagend() {
      openElement(false);
    },
    onselfclosingtag() {
      openElement(true);
    },
    onclosetag(start, end) {
      closeElement(source.slice(start, end), start - 2);
    },
    onend() {
      if (stopped) return;
      const open = stack[stack.length - 1];
      if (open !== undefined) {
        fail(
          documentUrl,
          `the document ends before <${show(open.name)}> (opened at ${at(open.offset)}) is closed; truncated download?`,
        );
      }
      if (root === undefined) {
        // A start tag cut off at the very end is dropped silently by the tokenizer; say so rather than "no root".
        fail(documentUrl, tagPending ? 'the document ends inside a start tag' : 'no root element');
      }
    },
  };

  const tokenizer = new Tokenizer({ xmlMode: true, decodeEntities: true }, callbacks);
  tokenizer.write(source);
  if (!stopped) tokenizer.end();
  return { root, stopped };
}
