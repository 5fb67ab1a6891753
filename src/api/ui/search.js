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
import { getAssertions, getClaims } from './api.js';
import { assertionsTable } from './assertions.js';
import { claimCard } from './claims.js';
import { actorPath, byId, displayed, el } from './dom.js';
import { formatDate, humanize, KIND_LABELS, nameOf, plural } from './format.js';
import { showHome } from './home.js';
import { navigate, replaceView, view } from './router.js';
import { apiParams, assertionParams, emptyState, hasSearch, REPEATABLE, searchUrl } from './search-state.js';
import { learnFromAssertions, learnFromClaims, learnName, store } from './store.js';

const FACET_GROUPS = [
  { key: 'predicate', title: 'Claim type' },
  { key: 'sector', title: 'Sector' },
  { key: 'country', title: 'Country' },
  { key: 'vendor', title: 'Reported by' },
  { key: 'month', title: 'Published' },
];
/** The assertions view's groups: its API counts each without the group's own filter, so alternatives stay visible. */
const ASSERTION_FACET_GROUPS = [
  { key: 'predicate', title: 'Assertion' },
  { key: 'sector', title: 'Sector' },
  { key: 'country', title: 'Country' },
  { key: 'vendor', title: 'Asserted by' },
];
/** @param {SearchState} state */
const noun = (state) => (state.view === 'claims' ? 'claim' : 'assertion');
const FACET_PREVIEW = 8;
const PAGE_SIZE = 20;
const search = store.search;

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
        el('nav', { id: 'view-switch', class: 'view-switch', 'aria-label': 'Results view' }),
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

/**
 * The search page for a state: the assertions table (default) or the claim cards (`view=claims`); the triage home
 * page when there is nothing to search.
 * @param {SearchState} state @param {AbortSignal} signal @param {boolean} keepFocus
 */
export async function showSearch(state, signal, keepFocus) {
  const input = byId('search-input');
  if (!hasSearch(state)) {
    input.value = '';
    if (!keepFocus) input.focus();
    await showHome(signal);
    return;
  }
  if (document.activeElement !== input || !keepFocus) input.value = store.names.actor.get(state.entity) ?? state.entity;
  const focusKey = /** @type {HTMLElement | null} */ (document.activeElement)?.dataset?.focusKey;
  const focusWasLost = !keepFocus || document.activeElement?.closest?.('#chips');
  ensureSearchLayout();
  if (search.state?.entity !== state.entity || search.state?.view !== state.view) search.expanded.clear();
  search.state = state;
  const results = byId('results');
  results.setAttribute('aria-busy', 'true');
  results.classList.add('is-loading');
  byId('result-status').textContent = 'Searching…';
  renderViewSwitch(state);
  renderRefine(state);
  renderChips(state);

  let res;
  try {
    res =
      state.view === 'claims'
        ? { claims: await getClaims(withSize(apiParams(state)), signal) }
        : { assertions: await getAssertions(withSize(assertionParams(state)), signal) };
  } finally {
    if (!signal.aborted) {
      results.removeAttribute('aria-busy');
      results.classList.remove('is-loading');
    }
  }
  if (signal.aborted) return;

  const answer = res.claims ?? res.assertions;
  if (answer.ambiguous === true) {
    renderAmbiguous(state, answer.body);
  } else if (res.assertions && res.assertions.ambiguous === false) {
    renderAssertions(state, res.assertions.body);
  } else if (res.claims && res.claims.ambiguous === false) {
    const body = res.claims.body;
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
  const everything = state.view === 'claims' ? 'All claims' : 'All assertions';
  document.title = displayed(`${state.entity ? (search.resolved?.name ?? state.entity) : everything} — claimwire`);
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

/**
 * The assertions table, its facets (sectors and countries are both the API's `object`) and the status line.
 * @param {SearchState} state @param {import('./types.js').AssertionsResponse} body
 */
function renderAssertions(state, body) {
  learnFromAssertions(body.assertions);
  for (const g of ['object', 'vendor'])
    for (const b of body.facets[g] ?? [])
      learnName(g === 'vendor' ? 'vendor' : isCountry(b.key) ? 'country' : 'sector', b.key, b.name);
  if (body.resolved) learnName(body.resolved.kind, body.resolved.id, body.resolved.name);
  if (body.resolved?.kind === 'actor') store.aliases.set(body.resolved.id, body.resolved.aliases);
  Object.assign(search, {
    claims: [],
    assertions: body.assertions,
    total: body.total,
    next: null,
    resolved: body.resolved,
  });
  const input = byId('search-input');
  if (body.resolved && state.entity === body.resolved.id && document.activeElement !== input)
    input.value = body.resolved.name;
  renderResolved(state, body.resolved);
  renderFacets(state, {
    predicate: body.facets.predicate,
    sector: body.facets.object.filter((b) => !isCountry(b.key)),
    country: body.facets.object.filter((b) => isCountry(b.key)),
    vendor: body.facets.vendor,
  });
  renderChips(state);
  renderExports(state);
  renderTable(state);
  renderStatus();
  renderMore();
}

/** @param {string} key A country code (`JP`), not a sector id (`energy`). */
const isCountry = (key) => /^[A-Z]{2}$/.test(key);

/** @param {SearchState} state */
function renderTable(state) {
  const rows = search.assertions;
  const subject = search.resolved?.kind === 'actor' ? search.resolved : null;
  byId('cards').replaceChildren(
    rows.length === 0
      ? emptyResults(state)
      : assertionsTable(rows, {
          sort: state.sort,
          showSubject: !subject,
          caption: `Assertions${subject ? ` about ${subject.name}` : ''}, sorted by ${state.sort === 'sources' ? 'independent sources' : `${state.sort} report`}`,
          onSort: (sort) => applyState({ ...(search.state ?? state), sort }),
          vendorsFirst: state.vendor,
        }),
  );
}

/** The switch between the assertions table and the claim cards (the evidence view); both keep the filters. */
function renderViewSwitch(state) {
  const link = (view, label, hint) =>
    el(
      'a',
      {
        href: searchUrl({ ...state, view }),
        class: ['view-tab', state.view === view && 'is-current'],
        'aria-current': state.view === view ? 'page' : null,
        'data-view': view,
        title: hint,
      },
      label,
    );
  byId('view-switch').replaceChildren(
    link('assertions', 'Assertions', 'One row per assertion with its sources, vendors and dates'),
    link('claims', 'Claim cards', 'The evidence: one card per extracted claim with its quote'),
  );
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
    el('h2', {}, `No ${noun(state)}s match`),
    el(
      'p',
      {},
      filtered
        ? 'Remove a filter to widen the search.'
        : `No indexed article makes ${state.view === 'claims' ? 'a claim' : 'an assertion'} about this name yet. Check the spelling, or try another alias.`,
    ),
  );
}

function renderStatus() {
  const what = noun(search.state ?? emptyState());
  const shown = what === 'claim' ? search.claims.length : search.assertions.length;
  const subject = search.resolved
    ? ` about ${search.resolved.name}`
    : search.state?.entity
      ? ` for “${search.state.entity}”`
      : '';
  const text =
    search.total === 0
      ? `No ${what}s${subject}`
      : shown < search.total
        ? `Showing ${shown.toLocaleString('en')} of ${plural(search.total, what)}${subject}`
        : `${plural(search.total, what)}${subject}`;
  byId('result-status').textContent = displayed(text);
}

function renderMore() {
  const more = byId('more');
  const claims = search.state?.view === 'claims';
  const shown = claims ? search.claims.length : search.assertions.length;
  if (claims ? !search.next : shown >= search.total) {
    more.replaceChildren();
    return;
  }
  const remaining = search.total - shown;
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
  if (!state || (!cursor && state.view === 'claims')) return;
  button.disabled = true;
  button.textContent = 'Loading…';
  const signal = store.routeController?.signal;
  try {
    if (state.view !== 'claims') {
      const params = withSize(assertionParams(state));
      const offset = search.assertions.length;
      params.set('offset', String(offset));
      const res = await getAssertions(params, signal);
      if (res.ambiguous === true || signal?.aborted || search.state !== state) return;
      search.assertions = [...search.assertions, ...res.body.assertions];
      renderTable(state);
      renderStatus();
      renderMore();
      const first = /** @type {HTMLElement | null} */ (
        byId('cards').querySelectorAll('tr.assertion-row')[offset] ?? null
      );
      first?.setAttribute('tabindex', '-1');
      first?.focus();
      return;
    }
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
    box.replaceChildren(
      el(
        'h1',
        { id: 'results-title', class: 'results-title' },
        state.view === 'claims' ? 'All claims' : 'All assertions',
      ),
    );
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
  const claims = state.view === 'claims';
  const link = (format, label, ext) => {
    const p = claims ? apiParams(state) : assertionParams(state);
    p.set('format', format);
    const what = claims ? 'claims' : 'assertions';
    return el(
      'a',
      { class: 'export', href: `/v1/${what}?${p}`, download: `${what}.${ext}`, 'data-format': format },
      label,
    );
  };
  byId('exports').replaceChildren(
    el('span', { class: 'muted' }, 'Export'),
    link('csv', 'CSV', 'csv'),
    ...(claims ? [link('jsonl', 'JSON Lines', 'jsonl')] : []),
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
  const groups = (state.view === 'claims' ? FACET_GROUPS : ASSERTION_FACET_GROUPS)
    .map(({ key, title }) => {
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
      /** @type {HTMLButtonElement | null} */
      let toggle = null;
      if (overflow > 0) {
        const button = el(
          'button',
          { type: 'button', class: 'linklike facet-more', 'aria-expanded': 'false', 'aria-controls': `${id}-list` },
          `Show ${overflow} more`,
        );
        button.addEventListener('click', () => {
          const open = list.classList.toggle('is-expanded');
          button.setAttribute('aria-expanded', open ? 'true' : 'false');
          button.textContent = open ? 'Show fewer' : `Show ${overflow} more`;
        });
        toggle = button;
      }
      return el(
        'section',
        { class: 'facet-group', 'aria-labelledby': `${id}-title` },
        el('h3', { id: `${id}-title`, class: 'facet-title' }, title),
        list,
        toggle,
      );
    })
    .filter(Boolean);
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
  const claims = state.view === 'claims';
  const date = (name, label, value) =>
    el(
      'div',
      { class: 'field' },
      el('label', { for: `refine-${name}` }, label),
      el('input', {
        id: `refine-${name}`,
        name,
        type: 'text',
        inputmode: 'numeric',
        value,
        placeholder: 'YYYY-MM',
        pattern: '\\d{4}(-\\d{2}(-\\d{2})?)?',
        title: 'A year, a month (2021-03) or a day (2021-03-15)',
        'data-focus-key': `refine:${name}`,
      }),
    );
  const from = date('from', claims ? 'Published from' : 'Reported from', state.from);
  const to = date('to', 'to', state.to);
  const disputed = el('input', {
    id: 'refine-disputed',
    type: 'checkbox',
    checked: state.disputed,
    'data-focus-key': 'refine:disputed',
  });
  disputed.addEventListener('change', () => applyState({ ...(search.state ?? state), disputed: disputed.checked }));
  const form = el(
    'form',
    { class: 'refine', role: 'search', 'aria-label': 'Refine results' },
    el('div', { class: 'date-range' }, from, to),
    claims &&
      el(
        'div',
        { class: 'field' },
        el('label', { for: 'refine-q' }, 'Quote contains'),
        el('div', { class: 'inline-field' }, q),
      ),
    el('button', { type: 'submit', class: 'btn btn-small refine-apply' }, 'Apply'),
    !claims &&
      el(
        'label',
        { class: 'check-field', for: 'refine-disputed', title: 'Only assertions some report denies or disputes' },
        disputed,
        'Disputed only',
      ),
    claims &&
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
    claims &&
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
    const value = (/** @type {HTMLElement} */ field) =>
      /** @type {HTMLInputElement} */ (field.querySelector('input')).value.trim();
    const dates = { from: value(from), to: value(to) };
    if (!form.checkValidity()) {
      form.reportValidity();
      return;
    }
    applyState({ ...(search.state ?? state), ...dates, ...(claims ? { q: q.value.trim() } : {}) });
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
  const claims = state.view === 'claims';
  const titles = Object.fromEntries((claims ? FACET_GROUPS : ASSERTION_FACET_GROUPS).map((g) => [g.key, g.title]));
  for (const k of REPEATABLE) {
    for (const v of state[k]) {
      chips.push(chip(`${titles[k]}: ${nameOf(k, v)}`, toggled(state, k, v)));
    }
  }
  if (state.from || state.to) {
    const label =
      state.from === state.to
        ? `${claims ? 'Published' : 'Reported'}: ${formatDate(state.from)}`
        : `${claims ? 'Published' : 'Reported'}: ${state.from ? formatDate(state.from) : '…'} – ${state.to ? formatDate(state.to) : '…'}`;
    chips.push(chip(label, { ...state, from: '', to: '' }));
  }
  if (!claims && state.disputed) chips.push(chip('Disputed only', { ...state, disputed: false }));
  if (claims && state.q) chips.push(chip(`Quote: “${state.q}”`, { ...state, q: '' }));
  if (claims && state.hedged)
    chips.push(chip(state.hedged === 'true' ? 'Hedged only' : 'Stated only', { ...state, hedged: '' }));
  if (claims && state.negated)
    chips.push(chip(state.negated === 'true' ? 'Only denials' : 'Denials included', { ...state, negated: '' }));
  const box = byId('chips');
  if (chips.length === 0) {
    box.replaceChildren();
    return;
  }
  const cleared = { ...emptyState(), entity: state.entity, view: state.view, sort: state.sort, all: !state.entity };
  const clearAll =
    chips.length > 1 &&
    el('button', { type: 'button', class: 'linklike', on: { click: () => applyState(cleared) } }, 'Clear all');
  box.replaceChildren(el('span', { class: 'muted chips-label' }, 'Filters'), ...chips, ...(clearAll ? [clearAll] : []));
}

/* ------------------------------------------------------------------------------------------------------------------ */
