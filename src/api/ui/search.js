// @ts-check
/**
 * The search page: facets and refine controls on the side, the results beside them.
 *
 * @typedef {import('./types.js').ClaimsResponse} ClaimsResponse
 * @typedef {import('./types.js').AmbiguousResponse} AmbiguousResponse
 * @typedef {import('./types.js').Resolved} Resolved
 * @typedef {import('./types.js').Bucket} Bucket
 * @typedef {import('./search-state.js').SearchState} SearchState
 */
import { getClaims } from './api.js';
import { claimCard } from './claims.js';
import { actorPath, byId, displayed, el } from './dom.js';
import { formatDate, humanize, KIND_LABELS, nameOf, plural } from './format.js';
import { navigate, replaceView, view } from './router.js';
import { apiParams, emptyState, hasSearch, REPEATABLE, searchUrl } from './search-state.js';
import { learnFromClaims, learnName, store } from './store.js';

const FACET_GROUPS = [
  { key: 'predicate', title: 'Claim type' },
  { key: 'sector', title: 'Sector' },
  { key: 'country', title: 'Country' },
  { key: 'vendor', title: 'Reported by' },
  { key: 'month', title: 'Published' },
];
const FACET_PREVIEW = 8;
const PAGE_SIZE = 20;
const search = store.search;

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

export async function showSearch(state, signal, keepFocus) {
  const input = byId('search-input');
  if (!hasSearch(state)) {
    input.value = '';
    showHome();
    if (!keepFocus) input.focus();
    return;
  }
  if (document.activeElement !== input || !keepFocus) input.value = store.names.actor.get(state.entity) ?? state.entity;
  const focusKey = /** @type {HTMLElement | null} */ (document.activeElement)?.dataset?.focusKey;
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
    res = await getClaims(withSize(apiParams(state)), signal);
  } finally {
    if (!signal.aborted) {
      results.removeAttribute('aria-busy');
      results.classList.remove('is-loading');
    }
  }
  if (signal.aborted) return;

  if (res.ambiguous === true) {
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
  const again =
    focusKey &&
    /** @type {HTMLElement | null} */ (document.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`));
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
  const signal = store.routeController?.signal;
  try {
    const params = withSize(apiParams(state));
    params.set('cursor', cursor);
    const res = await getClaims(params, signal);
    if (res.ambiguous === true) return;
    const body = res.body;
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
      chips.push(chip(`${titles[k]}: ${nameOf(k, v)}`, toggled(state, k, v)));
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
