/**
 * Search benchmark: loads ≥ 100,000 claims (generated from the catalog and sentence templates) into a fresh index,
 * starts the API on a local port, and sends `GET /v1/claims?entity=…` with a mix of aliases and filters at
 * concurrency 8. Prints p50/p95/p99 latency and requests/s. Target on this machine: p95 ≤ 50 ms.
 *
 * usage: npm run bench:search [-- --claims 100000 --requests 4000]
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadSettings } from '../config/settings.ts';
import { PREDICATES } from '../src/claims/types.ts';
import { defaultCatalog } from '../src/extract/index.ts';
import { servicesForSettings } from '../src/services/from-settings.ts';
import { connectElasticsearch } from '../src/store/client.ts';
import type { ClaimDocument } from '../src/store/documents.ts';
import { deleteIndices, ensureIndices, indexNames, refreshIndices } from '../src/store/indices.ts';
import { startClaimwire } from './child-process.ts';
import { syntheticClaim } from './synthetic-claims.ts';

const { values } = parseArgs({
  options: { claims: { type: 'string', default: '100000' }, requests: { type: 'string', default: '4000' } },
});
const CLAIMS = Number(values.claims);
const REQUESTS = Number(values.requests);
const CONCURRENCY = 8;

/** A small deterministic PRNG so every run loads the same claims. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const TEMPLATES = [
  (a: string, o: string) => `Researchers said ${a} targeted ${o} organizations in a months-long campaign.`,
  (a: string, o: string) => `The group known as ${a} has been breaking into ${o} networks since last year.`,
  (a: string, o: string) => `According to the report, ${a} stole data from ${o} companies.`,
  (a: string, o: string) => `${a} is suspected of attacks on ${o} victims, the vendor said.`,
];

async function main(): Promise<void> {
  const base = loadSettings();
  const { elasticsearchUrl: esUrl } = await servicesForSettings(base);
  const prefix = `cwsearch${randomBytes(3).toString('hex')}`;
  const names = indexNames(prefix);
  const { client } = await connectElasticsearch({ url: esUrl, requestTimeoutMs: 120_000 });
  const catalog = defaultCatalog();
  const actors = [...catalog.actors.values()];
  const sectors = [...catalog.sectors.values()];
  const countries = [...catalog.countries.values()].slice(0, 80);
  const vendors = [...catalog.vendors.values()].slice(0, 40);
  const rand = prng(42);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  // A few actors are reported on far more than the rest, as in real reporting.
  const actorFor = () => (rand() < 0.5 ? (actors[Math.floor(rand() * 12)] as (typeof actors)[number]) : pick(actors));

  await ensureIndices(client, names);
  const started = Date.now();
  function* claims(): Generator<ClaimDocument> {
    for (let i = 0; i < CLAIMS; i++) {
      const actor = actorFor();
      const aliases = [actor.name, ...actor.aliases.map((a) => a.name)];
      const predicate = rand() < 0.6 ? 'targets-sector' : rand() < 0.8 ? 'targets-country' : pick([...PREDICATES]);
      const sector = pick(sectors);
      const country = pick(countries);
      const vendor = pick(vendors);
      const object =
        predicate === 'targets-sector'
          ? { kind: 'sector' as const, id: sector.id, name: sector.name }
          : predicate === 'reported-by'
            ? { kind: 'vendor' as const, id: vendor.id, name: vendor.name }
            : { kind: 'country' as const, id: country.code, name: country.name };
      const quote = pick(TEMPLATES)(pick(aliases), object.name);
      const published = new Date(Date.UTC(2015, 0, 1) + Math.floor(rand() * 3650) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      yield syntheticClaim({
        id: `c${i}`,
        articleId: `a${Math.floor(i / 6)}`,
        actor,
        predicate,
        object,
        quote,
        published,
        negated: rand() < 0.03,
        hedged: rand() < 0.3,
        reportedBy: [vendor.id],
      });
    }
  }
  await client.helpers.bulk<ClaimDocument>({
    datasource: [...claims()],
    onDocument: (d) => ({ index: { _index: names.alias('claims'), _id: d.id } }),
    flushBytes: 5_000_000,
    concurrency: 2,
  });
  await refreshIndices(client, names);
  const count = (await client.count({ index: names.alias('claims') })).count;
  console.log(`bench:search: loaded ${count} claims in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  // The API runs in its own process, as in production: the load generator must not share its event loop.
  const port = 18000 + Math.floor(rand() * 1000);
  const child = await startClaimwire(
    ['serve', '--port', String(port)],
    { ...process.env, CLAIMWIRE_INDEX_PREFIX: prefix, ELASTICSEARCH_URL: esUrl },
    'serve: http',
  );
  const server = { url: `http://127.0.0.1:${port}` };
  const popular = actors.slice(0, 12);
  const queries = Array.from({ length: REQUESTS }, () => {
    const actor = rand() < 0.7 ? pick(popular) : pick(actors);
    const alias = pick([actor.name, ...actor.aliases.map((a) => a.name)]);
    const params = new URLSearchParams({ entity: rand() < 0.2 ? alias.toLowerCase().replace(/\s+/g, '-') : alias });
    const r = rand();
    if (r < 0.2) params.append('predicate', 'targets-sector');
    else if (r < 0.35) params.append('sector', pick(sectors).id);
    else if (r < 0.45) params.append('country', pick(countries).code);
    else if (r < 0.55) {
      params.set('from', '2018');
      params.set('to', '2021-06');
    } else if (r < 0.62) params.set('hedged', 'false');
    else if (r < 0.7) params.set('q', 'campaign');
    return `/v1/claims?${params}`;
  });

  // Warm up, then measure.
  for (const q of queries.slice(0, 50)) await fetch(server.url + q).then((r) => r.arrayBuffer());
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < queries.length) {
        const q = queries[next++] as string;
        const s = performance.now();
        const res = await fetch(server.url + q);
        await res.arrayBuffer();
        latencies.push(performance.now() - s);
        if (res.status !== 200 && res.status !== 300) errors++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const p = (q: number) =>
    (latencies[Math.min(latencies.length - 1, Math.floor((q / 100) * latencies.length))] as number).toFixed(1);
  console.log(
    `bench:search: ${latencies.length} requests at concurrency ${CONCURRENCY}: p50 ${p(50)} ms, p95 ${p(95)} ms, p99 ${p(99)} ms, ${(latencies.length / seconds).toFixed(0)} req/s, ${errors} errors`,
  );
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  await deleteIndices(client, names);
  await client.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
