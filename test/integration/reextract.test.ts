/**
 * Re-extraction and ingest feedback on real Redis and Elasticsearch. A worker runs (in this process) with the local
 * catalog it follows from its file; two stored articles (an original and its syndicated copy) name an actor the
 * catalog does not know yet. `actors import --reextract` then reaches the running worker without a restart, adds the
 * new actor's claims, removes the claims made of the unknown name, keeps the ids of the claims that did not change,
 * and leaves the copy with no claims. A batch whose command stopped after recording its selection is resumed by its
 * id. `ingest --wait` with no worker says so, with what to run, within 10 s; a feed that lists nothing says so.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { newWatch } from '../../src/alerts/new-watch.ts';
import { createApp } from '../../src/api/app.ts';
import { apiDeps } from '../../src/api/server.ts';
import { runActors } from '../../src/cli/commands/actors.ts';
import { runIngest } from '../../src/cli/commands/ingest.ts';
import { runReextract } from '../../src/cli/commands/reextract.ts';
import { LiveCatalog, loadCatalogFrom } from '../../src/extract/catalog/live-catalog.ts';
import { extractorVersion } from '../../src/extract/index.ts';
import { Batches } from '../../src/queue/batches.ts';
import { connectProducer } from '../../src/queue/connection.ts';
import { connectElasticsearch } from '../../src/store/client.ts';
import type { ArticleDocument, ClaimDocument } from '../../src/store/documents.ts';
import { indexNames, refreshIndices } from '../../src/store/indices.ts';
import { listAlerts, saveWatch } from '../../src/store/watches.ts';
import { type PipelineHandle, startPipeline } from '../../workers/run.ts';
import { captureIo, cleanup, eventually, pageServer, rssFeed, type TestEnv, testEnv, withEnv } from './support.ts';

const TEXT = `Researchers at Symantec said the espionage group APT10 targeted managed service providers in Japan during 2019.

In a separate campaign, the threat actor tracked as Copper Heron targeted hospitals and healthcare providers in Norway, according to Symantec. Copper Heron used spear-phishing emails against the healthcare sector.`;

/** A MISP galaxy with one actor the built-in catalog does not have. */
const GALAXY = {
  name: 'Threat Actor',
  type: 'threat-actor',
  uuid: '00000000-0000-4000-8000-0000000000aa',
  values: [
    {
      value: 'Copper Heron',
      uuid: '00000000-0000-4000-8000-0000000000ab',
      meta: { synonyms: ['TA-Heron'], country: 'IR' },
    },
  ],
};

describe('re-extraction of stored articles (integration)', { timeout: 10 * 60_000 }, () => {
  let t: TestEnv;
  let dir: string;
  let catalogPath: string;
  let pipeline: PipelineHandle;
  let live: LiveCatalog;
  /** `serve`'s catalog: its own, following the file every 200 ms here (2 s in `claimwire serve`). */
  let served: LiveCatalog;
  let api: { app: ReturnType<typeof createApp>; close: () => Promise<void> };

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cw-reextract-'));
    catalogPath = path.join(dir, 'actors.json');
    t = await testEnv({ CLAIMWIRE_CATALOG: catalogPath });
    const article = (url: string, published: string, publisher: string) =>
      JSON.stringify({ url, title: 'Two campaigns', publisher, published, text: TEXT });
    await writeFile(path.join(dir, 'original.json'), article('https://news.example/2020/copper', '2020-05-01', 'News'));
    await writeFile(path.join(dir, 'copy.json'), article('https://wire.example/copper', '2020-05-03', 'Wire'));
    await writeFile(path.join(dir, 'galaxy.json'), JSON.stringify(GALAXY));
    // The running worker: it loaded the catalog before the import, and is never restarted.
    live = await LiveCatalog.open(catalogPath);
    served = (await LiveCatalog.open(catalogPath)).watch(200);
    const built = apiDeps({ settings: t.settings, elasticsearchUrl: t.elasticsearchUrl, catalog: served });
    api = { app: createApp(built.deps), close: built.close };
    pipeline = await startPipeline({
      settings: t.settings,
      elasticsearchUrl: t.elasticsearchUrl,
      catalog: live,
      stages: ['discover', 'fetch', 'extract', 'index'],
      schedule: false,
    });
    // A watch on APT10, before the articles arrive: their first indexing alerts it once; re-extraction must not again.
    const { client } = await connectElasticsearch({ url: t.elasticsearchUrl });
    try {
      const watch = newWatch({ name: 'APT10', url: 'https://hooks.example/apt10' }, live, new Date());
      await saveWatch(client, indexNames(t.prefix), watch);
    } finally {
      await client.close();
    }
    const c = captureIo();
    const code = await withEnv(t.env, () =>
      runIngest([path.join(dir, 'original.json'), path.join(dir, 'copy.json'), '--wait', '--timeout', '120'], c.io),
    );
    assert.equal(code, 0, c.err.join('\n'));
  });

  after(async () => {
    await pipeline?.close();
    await api?.close();
    served?.close();
    live?.close();
    if (t) await cleanup(t);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const stored = async () => {
    const { client } = await connectElasticsearch({ url: t.elasticsearchUrl });
    const names = indexNames(t.prefix);
    try {
      await refreshIndices(client, names);
      const articles = await client.search<ArticleDocument>({ index: names.alias('articles'), size: 10 });
      const claims = await client.search<ClaimDocument>({ index: names.alias('claims'), size: 100 });
      const docs = articles.hits.hits.map((h) => h._source as ArticleDocument);
      const original = docs.find((a) => !a.duplicateOf);
      const copy = docs.find((a) => a.duplicateOf);
      assert.ok(original && copy, 'an original and its copy are stored');
      const alerts = await listAlerts(client, names, { kind: 'alert' });
      return { original, copy, claims: claims.hits.hits.map((h) => h._source as ClaimDocument), alerts };
    } finally {
      await client.close();
    }
  };

  const ids = (claims: ClaimDocument[], subject: string) =>
    claims
      .filter((c) => c.subject.id === subject)
      .map((c) => c.id)
      .sort();

  let afterImport: Awaited<ReturnType<typeof stored>>;

  it('actors import --reextract reaches the running worker: new actor claims in, stale ones out, unchanged ids kept', async () => {
    const before = await stored();
    assert.equal(before.original.extractor?.version, extractorVersion());
    const unknownBefore = ids(before.claims, 'new:copperheron');
    const apt10Before = ids(before.claims, 'apt10');
    assert.ok(unknownBefore.length >= 2, 'before the import, the unknown name makes claims of its own');
    assert.ok(apt10Before.length >= 2, 'and APT10 has claims');
    assert.equal(ids(before.claims, 'copper-heron').length, 0);
    assert.equal(before.alerts.length, 1, 'the first indexing alerted the APT10 watch once (the copy did not)');
    assert.equal((await api.app.request('/v1/actors/copper-heron')).status, 404, 'serve does not know it yet');
    const unknown = (await (await api.app.request('/v1/claims?entity=TA-Heron')).json()) as { resolved: unknown };
    assert.equal(unknown.resolved, null, 'nor its alias');
    assert.ok(
      before.claims.every((c) => c.article.id === before.original.id),
      'the copy holds no claims',
    );

    const c = captureIo();
    const code = await withEnv(t.env, () => runActors(['import', path.join(dir, 'galaxy.json'), '--reextract'], c.io));
    assert.equal(code, 0, [...c.out, ...c.err].join('\n'));
    const out = c.out.join('\n');

    afterImport = await stored();
    const known = ids(afterImport.claims, 'copper-heron');
    assert.ok(known.length >= 2, 'the imported actor has claims in the stored article now');
    assert.deepEqual(ids(afterImport.claims, 'new:copperheron'), [], 'claims of the unknown name are gone');
    assert.deepEqual(ids(afterImport.claims, 'apt10'), apt10Before, 'APT10 claims keep their ids');
    assert.ok(
      afterImport.claims.some((c) => c.subject.id === 'copper-heron' && c.object?.id === 'healthcare'),
      'Copper Heron targets healthcare',
    );
    // The counts printed are the ones that happened.
    assert.match(out, new RegExp(`claims added +${known.length}\\b`));
    assert.match(out, new RegExp(`claims removed +${unknownBefore.length}\\b`));
    assert.match(out, new RegExp(`claims unchanged +${apt10Before.length}\\b`));
    assert.match(out, /re-extracted +1\b/);
    assert.match(out, /duplicates +1\b/);
    // What made them is recorded: the new catalog revision, on the article and every claim.
    const revision = (await loadCatalogFrom(catalogPath)).revision;
    assert.notEqual(revision, before.original.extractor?.catalog);
    assert.equal(afterImport.original.extractor?.catalog, revision);
    assert.ok(afterImport.claims.every((x) => x.extractor?.catalog === revision));
    assert.ok(afterImport.original.actorIds.includes('copper-heron'));
    assert.equal(afterImport.original.claimCount, afterImport.claims.length);
    assert.equal(afterImport.copy.claimCount, 0);
    assert.ok(
      afterImport.claims.every((x) => x.article.id === afterImport.original.id),
      'the copy keeps no claims',
    );
    assert.equal(live.revision, revision, 'the running worker follows the file');
    assert.deepEqual(
      afterImport.alerts.map((a) => a.id),
      before.alerts.map((a) => a.id),
      'no alert is sent again for re-extracted articles',
    );
    // `serve` follows the file too: the new actor resolves by its alias, and its claims are found.
    await eventually(
      async () => (await api.app.request('/v1/actors/copper-heron')).status === 200,
      10_000,
      'serve to know the imported actor',
    );
    const found = (await (await api.app.request('/v1/claims?entity=TA-Heron')).json()) as {
      claims: { subject: { id: string } }[];
      resolved: { kind: string; id: string } | null;
    };
    assert.equal(found.resolved?.id, 'copper-heron', 'the alias resolves to the imported actor');
    assert.ok(found.claims.length > 0 && found.claims.every((x) => x.subject.id === 'copper-heron'));
  });

  it('resumes a batch by its id: one stopped after recording its selection finishes, and changes nothing twice', async () => {
    const redis = await connectProducer(t.settings.REDIS_URL);
    try {
      // As `reextract --all` leaves a batch when it is killed right after storing its selection.
      await new Batches(redis, t.prefix).setMeta('rstopped', { kind: 'reextract', selection: {} });
    } finally {
      redis.disconnect();
    }
    const c = captureIo();
    const code = await withEnv(t.env, () => runReextract(['--batch', 'rstopped', '--timeout', '120'], c.io));
    assert.equal(code, 0, c.err.join('\n'));
    const out = c.out.join('\n');
    assert.match(out, /re-extraction batch rstopped: 2 article\(s\)/);
    assert.match(out, /claims added +0\b/);
    assert.match(out, /claims removed +0\b/);
    assert.match(out, new RegExp(`claims unchanged +${afterImport.claims.length}\\b`));
    const again = await stored();
    assert.deepEqual(again.claims.map((x) => x.id).sort(), afterImport.claims.map((x) => x.id).sort());

    // Following it again once done: the same summary, nothing queued.
    const d = captureIo();
    assert.equal(await withEnv(t.env, () => runReextract(['--batch', 'rstopped'], d.io)), 0);
    assert.match(d.err.join('\n'), /batch rstopped: 0 article\(s\) queued/);
    assert.match(d.out.join('\n'), /re-extracted +1\b/);
  });

  it('an empty feed says it listed nothing', async () => {
    const server = await pageServer({ '/empty.xml': { type: 'application/rss+xml', body: rssFeed([]) } });
    try {
      const c = captureIo();
      const code = await withEnv(t.env, () =>
        runIngest(['--feed', server.url('/empty.xml'), '--wait', '--timeout', '60'], c.io),
      );
      assert.equal(code, 0, c.err.join('\n'));
      const out = c.out.join('\n');
      assert.match(out, new RegExp(`note: feed ${server.url('/empty.xml').replace(/[.?]/g, '\\$&')} listed nothing`));
      assert.match(out, /nothing to fetch/);
      assert.doesNotMatch(c.err.join('\n'), /-1\/0/);
    } finally {
      await server.close();
    }
  });
});

describe('ingest --wait with no worker (integration)', { timeout: 120_000 }, () => {
  let t: TestEnv;
  let dir: string;
  before(async () => {
    t = await testEnv();
    dir = await mkdtemp(path.join(os.tmpdir(), 'cw-noworker-'));
    await writeFile(
      path.join(dir, 'a.json'),
      JSON.stringify({
        url: 'https://news.example/a',
        title: 'A',
        publisher: 'N',
        published: '2020-01-01',
        text: TEXT,
      }),
    );
  });
  after(async () => {
    if (t) await cleanup(t);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('says within 10 s that no worker takes the queues and how to fix it, and exits 3', async () => {
    const c = captureIo();
    const started = Date.now();
    const code = await withEnv(t.env, () => runIngest([path.join(dir, 'a.json'), '--wait'], c.io));
    const took = Date.now() - started;
    assert.equal(code, 3);
    assert.ok(took < 10_000, `said after ${took} ms`);
    const err = c.err.join('\n');
    assert.match(err, /no worker is taking jobs from the extract queue/);
    assert.match(err, /claimwire worker/);
    const batch = /batch (b\S+): 1 item/.exec(err)?.[1];
    assert.ok(batch, err);
    assert.match(err, new RegExp(`claimwire ingest --batch ${batch} --work`));

    // The advice works: re-attaching with --work finishes the batch.
    const d = captureIo();
    assert.equal(await withEnv(t.env, () => runIngest(['--batch', batch, '--work', '--timeout', '120'], d.io)), 0);
    assert.match(d.out.join('\n'), /fetched and indexed +1/);
  });
});
