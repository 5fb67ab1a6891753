// @ts-check
/**
 * Assertions: (subject, predicate, object) with all their evidence. The dense table (the default results view, and the
 * head of the actor page), a row that expands to its quotes, and the `/assertions/<id>` page.
 *
 * @typedef {import('./types.js').AssertionRow} AssertionRow
 * @typedef {import('./types.js').AssertionResponse} AssertionResponse
 * @typedef {import('./types.js').EvidenceArticle} EvidenceArticle
 * @typedef {import('./search-state.js').SearchState} SearchState
 */
import { getAssertion } from './api.js';
import { badge, highlighted } from './claims.js';
import { actorPath, articlePath, assertionPath, displayed, el } from './dom.js';
import { PREDICATES, plural, timeEl } from './format.js';
import { focusHeading, loadingView, replaceView } from './router.js';
import { emptyState, searchUrl } from './search-state.js';
import { learnFromAssertions, learnName, store } from './store.js';

/** The table's sortable columns: the API's `sort` and how the column says it is sorted. */
const SORTABLE = /** @type {const} */ ({
  sources: {
    label: 'Sources',
    order: 'descending',
    title: 'Most independent sources first (articles in brackets where a source published several)',
  },
  first: { label: 'First', order: 'ascending', title: 'Earliest first report first' },
  last: { label: 'Last', order: 'descending', title: 'Latest report first' },
});

/** @param {AssertionRow} a "targets sector", "is sponsored by": the predicate as a phrase. */
const phrase = (a) => PREDICATES[a.predicate]?.phrase ?? a.predicate;

/** @param {AssertionRow} a The disputed and hedged marks of a row. */
function marks(a) {
  return [
    a.disputedBy > 0 &&
      badge(
        'negated',
        `Disputed ×${a.disputedBy}`,
        `${plural(a.disputedBy, 'article')} deny or dispute it: see the counter-evidence`,
      ),
    a.hedgedArticles > 0 &&
      badge(
        'hedged',
        a.hedgedArticles === a.articles ? 'Hedged' : `Hedged ${a.hedgedArticles}/${a.articles}`,
        `${plural(a.hedgedArticles, 'article')} of ${a.articles} only suspect or allege it`,
      ),
  ];
}

/**
 * Display names ("FireEye"), the first few, then how many more; the vendors filtered on come first.
 * @param {AssertionRow['vendors']} all @param {string[]} first
 */
function vendorList(all, first) {
  if (all.length === 0) return el('span', { class: 'muted' }, '—');
  const vendors = [...all.filter((v) => first.includes(v.id)), ...all.filter((v) => !first.includes(v.id))];
  const shown = vendors.slice(0, 3).map((v) => v.name);
  const more = vendors.length - shown.length;
  return el(
    'span',
    { class: 'vendors', title: vendors.map((v) => v.name).join(', ') },
    shown.join(', '),
    more > 0 && el('span', { class: 'muted' }, ` +${more}`),
  );
}

/**
 * The assertions as a dense table. Sortable columns are buttons that call `onSort` (the API sorts); each row has a
 * button that expands it to its quotes, fetched when first opened.
 *
 * @param {AssertionRow[]} rows
 * @param {{ sort?: SearchState['sort'], onSort?: ((sort: SearchState['sort']) => void) | null,
 *   showSubject?: boolean, caption: string, vendorsFirst?: string[] }} options
 */
export function assertionsTable(
  rows,
  { sort = 'sources', onSort = null, showSubject = true, caption, vendorsFirst = [] },
) {
  learnFromAssertions(rows);
  const columns = showSubject ? 9 : 8;
  /** @param {keyof typeof SORTABLE} key */
  const sortable = (key) => {
    const s = SORTABLE[key];
    const active = sort === key;
    return el(
      'th',
      { scope: 'col', class: ['num', `col-${key}`, active && 'is-sorted'], 'aria-sort': active ? s.order : null },
      onSort
        ? el(
            'button',
            {
              type: 'button',
              class: 'sort-button',
              title: s.title,
              'data-sort': key,
              'data-focus-key': `sort:${key}`,
              on: { click: () => onSort(key) },
            },
            s.label,
            el(
              'span',
              { class: 'sort-mark', 'aria-hidden': 'true' },
              active ? (s.order === 'ascending' ? ' ▲' : ' ▼') : '',
            ),
          )
        : s.label,
    );
  };
  const body = el('tbody');
  for (const a of rows) {
    const detailId = `assertion-detail-${a.id}`;
    const detail = el(
      'tr',
      { class: 'assertion-detail', id: detailId, hidden: !store.search.expanded.has(a.id) },
      el('td', { colspan: String(columns) }),
    );
    const toggle = el(
      'button',
      {
        type: 'button',
        class: 'expand',
        'aria-expanded': 'false',
        'aria-controls': detailId,
        'aria-label': `Quotes: ${a.subject.name} ${phrase(a)} ${a.object.name}`,
      },
      el('span', { class: 'expand-mark', 'aria-hidden': 'true' }, '▸'),
    );
    toggle.addEventListener('click', () => expandRow(a, toggle, detail));
    body.append(
      el(
        'tr',
        { class: ['assertion-row', a.disputedBy > 0 && 'is-disputed'], 'data-assertion': a.id },
        el('td', { class: 'expand-cell' }, toggle),
        showSubject && el('td', { class: 'subject-cell' }, el('a', { href: actorPath(a.subject.id) }, a.subject.name)),
        el('td', { class: 'predicate-cell' }, phrase(a)),
        el(
          'td',
          { class: 'object-cell' },
          el('a', { href: assertionPath(a.id), class: `object-link object-${a.object.kind}` }, a.object.name),
        ),
        el(
          'td',
          {
            class: 'num sources-cell',
            title: `${plural(a.sources, 'independent source')}, ${plural(a.articles, 'article')}`,
          },
          String(a.sources),
          a.articles > a.sources && el('span', { class: 'muted articles-count' }, ` (${a.articles})`),
        ),
        el('td', { class: 'vendors-cell col-vendors' }, vendorList(a.vendors, vendorsFirst)),
        el('td', { class: 'num date-cell col-first' }, timeEl(a.firstReported)),
        el('td', { class: 'num date-cell col-last' }, timeEl(a.lastReported)),
        el('td', { class: 'marks-cell' }, marks(a)),
      ),
      detail,
    );
    if (store.search.expanded.has(a.id)) void expandRow(a, toggle, detail, true);
  }
  return el(
    'div',
    { class: 'table-scroll' },
    el(
      'table',
      { class: 'assertions-table' },
      el('caption', { class: 'visually-hidden' }, caption),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', { scope: 'col', class: 'expand-cell' }, el('span', { class: 'visually-hidden' }, 'Quotes')),
          showSubject && el('th', { scope: 'col' }, 'Actor'),
          el('th', { scope: 'col' }, 'Assertion'),
          el('th', { scope: 'col' }, 'Object'),
          sortable('sources'),
          el('th', { scope: 'col', class: 'col-vendors' }, 'Vendors'),
          sortable('first'),
          sortable('last'),
          el('th', { scope: 'col' }, el('span', { class: 'visually-hidden' }, 'Disputed or hedged')),
        ),
      ),
      body,
    ),
  );
}

/**
 * Opens (or closes) a row's quotes; the evidence is fetched the first time.
 * @param {AssertionRow} a @param {HTMLButtonElement} toggle @param {HTMLTableRowElement} detail
 * @param {boolean} [open] open whatever its state (a row that was open before the table was redrawn)
 */
async function expandRow(a, toggle, detail, open = false) {
  const willOpen = open || toggle.getAttribute('aria-expanded') !== 'true';
  toggle.setAttribute('aria-expanded', willOpen ? 'true' : 'false');
  detail.hidden = !willOpen;
  if (willOpen) store.search.expanded.add(a.id);
  else store.search.expanded.delete(a.id);
  const cell = /** @type {HTMLTableCellElement} */ (detail.firstElementChild);
  if (!willOpen || detail.dataset.loaded) return;
  detail.dataset.loaded = 'true';
  cell.replaceChildren(
    el('p', { class: 'loading', role: 'status' }, el('span', { class: 'spinner' }), 'Loading quotes…'),
  );
  try {
    const full = await getAssertion(a.id, store.routeController?.signal);
    cell.replaceChildren(
      el(
        'div',
        { class: 'assertion-quotes' },
        evidenceList(full, full.evidence, { limit: 6 }),
        full.counterEvidence.length > 0 &&
          el(
            'div',
            { class: 'counter' },
            el('h4', { class: 'counter-title' }, `Disputed by ${plural(full.counterEvidence.length, 'article')}`),
            evidenceList(full, full.counterEvidence, { limit: 3 }),
          ),
        el(
          'p',
          { class: 'detail-links' },
          el('a', { href: assertionPath(a.id) }, `All evidence (${plural(full.evidence.length, 'article')}) →`),
        ),
      ),
    );
  } catch (error) {
    if (error?.name === 'AbortError') return;
    delete detail.dataset.loaded;
    cell.replaceChildren(el('p', { class: 'inline-error', role: 'alert' }, error?.message ?? String(error)));
  }
}

/**
 * The articles of an assertion's evidence, each with its quotes (the subject and object marked).
 * @param {AssertionResponse} a @param {EvidenceArticle[]} articles @param {{ limit?: number }} [options]
 */
function evidenceList(a, articles, { limit = Number.POSITIVE_INFINITY } = {}) {
  const names = new Set([a.subject.name, ...(store.aliases.get(a.subject.id) ?? [])]);
  const terms = [
    ...[...names].map((term) => ({ term, cls: 'hl-actor', whole: true })),
    { term: a.object.name, cls: 'hl-object', whole: false },
  ];
  const shown = articles.slice(0, limit);
  return el(
    'ol',
    { class: 'evidence-list' },
    shown.map((e) =>
      el(
        'li',
        { class: ['evidence', e.hedged && 'is-hedged'], 'data-article': e.article.id },
        el(
          'p',
          { class: 'meta-line' },
          el('span', { class: 'publisher' }, e.article.publisher || e.source),
          el('span', { class: 'sep', 'aria-hidden': 'true' }, '·'),
          timeEl(e.reportedAt ?? e.article.published),
          e.vendors.length > 0 && [
            el('span', { class: 'sep', 'aria-hidden': 'true' }, '·'),
            el(
              'span',
              { class: 'credited' },
              el('span', { class: 'muted' }, 'Reported by: '),
              e.vendors.map((v) => v.name).join(', '),
            ),
          ],
          e.hedged && badge('hedged', 'Hedged', 'The article only suspects or alleges it'),
          e.copies.length > 0 &&
            el(
              'span',
              { class: 'muted copies' },
              ` · ${plural(e.copies.length, 'syndicated copy', 'syndicated copies')}`,
            ),
        ),
        e.quotes.map((q) =>
          el(
            'blockquote',
            { class: 'quote quote-compact', 'data-claim': q.claimId },
            el('p', {}, ...highlighted(q.quote, terms)),
          ),
        ),
        el(
          'p',
          { class: 'link-line' },
          el('a', { href: articlePath(e.article.id), class: 'article-link' }, e.article.title || 'Untitled article'),
        ),
      ),
    ),
    articles.length > shown.length &&
      el('li', { class: 'muted evidence-more' }, `and ${plural(articles.length - shown.length, 'more article')}`),
  );
}

/** @param {string} label @param {import('./dom.js').Child} value */
const fact = (label, value) => el('div', { class: 'fact' }, el('dt', {}, label), el('dd', {}, value));

/** The `/assertions/<id>` page: what is asserted, how well corroborated, and every quote for and against it. */
/** @param {string} id @param {AbortSignal} signal */
export async function showAssertion(id, signal) {
  loadingView('assertion', 'Loading assertion…');
  const a = await getAssertion(id, signal);
  if (signal.aborted) return;
  learnName('actor', a.subject.id, a.subject.name);
  learnName(a.object.kind, a.object.id, a.object.name);
  const title = `${a.subject.name} ${phrase(a)} ${a.object.name}`;
  const about = (/** @type {Partial<SearchState>} */ extra) =>
    searchUrl({ ...emptyState(), entity: a.subject.id, ...extra });
  replaceView(
    'assertion',
    el(
      'article',
      { class: 'assertion-page' },
      el(
        'header',
        { class: 'page-head' },
        el('span', { class: 'kicker' }, 'Assertion'),
        el(
          'h1',
          {},
          el('a', { href: actorPath(a.subject.id) }, a.subject.name),
          ` ${phrase(a)} `,
          el('strong', { class: `object object-${a.object.kind}` }, a.object.name),
        ),
        el('div', { class: 'badges' }, marks(a)),
        el(
          'dl',
          { class: 'facts' },
          fact('Independent sources', String(a.sources)),
          fact('Articles', String(a.articles)),
          fact(
            'Vendors',
            a.vendors.length > 0
              ? a.vendors.map((v) => v.name).join(', ')
              : el('span', { class: 'muted' }, 'none named'),
          ),
          fact('First reported', timeEl(a.firstReported)),
          fact('Last reported', timeEl(a.lastReported)),
          fact(
            'Confidence',
            el(
              'span',
              { title: 'From corroboration: independent sources, vendors, hedging and disputes' },
              `${a.confidence} / 100`,
            ),
          ),
        ),
        el(
          'p',
          { class: 'head-actions' },
          el('a', { class: 'btn', href: about({}) }, `All assertions about ${a.subject.name}`),
          el('a', { class: 'btn', href: about({ view: 'claims' }) }, 'Claim cards (evidence view)'),
        ),
      ),
      el(
        'section',
        { class: 'panel', 'aria-labelledby': 'evidence-title' },
        el('h2', { id: 'evidence-title' }, `Evidence (${plural(a.evidence.length, 'article')})`),
        evidenceList(a, a.evidence),
      ),
      a.counterEvidence.length > 0 &&
        el(
          'section',
          { class: 'panel counter', 'aria-labelledby': 'counter-title' },
          el('h2', { id: 'counter-title' }, `Counter-evidence (${plural(a.counterEvidence.length, 'article')})`),
          el('p', { class: 'muted' }, 'These articles deny or dispute it.'),
          evidenceList(a, a.counterEvidence),
        ),
    ),
  );
  document.title = displayed(`${title} — claimwire`);
  focusHeading();
}
