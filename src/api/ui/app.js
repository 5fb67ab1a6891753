/**
 * claimwire web UI: one plain ES module, no dependencies, nothing from the network but this server's API.
 *
 * Security: quotes, titles and article text come from arbitrary web pages. Every piece of data reaches the page through
 * `textContent`, text nodes or attribute setters — never `innerHTML` — and external links are only ever http(s). The
 * page runs under a strict Content-Security-Policy, so there are no inline scripts or `style` attributes either:
 * widths and colours come from classes, charts from SVG presentation attributes.
 *
 * Routes (history.pushState): `/` (search, state in the query string), `/actors/<id>`, `/articles/<id>`.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

const PREDICATES = {
  'targets-sector': { label: 'Targets sector', phrase: 'targets sector', denied: 'does not target sector' },
  'targets-country': { label: 'Targets country', phrase: 'targets country', denied: 'does not target country' },
  'sponsored-by': { label: 'Sponsored by', phrase: 'is sponsored by', denied: 'is not sponsored by' },
  'reported-by': { label: 'Reported by', phrase: 'is reported by', denied: 'is not reported by' },
  'active-since': { label: 'Active since', phrase: 'active since', denied: 'not active since' },
  statistic: { label: 'Statistic', phrase: 'statistic:', denied: 'statistic (denied):' },
};

const SPAN_KINDS = ['actor', 'vendor', 'sector', 'country', 'date', 'percentage'];
const KIND_LABELS = {
  actor: 'Threat actor',
  vendor: 'Vendor',
  sector: 'Sector',
  country: 'Country',
  date: 'Date',
  percentage: 'Percentage',
};
const ACTOR_KINDS = {
  state: 'State-sponsored',
  criminal: 'Criminal',
  hacktivist: 'Hacktivist',
  unknown: 'Unattributed',
};
const FACET_GROUPS = [
  { key: 'predicate', title: 'Claim type' },
  { key: 'sector', title: 'Sector' },
  { key: 'country', title: 'Country' },
  { key: 'vendor', title: 'Reported by' },
  { key: 'month', title: 'Published' },
];
const REPEATABLE = ['predicate', 'sector', 'country', 'vendor'];
const FACET_PREVIEW = 8;
const PAGE_SIZE = 20;
const SUGGEST_DELAY_MS = 150;

/* ------------------------------------------------------------------------------------------------------------------ */
/* DOM helpers: the only way this file creates nodes.                                                                 */

/**
 * Bidi controls (U+202E and kin, as in src/export/bidi.ts) would show stored text in another order ("APT29 exe.png
 * report"); every string the app displays passes here, and each becomes U+FFFD, one unit for one, so offsets hold.
 */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const displayed = (value) => String(value).replace(BIDI_CONTROLS, '\uFFFD');

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

function appendChildren(node, children) {
  for (const child of children.flat(Number.POSITIVE_INFINITY)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : displayed(child));
  }
}

/** An HTML element; strings among the children become text nodes. */
function el(tag, props, ...children) {
  const node = document.createElement(tag);
  applyProps(node, props);
  appendChildren(node, children);
  return node;
}

/** An SVG element. */
function svg(tag, props, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  applyProps(node, props);
  appendChildren(node, children);
  return node;
}

const byId = (id) => document.getElementById(id);

/** An http(s) URL or null: `javascript:` and friends never reach an href. */
function safeHref(raw) {
  if (typeof raw !== 'string' || raw === '') return null;
  try {
    const url = new URL(raw, location.href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function externalLink(href, props, ...children) {
  const safe = safeHref(href);
  if (!safe) {
    return el('span', { class: [props?.class, 'is-unlinked'], title: 'No http(s) address to link to' }, ...children);
  }
  return el('a', { ...props, href: safe, target: '_blank', rel: 'noopener noreferrer' }, ...children);
}

const actorPath = (id) => `/actors/${encodeURIComponent(id)}`;
const articlePath = (id) => `/articles/${encodeURIComponent(id)}`;

/* ------------------------------------------------------------------------------------------------------------------ */
/* Names and formatting                                                                                               */

const knownNames = { vendor: new Map(), sector: new Map(), country: new Map(), actor: new Map() };

function learnName(kind, id, name) {
  if (knownNames[kind] && typeof id === 'string' && typeof name === 'string' && name) knownNames[kind].set(id, name);
}

let regionNames = null;
try {
  regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
} catch {
  regionNames = null;
}

function humanize(id) {
  const words = String(id).replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function nameOf(kind, id) {
  const known = knownNames[kind]?.get(id);
  if (known) return known;
  if (kind === 'country' && /^[A-Za-z]{2}$/.test(id) && regionNames) {
    try {
      return regionNames.of(id.toUpperCase()) ?? id;
    } catch {
      return id;
    }
  }
  if (kind === 'predicate') return PREDICATES[id]?.label ?? humanize(id);
  if (kind === 'month') return formatDate(id);
  return humanize(id);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2020-11-17` → "17 Nov 2020", `2020-11` → "Nov 2020", `2020` → "2020". */
function formatDate(iso) {
  if (typeof iso !== 'string') return '';
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(iso);
  if (!m) return iso;
  const month = m[2] ? MONTHS[Number(m[2]) - 1] : null;
  if (!month) return m[1];
  return m[3] ? `${Number(m[3])} ${month} ${m[1]}` : `${month} ${m[1]}`;
}

function timeEl(iso, props) {
  if (!iso) return el('span', { class: ['muted', props?.class] }, 'undated');
  return el('time', { ...props, datetime: iso }, formatDate(iso));
}

const plural = (n, one, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

function learnFromClaims(claims) {
  for (const c of claims ?? []) {
    if (c.object?.kind) learnName(c.object.kind, c.object.id, c.object.name);
    if (c.subject) learnName('actor', c.subject.id, c.subject.name);
  }
}

/* ------------------------------------------------------------------------------------------------------------------ */
/* API                                                                                                                */

class ApiError extends Error {
  constructor(status, message, retryAfter) {
    super(message);
    this.status = status;
    this.retryAfter = retryAfter;
  }
}

async function apiGet(path, params, signal) {
  const query = params?.toString();
  let res;
  try {
    res = await fetch(query ? `${path}?${query}` : path, { headers: { accept: 'application/json' }, signal });
  } catch (error) {
    if (error?.name === 'AbortError') throw error;
    throw new ApiError(0, 'The claimwire server cannot be reached. Check that it is running, then try again.');
  }
  let body = null;
  if (/json/.test(res.headers.get('content-type') ?? '')) {
    try {
      body = await res.json();
    } catch {
      body = null;
    }
  }
  if (res.ok || (res.status === 300 && body?.ambiguous)) return { status: res.status, body };
  const retryAfter = res.headers.get('retry-after');
  let message = body?.detail || body?.title || `The server answered ${res.status}.`;
  if (res.status === 503) {
    const detail = body?.detail ?? 'A service claimwire needs is down';
    message = `${detail.charAt(0).toUpperCase()}${detail.slice(1)}.${retryAfter ? ` Retry in ${retryAfter} s.` : ''}`;
  } else if (res.status >= 500) {
    message = 'Something went wrong on the server. The error has been logged.';
  }
  throw new ApiError(res.status, message, retryAfter);
}

/* ------------------------------------------------------------------------------------------------------------------ */
/* Routing                                                                                                            */

const view = () => byId('view');
let routeController = null;

function parseRoute(pathname) {
  const decode = (s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return null;
    }
  };
  let m = /^\/actors\/([^/]+)\/?$/.exec(pathname);
  if (m) return { name: 'actor', id: decode(m[1]) };
  m = /^\/articles\/([^/]+)\/?$/.exec(pathname);
  if (m) return { name: 'article', id: decode(m[1]) };
  if (pathname === '/' || pathname === '/index.html' || pathname === '/ui/' || pathname === '/ui/index.html') {
    return { name: 'search' };
  }
  return { name: 'not-found' };
}

function navigate(url, { replace = false, keepFocus = false, keepScroll = false } = {}) {
  const target = new URL(url, location.href);
  const same = target.pathname + target.search === location.pathname + location.search;
  if (replace || same) history.replaceState(null, '', target.pathname + target.search);
  else history.pushState(null, '', target.pathname + target.search);
  route({ keepFocus, keepScroll });
}

function route({ keepFocus = false, keepScroll = false } = {}) {
  closeSuggestions();
  disconnectCharts();
  routeController?.abort();
  routeController = new AbortController();
  const signal = routeController.signal;
  const r = parseRoute(location.pathname);
  if (!keepScroll) window.scrollTo(0, 0);
  const done = (p) =>
    p.catch((error) => {
      if (error?.name !== 'AbortError') showError(error);
    });
  if (r.name === 'search') done(showSearch(readSearchState(location.search), signal, keepFocus));
  else if (r.name === 'actor' && r.id) done(showActor(r.id, signal));
  else if (r.name === 'article' && r.id) done(showArticle(r.id, signal));
  else showNotFound();
}

function replaceView(kind, ...children) {
  const v = view();
  v.dataset.view = kind;
  v.replaceChildren(...children);
  v.removeAttribute('aria-busy');
  return v;
}

function focusHeading() {
  const h = view().querySelector('h1');
  if (h) {
    h.setAttribute('tabindex', '-1');
    h.focus({ preventScroll: true });
  }
}

function loadingView(kind, what) {
  const v = replaceView(kind, el('p', { class: 'loading', role: 'status' }, el('span', { class: 'spinner' }), what));
  v.setAttribute('aria-busy', 'true');
}

function showError(error) {
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

function showNotFound() {
  showError(new ApiError(404, 'There is no page at this address.'));
}

/* ------------------------------------------------------------------------------------------------------------------ */
/* Search state ↔ URL                                                                                                 */

function readSearchState(search) {
  const p = new URLSearchParams(search);
  const one = (k) => (p.get(k) ?? '').trim();
  const state = { entity: one('entity'), from: one('from'), to: one('to'), hedged: one('hedged'), q: one('q') };
  state.negated = one('negated');
  for (const k of REPEATABLE)
    state[k] = [
      ...new Set(
        p
          .getAll(k)
          .flatMap((v) => v.split(','))
          .filter(Boolean),
      ),
    ];
  state.all = p.has('all');
  return state;
}

const emptyState = () => readSearchState('');

/** The API's parameters for a state (never UI-only ones: the API rejects unknown parameters). */
function apiParams(state) {
  const p = new URLSearchParams();
  if (state.entity) p.set('entity', state.entity);
  for (const k of REPEATABLE) for (const v of state[k]) p.append(k, v);
  if (state.from) p.set('from', state.from);
  if (state.to) p.set('to', state.to);
  if (state.hedged === 'true' || state.hedged === 'false') p.set('hedged', state.hedged);
  if (state.negated === 'true' || state.negated === 'any') p.set('negated', state.negated);
  if (state.q) p.set('q', state.q);
  return p;
}

function searchUrl(state) {
  const p = apiParams(state);
  const query = p.toString();
  if (query) return `/?${query}`;
  return state.all ? '/?all' : '/';
}

const hasSearch = (state) => state.all || apiParams(state).toString() !== '';

/* ------------------------------------------------------------------------------------------------------------------ */
/* Autocompletion (WAI-ARIA combobox with a listbox popup)                                                            */

const suggest = { items: [], active: -1, timer: 0, controller: null };

function suggestionsOpen() {
  return !byId('suggestions').hidden;
}

function closeSuggestions() {
  const list = byId('suggestions');
  const input = byId('search-input');
  if (!list || !input) return;
  clearTimeout(suggest.timer);
  suggest.controller?.abort();
  list.hidden = true;
  list.replaceChildren();
  suggest.items = [];
  suggest.active = -1;
  input.setAttribute('aria-expanded', 'false');
  input.removeAttribute('aria-activedescendant');
}

function setActiveSuggestion(index) {
  const list = byId('suggestions');
  const input = byId('search-input');
  suggest.active = index;
  for (const [i, li] of [...list.children].entries()) {
    const on = i === index;
    li.setAttribute('aria-selected', on ? 'true' : 'false');
    li.classList.toggle('is-active', on);
    if (on) {
      input.setAttribute('aria-activedescendant', li.id);
      li.scrollIntoView({ block: 'nearest' });
    }
  }
  if (index < 0) input.removeAttribute('aria-activedescendant');
}

function renderSuggestions(typed, actors) {
  const list = byId('suggestions');
  const input = byId('search-input');
  suggest.items = actors;
  suggest.active = -1;
  if (actors.length === 0) {
    closeSuggestions();
    return;
  }
  const lower = typed.toLowerCase();
  list.replaceChildren(
    ...actors.map((a, i) => {
      const matched = a.matched || a.name;
      const matchNode = matched.toLowerCase().startsWith(lower)
        ? [el('mark', {}, matched.slice(0, typed.length)), matched.slice(typed.length)]
        : [matched];
      const isCanonical = matched === a.name;
      return el(
        'li',
        {
          id: `suggestion-${i}`,
          role: 'option',
          class: 'suggestion',
          'aria-selected': 'false',
          on: {
            mousedown: (e) => e.preventDefault(),
            click: () => pickSuggestion(i),
            mousemove: () => suggest.active !== i && setActiveSuggestion(i),
          },
        },
        el('span', { class: 'sugg-alias' }, ...matchNode),
        isCanonical
          ? el('span', { class: 'sugg-note' }, 'canonical name')
          : [
              el('span', { class: 'sugg-arrow', 'aria-hidden': 'true' }, ' → '),
              el('span', { class: 'sugg-name' }, a.name),
            ],
        el('span', { class: 'visually-hidden' }, isCanonical ? '' : `, alias of ${a.name}`),
      );
    }),
  );
  list.hidden = false;
  input.setAttribute('aria-expanded', 'true');
}

async function fetchSuggestions(typed) {
  suggest.controller?.abort();
  const controller = new AbortController();
  suggest.controller = controller;
  try {
    const { body } = await apiGet('/v1/actors', new URLSearchParams({ prefix: typed, limit: '8' }), controller.signal);
    if (controller.signal.aborted || byId('search-input').value.trim() !== typed) return;
    for (const a of body?.actors ?? []) learnName('actor', a.id, a.name);
    renderSuggestions(typed, body?.actors ?? []);
  } catch (error) {
    if (error?.name !== 'AbortError') closeSuggestions();
  }
}

function pickSuggestion(index) {
  const actor = suggest.items[index];
  if (!actor) return;
  const input = byId('search-input');
  input.value = actor.name;
  closeSuggestions();
  // The actor's id is exact; an alias could name several actors.
  navigate(searchUrl({ ...emptyState(), entity: actor.id }), { keepFocus: true });
}

function setupSearchBox() {
  const input = byId('search-input');
  const form = byId('search-form');

  input.addEventListener('input', () => {
    clearTimeout(suggest.timer);
    const typed = input.value.trim();
    if (!typed) {
      closeSuggestions();
      return;
    }
    suggest.timer = setTimeout(() => fetchSuggestions(typed), SUGGEST_DELAY_MS);
  });

  input.addEventListener('keydown', (e) => {
    const open = suggestionsOpen();
    const n = suggest.items.length;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (open) setActiveSuggestion((suggest.active + 1) % n);
      else if (input.value.trim()) fetchSuggestions(input.value.trim());
    } else if (e.key === 'ArrowUp') {
      if (!open) return;
      e.preventDefault();
      setActiveSuggestion(suggest.active <= 0 ? n - 1 : suggest.active - 1);
    } else if (e.key === 'Enter') {
      if (open && suggest.active >= 0) {
        e.preventDefault();
        pickSuggestion(suggest.active);
      }
    } else if (e.key === 'Escape') {
      if (open) {
        e.preventDefault();
        closeSuggestions();
      }
    } else if (e.key === 'Tab') {
      closeSuggestions();
    }
  });

  input.addEventListener('blur', () => setTimeout(closeSuggestions, 100));

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    closeSuggestions();
    const entity = input.value.trim();
    navigate(searchUrl({ ...emptyState(), entity, all: !entity }), { keepFocus: true });
  });
}

/* ------------------------------------------------------------------------------------------------------------------ */
/* Highlighting                                                                                                       */

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Text with the given terms wrapped in <mark>. `whole` terms match as whole words (aliases); the others match from a
 * word start to the end of that word ("Japan" marks "Japanese").
 */
function highlighted(text, terms) {
  const ranges = [];
  for (const { term, cls, whole } of terms) {
    if (typeof term !== 'string' || term.trim().length < 2) continue;
    const tail = whole ? '(?![\\p{L}\\p{N}])' : '\\p{L}*';
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(term.trim())}${tail}`, 'giu');
    for (const m of text.matchAll(re)) ranges.push({ start: m.index, end: m.index + m[0].length, cls });
  }
  ranges.sort((a, b) => a.start - b.start || b.end - a.end);
  const out = [];
  let at = 0;
  for (const r of ranges) {
    if (r.start < at) continue;
    if (r.start > at) out.push(text.slice(at, r.start));
    out.push(el('mark', { class: r.cls }, text.slice(r.start, r.end)));
    at = r.end;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

/* ------------------------------------------------------------------------------------------------------------------ */
/* Claim cards                                                                                                        */

function claimValueText(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return /^\d{4}(-\d{2}){0,2}$/.test(value) ? formatDate(value) : value;
  if (typeof value === 'object' && typeof value.percent === 'number') {
    return `${value.percent}%${value.of ? ` of ${value.of}` : ''}`;
  }
  return String(value);
}

function claimStatement(claim) {
  const p = PREDICATES[claim.predicate];
  const phrase = p ? (claim.negated ? p.denied : p.phrase) : claim.predicate;
  const subject = claim.subject?.id
    ? el('a', { href: actorPath(claim.subject.id), class: 'subject' }, claim.subject.name)
    : el('span', { class: 'subject' }, claim.subject?.name ?? 'Unknown actor');
  const object = claim.object
    ? el('strong', { class: `object object-${claim.object.kind === 'vendor' ? 'vendor' : 'place'}` }, claim.object.name)
    : el('strong', { class: 'object' }, claimValueText(claim.value));
  return el('p', { class: 'claim-statement' }, subject, ` ${phrase} `, object);
}

function badge(kind, text, title) {
  return el('span', { class: `badge badge-${kind}`, title }, text);
}

/** One claim as a card; `aliases` are the actor names to highlight in the quote. */
function claimCard(claim, { aliases = [], citeTarget = null } = {}) {
  const subjectNames = [...new Set([...(aliases ?? []), ...(claim.subject?.aliases ?? []), claim.subject?.name])];
  const terms = subjectNames.map((term) => ({ term, cls: 'hl-actor', whole: true }));
  if (claim.object?.name) terms.push({ term: claim.object.name, cls: 'hl-object', whole: false });
  const quote = claim.citation?.quote ?? '';
  const article = claim.article ?? {};
  const vendors = (claim.reportedBy ?? []).map((id) => nameOf('vendor', id));
  const sourceUrl = claim.citation?.url || article.url;

  return el(
    'article',
    { class: ['claim-card', claim.negated && 'is-negated', claim.hedged && 'is-hedged'], 'data-claim': claim.id },
    el(
      'header',
      { class: 'claim-head' },
      claimStatement(claim),
      el(
        'div',
        { class: 'badges' },
        claim.hedged && badge('hedged', 'Hedged', 'The source hedges this claim (suspected, likely, possibly…)'),
        claim.negated && badge('negated', 'Negated', 'The source denies or rules out this claim'),
      ),
    ),
    el('blockquote', { class: 'quote', cite: safeHref(sourceUrl) }, el('p', {}, ...highlighted(quote, terms))),
    el(
      'footer',
      { class: 'claim-meta' },
      el(
        'p',
        { class: 'meta-line' },
        el('span', { class: 'publisher' }, article.publisher || 'Unknown publisher'),
        el('span', { class: 'sep', 'aria-hidden': 'true' }, '·'),
        timeEl(article.published, { class: 'published' }),
        vendors.length > 0 && [
          el('span', { class: 'sep', 'aria-hidden': 'true' }, '·'),
          el('span', { class: 'credited' }, el('span', { class: 'muted' }, 'Reported by: '), vendors.join(', ')),
        ],
      ),
      el(
        'p',
        { class: 'link-line' },
        article.id
          ? el('a', { href: articlePath(article.id), class: 'article-link' }, article.title || 'Untitled article')
          : el('span', { class: 'article-link' }, article.title || 'Untitled article'),
        citeTarget,
        externalLink(
          sourceUrl,
          { class: 'source-link', 'aria-label': `Source: ${article.title || sourceUrl} (opens in a new tab)` },
          'Source',
          el('span', { class: 'ext', 'aria-hidden': 'true' }, ' ↗'),
        ),
      ),
    ),
  );
}

/* ------------------------------------------------------------------------------------------------------------------ */
/* Search page                                                                                                        */

const search = { state: null, claims: [], total: 0, next: null, resolved: null };

function showHome() {
  const examples = ['Stone Panda', 'Cicada', 'menuPass', 'APT 10', 'Winnti', 'Symantec', 'pharmaceutical', 'Japan'];
  replaceView(
    'home',
    el(
      'section',
      { class: 'hero' },
      el('h1', {}, 'Cited claims about threat actors'),
      el(
        'p',
        { class: 'lede' },
        'Search what CTI reporting says about an actor by any of its names — vendors coin different aliases for the same group. Every claim links to the sentence it came from.',
      ),
      el(
        'div',
        { class: 'examples' },
        el('span', { class: 'muted' }, 'Try: '),
        examples.map((x) => el('a', { class: 'chip chip-link', href: searchUrl({ ...emptyState(), entity: x }) }, x)),
      ),
      el('p', {}, el('a', { href: '/?all', class: 'btn' }, 'Browse all claims')),
    ),
  );
  document.title = 'claimwire — cited threat-actor claims';
}

function ensureSearchLayout() {
  const v = view();
  if (v.dataset.view === 'search' && byId('results')) return;
  replaceView(
    'search',
    el(
      'div',
      { class: 'search-layout' },
      el(
        'aside',
        { class: 'sidebar', 'aria-labelledby': 'filters-title' },
        el('h2', { id: 'filters-title', class: 'sidebar-title' }, 'Refine'),
        el('div', { id: 'refine' }),
        el('div', { id: 'facets' }),
      ),
      el(
        'section',
        { id: 'results', class: 'results', 'aria-labelledby': 'results-title' },
        el('div', { id: 'resolved' }),
        el(
          'div',
          { class: 'results-bar' },
          el('p', { id: 'result-status', class: 'result-status', 'aria-live': 'polite', 'aria-atomic': 'true' }),
          el('div', { id: 'exports', class: 'exports' }),
          el('a', { href: '#filters-title', class: 'narrow-only jump-to-filters' }, 'Filters ↓'),
        ),
        el('div', { id: 'chips', class: 'chips' }),
        el('div', { id: 'cards', class: 'cards' }),
        el('div', { id: 'more', class: 'more' }),
      ),
    ),
  );
}

async function showSearch(state, signal, keepFocus) {
  const input = byId('search-input');
  if (!hasSearch(state)) {
    input.value = '';
    showHome();
    if (!keepFocus) input.focus();
    return;
  }
  if (document.activeElement !== input || !keepFocus) input.value = knownNames.actor.get(state.entity) ?? state.entity;
  const focusKey = document.activeElement?.dataset?.focusKey;
  const focusWasLost = !keepFocus || document.activeElement?.closest?.('#chips');
  ensureSearchLayout();
  search.state = state;
  const results = byId('results');
  results.setAttribute('aria-busy', 'true');
  results.classList.add('is-loading');
  byId('result-status').textContent = 'Searching…';
  renderRefine(state);
  renderChips(state);

  let res;
  try {
    res = await apiGet('/v1/claims', withSize(apiParams(state)), signal);
  } finally {
    if (!signal.aborted) {
      results.removeAttribute('aria-busy');
      results.classList.remove('is-loading');
    }
  }
  if (signal.aborted) return;

  if (res.status === 300) {
    renderAmbiguous(state, res.body);
  } else {
    const body = res.body;
    learnFromClaims(body.claims);
    for (const g of ['sector', 'country', 'vendor'])
      for (const b of body.facets?.[g] ?? []) learnName(g, b.key, b.name);
    if (body.resolved) learnName(body.resolved.kind, body.resolved.id, body.resolved.name);
    Object.assign(search, { claims: body.claims, total: body.total, next: body.next, resolved: body.resolved });
    if (body.resolved && state.entity === body.resolved.id && document.activeElement !== input) {
      input.value = body.resolved.name;
    }
    renderResolved(state, body.resolved);
    renderFacets(state, body.facets);
    renderChips(state);
    renderExports(state);
    byId('cards').replaceChildren(...body.claims.map((c) => claimCard(c, { aliases: body.resolved?.aliases })));
    if (body.claims.length === 0) byId('cards').append(emptyResults(state));
    renderStatus();
    renderMore();
  }
  document.title = displayed(`${state.entity ? (search.resolved?.name ?? state.entity) : 'All claims'} — claimwire`);
  const again = focusKey && document.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`);
  if (again) again.focus();
  else if (focusWasLost && document.activeElement === document.body) {
    const title = byId('results-title');
    title?.setAttribute('tabindex', '-1');
    title?.focus({ preventScroll: true });
  }
}

function withSize(params) {
  params.set('size', String(PAGE_SIZE));
  return params;
}

function emptyResults(state) {
  const filtered = REPEATABLE.some((k) => state[k].length) || state.from || state.to || state.q || state.hedged;
  return el(
    'div',
    { class: 'empty' },
    el('h2', {}, 'No claims match'),
    el(
      'p',
      {},
      filtered
        ? 'Remove a filter to widen the search.'
        : 'No indexed article makes a claim about this name yet. Check the spelling, or try another alias.',
    ),
  );
}

function renderStatus() {
  const shown = search.claims.length;
  const subject = search.resolved
    ? ` about ${search.resolved.name}`
    : search.state?.entity
      ? ` for “${search.state.entity}”`
      : '';
  const text =
    search.total === 0
      ? `No claims${subject}`
      : shown < search.total
        ? `Showing ${shown.toLocaleString('en')} of ${plural(search.total, 'claim')}${subject}`
        : `${plural(search.total, 'claim')}${subject}`;
  byId('result-status').textContent = displayed(text);
}

function renderMore() {
  const more = byId('more');
  if (!search.next) {
    more.replaceChildren();
    return;
  }
  const remaining = search.total - search.claims.length;
  const button = el(
    'button',
    { type: 'button', class: 'btn btn-wide', id: 'load-more' },
    `Load ${Math.min(PAGE_SIZE, remaining > 0 ? remaining : PAGE_SIZE)} more`,
  );
  button.addEventListener('click', () => loadMore(button));
  more.replaceChildren(button);
}

async function loadMore(button) {
  const state = search.state;
  const cursor = search.next;
  if (!cursor) return;
  button.disabled = true;
  button.textContent = 'Loading…';
  const signal = routeController?.signal;
  try {
    const params = withSize(apiParams(state));
    params.set('cursor', cursor);
    const { body } = await apiGet('/v1/claims', params, signal);
    if (signal?.aborted || search.state !== state) return;
    learnFromClaims(body.claims);
    search.claims = [...search.claims, ...body.claims];
    search.next = body.next;
    const cards = body.claims.map((c) => claimCard(c, { aliases: search.resolved?.aliases }));
    byId('cards').append(...cards);
    renderStatus();
    renderMore();
    if (cards[0]) {
      cards[0].setAttribute('tabindex', '-1');
      cards[0].focus();
    }
  } catch (error) {
    if (error?.name === 'AbortError') return;
    button.disabled = false;
    button.textContent = 'Load more';
    byId('more').append(el('p', { class: 'inline-error', role: 'alert' }, error.message));
  }
}

function renderResolved(state, resolved) {
  const box = byId('resolved');
  if (!state.entity) {
    box.replaceChildren(el('h1', { id: 'results-title', class: 'results-title' }, 'All claims'));
    return;
  }
  if (!resolved) {
    box.replaceChildren(
      el('h1', { id: 'results-title', class: 'results-title' }, `“${state.entity}”`),
      el(
        'p',
        { class: 'resolved-note' },
        'No catalog entry has this name; showing claims whose articles used it for an actor.',
      ),
    );
    return;
  }
  const others = resolved.aliases.filter((a) => a !== resolved.name);
  const shownAliases = others.slice(0, 8);
  box.replaceChildren(
    el(
      'div',
      { class: 'resolved' },
      el(
        'div',
        { class: 'resolved-main' },
        el('span', { class: 'kicker' }, KIND_LABELS[resolved.kind] ?? humanize(resolved.kind)),
        el('h1', { id: 'results-title', class: 'results-title' }, resolved.name),
        shownAliases.length > 0 &&
          el(
            'p',
            { class: 'aliases-line' },
            el('span', { class: 'muted' }, 'Also known as '),
            shownAliases.map((a, i) => [i > 0 && ', ', el('span', { class: 'alias' }, a)]),
            others.length > shownAliases.length && el('span', { class: 'muted' }, ` and ${others.length - 8} more`),
          ),
      ),
      resolved.kind === 'actor' &&
        el(
          'a',
          { class: 'btn', href: actorPath(resolved.id) },
          'Actor profile',
          el('span', { 'aria-hidden': 'true' }, ' →'),
        ),
    ),
  );
}

function renderAmbiguous(state, body) {
  search.resolved = null;
  byId('resolved').replaceChildren(
    el('h1', { id: 'results-title', class: 'results-title' }, `“${body.query}” could mean several entities`),
  );
  byId('result-status').textContent = displayed(
    `“${body.query}” is ambiguous: choose one of ${body.candidates.length} candidates`,
  );
  byId('exports').replaceChildren();
  byId('facets').replaceChildren();
  byId('more').replaceChildren();
  byId('cards').replaceChildren(
    el(
      'div',
      { class: 'candidates', role: 'group', 'aria-labelledby': 'results-title' },
      el('p', { class: 'muted' }, 'Vendors sometimes use one name for different groups. Which did you mean?'),
      el(
        'ul',
        { class: 'candidate-list' },
        body.candidates.map((c) =>
          el(
            'li',
            {},
            el(
              'a',
              { class: 'candidate', href: searchUrl({ ...state, entity: c.id }), 'data-candidate': c.id },
              el('span', { class: 'candidate-name' }, c.name),
              el('span', { class: 'kicker' }, KIND_LABELS[c.kind] ?? c.kind),
              el(
                'span',
                { class: 'candidate-aliases' },
                c.aliases
                  .filter((a) => a !== c.name)
                  .slice(0, 10)
                  .join(' · '),
              ),
            ),
          ),
        ),
      ),
    ),
  );
  for (const c of body.candidates) learnName('actor', c.id, c.name);
}

function renderExports(state) {
  const link = (format, label, ext) => {
    const p = apiParams(state);
    p.set('format', format);
    return el(
      'a',
      { class: 'export', href: `/v1/claims?${p}`, download: `claims.${ext}`, 'data-format': format },
      label,
    );
  };
  byId('exports').replaceChildren(
    el('span', { class: 'muted' }, 'Export'),
    link('csv', 'CSV', 'csv'),
    link('jsonl', 'JSON Lines', 'jsonl'),
    link('stix', 'STIX 2.1', 'stix.json'),
  );
}

/* Filters: facet buttons, refine controls, chips ------------------------------------------------------------------- */

function isActive(state, group, key) {
  if (group === 'month') return state.from === key && state.to === key;
  return state[group]?.includes(key) ?? false;
}

function toggled(state, group, key) {
  const next = { ...state, all: false };
  if (group === 'month') {
    const on = isActive(state, group, key);
    next.from = on ? '' : key;
    next.to = on ? '' : key;
  } else {
    next[group] = state[group].includes(key) ? state[group].filter((v) => v !== key) : [...state[group], key];
  }
  if (!hasSearch(next)) next.all = true;
  return next;
}

function applyState(next) {
  navigate(searchUrl(next), { keepFocus: true, keepScroll: true });
}

function renderFacets(state, facets) {
  const box = byId('facets');
  const groups = FACET_GROUPS.map(({ key, title }) => {
    let buckets = [...(facets?.[key] ?? [])];
    if (key === 'month') buckets.sort((a, b) => (a.key < b.key ? 1 : -1));
    // An active value the current results no longer count stays visible, so it can be switched off here too.
    const extra = (key === 'month' ? (state.from && state.from === state.to ? [state.from] : []) : state[key]).filter(
      (v) => !buckets.some((b) => b.key === v),
    );
    buckets = [...extra.map((k) => ({ key: k, count: 0 })), ...buckets];
    if (buckets.length === 0) return null;
    const max = Math.max(1, ...buckets.map((b) => b.count));
    const id = `facet-${key}`;
    const items = buckets.map((b, i) => {
      const active = isActive(state, key, b.key);
      const label = b.name || nameOf(key, b.key);
      const fill = Math.round((b.count / max) * 10);
      return el(
        'li',
        { class: i >= FACET_PREVIEW && !active ? 'is-overflow' : null },
        el(
          'button',
          {
            type: 'button',
            class: ['facet', `fill-${fill}`],
            'aria-pressed': active ? 'true' : 'false',
            'data-facet': key,
            'data-key': b.key,
            'data-focus-key': `facet:${key}:${b.key}`,
            on: { click: () => applyState(toggled(search.state ?? state, key, b.key)) },
          },
          el('span', { class: 'facet-label' }, label),
          el('span', { class: 'facet-count' }, b.count.toLocaleString('en')),
        ),
      );
    });
    const list = el('ul', { class: 'facet-list', id: `${id}-list` }, items);
    const overflow = items.filter((li) => li.classList.contains('is-overflow')).length;
    let toggle = null;
    if (overflow > 0) {
      toggle = el(
        'button',
        { type: 'button', class: 'linklike facet-more', 'aria-expanded': 'false', 'aria-controls': `${id}-list` },
        `Show ${overflow} more`,
      );
      toggle.addEventListener('click', () => {
        const open = list.classList.toggle('is-expanded');
        toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
        toggle.textContent = open ? 'Show fewer' : `Show ${overflow} more`;
      });
    }
    return el(
      'section',
      { class: 'facet-group', 'aria-labelledby': `${id}-title` },
      el('h3', { id: `${id}-title`, class: 'facet-title' }, title),
      list,
      toggle,
    );
  }).filter(Boolean);
  box.replaceChildren(...groups);
}

function renderRefine(state) {
  const select = (name, label, options, value) => {
    const id = `refine-${name}`;
    const s = el(
      'select',
      { id, name, 'data-focus-key': `refine:${name}` },
      options.map(([v, text]) => el('option', { value: v, selected: v === value }, text)),
    );
    s.addEventListener('change', () => applyState({ ...(search.state ?? state), [name]: s.value }));
    return el('div', { class: 'field' }, el('label', { for: id }, label), s);
  };
  const q = el('input', {
    id: 'refine-q',
    name: 'q',
    type: 'search',
    value: state.q,
    placeholder: 'words in the quote',
    'data-focus-key': 'refine:q',
  });
  const form = el(
    'form',
    { class: 'refine', role: 'search', 'aria-label': 'Refine results' },
    el(
      'div',
      { class: 'field' },
      el('label', { for: 'refine-q' }, 'Quote contains'),
      el('div', { class: 'inline-field' }, q, el('button', { type: 'submit', class: 'btn btn-small' }, 'Apply')),
    ),
    select(
      'hedged',
      'Certainty',
      [
        ['', 'Stated and hedged'],
        ['false', 'Stated only'],
        ['true', 'Hedged only'],
      ],
      state.hedged,
    ),
    select(
      'negated',
      'Denials',
      [
        ['', 'Leave out denials'],
        ['any', 'Include denials'],
        ['true', 'Only denials'],
      ],
      state.negated,
    ),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    applyState({ ...(search.state ?? state), q: q.value.trim() });
  });
  byId('refine').replaceChildren(form);
}

function renderChips(state) {
  const chips = [];
  const chip = (label, next) =>
    el(
      'button',
      {
        type: 'button',
        class: 'chip chip-removable',
        'aria-label': `Remove filter ${label}`,
        on: { click: () => applyState(hasSearch(next) ? next : { ...next, all: true }) },
      },
      el('span', {}, label),
      el('span', { class: 'chip-x', 'aria-hidden': 'true' }, '×'),
    );
  const titles = Object.fromEntries(FACET_GROUPS.map((g) => [g.key, g.title]));
  for (const k of REPEATABLE) {
    for (const v of state[k]) {
      chips.push(chip(`${titles[k]}: ${knownNames[k]?.get(v) ?? nameOf(k, v)}`, toggled(state, k, v)));
    }
  }
  if (state.from || state.to) {
    const label =
      state.from === state.to
        ? `Published: ${formatDate(state.from)}`
        : `Published: ${state.from ? formatDate(state.from) : '…'} – ${state.to ? formatDate(state.to) : '…'}`;
    chips.push(chip(label, { ...state, from: '', to: '' }));
  }
  if (state.q) chips.push(chip(`Quote: “${state.q}”`, { ...state, q: '' }));
  if (state.hedged) chips.push(chip(state.hedged === 'true' ? 'Hedged only' : 'Stated only', { ...state, hedged: '' }));
  if (state.negated)
    chips.push(chip(state.negated === 'true' ? 'Only denials' : 'Denials included', { ...state, negated: '' }));
  const box = byId('chips');
  if (chips.length === 0) {
    box.replaceChildren();
    return;
  }
  const cleared = { ...emptyState(), entity: state.entity, all: !state.entity };
  const clearAll =
    chips.length > 1 &&
    el('button', { type: 'button', class: 'linklike', on: { click: () => applyState(cleared) } }, 'Clear all');
  box.replaceChildren(el('span', { class: 'muted chips-label' }, 'Filters'), ...chips, ...(clearAll ? [clearAll] : []));
}

/* ------------------------------------------------------------------------------------------------------------------ */
/* Charts: inline SVG, sized by viewBox, coloured by CSS classes                                                      */

function monthRange(months) {
  const keys = months.map((m) => m.key).filter((k) => /^\d{4}-\d{2}$/.test(k));
  if (keys.length === 0) return [];
  keys.sort();
  const counts = new Map(months.map((m) => [m.key, m.count]));
  const [y0, m0] = keys[0].split('-').map(Number);
  const [y1, m1] = keys[keys.length - 1].split('-').map(Number);
  const out = [];
  let y = y0;
  let m = m0;
  while (y < y1 || (y === y1 && m <= m1)) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    out.push({ key, count: counts.get(key) ?? 0, year: y, month: m });
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

function niceMax(n) {
  if (n <= 1) return 1;
  if (n <= 10) return n % 2 === 0 ? n : n + 1;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const f of [1, 2, 2.5, 5, 10]) if (f * p >= n) return f * p;
  return n;
}

/** Charts are drawn at their container's pixel width (redrawn when it changes), so text never scales down. */
let chartObservers = [];

function responsiveChart(draw) {
  const holder = el('div', { class: 'chart-holder' });
  let drawnAt = 0;
  const render = (width) => {
    if (width <= 0 || Math.abs(width - drawnAt) < 2) return;
    drawnAt = width;
    holder.replaceChildren(draw(width));
  };
  render(720);
  if (typeof ResizeObserver === 'function') {
    const observer = new ResizeObserver((entries) => {
      for (const entry of entries) render(Math.floor(entry.contentRect.width));
    });
    observer.observe(holder);
    chartObservers.push(observer);
  }
  return holder;
}

function disconnectCharts() {
  for (const o of chartObservers) o.disconnect();
  chartObservers = [];
}

const chartId = () => `chart-${Math.random().toString(36).slice(2, 9)}`;

/** Vertical bars, one per month from the first to the last month with reporting (empty months included). */
function timelineChart(months, { title, hrefFor } = {}) {
  const series = monthRange(months);
  if (series.length === 0) return el('p', { class: 'muted' }, 'No dated reporting yet.');
  return responsiveChart((width) => drawTimeline(series, width, { title, hrefFor }));
}

function drawTimeline(series, W, { title, hrefFor }) {
  const H = 200;
  const pad = { top: 14, right: 8, bottom: 28, left: 34 };
  const plotW = W - pad.left - pad.right;
  const plotH = H - pad.top - pad.bottom;
  const max = niceMax(Math.max(...series.map((s) => s.count)));
  const step = plotW / series.length;
  const barW = Math.max(1.5, Math.min(28, step * 0.72));
  const y = (v) => pad.top + plotH - (v / max) * plotH;
  const total = series.reduce((s, m) => s + m.count, 0);
  const mid = max / 2;

  const grid = (Number.isInteger(mid) ? [0, mid, max] : [0, max]).map((v) =>
    svg(
      'g',
      { class: 'gridline' },
      svg('line', { x1: pad.left, x2: W - pad.right, y1: y(v), y2: y(v) }),
      svg('text', { x: pad.left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis-label' }, String(v)),
    ),
  );
  // Month labels when they fit, else years (every k-th year when even those crowd).
  const labels = [];
  if (series.length <= 24) {
    const every = Math.max(1, Math.ceil(52 / step));
    for (const [i, s] of series.entries()) {
      if (i % every !== 0) continue;
      labels.push([i, MONTHS[s.month - 1] + (i === 0 || s.month <= every ? ` ${s.year}` : '')]);
    }
  } else {
    const every = Math.max(1, Math.ceil(40 / (step * 12)));
    for (const [i, s] of series.entries()) {
      if (s.month === 1 && (s.year - series[0].year) % every === 0) labels.push([i, String(s.year)]);
    }
    if (series[0].month !== 1 && (labels[0]?.[0] ?? series.length) * step > 44)
      labels.unshift([0, String(series[0].year)]);
  }
  const ticks = labels.map(([i, text]) => {
    const x = pad.left + i * step + step / 2;
    return svg(
      'g',
      { class: 'tick' },
      svg('line', { x1: x, x2: x, y1: pad.top + plotH, y2: pad.top + plotH + 4 }),
      svg('text', { x, y: H - 8, 'text-anchor': i === 0 ? 'start' : 'middle', class: 'axis-label' }, text),
    );
  });
  const bars = series
    .map((s, i) => {
      if (s.count === 0) return null;
      const x = pad.left + i * step + (step - barW) / 2;
      const label = `${formatDate(s.key)}: ${plural(s.count, 'claim')}`;
      const rect = svg(
        'rect',
        {
          class: 'bar',
          x: x.toFixed(2),
          y: y(s.count).toFixed(2),
          width: barW.toFixed(2),
          height: (pad.top + plotH - y(s.count)).toFixed(2),
          rx: Math.min(2, barW / 3),
          'data-month': s.key,
        },
        svg('title', {}, label),
      );
      const href = hrefFor?.(s.key);
      return href ? svg('a', { href, class: 'bar-link', 'aria-label': label }, rect) : rect;
    })
    .filter(Boolean);
  const id = chartId();
  return svg(
    'svg',
    {
      class: 'chart chart-timeline',
      width: W,
      height: H,
      viewBox: `0 0 ${W} ${H}`,
      role: hrefFor ? 'group' : 'img',
      'aria-labelledby': `${id}-t ${id}-d`,
    },
    svg('title', { id: `${id}-t` }, title ?? 'Reporting per month'),
    svg(
      'desc',
      { id: `${id}-d` },
      `${plural(total, 'claim')} from ${formatDate(series[0].key)} to ${formatDate(series[series.length - 1].key)}`,
    ),
    grid,
    svg('line', { class: 'axis', x1: pad.left, x2: W - pad.right, y1: pad.top + plotH, y2: pad.top + plotH }),
    ticks,
    svg('g', { class: 'bars' }, bars),
  );
}

/** Horizontal bars with a label and a count per row; rows link where `hrefFor` gives an address. */
function barChart(items, { title, hrefFor, limit = 12 } = {}) {
  const rows = items.slice(0, limit);
  if (rows.length === 0) return el('p', { class: 'muted' }, 'None reported yet.');
  return responsiveChart((width) => drawBars(rows, width, { title, hrefFor }));
}

function drawBars(rows, W, { title, hrefFor }) {
  const rowH = 26;
  const labelW = Math.round(Math.min(160, Math.max(96, W * 0.34)));
  const countW = 40;
  const H = rows.length * rowH + 4;
  const plotW = Math.max(40, W - labelW - countW);
  const max = Math.max(1, ...rows.map((r) => r.count));
  const maxChars = Math.floor((labelW - 12) / 7.8);
  const body = rows.map((r, i) => {
    const y = i * rowH + 2;
    const w = Math.max(2, (r.count / max) * plotW);
    const label = r.name.length > maxChars ? `${r.name.slice(0, maxChars - 1)}…` : r.name;
    const row = svg(
      'g',
      { class: 'hbar-row', 'data-id': r.id },
      svg('title', {}, `${r.name}: ${plural(r.count, 'claim')}`),
      svg('rect', { class: 'hbar-track', x: labelW, y: y + 4, width: plotW.toFixed(2), height: rowH - 8, rx: 3 }),
      svg('rect', { class: 'hbar', x: labelW, y: y + 4, width: w.toFixed(2), height: rowH - 8, rx: 3 }),
      svg('text', { class: 'hbar-label', x: labelW - 8, y: y + rowH / 2 + 4, 'text-anchor': 'end' }, label),
      svg('text', { class: 'hbar-count', x: labelW + w + 6, y: y + rowH / 2 + 4 }, String(r.count)),
    );
    const href = hrefFor?.(r);
    return href
      ? svg('a', { href, class: 'hbar-link', 'aria-label': `${r.name}: ${plural(r.count, 'claim')}` }, row)
      : row;
  });
  const id = chartId();
  return svg(
    'svg',
    {
      class: 'chart chart-bars',
      width: W,
      height: H,
      viewBox: `0 0 ${W} ${H}`,
      role: hrefFor ? 'group' : 'img',
      'aria-labelledby': `${id}-t ${id}-d`,
    },
    svg('title', { id: `${id}-t` }, title ?? 'Counts'),
    svg('desc', { id: `${id}-d` }, rows.map((r) => `${r.name}: ${r.count}`).join('; ')),
    body,
  );
}

function dataTable(caption, headers, rows) {
  return el(
    'details',
    { class: 'data-table' },
    el('summary', {}, 'Data table'),
    el(
      'table',
      {},
      el('caption', { class: 'visually-hidden' }, caption),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          headers.map((h) => el('th', { scope: 'col' }, h)),
        ),
      ),
      el(
        'tbody',
        {},
        rows.map((r) =>
          el(
            'tr',
            {},
            r.map((c) => el('td', {}, c)),
          ),
        ),
      ),
    ),
  );
}

/* ------------------------------------------------------------------------------------------------------------------ */
/* Actor page                                                                                                         */

async function showActor(id, signal) {
  loadingView('actor', 'Loading actor profile…');
  const { body: a } = await apiGet(`/v1/actors/${encodeURIComponent(id)}`, null, signal);
  if (signal.aborted) return;
  learnName('actor', a.id, a.name);
  for (const v of a.vendors ?? []) learnName('vendor', v.id, v.name);
  for (const s of a.sectors ?? []) learnName('sector', s.id, s.name);
  for (const c of a.countries ?? []) learnName('country', c.id, c.name);
  learnFromClaims(a.latest);
  byId('search-input').value = '';
  const aliasNames = [a.name, ...(a.aliases ?? []).map((x) => x.name)];
  const searchFor = (extra) => searchUrl({ ...emptyState(), entity: a.id, ...extra });
  const attack = a.attackId
    ? externalLink(`https://attack.mitre.org/groups/${encodeURIComponent(a.attackId)}/`, { class: 'mono' }, a.attackId)
    : el('span', { class: 'muted' }, 'none');

  replaceView(
    'actor',
    el(
      'article',
      { class: 'profile' },
      el(
        'header',
        { class: 'page-head' },
        el('span', { class: 'kicker' }, 'Threat actor'),
        el('h1', {}, a.name),
        el(
          'dl',
          { class: 'facts' },
          fact('ATT&CK', attack),
          fact('Type', ACTOR_KINDS[a.kind] ?? humanize(a.kind ?? 'unknown')),
          fact(
            'Suspected sponsor',
            a.sponsor ? a.sponsor.name || nameOf('country', a.sponsor.code) : el('span', { class: 'muted' }, 'unknown'),
          ),
          fact('Claims', (a.claimCount ?? 0).toLocaleString('en')),
          fact('First seen', timeEl(a.firstSeen)),
          fact('Last seen', timeEl(a.lastSeen)),
          fact('Vendors reporting', String((a.vendors ?? []).length)),
        ),
        el(
          'p',
          { class: 'head-actions' },
          el('a', { class: 'btn btn-primary', href: searchFor({}) }, `Search all claims about ${a.name}`),
        ),
      ),
      el(
        'div',
        { class: 'profile-grid' },
        el(
          'section',
          { class: 'panel span-2', 'aria-labelledby': 'timeline-title' },
          el('h2', { id: 'timeline-title' }, 'Reporting per month'),
          timelineChart(a.months ?? [], {
            title: `Claims about ${a.name} per month`,
            hrefFor: (key) => searchFor({ from: key, to: key }),
          }),
          dataTable(
            'Claims per month',
            ['Month', 'Claims'],
            (a.months ?? []).map((m) => [formatDate(m.key), String(m.count)]),
          ),
        ),
        el(
          'section',
          { class: 'panel', 'aria-labelledby': 'sectors-title' },
          el('h2', { id: 'sectors-title' }, 'Targeted sectors'),
          barChart(a.sectors ?? [], {
            title: `Sectors ${a.name} is reported to target`,
            hrefFor: (r) => searchFor({ sector: [r.id] }),
          }),
        ),
        el(
          'section',
          { class: 'panel', 'aria-labelledby': 'countries-title' },
          el('h2', { id: 'countries-title' }, 'Targeted countries'),
          barChart(a.countries ?? [], {
            title: `Countries ${a.name} is reported to target`,
            hrefFor: (r) => searchFor({ country: [r.id] }),
          }),
        ),
        el(
          'section',
          { class: 'panel', 'aria-labelledby': 'aliases-title' },
          el('h2', { id: 'aliases-title' }, `Aliases (${(a.aliases ?? []).length})`),
          el(
            'table',
            { class: 'alias-table' },
            el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Name'), el('th', { scope: 'col' }, 'Coined by'))),
            el(
              'tbody',
              {},
              (a.aliases ?? []).map((x) =>
                el(
                  'tr',
                  {},
                  el('td', {}, el('a', { href: searchUrl({ ...emptyState(), entity: a.id }) }, x.name)),
                  el(
                    'td',
                    {},
                    x.coinedBy ? (x.coinedByName ?? nameOf('vendor', x.coinedBy)) : el('span', { class: 'muted' }, '—'),
                  ),
                ),
              ),
            ),
          ),
        ),
        el(
          'section',
          { class: 'panel', 'aria-labelledby': 'vendors-title' },
          el('h2', { id: 'vendors-title' }, 'Vendors reporting'),
          barChart(a.vendors ?? [], {
            title: `Vendors credited in claims about ${a.name}`,
            hrefFor: (r) => searchFor({ vendor: [r.id] }),
          }),
        ),
      ),
      el(
        'section',
        { class: 'latest', 'aria-labelledby': 'latest-title' },
        el(
          'div',
          { class: 'section-head' },
          el('h2', { id: 'latest-title' }, 'Latest claims'),
          el('a', { href: searchFor({}) }, `All ${plural(a.claimCount ?? 0, 'claim')} →`),
        ),
        el(
          'div',
          { class: 'cards' },
          (a.latest ?? []).length > 0
            ? a.latest.map((c) => claimCard(c, { aliases: aliasNames }))
            : el('p', { class: 'muted' }, 'No claims indexed yet.'),
        ),
      ),
    ),
  );
  document.title = displayed(`${a.name} — claimwire`);
  focusHeading();
}

function fact(label, value) {
  return el('div', { class: 'fact' }, el('dt', {}, label), el('dd', {}, value));
}

/* ------------------------------------------------------------------------------------------------------------------ */
/* Article page                                                                                                       */

/** Non-overlapping ranges, earliest first, longest first at a tie; ranges outside the text are dropped. */
function nonOverlapping(ranges, length) {
  const sorted = ranges
    .filter(
      (r) => Number.isInteger(r.start) && Number.isInteger(r.end) && r.start >= 0 && r.end <= length && r.end > r.start,
    )
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out = [];
  let at = 0;
  for (const r of sorted) {
    if (r.start < at) continue;
    out.push(r);
    at = r.end;
  }
  return out;
}

/**
 * The article text as paragraphs, entity spans as <mark class="ent ent-KIND">, cited sentences wrapped in
 * <span class="cited"> so a claim can point at its sentence. Offsets are UTF-16 code units, like JavaScript strings.
 */
function articleBody(stored, spans, citations) {
  // Bidi controls out first; one unit for one, so the spans' offsets still point at the same characters.
  const text = displayed(stored);
  const marks = nonOverlapping(
    spans.filter((s) => SPAN_KINDS.includes(s.kind)),
    text.length,
  );
  const cites = nonOverlapping(citations, text.length);
  const fill = (parent, a, b) => {
    let at = a;
    for (const s of marks) {
      if (s.end <= a || s.start >= b) continue;
      if (s.start < a || s.end > b) continue; // straddles a boundary: left as plain text
      if (s.start > at) parent.append(text.slice(at, s.start));
      parent.append(
        el(
          'mark',
          {
            class: `ent ent-${s.kind}`,
            'data-kind': s.kind,
            title: `${KIND_LABELS[s.kind]}${s.id ? `: ${s.id}` : ''}`,
          },
          text.slice(s.start, s.end),
        ),
      );
      at = s.end;
    }
    if (at < b) parent.append(text.slice(at, b));
  };
  const body = el('div', { class: 'article-text', id: 'article-text' });
  const lines = /[^\n]+/g;
  for (const m of text.matchAll(lines)) {
    const ps = m.index;
    const pe = ps + m[0].length;
    if (!m[0].trim()) continue;
    const p = el('p');
    let at = ps;
    for (const c of cites) {
      if (c.end <= ps || c.start >= pe) continue;
      const cs = Math.max(c.start, ps);
      const ce = Math.min(c.end, pe);
      fill(p, at, cs);
      const wrap = el('span', { class: 'cited', id: c.anchor });
      fill(wrap, cs, ce);
      p.append(wrap);
      at = ce;
    }
    fill(p, at, pe);
    body.append(p);
  }
  return { body, counts: countKinds(marks) };
}

function countKinds(marks) {
  const counts = Object.fromEntries(SPAN_KINDS.map((k) => [k, 0]));
  for (const m of marks) counts[m.kind] += 1;
  return counts;
}

function entitySummary(spans, claims) {
  const groups = new Map();
  for (const s of spans) {
    if (!SPAN_KINDS.includes(s.kind)) continue;
    const key = s.id ?? s.text.toLowerCase();
    if (!groups.has(s.kind)) groups.set(s.kind, new Map());
    const g = groups.get(s.kind);
    const entry = g.get(key) ?? { id: s.id, texts: new Map(), count: 0 };
    entry.count += 1;
    entry.texts.set(s.text, (entry.texts.get(s.text) ?? 0) + 1);
    g.set(key, entry);
  }
  for (const c of claims) learnName('actor', c.subject?.id, c.subject?.name);
  const label = (kind, e) => {
    const common = [...e.texts].sort((x, y) => y[1] - x[1])[0]?.[0] ?? e.id;
    if (kind === 'date' || kind === 'percentage') return common;
    if (!e.id) return common;
    return knownNames[kind]?.get(e.id) ?? (kind === 'country' ? nameOf('country', e.id) : common);
  };
  const href = (kind, e) => {
    if (!e.id) return null;
    if (kind === 'actor') return actorPath(e.id);
    if (kind === 'sector' || kind === 'country' || kind === 'vendor')
      return searchUrl({ ...emptyState(), entity: e.id });
    return null;
  };
  return SPAN_KINDS.filter((k) => groups.has(k)).map((kind) => {
    const entries = [...groups.get(kind).values()].sort((x, y) => y.count - x.count);
    return el(
      'div',
      { class: 'entity-group' },
      el('h3', {}, el('span', { class: `swatch swatch-${kind}`, 'aria-hidden': 'true' }), KIND_LABELS[kind]),
      el(
        'ul',
        { class: 'entity-list' },
        entries.map((e) => {
          const h = href(kind, e);
          const name = label(kind, e);
          return el(
            'li',
            {},
            h ? el('a', { href: h }, name) : el('span', {}, name),
            el('span', { class: 'entity-count', title: `${plural(e.count, 'mention')}` }, `×${e.count}`),
          );
        }),
      ),
    );
  });
}

async function showArticle(id, signal) {
  loadingView('article', 'Loading article…');
  const { body: a } = await apiGet(`/v1/articles/${encodeURIComponent(id)}`, null, signal);
  if (signal.aborted) return;
  learnFromClaims(a.claims);
  // Vendor names as the article wrote them, where no catalog name has been seen yet.
  for (const sp of a.spans ?? []) {
    if (sp.kind === 'vendor' && sp.id && !knownNames.vendor.has(sp.id)) learnName('vendor', sp.id, sp.text);
  }
  byId('search-input').value = '';
  const text = typeof a.text === 'string' ? a.text : '';
  const claims = a.claims ?? [];
  // One anchor per distinct cited sentence; claims citing it point there.
  const anchors = new Map();
  const citations = [];
  for (const c of claims) {
    const key = `${c.citation?.start}:${c.citation?.end}`;
    if (anchors.has(key) || !c.citation) continue;
    const anchor = `cite-${anchors.size + 1}`;
    anchors.set(key, anchor);
    citations.push({ start: c.citation.start, end: c.citation.end, anchor });
  }
  const { body, counts } = articleBody(text, a.spans ?? [], citations);
  const rendered = new Set([...body.querySelectorAll('.cited')].map((n) => n.id));
  const legend = el(
    'fieldset',
    { class: 'legend' },
    el('legend', {}, 'Highlighted entities'),
    SPAN_KINDS.map((kind) => {
      const box = el('input', { type: 'checkbox', checked: true, id: `legend-${kind}`, 'data-kind': kind });
      box.addEventListener('change', () => body.classList.toggle(`hide-${kind}`, !box.checked));
      return el(
        'label',
        { class: ['legend-item', `legend-${kind}`, counts[kind] === 0 && 'is-empty'], for: `legend-${kind}` },
        box,
        el('span', { class: `swatch swatch-${kind}`, 'aria-hidden': 'true' }),
        KIND_LABELS[kind],
        el('span', { class: 'legend-count' }, String(counts[kind])),
      );
    }),
  );
  const showInText = (c) => {
    const anchor = anchors.get(`${c.citation?.start}:${c.citation?.end}`);
    if (!anchor || !rendered.has(anchor)) return null;
    const b = el('button', { type: 'button', class: 'linklike show-in-text' }, 'Show in text');
    b.addEventListener('click', () => {
      const target = byId(anchor);
      if (!target) return;
      for (const n of body.querySelectorAll('.cited.is-flashing')) n.classList.remove('is-flashing');
      target.classList.add('is-flashing');
      target.setAttribute('tabindex', '-1');
      target.scrollIntoView({
        block: 'center',
        behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth',
      });
      target.focus({ preventScroll: true });
    });
    return b;
  };

  replaceView(
    'article',
    el(
      'div',
      { class: 'article-layout' },
      el(
        'article',
        { class: 'article-main' },
        el(
          'header',
          { class: 'page-head' },
          el('span', { class: 'kicker' }, a.publisher || 'Unknown publisher'),
          el('h1', { class: 'article-title' }, a.title || 'Untitled article'),
          el(
            'p',
            { class: 'meta-line' },
            timeEl(a.published),
            el('span', { class: 'sep', 'aria-hidden': 'true' }, '·'),
            el('span', {}, plural(claims.length, 'claim')),
            el('span', { class: 'sep', 'aria-hidden': 'true' }, '·'),
            externalLink(
              a.url,
              { class: 'source-link' },
              'Read at source',
              el('span', { 'aria-hidden': 'true' }, ' ↗'),
            ),
          ),
          a.duplicateOf &&
            el(
              'p',
              { class: 'notice' },
              'This page is a syndicated copy; its claims are credited to ',
              el('a', { href: articlePath(a.duplicateOf) }, 'the original article'),
              '.',
            ),
        ),
        legend,
        text ? body : el('p', { class: 'muted' }, 'No text was extracted from this page.'),
        el(
          'section',
          { class: 'article-claims', 'aria-labelledby': 'article-claims-title' },
          el('h2', { id: 'article-claims-title' }, `Claims from this article (${claims.length})`),
          el(
            'div',
            { class: 'cards' },
            claims.length > 0
              ? claims.map((c) => claimCard(c, { citeTarget: showInText(c) }))
              : el('p', { class: 'muted' }, 'No claims were extracted from this article.'),
          ),
        ),
      ),
      el(
        'aside',
        { class: 'article-aside', 'aria-labelledby': 'entities-title' },
        el('h2', { id: 'entities-title' }, 'Entities in this article'),
        entitySummary(a.spans ?? [], claims),
      ),
    ),
  );
  document.title = displayed(`${a.title || 'Article'} — claimwire`);
  focusHeading();
}

/* ------------------------------------------------------------------------------------------------------------------ */
/* Start                                                                                                              */

function isAppLink(url) {
  return url.origin === location.origin && parseRoute(url.pathname).name !== 'not-found';
}

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
