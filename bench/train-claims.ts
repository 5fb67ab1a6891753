/**
 * npm run train:claims: fits the learned extraction decisions on every labelled article in ../shared/data/cti-gold-dev
 * and writes src/extract/model/weights.json (committed: the project runs without ../shared).
 *
 * The figure to quote is the cross-validated one from `npm run eval:claims -- --cv 5`, not a score of these weights
 * on the articles they were fitted to.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defaultCatalog } from '../src/extract/index.ts';
import { annoCtrSource } from '../src/extract/model/annoctr.ts';
import { trainModels } from '../src/extract/model/train.ts';
import { loadAnnoCtr } from './annoctr-data.ts';
import { loadGold } from './gold-data.ts';

const articles = loadGold(undefined, 'train:claims');
if (articles) {
  // AnnoCTR train (never dev) adds examples for the 'actor-is-group' decision only.
  const annoctr = loadAnnoCtr('train', 'train:claims') ?? [];
  const set = trainModels(articles, {
    catalog: defaultCatalog(),
    description: `cti-gold-dev, ${articles.length} articles; AnnoCTR train, ${annoctr.length} reports (actor-is-group)`,
    extra: annoctr.length > 0 ? [annoCtrSource(annoctr)] : [],
  });
  const out = fileURLToPath(new URL('../src/extract/model/weights.json', import.meta.url));
  writeFileSync(out, `${JSON.stringify(set, null, 1)}\n`);
  const sizes = Object.entries(set.models).map(([k, m]) => `${k} ${Object.keys(m.weights).length}`);
  console.log(
    `train:claims: ${articles.length} articles; features per model: ${sizes.join(', ') || 'none'}; wrote ${out}`,
  );
}
