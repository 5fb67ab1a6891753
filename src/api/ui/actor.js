// @ts-check
/**
 * The actor page: facts, reporting per month, targeted sectors and countries, aliases with who coined them, vendors
 * reporting, and the latest claims.
 */
import { getActor, getAssertions } from './api.js';
import { assertionsTable } from './assertions.js';
import { barChart, dataTable, timelineChart } from './charts.js';
import { claimCard } from './claims.js';
import { byId, displayed, el, externalLink } from './dom.js';
import { ACTOR_KINDS, formatDate, humanize, nameOf, plural, timeEl } from './format.js';
import { focusHeading, loadingView, replaceView } from './router.js';
import { emptyState, searchUrl } from './search-state.js';
import { learnFromClaims, learnName, store } from './store.js';

/** Assertions the actor page leads with (the rest are a link away). */
const ACTOR_ASSERTIONS = 10;

/** @param {string} id @param {AbortSignal} signal */
export async function showActor(id, signal) {
  loadingView('actor', 'Loading actor profile…');
  // The profile and its assertions together: the page leads with what reporting asserts about the actor.
  const [a, asserted] = await Promise.all([
    getActor(id, signal),
    getAssertions(new URLSearchParams({ entity: id, size: String(ACTOR_ASSERTIONS) }), signal).catch((error) => {
      if (error?.name === 'AbortError') throw error;
      return { ambiguous: /** @type {const} */ (true), error: /** @type {Error} */ (error) };
    }),
  ]);
  if (signal.aborted) return;
  const assertions = asserted.ambiguous === false ? asserted.body : null;
  learnName('actor', a.id, a.name);
  for (const v of a.vendors ?? []) learnName('vendor', v.id, v.name);
  for (const s of a.sectors ?? []) learnName('sector', s.id, s.name);
  for (const c of a.countries ?? []) learnName('country', c.id, c.name);
  learnFromClaims(a.latest);
  byId('search-input').value = '';
  const aliasNames = [a.name, ...(a.aliases ?? []).map((x) => x.name)];
  store.aliases.set(a.id, aliasNames);
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
          el('a', { class: 'btn btn-primary', href: searchFor({}) }, `All assertions about ${a.name}`),
          el('a', { class: 'btn', href: searchFor({ view: 'claims' }) }, 'Claim cards (evidence)'),
        ),
      ),
      el(
        'section',
        { class: 'panel actor-assertions', 'aria-labelledby': 'assertions-title' },
        el(
          'div',
          { class: 'section-head' },
          el('h2', { id: 'assertions-title' }, `What reporting asserts about ${a.name}`),
          assertions &&
            assertions.total > 0 &&
            el('a', { href: searchFor({}) }, `All ${plural(assertions.total, 'assertion')} →`),
        ),
        !assertions
          ? el('p', { class: 'inline-error', role: 'alert' }, 'The assertions could not be loaded.')
          : assertions.assertions.length > 0
            ? assertionsTable(assertions.assertions, {
                showSubject: false,
                caption: `Assertions about ${a.name}, most independent sources first`,
              })
            : el('p', { class: 'muted' }, 'No assertion about this actor yet.'),
        assertions &&
          assertions.total > assertions.assertions.length &&
          el(
            'p',
            { class: 'muted table-note' },
            `Showing ${assertions.assertions.length} of ${plural(assertions.total, 'assertion')}, most independent sources first.`,
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
            hrefFor: (key) => searchFor({ view: 'claims', from: key, to: key }),
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
          el('a', { href: searchFor({ view: 'claims' }) }, `All ${plural(a.claimCount ?? 0, 'claim')} →`),
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
