/**
 * Provenance that a page cannot forge (issue 11: H1, L1, L2), end to end on real Redis and Elasticsearch: the
 * pipeline fetches pages from two local "sites" (127.0.0.1 and ::1, two registrable domains) and the claims that end
 * up in the index are checked against what each page really said, at the URL it was really fetched from.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client } from '@elastic/elasticsearch';
import { runIngest } from '../../src/cli/commands/ingest.ts';
import { defaultCatalog, extractArticle } from '../../src/extract/index.ts';
import { normalizeUrl } from '../../src/fetch/index.ts';
import { connectElasticsearch } from '../../src/store/client.ts';
import { type ArticleDocument, articleIdFor, type ClaimDocument } from '../../src/store/documents.ts';
import { indexNames } from '../../src/store/indices.ts';
import { storeExtraction } from '../../src/store/ingest-store.ts';
import { type PipelineHandle, startPipeline } from '../../workers/run.ts';
import { captureIo, cleanup, type PageServer, pageServer, type TestEnv, testEnv, withEnv } from './support.ts';

const VICTIM_SENTENCE = 'APT28 has targeted the energy sector in Germany since early 2023.';
/** The same length at the same place, saying the opposite: without the fix it got the victim's claim ids. */
const FORGED_SENTENCE = 'There is no evidence APT28 hit the energy sector in Germany 2023.';

function articleHtml(o: { canonical?: string; published?: string; site: string; middle?: string }): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Energy intrusions in Germany | ${o.site}</title>
${o.canonical ? `<link rel="canonical" href="${o.canonical}">` : ''}<meta property="og:site_name" content="${o.site}">
${o.published ? `<meta property="article:published_time" content="${o.published}">` : ''}</head>
<body><article><h1>Energy intrusions in Germany</h1>
<p>Researchers at a European incident response firm tracked a new wave of intrusions against utilities this spring, and shared their findings with national authorities before publishing them.</p>
<p>${o.middle ?? VICTIM_SENTENCE} The operators relied on spear-phishing emails that imitated grid regulators and carried malicious attachments.</p>
<p>The group, which some vendors call Fancy Bear, reused infrastructure seen in earlier campaigns, and the researchers expect the activity to continue through the coming winter months.</p>
</article></body></html>`;
}

describe('provenance of claims (integration)', { timeout: 5 * 60_000 }, () => {
  let t: TestEnv;
  let site: PageServer;
  let other: PageServer;
  let pipeline: PipelineHandle;
  let es: Client;

  before(async () => {
    t = await testEnv();
    site = await pageServer({});
    other = await pageServer({}, '::1');
    pipeline = await startPipeline({
      settings: t.settings,
      elasticsearchUrl: t.elasticsearchUrl,
      catalog: defaultCatalog(),
      schedule: false,
    });
    es = (await connectElasticsearch({ url: t.elasticsearchUrl })).client;
  });

  after(async () => {
    await pipeline?.close();
    await es?.close();
    await site?.close();
    await other?.close();
    if (t) await cleanup(t);
  });

  const ingest = async (...urls: string[]) => {
    const c = captureIo();
    const code = await withEnv(t.env, () => runIngest([...urls, '--wait', '--timeout', '120'], c.io));
    assert.equal(code, 0, c.out.join('\n') + c.err.join('\n'));
    await es.indices.refresh({ index: [indexNames(t.prefix).alias('claims'), indexNames(t.prefix).alias('articles')] });
    return c.out.join('\n');
  };
  const claimsCiting = async (url: string): Promise<ClaimDocument[]> => {
    const r = await es.search<ClaimDocument>({
      index: indexNames(t.prefix).alias('claims'),
      size: 100,
      query: { term: { 'citation.url': url } },
      sort: [{ id: 'asc' }],
    });
    return r.hits.hits.map((h) => h._source as ClaimDocument);
  };
  const article = async (url: string): Promise<ArticleDocument | null> => {
    try {
      const r = await es.get<ArticleDocument>({
        index: indexNames(t.prefix).alias('articles'),
        id: articleIdFor(normalizeUrl(url)),
      });
      return r._source ?? null;
    } catch {
      return null;
    }
  };
  const claimsOf = async (articleId: string): Promise<ClaimDocument[]> => {
    const r = await es.search<ClaimDocument>({
      index: indexNames(t.prefix).alias('claims'),
      size: 100,
      query: { term: { 'article.id': articleId } },
    });
    return r.hits.hits.map((h) => h._source as ClaimDocument);
  };

  it('H1: a page declaring a victim article as its canonical cannot overwrite, then delete, its claims', async () => {
    assert.equal(FORGED_SENTENCE.length, VICTIM_SENTENCE.length);
    const victimUrl = site.url('/news/apt28-energy');
    site.pages.set('/news/apt28-energy', {
      body: articleHtml({ canonical: victimUrl, site: 'Example Security Review', published: '2024-05-02T08:00:00Z' }),
    });
    await ingest(victimUrl);
    const before = await claimsCiting(victimUrl);
    assert.ok(before.length >= 2, `the victim page yields claims: ${before.length}`);
    assert.ok(before.every((c) => !c.negated && c.citation.quote.includes(VICTIM_SENTENCE)));

    // The attacker, on another site, copies the page, declares the victim's URL and denies the claim in place.
    const attackerUrl = other.url('/mirror/energy');
    other.pages.set('/mirror/energy', {
      body: articleHtml({ canonical: victimUrl, site: 'Mirror', middle: FORGED_SENTENCE }),
    });
    await ingest(attackerUrl);
    assert.deepEqual(await claimsCiting(victimUrl), before, "the victim's claims are unchanged");

    // The attacker's own claims cite the attacker's URL, and its declared canonical is kept as an unverified field.
    const forged = await claimsCiting(attackerUrl);
    assert.ok(forged.length >= 2 && forged.every((c) => c.negated), 'the denials stand under the page that made them');
    const attackerDoc = await article(attackerUrl);
    assert.equal(attackerDoc?.canonicalUrl, normalizeUrl(victimUrl));
    assert.equal(attackerDoc?.canonicalTrusted, false);
    assert.equal(attackerDoc?.duplicateOf, null);

    // The attacker page changes: its old claims go, the victim's stay.
    other.pages.set('/mirror/energy', {
      body: articleHtml({
        canonical: victimUrl,
        site: 'Mirror',
        middle: 'Nothing to see here, this page was rewritten entirely by its owner today.',
      }),
    });
    await ingest(attackerUrl);
    assert.deepEqual(await claimsCiting(victimUrl), before, "the victim's claims still exist");
    assert.deepEqual(await claimsCiting(attackerUrl), []);

    // Re-ingesting the victim finds it unchanged, with its claims.
    assert.match(await ingest(victimUrl), /unchanged\s+1\b/);
    assert.equal((await claimsOf(articleIdFor(normalizeUrl(victimUrl)))).length, before.length);
  });

  it('L1: an article is the URL fetched after redirects, and its claims cite that URL, not the declared one', async () => {
    const finalUrl = site.url('/l1/final');
    site.pages.set('/l1/start', { status: 301, location: '/l1/final', body: '' });
    site.pages.set('/l1/final', {
      body: articleHtml({
        canonical: site.url('/l1/declared-elsewhere'),
        site: 'Example Security Review',
        middle: 'APT28 has targeted the energy sector in France since early 2020.',
      }),
    });
    await ingest(site.url('/l1/start'));
    const doc = await article(finalUrl);
    assert.ok(doc, 'the article is stored under the fetched URL');
    assert.equal(doc.url, finalUrl);
    assert.equal(doc.canonicalUrl, normalizeUrl(site.url('/l1/declared-elsewhere')));
    const claims = await claimsOf(doc.id);
    assert.ok(claims.length >= 2);
    assert.ok(claims.every((c) => c.citation.url === finalUrl && c.article.url === finalUrl));
    assert.deepEqual(await claimsCiting(site.url('/l1/declared-elsewhere')), []);
  });

  it('L2: an original published earlier takes a text over from the copy that arrived first', async () => {
    const middle = 'APT28 has targeted the energy sector in Austria since early 2022.';
    const copyUrl = other.url('/l2/syndicated');
    const originalUrl = site.url('/l2/original');
    other.pages.set('/l2/syndicated', {
      body: articleHtml({ canonical: copyUrl, site: 'Wire', published: '2024-06-10T08:00:00Z', middle }),
    });
    site.pages.set('/l2/original', {
      body: articleHtml({ canonical: originalUrl, site: 'Origin', published: '2024-06-01T08:00:00Z', middle }),
    });
    await ingest(copyUrl);
    assert.ok((await claimsCiting(copyUrl)).length >= 2, 'alone, the copy stands for the text');
    assert.match(await ingest(originalUrl), /fetched and indexed\s+1\b/);
    const original = await article(originalUrl);
    const copy = await article(copyUrl);
    assert.equal(original?.duplicateOf, null);
    assert.equal(copy?.duplicateOf, original?.id, 'the copy became the duplicate');
    assert.ok((await claimsCiting(originalUrl)).length >= 2);
    assert.deepEqual(await claimsCiting(copyUrl), []);
  });

  it('L2: a page that names its canonical on its own domain yields to it when the canonical arrives', async () => {
    const middle = 'APT28 has targeted the energy sector in Poland since early 2021.';
    const canonicalUrl = site.url('/l2c/story');
    site.pages.set('/l2c/amp', { body: articleHtml({ canonical: canonicalUrl, site: 'Origin', middle }) });
    site.pages.set('/l2c/story', { body: articleHtml({ canonical: canonicalUrl, site: 'Origin', middle }) });
    await ingest(site.url('/l2c/amp'));
    const amp = await article(site.url('/l2c/amp'));
    assert.equal(amp?.canonicalTrusted, true);
    await ingest(canonicalUrl);
    assert.equal((await article(site.url('/l2c/amp')))?.duplicateOf, articleIdFor(normalizeUrl(canonicalUrl)));
    assert.ok((await claimsCiting(canonicalUrl)).length >= 2);
    assert.deepEqual(await claimsCiting(site.url('/l2c/amp')), []);
  });

  it('L3: a 32 KB site name or source URL no longer makes an article unindexable (no "immense term")', async () => {
    const huge = `Example ${'X'.repeat(33_000)}`;
    const url = site.url('/l3/huge-names');
    const page = {
      url,
      title: 'Energy intrusions in Germany',
      publisher: huge,
      authors: [],
      published: '2024-05-02',
      modified: null,
      language: 'en',
      text: 'APT28 has targeted the energy sector in Norway since early 2019, researchers said on Tuesday.',
      paragraphs: [],
    };
    const outcome = await storeExtraction(
      es,
      indexNames(t.prefix),
      extractArticle(page, { source: url }),
      {
        normalizedUrl: url,
        fetchedUrl: url,
        sourceUrl: `${site.url('/feed?')}${'q'.repeat(33_000)}`,
        parsedAt: '2024-05-02T00:00:00Z',
        ingestedAt: new Date().toISOString(),
      },
      defaultCatalog().actors,
    );
    assert.equal(outcome.kind, 'indexed');
    assert.equal((await article(url))?.publisher, huge);
  });
});
