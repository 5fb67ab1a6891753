/**
 * Training: run extraction over labelled articles, collect every decision it takes, label each from gold, and fit one
 * logistic model per decision. Models are fitted in the order of MODEL_NAMES, each with the ones before it in place,
 * so a later decision trains on the candidates the earlier ones really let through.
 */
import type { Article } from '../../article/types.ts';
import type { ExtractionCatalog } from '../catalog/index.ts';
import { extractArticle } from '../index.ts';
import { assignFolds } from './folds.ts';
import { type GoldArticle, GoldFacts } from './gold.ts';
import { type Example, type FitOptions, fit, predict } from './logistic.ts';
import { type Decision, MODEL_NAMES, type ModelName, type ModelSet, untrainedModels } from './models.ts';

export function goldToArticle(g: GoldArticle): Article {
  return {
    url: g.url ?? `gold:${g.id}`,
    title: g.title ?? null,
    publisher: g.publisher ?? null,
    authors: [],
    published: g.published ?? null,
    modified: null,
    language: 'en',
    text: g.text,
    paragraphs: [],
  };
}

/** Articles labelled for some decisions only (a corpus annotated for other purposes, e.g. AnnoCTR). */
export interface ExtraSource {
  articles: readonly Article[];
  /** Label of decision `d` taken on article `i`; null when this source says nothing about it. */
  label(i: number, d: Decision): number | null;
}

export interface TrainOptions extends FitOptions {
  catalog: ExtractionCatalog;
  /** More labelled examples, added to every fit (evaluation keeps its test articles out of them). */
  extra?: readonly ExtraSource[];
  /** Shown in the weights file's `trainedOn`. */
  description: string;
}

/** Inner folds used to choose each decision's threshold on scores of articles the model did not see. */
const THRESHOLD_FOLDS = 3;
/** Inner splits (seeds) whose chosen cuts are combined by their median. */
const THRESHOLD_SPLITS = 5;

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

export function trainModels(articles: readonly GoldArticle[], options: TrainOptions): ModelSet {
  const set = untrainedModels();
  set.trainedOn = options.description;
  const facts = articles.map((a) => new GoldFacts(a, options.catalog));
  // Several inner splits: a cut chosen on one split of a few dozen articles moves with which articles fell together.
  const splits = Array.from({ length: THRESHOLD_SPLITS }, (_, k) =>
    assignFolds(
      articles.map((a) => a.id),
      THRESHOLD_FOLDS,
      1 + k,
    ),
  );
  for (const name of MODEL_NAMES) {
    const examples = collect(articles, facts, set, name, options.catalog);
    // Extra labelled sources (e.g. AnnoCTR train for actor-is-group) only ever train, never pick thresholds.
    (options.extra ?? []).forEach((source, k) => {
      source.articles.forEach((a, i) => {
        const observe = (d: Decision) => {
          if (d.model !== name) return;
          const y = source.label(i, d);
          if (y !== null)
            examples.push({ x: d.x, y, article: `extra:${k}:${i}`, bag: `extra:${k}:${i}:${examples.length}` });
        };
        extractArticle(a, { catalog: options.catalog, models: set, observe });
      });
    });
    if (!examples.some((e) => e.y === 1) || !examples.some((e) => e.y === 0)) continue;
    // Threshold: fit on two inner folds, score the third, and take the cut that maximises F1 over what the decision
    // asserts per article (its bags), so the cut is chosen on scores of unseen articles.
    const cuts = splits.map((inner) => {
      const heldOut: { bag: string; y: number; score: number }[] = [];
      for (let f = 0; f < THRESHOLD_FOLDS; f++) {
        const train = examples.filter((e) => inner.get(e.article) !== f);
        if (!train.some((e) => e.y === 1) || !train.some((e) => e.y === 0)) continue;
        const model = fit(train, options);
        for (const e of examples)
          if (inner.get(e.article) === f) heldOut.push({ bag: e.bag, y: e.y, score: predict(model, e.x) });
      }
      return bestThreshold(heldOut);
    });
    set.models[name as ModelName] = fit(examples, options);
    set.thresholds[name as ModelName] = median(cuts);
  }
  return set;
}

interface LabelledDecision extends Example {
  article: string;
  /** What the decision asserts for the article (e.g. actor|country): its bag of mention-level decisions. */
  bag: string;
}

function collect(
  articles: readonly GoldArticle[],
  facts: readonly GoldFacts[],
  set: ModelSet,
  name: ModelName,
  catalog: ExtractionCatalog,
): LabelledDecision[] {
  const examples: LabelledDecision[] = [];
  articles.forEach((a, i) => {
    const observe = (d: Decision) => {
      if (d.model !== name) return;
      const { start: _start, text: _text, ...what } = d.about;
      examples.push({
        x: d.x,
        y: (facts[i] as GoldFacts).label(d),
        article: a.id,
        bag: `${a.id}|${JSON.stringify(what)}`,
      });
    };
    extractArticle(goldToArticle(a), { catalog, models: set, observe });
  });
  return examples;
}

/** The cut on the maximum score per bag that gives the best F1 (ties: the higher cut); 0.5 without data. */
export function bestThreshold(scored: readonly { bag: string; y: number; score: number }[]): number {
  const bags = new Map<string, { y: number; score: number }>();
  for (const s of scored) {
    const b = bags.get(s.bag);
    if (!b) bags.set(s.bag, { y: s.y, score: s.score });
    else b.score = Math.max(b.score, s.score);
  }
  const list = [...bags.values()].sort((a, b) => b.score - a.score);
  const positives = list.filter((b) => b.y === 1).length;
  if (positives === 0) return 0.5;
  let tp = 0;
  let best = { f1: -1, cut: 0.5 };
  list.forEach((b, i) => {
    if (b.y === 1) tp++;
    const next = list[i + 1];
    if (next && next.score === b.score) return;
    const f1 = (2 * tp) / (i + 1 + positives);
    const cut = next ? (b.score + next.score) / 2 : b.score;
    if (f1 > best.f1) best = { f1, cut };
  });
  return Math.round(best.cut * 1000) / 1000;
}
