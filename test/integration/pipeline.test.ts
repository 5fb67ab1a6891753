/**
 * The ingestion pipeline end to end on real Redis and Elasticsearch: a local server serves a feed and article pages
 * written for these tests; workers discover, fetch, extract and index them; search finds APT10's claims by aliases
 * the pages never use; a second ingest indexes nothing new; a syndicated copy is linked, not indexed as reporting.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runIngest } from '../../src/cli/commands/ingest.ts';
import { runSearch } from '../../src/cli/commands/search.ts';
import { defaultCatalog } from '../../src/extract/index.ts';
import { connectElasticsearch } from '../../src/store/client.ts';
import { indexNames } from '../../src/store/indices.ts';
import { type PipelineHandle, startPipeline } from '../../workers/run.ts';
import {
  articlePage,
  captureIo,
  cleanup,
  type PageServer,
  pageServer,
  rssFeed,
  type TestEnv,
  testEnv,
  withEnv,
} from './support.ts';

describe('ingestion pipeline (integration)', { timeout: 10 * 60_000 }, () => {
  let t: TestEnv;
  let server: PageServer;
  let pipeline: PipelineHandle;

  before(async () => {
    t = await testEnv();
    server = await pageServer({});
    const story = server.url('/2020/11/apt10-japan');
    server.pages.set('/2020/11/apt10-japan', {
      body: articlePage('apt10-symantec-2020.json', story, 'Example Security News'),
    });
    server.pages.set('/2017/11/fireeye-apt10', {
      body: articlePage('apt10-fireeye-2017.json', server.url('/2017/11/fireeye-apt10'), 'Example Daily'),
    });
    // The same story on a partner site: same body, another URL.
    server.pages.set('/wire/apt10', {
      body: articlePage('apt10-symantec-2020.json', server.url('/wire/apt10'), 'Partner Wire'),
    });
    server.pages.set('/feed.xml', {
      type: 'application/rss+xml',
      body: rssFeed([
        { title: 'APT10 in Japan', url: story },
        { title: 'FireEye on APT10', url: server.url('/2017/11/fireeye-apt10') },
        { title: 'Syndicated', url: server.url('/wire/apt10') },
      ]),
    });
    pipeline = await startPipeline({
      settings: t.settings,
      elasticsearchUrl: t.elasticsearchUrl,
      catalog: defaultCatalog(),
      schedule: false,
    });
  });

  after(async () => {
    await pipeline?.close();
    await server?.close();
    if (t) await cleanup(t);
  });

  const ingestFeed = async () => {
    const c = captureIo();
    const code = await withEnv(t.env, () =>
      runIngest(['--feed', server.url('/feed.xml'), '--wait', '--timeout', '120'], c.io),
    );
    return { code, summary: c.out.join('\n') };
  };

  const count = async (kind: 'articles' | 'claims', query: Record<string, unknown> = { match_all: {} }) => {
    const { client } = await connectElasticsearch({ url: t.elasticsearchUrl });
    try {
      await client.indices.refresh({ index: indexNames(t.prefix).alias(kind) });
      return (await client.count({ index: indexNames(t.prefix).alias(kind), query })).count;
    } finally {
      await client.close();
    }
  };

  it('ingests a feed: two stories indexed, the syndicated copy linked as a duplicate', async () => {
    const { code, summary } = await ingestFeed();
    assert.equal(code, 0, summary);
    assert.match(summary, /fetched and indexed\s+2\b/);
    assert.match(summary, /duplicates\s+1\b/);
    assert.match(summary, /failed\s+0\b/);
    assert.equal(await count('articles'), 3);
    assert.equal(await count('articles', { exists: { field: 'duplicateOf' } }), 1);
    const claims = await count('claims');
    assert.ok(claims >= 20, `claims indexed: ${claims}`);
    assert.equal(await count('claims', { term: { 'article.url': server.url('/wire/apt10') } }), 0);
  });

  for (const alias of ['Stone Panda', 'Cicada', 'apt 10']) {
    it(`search "${alias}" returns APT10's claims with quotes and sources`, async () => {
      const c = captureIo();
      const code = await withEnv(t.env, () => runSearch([alias, '--limit', '50'], c.io));
      const out = c.out.join('\n');
      assert.equal(code, 0, out + c.err.join('\n'));
      assert.match(out, /^showing \d+ of \d+ claims about APT10 \(actor/m);
      assert.match(out, /APT10 targets-sector pharmaceutical/i);
      assert.match(out, /APT10 targets-country Mexico/);
      assert.match(out, /“The campaign also hit organizations in Mexico, France and the U\.S\., Symantec said\.”/);
      assert.ok(out.includes(server.url('/2020/11/apt10-japan')), 'cites the source URL');
      assert.ok(!out.includes('/wire/apt10'), 'the syndicated copy is not cited as reporting');
      assert.ok(!/There is no evidence/.test(out), 'denials are not shown as claims');
    });
  }

  it('ingesting the same feed again indexes nothing new', async () => {
    const before = await count('claims');
    const { code, summary } = await ingestFeed();
    assert.equal(code, 0, summary);
    assert.match(summary, /fetched and indexed\s+0\b/);
    assert.match(summary, /unchanged\s+3\b/);
    assert.match(summary, /claims indexed\s+0\b/);
    assert.equal(await count('claims'), before);
    assert.equal(await count('articles'), 3);
  });

  it('reports pages that cannot be ingested with their reason, without losing the rest', async () => {
    server.pages.set('/gone', { body: 'gone', status: 410 });
    server.pages.set('/image', { body: 'PNG', type: 'image/png' });
    const c = captureIo();
    const code = await withEnv(t.env, () =>
      runIngest(
        [server.url('/gone'), server.url('/image'), server.url('/2017/11/fireeye-apt10'), '--wait', '--timeout', '120'],
        c.io,
      ),
    );
    const summary = c.out.join('\n');
    assert.equal(code, 1, summary);
    assert.match(summary, /failed\s+2\b/);
    assert.match(summary, /unchanged\s+1\b/);
    assert.match(summary, /failed \(http-410\)\s+1/);
    assert.match(summary, /failed \(unsupported-content-type\)\s+1/);
    assert.equal(server.hits.get('/gone'), 1, 'a 410 is not retried');
  });

  it('runs every configured source once with --sources, and registers the nightly schedule from the same file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'claimwire-sources-'));
    try {
      const sources = path.join(dir, 'sources.json');
      await writeFile(
        sources,
        JSON.stringify({
          schedule: { cron: '30 3 * * *', timezone: 'Asia/Tokyo' },
          sources: [
            { id: 'test-feed', kind: 'rss', url: server.url('/feed.xml') },
            { id: 'disabled', kind: 'rss', url: server.url('/nothing.xml'), enabled: false },
          ],
        }),
      );
      const env = { ...t.env, CLAIMWIRE_SOURCES: sources };
      const c = captureIo();
      const code = await withEnv(env, () => runIngest(['--sources', '--wait', '--timeout', '120'], c.io));
      assert.equal(code, 0, c.out.join('\n'));
      assert.match(c.out.join('\n'), /unchanged\s+3\b/);
      assert.equal(server.hits.get('/nothing.xml'), undefined, 'disabled sources are not read');

      const scheduled = await startPipeline({
        settings: { ...t.settings, CLAIMWIRE_SOURCES: sources },
        elasticsearchUrl: t.elasticsearchUrl,
        catalog: defaultCatalog(),
        stages: [],
      });
      try {
        const scheduler = await scheduled.deps.queues.queues.discover.getJobScheduler('nightly-sources');
        assert.equal(scheduler?.pattern, '30 3 * * *');
        assert.equal(scheduler?.tz, 'Asia/Tokyo');
      } finally {
        await scheduled.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
