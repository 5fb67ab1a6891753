/**
 * Alerting end to end on real Redis and Elasticsearch with a local webhook receiver: a watch saved by one alias fires
 * once per new article that uses another alias, with a signature the receiver verifies; re-ingests, syndicated copies
 * and denials fire nothing; a receiver that is down gets the alert once it is back, and only once.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runAlerts } from '../../src/cli/commands/alerts.ts';
import { runIngest } from '../../src/cli/commands/ingest.ts';
import { runWatch } from '../../src/cli/commands/watch.ts';
import { defaultCatalog } from '../../src/extract/index.ts';
import { type PipelineHandle, startPipeline } from '../../workers/run.ts';
import { captureIo, cleanup, eventually, type TestEnv, testEnv, withEnv } from './support.ts';
import { WebhookReceiver } from './webhook-receiver.ts';

const SECRET = 'shared-secret-for-tests';

let refuse = false;
/** Signed with the watch's secret; answers 404 (a permanent refusal) while `refuse` is set. */
const newReceiver = () =>
  new WebhookReceiver({ secretFor: () => SECRET, status: (_path, ok) => (refuse ? 404 : ok ? 204 : 401) });
const alertsFor = (receiver: WebhookReceiver, articleUrl: string) =>
  receiver.received.filter((r) => JSON.parse(r.body).article?.url === articleUrl);

describe('alerting (integration)', { timeout: 10 * 60_000 }, () => {
  let t: TestEnv;
  let dir: string;
  let pipeline: PipelineHandle;
  const receiver = newReceiver();

  const article = async (url: string, text: string): Promise<string> => {
    const file = path.join(dir, `${randomBytes(4).toString('hex')}.json`);
    await writeFile(
      file,
      JSON.stringify({ url, title: `Story ${url}`, publisher: 'Example News', published: '2024-03-01', text }),
    );
    return file;
  };
  const ingest = async (...files: string[]) => {
    const c = captureIo();
    const code = await withEnv(t.env, () => runIngest([...files, '--wait', '--timeout', '120'], c.io));
    assert.equal(code, 0, c.out.join('\n') + c.err.join('\n'));
    return c.out.join('\n');
  };
  /** Lets any alert jobs the ingest queued run, then returns what the receiver got. */
  const settle = async () => new Promise((r) => setTimeout(r, 1500));

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'claimwire-alerts-'));
    t = await testEnv();
    await receiver.start();
    pipeline = await startPipeline({
      settings: t.settings,
      elasticsearchUrl: t.elasticsearchUrl,
      catalog: defaultCatalog(),
      schedule: false,
    });
    const c = captureIo();
    const code = await withEnv({ ...t.env, CLAIMWIRE_WATCH_SECRET: SECRET }, () =>
      runWatch(['add', 'Stone Panda', '--webhook', `http://127.0.0.1:${receiver.port}/hook`, '--secret-env'], c.io),
    );
    assert.equal(code, 0, c.err.join('\n'));
    assert.match(c.out.join('\n'), /watching APT10 \(Stone Panda\)/);
  });

  after(async () => {
    await pipeline?.close();
    await receiver.stop();
    if (t) await cleanup(t);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('refuses to watch an ambiguous name and lists the candidates', async () => {
    const c = captureIo();
    await assert.rejects(
      withEnv(t.env, () => runWatch(['add', 'Winnti', '--webhook', 'https://hooks.example.test/x'], c.io)),
      /not saved/,
    );
    assert.match(c.err.join('\n'), /apt41/);
    assert.match(c.err.join('\n'), /winnti-group/);
  });

  const story = 'https://news.example.test/2024/cicada-pharma';
  const text = 'Researchers at Symantec said Cicada targeted pharmaceutical companies in Japan this winter.';

  it('a new article about the watched actor, under another alias, sends exactly one signed alert', async () => {
    await ingest(await article(story, text));
    const got = await eventually(
      async () => (alertsFor(receiver, story).length > 0 ? alertsFor(receiver, story) : null),
      30_000,
      'the alert',
    );
    await settle();
    assert.equal(alertsFor(receiver, story).length, 1);
    assert.equal(got[0]?.verified, true, 'the receiver verified the signature');
    const payload = JSON.parse(got[0]?.body ?? '{}');
    assert.equal(payload.actor.id, 'apt10');
    assert.ok(
      payload.claims.some(
        (c: { predicate: string; quote: string }) => c.predicate === 'targets-sector' && c.quote === text,
      ),
    );
    assert.ok(!JSON.stringify(payload).includes(SECRET), 'no secret in the payload');
  });

  it('the same article ingested again, and a syndicated copy of it, send nothing', async () => {
    const before = receiver.received.length;
    await ingest(await article(story, text));
    const summary = await ingest(await article('https://partner.example.test/wire/cicada', text));
    assert.match(summary, /duplicates\s+1\b/);
    await settle();
    assert.equal(receiver.received.length, before);
  });

  it('an article where the actor appears only in a denial sends nothing', async () => {
    const before = receiver.received.length;
    const summary = await ingest(
      await article(
        'https://news.example.test/2024/denial',
        'There is no evidence connecting APT10 to the breach of a Japanese telecom firm, officials said.',
      ),
    );
    assert.match(summary, /fetched and indexed\s+1\b/);
    await settle();
    assert.equal(receiver.received.length, before);
  });

  it('a receiver that is down gets the alert once it is back, and only once', async () => {
    await receiver.stop();
    const url = 'https://news.example.test/2024/apt10-telecoms';
    await ingest(
      await article(url, 'Mandiant said APT10 breached telecommunications providers in South Korea last month.'),
    );
    await new Promise((r) => setTimeout(r, 3500));
    const c = captureIo();
    await withEnv(t.env, () => runAlerts(['list', '--pending'], c.io));
    assert.match(c.out.join('\n'), /pending/, 'the alert waits while the receiver is down');
    await receiver.start();
    await eventually(async () => alertsFor(receiver, url).length > 0, 60_000, 'the retried alert');
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal(alertsFor(receiver, url).length, 1);
    const listed = captureIo();
    await withEnv(t.env, () => runAlerts(['list'], listed.io));
    assert.equal((listed.out.join('\n').match(/delivered/g) ?? []).length, 2);
  });

  it('an alert the receiver refuses ends failed, is listed with --failed, and is delivered on redelivery', async () => {
    refuse = true;
    const url = 'https://news.example.test/2024/apt10-refused';
    await ingest(await article(url, 'Symantec said APT10 targeted engineering firms in France in a new campaign.'));
    const failedId = await eventually(
      async () => {
        const c = captureIo();
        await withEnv(t.env, () => runAlerts(['list', '--failed'], c.io));
        return c.out.find((l) => /failed/.test(l))?.split(/\s+/)[0];
      },
      30_000,
      'the alert to be marked failed',
    );
    assert.equal(alertsFor(receiver, url).length, 1, 'a 404 is not retried');
    refuse = false;
    const c = captureIo();
    assert.equal(await withEnv(t.env, () => runAlerts(['redeliver', failedId as string], c.io)), 0);
    await eventually(async () => alertsFor(receiver, url).length === 2, 30_000, 'the redelivery');
    const ok = receiver.received.filter((r) => JSON.parse(r.body).article?.url === url);
    assert.equal(ok[1]?.verified, true);
  });

  it("sends the nightly digest of the day's alerts to each watch", async () => {
    const before = receiver.received.length;
    await pipeline.deps.queues.queues.alert.add('digest', { kind: 'digest' });
    await eventually(async () => receiver.received.length > before, 30_000, 'the digest');
    const digest = JSON.parse(receiver.received.at(-1)?.body ?? '{}');
    assert.equal(digest.type, 'claimwire.digest');
    assert.ok(digest.articles.length >= 3, `articles in the digest: ${digest.articles?.length}`);
    assert.equal(receiver.received.at(-1)?.verified, true);
  });
});
