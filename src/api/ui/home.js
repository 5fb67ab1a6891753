// @ts-check
/**
 * The triage home page (`/`, `/?window=24h`): what came in over the last day or week — articles ingested, the actors
 * most reported, new and disputed assertions, watch activity and failed deliveries — each item linking to its evidence.
 *
 * @typedef {import('./types.js').TriageResponse} TriageResponse
 * @typedef {import('./types.js').AssertionRow} AssertionRow
 */
import { getTriage } from './api.js';
import { assertionsTable } from './assertions.js';
import { actorPath, articlePath, el } from './dom.js';
import { plural } from './format.js';
import { replaceView } from './router.js';
import { emptyState, searchUrl } from './search-state.js';
import { learnName } from './store.js';

const WINDOWS = /** @type {const} */ ({ '24h': 'Last 24 hours', '7d': 'Last 7 days' });
const EXAMPLES = ['Stone Panda', 'Cicada', 'menuPass', 'APT 10', 'Winnti', 'Symantec', 'pharmaceutical', 'Japan'];

/** @param {string} iso An ISO time as "3 Dec 2026, 06:40" (UTC), for "ingested at". */
function timeOfDay(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return el('span', { class: 'muted' }, 'unknown');
  const text = d.toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
  });
  return el(
    'time',
    { datetime: d.toISOString(), title: `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` },
    text,
  );
}

/** @param {string} label @param {number} value @param {string | null} href @param {string} [tone] */
function stat(label, value, href, tone) {
  const body = [
    el('span', { class: 'stat-value' }, value.toLocaleString('en')),
    el('span', { class: 'stat-label' }, label),
  ];
  return el(
    'li',
    { class: ['stat', tone && `stat-${tone}`] },
    href ? el('a', { href, class: 'stat-link' }, body) : el('div', { class: 'stat-link' }, body),
  );
}

/**
 * @param {string} id @param {string} title @param {import('./dom.js').Child} body
 * @param {import('./dom.js').Child} [more] a link to everything the section previews
 */
function section(id, title, body, more = null) {
  return el(
    'section',
    { class: 'panel triage-section', id, 'aria-labelledby': `${id}-title` },
    el('div', { class: 'section-head' }, el('h2', { id: `${id}-title` }, title), more),
    body,
  );
}

/** @param {AbortSignal} signal */
export async function showHome(signal) {
  const w = new URLSearchParams(location.search).get('window') === '24h' ? '24h' : '7d';
  replaceView(
    'home',
    el('p', { class: 'loading', role: 'status' }, el('span', { class: 'spinner' }), 'Loading recent reporting…'),
  );
  /** @type {TriageResponse | null} */
  let t = null;
  /** @type {string | null} */
  let failure = null;
  try {
    t = await getTriage(w, signal);
  } catch (error) {
    if (error?.name === 'AbortError') throw error;
    failure = error?.message ?? String(error);
  }
  if (signal.aborted) return;
  for (const a of t?.actors ?? []) learnName('actor', a.id, a.name);
  const windows = el(
    'nav',
    { class: 'view-switch window-switch', 'aria-label': 'Time window' },
    Object.entries(WINDOWS).map(([key, label]) =>
      el(
        'a',
        {
          href: key === '7d' ? '/' : `/?window=${key}`,
          class: ['view-tab', key === w && 'is-current'],
          'aria-current': key === w ? 'page' : null,
          'data-window': key,
        },
        label,
      ),
    ),
  );
  const intro = el(
    'section',
    { class: 'hero hero-compact' },
    el('div', { class: 'hero-head' }, el('h1', {}, 'Recent reporting'), windows),
    el(
      'p',
      { class: 'lede' },
      'What came in, who it is about, what is newly asserted and what is disputed. Search any actor by any of its names — vendors coin different aliases for the same group — and every claim links to the sentence it came from.',
    ),
    el(
      'div',
      { class: 'examples' },
      el('span', { class: 'muted' }, 'Try: '),
      EXAMPLES.map((x) => el('a', { class: 'chip chip-link', href: searchUrl({ ...emptyState(), entity: x }) }, x)),
      el('a', { href: '/?all', class: 'btn btn-small' }, 'Browse all assertions'),
    ),
  );
  if (!t) {
    replaceView(
      'home',
      intro,
      el(
        'p',
        { class: 'inline-error', role: 'alert' },
        `Recent reporting could not be loaded: ${failure ?? 'no answer'}`,
      ),
    );
    document.title = 'claimwire — recent reporting';
    return;
  }
  const span = WINDOWS[w].toLowerCase();
  const failed = t.watches.failed;
  replaceView(
    'home',
    intro,
    el(
      'ul',
      { class: 'stats', 'aria-label': `Counts for the ${span}` },
      stat('articles ingested', t.articles.ingested, '#triage-articles'),
      stat('actors reported', t.actors.length, '#triage-actors'),
      stat('new assertions', t.newAssertions.length, '#triage-new'),
      stat(
        'disputed assertions',
        t.disputedAssertions.length,
        '#triage-disputed',
        t.disputedAssertions.length > 0 ? 'warn' : undefined,
      ),
      stat('alerts delivered', t.watches.delivered, '#triage-watches'),
      stat('failed deliveries', failed.length, '#triage-watches', failed.length > 0 ? 'danger' : undefined),
    ),
    el(
      'div',
      { class: 'triage-grid' },
      section(
        'triage-new',
        'New assertions',
        t.newAssertions.length > 0
          ? assertionsTable(t.newAssertions, { caption: `Assertions first reported in the ${span}` })
          : el('p', { class: 'muted' }, `Nothing newly asserted in the ${span}.`),
      ),
      section(
        'triage-disputed',
        'Disputed assertions',
        t.disputedAssertions.length > 0
          ? assertionsTable(t.disputedAssertions, { caption: `Assertions disputed in the ${span}` })
          : el('p', { class: 'muted' }, `No report in the ${span} disputes an assertion.`),
        el('a', { href: searchUrl({ ...emptyState(), all: true, disputed: true }) }, 'All disputed →'),
      ),
      section(
        'triage-actors',
        'Actors most reported',
        t.actors.length > 0
          ? el(
              'ol',
              { class: 'rank-list' },
              t.actors
                .slice(0, 10)
                .map((a) =>
                  el(
                    'li',
                    { 'data-actor': a.id },
                    el('a', { href: actorPath(a.id), class: 'rank-name' }, a.name),
                    el(
                      'a',
                      { href: searchUrl({ ...emptyState(), entity: a.id, sort: 'last' }), class: 'rank-count' },
                      plural(a.articles, 'article'),
                    ),
                  ),
                ),
            )
          : el('p', { class: 'muted' }, `No actor was reported in the ${span}.`),
      ),
      section(
        'triage-articles',
        `Articles ingested (${t.articles.ingested.toLocaleString('en')})`,
        t.articles.latest.length > 0
          ? el(
              'ol',
              { class: 'article-list' },
              t.articles.latest.map((a) =>
                el(
                  'li',
                  { 'data-article': a.id },
                  el('a', { href: articlePath(a.id), class: 'article-link' }, a.title || 'Untitled article'),
                  el(
                    'span',
                    { class: 'meta-line' },
                    el('span', { class: 'publisher' }, a.publisher || 'Unknown publisher'),
                    el('span', { class: 'sep', 'aria-hidden': 'true' }, '·'),
                    timeOfDay(a.ingestedAt),
                  ),
                ),
              ),
            )
          : el('p', { class: 'muted' }, `No article was ingested in the ${span}.`),
        t.articles.ingested > t.articles.latest.length &&
          el('span', { class: 'muted' }, `latest ${t.articles.latest.length} shown`),
      ),
      section(
        'triage-watches',
        'Watch activity',
        el(
          'div',
          {},
          el(
            'p',
            {},
            `${plural(t.watches.alerts, 'alert')} raised, ${t.watches.delivered.toLocaleString('en')} delivered`,
            failed.length > 0
              ? `, ${plural(failed.length, 'delivery', 'deliveries')} failed:`
              : '; no delivery failed.',
          ),
          failed.length > 0 &&
            el(
              'ul',
              { class: 'failed-list' },
              failed.map((f) =>
                el(
                  'li',
                  { class: 'failed', 'data-alert': f.id },
                  el('span', { class: 'badge badge-negated' }, 'Failed'),
                  ' ',
                  f.actorId
                    ? el('a', { href: actorPath(f.actorId) }, `Watch on ${learnedActor(t, f.actorId)}`)
                    : el('span', {}, `Watch ${f.watchId}`),
                  f.articleId && [' · ', el('a', { href: articlePath(f.articleId) }, 'the article')],
                  ' · ',
                  timeOfDay(f.createdAt),
                  f.lastError && el('span', { class: 'muted failed-error' }, ` — ${f.lastError}`),
                ),
              ),
            ),
          el(
            'p',
            { class: 'muted' },
            'Failed deliveries can be sent again with ',
            el('code', {}, 'claimwire alerts redeliver ID'),
            '.',
          ),
        ),
      ),
    ),
  );
  document.title = 'claimwire — recent reporting';
}

/** @param {TriageResponse} t @param {string} id The actor's display name where the page knows it. */
function learnedActor(t, id) {
  return (
    t.actors.find((a) => a.id === id)?.name ?? t.newAssertions.find((a) => a.subject.id === id)?.subject.name ?? id
  );
}
