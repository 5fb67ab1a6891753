/**
 * Export load benchmark (issue 11, M3): loads 10,000 claims about one actor into a fresh index, starts `claimwire
 * serve` in its own process, and has 100 clients ask at once for the STIX export of all of them, each retrying after
 * Retry-After when answered 429, while one analyst keeps searching (`GET /v1/claims`, one request every 50 ms).
 * Prints the exports' outcomes, the peak RSS of `serve` (VmHWM) and the searches' latency. Targets: serve under 1 GiB,
 * search p95 under 200 ms. All traffic goes to 127.0.0.1; every client stops at the deadline.
 *
 * usage: npm run bench:exports [-- --claims 10000 --clients 100 --format stix --deadline 300]
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadSettings } from '../config/settings.ts';
import { defaultCatalog } from '../src/extract/index.ts';
import { servicesForSettings } from '../src/services/from-settings.ts';
import { connectElasticsearch } from '../src/store/client.ts';
import type { ClaimDocument } from '../src/store/documents.ts';
import { deleteIndices, ensureIndices, indexNames, refreshIndices } from '../src/store/indices.ts';
import { startClaimwire } from './child-process.ts';
import { syntheticClaim } from './synthetic-claims.ts';

const { values } = parseArgs({
  options: {
    claims: { type: 'string', default: '10000' },
    clients: { type: 'string', default: '100' },
    format: { type: 'string', default: 'stix' },
    deadline: { type: 'string', default: '300' },
  },
});
const CLAIMS = Number(values.claims);
const CLIENTS = Number(values.clients);
const FORMAT = values.format as string;
const DEADLINE_MS = Number(values.deadline) * 1000;
const ACTOR = 'apt28';

const memoryOf = (pid: number): { rss: number; peak: number } => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
};

async function main(): Promise<void> {
  const base = loadSettings();
  const { elasticsearchUrl: esUrl } = await servicesForSettings(base);
  const prefix = `cwexports${randomBytes(3).toString('hex')}`;
  const names = indexNames(prefix);
  const { client } = await connectElasticsearch({ url: esUrl, requestTimeoutMs: 120_000 });
  const catalog = defaultCatalog();
  const actor = catalog.actors.get(ACTOR);
  if (!actor) throw new Error(`the catalog has no ${ACTOR}`);
  const aliases = [actor.name, ...actor.aliases.map((a) => a.name)];
  const sectors = [...catalog.sectors.values()];
  await ensureIndices(client, names);
  try {
    const claims: ClaimDocument[] = Array.from({ length: CLAIMS }, (_, i) => {
      const sector = sectors[i % sectors.length] as (typeof sectors)[number];
      return syntheticClaim({
        id: `c${i}`,
        articleId: `a${Math.floor(i / 5)}`,
        actor,
        predicate: 'targets-sector',
        object: { kind: 'sector', id: sector.id, name: sector.name },
        // Quotes of a realistic length (about 300 characters), as stored from real reporting.
        quote: `According to researchers, ${aliases[i % aliases.length]} targeted ${sector.name} organizations in a campaign that lasted several months and relied on spear-phishing, stolen credentials and custom implants, report ${i} of the series said, adding that more victims were likely.`,
        published: new Date(Date.UTC(2020, 0, 1) + (i % 1500) * 86_400_000).toISOString().slice(0, 10),
      });
    });
    await client.helpers.bulk<ClaimDocument>({
      datasource: claims,
      onDocument: (d) => ({ index: { _index: names.alias('claims'), _id: d.id } }),
      flushBytes: 5_000_000,
    });
    await refreshIndices(client, names);
    console.log(`bench:exports: loaded ${(await client.count({ index: names.alias('claims') })).count} claims`);

    const port = 18000 + Math.floor(Math.random() * 1000);
    const child = await startClaimwire(
      ['serve', '--port', String(port)],
      { ...process.env, CLAIMWIRE_INDEX_PREFIX: prefix, ELASTICSEARCH_URL: esUrl },
      'serve: http',
    );
    const pid = child.pid as number;
    const origin = `http://127.0.0.1:${port}`;
    const search = `${origin}/v1/claims?entity=${encodeURIComponent(actor.name)}`;
    for (let i = 0; i < 20; i++) await fetch(search).then((r) => r.arrayBuffer());
    const baseline = memoryOf(pid).rss;

    const stop = new AbortController();
    const deadline = setTimeout(() => stop.abort(), DEADLINE_MS);
    const started = performance.now();
    const outcome = { served: 0, refusals: 0, failed: 0, unanswered: 0 };
    const exportTimes: number[] = [];
    const failedStatuses = new Map<number, number>();
    const exportsDone = Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        const t0 = performance.now();
        while (!stop.signal.aborted) {
          try {
            const res = await fetch(`${search}&format=${FORMAT}`, { signal: stop.signal });
            if (res.status === 429) {
              outcome.refusals++;
              await res.arrayBuffer();
              const wait = Number(res.headers.get('retry-after') ?? '1') * 1000;
              await new Promise((r) => setTimeout(r, wait));
              continue;
            }
            await res.arrayBuffer();
            if (res.status === 200) {
              outcome.served++;
              exportTimes.push(performance.now() - t0);
            } else {
              outcome.failed++;
              failedStatuses.set(res.status, (failedStatuses.get(res.status) ?? 0) + 1);
            }
            return;
          } catch {
            if (!stop.signal.aborted) outcome.failed++;
            break;
          }
        }
        if (stop.signal.aborted) outcome.unanswered++;
      }),
    );

    // The analyst: one search at a time, 50 ms apart, for as long as exports are running.
    const latencies: number[] = [];
    let searchErrors = 0;
    let loading = true;
    const analyst = (async () => {
      while (loading) {
        const t0 = performance.now();
        try {
          const res = await fetch(search, { signal: AbortSignal.timeout(30_000) });
          await res.arrayBuffer();
          if (res.status !== 200) searchErrors++;
        } catch {
          searchErrors++;
        }
        latencies.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    let peakSeen = 0;
    const sampler = setInterval(() => {
      try {
        peakSeen = Math.max(peakSeen, memoryOf(pid).peak);
      } catch {
        // serve exited; reported below
      }
    }, 200);

    await exportsDone;
    loading = false;
    await analyst;
    clearTimeout(deadline);
    clearInterval(sampler);
    const seconds = (performance.now() - started) / 1000;
    try {
      peakSeen = Math.max(peakSeen, memoryOf(pid).peak);
    } catch {
      console.log('bench:exports: serve is gone (killed, or out of memory)');
    }
    latencies.sort((a, b) => a - b);
    exportTimes.sort((a, b) => a - b);
    const at = (xs: number[], q: number) =>
      xs.length === 0 ? 'n/a' : (xs[Math.min(xs.length - 1, Math.floor(q * xs.length))] as number).toFixed(0);
    console.log(
      `bench:exports: ${CLIENTS} clients × format=${FORMAT} of ${CLAIMS} claims: ${outcome.served} served, ${outcome.failed} failed${failedStatuses.size > 0 ? ` (${[...failedStatuses].map(([s, n]) => `HTTP ${s} ×${n}`).join(', ')})` : ''}, ${outcome.unanswered} unanswered at the ${DEADLINE_MS / 1000} s deadline; ${outcome.refusals} 429 answers retried; all done in ${seconds.toFixed(1)} s (per client p50 ${at(exportTimes, 0.5)} ms, max ${at(exportTimes, 1)} ms)`,
    );
    console.log(
      `bench:exports: serve RSS peak ${peakSeen.toFixed(0)} MiB (idle ${baseline.toFixed(0)} MiB); target < 1024 MiB`,
    );
    console.log(
      `bench:exports: GET /v1/claims during the load: ${latencies.length} requests, p50 ${at(latencies, 0.5)} ms, p95 ${at(latencies, 0.95)} ms, max ${at(latencies, 1)} ms, ${searchErrors} errors; target p95 < 200 ms`,
    );
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  } finally {
    await deleteIndices(client, names);
    await client.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
