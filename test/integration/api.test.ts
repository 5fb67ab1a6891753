/**
 * The HTTP API in process (Hono's app.request, no port) against the real Elasticsearch, with articles written for the
 * tests stored through the same code the index stage uses.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Client } from '@elastic/elasticsearch';
import type { Hono } from 'hono';
import { type ApiDeps, createApp } from '../../src/api/app.ts';
import { apiDeps } from '../../src/api/server.ts';
import type { Article } from '../../src/article/types.ts';
import { validateStixBundle } from '../../src/export/index.ts';
import { defaultCatalog, extractArticle } from '../../src/extract/index.ts';
import { connectElasticsearch } from '../../src/store/client.ts';
import { ensureIndices, indexNames, refreshIndices } from '../../src/store/indices.ts';
import { storeExtraction } from '../../src/store/ingest-store.ts';
import { cleanup, type TestEnv, testEnv } from './support.ts';

const KEY = 'test-key-0123456789';

// biome-ignore lint/suspicious/noExplicitAny: the tests read response JSON field by field and assert on it.
type Json = any;

function fixture(name: string): Article {
  const o = JSON.parse(readFileSync(new URL(`../fixtures/articles/${name}`, import.meta.url), 'utf8'));
  return {
    url: o.url,
    title: o.title,
    publisher: o.publisher,
    published: o.published,
    text: o.text,
    authors: [],
    modified: null,
    language: 'en',
    paragraphs: [],
  };
}

const extra: Article[] = [
  {
    url: 'https://news.example.test/2023/kimsuky',
    title: 'Kimsuky phishes think tanks <img src=x onerror=alert(1)>',
    publisher: 'Example Policy Desk',
    published: '2023-12-01',
    text: 'Researchers at Mandiant said Kimsuky sent spear-phishing emails to think tanks in South Korea and Japan.',
    authors: [],
    modified: null,
    language: 'en',
    paragraphs: [],
  },
  {
    url: 'https://news.example.test/2021/winnti',
    title: 'Winnti resurfaces',
    publisher: 'Example Security News',
    published: '2021-03-02',
    text: 'ESET said APT41 targeted video game companies in Taiwan and hit telecoms in Hong Kong.',
    authors: [],
    modified: null,
    language: 'en',
    paragraphs: [],
  },
];

describe('HTTP API (integration)', { timeout: 5 * 60_000 }, () => {
  let t: TestEnv;
  let app: Hono;
  let client: Client;
  let closeDeps: () => Promise<void>;
  let deps: ApiDeps;

  before(async () => {
    t = await testEnv({ CLAIMWIRE_API_KEYS: KEY });
    ({ client } = await connectElasticsearch({ url: t.elasticsearchUrl }));
    const names = indexNames(t.prefix);
    await ensureIndices(client, names);
    const catalog = defaultCatalog();
    for (const a of [fixture('apt10-symantec-2020.json'), fixture('apt10-fireeye-2017.json'), ...extra]) {
      const r = extractArticle(a, { source: a.url ?? '' });
      await storeExtraction(
        client,
        names,
        r,
        { normalizedUrl: a.url as string, parsedAt: '2024-01-01T00:00:00Z', ingestedAt: new Date().toISOString() },
        catalog.actors,
      );
    }
    await refreshIndices(client, names);
    const built = apiDeps({ settings: t.settings, elasticsearchUrl: t.elasticsearchUrl, catalog });
    closeDeps = built.close;
    deps = built.deps;
    app = createApp(deps);
  });

  after(async () => {
    await closeDeps?.();
    await client?.close();
    if (t) await cleanup(t);
  });

  const get = async (path: string) => {
    const res = await app.request(path);
    const type = res.headers.get('content-type') ?? '';
    const body: Json = /^application\/(problem\+)?json/.test(type) ? await res.json() : await res.text();
    return { res, body };
  };

  it('finds APT10 by every one of its aliases in the catalog', async () => {
    const apt10 = defaultCatalog().actors.get('apt10');
    assert.ok(apt10);
    const names = [apt10.name, ...apt10.aliases.map((a) => a.name), 'APT 10', 'apt-10'];
    assert.ok(names.length > 10);
    const totals = new Set<number>();
    for (const name of names) {
      const { res, body } = await get(`/v1/claims?entity=${encodeURIComponent(name)}`);
      assert.equal(res.status, 200, `${name}: ${JSON.stringify(body)}`);
      assert.equal(body.resolved.id, 'apt10', name);
      totals.add(body.total);
    }
    assert.equal(totals.size, 1, 'every alias gives the same claims');
    assert.ok(([...totals][0] as number) > 20);
  });

  it('answers an ambiguous name with the candidates', async () => {
    const { res, body } = await get('/v1/claims?entity=Winnti');
    assert.equal(res.status, 300);
    assert.deepEqual(body.candidates.map((c: { id: string }) => c.id).sort(), ['apt41', 'winnti-group']);
    // A candidate picked by its id is no longer ambiguous, even where the id is another actor's alias.
    const picked = await get('/v1/claims?entity=carbanak');
    assert.equal(picked.res.status, 200);
    assert.equal(picked.body.resolved.id, 'carbanak');
    assert.equal((await get('/v1/claims?entity=Carbanak')).res.status, 300);
  });

  it('filters by predicate, sector, country, vendor, dates, hedging and quote words', async () => {
    const sector = (await get('/v1/claims?entity=Cicada&predicate=targets-sector&sector=pharmaceutical')).body;
    assert.equal(sector.total, 1);
    assert.equal(sector.claims[0].object.id, 'pharmaceutical');
    const country = (await get('/v1/claims?entity=APT10&country=jp')).body;
    assert.ok(country.total >= 2);
    assert.ok(country.claims.every((c: { object: { id: string } }) => c.object.id === 'JP'));
    const vendor = (await get('/v1/claims?entity=APT10&vendor=fireeye')).body;
    assert.ok(
      vendor.total > 0 && vendor.claims.every((c: { reportedBy: string[] }) => c.reportedBy.includes('fireeye')),
    );
    const dated = (await get('/v1/claims?entity=APT10&from=2020-01&to=2020')).body;
    assert.ok(
      dated.total > 0 &&
        dated.claims.every((c: { article: { published: string } }) => c.article.published.startsWith('2020')),
    );
    const hedged = (await get('/v1/claims?entity=APT10&hedged=true')).body;
    assert.ok(hedged.total > 0 && hedged.claims.every((c: { hedged: boolean }) => c.hedged));
    const words = (await get('/v1/claims?entity=APT10&q=Mexico%20France')).body;
    assert.ok(
      words.total > 0 && words.claims.every((c: { citation: { quote: string } }) => /Mexico/.test(c.citation.quote)),
    );
    const denials = (await get('/v1/claims?entity=APT10&negated=true')).body;
    assert.ok(denials.total > 0 && denials.claims.every((c: { negated: boolean }) => c.negated));
  });

  it('returns facets with names and counts', async () => {
    const { body } = await get('/v1/claims?entity=APT10');
    const sectors = Object.fromEntries(body.facets.sector.map((b: { key: string; count: number }) => [b.key, b.count]));
    assert.equal(sectors.pharmaceutical, 1);
    assert.ok(body.facets.predicate.some((b: { key: string }) => b.key === 'targets-country'));
    assert.ok(body.facets.country.some((b: { key: string; name: string }) => b.key === 'MX' && b.name === 'Mexico'));
    assert.deepEqual(body.facets.month.map((b: { key: string }) => b.key).sort(), ['2017-11', '2020-11']);
  });

  it('pages with a cursor through every claim exactly once', async () => {
    const total = (await get('/v1/claims?entity=APT10')).body.total as number;
    const seen = new Set<string>();
    let next: string | null = null;
    do {
      const { body } = await get(`/v1/claims?entity=APT10&size=7${next ? `&cursor=${next}` : ''}`);
      for (const c of body.claims) {
        assert.ok(!seen.has(c.id), 'no claim twice');
        seen.add(c.id);
      }
      next = body.next;
    } while (next);
    assert.equal(seen.size, total);
  });

  it('exports CSV, JSON Lines and a valid STIX 2.1 bundle', async () => {
    const csv = await get('/v1/claims?entity=APT10&format=csv');
    assert.match(csv.res.headers.get('content-type') ?? '', /text\/csv/);
    const rows = (csv.body as string).trimEnd().split('\r\n');
    assert.ok(rows[0]?.startsWith('id,'));
    const jsonl = await get('/v1/claims?entity=APT10&format=jsonl');
    const lines = (jsonl.body as string)
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(lines.length, rows.length - 1);
    const stix = await get('/v1/claims?entity=APT10&format=stix');
    const bundle = JSON.parse(stix.body as string);
    assert.equal(bundle.type, 'bundle');
    assert.deepEqual(validateStixBundle(bundle), []);
    assert.ok(
      bundle.objects.some((o: { type: string; name?: string }) => o.type === 'intrusion-set' && o.name === 'APT10'),
    );
    assert.ok(
      bundle.objects.some(
        (o: { type: string; relationship_type?: string }) =>
          o.type === 'relationship' && o.relationship_type === 'targets',
      ),
    );
  });

  /** An app whose Elasticsearch client counts the searches it is sent. */
  const countingApp = (options: Partial<ApiDeps>) => {
    let searches = 0;
    const counted = createApp({
      ...deps,
      ...options,
      elasticsearch: async () => {
        const es = await deps.elasticsearch();
        return new Proxy(es, {
          get(target, prop, receiver) {
            if (prop === 'msearch') searches++;
            return Reflect.get(target, prop, receiver);
          },
        });
      },
    });
    return { app: counted, searches: () => searches };
  };

  it('M3: exports stream page by page, and stop reading claims when the client disconnects', async () => {
    const whole = (await get('/v1/claims?entity=APT10&format=jsonl')).body as string;
    const total = whole.trimEnd().split('\n').length;
    assert.ok(total > 10, `enough claims for several pages: ${total}`);
    const { app: streaming, searches } = countingApp({ exportPageSize: 2 });

    const full = await streaming.request('/v1/claims?entity=APT10&format=jsonl');
    const reader = (full.body as ReadableStream<Uint8Array>).getReader();
    let chunks = 0;
    let text = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      chunks++;
      text += new TextDecoder().decode(r.value);
    }
    assert.equal(text, whole, 'the streamed export is the same file');
    assert.ok(chunks >= total / 2, `one chunk per page of two claims: ${chunks}`);
    const perExport = searches();

    const res = await streaming.request('/v1/claims?entity=APT10&format=csv');
    const partial = (res.body as ReadableStream<Uint8Array>).getReader();
    assert.match(new TextDecoder().decode((await partial.read()).value), /^id,/);
    await partial.cancel(); // the client goes away after the first page
    await new Promise((r) => setTimeout(r, 300));
    const afterCancel = searches() - perExport;
    assert.ok(afterCancel <= 2, `${afterCancel} searches after the client left, of ${perExport} for a whole export`);
  });

  it('M3: exports beyond the concurrent limit are answered 429 with Retry-After, and a finished one frees its slot', async () => {
    const { app: limited } = countingApp({ maxConcurrentExports: 2, exportPageSize: 2 });
    const open = [
      await limited.request('/v1/claims?entity=APT10&format=stix'),
      await limited.request('/v1/claims?entity=APT10&format=csv'),
    ];
    assert.deepEqual(
      open.map((r) => r.status),
      [200, 200],
    );
    const refused = await limited.request('/v1/claims?entity=APT10&format=jsonl');
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), '5');
    assert.match(((await refused.json()) as Json).detail, /2 exports are running/);
    // Ordinary searches are not exports and are never refused for them.
    assert.equal((await limited.request('/v1/claims?entity=APT10')).status, 200);

    const bundle = JSON.parse(await (open[0] as Response).text());
    assert.deepEqual(validateStixBundle(bundle), []);
    await (open[1] as Response).body?.cancel();
    assert.equal((await limited.request('/v1/claims?entity=APT10&format=jsonl')).status, 200);
  });

  it('autocompletes aliases and serves actor profiles and articles with spans', async () => {
    const { body } = await get('/v1/actors?prefix=stone%20pa');
    assert.equal(body.actors[0].id, 'apt10');
    assert.equal(body.actors[0].matched, 'Stone Panda');
    const profile = (await get('/v1/actors/apt10')).body;
    assert.equal(profile.attackId, 'G0045');
    assert.equal(profile.sponsor.code, 'CN');
    assert.ok(profile.sectors.some((s: { id: string; count: number }) => s.id === 'pharmaceutical' && s.count === 1));
    assert.ok(
      profile.aliases.some(
        (a: { name: string; coinedBy: string }) => a.name === 'Stone Panda' && a.coinedBy === 'crowdstrike',
      ),
    );
    assert.equal(profile.firstSeen, '2017-11-17');
    assert.equal(profile.lastSeen, '2020-11-17');
    const articleId = profile.latest[0].article.id;
    const article = (await get(`/v1/articles/${articleId}`)).body;
    assert.ok(article.spans.some((s: { kind: string; id: string }) => s.kind === 'actor' && s.id === 'apt10'));
    for (const s of article.spans) assert.equal(article.text.slice(s.start, s.end), s.text);
    assert.equal((await get('/v1/actors/no-such-actor')).res.status, 404);
    assert.equal((await get('/v1/articles/ffffffffffffffffffffffffffffffff')).res.status, 404);
  });

  it('answers bad parameters with 400 and a problem naming them', async () => {
    for (const q of [
      'size=0',
      'size=500',
      'predicate=likes',
      'from=yesterday',
      'country=Japan',
      'hedged=maybe',
      'cursor=bogus',
      'color=red',
    ]) {
      const { res, body } = await get(`/v1/claims?entity=APT10&${q}`);
      assert.equal(res.status, 400, q);
      assert.equal(res.headers.get('content-type'), 'application/problem+json');
      assert.equal(body.status, 400);
      assert.ok(body.detail.length > 0, q);
    }
    const { body } = await get('/v1/claims?size=abc');
    assert.match(body.detail, /size/);
  });

  it('needs an API key to write, compared against the configured keys', async () => {
    const post = (headers: Record<string, string>, body = { urls: ['https://news.example.test/new'] }) =>
      app.request('/v1/ingest', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    assert.equal((await post({})).status, 401);
    assert.equal((await post({ authorization: 'Bearer wrong' })).status, 401);
    const ok = await post({ authorization: `Bearer ${KEY}` });
    assert.equal(ok.status, 202);
    const { batchId, accepted } = (await ok.json()) as { batchId: string; accepted: number };
    assert.equal(accepted, 1);
    const job = await app.request(`/v1/jobs/${batchId}`);
    assert.equal(job.status, 200);
    assert.equal(((await job.json()) as { total: number }).total, 1);
    assert.equal((await post({ 'x-api-key': KEY }, { urls: ['file:///etc/passwd'] } as never)).status, 400);
  });

  it('sets a Content-Security-Policy and serves the OpenAPI document built from the schemas', async () => {
    const { res, body } = await get('/openapi.json');
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    assert.equal(body.openapi, '3.1.0');
    const params = body.paths['/v1/claims'].get.parameters.map((p: { name: string }) => p.name);
    for (const p of [
      'entity',
      'predicate',
      'sector',
      'country',
      'vendor',
      'from',
      'to',
      'hedged',
      'q',
      'cursor',
      'format',
    ])
      assert.ok(params.includes(p), p);
  });

  it('answers 503 when Elasticsearch or Redis is down', async () => {
    const dead = apiDeps({
      settings: { ...t.settings, REDIS_URL: 'redis://127.0.0.1:1' },
      elasticsearchUrl: 'http://127.0.0.1:1',
      catalog: defaultCatalog(),
    });
    const down = createApp(dead.deps);
    const es = await down.request('/v1/claims?entity=APT10');
    assert.equal(es.status, 503);
    assert.equal(((await es.json()) as { service: string }).service, 'elasticsearch');
    assert.ok(es.headers.get('retry-after'));
    const redis = await down.request('/v1/ingest', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ urls: ['https://news.example.test/x'] }),
    });
    assert.equal(redis.status, 503);
    assert.equal(((await redis.json()) as { service: string }).service, 'redis');
    await dead.close();
  });

  it('manages watchlists behind the API key and lists alerts', async () => {
    const auth = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
    const post = (body: unknown, headers: Record<string, string> = auth) =>
      app.request('/v1/watchlists', { method: 'POST', headers, body: JSON.stringify(body) });
    assert.equal(
      (
        await post(
          { actor: 'Stone Panda', webhook: 'https://hooks.example.test/claimwire' },
          { 'content-type': 'application/json' },
        )
      ).status,
      401,
    );
    assert.equal((await post({ actor: 'Winnti', webhook: 'https://hooks.example.test/claimwire' })).status, 300);
    assert.equal((await post({ actor: 'Stone Panda', webhook: 'ftp://hooks.example.test/x' })).status, 400);
    // The tests allow private addresses (their receivers are on loopback); a production app refuses them.
    const strict = createApp({ ...deps, allowPrivateWebhooks: false });
    const refused = await strict.request('/v1/watchlists', {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ actor: 'Stone Panda', webhook: 'http://10.0.0.5/hook' }),
    });
    assert.equal(refused.status, 400, 'a private webhook is refused by the SSRF guard');
    const saved = await post({
      actor: 'Stone Panda',
      webhook: 'http://127.0.0.1:9/secret-path',
      secret: 'abcdefgh-123',
      sectors: ['pharmaceutical'],
    });
    assert.equal(saved.status, 201, await saved.clone().text());
    const watch = (await saved.json()) as Json;
    assert.equal(watch.actorId, 'apt10');
    assert.equal(watch.webhook, 'http://127.0.0.1:9', 'only the origin is shown');
    const list = await app.request('/v1/watchlists', { headers: auth });
    const text = await list.text();
    assert.ok(text.includes(watch.id));
    assert.ok(
      !text.includes('abcdefgh-123') && !text.includes('secret-path'),
      'no secret or webhook path in the listing',
    );
    assert.equal((await app.request('/v1/watchlists')).status, 401);
    assert.equal((await app.request(`/v1/watchlists/${watch.id}`, { method: 'DELETE', headers: auth })).status, 204);
    assert.equal((await app.request(`/v1/watchlists/${watch.id}`, { method: 'DELETE', headers: auth })).status, 404);
    assert.equal((await app.request('/v1/alerts?status=failed')).status, 401, 'L8: alerts need the key');
    const alerts = await app.request('/v1/alerts?status=failed', { headers: auth });
    assert.equal(alerts.status, 200);
    assert.deepEqual(((await alerts.json()) as Json).alerts, []);
    assert.equal((await app.request('/v1/alerts?status=lost', { headers: auth })).status, 400);
    assert.equal((await app.request('/v1/alerts/nope/redeliver', { method: 'POST', headers: auth })).status, 404);
  });

  it('exposes queue depths, outcomes and index counts at /metrics in Prometheus format', async () => {
    const res = await app.request('/metrics');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/plain; version=0\.0\.4/);
    const text = await res.text();
    assert.match(text, /^# TYPE claimwire_queue_jobs gauge$/m);
    assert.match(text, /^claimwire_queue_jobs\{queue="fetch",state="waiting"\} \d+$/m);
    assert.match(text, /^claimwire_documents\{index="articles"\} 4$/m);
    assert.match(text, /^claimwire_alerts\{status="failed"\} \d+$/m);
    assert.match(
      text,
      /^# HELP claimwire_ingest_outcomes_total Articles finished by outcome \(indexed, unchanged, duplicates, failed, reextracted\)\.$/m,
      'the help names every outcome the counter has',
    );
  });
});
