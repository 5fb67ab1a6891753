/**
 * Search benchmark: loads ≥ 100,000 claims (generated from the catalog and sentence templates) into a fresh index,
 * starts the API on a local port, and sends the same mix of aliases and filters to `GET /v1/claims` and to
 * `GET /v1/assertions` at concurrency 8. Prints p50/p95/p99 latency and requests/s per route, beside
 * Elasticsearch's own `took` for the searches those requests make (sent straight to it), so the API's share shows.
 * Target on this machine: p95 ≤ 50 ms for both routes.
 *
 * usage: npm run bench:search [-- --claims 100000 --requests 4000]
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { loadSettings } from '../config/settings.ts';
import { PREDICATES } from '../src/claims/types.ts';
import { resolveEntity } from '../src/extract/catalog/resolve.ts';
import { defaultCatalog } from '../src/extract/index.ts';
import { nameKey } from '../src/extract/text/tokens.ts';
import { servicesForSettings } from '../src/services/from-settings.ts';
import { buildAssertionSearch, buildHeadsSearch } from '../src/store/assertions-query.ts';
import { buildClaimSearches, type EntityFilter } from '../src/store/claims-query.ts';
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
  // One segment, as an index settles to once bulk loading stops; otherwise the first minutes measure merging.
  await client.indices.forcemerge({ index: names.alias('claims'), max_num_segments: 1 });
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
  // One query mix, asked of both routes: an alias (sometimes mangled) and one filter.
  const mix = Array.from({ length: REQUESTS }, () => {
    const actor = rand() < 0.7 ? pick(popular) : pick(actors);
    const alias = pick([actor.name, ...actor.aliases.map((a) => a.name)]);
    const entity = rand() < 0.2 ? alias.toLowerCase().replace(/\s+/g, '-') : alias;
    const r = rand();
    const filter: Record<string, string> =
      r < 0.2
        ? { predicate: 'targets-sector' }
        : r < 0.35
          ? { sector: pick(sectors).id }
          : r < 0.45
            ? { country: pick(countries).code }
            : r < 0.55
              ? { from: '2018', to: '2021-06' }
              : {};
    return { entity, filter };
  });
  const claimsPath = (m: (typeof mix)[number]) =>
    `/v1/claims?${new URLSearchParams({ entity: m.entity, ...m.filter })}`;
  const assertionsPath = (m: (typeof mix)[number]) => {
    const { sector, country, ...rest } = m.filter;
    const object = sector ?? country;
    return `/v1/assertions?${new URLSearchParams({ entity: m.entity, ...rest, ...(object ? { object } : {}) })}`;
  };

  /** Latencies of one route at concurrency 8, after a warm-up. */
  const measure = async (paths: string[]) => {
    for (const q of paths.slice(0, 200)) await fetch(server.url + q).then((r) => r.arrayBuffer());
    const latencies: number[] = [];
    let errors = 0;
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < paths.length) {
          const q = paths[next++] as string;
          const s = performance.now();
          const res = await fetch(server.url + q);
          await res.arrayBuffer();
          latencies.push(performance.now() - s);
          if (res.status !== 200 && res.status !== 300) errors++;
        }
      }),
    );
    return { latencies, errors, seconds: (performance.now() - t0) / 1000 };
  };

  /** Elasticsearch's own `took` for the searches the same requests make, sent straight to it, same concurrency. */
  const tookOf = async (search: (m: (typeof mix)[number]) => Promise<number>) => {
    const took: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < mix.length) took.push(await search(mix[next++] as (typeof mix)[number]));
      }),
    );
    return took;
  };
  const entityOf = (text: string): EntityFilter => {
    const [one] = resolveEntity(catalog, text);
    return one ?? { kind: 'name', key: nameKey(text) };
  };
  const claimsTook = (m: (typeof mix)[number]) =>
    client
      .msearch({
        searches: buildClaimSearches(
          {
            entity: entityOf(m.entity),
            predicates: m.filter.predicate ? [m.filter.predicate] : [],
            sectors: m.filter.sector ? [m.filter.sector] : [],
            countries: m.filter.country ? [m.filter.country] : [],
            from: m.filter.from,
            to: m.filter.to,
            facets: true,
          },
          names.alias('claims'),
        ) as never,
      })
      .then((r) => r.took);
  /** The page's search, then the names of its twenty assertions: the two searches the API makes, their took summed. */
  const assertionsTook = async (m: (typeof mix)[number]) => {
    const object = m.filter.sector ?? m.filter.country;
    const index = names.alias('claims');
    const page = await client.search({
      index,
      request_cache: true,
      ...buildAssertionSearch({
        entity: entityOf(m.entity),
        predicates: m.filter.predicate ? [m.filter.predicate] : [],
        objects: object ? [object] : [],
        from: m.filter.from,
        to: m.filter.to,
      }),
    } as never);
    const keys = (
      page.aggregations as unknown as { matching: { assertions: { buckets: { key: string }[] } } }
    ).matching.assertions.buckets.map((b) => b.key);
    if (keys.length === 0) return page.took;
    const heads = await client.search({ index, request_cache: true, ...buildHeadsSearch(keys) } as never);
    return page.took + heads.took;
  };

  const pct = (xs: number[], q: number) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return (sorted[Math.min(sorted.length - 1, Math.floor((q / 100) * sorted.length))] as number).toFixed(1);
  };
  const report = async (route: string, paths: string[], took: (m: (typeof mix)[number]) => Promise<number>) => {
    const r = await measure(paths);
    const es = await tookOf(took);
    console.log(
      `bench:search: ${route.padEnd(15)} ${r.latencies.length} requests at concurrency ${CONCURRENCY}: p50 ${pct(r.latencies, 50)} ms, p95 ${pct(r.latencies, 95)} ms, p99 ${pct(r.latencies, 99)} ms, ${(r.latencies.length / r.seconds).toFixed(0)} req/s, ${r.errors} errors | Elasticsearch took p50 ${pct(es, 50)} ms, p95 ${pct(es, 95)} ms`,
    );
  };
  console.log(
    `bench:search: load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}, ${os.cpus().length} cores`,
  );
  await report('/v1/claims', mix.map(claimsPath), claimsTook);
  await report('/v1/assertions', mix.map(assertionsPath), assertionsTook);
  // How much the request cache (size-0 searches: facets, totals, assertions) answered: repeats should be hits.
  const stats = await client.indices.stats({ index: names.alias('claims'), metric: 'request_cache' });
  const cache = stats._all.total?.request_cache;
  console.log(
    `bench:search: request cache ${cache?.hit_count ?? 0} hits, ${cache?.miss_count ?? 0} misses, ${cache?.evictions ?? 0} evictions, ${((cache?.memory_size_in_bytes ?? 0) / 1e6).toFixed(1)} MB`,
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
