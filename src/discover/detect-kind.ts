/**
 * Document sniffing for sources of kind `feed` (auto): servers label feeds `text/xml`, `application/xml`,
 * `text/html` or worse, so the kind is decided from the root element, with the Content-Type only as a tie-breaker.
 */
import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';
import { ATOM_NAMESPACES, NS } from './namespaces.ts';

/** What a fetched discovery document is; `unknown` covers JSON, plain text and XML of other vocabularies. */
export type DocumentKind = 'rss' | 'atom' | 'rdf' | 'sitemap' | 'sitemap-index' | 'html' | 'unknown';

/** How much of the body is looked at: the root element is near the top of any real feed or page. */
const SNIFF_CHARS = 64 * 1024;

/** Start tags that only HTML has at the top of a document (pages without `<html>` or a doctype). */
const HTML_ROOTS = new Set(['html', 'head', 'body', 'meta', 'title', 'link', 'script', 'style', 'div', 'p']);

/**
 * Classifies a root element by local name and namespace. Shared by the sniffer and the parsers, so
 * `detectDocumentKind` and `parseFeed` never disagree about what a document is.
 */
export function classifyRoot(local: string, ns: string): DocumentKind {
  if (local === 'rss') return 'rss';
  if (local === 'feed' && (ns === '' || ATOM_NAMESPACES.has(ns))) return 'atom';
  if (local === 'RDF' && ns === NS.rdf) return 'rdf';
  if (local === 'urlset') return 'sitemap';
  if (local === 'sitemapindex') return 'sitemap-index';
  if (HTML_ROOTS.has(local.toLowerCase())) return 'html';
  return 'unknown';
}

function isHtmlContentType(contentType: string | undefined): boolean {
  return contentType !== undefined && /^\s*(?:text\/html|application\/xhtml\+xml)\b/i.test(contentType);
}

/**
 * Tells what a fetched discovery document is from its first element (namespace-aware: `<rdf:RDF>` must be RDF).
 * A `<!DOCTYPE html>` or an HTML start tag means `'html'`; a body with no element at all is `'html'` only if the
 * Content-Type says so, else `'unknown'`. Never throws; reads at most the first 64 KiB.
 */
export function detectDocumentKind(body: string, contentType?: string): DocumentKind {
  const head = typeof body === 'string' ? body.slice(0, SNIFF_CHARS) : '';
  let kind: DocumentKind | undefined;
  let name = '';
  let attrName = '';
  let attrValue = '';
  const namespaces = new Map<string, string>();
  const noop = () => {};

  const finishRoot = () => {
    const colon = name.indexOf(':');
    const prefix = colon === -1 ? '' : name.slice(0, colon);
    const local = colon === -1 ? name : name.slice(colon + 1);
    const ns = namespaces.get(prefix) ?? (prefix === 'rdf' ? NS.rdf : '');
    kind = classifyRoot(local, ns);
    tokenizer.pause();
  };

  const callbacks: TokenizerCallbacks = {
    ondeclaration(start, end) {
      if (/^doctype\s+html\b/i.test(head.slice(start, end))) {
        kind = 'html';
        tokenizer.pause();
      }
    },
    onopentagname(start, end) {
      name = head.slice(start, end);
    },
    onattribname(start, end) {
      attrName = head.slice(start, end);
      attrValue = '';
    },
    onattribdata(start, end) {
      attrValue += head.slice(start, end);
    },
    onattribentity(codepoint) {
      attrValue += String.fromCodePoint(codepoint);
    },
    onattribend() {
      if (attrName === 'xmlns') namespaces.set('', attrValue.trim());
      else if (attrName.startsWith('xmlns:')) namespaces.set(attrName.slice(6), attrValue.trim());
    },
    onopentagend: finishRoot,
    onselfclosingtag: finishRoot,
    onclosetag: noop,
    ontext: noop,
    ontextentity: noop,
    oncdata: noop,
    oncomment: noop,
    onprocessinginstruction: noop,
    onend: noop,
  };
  const tokenizer = new Tokenizer({ xmlMode: true, decodeEntities: true }, callbacks);
  tokenizer.write(head);

  if (kind === undefined || kind === 'unknown') return isHtmlContentType(contentType) ? 'html' : (kind ?? 'unknown');
  return kind;
}
