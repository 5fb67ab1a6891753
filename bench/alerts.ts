/**
 * Alerting benchmark: 1,000 watches (random catalog actors, some narrowed to sectors or countries) pointing at a local
 * webhook receiver, then 2,000 new articles written from templates about random actors, ingested through one
 * `claimwire worker` process. Prints the cost of evaluating an article against the watches (one percolate request,
 * measured alone) and p50/p95 latency from the alert being created when its article is indexed to the webhook
 * receiving it. Target on this machine: p95 ≤ 2 s.
 *
 * usage: npm run bench:alerts [-- --watches 1000 --articles 2000]
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { loadSettings } from '../config/settings.ts';
import { newWatch } from '../src/alerts/new-watch.ts';
import { defaultCatalog, extractArticle } from '../src/extract/index.ts';
import { Batches } from '../src/queue/batches.ts';
import { connectProducer } from '../src/queue/connection.ts';
import { PipelineQueues } from '../src/queue/pipeline-queues.ts';
import { servicesForSettings } from '../src/services/from-settings.ts';
import { connectElasticsearch } from '../src/store/client.ts';
import { buildArticleDocument, buildClaimDocuments } from '../src/store/documents.ts';
import { deleteIndices, ensureIndices, indexNames } from '../src/store/indices.ts';
import { matchWatches, watchQuery } from '../src/store/watches.ts';
import { startClaimwire } from './child-process.ts';

const { values } = parseArgs({
  options: { watches: { type: 'string', default: '1000' }, articles: { type: 'string', default: '2000' } },
});
const WATCHES = Number(values.watches);
const ARTICLES = Number(values.articles);

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

async function main(): Promise<void> {
  const base = loadSettings();
  const { elasticsearchUrl } = await servicesForSettings(base);
  const prefix = `cwalerts${randomBytes(3).toString('hex')}`;
  const names = indexNames(prefix);
  const { client } = await connectElasticsearch({ url: elasticsearchUrl, requestTimeoutMs: 60_000 });
  await ensureIndices(client, names);
  const catalog = defaultCatalog();
  const rand = prng(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const actors = [...catalog.actors.values()].filter((a) => a.kind === 'state').slice(0, 120);
  const sectors = [
    'government',
    'defense',
    'energy',
    'finance',
    'telecommunications',
    'pharmaceutical',
    'media',
    'education',
  ];
  const countries = ['US', 'JP', 'DE', 'GB', 'FR', 'KR', 'IN', 'AU'];
  const countryName = (c: string) => catalog.countries.get(c)?.name ?? c;

  const received: number[] = [];
  const ids = new Set<string>();
  let duplicates = 0;
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const payload = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string; createdAt: string };
      if (ids.has(payload.id)) duplicates++;
      ids.add(payload.id);
      received.push(Date.now() - Date.parse(payload.createdAt));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

  for (let i = 0; i < WATCHES; i++) {
    const actor = pick(actors);
    const r = rand();
    const watch = newWatch(
      {
        name: actor.id,
        url: hook,
        secret: 'bench-secret',
        sectors: r < 0.3 ? [pick(sectors)] : [],
        countries: r > 0.8 ? [pick(countries)] : [],
      },
      catalog,
      new Date(),
    );
    await client.index({
      index: names.alias('watches'),
      id: watch.id,
      document: { ...watch, query: watchQuery(watch) },
    });
  }
  await client.indices.refresh({ index: names.alias('watches') });

  const articles = Array.from({ length: ARTICLES }, (_, i) => {
    const actor = pick(actors);
    const alias = pick([actor.name, ...actor.aliases.map((a) => a.name)]);
    const text = `Security researchers at Mandiant said ${alias}, a state-sponsored hacking group, targeted ${pick(sectors)} organizations in ${countryName(pick(countries))} (case ${i}). The group also hit ${pick(sectors)} agencies in ${countryName(pick(countries))}.`;
    return {
      url: `https://news.example.test/bench/${i}`,
      title: `Bench story ${i}`,
      publisher: 'Example News',
      published: '2024-06-01',
      text,
      authors: [],
      modified: null,
      language: 'en',
      paragraphs: [],
    };
  });

  // Evaluation cost: one percolate request per article against all watches, measured on its own.
  const sample = articles.slice(0, 200);
  let evalMs = 0;
  let matched = 0;
  for (const a of sample) {
    const result = extractArticle(a);
    const doc = buildArticleDocument(result, { normalizedUrl: a.url, parsedAt: '', ingestedAt: '' }, null);
    const claims = buildClaimDocuments(result, doc, catalog.actors);
    const t = performance.now();
    matched += (await matchWatches(client, names, claims)).length;
    evalMs += performance.now() - t;
  }
  console.log(
    `bench:alerts: ${WATCHES} watches; evaluating an article against them: ${(evalMs / sample.length).toFixed(1)} ms (one percolate request), ${(matched / sample.length).toFixed(1)} watches matched per article`,
  );

  const worker = await startClaimwire(
    ['worker', '--no-schedule'],
    {
      ...process.env,
      CLAIMWIRE_INDEX_PREFIX: prefix,
      ELASTICSEARCH_URL: elasticsearchUrl,
      CLAIMWIRE_FETCH_ALLOW_PRIVATE: '1',
    },
    'worker: running',
  );
  const redis = await connectProducer(base.REDIS_URL);
  const queues = new PipelineQueues(redis, prefix);
  const batches = new Batches(redis, prefix);
  try {
    const started = Date.now();
    for (const a of articles) {
      await batches.add('bench', a.url);
      await queues.addExtract({
        batchId: 'bench',
        article: a,
        provenance: { normalizedUrl: a.url, parsedAt: new Date().toISOString() },
      });
    }
    for (;;) {
      const p = await batches.get('bench');
      if (p.pending === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const waitStart = Date.now();
    let expected = 0;
    for (;;) {
      await client.indices.refresh({ index: names.alias('alerts') });
      expected = (await client.count({ index: names.alias('alerts') })).count;
      if (ids.size >= expected || Date.now() - waitStart > 120_000) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const seconds = (Date.now() - started) / 1000;
    received.sort((a, b) => a - b);
    console.log(
      `bench:alerts: ${ARTICLES} new articles in ${seconds.toFixed(1)} s; ${ids.size}/${expected} alerts received (${duplicates} twice); indexed→webhook p50 ${(percentile(received, 50) / 1000).toFixed(2)} s, p95 ${(percentile(received, 95) / 1000).toFixed(2)} s`,
    );
  } finally {
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('exit', r));
    const keys = await redis.keys(`${prefix}:*`);
    for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
    await queues.close();
    redis.disconnect();
    await deleteIndices(client, names);
    await client.close();
    receiver.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
