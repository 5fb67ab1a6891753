/** Settings for {@link backoffDelay}. */
export interface BackoffOptions {
  /** Delay cap before jitter for the first retry. */
  readonly baseMs: number;
  /** Upper bound for any delay. */
  readonly maxMs: number;
  /** A [0, 1) random source; injectable so tests are deterministic. */
  readonly random?: () => number;
  /** A server-requested minimum (Retry-After, in `error.context.retryAfterMs`); wins over the jittered value. */
  readonly retryAfterMs?: number;
}

/**
 * Exponential backoff with full jitter: a uniform delay in `[0, min(maxMs, baseMs · 2^(attempt-1)))`. Full jitter
 * (rather than a fixed exponential) keeps many jobs that failed together — a site outage takes out a whole feed —
 * from retrying in lockstep. `attempt` is 1 for the first retry. When the server sent Retry-After the delay is at
 * least that (still capped by `maxMs`), since retrying earlier only earns another 429/503.
 */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const { baseMs, maxMs } = options;
  const random = options.random ?? Math.random;
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.floor(attempt) - 1));
  const jittered = Math.floor(random() * exp);
  const floor = options.retryAfterMs === undefined ? 0 : Math.min(maxMs, Math.max(0, options.retryAfterMs));
  return Math.max(jittered, floor);
}
