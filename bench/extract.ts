/**
 * Extraction benchmark over the article-extraction-benchmark pages (../shared, not part of the project):
 *
 * 1. `parseArticle` alone: pages/s on one core and body F1 (the benchmark's shingle metric, in-process).
 * 2. Mozilla Readability on linkedom, the usual baseline: pages/s and F1 on the same pages.
 * 3. Full extraction (`parseArticle` + `extractArticle` from src/extract): articles/s, when that module exists.
 *
 * Rates are per second of this process's CPU time (one core, in process), with the wall-clock rate beside them, and
 * the CPU milliseconds per page: on a shared, loaded machine the wall-clock rate drops with the load average, the CPU
 * time does not, so judge by CPU ms/page (10 ms/page = 100 pages/s).
 *
 * usage: npm run bench:extract   (prints one line per method; exits 0 when the benchmark data is absent)
 */
import { existsSync } from 'node:fs';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { type Article, parseArticle } from '../src/article/index.ts';
import { type BenchmarkPage, benchmarkDir, loadBenchmark, type PageScore, scorePage, summarize } from './aeb-metric.ts';

/** Timed passes over all pages for the fast methods (after one warm-up pass). */
const PASSES = 3;

type Extract = (article: Article) => unknown;

async function main(): Promise<void> {
  const dir = benchmarkDir();
  if (!dir) {
    console.log('bench:extract: benchmark data not found (../shared/data/article-extraction-benchmark); skipped.');
    return;
  }
  const pages = loadBenchmark(dir);
  const mb = pages.reduce((n, p) => n + Buffer.byteLength(p.html), 0) / 1e6;
  console.log(`bench:extract: ${pages.length} pages, ${mb.toFixed(1)} MB of HTML, ${PASSES} timed passes, one core`);

  // 1. parseArticle alone.
  const parsed = pages.map((p) => parseArticle(p.html, { url: p.url }));
  const parseRate = rate(pages, PASSES, (p) => parseArticle(p.html, { url: p.url }));
  report(
    'parseArticle (cheerio/htmlparser2)',
    pages.length,
    parseRate,
    'pages/s',
    score(pages, (_, i) => parsed[i]?.text ?? ''),
  );

  // 2. Readability + linkedom.
  const readability = (p: BenchmarkPage): string => {
    const { document } = parseHTML(p.html);
    return new Readability(document as never).parse()?.textContent ?? '';
  };
  const bodies = pages.map(readability);
  const readabilityRate = rate(pages, 1, readability);
  report(
    '@mozilla/readability + linkedom',
    pages.length,
    readabilityRate,
    'pages/s',
    score(pages, (_, i) => bodies[i] ?? ''),
  );

  // 3. Full extraction: parse + entities/claims. ---- owned by src/extract; timed here when it exists ----
  const extract = await loadExtract();
  if (typeof extract === 'string') {
    console.log(`parse + extractArticle: skipped (${extract})`);
    return;
  }
  const fullRate = rate(pages, PASSES, (p) => extract(parseArticle(p.html, { url: p.url })));
  report('parse + extractArticle (full)', pages.length, fullRate, 'articles/s');
}

/** Throughput: pages per second of wall-clock time and per second of this process's CPU time. */
interface Rate {
  wall: number;
  cpu: number;
  /** CPU milliseconds per page (user + system, this process). */
  cpuMs: number;
}

/**
 * Pages per second over `passes` full passes, after one untimed warm-up pass. Everything runs on this one thread, so
 * the CPU-time rate is the one-core figure even when other processes share the machine (the wall-clock rate then
 * drops with the load average).
 */
function rate(pages: readonly BenchmarkPage[], passes: number, fn: (p: BenchmarkPage) => unknown): Rate {
  for (const p of pages) fn(p);
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  for (let r = 0; r < passes; r++) for (const p of pages) fn(p);
  const cpu = process.cpuUsage(cpu0);
  const seconds = (performance.now() - start) / 1000;
  const n = pages.length * passes;
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { wall: n / seconds, cpu: n / cpuSeconds, cpuMs: (cpuSeconds * 1000) / n };
}

function score(pages: readonly BenchmarkPage[], body: (p: BenchmarkPage, i: number) => string): string {
  const scores: PageScore[] = pages.map((p, i) => scorePage(p.truth, body(p, i)));
  const s = summarize(scores);
  return `F1 ${s.f1.toFixed(3)} (P ${s.precision.toFixed(3)} R ${s.recall.toFixed(3)})`;
}

function report(name: string, n: number, perSecond: Rate, unit: string, quality = ''): void {
  const r = `${perSecond.cpu.toFixed(0).padStart(5)} ${unit} (CPU time, ${perSecond.cpuMs.toFixed(2)} CPU ms each; ${perSecond.wall.toFixed(0)} wall-clock)`;
  console.log(`${name.padEnd(38)} ${String(n).padStart(4)} pages  ${r}  ${quality}`.trimEnd());
}

/**
 * The extraction entry point if src/extract provides it, else why not. Imported through a runtime specifier so this
 * bench builds and runs before that module exists.
 */
async function loadExtract(): Promise<Extract | string> {
  const url = new URL('../src/extract/index.ts', import.meta.url);
  if (!existsSync(url)) return 'src/extract/index.ts does not exist yet';
  try {
    const mod = (await import(url.href)) as { extractArticle?: unknown };
    return typeof mod.extractArticle === 'function'
      ? (mod.extractArticle as Extract)
      : 'src/extract/index.ts does not export extractArticle yet';
  } catch (err) {
    return `src/extract/index.ts failed to load: ${(err as Error).message}`;
  }
}

await main();
