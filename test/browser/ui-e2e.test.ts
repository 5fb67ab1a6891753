/**
 * The web UI end to end: the real `claimwire serve` app on a port, the real Elasticsearch behind it holding articles
 * written for the tests, and Debian's headless Chromium driven by playwright-core. Type "Stone Panda", pick the
 * suggestion, see APT10's claims with quotes and source links, open the actor page and see its charts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { type RunningServer, startServer } from '../../src/api/server.ts';
import { defaultCatalog, extractArticle } from '../../src/extract/index.ts';
import { connectElasticsearch } from '../../src/store/client.ts';
import { ensureIndices, indexNames, refreshIndices } from '../../src/store/indices.ts';
import { storeExtraction } from '../../src/store/ingest-store.ts';
import { cleanup, type TestEnv, testEnv } from '../integration/support.ts';
import { launchChromium, RESULTS } from './chromium.ts';

describe('web UI end to end on the real server and Elasticsearch', { timeout: 5 * 60_000 }, () => {
  let t: TestEnv;
  let server: RunningServer;
  let closeBrowser: () => Promise<void> = async () => {};
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    t = await testEnv();
    const { client } = await connectElasticsearch({ url: t.elasticsearchUrl });
    const names = indexNames(t.prefix);
    await ensureIndices(client, names);
    const catalog = defaultCatalog();
    for (const name of ['apt10-symantec-2020.json', 'apt10-fireeye-2017.json']) {
      const o = JSON.parse(readFileSync(new URL(`../fixtures/articles/${name}`, import.meta.url), 'utf8'));
      const r = extractArticle({ ...o, authors: [], modified: null, language: 'en', paragraphs: [] });
      await storeExtraction(
        client,
        names,
        r,
        { normalizedUrl: o.url, parsedAt: o.published, ingestedAt: new Date().toISOString() },
        catalog.actors,
      );
    }
    await refreshIndices(client, names);
    await client.close();
    server = await startServer({ settings: t.settings, elasticsearchUrl: t.elasticsearchUrl, catalog, port: 0 });
    const browser = await launchChromium();
    ({ context } = browser);
    closeBrowser = browser.close;
    context.setDefaultTimeout(15_000);
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  after(async () => {
    await closeBrowser();
    await server?.close();
    if (t) await cleanup(t);
  });

  it('finds APT10 from "Stone Panda", shows quoted claims with sources, and draws the actor page', async () => {
    await page.goto(`${server.url}/`);
    const input = page.locator('#search-input');
    await input.pressSequentially('Stone Panda', { delay: 20 });
    const option = page.locator('#suggestions [role="option"]').first();
    await option.waitFor();
    assert.match((await option.textContent()) ?? '', /Stone Panda.*APT10/s);
    await option.click();
    await page.waitForURL(/entity=apt10/);
    // The assertions table first, from the real /v1/assertions; the claim cards are the evidence view beside it.
    const japan = page.locator('#cards tr.assertion-row', { hasText: 'Japan' });
    await japan.waitFor();
    assert.match((await japan.textContent()) ?? '', /targets country\s*Japan/);
    await japan.locator('button.expand').click();
    await page.locator('tr.assertion-detail .evidence .quote').first().waitFor();
    await page.screenshot({ path: path.join(RESULTS, 'e2e-assertions.png'), fullPage: true });
    await page.locator('#view-switch a[data-view="claims"]').click();
    await page.waitForURL(/view=claims/);
    const cards = page.locator('.claim-card');
    await cards.first().waitFor();
    assert.ok((await cards.count()) >= 10);
    const quotes = await page.locator('.claim-card .quote').allTextContents();
    assert.ok(
      quotes.some((q) =>
        q.includes('The campaign also hit organizations in Mexico, France and the U.S., Symantec said.'),
      ),
    );
    const sources = await page
      .locator('.claim-card a.source-link')
      .evaluateAll((as) => as.map((a) => (a as unknown as { href: string }).href));
    assert.ok(sources.includes('https://news.example.test/2020/11/symantec-apt10-japan'));
    await page.screenshot({ path: path.join(RESULTS, 'e2e-search.png'), fullPage: true });

    await page.goto(`${server.url}/actors/apt10`);
    await page.locator('svg.chart-timeline').waitFor();
    assert.equal(
      await page.locator('svg.chart-timeline rect.bar').count(),
      2,
      'two months of reporting: 2017-11 and 2020-11',
    );
    const sectors = await page
      .locator('section[aria-labelledby="sectors-title"] svg text.hbar-label')
      .allTextContents();
    for (const s of ['Pharmaceutical', 'Automotive', 'Aerospace'])
      assert.ok(
        sectors.some((x) => x.includes(s)),
        s,
      );
    const countries = await page
      .locator('section[aria-labelledby="countries-title"] svg text.hbar-label')
      .allTextContents();
    assert.ok(countries.some((c) => c.includes('Japan')));
    await page.screenshot({ path: path.join(RESULTS, 'e2e-actor.png'), fullPage: true });
    assert.deepEqual(pageErrors, []);
  });
});
