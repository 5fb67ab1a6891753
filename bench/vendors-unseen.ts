/**
 * npm run eval:vendors-unseen [-- --cv 5 --seed N]: vendor quality when the catalog lacks some of the cited
 * organisations, as it does on unseen reporting (about 1 in 6 vendors there is in no catalog).
 *
 * Cross-validated like eval:claims (fit on K-1 folds with the full catalog, score the fold left out), but each
 * held-out fold is extracted six times, each time with one sixth of the catalog's vendors removed (a seeded split
 * of the vendor ids), so every vendor is missing from the catalog in exactly one of the six runs. The figure printed
 * is the scorer's vendors line over all six runs: what the vendor method finds when it cannot lean on the catalog.
 * Needs ../shared (the labelled articles and claims-score); says so when they are absent.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from '../src/paths.ts';

const PROJECT_ROOT = packageRoot();

import { buildCatalog, builtinData, defaultCatalog } from '../src/extract/catalog/index.ts';
import { extractArticle } from '../src/extract/index.ts';
import { assignFolds } from '../src/extract/model/folds.ts';
import { goldToArticle, trainModels } from '../src/extract/model/train.ts';
import { CLAIMS_SCORE, GOLD_DIR, loadGold } from './gold-data.ts';

const PARTS = 6;
const { values } = parseArgs({
  options: {
    cv: { type: 'string', default: '5' },
    seed: { type: 'string', default: '20261202' },
  },
});
const k = Number(values.cv);
const seed = Number(values.seed);
const articles = loadGold(GOLD_DIR, 'eval:vendors-unseen');
if (articles) {
  const full = defaultCatalog();
  const data = builtinData();
  const part = assignFolds(
    data.vendors.map((v) => v.id),
    PARTS,
    seed,
  );
  const reduced = Array.from({ length: PARTS }, (_, p) =>
    buildCatalog({ ...data, vendors: data.vendors.filter((v) => part.get(v.id) !== p) }),
  );
  const folds = assignFolds(
    articles.map((a) => a.id),
    k,
    seed,
  );
  const outDir = path.join(PROJECT_ROOT, '.local', 'eval');
  mkdirSync(outDir, { recursive: true });
  const score = (label: string, lines: string[]): string => {
    const file = path.join(outDir, `vendors-${label}.jsonl`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const out = execFileSync(CLAIMS_SCORE, [GOLD_DIR, file], { encoding: 'utf8' });
    return out.split('\n').find((l) => l.startsWith('vendors')) ?? '';
  };
  const withFull: string[] = [];
  const without: string[] = [];
  for (let f = 0; f < k; f++) {
    const models = trainModels(
      articles.filter((a) => folds.get(a.id) !== f),
      { catalog: full, description: `fold ${f} of ${k}` },
    );
    for (const g of articles.filter((a) => folds.get(a.id) === f)) {
      const source = `${g.id}.json`;
      withFull.push(JSON.stringify(extractArticle(goldToArticle(g), { catalog: full, models, source })));
      for (const catalog of reduced)
        without.push(JSON.stringify(extractArticle(goldToArticle(g), { catalog, models, source })));
    }
  }
  console.log(`cv ${k}-fold, full catalog:              ${score('full', withFull)}`);
  // The scorer pairs lines with articles by source; score each of the six runs alone and sum the counts.
  const per = Array.from({ length: PARTS }, (_, p) => without.filter((_, i) => i % PARTS === p));
  const counts = per.map((lines, p) =>
    /tp (\d+) fp (\d+) fn (\d+)/
      .exec(score(`part${p}`, lines))
      ?.slice(1)
      .map(Number),
  );
  const [tp, fp, fn] = [0, 1, 2].map((i) => counts.reduce((s, c) => s + (c?.[i] ?? 0), 0)) as [number, number, number];
  const p = tp / (tp + fp);
  const r = tp / (tp + fn);
  console.log(
    `cv ${k}-fold, 1/${PARTS} of vendors uncatalogued: vendors P ${p.toFixed(3)}  R ${r.toFixed(3)}  F1 ${((2 * p * r) / (p + r)).toFixed(3)}   (tp ${tp} fp ${fp} fn ${fn}, ${PARTS} runs)`,
  );
}
