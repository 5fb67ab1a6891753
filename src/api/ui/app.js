// @ts-check
/**
 * claimwire web UI: native ES modules, no build step and no dependencies, nothing from the network but this server's
 * API. This module starts it: the search box, in-app links and the back button. Views live in their own modules
 * (search.js, assertions.js, home.js, actor.js, article.js); their state in store.js; DOM helpers (the only way the UI
 * creates nodes, never `innerHTML`) in dom.js.
 */
import { isAppLink, navigate, route, view } from './router.js';
import { setupSearchBox } from './searchbox.js';

function start() {
  setupSearchBox();
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = e.target instanceof Element ? e.target.closest('a') : null;
    if (!a || a.hasAttribute('download') || (a.getAttribute('target') ?? '') !== '') return;
    const href = a.getAttribute('href');
    if (!href || href.startsWith('#')) return;
    const url = new URL(href, location.href);
    if (!isAppLink(url)) return;
    e.preventDefault();
    const keep = url.pathname === '/' && location.pathname === '/' && view().dataset.view === 'search';
    navigate(url.pathname + url.search, { keepScroll: keep, keepFocus: keep });
  });
  window.addEventListener('popstate', () => route());
  route();
}

start();
