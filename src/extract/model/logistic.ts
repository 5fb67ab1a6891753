/**
 * Logistic regression over sparse named features: the learned part of extraction. Small on purpose: a handful of
 * decisions (is this mention a victim? does it belong to that actor? is this organisation cited?) each get a linear
 * model whose weights can be read, diffed and explained feature by feature.
 *
 * Training is deterministic (full-batch gradient descent with Adagrad step sizes, fixed iteration count), so the same
 * examples always give the same weights file.
 */

/** Sparse feature vector: feature name → value (binary features are 1). */
export type Features = Map<string, number>;

export interface LogisticWeights {
  bias: number;
  /** Feature name → weight; a feature missing here weighs 0. */
  weights: Record<string, number>;
}

export interface Example {
  x: Features;
  /** 1 for a positive, 0 for a negative. */
  y: number;
}

export interface FitOptions {
  /** L2 penalty per feature weight (not on the bias). */
  l2?: number;
  iterations?: number;
  learningRate?: number;
  /** Features seen in fewer examples than this are dropped (they would only memorise). */
  minCount?: number;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** The model's probability that `x` is a positive; 0.5 when there is no model. */
export function predict(model: LogisticWeights | undefined, x: Features): number {
  return sigmoid(margin(model, x));
}

export function margin(model: LogisticWeights | undefined, x: Features): number {
  if (!model) return 0;
  let z = model.bias;
  for (const [f, v] of x) z += (model.weights[f] ?? 0) * v;
  return z;
}

/** The features that moved the score most, for `extract --explain`: name and contribution, largest first. */
export function contributions(model: LogisticWeights | undefined, x: Features, top = 5): [string, number][] {
  if (!model) return [];
  const out: [string, number][] = [];
  for (const [f, v] of x) {
    const w = model.weights[f];
    if (w) out.push([f, Math.round(w * v * 100) / 100]);
  }
  return out.sort((a, b) => Math.abs(b[1]) - Math.abs(a[1])).slice(0, top);
}

export function fit(examples: readonly Example[], options: FitOptions = {}): LogisticWeights {
  const { l2 = 0.02, iterations = 300, learningRate = 0.5, minCount = 2 } = options;
  const counts = new Map<string, number>();
  for (const e of examples) for (const f of e.x.keys()) counts.set(f, (counts.get(f) ?? 0) + 1);
  const names = [...counts.keys()].filter((f) => (counts.get(f) ?? 0) >= minCount).sort();
  const index = new Map(names.map((f, i) => [f, i]));
  const rows = examples.map((e) => {
    const idx: number[] = [];
    const val: number[] = [];
    for (const [f, v] of e.x) {
      const i = index.get(f);
      if (i !== undefined) {
        idx.push(i);
        val.push(v);
      }
    }
    return { idx, val, y: e.y };
  });
  const w = new Float64Array(names.length);
  const g2 = new Float64Array(names.length);
  let bias = 0;
  let b2 = 0;
  const n = Math.max(1, rows.length);
  const grad = new Float64Array(names.length);
  for (let it = 0; it < iterations; it++) {
    grad.fill(0);
    let gb = 0;
    for (const r of rows) {
      let z = bias;
      for (let k = 0; k < r.idx.length; k++) z += (w[r.idx[k] as number] as number) * (r.val[k] as number);
      const err = sigmoid(z) - r.y;
      gb += err;
      for (let k = 0; k < r.idx.length; k++) {
        const i = r.idx[k] as number;
        grad[i] = (grad[i] as number) + err * (r.val[k] as number);
      }
    }
    gb /= n;
    b2 += gb * gb;
    bias -= (learningRate * gb) / (Math.sqrt(b2) + 1e-8);
    for (let i = 0; i < w.length; i++) {
      const g = (grad[i] as number) / n + l2 * (w[i] as number);
      const acc = (g2[i] as number) + g * g;
      g2[i] = acc;
      w[i] = (w[i] as number) - (learningRate * g) / (Math.sqrt(acc) + 1e-8);
    }
  }
  const weights: Record<string, number> = {};
  names.forEach((f, i) => {
    const v = w[i] as number;
    if (Math.abs(v) >= 1e-4) weights[f] = Math.round(v * 1e4) / 1e4;
  });
  return { bias: Math.round(bias * 1e4) / 1e4, weights };
}
