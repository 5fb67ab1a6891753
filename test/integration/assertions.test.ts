/**
 * Assertions on the real Elasticsearch: (subject, predicate, object) with their evidence, read through the HTTP API
 * in process. The articles are written for the test and stored through the index stage's own code; one is an exact
 * copy of another on a second site (the store keeps it as a duplicate), one a later article by the same publisher, one
 * a denial.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client } from '@elastic/elasticsearch';
import type { Hono } from 'hono';
import { createApp } from '../../src/api/app.ts';
import { apiDeps } from '../../src/api/server.ts';
import type { Article } from '../../src/article/types.ts';
import { runAssertions } from '../../src/cli/commands/assertions.ts';
import { validateStixBundle } from '../../src/export/index.ts';
import { defaultCatalog, extractArticle, extractorStamp } from '../../src/extract/index.ts';
import { assertionsAlreadyReported } from '../../src/store/assertions-query.ts';
import { connectElasticsearch } from '../../src/store/client.ts';
import { articleIdFor } from '../../src/store/documents.ts';
import { ensureIndices, indexNames, refreshIndices } from '../../src/store/indices.ts';
import { storeExtraction } from '../../src/store/ingest-store.ts';
import { readStoredArticles, replaceClaims } from '../../src/store/reextract-store.ts';
import { captureIo, cleanup, type TestEnv, testEnv, withEnv } from './support.ts';

// biome-ignore lint/suspicious/noExplicitAny: the tests read response JSON field by field and assert on it.
type Json = any;

const article = (url: string, publisher: string, published: string, text: string): Article => ({
  url,
  title: `${publisher}: ${text.slice(0, 40)}`,
  publisher,
  published,
  text,
  authors: [],
  modified: null,
  language: 'en',
  paragraphs: [],
});

const FIRST = 'Researchers at Symantec said APT10 targeted pharmaceutical companies in Japan last year.';
const ARTICLES = [
  article('https://www.news-one.test/2024/apt10-pharma', 'News One', '2024-01-10', FIRST),
  // The same story re-posted whole by an aggregator: stored as a copy, never counted again.
  article('https://aggregator.test/syndicated/apt10', 'Aggregator', '2024-01-11', FIRST),
  article(
    'https://blog-two.test/apt10-government',
    'Blog Two',
    '2024-03-05',
    'Mandiant said APT10, also known as Stone Panda, broke into government agencies in Japan in 2023.',
  ),
  // A second story by the first publisher: a second article, not a second independent source.
  article(
    'https://www.news-one.test/2024/apt10-again',
    'News One',
    '2024-04-01',
    'APT10 continued to hit pharmaceutical firms in Japan, according to Symantec.',
  ),
  article(
    'https://denials.test/eset-apt10',
    'Denials Weekly',
    '2024-05-01',
    'ESET did not find any evidence that APT10 targeted organizations in Japan.',
  ),
  article(
    'https://wire.test/apt29-norway',
    'The Wire',
    '2024-02-01',
    'Mandiant said APT29 targeted government ministries in Norway.',
  ),
  // A syndicated copy with a line of its own (so not an exact copy): it names the original as canonical.
  article(
    'https://reposts.test/apt29-norway',
    'Reposts',
    '2024-02-02',
    'Reposted from The Wire with permission. Mandiant said APT29 targeted government ministries in Norway.',
  ),
  article(
    'https://blog-two.test/apt10-taiwan',
    'Blog Two',
    '2023-06-01',
    'Security researchers at Mandiant said APT10 attacked manufacturers in Taiwan.',
  ),
];

/** Canonical URLs the pages declare (another site's, for the syndicated copy). */
const CANONICAL: Record<string, string> = {
  'https://reposts.test/apt29-norway': 'https://wire.test/apt29-norway',
};

describe('assertions (integration)', { timeout: 5 * 60_000 }, () => {
  let t: TestEnv;
  let app: Hono;
  let client: Client;
  let closeDeps: () => Promise<void>;

  before(async () => {
    t = await testEnv();
    ({ client } = await connectElasticsearch({ url: t.elasticsearchUrl }));
    const names = indexNames(t.prefix);
    await ensureIndices(client, names);
    const catalog = defaultCatalog();
    for (const a of ARTICLES) {
      const r = extractArticle(a, { source: a.url ?? '' });
      await storeExtraction(
        client,
        names,
        r,
        {
          normalizedUrl: a.url as string,
          parsedAt: '2024-06-01T00:00:00Z',
          ingestedAt: new Date().toISOString(),
          declaredCanonical: CANONICAL[a.url as string] ?? null,
        },
        catalog.actors,
      );
      await refreshIndices(client, names);
    }
    const built = apiDeps({ settings: t.settings, elasticsearchUrl: t.elasticsearchUrl, catalog });
    closeDeps = built.close;
    app = createApp(built.deps);
  });

  after(async () => {
    await closeDeps?.();
    await client?.close();
    if (t) await cleanup(t);
  });

  const get = async (path: string) => {
    const res = await app.request(path);
    const type = res.headers.get('content-type') ?? '';
    const body: Json = /json/.test(type) ? await res.json() : await res.text();
    return { res, body };
  };
  const row = (body: Json, predicate: string, object: string) =>
    body.assertions.find((a: Json) => a.predicate === predicate && a.object.id === object);

  it('counts a syndicated copy and a publisher re-post once: three articles, two independent sources', async () => {
    const { res, body } = await get('/v1/assertions?entity=Stone%20Panda');
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal(body.resolved.id, 'apt10');
    const japan = row(body, 'targets-country', 'JP');
    assert.ok(japan, JSON.stringify(body.assertions));
    assert.equal(japan.articles, 3);
    assert.equal(japan.sources, 2);
    assert.equal(japan.firstReported, '2024-01-10');
    assert.equal(japan.lastReported, '2024-04-01');
    assert.deepEqual(japan.vendors.map((v: Json) => v.name).sort(), ['Mandiant', 'Symantec']);
    assert.equal(japan.disputedBy, 1);
    // Five assertions: Japan, Taiwan, pharmaceutical, government, manufacturing.
    assert.equal(body.total, 5);
  });

  it('counts a reworded syndicated copy that names its original as canonical as the same source', async () => {
    const { body } = await get('/v1/assertions?entity=APT29');
    const norway = row(body, 'targets-country', 'NO');
    assert.ok(norway, JSON.stringify(body.assertions));
    // Two stored articles with claims of their own (the texts differ), one independent source.
    assert.equal(norway.articles, 2);
    assert.equal(norway.sources, 1);
    const detail = await get(`/v1/assertions/${norway.id}`);
    assert.deepEqual(
      detail.body.evidence.map((e: Json) => [e.article.url, e.source]),
      [
        ['https://wire.test/apt29-norway', 'wire.test'],
        ['https://reposts.test/apt29-norway', 'wire.test'],
      ],
    );
    // One source, one vendor, unhedged: 1 - 0.5^1 = 50.
    assert.equal(detail.body.confidence, 50);
  });

  it('shows the evidence by article, the copy under its original, and the denial as counter-evidence', async () => {
    const list = await get('/v1/assertions?entity=APT10&predicate=targets-country');
    const japan = row(list.body, 'targets-country', 'JP');
    const { res, body } = await get(`/v1/assertions/${japan.id}`);
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.deepEqual(
      body.evidence.map((e: Json) => e.article.url),
      [
        'https://www.news-one.test/2024/apt10-pharma',
        'https://blog-two.test/apt10-government',
        'https://www.news-one.test/2024/apt10-again',
      ],
    );
    assert.deepEqual(
      body.evidence[0].copies.map((c: Json) => c.url),
      ['https://aggregator.test/syndicated/apt10'],
    );
    assert.equal(body.evidence[0].quotes[0].quote, FIRST);
    assert.equal(body.counterEvidence.length, 1);
    assert.match(body.counterEvidence[0].quotes[0].quote, /did not find any evidence/);
    assert.deepEqual(
      body.counterEvidence[0].vendors.map((v: Json) => v.name),
      ['ESET'],
    );
    // Two unhedged sources and two vendors (weight 2.5: 1 - 0.5^2.5 = 0.823), one disputing source (x 2/3): 55.
    assert.equal(body.confidence, 55);
    assert.equal((await get('/v1/assertions/0123456789abcdef01234567')).res.status, 404);
  });

  it('filters disputed assertions, sorts by first report, and counts each facet without its own filter', async () => {
    const disputed = await get('/v1/assertions?entity=APT10&disputed=true');
    assert.deepEqual(
      disputed.body.assertions.map((a: Json) => `${a.predicate} ${a.object.id}`),
      ['targets-country JP'],
    );
    assert.equal(disputed.body.total, 1);
    // The facets count disputed assertions only: no sector assertion is disputed.
    assert.deepEqual(disputed.body.facets.predicate, [{ key: 'targets-country', count: 1 }]);
    assert.deepEqual(
      disputed.body.facets.object.map((b: Json) => [b.key, b.count]),
      [['JP', 1]],
    );
    const none = await get('/v1/assertions?entity=APT10&disputed=true&predicate=targets-sector');
    assert.equal(none.body.total, 0);
    assert.deepEqual(none.body.assertions, []);
    // Its own filter left out, the predicate group still offers the disputed country assertion.
    assert.deepEqual(none.body.facets.predicate, [{ key: 'targets-country', count: 1 }]);

    const first = await get('/v1/assertions?entity=APT10&sort=first');
    assert.deepEqual(
      first.body.assertions.map((a: Json) => a.firstReported),
      ['2023-06-01', '2023-06-01', '2024-01-10', '2024-01-10', '2024-03-05'],
    );

    const sectors = await get('/v1/assertions?entity=APT10&predicate=targets-sector');
    assert.equal(sectors.body.total, 3);
    const predicates = Object.fromEntries(sectors.body.facets.predicate.map((b: Json) => [b.key, b.count]));
    // The predicate group ignores its own filter, so the country assertions still show as an alternative.
    assert.deepEqual(predicates, { 'targets-sector': 3, 'targets-country': 2 });
    // The object group does apply the predicate filter: only sectors.
    assert.deepEqual(sectors.body.facets.object.map((b: Json) => b.key).sort(), [
      'government',
      'manufacturing',
      'pharmaceutical',
    ]);

    const both = await get(
      '/v1/assertions?entity=APT10&predicate=targets-sector&predicate=targets-country&vendor=mandiant',
    );
    assert.deepEqual(both.body.assertions.map((a: Json) => `${a.predicate} ${a.object.id}`).sort(), [
      'targets-country JP',
      'targets-country TW',
      'targets-sector government',
      'targets-sector manufacturing',
    ]);
  });

  it('pages through assertions with offset and total', async () => {
    const one = await get('/v1/assertions?entity=APT10&size=2');
    const two = await get('/v1/assertions?entity=APT10&size=2&offset=2');
    assert.equal(one.body.assertions.length, 2);
    assert.equal(two.body.assertions.length, 2);
    const ids = new Set([...one.body.assertions, ...two.body.assertions].map((a: Json) => a.id));
    assert.equal(ids.size, 4);
    assert.equal(one.body.total, 5);
  });

  it('exports one STIX relationship per assertion citing every source, a report per article, and the TLP marking', async () => {
    const { res, body } = await get('/v1/assertions?entity=APT10&format=stix&tlp=amber');
    assert.equal(res.status, 200);
    const bundle = body;
    assert.deepEqual(validateStixBundle(bundle), []);
    const rels = bundle.objects.filter((o: Json) => o.type === 'relationship');
    assert.equal(rels.length, 5);
    const japan = rels.find((r: Json) => r.labels?.includes('disputed'));
    assert.ok(japan);
    // Three articles, two vendors, one denial.
    assert.equal(japan.external_references.length, 6);
    assert.equal(japan.confidence, 55);
    const reports = bundle.objects.filter((o: Json) => o.type === 'report');
    assert.equal(reports.length, 4);
    assert.ok(reports.every((r: Json) => r.object_refs.length >= 3));
    const amber = 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82';
    assert.ok(bundle.objects.some((o: Json) => o.id === amber));
    assert.ok(
      bundle.objects
        .filter((o: Json) => o.type !== 'marking-definition')
        .every((o: Json) => o.object_marking_refs?.[0] === amber),
    );
    const csv = await get('/v1/assertions?entity=APT10&format=csv');
    assert.match(csv.body.split('\r\n')[0], /^id,subject_id,subject_name,predicate,/);
    assert.equal(csv.body.trim().split('\r\n').length, 6);
  });

  it('prints the compact table with "showing N of M" from the command line', async () => {
    const all = captureIo();
    assert.equal(await withEnv(t.env, () => runAssertions(['Stone', 'Panda'], all.io)), 0);
    assert.match(all.out[0] as string, /^ACTOR +ASSERTS +OBJECT +SOURCES +ARTICLES +VENDORS +FIRST +LAST +DISPUTED$/);
    assert.match(
      all.out[1] as string,
      /^APT10 +targets +Japan +2 +3 +Symantec, Mandiant +2024-01-10 +2024-04-01 +yes \(1\)$/,
    );
    assert.equal(all.out.at(-1), 'showing 5 of 5 assertions about APT10 (actor)');
    const two = captureIo();
    assert.equal(await withEnv(t.env, () => runAssertions(['APT10', '--limit', '2', '--sort', 'first'], two.io)), 0);
    assert.equal(two.out.at(-1), 'showing 2 of 5 assertions about APT10 (actor)');
    const none = captureIo();
    assert.equal(await withEnv(t.env, () => runAssertions(['APT10', '--object', 'KP'], none.io)), 1);
    assert.equal(none.out.at(-1), 'no assertions about APT10 (actor)');
    const stix = captureIo();
    assert.equal(
      await withEnv(t.env, () => runAssertions(['APT10', '--format', 'stix', '--tlp', 'green'], stix.io)),
      0,
    );
    const bundle = JSON.parse(stix.out.join('\n'));
    assert.deepEqual(validateStixBundle(bundle), []);
    // The five assertions, each read with its evidence, in the table's order (most sources first: Japan).
    const rels = bundle.objects.filter((o: Json) => o.type === 'relationship');
    assert.equal(rels.length, 5);
    assert.ok(rels[0].labels?.includes('disputed'));
  });

  it('lists what came in on the triage page', async () => {
    const { res, body } = await get('/v1/triage?window=24h');
    assert.equal(res.status, 200, JSON.stringify(body));
    // Five stories (the copy is not one).
    assert.equal(body.articles.ingested, 7);
    assert.equal(body.actors[0].id, 'apt10');
    assert.equal(body.actors[0].articles, 4);
    // APT10: Japan, Taiwan, three sectors; APT29: Norway, government.
    assert.equal(body.newAssertions.length, 7);
    assert.deepEqual(
      body.disputedAssertions.map((a: Json) => `${a.predicate} ${a.object.id}`),
      ['targets-country JP'],
    );
    assert.equal((await get('/v1/triage?window=1y')).res.status, 400);
  });

  it('takes the first report by ingestion order, whatever else is already indexed (new-assertion alerts)', async () => {
    const names = indexNames(t.prefix);
    const { body } = await get('/v1/assertions?entity=APT10&predicate=targets-country');
    const japan = row(body, 'targets-country', 'JP').id;
    const [first, second] = await readStoredArticles(client, names, [
      articleIdFor('https://www.news-one.test/2024/apt10-pharma'),
      articleIdFor('https://blog-two.test/apt10-government'),
    ]);
    assert.ok(first && second && first.ingestedAt < second.ingestedAt);
    // Both articles are indexed now, as when two reports arrive before either's alerts are built: the earlier one
    // is still the first report, the later one is not.
    assert.deepEqual([...(await assertionsAlreadyReported(client, names, [japan], first))], []);
    assert.deepEqual([...(await assertionsAlreadyReported(client, names, [japan], second))], [japan]);
  });

  it('stays consistent when an article is re-extracted: its evidence leaves, the others stay, ids do not move', async () => {
    const before = await get('/v1/assertions?entity=APT10');
    const japan = row(before.body, 'targets-country', 'JP');
    const government = row(before.body, 'targets-sector', 'government');
    assert.equal(japan.sources, 2);
    // The Blog Two story re-extracted with an extractor that no longer places the break-in in Japan.
    const url = 'https://blog-two.test/apt10-government';
    const names = indexNames(t.prefix);
    const [stored] = await readStoredArticles(client, names, [articleIdFor(url)]);
    assert.ok(stored);
    const reworded = 'Mandiant said APT10, also known as Stone Panda, broke into government agencies in 2023.';
    const result = extractArticle({ ...(ARTICLES[2] as Article), text: reworded }, { source: url });
    const [outcome] = await replaceClaims(
      client,
      names,
      [{ articleId: stored.id, result, contentHash: stored.contentHash }],
      extractorStamp(defaultCatalog()),
      defaultCatalog().actors,
      new Date(),
    );
    assert.equal(outcome?.kind, 'reextracted');
    await refreshIndices(client, names);

    const after = await get('/v1/assertions?entity=APT10');
    const japanNow = row(after.body, 'targets-country', 'JP');
    // Same assertion id; News One's two stories are the one source left, and the denial still disputes it.
    assert.equal(japanNow.id, japan.id);
    assert.equal(japanNow.articles, 2);
    assert.equal(japanNow.sources, 1);
    assert.deepEqual(
      japanNow.vendors.map((v: Json) => v.name),
      ['Symantec'],
    );
    assert.equal(japanNow.disputedBy, 1);
    // The government assertion is still made by the re-extracted article, under the same id, with its date.
    const governmentNow = row(after.body, 'targets-sector', 'government');
    assert.equal(governmentNow.id, government.id);
    assert.equal(governmentNow.sources, 1);
    assert.equal(governmentNow.firstReported, '2024-03-05');
    const detail = await get(`/v1/assertions/${japan.id}`);
    assert.deepEqual(
      detail.body.evidence.map((e: Json) => e.article.url),
      ['https://www.news-one.test/2024/apt10-pharma', 'https://www.news-one.test/2024/apt10-again'],
    );
  });
});
