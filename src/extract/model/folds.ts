/** Deterministic k-fold splits by article, for cross-validated figures (fit on k-1 folds, score on the one left). */

/** mulberry32: a small seeded generator, so a fold assignment is the same on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Assigns each id a fold in [0, k): a seeded shuffle of the sorted ids, dealt round-robin. */
export function assignFolds(ids: readonly string[], k: number, seed: number): Map<string, number> {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`folds: k must be an integer ≥ 2, got ${k}`);
  const order = [...ids].sort();
  const next = random(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j] as string, order[i] as string];
  }
  return new Map(order.map((id, i) => [id, i % k]));
}
