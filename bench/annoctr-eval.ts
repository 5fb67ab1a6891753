/**
 * npm run eval:annoctr [-- --shipped]: actor (and country, sector, date) quality on the AnnoCTR dev split, scored by
 * ../shared/tools/annoctr-score.
 *
 * The learned decisions are fitted as `npm run train:claims` fits them (cti-gold-dev plus AnnoCTR train) and never on
 * dev; --shipped scores the committed weights instead. Predictions go to .local/eval/annoctr-dev.jsonl, the scorer's
 * error list to .local/eval/annoctr-dev-errors.tsv.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from '../src/paths.ts';

const PROJECT_ROOT = packageRoot();

import { defaultCatalog, extractArticle } from '../src/extract/index.ts';
import { annoCtrArticle, annoCtrSource } from '../src/extract/model/annoctr.ts';
import type { ModelSet } from '../src/extract/model/models.ts';
import { trainModels } from '../src/extract/model/train.ts';
import { ANNOCTR_DIR, ANNOCTR_SCORE, loadAnnoCtr } from './annoctr-data.ts';
import { loadGold } from './gold-data.ts';

const { values } = parseArgs({ options: { shipped: { type: 'boolean', default: false } } });
const dev = loadAnnoCtr('dev', 'eval:annoctr');
if (dev) {
  const catalog = defaultCatalog();
  let models: ModelSet | undefined;
  if (!values.shipped) {
    const gold = loadGold(undefined, 'eval:annoctr') ?? [];
    const train = loadAnnoCtr('train', 'eval:annoctr') ?? [];
    models = trainModels(gold, {
      catalog,
      description: `cti-gold-dev ${gold.length} + AnnoCTR train ${train.length}`,
      extra: [annoCtrSource(train)],
    });
    console.log(
      `eval:annoctr: fitted on cti-gold-dev (${gold.length}) and AnnoCTR train (${train.length}); dev unseen`,
    );
  } else console.log('eval:annoctr: shipped weights (src/extract/model/weights.json)');
  const lines = dev.map(({ input }) =>
    JSON.stringify(extractArticle(annoCtrArticle(input), { catalog, models, source: `${input.id}.json` })),
  );
  const outDir = path.join(PROJECT_ROOT, '.local', 'eval');
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, 'annoctr-dev.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const args = [path.join(ANNOCTR_DIR, 'dev'), file, '--errors', path.join(outDir, 'annoctr-dev-errors.tsv')];
  const out = execFileSync(ANNOCTR_SCORE, args, { encoding: 'utf8' }).trimEnd();
  console.log(`== ${ANNOCTR_SCORE} ${args.join(' ')}`);
  console.log(out);
  const scored = out.split('\n');
  console.log(`\n${scored.find((l) => l.startsWith('groups ')) ?? ''}\n${scored.at(-1) ?? ''}`);
}
