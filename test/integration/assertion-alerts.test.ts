/**
 * Watches `--on new-assertion` end to end on real Redis and Elasticsearch: the first article that says APT10 targets
 * Japan alerts once per new assertion, naming it; a later article saying the same again alerts nothing, while a watch on
 * every new article fires for both; denials never alert. Articles written for the test, ingested through the queues.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runIngest } from '../../src/cli/commands/ingest.ts';
import { runWatch } from '../../src/cli/commands/watch.ts';
import { defaultCatalog } from '../../src/extract/index.ts';
import { type PipelineHandle, startPipeline } from '../../workers/run.ts';
import { captureIo, cleanup, eventually, type TestEnv, testEnv, withEnv } from './support.ts';
import { WebhookReceiver } from './webhook-receiver.ts';

// biome-ignore lint/suspicious/noExplicitAny: payloads are read field by field.
type Json = any;

describe('new-assertion watches (integration)', { timeout: 10 * 60_000 }, () => {
  let t: TestEnv;
  let dir: string;
  let pipeline: PipelineHandle;
  const receiver = new WebhookReceiver({ secretFor: () => 'unsigned', status: () => 204 });
  const delivered = (hook: string): Json[] =>
    receiver.received.filter((r) => r.path === hook).map((r) => JSON.parse(r.body));

  const ingest = async (url: string, text: string) => {
    const file = path.join(dir, `${randomBytes(4).toString('hex')}.json`);
    await writeFile(
      file,
      JSON.stringify({ url, title: `Story ${url}`, publisher: 'Example', published: '2024-03-01', text }),
    );
    const c = captureIo();
    const code = await withEnv(t.env, () => runIngest([file, '--wait', '--timeout', '120'], c.io));
    assert.equal(code, 0, c.out.join('\n') + c.err.join('\n'));
  };
  const watch = async (hook: string, ...extra: string[]) => {
    const c = captureIo();
    const code = await withEnv(t.env, () =>
      runWatch(['add', 'Stone Panda', '--webhook', `http://127.0.0.1:${receiver.port}${hook}`, ...extra], c.io),
    );
    assert.equal(code, 0, c.err.join('\n'));
    return c.out.join('\n');
  };
  /** Lets alert jobs the ingest queued run. */
  const settle = async () => new Promise((r) => setTimeout(r, 1500));

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'claimwire-assertion-alerts-'));
    t = await testEnv();
    await receiver.start();
    pipeline = await startPipeline({
      settings: t.settings,
      elasticsearchUrl: t.elasticsearchUrl,
      catalog: defaultCatalog(),
      schedule: false,
    });
    assert.match(await watch('/new', '--on', 'new-assertion'), /watching APT10 \(Stone Panda\).*on new assertions/);
    await watch('/every');
  });

  after(async () => {
    await pipeline?.close();
    await receiver.stop();
    if (t) await cleanup(t);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('alerts once per assertion the first report makes, naming it', async () => {
    await ingest(
      'https://one.example.test/apt10-japan',
      'Researchers at Symantec said APT10 targeted pharmaceutical companies in Japan this winter.',
    );
    const got = await eventually(
      async () => (delivered('/new').length >= 2 ? delivered('/new') : null),
      30_000,
      'alerts',
    );
    await settle();
    assert.equal(delivered('/new').length, 2);
    assert.deepEqual(got.map((p) => `${p.newAssertion.predicate} ${p.newAssertion.object.id}`).sort(), [
      'targets-country JP',
      'targets-sector pharmaceutical',
    ]);
    for (const p of got) {
      assert.equal(p.actor.id, 'apt10');
      assert.ok(p.claims.length > 0 && p.claims.every((c: Json) => c.object.id === p.newAssertion.object.id));
    }
    assert.equal(delivered('/every').length, 1);
  });

  it('sends nothing for a second report of the same assertions; the every-article watch still fires', async () => {
    await ingest(
      'https://two.example.test/apt10-again',
      'APT10 continued to hit pharmaceutical firms in Japan, according to Symantec.',
    );
    await eventually(async () => delivered('/every').length >= 2, 30_000, 'the every-article alert');
    await settle();
    assert.equal(delivered('/new').length, 2);
  });

  it('alerts for what is new in a later report, and never for a denial', async () => {
    await ingest(
      'https://three.example.test/apt10-korea',
      'ESET did not find any evidence that APT10 targeted banks in Korea.',
    );
    await ingest('https://four.example.test/apt10-taiwan', 'Mandiant said APT10 attacked manufacturers in Taiwan.');
    await eventually(async () => delivered('/new').length >= 4, 30_000, 'alerts for Taiwan');
    await settle();
    const all = delivered('/new').map((p) => `${p.newAssertion.predicate} ${p.newAssertion.object.id}`);
    assert.deepEqual(all.sort(), [
      'targets-country JP',
      'targets-country TW',
      'targets-sector manufacturing',
      'targets-sector pharmaceutical',
    ]);
    assert.equal(new Set(delivered('/new').map((p) => p.id)).size, 4);
  });
});
