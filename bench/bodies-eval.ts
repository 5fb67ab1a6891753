/**
 * Article-body quality on both labelled page sets, cross-validated: `npm run eval:bodies -- --cv 5`.
 *
 * The body extractor's thresholds are tuned (src/article/body-tuning.ts), so a figure on the pages they were chosen
 * on is not a result. This script scores every page under every tuning of the grid once, then for each of k folds
 * (by page, fixed seed, within each set) picks the tuning best on the other k-1 folds and scores the held-out fold
 * with it. Printed per set: ours (CV) first, ours (fit: the tuning best on all pages, what `npm run train:bodies`
 * commits), ours (the committed tuning as shipped), and Mozilla Readability on linkedom, all from this run. The
 * predictions are written to .local/bodies-eval/ and scored again by the shared scorers, whose last lines are quoted.
 *
 * usage: npm run eval:bodies -- [--cv K] [--seed N]   (exits 0, saying so, when ../shared is absent)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { BODY_TUNING, type BodyTuning } from '../src/article/index.ts';
import { type PageScore, scorePage, summarize } from './aeb-metric.ts';
import { bestTuning, foldsOf, loadBodySets, scoreGrid, tuningGrid } from './body-tuning-grid.ts';
import { addCounts, countSnippets, type SnippetCounts, snippetF1 } from './traf-eval-metric.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, '.local', 'bodies-eval');
const SHARED = resolve(ROOT, '..', 'shared');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} expects a positive integer, got ${process.argv[i + 1]}`);
  return v;
}

function main(): void {
  const k = arg('--cv', 5);
  const seed = arg('--seed', 10);
  const sets = loadBodySets();
  if (typeof sets === 'string') {
    console.log(`eval:bodies: ${sets}; skipped.`);
    return;
  }
  const grid = tuningGrid();
  const committed = grid.findIndex((t) => sameTuning(t, BODY_TUNING));
  if (committed < 0) grid.push(BODY_TUNING);
  const committedIndex = committed < 0 ? grid.length - 1 : committed;
  console.log(
    `eval:bodies: ${sets.aeb.length} article-extraction-benchmark pages, ${sets.traf.length} trafilatura-eval pages, ${grid.length} tunings, ${k}-fold CV by page (seed ${seed})`,
  );
  const started = performance.now();
  const r = scoreGrid(sets, grid, (msg) =>
    console.log(`  ${msg} (${((performance.now() - started) / 1000).toFixed(0)} s)`),
  );

  const aebFold = foldsOf(sets.aeb.length, k, seed);
  const trafFold = foldsOf(sets.traf.length, k, seed + 1);
  const all = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
  const cvAeb: PageScore[] = [];
  const cvTraf: SnippetCounts[] = [];
  const cvAebText: Record<string, { articleBody: string }> = {};
  const cvTrafText: Record<string, string | null> = {};
  const chosen: number[] = [];
  for (let f = 0; f < k; f++) {
    const trainAeb = all(sets.aeb.length).filter((i) => aebFold[i] !== f);
    const trainTraf = all(sets.traf.length).filter((i) => trafFold[i] !== f);
    const g = bestTuning(r, trainAeb, trainTraf);
    chosen.push(g);
    sets.aeb.forEach((p, i) => {
      if (aebFold[i] !== f) return;
      cvAeb[i] = r.aeb[g]?.[i] as PageScore;
      cvAebText[p.id] = { articleBody: r.aebText[g]?.[i] ?? '' };
    });
    sets.traf.forEach((p, i) => {
      if (trafFold[i] !== f) return;
      cvTraf[i] = r.traf[g]?.[i] as SnippetCounts;
      cvTrafText[p.id] = r.trafText[g]?.[i] ?? null;
    });
  }
  const fit = bestTuning(r, all(sets.aeb.length), all(sets.traf.length));
  console.log(`  tuning chosen per fold: ${chosen.map((g) => describe(grid[g] as BodyTuning)).join('; ')}`);
  console.log(`  tuning fitted on all pages: ${describe(grid[fit] as BodyTuning)}`);
  console.log(`  tuning committed (src/article/data/body-tuning.json): ${describe(BODY_TUNING)}`);

  // Readability on the same decoded pages.
  const readability = (html: string): string | null => {
    try {
      const { document } = parseHTML(html);
      return new Readability(document as never).parse()?.textContent ?? null;
    } catch {
      return null;
    }
  };
  const rdAebText = sets.aeb.map((p) => readability(p.html) ?? '');
  const rdTrafText = sets.traf.map((p) => readability(p.html));

  mkdirSync(OUT, { recursive: true });
  const aebFiles = {
    'ours (CV)': cvAebText,
    'ours (fit)': byId(sets.aeb, (i) => ({ articleBody: r.aebText[fit]?.[i] ?? '' })),
    'ours (committed)': byId(sets.aeb, (i) => ({ articleBody: r.aebText[committedIndex]?.[i] ?? '' })),
    Readability: byId(sets.aeb, (i) => ({ articleBody: rdAebText[i] ?? '' })),
  };
  const trafFiles = {
    'ours (CV)': cvTrafText,
    'ours (fit)': byId(sets.traf, (i) => r.trafText[fit]?.[i] ?? null),
    'ours (committed)': byId(sets.traf, (i) => r.trafText[committedIndex]?.[i] ?? null),
    Readability: byId(sets.traf, (i) => rdTrafText[i] ?? null),
  };

  const rdAeb = summarize(sets.aeb.map((p, i) => scorePage(p.truth, rdAebText[i] ?? '')));
  const rdTraf = addCounts(sets.traf.map((p, i) => countSnippets(p, rdTrafText[i] ?? null)));
  const aebAll = all(sets.aeb.length);
  const trafAll = all(sets.traf.length);
  console.log('');
  console.log('article-extraction-benchmark (body F1, word 4-gram shingles, mean P/R over pages):');
  line('ours (CV)', summarize(cvAeb));
  line('ours (fit)', summarize(aebAll.map((i) => r.aeb[fit]?.[i] as PageScore)));
  line('ours (committed)', summarize(aebAll.map((i) => r.aeb[committedIndex]?.[i] as PageScore)));
  line('Readability', rdAeb);
  console.log('trafilatura-eval (snippet F1, micro over pages):');
  snippetLine('ours (CV)', addCounts(cvTraf));
  snippetLine('ours (fit)', addCounts(trafAll.map((i) => r.traf[fit]?.[i] as SnippetCounts)));
  snippetLine('ours (committed)', addCounts(trafAll.map((i) => r.traf[committedIndex]?.[i] as SnippetCounts)));
  snippetLine('Readability', rdTraf);

  console.log('');
  console.log(`shared scorers on the predictions written to ${OUT}:`);
  const aebScore = join(SHARED, 'tools', 'aeb-score');
  const trafScore = join(SHARED, 'tools', 'traf-eval-score');
  for (const [name, preds] of Object.entries(aebFiles)) {
    const file = join(OUT, `aeb-${slug(name)}.json`);
    writeFileSync(file, JSON.stringify(preds));
    const truth = join(SHARED, 'data', 'article-extraction-benchmark', 'ground-truth.json');
    console.log(
      `  aeb-score ${name.padEnd(17)} ${existsSync(aebScore) ? lastLine(aebScore, [truth, file]) : '(scorer absent)'}`,
    );
  }
  for (const [name, preds] of Object.entries(trafFiles)) {
    const file = join(OUT, `traf-${slug(name)}.json`);
    writeFileSync(file, JSON.stringify(preds));
    const gold = join(SHARED, 'data', 'trafilatura-eval', 'evaldata.json');
    console.log(
      `  traf-eval-score ${name.padEnd(17)} ${existsSync(trafScore) ? lastLine(trafScore, [gold, file]) : '(scorer absent)'}`,
    );
  }
}

function byId<T>(pages: readonly { id: string }[], value: (i: number) => T): Record<string, T> {
  const out: Record<string, T> = {};
  pages.forEach((p, i) => {
    out[p.id] = value(i);
  });
  return out;
}

function line(name: string, s: { precision: number; recall: number; f1: number }): void {
  console.log(`  ${name.padEnd(17)} F1 ${s.f1.toFixed(3)}  P ${s.precision.toFixed(3)}  R ${s.recall.toFixed(3)}`);
}

function snippetLine(name: string, c: SnippetCounts): void {
  const p = c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : 0;
  const rc = c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : 0;
  console.log(
    `  ${name.padEnd(17)} F1 ${snippetF1(c).toFixed(3)}  P ${p.toFixed(3)}  R ${rc.toFixed(3)}  (TP ${c.tp} FN ${c.fn} FP ${c.fp} TN ${c.tn})`,
  );
}

function lastLine(tool: string, args: string[]): string {
  const out = execFileSync(tool, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).trimEnd();
  return out.slice(out.lastIndexOf('\n') + 1);
}

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z]+/g, '-')
    .replace(/^-|-$/g, '');
}

function describe(t: BodyTuning): string {
  return Object.entries(t)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

function sameTuning(a: BodyTuning, b: BodyTuning): boolean {
  return (Object.keys(a) as (keyof BodyTuning)[]).every((k) => a[k] === b[k]);
}

main();
