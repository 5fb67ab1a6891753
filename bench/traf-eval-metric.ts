/**
 * The trafilatura evaluation set (../shared/data/trafilatura-eval) and its metric, re-implemented so evals can score
 * in-process exactly as `/work/shared/tools/traf-eval-score` (trafilatura's tests/eval_common.py): whitespace runs
 * (Python's `\s`, not JavaScript's) collapsed to one space on both sides, then a case-sensitive substring test per
 * snippet; "with" snippets found are TP (missing: FN), "without" snippets found are FP (absent: TN); counts are
 * summed over pages.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decodeHtml } from '../src/article/index.ts';
import { sharedDataDir } from './aeb-metric.ts';

/** Python's `str.isspace()` set, which is what `re.sub(r"\s+", " ", s)` collapses. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: Python's whitespace set includes these control characters.
const PY_WS = /[\t\n\x0b\x0c\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;

export function normalizeSnippetText(s: string): string {
  return s.replace(PY_WS, ' ').replace(/^ | $/g, '');
}

export interface SnippetPage {
  id: string;
  url: string;
  html: string;
  with: string[];
  without: string[];
}

export interface SnippetCounts {
  tp: number;
  fn: number;
  fp: number;
  tn: number;
}

/** Counts for one page's extracted text (null: the extraction failed, every "with" snippet is missed). */
export function countSnippets(page: SnippetPage, text: string | null): SnippetCounts {
  if (text === null) return { tp: 0, fn: page.with.length, fp: 0, tn: page.without.length };
  const t = normalizeSnippetText(text);
  let tp = 0;
  let fp = 0;
  for (const w of page.with) if (t.includes(normalizeSnippetText(w))) tp++;
  for (const w of page.without) if (t.includes(normalizeSnippetText(w))) fp++;
  return { tp, fn: page.with.length - tp, fp, tn: page.without.length - fp };
}

export function addCounts(all: readonly SnippetCounts[]): SnippetCounts {
  const s = { tp: 0, fn: 0, fp: 0, tn: 0 };
  for (const c of all) {
    s.tp += c.tp;
    s.fn += c.fn;
    s.fp += c.fp;
    s.tn += c.tn;
  }
  return s;
}

/** F1 = 2TP / (2TP + FP + FN), micro-averaged, as trafilatura reports it. */
export function snippetF1(c: SnippetCounts): number {
  const d = 2 * c.tp + c.fp + c.fn;
  return d > 0 ? (2 * c.tp) / d : 0;
}

/** The data directory next to the project, or null when it is not mounted. */
export function trafEvalDir(): string | null {
  return sharedDataDir('trafilatura-eval', ['evaldata.json', 'html']);
}

/**
 * Loads every page with its snippets, in the annotation file's order. Page bytes are decoded with the project's own
 * {@link decodeHtml} (BOM, declared charset, else UTF-8 falling back to windows-1252), as a fetched page would be.
 */
export function loadTrafEval(dir: string): SnippetPage[] {
  const gold = JSON.parse(readFileSync(join(dir, 'evaldata.json'), 'utf8')) as Record<
    string,
    { url?: string; with: string[]; without: string[] }
  >;
  const files = new Set(readdirSync(join(dir, 'html')));
  const pages: SnippetPage[] = [];
  for (const [id, entry] of Object.entries(gold)) {
    const file = `${id}.html.gz`;
    if (!files.has(file)) continue;
    const bytes = gunzipSync(readFileSync(join(dir, 'html', file)));
    let html = '';
    try {
      html = decodeHtml(bytes);
    } catch {
      html = '';
    }
    const url = entry.url && /^https?:\/\//.test(entry.url) ? entry.url : '';
    pages.push({ id, url, html, with: entry.with, without: entry.without });
  }
  return pages;
}
