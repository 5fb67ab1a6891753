// @ts-check
/**
 * DOM helpers: the only way the UI creates nodes.
 *
 * Security: quotes, titles and article text come from arbitrary web pages. Every piece of data reaches the page through
 * `textContent`, text nodes or attribute setters — never `innerHTML` — and external links are only ever http(s). The
 * page runs under a strict Content-Security-Policy, so there are no inline scripts or `style` attributes either:
 * widths and colours come from classes, charts from SVG presentation attributes.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

/** @typedef {Node | string | number | null | undefined | false | Child[]} Child */
/** @typedef {Record<string, any>} Props */

/**
 * Bidi controls (U+202E and kin, as in src/export/bidi.ts) would show stored text in another order ("APT29 exe.png
 * report"); every string the app displays passes here, and each becomes U+FFFD, one unit for one, so offsets hold.
 */
export const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** @param {unknown} value */
export const displayed = (value) => String(value).replace(BIDI_CONTROLS, '\uFFFD');

/** @param {Element} node @param {Props | null | undefined} props */
function applyProps(node, props) {
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    else if (key === 'text') node.textContent = displayed(value);
    else if (key === 'on') for (const [type, fn] of Object.entries(value)) node.addEventListener(type, fn);
    else if (key === 'style' || key === 'innerHTML' || /^on/i.test(key)) throw new Error(`refusing to set ${key}`);
    else node.setAttribute(key, value === true ? '' : displayed(value));
  }
}

/** @param {Element} node @param {Child[]} children */
function appendChildren(node, children) {
  for (const child of /** @type {unknown[]} */ (children).flat(Number.POSITIVE_INFINITY)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : displayed(child));
  }
}

/** An HTML element; strings among the children become text nodes. */
/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag @param {Props | null} [props] @param {Child[]} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, props, ...children) {
  const node = document.createElement(tag);
  applyProps(node, props);
  appendChildren(node, children);
  return node;
}

/** An SVG element. */
/** @param {string} tag @param {Props | null} [props] @param {Child[]} children @returns {SVGElement} */
export function svg(tag, props, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  applyProps(node, props);
  appendChildren(node, children);
  return node;
}

/** @param {string} id @returns {any} an element of the page shell (index.html), which always has it */
export const byId = (id) => document.getElementById(id);

/** An http(s) URL or null: `javascript:` and friends never reach an href. */
/** @param {unknown} raw @returns {string | null} */
export function safeHref(raw) {
  if (typeof raw !== 'string' || raw === '') return null;
  try {
    const url = new URL(raw, location.href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** @param {unknown} href @param {Props | null} props @param {Child[]} children */
export function externalLink(href, props, ...children) {
  const safe = safeHref(href);
  if (!safe) {
    return el('span', { class: [props?.class, 'is-unlinked'], title: 'No http(s) address to link to' }, ...children);
  }
  return el('a', { ...props, href: safe, target: '_blank', rel: 'noopener noreferrer' }, ...children);
}

/** @param {string} id */
export const actorPath = (id) => `/actors/${encodeURIComponent(id)}`;
/** @param {string} id */
export const articlePath = (id) => `/articles/${encodeURIComponent(id)}`;
/** @param {string} id */
export const assertionPath = (id) => `/assertions/${encodeURIComponent(id)}`;
