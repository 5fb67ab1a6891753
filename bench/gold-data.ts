/**
 * The labelled articles the claim models are trained and evaluated on (`../shared/data/cti-gold-dev`, not part of the
 * project): where they are, how to read them, and the scorer that ships beside them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../src/paths.ts';

const PROJECT_ROOT = packageRoot();

import type { GoldArticle } from '../src/extract/model/gold.ts';

export const SHARED = path.resolve(PROJECT_ROOT, '..', 'shared');
export const GOLD_DIR = path.join(SHARED, 'data', 'cti-gold-dev');
export const CLAIMS_SCORE = path.join(SHARED, 'tools', 'claims-score');

/** The labelled articles, or null (with the reason printed) when the shared data is not beside the project. */
export function loadGold(dir = GOLD_DIR, who = 'eval'): GoldArticle[] | null {
  if (!existsSync(dir)) {
    console.log(`${who}: labelled articles not found (${dir}); this needs the shared evaluation data, nothing to do.`);
    return null;
  }
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const g = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as GoldArticle;
      // The scorer pairs predictions with gold by file name; keep the same id.
      return { ...g, id: f.replace(/\.json$/, '') };
    });
}
