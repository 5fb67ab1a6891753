/**
 * The web UI in a real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core; no browser is ever
 * downloaded), against the fake API in fake-api.ts, which serves the real src/api/ui files under the production CSP.
 *
 *   node --import tsx --test test/browser/ui.test.ts
 *
 * Screenshots land in test-results/ (gitignored).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium, RESULTS, recordCspViolations } from './chromium.ts';
import { FakeApi, HOSTILE_QUOTE, HOSTILE_TITLE } from './fake-api.ts';

describe('web UI in headless Chromium', { timeout: 180_000 }, () => {
  const api = new FakeApi();
  let server: { url: string; close: () => Promise<void> };
  let closeBrowser: () => Promise<void> = async () => {};
  let context: BrowserContext;
  let page: Page;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  const foreignRequests: string[] = [];
  const cspViolations: string[] = [];

  const base = () => server.url;
  const shot = (name: string, fullPage = false) => page.screenshot({ path: path.join(RESULTS, name), fullPage });

  /** A rendering slip (a `false` or `undefined` turned into text) would show up here. */
  async function assertNoLeakedValues(): Promise<void> {
    const text = (await page.locator('#view').textContent()) ?? '';
    assert.doesNotMatch(text, /\b(false|true|null|undefined|NaN)\b|\[object Object\]/);
  }

  async function searchFromBox(text: string): Promise<void> {
    const input = page.locator('#search-input');
    await input.fill(text);
    await input.press('Enter');
  }

  before(async () => {
    const browser = await launchChromium();
    ({ context } = browser);
    closeBrowser = browser.close;
    server = await api.listen();
    context.setDefaultTimeout(10_000);
    page = context.pages()[0] ?? (await context.newPage());
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(`${server.url}/`) && !r.url().startsWith('data:')) foreignRequests.push(r.url());
    });
    await recordCspViolations(context, cspViolations);
  });

  after(async () => {
    await closeBrowser();
    await server?.close();
  });

  it('autocompletes aliases: typing "Stone Panda" suggests APT10, keyboard picks it', async () => {
    await page.goto(`${base()}/`);
    await page.locator('h1', { hasText: 'Recent reporting' }).waitFor();
    const before = api.requests.filter((r) => r.startsWith('/v1/actors?')).length;
    const input = page.locator('#search-input');
    await input.click();
    await input.pressSequentially('Stone Panda', { delay: 25 });
    const option = page.locator('#suggestions [role="option"]').first();
    await option.waitFor();
    assert.match((await option.textContent()) ?? '', /Stone Panda\s*→\s*APT10/);
    assert.equal(await input.getAttribute('aria-expanded'), 'true');
    const lookups = api.requests.filter((r) => r.startsWith('/v1/actors?')).length - before;
    assert.ok(lookups >= 1 && lookups <= 3, `autocompletion is debounced (${lookups} look-ups for 11 keystrokes)`);

    await input.press('ArrowDown');
    assert.equal(await input.getAttribute('aria-activedescendant'), 'suggestion-0');
    assert.equal(await option.getAttribute('aria-selected'), 'true');
    await shot('autocomplete.png');
    await input.press('Enter');
    await page.waitForURL(/\/\?entity=apt10$/);
    assert.equal(await page.locator('#suggestions').isHidden(), true);
    assert.equal(await input.getAttribute('aria-expanded'), 'false');
    assert.ok(
      api.requests.some((r) => /^\/v1\/assertions\?entity=apt10&size=20$/.test(r)),
      'picking the suggestion searches by the actor id',
    );
  });

  it('shows APT10 claim cards with highlighted quotes, badges and source links', async () => {
    // The claim cards are the evidence view, a switch away from the assertions table.
    await page.locator('#view-switch a[data-view="claims"]').click();
    await page.waitForURL(/\/\?entity=apt10&view=claims$/);
    assert.equal(await page.locator('#view-switch a[aria-current="page"]').textContent(), 'Claim cards');
    const cards = page.locator('.claim-card');
    await cards.first().waitFor();
    assert.equal(await cards.count(), 20);
    assert.equal(await page.locator('#results-title').textContent(), 'APT10');
    assert.equal(await page.locator('#result-status').getAttribute('aria-live'), 'polite');
    const total = api.claims.filter((c) => c.subject.id === 'apt10' && !c.negated).length;
    assert.equal(await page.locator('#result-status').textContent(), `Showing 20 of ${total} claims about APT10`);
    assert.equal(await page.locator('#search-input').inputValue(), 'APT10');

    const statements = await page.locator('.claim-statement').allTextContents();
    assert.ok(
      statements.every((s) => s.startsWith('APT10 ')),
      'every claim is about APT10',
    );
    assert.ok(
      statements.some((s) => /^APT10 targets sector \S/.test(s)),
      'a claim reads "APT10 targets sector …"',
    );
    assert.ok((await page.locator('.quote mark.hl-actor').count()) > 10, 'aliases are highlighted in quotes');
    assert.ok((await page.locator('.quote mark.hl-object').count()) > 5, 'objects are highlighted in quotes');
    const marked = await page.locator('.quote mark.hl-actor').allTextContents();
    assert.ok(marked.includes('Stone Panda') && marked.includes('Cicada'), `aliases marked: ${marked.join(', ')}`);
    assert.ok((await page.locator('.claim-card .badge-hedged').count()) > 0, 'hedged claims carry a badge');

    const sources = page.locator('.claim-card a.source-link');
    assert.ok((await sources.count()) >= 19);
    for (const link of await sources.all()) {
      assert.match((await link.getAttribute('href')) ?? '', /^https:\/\//);
      assert.equal(await link.getAttribute('target'), '_blank');
      assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
    }
    const articleLinks = page.locator('.claim-card a.article-link');
    assert.match((await articleLinks.first().getAttribute('href')) ?? '', /^\/articles\/[0-9a-f]{32}$/);
    const metas = await page.locator('.claim-card .meta-line').allTextContents();
    assert.ok(
      metas.some((m) => /Reported by: .*PwC/.test(m)),
      'the vendors reporting it are named',
    );
    assert.ok(
      metas.every((m) => /\d{4}/.test(m)),
      'every card shows its published date',
    );
    await assertNoLeakedValues();
    await shot('search.png');
    await shot('search-full.png', true);
  });

  it('facets toggle filters; chips remove them', async () => {
    const pharma = page.locator('button.facet[data-facet="sector"][data-key="pharmaceutical"]');
    assert.equal(await pharma.getAttribute('aria-pressed'), 'false');
    await pharma.click();
    await page.waitForURL(/sector=pharmaceutical/);
    await page.locator('button.facet[data-facet="sector"][data-key="pharmaceutical"][aria-pressed="true"]').waitFor();
    const chip = page.locator('#chips .chip-removable', { hasText: 'Sector: Pharmaceutical' });
    await chip.waitFor();
    const statements = await page.locator('.claim-statement').allTextContents();
    assert.ok(statements.length > 0);
    assert.ok(
      statements.every((s) => s === 'APT10 targets sector Pharmaceutical'),
      statements.join(' | '),
    );
    assert.ok(
      api.requests.some((r) => r === '/v1/claims?entity=apt10&sector=pharmaceutical&size=20'),
      'the facet adds sector= to the query',
    );
    await assertNoLeakedValues();
    await shot('search-filtered.png');

    // A month facet adds from/to for that month.
    const month = page.locator('button.facet[data-facet="month"]').first();
    const key = (await month.getAttribute('data-key')) ?? '';
    await month.click();
    await page.waitForURL(new RegExp(`from=${key}&to=${key}`));
    await page.locator('#chips .chip-removable', { hasText: 'Published:' }).waitFor();
    assert.equal(await page.locator('#chips .chip-removable').count(), 2);
    assert.equal(await page.locator('#chips button', { hasText: 'Clear all' }).count(), 1);
    await assertNoLeakedValues();

    await page.locator('#chips .chip-removable', { hasText: 'Sector: Pharmaceutical' }).click();
    await page.waitForURL((u) => !u.search.includes('sector='));
    await page.locator('#chips .chip-removable', { hasText: 'Published:' }).click();
    await page.waitForURL(/\/\?entity=apt10&view=claims$/);
    await page.locator('#chips .chip-removable').first().waitFor({ state: 'detached' });
    assert.equal(await page.locator('.claim-card').count(), 20);
  });

  it('"Load more" follows the next cursor', async () => {
    await page.locator('#load-more').click();
    // Wait with locators, never waitForFunction(string): its polling evals in the page, which the CSP forbids.
    await page.locator('.claim-card').nth(20).waitFor();
    const total = api.claims.filter((c) => c.subject.id === 'apt10' && !c.negated).length;
    assert.equal(await page.locator('.claim-card').count(), Math.min(40, total));
    assert.ok(api.requests.some((r) => r.startsWith('/v1/claims?entity=apt10&size=20&cursor=')));
  });

  it('offers CSV, JSON Lines and STIX exports of the current search', async () => {
    const hrefs = await page
      .locator('#exports a.export')
      .evaluateAll((links) =>
        links.map((a) => (a as unknown as { getAttribute(n: string): string | null }).getAttribute('href')),
      );
    assert.deepEqual(hrefs, [
      '/v1/claims?entity=apt10&format=csv',
      '/v1/claims?entity=apt10&format=jsonl',
      '/v1/claims?entity=apt10&format=stix',
    ]);
    const csv = await page.request.get(`${base()}${hrefs[0]}`);
    assert.equal(csv.status(), 200);
    assert.match(csv.headers()['content-type'] ?? '', /text\/csv/);
  });

  it('an ambiguous name shows its candidates to choose from', async () => {
    await searchFromBox('Winnti');
    await page.waitForURL(/entity=Winnti$/);
    const candidates = page.locator('a.candidate');
    await candidates.first().waitFor();
    assert.deepEqual(await page.locator('.candidate-name').allTextContents(), ['APT41', 'Winnti Group']);
    assert.match((await page.locator('#result-status').textContent()) ?? '', /ambiguous/);
    await assertNoLeakedValues();
    await shot('ambiguous.png');
    await candidates.first().click();
    await page.waitForURL(/entity=apt41$/);
    await page.locator('#results-title', { hasText: 'APT41' }).waitFor();
    await page.locator('tr.assertion-row').first().waitFor();
    assert.ok(api.requests.includes('/v1/assertions?entity=apt41&size=20'));
  });

  it('the actor page draws the reporting timeline and sector/country bar charts as SVG', async () => {
    await searchFromBox('Stone Panda');
    await page.locator('#results-title', { hasText: 'APT10' }).waitFor();
    await page.locator('#resolved a', { hasText: 'Actor profile' }).click();
    await page.waitForURL(/\/actors\/apt10$/);
    await page.locator('h1', { hasText: 'APT10' }).waitFor();
    const profile = api.actor('apt10');
    assert.ok(profile);
    const facts = (await page.locator('dl.facts').textContent()) ?? '';
    assert.match(facts, /G0045/);
    assert.match(facts, /China/);
    assert.match(facts, /State-sponsored/);

    const bars = page.locator('svg.chart-timeline rect.bar');
    assert.equal(await bars.count(), profile.months.length, 'one bar per month with reporting');
    assert.ok((await bars.count()) > 5);
    const sectorLabels = await page
      .locator('section[aria-labelledby="sectors-title"] svg text.hbar-label')
      .allTextContents();
    assert.deepEqual(
      sectorLabels,
      profile.sectors.map((s) => s.name),
    );
    assert.ok(sectorLabels.includes('Pharmaceutical'));
    assert.equal(
      await page.locator('section[aria-labelledby="sectors-title"] svg rect.hbar').count(),
      profile.sectors.length,
    );
    const countryLabels = await page
      .locator('section[aria-labelledby="countries-title"] svg text.hbar-label')
      .allTextContents();
    assert.ok(countryLabels.includes('Japan') && countryLabels.includes('United States'), countryLabels.join(', '));
    const counts = await page
      .locator('section[aria-labelledby="countries-title"] svg text.hbar-count')
      .allTextContents();
    assert.deepEqual(
      counts,
      profile.countries.map((c) => String(c.count)),
    );
    const aliasRow = page.locator('.alias-table tr', { hasText: 'Stone Panda' });
    assert.match((await aliasRow.textContent()) ?? '', /CrowdStrike/);
    assert.ok((await page.locator('.latest .claim-card').count()) > 0, 'latest claims are shown');
    await assertNoLeakedValues();
    await shot('actor.png', true);

    // A sector bar is a link to the search filtered by that sector.
    await page.locator('section[aria-labelledby="sectors-title"] a.hbar-link').first().click();
    await page.waitForURL(/\/\?entity=apt10&sector=/);
    await page.locator('#chips .chip-removable', { hasText: 'Sector:' }).waitFor();
  });

  it('the article page highlights entity spans by kind, with a legend', async () => {
    const article = api.articles.find((a) => a.claims.length >= 5 && a.spans.some((s) => s.kind === 'percentage'));
    assert.ok(article);
    await page.goto(`${base()}/articles/${article.id}`);
    await page.locator('h1.article-title').waitFor();
    assert.equal(await page.locator('h1.article-title').textContent(), article.title);
    for (const kind of ['actor', 'vendor', 'sector', 'country', 'date', 'percentage']) {
      const expected: string[] = article.spans.filter((s) => s.kind === kind).map((s) => s.text);
      assert.deepEqual(await page.locator(`#article-text mark.ent-${kind}`).allTextContents(), expected, kind);
    }
    assert.equal(await page.locator('fieldset.legend label.legend-item').count(), 6);
    assert.equal(await page.locator('.article-claims .claim-card').count(), article.claims.length);
    await assertNoLeakedValues();
    await shot('article.png', true);

    await page.locator('#legend-vendor').uncheck();
    assert.match((await page.locator('#article-text').getAttribute('class')) ?? '', /hide-vendor/);
    await page.locator('#legend-vendor').check();

    await page.locator('.article-claims button.show-in-text').first().click();
    await page.locator('#article-text .cited.is-flashing').waitFor();
  });

  it('markup in titles, quotes and text is shown as text; javascript: URLs never become links', async () => {
    await page.goto(`${base()}/?entity=Stone%20Panda&view=claims`);
    const card = page.locator('.claim-card').first();
    await card.waitFor();
    assert.equal(await card.locator('.article-link').textContent(), HOSTILE_TITLE);
    assert.equal(await card.locator('.quote').textContent(), HOSTILE_QUOTE);
    assert.equal(await card.locator('.publisher').textContent(), '<b>Evil</b> Publisher');
    assert.equal(await card.locator('a.source-link').count(), 0, 'a javascript: source is not linked');
    await shot('hostile-card.png');

    await card.locator('a.article-link').click();
    await page.locator('h1.article-title').waitFor();
    assert.equal(await page.locator('h1.article-title').textContent(), HOSTILE_TITLE);
    assert.match((await page.locator('#article-text').textContent()) ?? '', /<script>alert\(2\)<\/script>/);
    await shot('hostile-article.png');

    assert.equal(await page.locator('img').count(), 0, 'no img element was created');
    assert.equal(await page.locator('#view script, #view svg[onload], #view [onerror]').count(), 0);
    assert.equal(await page.locator('a[href^="javascript:"]').count(), 0);
    assert.deepEqual(dialogs, [], 'no dialog fired');
  });

  it('deep links load directly; unknown ids say so', async () => {
    await page.goto(`${base()}/actors/apt10`);
    await page.locator('h1', { hasText: 'APT10' }).waitFor();
    assert.equal(await page.title(), 'APT10 — claimwire');
    await page.goBack();
    await page.locator('h1.article-title').waitFor();
    await page.goto(`${base()}/actors/no-such-actor`);
    await page.locator('.error-panel h1', { hasText: 'Not found' }).waitFor();
    assert.match((await page.locator('.error-panel').textContent()) ?? '', /no actor with id/);
  });

  it('says so when the search backend is unavailable (503)', async () => {
    api.elasticsearchDown = true;
    try {
      await page.goto(`${base()}/?entity=apt10`);
      const panel = page.locator('.error-panel[role="alert"]');
      await panel.waitFor();
      assert.equal(await panel.locator('h1').textContent(), 'Temporarily unavailable');
      assert.match(
        (await panel.textContent()) ?? '',
        /Elasticsearch is not answering; try again shortly\. Retry in 5 s\./,
      );
      await shot('unavailable.png');
    } finally {
      api.elasticsearchDown = false;
    }
    await page.locator('.error-panel button', { hasText: 'Try again' }).click();
    await page.locator('tr.assertion-row').first().waitFor();
  });

  it('lays out on a phone-sized screen without horizontal scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base()}/?entity=apt10`);
    await page.locator('tr.assertion-row').first().waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
    await shot('mobile-search.png');
    await page.goto(`${base()}/?entity=apt10&view=claims`);
    await page.locator('.claim-card').first().waitFor();
    assert.ok((await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth')) <= 0);
    await page.goto(`${base()}/`);
    await page.locator('#triage-new').waitFor();
    assert.ok((await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth')) <= 0);
    await shot('mobile-home.png', true);
    await page.goto(`${base()}/actors/apt10`);
    await page.locator('svg.chart-timeline').waitFor();
    assert.ok((await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth')) <= 0);
    await shot('mobile-actor.png', true);
    await page.setViewportSize({ width: 1360, height: 900 });
  });

  it('ran under the CSP without violations, errors or requests off the origin', async () => {
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(pageErrors, []);
    // The deliberate 404 (unknown actor) and 503 (backend down) log failed loads; nothing else may.
    assert.deepEqual(
      consoleErrors.filter((e) => !/status of (404|503)/.test(e)),
      [],
    );
    assert.deepEqual(foreignRequests, []);
    assert.deepEqual(dialogs, []);
  });
});
