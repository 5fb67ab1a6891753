/**
 * npm run eval:claims [-- --cv K --seed N --per-article]: claim and entity quality on the labelled articles.
 *
 * With --cv K (default 5): the articles are split into K folds by article (seeded); for each fold the learned
 * decisions are fitted on the other folds and the fold is extracted with those weights, so every article is scored
 * by a model that never saw it. That is the figure to report. The "fit" line beside it scores weights fitted on all
 * articles against the same articles: the gap between the two shows how much is memorised.
 * --cv 0 scores the weights that ship (src/extract/model/weights.json) only.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from '../src/paths.ts';

const PROJECT_ROOT = packageRoot();

import { defaultCatalog, extractArticle } from '../src/extract/index.ts';
import { annoCtrSource } from '../src/extract/model/annoctr.ts';
import { assignFolds } from '../src/extract/model/folds.ts';
import type { GoldArticle } from '../src/extract/model/gold.ts';
import type { ModelSet } from '../src/extract/model/models.ts';
import { goldToArticle, trainModels } from '../src/extract/model/train.ts';
import { loadAnnoCtr } from './annoctr-data.ts';
import { CLAIMS_SCORE, GOLD_DIR, loadGold } from './gold-data.ts';

const { values } = parseArgs({
  options: {
    cv: { type: 'string', default: '5' },
    seed: { type: 'string', default: '20261202' },
    gold: { type: 'string', default: GOLD_DIR },
    'per-article': { type: 'boolean', default: false },
    /** For experiments with the regularisation: L2 penalty and minimum feature count. */
    l2: { type: 'string' },
    'min-count': { type: 'string' },
  },
});
const k = Number(values.cv);
const fitOptions = {
  ...(values.l2 ? { l2: Number(values.l2) } : {}),
  ...(values['min-count'] ? { minCount: Number(values['min-count']) } : {}),
};
const seed = Number(values.seed);
const articles = loadGold(values.gold, 'eval:claims');
if (articles) {
  const catalog = defaultCatalog();
  // AnnoCTR train labels the 'actor-is-group' decision only; it holds none of these articles, so adding it to every
  // fold's training keeps each fold's test articles unseen.
  const annoctr = loadAnnoCtr('train', 'eval:claims');
  const extra = annoctr ? [annoCtrSource(annoctr)] : [];
  const outDir = path.join(PROJECT_ROOT, '.local', 'eval');
  mkdirSync(outDir, { recursive: true });
  const extractAll = (list: readonly GoldArticle[], models?: ModelSet): string[] =>
    list.map((g) => JSON.stringify(extractArticle(goldToArticle(g), { catalog, models, source: `${g.id}.json` })));
  const score = (label: string, lines: string[]): string => {
    const file = path.join(outDir, `claims-${label}.jsonl`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const args = [values.gold, file, ...(values['per-article'] ? ['--per-article'] : [])];
    const out = execFileSync(CLAIMS_SCORE, args, { encoding: 'utf8' });
    console.log(`== ${label}: ${CLAIMS_SCORE} ${args.join(' ')}`);
    console.log(out.trimEnd());
    return out.trimEnd().split('\n').at(-1) ?? '';
  };

  const summary: string[] = [];
  if (k >= 2) {
    const folds = assignFolds(
      articles.map((a) => a.id),
      k,
      seed,
    );
    const lines: string[] = [];
    for (let f = 0; f < k; f++) {
      const train = articles.filter((a) => folds.get(a.id) !== f);
      const test = articles.filter((a) => folds.get(a.id) === f);
      const models = trainModels(train, { catalog, description: `fold ${f} of ${k}`, extra, ...fitOptions });
      lines.push(...extractAll(test, models));
    }
    summary.push(`cv ${k}-fold (seed ${seed}): ${score(`cv${k}`, lines)}`);
    const fitted = trainModels(articles, { catalog, description: 'all', extra, ...fitOptions });
    summary.push(`fit (trained and scored on all): ${score('fit', extractAll(articles, fitted))}`);
  } else {
    summary.push(`shipped weights: ${score('shipped', extractAll(articles))}`);
  }
  console.log(`\n${summary.join('\n')}`);
}
