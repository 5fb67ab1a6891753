/**
 * tsx bench/actor-threshold.ts: out-of-fold precision, recall and F1 of the 'actor-is-group' decision at several
 * thresholds, on training data only (cti-gold-dev and AnnoCTR train, 5 folds each, seed 1). The threshold in
 * THRESHOLDS (src/extract/model/train.ts) is the best one here; AnnoCTR dev is never read.
 */
import { defaultCatalog, extractArticle } from '../src/extract/index.ts';
import { annoCtrSource } from '../src/extract/model/annoctr.ts';
import { assignFolds } from '../src/extract/model/folds.ts';
import { GoldFacts } from '../src/extract/model/gold.ts';
import { goldToArticle, trainModels } from '../src/extract/model/train.ts';
import { loadAnnoCtr } from './annoctr-data.ts';
import { loadGold } from './gold-data.ts';

const gold = loadGold(undefined, 'actor-threshold');
const train = loadAnnoCtr('train', 'actor-threshold');
if (gold && train) {
  const catalog = defaultCatalog();
  const k = 5;
  const goldFolds = assignFolds(
    gold.map((a) => a.id),
    k,
    1,
  );
  const reportFolds = assignFolds(
    train.map((a) => a.input.id),
    k,
    1,
  );
  const scored: { score: number; y: number; corpus: 'annoctr' | 'news' }[] = [];
  for (let f = 0; f < k; f++) {
    const models = trainModels(
      gold.filter((a) => goldFolds.get(a.id) !== f),
      {
        catalog,
        description: `fold ${f}`,
        extra: [annoCtrSource(train.filter((a) => reportFolds.get(a.input.id) !== f))],
      },
    );
    const held = annoCtrSource(train.filter((a) => reportFolds.get(a.input.id) === f));
    held.articles.forEach((a, i) => {
      extractArticle(a, {
        catalog,
        models,
        observe: (d) => {
          const y = held.label(i, d);
          if (d.model === 'actor-is-group' && y !== null) scored.push({ score: d.score, y, corpus: 'annoctr' });
        },
      });
    });
    for (const g of gold.filter((a) => goldFolds.get(a.id) === f)) {
      const facts = new GoldFacts(g, catalog);
      extractArticle(goldToArticle(g), {
        catalog,
        models,
        observe: (d) => {
          if (d.model === 'actor-is-group') scored.push({ score: d.score, y: facts.label(d), corpus: 'news' });
        },
      });
    }
  }
  const prf = (rows: typeof scored, t: number): string => {
    const tp = rows.filter((r) => r.y === 1 && r.score >= t).length;
    const fp = rows.filter((r) => r.y === 0 && r.score >= t).length;
    const fn = rows.filter((r) => r.y === 1 && r.score < t).length;
    const f1 = (2 * tp) / Math.max(1, 2 * tp + fp + fn);
    return `P ${(tp / Math.max(1, tp + fp)).toFixed(3)} R ${(tp / Math.max(1, tp + fn)).toFixed(3)} F1 ${f1.toFixed(3)}`;
  };
  console.log(`actor-is-group, out of fold (${scored.length} candidate actors)`);
  for (const t of [0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7]) {
    const line = [
      `all ${prf(scored, t)}`,
      `annoctr-train ${prf(
        scored.filter((r) => r.corpus === 'annoctr'),
        t,
      )}`,
      `cti-gold-dev ${prf(
        scored.filter((r) => r.corpus === 'news'),
        t,
      )}`,
    ];
    console.log(`threshold ${t.toFixed(2)}  ${line.join(' | ')}`);
  }
}
