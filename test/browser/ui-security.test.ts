/**
 * Stored XSS, in a real browser against the real server: articles whose titles, publishers and quotes carry markup
 * and event handlers, and whose source URLs are `javascript:`, `data:` and disguised schemes, are stored in the real
 * Elasticsearch; `claimwire serve`'s app (with its real CSP) serves them to headless Chromium. Every payload must show
 * as text, no element or handler may come out of the data, no dialog may open, and no hostile URL may become a link.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { type RunningServer, startServer } from '../../src/api/server.ts';
import { defaultCatalog, extractArticle } from '../../src/extract/index.ts';
import { connectElasticsearch } from '../../src/store/client.ts';
import { ensureIndices, indexNames, refreshIndices } from '../../src/store/indices.ts';
import { storeExtraction } from '../../src/store/ingest-store.ts';
import { cleanup, type TestEnv, testEnv } from '../integration/support.ts';
import {
  HOSTILE_ACTOR,
  HOSTILE_PUBLISHER,
  HOSTILE_SENTENCES,
  HOSTILE_TITLE,
  storeHostileArticles,
} from '../integration/xss-articles.ts';
import { launchChromium, RESULTS, recordCspViolations } from './chromium.ts';

describe('hostile articles in the web UI (real server, real Elasticsearch, headless Chromium)', {
  timeout: 5 * 60_000,
}, () => {
  let t: TestEnv;
  let server: RunningServer;
  let closeBrowser: () => Promise<void> = async () => {};
  let context: BrowserContext;
  let page: Page;
  let ids: string[] = [];
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];
  const foreignRequests: string[] = [];

  /** Nothing in the page came out of the data: no element the app does not make, no handler, no hostile link. */
  async function assertInert(where: string): Promise<void> {
    // The app makes one form of its own (refine results), with a known class; any other would come from data.
    const forbidden = await page
      .locator('#view :is(script, img, iframe, object, embed, frame, base, style, link, meta, form:not(.refine))')
      .evaluateAll((nodes) => nodes.map((n) => (n as unknown as { outerHTML: string }).outerHTML.slice(0, 200)));
    assert.deepEqual(forbidden, [], `${where}: an element made from data`);
    const handlers = await page.locator('body *').evaluateAll((nodes) =>
      nodes.flatMap((n) =>
        Array.from((n as unknown as { attributes: { name: string }[] }).attributes)
          .map((a) => a.name)
          .filter((name) => /^on/i.test(name) || name === 'srcdoc' || name === 'style'),
      ),
    );
    assert.deepEqual(handlers, [], `${where}: event handler or style attributes`);
    const hrefs = await page
      .locator('a')
      .evaluateAll((links) =>
        links.map((a) => (a as unknown as { getAttribute(n: string): string | null }).getAttribute('href') ?? ''),
      );
    for (const href of hrefs)
      assert.match(href, /^(\/(?!\/)|#|https?:\/\/)/, `${where}: a link to ${JSON.stringify(href)}`);
    const cites = await page
      .locator('[cite]')
      .evaluateAll((q) => q.map((n) => (n as unknown as { getAttribute(n: string): string }).getAttribute('cite')));
    for (const cite of cites) assert.match(cite, /^https?:\/\//, `${where}: cite=${cite}`);
    assert.equal(await page.locator('#view svg :is(script, foreignObject)').count(), 0, where);
  }

  before(async () => {
    t = await testEnv();
    const { client } = await connectElasticsearch({ url: t.elasticsearchUrl });
    const names = indexNames(t.prefix);
    await ensureIndices(client, names);
    ids = await storeHostileArticles(client, names, defaultCatalog());
    await refreshIndices(client, names);
    await client.close();
    server = await startServer({
      settings: t.settings,
      elasticsearchUrl: t.elasticsearchUrl,
      catalog: defaultCatalog(),
      port: 0,
    });
    const browser = await launchChromium();
    ({ context } = browser);
    closeBrowser = browser.close;
    context.setDefaultTimeout(15_000);
    page = context.pages()[0] ?? (await context.newPage());
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('request', (r) => {
      if (!r.url().startsWith(`${server.url}/`) && !r.url().startsWith('data:')) foreignRequests.push(r.url());
    });
    await recordCspViolations(context, cspViolations);
  });

  after(async () => {
    await closeBrowser();
    await server?.close();
    if (t) await cleanup(t);
  });

  it('search results show hostile titles, publishers and quotes as text and link no hostile source', async () => {
    await page.goto(`${server.url}/?entity=${HOSTILE_ACTOR}&view=claims`);
    const cards = page.locator('.claim-card');
    await cards.first().waitFor();
    while ((await page.locator('#load-more').count()) > 0) {
      const before = await cards.count();
      await page.locator('#load-more').click();
      await cards.nth(before).waitFor();
    }
    const titles = await page.locator('.claim-card .article-link').allTextContents();
    assert.ok(titles.includes(HOSTILE_TITLE), 'the hostile title is shown verbatim');
    assert.ok(titles.some((x) => x.startsWith('"><iframe')));
    const quotes = await page.locator('.claim-card .quote').allTextContents();
    for (const s of HOSTILE_SENTENCES) assert.ok(quotes.includes(s), `quote shown as text: ${s.slice(0, 40)}`);
    const publishers = await page.locator('.claim-card .publisher').allTextContents();
    assert.ok(publishers.every((p) => p === HOSTILE_PUBLISHER));
    assert.equal(await page.locator('.claim-card a.source-link').count(), 0, 'no hostile source became a link');
    assert.equal(await page.locator('.claim-card .source-link.is-unlinked').count(), await cards.count());
    await assertInert('search');
    await page.screenshot({ path: path.join(RESULTS, 'security-search.png'), fullPage: true });
  });

  it('the assertions table and its expanded quotes show the hostile text as text', async () => {
    await page.goto(`${server.url}/?entity=${HOSTILE_ACTOR}`);
    const rows = page.locator('#cards tr.assertion-row');
    await rows.first().waitFor();
    for (const toggle of await page.locator('#cards tr.assertion-row button.expand').all()) await toggle.click();
    const details = page.locator('#cards tr.assertion-detail');
    for (const d of await details.all()) await d.locator('.evidence, .inline-error').first().waitFor();
    assert.equal(await page.locator('#cards tr.assertion-detail .inline-error').count(), 0);
    const quotes = await page.locator('#cards tr.assertion-detail .quote').allTextContents();
    assert.ok(
      HOSTILE_SENTENCES.some((s) => quotes.some((q) => q.includes(s))),
      'a hostile sentence is quoted as text',
    );
    const titles = await page.locator('#cards tr.assertion-detail a.article-link').allTextContents();
    assert.ok(titles.includes(HOSTILE_TITLE), 'the hostile title is shown verbatim');
    await assertInert('assertions table');
    await page.screenshot({ path: path.join(RESULTS, 'security-assertions.png'), fullPage: true });

    // The assertion's page, and the home page listing the hostile articles as recently ingested.
    const href = (await page.locator('#cards tr.assertion-detail .detail-links a').first().getAttribute('href')) ?? '';
    assert.match(href, /^\/assertions\/[0-9a-f]{24}$/);
    await page.goto(`${server.url}${href}`);
    await page.locator('.assertion-page h1').waitFor();
    await assertInert('assertion page');
    await page.goto(`${server.url}/`);
    await page.locator('#triage-articles').waitFor();
    const latest = await page.locator('#triage-articles a.article-link').allTextContents();
    assert.ok(latest.includes(HOSTILE_TITLE), 'the home page shows the hostile title as text');
    await assertInert('home page');
  });

  it('article pages show the hostile text as text, with no link to the hostile source', async () => {
    for (const id of ids) {
      await page.goto(`${server.url}/articles/${id}`);
      await page.locator('h1.article-title').waitFor();
      await page.locator('.article-claims .claim-card').first().waitFor();
      assert.equal(await page.locator('.page-head a.source-link').count(), 0, `${id}: source linked`);
      await assertInert(`article ${id}`);
    }
    await page.goto(`${server.url}/articles/${ids[0]}`);
    await page.locator('h1.article-title').waitFor();
    assert.equal(await page.locator('h1.article-title').textContent(), HOSTILE_TITLE);
    assert.equal(await page.locator('.page-head .kicker').textContent(), HOSTILE_PUBLISHER);
    assert.equal(await page.title(), `${HOSTILE_TITLE} — claimwire`);
    const text = (await page.locator('#article-text').textContent()) ?? '';
    for (const s of HOSTILE_SENTENCES) assert.ok(text.includes(s), `article text keeps ${s.slice(0, 30)}`);
    await page.screenshot({ path: path.join(RESULTS, 'security-article.png'), fullPage: true });
  });

  it('L10: bidi controls in a title and a quote are shown neutralised (U+FFFD), not reordering the text', async () => {
    const RLO = '\u202E';
    const title = `APT29 ${RLO}gnp.exe report`;
    const url = 'https://news.example.test/bidi-report';
    const article = {
      url,
      title,
      publisher: `Example ${RLO}sweN`,
      authors: [],
      published: '2024-03-01',
      modified: null,
      language: 'en',
      text: `Researchers said APT29 targeted government agencies in Germany with files named ${RLO}gnp.exe this winter.`,
      paragraphs: [],
    };
    const { client } = await connectElasticsearch({ url: t.elasticsearchUrl });
    const names = indexNames(t.prefix);
    const stored = await storeExtraction(
      client,
      names,
      extractArticle(article, { source: url }),
      { normalizedUrl: url, parsedAt: '2024-03-01T00:00:00Z', ingestedAt: new Date().toISOString() },
      defaultCatalog().actors,
    );
    await refreshIndices(client, names);
    await client.close();
    await page.goto(`${server.url}/articles/${stored.articleId}`);
    await page.locator('h1.article-title').waitFor();
    const shown = (await page.locator('h1.article-title').textContent()) ?? '';
    assert.equal(shown, 'APT29 \uFFFDgnp.exe report');
    assert.equal(await page.title(), 'APT29 \uFFFDgnp.exe report — claimwire');
    const body = (await page.locator('#view').textContent()) ?? '';
    assert.ok(!body.includes(RLO), 'no bidi control anywhere in the page');
    assert.ok(body.includes('\uFFFDgnp.exe this winter'));
  });

  it('the actor page of the hostile corpus renders its charts and latest claims inertly', async () => {
    await page.goto(`${server.url}/actors/${HOSTILE_ACTOR}`);
    await page.locator('svg.chart-timeline').waitFor();
    assert.ok((await page.locator('.latest .claim-card').count()) > 0);
    await assertInert('actor page');
  });

  it('hostile routes and search terms render as text too', async () => {
    for (const url of [
      `/?entity=${encodeURIComponent('<img src=x onerror=alert(40)>')}`,
      `/actors/${encodeURIComponent('<svg onload=alert(41)>')}`,
      `/articles/${encodeURIComponent('"><script>alert(42)</script>')}`,
      `/assertions/${encodeURIComponent('<img src=x onerror=alert(43)>')}`,
    ]) {
      await page.goto(`${server.url}${url}`);
      await page.locator('#view > *').first().waitFor();
      await page.locator('#view[aria-busy="true"]').waitFor({ state: 'detached' });
      await assertInert(url);
    }
  });

  it('no dialog opened, nothing violated the CSP, no error, nothing requested off the origin', () => {
    assert.deepEqual(dialogs, []);
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(foreignRequests, []);
  });
});
