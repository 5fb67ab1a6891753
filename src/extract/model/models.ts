/**
 * The learned decisions of extraction and the weights file they read. Each decision has a name, a feature builder next
 * to the extractor that makes it, and a logistic model in `weights.json` (written by `npm run train:claims`).
 *
 * Extraction reports every decision it takes to an optional observer: training uses that to collect examples from the
 * very code path that runs in production, and `claimwire extract --explain` uses it to show why a claim was made.
 */
import { readFileSync } from 'node:fs';
import { contributions, type Features, type LogisticWeights, predict } from './logistic.ts';

export const MODEL_NAMES = [
  /** Is this actor-like name the group (not its malware, not an ordinary word)? */
  'actor-is-group',
  /** Is this organisation mention cited as the source of findings or attribution? */
  'vendor-cited',
  /** Is this sector mention a victim of an attack (whoever did it)? */
  'sector-victim',
  /** Does this sector mention say that this actor targeted it? */
  'pair-sector',
  /** Does this country mention say that this actor targeted it? */
  'pair-country',
  /** Does this country mention say that this state backs or operates this actor? */
  'pair-sponsor',
] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

export interface ModelSet {
  /** Bumped when feature templates change in a way old weights cannot follow. */
  featureVersion: number;
  /** What the weights were fitted on (for the record; never read by extraction). */
  trainedOn: string;
  models: Partial<Record<ModelName, LogisticWeights>>;
  /** Probability at or above which a candidate is accepted; 0.5 when absent. */
  thresholds: Partial<Record<ModelName, number>>;
}

/** Version of the feature templates in this source tree; weights for another version are refused. */
export const FEATURE_VERSION = 1;

/** One decision as extraction took it: enough for training to label it and for `--explain` to show it. */
export interface Decision {
  model: ModelName;
  x: Features;
  score: number;
  accepted: boolean;
  /** What the decision is about, in terms a labeller can match to gold (ids, names, texts, offsets). */
  about: Record<string, string | number | null | string[]>;
}

export type DecisionObserver = (d: Decision) => void;

/** Takes decisions with one model set and tells an observer about each. */
export class Decider {
  constructor(
    readonly models: ModelSet,
    private readonly observe?: DecisionObserver,
  ) {}

  /** The model's probability for `x`; an untrained decision (no weights yet) accepts every candidate. */
  decide(model: ModelName, x: Features, about: Decision['about']): { score: number; accepted: boolean } {
    const weights = this.models.models[model];
    const score = weights ? predict(weights, x) : 1;
    const accepted = score >= (this.models.thresholds[model] ?? 0.5);
    this.observe?.({ model, x, score, accepted, about });
    return { score, accepted };
  }

  /** The features that weighed most in a decision, for explanations. */
  why(model: ModelName, x: Features): [string, number][] {
    return contributions(this.models.models[model], x);
  }
}

let builtin: ModelSet | undefined;

/** The weights that ship with claimwire (`src/extract/model/weights.json`). */
export function defaultModels(): ModelSet {
  if (!builtin) {
    const set = JSON.parse(readFileSync(new URL('./weights.json', import.meta.url), 'utf8')) as ModelSet;
    if (set.featureVersion !== FEATURE_VERSION)
      throw new Error(
        `src/extract/model/weights.json: feature version ${set.featureVersion}, the code needs ${FEATURE_VERSION}; run npm run train:claims`,
      );
    builtin = set;
  }
  return builtin;
}

/** A model set with no weights: every candidate accepted. Training starts from it. */
export function untrainedModels(): ModelSet {
  return { featureVersion: FEATURE_VERSION, trainedOn: 'nothing', models: {}, thresholds: {} };
}

/** Small helper for feature builders: a Features map from names (value 1) and [name, value] pairs. */
export function features(...items: (string | [string, number] | false | null | undefined)[]): Features {
  const x: Features = new Map();
  for (const item of items) {
    if (!item) continue;
    if (typeof item === 'string') x.set(item, 1);
    else x.set(item[0], item[1]);
  }
  return x;
}
