/**
 * The AnnoCTR train and dev splits (`../shared/data/annoctr`, CC BY-SA 4.0, not part of the project) and their
 * scorer. Train may be used to fit the 'actor-is-group' decision; dev is only ever extracted and scored.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AnnoCtrGold, AnnoCtrInput } from '../src/extract/model/annoctr.ts';
import { SHARED } from './gold-data.ts';

export const ANNOCTR_DIR = path.join(SHARED, 'data', 'annoctr');
export const ANNOCTR_SCORE = path.join(SHARED, 'tools', 'annoctr-score');

export interface AnnoCtrDoc {
  input: AnnoCtrInput;
  gold: AnnoCtrGold;
}

/** One split's reports with their gold, or null (with the reason printed) when the shared data is absent. */
export function loadAnnoCtr(split: 'train' | 'dev', who = 'eval'): AnnoCtrDoc[] | null {
  const dir = path.join(ANNOCTR_DIR, split);
  if (!existsSync(dir)) {
    console.log(`${who}: AnnoCTR ${split} split not found (${dir}); this needs the shared evaluation data.`);
    return null;
  }
  const read = (kind: string, f: string): unknown => JSON.parse(readFileSync(path.join(dir, kind, f), 'utf8'));
  return readdirSync(path.join(dir, 'input'))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ input: read('input', f) as AnnoCtrInput, gold: read('gold', f) as AnnoCtrGold }));
}
