/**
 * Crash windows the soak (`npm run test:faults`) is built to find, pinned down one by one on real Redis and
 * Elasticsearch: a producer that dies between counting a URL into its batch and enqueuing it, and an index job that
 * dies between writing the claims and writing the article.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client } from '@elastic/elasticsearch';
import { runIngest } from '../../src/cli/commands/ingest.ts';
import { defaultCatalog, extractArticle } from '../../src/extract/index.ts';
import { normalizeUrl } from '../../src/fetch/index.ts';
import { Batches } from '../../src/queue/batches.ts';
import { connectProducer } from '../../src/queue/connection.ts';
import { connectElasticsearch } from '../../src/store/client.ts';
import { articleIdFor } from '../../src/store/documents.ts';
import { ensureIndices, indexNames, refreshIndices } from '../../src/store/indices.ts';
import { storeExtraction } from '../../src/store/ingest-store.ts';
import { startPipeline } from '../../workers/run.ts';
import { articlePage, captureIo, cleanup, pageServer, type TestEnv, testEnv, withEnv } from './support.ts';

describe('crash recovery (integration)', { timeout: 5 * 60_000 }, () => {
  let t: TestEnv;
  let client: Client;

  before(async () => {
    t = await testEnv();
    ({ client } = await connectElasticsearch({ url: t.elasticsearchUrl }));
    await ensureIndices(client, indexNames(t.prefix));
  });

  after(async () => {
    await client?.close();
    if (t) await cleanup(t);
  });

  it('a batch item counted but never enqueued (the producer died in between) is enqueued when the step re-runs', async () => {
    const server = await pageServer({});
    const pipeline = await startPipeline({
      settings: t.settings,
      elasticsearchUrl: t.elasticsearchUrl,
      catalog: defaultCatalog(),
      schedule: false,
    });
    const redis = await connectProducer(t.settings.REDIS_URL);
    try {
      const url = server.url('/apt10');
      server.pages.set('/apt10', { body: articlePage('apt10-fireeye-2017.json', url, 'Test Wire') });
      const batches = new Batches(redis, t.prefix);
      // The first run counted the URL and died before its fetch job was added.
      assert.equal(await batches.add('crashed', normalizeUrl(url)), true);

      const c = captureIo();
      const code = await withEnv(t.env, () =>
        runIngest(['--batch', 'crashed', url, '--wait', '--timeout', '60'], c.io),
      );
      assert.equal(code, 0, [...c.out, ...c.err].join('\n'));
      const done = await batches.get('crashed');
      assert.deepEqual([done.total, done.pending, done.indexed], [1, 0, 1], 'counted once, indexed once');
      assert.equal(await batches.add('crashed', normalizeUrl(url)), false, 'a finished item is not enqueued again');
    } finally {
      redis.disconnect();
      await pipeline.close();
      await server.close();
    }
  });

  it('an index job that dies after writing the claims but before the article writes everything on its retry', async () => {
    const names = indexNames(t.prefix);
    const catalog = defaultCatalog();
    const article = {
      url: 'https://news.example.test/cicada-automotive',
      title: 'Cicada goes after carmakers',
      publisher: 'Example News',
      authors: [],
      published: '2020-11-17',
      modified: null,
      language: 'en',
      text: 'Symantec said Cicada targeted automotive companies in Japan. The group also went after pharmaceutical firms.',
      paragraphs: [],
    };
    const result = extractArticle(article, { catalog, source: article.url });
    assert.ok(result.claims.length >= 2, 'the fixture yields claims');
    const provenance = {
      normalizedUrl: article.url,
      parsedAt: '2024-01-01T00:00:00Z',
      ingestedAt: '2024-01-01T00:00:00Z',
    };

    // The Elasticsearch connection drops on the second bulk request of the job (after the claims went through).
    let bulkCalls = 0;
    const flaky = new Proxy(client, {
      get(target, prop, receiver) {
        if (prop !== 'bulk') return Reflect.get(target, prop, receiver);
        return (request: Parameters<typeof target.bulk>[0]) => {
          bulkCalls++;
          if (bulkCalls === 2) return Promise.reject(new Error('socket hang up'));
          return target.bulk(request);
        };
      },
    });
    let alerted = 0;
    const onNew = async () => {
      alerted++;
    };
    await assert.rejects(storeExtraction(flaky, names, result, provenance, catalog.actors, onNew), /socket hang up/);

    const again = await storeExtraction(client, names, result, provenance, catalog.actors, onNew);
    assert.equal(again.kind, 'indexed', 'the retry still sees new reporting, not an unchanged page');
    assert.equal(alerted, 2, 'alert matching ran again on the retry (its alerts are create-only, so none doubles)');
    await refreshIndices(client, names);
    const id = articleIdFor(article.url);
    const stored = await client.count({ index: names.alias('claims'), query: { term: { 'article.id': id } } });
    assert.equal(stored.count, result.claims.length, 'every claim is there once');
    const art = await client.get({ index: names.alias('articles'), id });
    assert.equal(art.found, true);
  });
});
