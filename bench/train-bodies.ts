/**
 * Fits the body extractor's thresholds: `npm run train:bodies`. Scores every page of both labelled sets
 * (../shared/data/article-extraction-benchmark, ../shared/data/trafilatura-eval) under every tuning of the grid
 * (bench/body-tuning-grid.ts), keeps the one with the best sum of the two sets' F1, and writes it with its figures to
 * src/article/data/body-tuning.json, which the parser reads. Those are fit figures; `npm run eval:bodies -- --cv 5`
 * gives the cross-validated ones. Exits 0, saying so, when ../shared is absent (the committed file stays).
 */
import { writeFileSync } from 'node:fs';
import { bestTuning, loadBodySets, scoreGrid, setScores, tuningGrid } from './body-tuning-grid.ts';

const OUT = new URL('../src/article/data/body-tuning.json', import.meta.url);

function main(): void {
  const sets = loadBodySets();
  if (typeof sets === 'string') {
    console.log(`train:bodies: ${sets}; the committed tuning is unchanged.`);
    return;
  }
  const grid = tuningGrid();
  console.log(`train:bodies: ${sets.aeb.length} + ${sets.traf.length} pages, ${grid.length} tunings`);
  const r = scoreGrid(sets, grid, (msg) => console.log(`  ${msg}`));
  const aeb = sets.aeb.map((_, i) => i);
  const traf = sets.traf.map((_, i) => i);
  const g = bestTuning(r, aeb, traf);
  const fit = setScores(r, g, aeb, traf);
  const data = {
    about:
      'Body-extraction thresholds chosen by npm run train:bodies (bench/train-bodies.ts) on the article-extraction-benchmark and trafilatura-eval pages; fit figures, see npm run eval:bodies -- --cv 5 for cross-validated ones.',
    tuning: grid[g],
    fit: { aebF1: round(fit.aeb), trafEvalF1: round(fit.traf) },
    pages: { aeb: sets.aeb.length, trafEval: sets.traf.length },
    gridSize: grid.length,
  };
  writeFileSync(OUT, `${JSON.stringify(data, null, 2)}\n`);
  console.log(
    `train:bodies: wrote ${OUT.pathname}: ${JSON.stringify(grid[g])} (fit: aeb F1 ${round(fit.aeb)}, trafilatura-eval F1 ${round(fit.traf)})`,
  );
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

main();
