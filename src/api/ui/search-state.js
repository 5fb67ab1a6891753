// @ts-check
/**
 * The search's state and the URL it lives in (`/?entity=apt10&sector=pharmaceutical`), shared by both result views:
 * the assertions table (the default) and the claim cards (`view=claims`, the evidence view). Sector and country
 * filters become the assertions API's `object`; the claim-only filters (quote words, hedged, denials) and the
 * assertion-only ones (sort, disputed) are sent only to the API that takes them, since each refuses unknown parameters.
 */

/** Filters that take several values (any of them). */
export const REPEATABLE = /** @type {const} */ (['predicate', 'sector', 'country', 'vendor']);
/** Predicates an assertion can have (the assertions API refuses the others). */
export const ASSERTION_PREDICATES = ['targets-sector', 'targets-country', 'sponsored-by'];
export const SORTS = /** @type {const} */ (['sources', 'last', 'first']);

/**
 * @typedef {{
 *   entity: string, from: string, to: string, hedged: string, negated: string, q: string,
 *   predicate: string[], sector: string[], country: string[], vendor: string[],
 *   view: 'assertions' | 'claims', sort: 'sources' | 'last' | 'first', disputed: boolean, all: boolean,
 * }} SearchState
 */

/** @param {string} search @returns {SearchState} */
export function readSearchState(search) {
  const p = new URLSearchParams(search);
  /** @param {string} k */
  const one = (k) => (p.get(k) ?? '').trim();
  /** @param {string} k */
  const many = (k) => [
    ...new Set(
      p
        .getAll(k)
        .flatMap((v) => v.split(','))
        .filter(Boolean),
    ),
  ];
  const sort = one('sort');
  return {
    entity: one('entity'),
    from: one('from'),
    to: one('to'),
    hedged: one('hedged'),
    negated: one('negated'),
    q: one('q'),
    predicate: many('predicate'),
    sector: many('sector'),
    country: many('country'),
    vendor: many('vendor'),
    view: one('view') === 'claims' ? 'claims' : 'assertions',
    sort: sort === 'last' || sort === 'first' ? sort : 'sources',
    disputed: one('disputed') === 'true',
    all: p.has('all'),
  };
}

export const emptyState = () => readSearchState('');

/** @param {SearchState} state The filters both views share, as query parameters. */
function sharedParams(state) {
  const p = new URLSearchParams();
  if (state.entity) p.set('entity', state.entity);
  return p;
}

/** @param {SearchState} state The claims API's parameters (never UI-only ones: the API rejects unknown parameters). */
export function apiParams(state) {
  const p = sharedParams(state);
  for (const k of REPEATABLE) for (const v of state[k]) p.append(k, v);
  if (state.from) p.set('from', state.from);
  if (state.to) p.set('to', state.to);
  if (state.hedged === 'true' || state.hedged === 'false') p.set('hedged', state.hedged);
  if (state.negated === 'true' || state.negated === 'any') p.set('negated', state.negated);
  if (state.q) p.set('q', state.q);
  return p;
}

/** @param {SearchState} state The assertions API's parameters. */
export function assertionParams(state) {
  const p = sharedParams(state);
  for (const v of state.predicate) if (ASSERTION_PREDICATES.includes(v)) p.append('predicate', v);
  for (const v of [...state.sector, ...state.country]) p.append('object', v);
  for (const v of state.vendor) p.append('vendor', v);
  if (state.from) p.set('from', state.from);
  if (state.to) p.set('to', state.to);
  if (state.disputed) p.set('disputed', 'true');
  if (state.sort !== 'sources') p.set('sort', state.sort);
  return p;
}

/** @param {SearchState} state The page's address for a state (`/?all…` when it searches everything). */
export function searchUrl(state) {
  const p = apiParams(state);
  const filtered = p.toString() !== '' || state.disputed;
  if (state.view === 'claims') p.set('view', 'claims');
  if (state.sort !== 'sources') p.set('sort', state.sort);
  if (state.disputed) p.set('disputed', 'true');
  const query = p.toString();
  if (filtered) return `/?${query}`;
  if (state.all) return query ? `/?all&${query}` : '/?all';
  return '/';
}

/** @param {SearchState} state */
export const hasSearch = (state) => state.all || apiParams(state).toString() !== '' || state.disputed;
