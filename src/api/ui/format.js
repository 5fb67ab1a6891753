// @ts-check
/** Labels, names and dates as the UI shows them. */
import { el } from './dom.js';
import { store } from './store.js';

export const PREDICATES = {
  'targets-sector': { label: 'Targets sector', phrase: 'targets sector', denied: 'does not target sector' },
  'targets-country': { label: 'Targets country', phrase: 'targets country', denied: 'does not target country' },
  'sponsored-by': { label: 'Sponsored by', phrase: 'is sponsored by', denied: 'is not sponsored by' },
  'reported-by': { label: 'Reported by', phrase: 'is reported by', denied: 'is not reported by' },
  'active-since': { label: 'Active since', phrase: 'active since', denied: 'not active since' },
  statistic: { label: 'Statistic', phrase: 'statistic:', denied: 'statistic (denied):' },
};

export const SPAN_KINDS = ['actor', 'vendor', 'sector', 'country', 'date', 'percentage'];
export const KIND_LABELS = {
  actor: 'Threat actor',
  vendor: 'Vendor',
  sector: 'Sector',
  country: 'Country',
  date: 'Date',
  percentage: 'Percentage',
};
export const ACTOR_KINDS = {
  state: 'State-sponsored',
  criminal: 'Criminal',
  hacktivist: 'Hacktivist',
  unknown: 'Unattributed',
};

/** @param {unknown} id */
export function humanize(id) {
  const words = String(id).replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** @param {string} kind @param {string} id @returns {string} */
export function nameOf(kind, id) {
  const known = store.names[/** @type {import('./store.js').NamedKind} */ (kind)]?.get(id);
  if (known) return known;
  if (kind === 'country' && /^[A-Za-z]{2}$/.test(id) && store.regionNames) {
    try {
      return store.regionNames.of(id.toUpperCase()) ?? id;
    } catch {
      return id;
    }
  }
  if (kind === 'predicate') return PREDICATES[/** @type {keyof typeof PREDICATES} */ (id)]?.label ?? humanize(id);
  if (kind === 'month') return formatDate(id);
  return humanize(id);
}

export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2020-11-17` → "17 Nov 2020", `2020-11` → "Nov 2020", `2020` → "2020". */
/** @param {unknown} iso @returns {string} */
export function formatDate(iso) {
  if (typeof iso !== 'string') return '';
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(iso);
  if (!m) return iso;
  const month = m[2] ? MONTHS[Number(m[2]) - 1] : null;
  if (!month) return m[1] ?? iso;
  return m[3] ? `${Number(m[3])} ${month} ${m[1]}` : `${month} ${m[1]}`;
}

/** @param {string | null | undefined} iso @param {Record<string, any>} [props] */
export function timeEl(iso, props) {
  if (!iso) return el('span', { class: ['muted', props?.class] }, 'undated');
  return el('time', { ...props, datetime: iso }, formatDate(iso));
}

/** @param {number} n @param {string} one @param {string} [many] */
export const plural = (n, one, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
