/**
 * The analyst's views in headless Chromium against the fake API (fake-api.ts, typed by the server's schemas): the
 * triage home page, the assertions table (sorting, multi-select facets, a row expanding to its quotes), the assertion
 * page and the actor page leading with its assertions.
 *
 *   node --import tsx --test test/browser/ui-assertions.test.ts
 *
 * Screenshots land in test-results/ (gitignored).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium, RESULTS, recordCspViolations } from './chromium.ts';
import { FakeApi } from './fake-api.ts';

describe('analyst views in headless Chromium', { timeout: 180_000 }, () => {
  const api = new FakeApi();
  let server: { url: string; close: () => Promise<void> };
  let closeBrowser: () => Promise<void> = async () => {};
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];

  const base = () => server.url;
  const shot = (name: string, fullPage = false) => page.screenshot({ path: path.join(RESULTS, name), fullPage });
  const rows = () => page.locator('#cards tr.assertion-row');
  const cells = (cls: string) => page.locator(`#cards tr.assertion-row td.${cls}`).allTextContents();
  /** The first (0) or last (1) report of each row as ISO days, from the `datetime` the table puts on each. */
  const dates = async (column: 0 | 1) =>
    (
      await page
        .locator('#cards tr.assertion-row td.date-cell time')
        .evaluateAll((ts) =>
          ts.map((t) => (t as unknown as { getAttribute(n: string): string }).getAttribute('datetime')),
        )
    ).filter((_, i) => i % 2 === column);

  async function assertNoLeakedValues(): Promise<void> {
    const text = (await page.locator('#view').textContent()) ?? '';
    assert.doesNotMatch(text, /\b(false|true|null|undefined|NaN)\b|\[object Object\]/);
  }

  before(async () => {
    const browser = await launchChromium();
    ({ context } = browser);
    closeBrowser = browser.close;
    server = await api.listen();
    context.setDefaultTimeout(10_000);
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await recordCspViolations(context, cspViolations);
  });

  after(async () => {
    await closeBrowser();
    await server?.close();
  });

  it('the home page lists recent reporting, each item linking to its evidence', async () => {
    await page.goto(`${base()}/`);
    await page.locator('h1', { hasText: 'Recent reporting' }).waitFor();
    await page.locator('#triage-new tr.assertion-row').first().waitFor();
    assert.ok(api.requests.includes('/v1/triage?window=7d'));
    // The fake ingested its 26 articles 3 h apart, the newest an hour ago: all within 7 days, 8 within 24 h.
    const stats = await page.locator('.stats .stat').allTextContents();
    assert.equal(stats[0], '26articles ingested');
    assert.equal(stats[1], '4actors reported');
    assert.match(stats[3] ?? '', /^1disputed assertions$/);
    assert.match(stats[5] ?? '', /^1failed deliveries$/);

    // Actors most reported, most first, each to its page.
    const actors = page.locator('#triage-actors .rank-list li');
    assert.deepEqual(await actors.locator('a.rank-name').allTextContents(), [
      'APT10',
      'APT41',
      'Kimsuky',
      'Winnti Group',
    ]);
    assert.equal(await actors.first().locator('a.rank-name').getAttribute('href'), '/actors/apt10');
    assert.equal(await actors.first().locator('a.rank-count').textContent(), '17 articles');

    // New assertions: a table whose objects link to the assertion's evidence; vendors by display name.
    const fresh = page.locator('#triage-new tr.assertion-row');
    assert.equal(await fresh.count(), 10);
    const href = (await fresh.first().locator('a.object-link').getAttribute('href')) ?? '';
    assert.match(href, /^\/assertions\/[0-9a-f]{24}$/);
    const vendors = (await page.locator('#triage-new td.vendors-cell').allTextContents()).join(' ');
    assert.match(vendors, /FireEye/);
    assert.doesNotMatch(vendors, /fireeye|trend-micro/);

    // Disputed: the telecommunications denial, marked.
    const disputed = page.locator('#triage-disputed tr.assertion-row');
    assert.equal(await disputed.count(), 1);
    assert.match((await disputed.textContent()) ?? '', /targets sector\s*Telecommunications.*Disputed ×4/);

    // Latest articles link to the stored article; the failed delivery names its error and links its article.
    const latest = page.locator('#triage-articles .article-list li');
    assert.equal(await latest.count(), 10);
    assert.match((await latest.first().locator('a').getAttribute('href')) ?? '', /^\/articles\/[0-9a-f]{32}$/);
    const failed = page.locator('#triage-watches li.failed');
    assert.equal(await failed.count(), 1);
    assert.match((await failed.textContent()) ?? '', /Watch on APT10 · the article · .* — the webhook answered 500/);
    await assertNoLeakedValues();
    await shot('home.png', true);

    // The last 24 hours: fewer articles, asked of the API with window=24h.
    await page.locator('.window-switch a[data-window="24h"]').click();
    await page.waitForURL(/\/\?window=24h$/);
    await page.locator('.window-switch a[aria-current="page"][data-window="24h"]').waitFor();
    assert.ok(api.requests.includes('/v1/triage?window=24h'));
    assert.equal((await page.locator('.stats .stat').allTextContents())[0], '8articles ingested');

    // An item opens its evidence.
    await page.goto(`${base()}/`);
    await page.locator('#triage-new a.object-link').first().click();
    await page.waitForURL(/\/assertions\/[0-9a-f]{24}$/);
    await page.locator('.assertion-page h1').waitFor();
  });

  it('the assertions table is the default results view and sorts by sources, first or last report', async () => {
    await page.goto(`${base()}/?entity=apt10`);
    await rows().first().waitFor();
    assert.equal(await page.locator('#view-switch a[aria-current="page"]').textContent(), 'Assertions');
    const total = (api.searchAssertions(new URLSearchParams('entity=apt10')).body as { total: number }).total;
    assert.equal(await page.locator('#result-status').textContent(), `${total} assertions about APT10`);
    assert.equal(await rows().count(), Math.min(20, total));
    // Sources, most first (the number before any "(articles)").
    const sources = (await cells('sources-cell')).map((t) => Number.parseInt(t, 10));
    assert.deepEqual(
      sources,
      [...sources].sort((x, y) => y - x),
    );
    assert.ok((sources[0] ?? 0) > (sources[sources.length - 1] ?? 0), `sources vary: ${sources.join(',')}`);
    assert.equal(await page.locator('th[aria-sort]').getAttribute('aria-sort'), 'descending');
    const predicates = new Set(await cells('predicate-cell'));
    assert.deepEqual([...predicates].sort(), ['is sponsored by', 'targets country', 'targets sector']);
    await assertNoLeakedValues();
    await shot('assertions-table.png', true);

    // Last report, newest first.
    await page.locator('button.sort-button[data-sort="last"]').click();
    await page.waitForURL(/\/\?entity=apt10&sort=last$/);
    await page.locator('th[aria-sort="descending"] button[data-sort="last"]').waitFor();
    assert.ok(api.requests.includes('/v1/assertions?entity=apt10&sort=last&size=20'));
    const last = await dates(1);
    assert.equal(last.length, Math.min(20, total));
    assert.deepEqual(last, [...last].sort().reverse());

    // First report, oldest first.
    await page.locator('button.sort-button[data-sort="first"]').click();
    await page.waitForURL(/\/\?entity=apt10&sort=first$/);
    await page.locator('th[aria-sort="ascending"] button[data-sort="first"]').waitFor();
    const first = await dates(0);
    assert.deepEqual(first, [...first].sort());
    assert.notDeepEqual(first, [...last].sort(), 'the first and last columns differ');

    // Everything (no entity) sorts too, and stays a search of everything.
    await page.goto(`${base()}/?all`);
    await page.locator('#results-title', { hasText: 'All assertions' }).waitFor();
    await page.locator('button.sort-button[data-sort="last"]').click();
    await page.waitForURL(/\/\?all&sort=last$/);
    await page.locator('th[aria-sort="descending"] button[data-sort="last"]').waitFor();
    const everything = await dates(1);
    assert.deepEqual(everything, [...everything].sort().reverse());
    assert.ok(new Set(await cells('subject-cell')).size > 1, 'several actors, with an actor column');
  });

  it('multi-select facets combine: values of one group widen, groups narrow; counts keep alternatives visible', async () => {
    await page.goto(`${base()}/?entity=apt10`);
    await rows().first().waitFor();
    const sector = (key: string) => page.locator(`button.facet[data-facet="sector"][data-key="${key}"]`);
    await sector('pharmaceutical').click();
    await page.waitForURL(/\/\?entity=apt10&sector=pharmaceutical$/);
    await sector('pharmaceutical').and(page.locator('[aria-pressed="true"]')).waitFor();
    assert.deepEqual(await cells('object-cell'), ['Pharmaceutical']);
    // Every other sector is still offered, counted as if it were added.
    assert.ok((await page.locator('button.facet[data-facet="sector"]').count()) >= 8);

    await sector('engineering').click();
    await page.waitForURL(/sector=pharmaceutical&sector=engineering$/);
    await sector('engineering').and(page.locator('[aria-pressed="true"]')).waitFor();
    await page.locator('#cards tr.assertion-row', { hasText: 'Engineering' }).waitFor();
    assert.deepEqual((await cells('object-cell')).sort(), ['Engineering', 'Pharmaceutical']);
    assert.ok(api.requests.includes('/v1/assertions?entity=apt10&object=pharmaceutical&object=engineering&size=20'));

    // A country in the same request: sectors and countries are both the assertion's object, so either matches.
    await page.locator('button.facet[data-facet="country"][data-key="JP"]').click();
    await page.waitForURL(/country=JP$/);
    await page.locator('#cards tr.assertion-row', { hasText: 'Japan' }).waitFor();
    assert.deepEqual((await cells('object-cell')).sort(), ['Engineering', 'Japan', 'Pharmaceutical']);

    // Another group narrows: only those Symantec asserts (Symantec reported pharmaceutical and Japan, not engineering).
    await page.locator('button.facet[data-facet="vendor"][data-key="symantec"]').click();
    await page.waitForURL(/vendor=symantec/);
    await page.locator('#chips .chip-removable', { hasText: 'Asserted by: Symantec' }).waitFor();
    await page.locator('#cards tr.assertion-row', { hasText: 'Engineering' }).waitFor({ state: 'detached' });
    assert.deepEqual((await cells('object-cell')).sort(), ['Japan', 'Pharmaceutical']);
    for (const v of await cells('vendors-cell')) assert.match(v, /Symantec/);
    assert.equal(await page.locator('#chips .chip-removable').count(), 4);
    await shot('assertions-facets.png');

    // A date range narrows to what was reported in it.
    await page.locator('#refine-from').fill('2021');
    await page.locator('#refine-to').fill('2021');
    await page.locator('.refine-apply').click();
    await page.waitForURL(/from=2021&to=2021/);
    await page.locator('#chips .chip-removable', { hasText: 'Reported: 2021' }).waitFor();
    await page.locator('#cards tr.assertion-row', { hasText: 'Japan' }).waitFor({ state: 'detached' });
    assert.deepEqual(await cells('object-cell'), ['Pharmaceutical']);
    await page.locator('#chips button', { hasText: 'Clear all' }).click();
    await page.waitForURL(/\/\?entity=apt10$/);
  });

  it('a row expands to its quotes, grouped by article, and the assertion page shows the counter-evidence', async () => {
    await page.goto(`${base()}/?entity=apt10`);
    const row = page.locator('#cards tr.assertion-row', { hasText: 'Telecommunications' });
    await row.waitFor();
    const id = (await row.getAttribute('data-assertion')) ?? '';
    const expected = api.assertion(id);
    assert.ok(expected);
    const toggle = row.locator('button.expand');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.locator(`#assertion-detail-${id}`).isHidden(), true);
    await toggle.click();
    const detail = page.locator(`#assertion-detail-${id}`);
    await detail.locator('.evidence').first().waitFor();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.ok(api.requests.includes(`/v1/assertions/${id}`));
    // Its quotes: the supporting articles (up to six shown), then the denials.
    const quotes = await detail.locator(':scope > td > .assertion-quotes > .evidence-list .quote').allTextContents();
    assert.deepEqual(
      quotes,
      expected.evidence.slice(0, 6).flatMap((e) => e.quotes.map((q) => q.quote)),
    );
    assert.ok(
      quotes.every((q) => /telecom operators/.test(q)),
      quotes.join(' | '),
    );
    const denials = await detail.locator('.counter .quote').allTextContents();
    assert.equal(denials.length, 3, 'three of the four denials are shown in the row');
    assert.ok(denials.every((q) => /^There is no evidence linking APT10 to the breach of/.test(q)));
    assert.match((await detail.locator('.counter-title').textContent()) ?? '', /Disputed by 4 articles/);
    assert.ok((await detail.locator('mark.hl-actor').count()) > 0, "the actor's names are marked");
    await assertNoLeakedValues();
    await shot('assertion-expanded.png');

    // Closing it hides the quotes again without asking the API twice.
    const asked = api.requests.filter((r) => r === `/v1/assertions/${id}`).length;
    await toggle.click();
    assert.equal(await detail.isHidden(), true);
    await toggle.click();
    assert.equal(await detail.isVisible(), true);
    assert.equal(api.requests.filter((r) => r === `/v1/assertions/${id}`).length, asked);

    // The assertion's page: every article for and against, and the confidence.
    await detail.locator('.detail-links a').click();
    await page.waitForURL(new RegExp(`/assertions/${id}$`));
    await page.locator('.assertion-page h1').waitFor();
    assert.equal(await page.locator('.assertion-page h1').textContent(), 'APT10 targets sector Telecommunications');
    assert.equal(await page.title(), 'APT10 targets sector Telecommunications — claimwire');
    assert.equal(
      await page.locator('section[aria-labelledby="evidence-title"] .evidence').count(),
      expected.evidence.length,
    );
    assert.equal(await page.locator('section[aria-labelledby="counter-title"] .evidence').count(), 4);
    assert.match(
      (await page.locator('dl.facts').textContent()) ?? '',
      new RegExp(`Confidence${expected.confidence} / 100`),
    );
    await shot('assertion-page.png', true);
  });

  it('the actor page leads with its assertions', async () => {
    await page.goto(`${base()}/actors/apt10`);
    const table = page.locator('.actor-assertions table.assertions-table');
    await table.waitFor();
    // The assertions come before the charts and the claims.
    const sections = await page
      .locator('.profile > section, .profile > div')
      .evaluateAll((ns) => ns.map((n) => (n as unknown as { className: string }).className));
    assert.match(sections[0] ?? '', /actor-assertions/);
    assert.equal(await table.locator('tr.assertion-row').count(), 10);
    assert.equal(await table.locator('th', { hasText: 'Actor' }).count(), 0, 'no actor column on its own page');
    const total = (api.searchAssertions(new URLSearchParams('entity=apt10')).body as { total: number }).total;
    assert.equal(await page.locator('.actor-assertions .section-head a').textContent(), `All ${total} assertions →`);
    assert.equal(await page.locator('.actor-assertions .section-head a').getAttribute('href'), '/?entity=apt10');
    const vendors = (await table.locator('td.vendors-cell').allTextContents()).join(' ');
    assert.match(vendors, /CrowdStrike/);
    assert.doesNotMatch(vendors, /crowdstrike|trend-micro/);
    await assertNoLeakedValues();
    await shot('actor.png', true);
  });

  it('ran under the CSP without violations or errors', () => {
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(pageErrors, []);
  });
});
