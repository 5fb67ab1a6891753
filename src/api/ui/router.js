// @ts-check
/**
 * Routing (history.pushState): `/` (the triage home, or a search with its state in the query string),
 * `/assertions/<id>`, `/actors/<id>`, `/articles/<id>`. Each page's requests are aborted when the route changes.
 */
import { showActor } from './actor.js';
import { ApiError } from './api.js';
import { showArticle } from './article.js';
import { showAssertion } from './assertions.js';
import { disconnectCharts } from './charts.js';
import { byId, displayed, el } from './dom.js';
import { showSearch } from './search.js';
import { readSearchState } from './search-state.js';
import { closeSuggestions } from './searchbox.js';
import { store } from './store.js';

export const view = () => /** @type {HTMLElement} */ (byId('view'));

/** @param {string} pathname @returns {{ name: 'actor' | 'article' | 'assertion', id: string | null } | { name: 'search' | 'not-found' }} */
export function parseRoute(pathname) {
  /** @param {string} s */
  const decode = (s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return null;
    }
  };
  let m = /^\/actors\/([^/]+)\/?$/.exec(pathname);
  if (m?.[1]) return { name: 'actor', id: decode(m[1]) };
  m = /^\/articles\/([^/]+)\/?$/.exec(pathname);
  if (m?.[1]) return { name: 'article', id: decode(m[1]) };
  m = /^\/assertions\/([^/]+)\/?$/.exec(pathname);
  if (m?.[1]) return { name: 'assertion', id: decode(m[1]) };
  if (pathname === '/' || pathname === '/index.html' || pathname === '/ui/' || pathname === '/ui/index.html') {
    return { name: 'search' };
  }
  return { name: 'not-found' };
}

/** @param {string} url @param {{ replace?: boolean, keepFocus?: boolean, keepScroll?: boolean }} [options] */
export function navigate(url, { replace = false, keepFocus = false, keepScroll = false } = {}) {
  const target = new URL(url, location.href);
  const same = target.pathname + target.search === location.pathname + location.search;
  if (replace || same) history.replaceState(null, '', target.pathname + target.search);
  else history.pushState(null, '', target.pathname + target.search);
  route({ keepFocus, keepScroll });
}

/** @param {{ keepFocus?: boolean, keepScroll?: boolean }} [options] */
export function route({ keepFocus = false, keepScroll = false } = {}) {
  closeSuggestions();
  disconnectCharts();
  store.routeController?.abort();
  store.routeController = new AbortController();
  const signal = store.routeController.signal;
  const r = parseRoute(location.pathname);
  if (!keepScroll) window.scrollTo(0, 0);
  /** @param {Promise<void>} p */
  const done = (p) =>
    p.catch((error) => {
      if (error?.name !== 'AbortError') showError(error);
    });
  if (r.name === 'search') done(showSearch(readSearchState(location.search), signal, keepFocus));
  else if (r.name === 'actor' && r.id) done(showActor(r.id, signal));
  else if (r.name === 'article' && r.id) done(showArticle(r.id, signal));
  else if (r.name === 'assertion' && r.id) done(showAssertion(r.id, signal));
  else showNotFound();
}

/** @param {string} kind @param {import('./dom.js').Child[]} children */
export function replaceView(kind, ...children) {
  const v = view();
  v.dataset.view = kind;
  v.replaceChildren(
    .../** @type {unknown[]} */ (children).flat(Number.POSITIVE_INFINITY).filter((c) => c instanceof Node),
  );
  v.removeAttribute('aria-busy');
  return v;
}

export function focusHeading() {
  const h = view().querySelector('h1');
  if (h) {
    h.setAttribute('tabindex', '-1');
    h.focus({ preventScroll: true });
  }
}

/** @param {string} kind @param {string} what */
export function loadingView(kind, what) {
  const v = replaceView(kind, el('p', { class: 'loading', role: 'status' }, el('span', { class: 'spinner' }), what));
  v.setAttribute('aria-busy', 'true');
}

/** @param {any} error */
export function showError(error) {
  const status = error instanceof ApiError ? error.status : 0;
  const title = status === 404 ? 'Not found' : status === 503 ? 'Temporarily unavailable' : 'Something went wrong';
  replaceView(
    'error',
    el(
      'section',
      { class: 'panel error-panel', role: 'alert' },
      el('h1', { text: title }),
      el('p', { text: error?.message ?? String(error) }),
      el(
        'p',
        { class: 'error-actions' },
        (status === 503 || status === 0) &&
          el('button', { type: 'button', class: 'btn btn-primary', on: { click: () => route() } }, 'Try again'),
        el('a', { href: '/', class: 'btn' }, 'Back to search'),
      ),
    ),
  );
  document.title = displayed(`${title} — claimwire`);
}

export function showNotFound() {
  showError(new ApiError(404, 'There is no page at this address.'));
}

/* ------------------------------------------------------------------------------------------------------------------ */
/* Search state ↔ URL                                                                                                 */

/** @param {URL} url */
export function isAppLink(url) {
  return url.origin === location.origin && parseRoute(url.pathname).name !== 'not-found';
}
