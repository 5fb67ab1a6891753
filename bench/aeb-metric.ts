/**
 * The article-extraction-benchmark metric, re-implemented so benches can score in-process: word 4-gram shingles
 * (tokens are runs of letters, digits and `_`), per-page TP/FP/FN from the multiset overlap normalised to sum 1,
 * mean precision and mean recall over pages, F1 of the means. Mirrors `/work/shared/tools/aeb-score`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const TOKEN = /[\p{L}\p{N}_]+/gu;

function shingles(s: string): Map<string, number> {
  const t = s.match(TOKEN) ?? [];
  const m = new Map<string, number>();
  const n = Math.max(1, t.length - 3);
  for (let i = 0; i < n; i++) {
    const k = t.slice(i, i + 4).join('\u0001');
    if (k) m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

export interface PageScore {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

/** Scores one predicted body against the truth body. */
export function scorePage(truth: string, predicted: string): PageScore {
  const a = shingles(truth);
  const b = shingles(predicted);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(k) ?? 0;
    const y = b.get(k) ?? 0;
    tp += Math.min(x, y);
    fp += Math.max(0, y - x);
    fn += Math.max(0, x - y);
  }
  const sum = tp + fp + fn;
  if (sum > 0) {
    tp /= sum;
    fp /= sum;
    fn /= sum;
  }
  const precision = fp === 0 && fn === 0 ? 1 : tp === 0 && fp === 0 ? 0 : tp / (tp + fp);
  const recall = fp === 0 && fn === 0 ? 1 : tp === 0 && fn === 0 ? 0 : tp / (tp + fn);
  return { tp, fp, fn, precision, recall };
}

export interface Summary {
  pages: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Mean precision over pages with a prediction, mean recall over pages with truth, F1 of the two (as aeb-score). */
export function summarize(scores: readonly PageScore[]): Summary {
  const ps: number[] = [];
  const rs: number[] = [];
  for (const s of scores) {
    if (s.tp + s.fp > 0) ps.push(s.precision);
    if (s.tp + s.fn > 0) rs.push(s.recall);
  }
  const mean = (a: number[]): number => (a.length > 0 ? a.reduce((x, y) => x + y, 0) / a.length : 0);
  const precision = mean(ps);
  const recall = mean(rs);
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { pages: scores.length, precision, recall, f1 };
}

export interface BenchmarkPage {
  id: string;
  url: string;
  html: string;
  truth: string;
}

/**
 * `../shared/data/<name>` next to the project root when it holds every one of `entries`, else null (the shared
 * evaluation data is not part of the project and may not be mounted).
 */
export function sharedDataDir(name: string, entries: readonly string[]): string | null {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const dir = resolve(root, '..', 'shared', 'data', name);
  return entries.every((e) => existsSync(join(dir, e))) ? dir : null;
}

/** The benchmark directory, or null when it is not mounted. */
export function benchmarkDir(): string | null {
  return sharedDataDir('article-extraction-benchmark', ['ground-truth.json', 'html']);
}

/** Loads every page (gunzipped, UTF-8) with its truth body, in id order. */
export function loadBenchmark(dir: string): BenchmarkPage[] {
  const truth = JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8')) as Record<
    string,
    { articleBody?: string; url?: string }
  >;
  const files = new Set(readdirSync(join(dir, 'html')));
  const pages: BenchmarkPage[] = [];
  for (const id of Object.keys(truth).sort()) {
    const file = `${id}.html.gz`;
    if (!files.has(file)) continue;
    const entry = truth[id] ?? {};
    pages.push({
      id,
      url: entry.url ?? '',
      html: gunzipSync(readFileSync(join(dir, 'html', file))).toString('utf8'),
      truth: entry.articleBody ?? '',
    });
  }
  return pages;
}
