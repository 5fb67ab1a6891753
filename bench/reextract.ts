/**
 * Re-extraction benchmark: stores 10,000 articles (generated here from a few templates of this script's own wording,
 * each extracted with the built-in catalog and written with its claims, one in 50 a syndicated copy), imports a
 * catalog with one actor the built-in one lacks (some templates name it), then runs `claimwire reextract --all`
 * through the queues: with extract and index workers in this process (default), or with N `claimwire worker`
 * processes (`--workers N`). Prints articles/s, the claim counts the command printed, and the load average beside
 * them (the machine is shared: a high load slows everything).
 *
 * usage: npm run bench:reextract [-- --articles 10000] [--workers 0]
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { loadSettings } from '../config/settings.ts';
import { reextractBatch } from '../src/cli/commands/reextract.ts';
import { builtinData, defaultCatalog } from '../src/extract/catalog/index.ts';
import { loadCatalogFrom } from '../src/extract/catalog/live-catalog.ts';
import { importCatalogFile } from '../src/extract/catalog/local-catalog.ts';
import { extractArticle, extractorStamp } from '../src/extract/index.ts';
import { servicesForSettings } from '../src/services/from-settings.ts';
import { connectElasticsearch } from '../src/store/client.ts';
import { articleIdFor, buildArticleDocument, buildClaimDocuments } from '../src/store/documents.ts';
import { deleteIndices, ensureIndices, indexNames, refreshIndices } from '../src/store/indices.ts';
import { startClaimwire } from './child-process.ts';

const { values } = parseArgs({
  options: { articles: { type: 'string', default: '10000' }, workers: { type: 'string', default: '0' } },
});
const N = Number(values.articles);
const WORKERS = Number(values.workers);

/** A small deterministic generator, so every run stores the same articles. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const data = builtinData();
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const ACTORS = data.actors
  .filter((a) => a.kind === 'state' && !a.name.includes('('))
  .slice(0, 60)
  .map((a) => a.name);
const SECTORS = [
  'hospitals',
  'banks',
  'telecommunications providers',
  'universities',
  'energy utilities',
  'defense contractors',
  'law firms',
  'government agencies',
  'retailers',
  'shipping companies',
];
const COUNTRIES = [
  'Japan',
  'Germany',
  'Brazil',
  'India',
  'Canada',
  'Poland',
  'Kenya',
  'Australia',
  'Mexico',
  'Norway',
  'Vietnam',
  'Turkey',
];
const VENDORS = [
  'Symantec',
  'Mandiant',
  'Kaspersky',
  'ESET',
  'Microsoft',
  'Recorded Future',
  'Proofpoint',
  'Trend Micro',
];
const TOPICS = ['tax forms', 'shipping invoices', 'conference invitations', 'job offers', 'software updates'];

/** One generated article: a few paragraphs from templates; `heron` articles name the actor the import adds. */
function articleText(r: () => number, i: number): string {
  const actor = pick(r, ACTORS);
  const [v, v2, s, c, c2, t] = [
    pick(r, VENDORS),
    pick(r, VENDORS),
    pick(r, SECTORS),
    pick(r, COUNTRIES),
    pick(r, COUNTRIES),
    pick(r, TOPICS),
  ];
  const year = 2014 + Math.floor(r() * 11);
  const paragraphs = [
    `${v} researchers said ${actor} targeted ${s} in ${c} during ${year}. The intruders sent spear-phishing messages built around ${t}.`,
    `According to ${v2}, the same operators later reached ${pick(r, SECTORS)} in ${c2}; ${Math.floor(r() * 90) + 5} percent of the compromised hosts ran outdated mail servers.`,
  ];
  if (i % 4 === 0)
    paragraphs.push(
      `In a separate campaign, the threat actor tracked as Copper Heron targeted ${pick(r, SECTORS)} in ${pick(r, COUNTRIES)}, according to ${pick(r, VENDORS)}.`,
    );
  if (i % 3 === 0)
    paragraphs.push(`${v} found no evidence that ${actor} attacked ${pick(r, SECTORS)} in ${pick(r, COUNTRIES)}.`);
  paragraphs.push(`Bench article number ${i}.`);
  return paragraphs.join('\n\n');
}

const GALAXY = {
  name: 'Threat Actor',
  type: 'threat-actor',
  uuid: '00000000-0000-4000-8000-0000000000ba',
  values: [{ value: 'Copper Heron', uuid: '00000000-0000-4000-8000-0000000000bb', meta: { synonyms: ['TA-Heron'] } }],
};

async function main(): Promise<void> {
  const prefix = `cwbenchre${randomBytes(3).toString('hex')}`;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cw-bench-reextract-'));
  const catalogPath = path.join(dir, 'actors.json');
  const env: NodeJS.ProcessEnv = { ...process.env, CLAIMWIRE_INDEX_PREFIX: prefix, CLAIMWIRE_CATALOG: catalogPath };
  const settings = loadSettings(env);
  const { elasticsearchUrl } = await servicesForSettings(settings);
  env.ELASTICSEARCH_URL = elasticsearchUrl;
  const { client } = await connectElasticsearch({ url: elasticsearchUrl, name: 'bench-reextract' });
  const names = indexNames(prefix);
  const children: Awaited<ReturnType<typeof startClaimwire>>[] = [];
  try {
    await ensureIndices(client, names);
    // Stored as the built-in catalog makes them (the stamp says so).
    const catalog = defaultCatalog();
    const stamp = extractorStamp(catalog);
    const r = rng(13);
    const t0 = Date.now();
    let claims = 0;
    let operations: unknown[] = [];
    const flush = async () => {
      if (operations.length === 0) return;
      const res = await client.bulk({ operations: operations as never, refresh: false });
      if (res.errors) throw new Error('bulk write failed while storing the articles');
      operations = [];
    };
    let previous: { id: string; text: string } | null = null;
    for (let i = 0; i < N; i++) {
      const copy: { id: string; text: string } | null = i % 50 === 49 ? previous : null;
      const text: string = copy ? copy.text : articleText(r, i);
      const url = `https://news${i % 7}.example/${2020 + (i % 5)}/report-${i}`;
      const result = extractArticle(
        {
          url,
          title: `Report ${i}`,
          publisher: `News ${i % 7}`,
          authors: [],
          published: '2024-03-01',
          modified: null,
          language: 'en',
          text,
          paragraphs: [],
        },
        { catalog, source: url },
      );
      const doc = buildArticleDocument(
        result,
        {
          normalizedUrl: url,
          parsedAt: new Date().toISOString(),
          ingestedAt: new Date().toISOString(),
          extractor: stamp,
        },
        copy ? copy.id : null,
      );
      const claimDocs = copy ? [] : buildClaimDocuments(result, doc, catalog.actors);
      operations.push(
        { index: { _index: names.alias('articles'), _id: doc.id } },
        copy ? { ...doc, claimCount: 0 } : doc,
      );
      for (const c of claimDocs) operations.push({ index: { _index: names.alias('claims'), _id: c.id } }, c);
      claims += claimDocs.length;
      if (!copy) previous = { id: articleIdFor(url), text };
      if (operations.length > 4_000) await flush();
    }
    await flush();
    await refreshIndices(client, names);
    console.log(
      `bench:reextract: stored ${N} articles (${Math.floor(N / 50)} copies) with ${claims} claims in ${((Date.now() - t0) / 1000).toFixed(1)} s (prefix ${prefix})`,
    );

    const report = await importCatalogFile(await writeJson(path.join(dir, 'galaxy.json'), GALAXY), catalogPath);
    console.log(`bench:reextract: imported ${report.added} actor(s) into the local catalog`);
    const newCatalog = await loadCatalogFrom(catalogPath);

    if (WORKERS > 0)
      for (let w = 0; w < WORKERS; w++)
        children.push(
          await startClaimwire(['worker', '--stages', 'extract,index', '--no-schedule'], env, 'worker: running'),
        );

    const out: string[] = [];
    const load0 = os.loadavg();
    const started = Date.now();
    const saved = { ...process.env };
    Object.assign(process.env, env);
    let code: number;
    try {
      code = await reextractBatch(
        { out: (l) => out.push(l), err: (l) => process.stderr.write(`${l}\n`), isTty: false },
        {
          settings: loadSettings(env),
          catalog: newCatalog,
          selection: {},
          wait: true,
          work: WORKERS === 0,
          timeoutMs: 3_600_000,
        },
      );
    } finally {
      process.env = saved;
    }
    const seconds = (Date.now() - started) / 1000;
    const load1 = os.loadavg();
    console.log(out.join('\n'));
    console.log(
      `bench:reextract: ${N} articles in ${seconds.toFixed(1)} s = ${(N / seconds).toFixed(1)} articles/s ` +
        `(${WORKERS > 0 ? `${WORKERS} worker process(es)` : 'workers in process'}, exit ${code}); ` +
        `load average ${load0.map((x) => x.toFixed(2)).join(' ')} before, ${load1.map((x) => x.toFixed(2)).join(' ')} after, ${os.cpus().length} cores`,
    );
  } finally {
    for (const c of children) {
      const exited = new Promise((resolve) => c.once('exit', resolve));
      c.kill('SIGTERM');
      await exited;
    }
    await deleteIndices(client, names);
    await client.close();
    const redis = new Redis(settings.REDIS_URL);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
    redis.disconnect();
    await rm(dir, { recursive: true, force: true });
  }
}

async function writeJson(file: string, value: unknown): Promise<string> {
  await writeFile(file, JSON.stringify(value));
  return file;
}

await main();
