/**
 * Writes article-body predictions for the article-extraction benchmark, in the format `aeb-score` reads:
 * `{ "<id>": { "articleBody": "..." } }`.
 *
 * usage: npx tsx bench/aeb-predict.ts OUT.json
 * then:  ../shared/tools/aeb-score ../shared/data/article-extraction-benchmark/ground-truth.json OUT.json
 */
import { writeFileSync } from 'node:fs';
import { parseArticle } from '../src/article/index.ts';
import { benchmarkDir, loadBenchmark } from './aeb-metric.ts';

const out = process.argv[2];
if (!out) {
  console.error('usage: npx tsx bench/aeb-predict.ts OUT.json');
  process.exit(2);
}
const dir = benchmarkDir();
if (!dir) {
  console.log('aeb-predict: benchmark data not found (../shared/data/article-extraction-benchmark); nothing to do.');
  process.exit(0);
}
const predictions: Record<string, { articleBody: string }> = {};
let failures = 0;
for (const page of loadBenchmark(dir)) {
  try {
    predictions[page.id] = { articleBody: parseArticle(page.html, { url: page.url }).text };
  } catch (err) {
    failures++;
    console.error(`aeb-predict: ${page.id}: ${(err as Error).message}`);
    predictions[page.id] = { articleBody: '' };
  }
}
writeFileSync(out, `${JSON.stringify(predictions, null, 1)}\n`);
console.log(`aeb-predict: wrote ${Object.keys(predictions).length} predictions to ${out} (${failures} failed)`);
