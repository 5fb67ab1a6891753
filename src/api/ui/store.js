// @ts-check
/**
 * The UI's state, in one place: what used to be six module-level holders (names learned from responses, the current
 * route's abort controller, the autocompletion popup, the search results, the chart observers and the region names).
 * Views read and write `store`; nothing else keeps state between calls.
 *
 * @typedef {import('./types.js').Claim} Claim
 * @typedef {import('./types.js').Resolved} Resolved
 * @typedef {import('./types.js').AssertionRow} AssertionRow
 * @typedef {import('./types.js').ActorsResponse['actors'][number]} Suggestion
 * @typedef {import('./search-state.js').SearchState} SearchState
 * @typedef {'vendor' | 'sector' | 'country' | 'actor'} NamedKind
 */

/** @type {Intl.DisplayNames | null} */
let regionNames = null;
try {
  regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
} catch {
  regionNames = null;
}

export const store = {
  /** Display names learned from responses, by kind and id ("fireeye" → "FireEye"). */
  names: {
    /** @type {Map<string, string>} */ vendor: new Map(),
    /** @type {Map<string, string>} */ sector: new Map(),
    /** @type {Map<string, string>} */ country: new Map(),
    /** @type {Map<string, string>} */ actor: new Map(),
  },
  /** @type {Map<string, string[]>} An actor's names (its aliases), to mark in quotes, by actor id. */
  aliases: new Map(),
  /** @type {Intl.DisplayNames | null} Country names for codes no response named. */
  regionNames,
  /** @type {AbortController | null} Aborts the current page's requests when the route changes. */
  routeController: null,
  /** The autocompletion popup. */
  suggest: {
    /** @type {Suggestion[]} */ items: [],
    active: -1,
    /** @type {ReturnType<typeof setTimeout> | 0} */ timer: 0,
    /** @type {AbortController | null} */ controller: null,
  },
  /** The results on screen: the evidence view's claims, or the assertions table's rows. */
  search: {
    /** @type {SearchState | null} */ state: null,
    /** @type {Claim[]} */ claims: [],
    /** @type {AssertionRow[]} */ assertions: [],
    total: 0,
    /** @type {string | null} */ next: null,
    /** @type {Resolved | null} */ resolved: null,
    /** Assertion rows expanded to their quotes, by id. */
    /** @type {Set<string>} */ expanded: new Set(),
  },
  /** @type {ResizeObserver[]} Charts redrawn at their container's width; disconnected when the page changes. */
  chartObservers: [],
};

/**
 * @param {string} kind
 * @param {unknown} id
 * @param {unknown} name
 */
export function learnName(kind, id, name) {
  const names = store.names[/** @type {NamedKind} */ (kind)];
  if (names && typeof id === 'string' && typeof name === 'string' && name) names.set(id, name);
}

/** @param {Claim[] | null | undefined} claims */
export function learnFromClaims(claims) {
  for (const c of claims ?? []) {
    if (c.object?.kind) learnName(c.object.kind, c.object.id, c.object.name);
    if (c.subject) learnName('actor', c.subject.id, c.subject.name);
  }
}

/** @param {AssertionRow[] | null | undefined} rows */
export function learnFromAssertions(rows) {
  for (const a of rows ?? []) {
    learnName('actor', a.subject.id, a.subject.name);
    learnName(a.object.kind, a.object.id, a.object.name);
    for (const v of a.vendors) learnName('vendor', v.id, v.name);
  }
}
