/**
 * Shared by `npm run train:bodies` and `npm run eval:bodies`: the two labelled page sets, the grid of body tunings
 * tried, every page scored under every tuning (each page parsed once), and the choice of the best tuning on a subset
 * of pages, so cross-validation can fit on four folds and score the fifth.
 */
import { type Article, type BodyTuning, DEFAULT_BODY_TUNING } from '../src/article/index.ts';
import { articleFromPage, type LoadedPage, loadPage } from '../src/article/parse-article.ts';
import { type BenchmarkPage, benchmarkDir, loadBenchmark, type PageScore, scorePage, summarize } from './aeb-metric.ts';
import {
  addCounts,
  countSnippets,
  loadTrafEval,
  type SnippetCounts,
  type SnippetPage,
  snippetF1,
  trafEvalDir,
} from './traf-eval-metric.ts';

/** Both page sets, or a reason they are missing. */
export interface BodySets {
  aeb: BenchmarkPage[];
  traf: SnippetPage[];
}

export function loadBodySets(): BodySets | string {
  const aebDir = benchmarkDir();
  const trafDir = trafEvalDir();
  if (!aebDir || !trafDir) {
    return 'labelled page sets not found (../shared/data/article-extraction-benchmark and trafilatura-eval)';
  }
  return { aeb: loadBenchmark(aebDir), traf: loadTrafEval(trafDir) };
}

/**
 * The tunings tried: every combination of the widening thresholds (none, or 4 levels with two growth and two
 * link-density limits: earlier grids with 1-3 levels and a middle link density never had them chosen), the in-body
 * link-density cut, the body length below which the page is re-read leniently and the lead (none, or up to two
 * blocks after a header of up to 1000 characters). A fixed grid (not a search that adapts to the data) so each fold's choice comes from the same candidates.
 */
export function tuningGrid(): BodyTuning[] {
  const grid: BodyTuning[] = [];
  const leads: [number, number][] = [
    [0, DEFAULT_BODY_TUNING.leadMaxGap],
    [2, 1000],
  ];
  for (const minBodyChars of [250, 1000, 1500])
    for (const [leadMaxBlocks, leadMaxGap] of leads)
      for (const blockMaxLinkDensity of [0.2, 0.3]) {
        const fixed = { minBodyChars, leadMaxBlocks, leadMaxGap, blockMaxLinkDensity };
        grid.push({ ...DEFAULT_BODY_TUNING, ...fixed, widenLevels: 0 });
        for (const widenMaxGrowth of [2, 4])
          for (const widenMaxLinkDensity of [0.2, 0.5])
            grid.push({ ...fixed, widenLevels: 4, widenMaxGrowth, widenMinProseShare: 0.5, widenMaxLinkDensity });
      }
  return grid;
}

/** Every page's score under every tuning of the grid: `aeb[g][page]`, `traf[g][page]`, plus the texts. */
export interface GridResults {
  grid: BodyTuning[];
  aeb: PageScore[][];
  traf: SnippetCounts[][];
  aebText: string[][];
  trafText: (string | null)[][];
}

/** Parses each page once and extracts its body under each tuning. `progress` is called after each set. */
export function scoreGrid(sets: BodySets, grid: BodyTuning[], progress?: (msg: string) => void): GridResults {
  const res: GridResults = {
    grid,
    aeb: grid.map(() => []),
    traf: grid.map(() => []),
    aebText: grid.map(() => []),
    trafText: grid.map(() => []),
  };
  for (const page of sets.aeb) {
    const loaded = tryLoad(page.html);
    grid.forEach((tuning, g) => {
      const text = extract(loaded, page.url, tuning) ?? '';
      res.aebText[g]?.push(text);
      res.aeb[g]?.push(scorePage(page.truth, text));
    });
  }
  progress?.(`scored ${sets.aeb.length} article-extraction-benchmark pages under ${grid.length} tunings`);
  for (const page of sets.traf) {
    const loaded = tryLoad(page.html);
    grid.forEach((tuning, g) => {
      const text = extract(loaded, page.url, tuning);
      res.trafText[g]?.push(text);
      res.traf[g]?.push(countSnippets(page, text));
    });
  }
  progress?.(`scored ${sets.traf.length} trafilatura-eval pages under ${grid.length} tunings`);
  return res;
}

function tryLoad(html: string): LoadedPage | null {
  try {
    return loadPage(html);
  } catch {
    return null;
  }
}

function extract(page: LoadedPage | null, url: string, tuning: BodyTuning): string | null {
  if (!page) return null;
  const article: Article = articleFromPage(page, { url: url || undefined, tuning });
  return article.text;
}

/** F1 on each set over the given page indices (aeb: shingle F1 of mean P/R; traf: micro snippet F1). */
export function setScores(
  r: GridResults,
  g: number,
  aebPages: number[],
  trafPages: number[],
): { aeb: number; traf: number } {
  const aeb = summarize(aebPages.map((i) => r.aeb[g]?.[i] as PageScore)).f1;
  const traf = snippetF1(addCounts(trafPages.map((i) => r.traf[g]?.[i] as SnippetCounts)));
  return { aeb, traf };
}

/** The grid index with the best sum of the two sets' F1 on the given pages (first on ties: the simpler tuning). */
export function bestTuning(r: GridResults, aebPages: number[], trafPages: number[]): number {
  let best = 0;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let g = 0; g < r.grid.length; g++) {
    const s = setScores(r, g, aebPages, trafPages);
    if (s.aeb + s.traf > bestScore + 1e-9) {
      bestScore = s.aeb + s.traf;
      best = g;
    }
  }
  return best;
}

/** Fold of each of `n` pages (0..k-1), balanced, from a fixed-seed shuffle. */
export function foldsOf(n: number, k: number, seed: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  let s = seed >>> 0;
  const rand = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const fold = new Array<number>(n).fill(0);
  order.forEach((page, rank) => {
    fold[page] = rank % k;
  });
  return fold;
}
