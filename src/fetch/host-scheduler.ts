/**
 * Per-host politeness: at most `concurrency` requests in flight per host, and request *starts* at least
 * `minIntervalMs` apart (raised per host by robots.txt Crawl-delay). Waiters are served first come, first served,
 * so one busy feed cannot starve another job for the same host. In-process only: with several worker processes each
 * keeps its own budget, so size the defaults per process.
 */

/** Host count at which idle entries are swept. */
const SWEEP_AT_HOSTS = 1024;
const SWEEP_KEEP_INTERVAL_MS = 60 * 60 * 1000;

interface Waiter {
  readonly resolve: (release: () => void) => void;
  readonly reject: (reason: unknown) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

interface HostState {
  active: number;
  lastStartAt: number;
  nextStartAt: number;
  intervalMs: number | undefined;
  readonly queue: Waiter[];
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** Settings for {@link HostScheduler}. */
export interface HostSchedulerOptions {
  readonly concurrency: number;
  readonly minIntervalMs: number;
  /** Monotonic-enough clock in ms; injectable for tests. */
  readonly now?: () => number;
}

/** Hands out per-host request slots; see the module comment for the policy. */
export class HostScheduler {
  readonly #hosts = new Map<string, HostState>();
  readonly #concurrency: number;
  readonly #minIntervalMs: number;
  readonly #now: () => number;

  constructor(options: HostSchedulerOptions) {
    this.#concurrency = Math.max(1, Math.floor(options.concurrency));
    this.#minIntervalMs = Math.max(0, options.minIntervalMs);
    this.#now = options.now ?? Date.now;
  }

  /** Raises (never lowers below the default) the start interval for `host`, e.g. from a robots.txt Crawl-delay. */
  setInterval(host: string, intervalMs: number | undefined): void {
    const state = this.#state(host);
    state.intervalMs = intervalMs === undefined ? undefined : Math.max(this.#minIntervalMs, intervalMs);
    // Applies from the last start already made (e.g. the robots.txt fetch that told us the delay).
    if (state.lastStartAt > 0) state.nextStartAt = state.lastStartAt + (state.intervalMs ?? this.#minIntervalMs);
  }

  /** The start interval currently applied to `host`. */
  intervalFor(host: string): number {
    return this.#hosts.get(host)?.intervalMs ?? this.#minIntervalMs;
  }

  /**
   * Waits for a slot on `host` and resolves with its release function, which the caller must call exactly once
   * when the request is finished (use `try/finally`). Rejects with `signal.reason` if aborted while queued.
   */
  acquire(host: string, signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#hosts.size >= SWEEP_AT_HOSTS && !this.#hosts.has(host)) this.#sweep();
    const state = this.#state(host);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const i = state.queue.indexOf(waiter);
          if (i >= 0) state.queue.splice(i, 1);
          if (state.queue.length === 0 && state.timer) {
            // Nobody left to wake: do not keep the process alive for an empty queue.
            clearTimeout(state.timer);
            state.timer = undefined;
          }
          reject(signal?.reason);
          this.#pump(host, state);
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      state.queue.push(waiter);
      this.#pump(host, state);
    });
  }

  #state(host: string): HostState {
    let state = this.#hosts.get(host);
    if (!state) {
      state = { active: 0, lastStartAt: 0, nextStartAt: 0, intervalMs: undefined, queue: [], timer: undefined };
      this.#hosts.set(host, state);
    }
    return state;
  }

  #pump(host: string, state: HostState): void {
    while (state.queue.length > 0 && state.active < this.#concurrency) {
      const now = this.#now();
      if (now < state.nextStartAt) {
        if (!state.timer) {
          state.timer = setTimeout(() => {
            state.timer = undefined;
            this.#pump(host, state);
          }, state.nextStartAt - now);
        }
        return;
      }
      const waiter = state.queue.shift();
      if (!waiter) break;
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      state.active++;
      state.lastStartAt = now;
      state.nextStartAt = now + (state.intervalMs ?? this.#minIntervalMs);
      let released = false;
      waiter.resolve(() => {
        if (released) return;
        released = true;
        state.active--;
        this.#pump(host, state);
      });
    }
  }

  /**
   * Drops idle hosts whose next start is already allowed, so a long-running worker does not keep one entry per host
   * ever seen. Hosts with a Crawl-delay interval are kept for an hour after their last request, like the robots cache.
   */
  #sweep(): void {
    const now = this.#now();
    for (const [host, s] of this.#hosts) {
      if (s.active > 0 || s.queue.length > 0 || s.timer || now < s.nextStartAt) continue;
      if (s.intervalMs !== undefined && now - s.lastStartAt < SWEEP_KEEP_INTERVAL_MS) continue;
      this.#hosts.delete(host);
    }
  }
}
