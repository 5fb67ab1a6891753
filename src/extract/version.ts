/**
 * Which extractor made a claim. Stored with every article and claim beside the catalog revision, so that claims made
 * by an older extractor (or an older catalog) can be found and re-extracted (`claimwire reextract --outdated`).
 */
import { createHash } from 'node:crypto';
import { defaultModels, FEATURE_VERSION, type ModelSet } from './model/models.ts';

/**
 * Bump when a change to the extraction code changes what claims it makes from the same text and catalog (a new rule,
 * a changed cue list, a fixed offset). The learned weights and the feature templates are versioned on their own.
 */
export const EXTRACTOR_CODE_VERSION = 1;

const cache = new WeakMap<ModelSet, string>();

/**
 * The extractor version: code version, feature-template version and a hash of the learned weights, e.g.
 * `c1.f1.w3f2a91c0`. Retraining the weights changes it as surely as a code change does.
 */
export function extractorVersion(models: ModelSet = defaultModels()): string {
  let v = cache.get(models);
  if (!v) {
    const weights = createHash('sha256').update(JSON.stringify(models)).digest('hex').slice(0, 8);
    v = `c${EXTRACTOR_CODE_VERSION}.f${FEATURE_VERSION}.w${weights}`;
    cache.set(models, v);
  }
  return v;
}

/** What made a stored extraction: the extractor version and the catalog revision. */
export interface ExtractorStamp {
  version: string;
  catalog: string;
}

/** The stamp for extractions made now with this catalog (and the shipped weights unless others are given). */
export function extractorStamp(catalog: { readonly revision: string }, models?: ModelSet): ExtractorStamp {
  return { version: extractorVersion(models), catalog: catalog.revision };
}
