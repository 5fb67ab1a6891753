/**
 * The pipeline under faults, on real services: a worker SIGKILLed in the middle of a job loses nothing (the job is
 * taken over once its lock expires); Elasticsearch stopped during ingestion makes index jobs wait and retry until it is
 * back; a restarted Redis is reconnected to.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadSettings } from '../../config/settings.ts';
import { runIngest } from '../../src/cli/commands/ingest.ts';
import { defaultCatalog } from '../../src/extract/index.ts';
import { servicesDown, servicesUp } from '../../src/services/index.ts';
import { type PipelineHandle, startPipeline } from '../../workers/run.ts';
import {
  articlePage,
  batchProgress,
  captureIo,
  cleanup,
  eventually,
  LOCAL_DIR,
  pageServer,
  spawnWorker,
  type TestEnv,
  tcpProxy,
  testEnv,
  withEnv,
} from './support.ts';

function batchOf(out: string[]): string {
  const id = out.at(-1);
  assert.ok(id, 'ingest printed its batch id');
  return id;
}

/** An in-process pipeline for the test's settings. */
const pipelineFor = (t: TestEnv) =>
  startPipeline({
    settings: t.settings,
    elasticsearchUrl: t.elasticsearchUrl,
    catalog: defaultCatalog(),
    schedule: false,
  });

/** Waits until nothing in the batch is pending and returns its final counts. */
async function batchDone(t: TestEnv, batchId: string, timeoutMs: number, what: string) {
  return eventually(
    async () => {
      const p = await batchProgress(t, batchId);
      return p.pending === 0 ? p : null;
    },
    timeoutMs,
    what,
  );
}

describe('pipeline faults (integration)', { timeout: 15 * 60_000 }, () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'claimwire-faults-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a worker killed with SIGKILL mid-job loses nothing: the job is retried after restart', async () => {
    const t = await testEnv();
    const server = await pageServer({});
    let child: ChildProcess | null = null;
    let pipeline: PipelineHandle | null = null;
    try {
      server.pages.set('/slow', {
        body: articlePage('apt10-fireeye-2017.json', server.url('/slow'), 'Slow Site'),
        delayMs: 3000,
      });
      ({ child } = await spawnWorker(t, 'fetch'));

      const c = captureIo();
      assert.equal(await withEnv(t.env, () => runIngest([server.url('/slow')], c.io)), 0);
      const batchId = batchOf(c.out);
      await eventually(async () => (server.hits.get('/slow') ?? 0) >= 1, 30_000, 'the worker to start fetching');
      child.kill('SIGKILL');
      await new Promise((r) => child?.once('exit', r));

      pipeline = await pipelineFor(t);
      const done = await batchDone(t, batchId, 90_000, 'the killed job to be retried and indexed');
      assert.equal(done.indexed, 1);
      assert.equal(done.failed, 0);
      assert.ok((server.hits.get('/slow') ?? 0) >= 2, 'the page was fetched again by the new worker');
    } finally {
      if (child && child.exitCode === null) child.kill('SIGKILL');
      await pipeline?.close();
      await server.close();
      await cleanup(t);
    }
  });

  it('a worker stopped with SIGTERM finishes its running job, then exits cleanly', async () => {
    const t = await testEnv();
    const server = await pageServer({});
    let pipeline: PipelineHandle | null = null;
    try {
      server.pages.set('/slow', {
        body: articlePage('apt10-symantec-2020.json', server.url('/slow'), 'Slow Site'),
        delayMs: 2500,
      });
      const { child, log } = await spawnWorker(t, 'fetch');
      const c = captureIo();
      assert.equal(await withEnv(t.env, () => runIngest([server.url('/slow')], c.io)), 0);
      const batchId = batchOf(c.out);
      await eventually(async () => (server.hits.get('/slow') ?? 0) >= 1, 30_000, 'the worker to start fetching');
      child.kill('SIGTERM');
      const exitCode = await new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      assert.equal(exitCode, 0, log());
      assert.match(log(), /SIGTERM: finishing running jobs/);

      // The fetch finished before the exit: the rest of the pipeline completes without fetching the page again.
      pipeline = await pipelineFor(t);
      const done = await batchDone(t, batchId, 60_000, 'the batch to finish');
      assert.equal(done.indexed, 1);
      assert.equal(server.hits.get('/slow'), 1, 'the page was fetched exactly once');
    } finally {
      await pipeline?.close();
      await server.close();
      await cleanup(t);
    }
  });

  it('Elasticsearch stopped during ingestion: index jobs wait and retry, and everything is indexed once it is back', async () => {
    const base = loadSettings();
    // With an external Elasticsearch we cannot stop it; a proxy in front of it is stopped instead.
    const proxy = base.ELASTICSEARCH_URL ? await tcpProxy(base.ELASTICSEARCH_URL) : null;
    const t = await testEnv(proxy ? { ELASTICSEARCH_URL: proxy.url } : {});
    let pipeline: PipelineHandle | null = null;
    try {
      pipeline = await startPipeline({
        settings: t.settings,
        elasticsearchUrl: t.settings.ELASTICSEARCH_URL ?? t.elasticsearchUrl,
        catalog: defaultCatalog(),
        schedule: false,
      });
      const files = await writeArticles(dir, 3);

      if (proxy) await proxy.stop();
      else await servicesDown({ localDir: LOCAL_DIR, stopRedis: false, graceMs: 10_000 });

      const c = captureIo();
      assert.equal(await withEnv(t.env, () => runIngest(files, c.io)), 0);
      const batchId = batchOf(c.out);
      await new Promise((r) => setTimeout(r, 6000));
      const during = await batchProgress(t, batchId);
      assert.equal(during.failed, 0, 'nothing fails while Elasticsearch is down');
      assert.equal(during.pending, 3, 'the jobs wait');

      if (proxy) await proxy.start();
      else await servicesUp({ redisUrl: base.REDIS_URL, localDir: LOCAL_DIR, esHeap: base.CLAIMWIRE_ES_HEAP });

      const done = await batchDone(t, batchId, 180_000, 'the index jobs to succeed after Elasticsearch came back');
      assert.equal(done.indexed, 3);
      assert.equal(done.failed, 0);
    } finally {
      await pipeline?.close();
      if (!proxy) await servicesUp({ redisUrl: base.REDIS_URL, localDir: LOCAL_DIR, esHeap: base.CLAIMWIRE_ES_HEAP });
      await cleanup(proxy ? { ...t, elasticsearchUrl: base.ELASTICSEARCH_URL as string } : t);
      await proxy?.close();
    }
  });

  it('workers reconnect to a restarted Redis', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    let redis = await startRedis(port, dir);
    const t = await testEnv({ REDIS_URL: `redis://127.0.0.1:${port}` });
    let pipeline: PipelineHandle | null = null;
    try {
      pipeline = await pipelineFor(t);
      const [first, second] = await writeArticles(dir, 2);
      const c1 = captureIo();
      assert.equal(
        await withEnv(t.env, () => runIngest([first as string, '--wait', '--timeout', '60'], c1.io)),
        0,
        c1.out.join('\n'),
      );

      redis.kill('SIGTERM');
      await new Promise((r) => redis.once('exit', r));
      await new Promise((r) => setTimeout(r, 1500));
      redis = await startRedis(port, dir);

      const c2 = captureIo();
      const code = await withEnv(t.env, () => runIngest([second as string, '--wait', '--timeout', '60'], c2.io));
      assert.equal(code, 0, c2.out.join('\n') + c2.err.join('\n'));
      assert.match(c2.out.join('\n'), /fetched and indexed\s+1\b/);
    } finally {
      await pipeline?.close();
      await cleanup(t);
      redis.kill('SIGTERM');
    }
  });
});

/** Article JSON files with distinct bodies, so each is new reporting. */
async function writeArticles(dir: string, n: number): Promise<string[]> {
  const files: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = randomBytes(4).toString('hex');
    const file = path.join(dir, `article-${id}.json`);
    await writeFile(
      file,
      JSON.stringify({
        url: `https://news.example.test/${id}`,
        title: `Report ${id}`,
        publisher: 'Example',
        published: `2024-05-0${(i % 9) + 1}`,
        text: `Researchers at Mandiant said APT29 targeted government agencies in Germany (case ${id}). The group also hit think tanks.`,
      }),
    );
    files.push(file);
  }
  return files;
}

async function startRedis(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    {
      stdio: 'ignore',
    },
  );
  await eventually(
    async () =>
      new Promise<boolean>((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => {
          s.end();
          resolve(true);
        });
        s.on('error', () => resolve(false));
      }),
    10_000,
    `redis-server on port ${port}`,
  );
  return child;
}
