/**
 * Progress of one ingestion batch (an `ingest` command, a nightly run), kept in Redis so any worker process can report
 * to it and `ingest --wait` can show it. Every URL is counted once per batch, however often its jobs are retried or
 * re-run after a crash: the first terminal outcome wins.
 */
import type { Redis } from 'ioredis';

/** `discovered` closes a discovery step (a feed read); it is not an article and is not shown. */
/** `reextracted`: an article whose claims `claimwire reextract` made again (from its stored text). */
export const OUTCOMES = ['indexed', 'unchanged', 'duplicates', 'failed', 'discovered', 'reextracted'] as const;
export type BatchOutcome = (typeof OUTCOMES)[number];

export interface BatchProgress {
  id: string;
  /** URLs (or files) accepted into the batch and not yet finished. */
  pending: number;
  total: number;
  indexed: number;
  unchanged: number;
  duplicates: number;
  failed: number;
  claims: number;
  /** Failure reason code → count. */
  failureReasons: Record<string, number>;
  /** A few failures with their URL, newest last. */
  failures: { url: string; reason: string; message: string }[];
  /** Discovery steps (feeds, sitemaps being read) not finished yet: part of `pending`, not articles. */
  pendingSteps: number;
  /** Articles re-extracted (`claimwire reextract`). */
  reextracted: number;
  /** Further counters a stage keeps (re-extraction: claimsAdded, claimsRemoved, claimsUnchanged). */
  counts: Record<string, number>;
  /** What someone waiting should know that is not a failure ("feed X listed nothing"), oldest first. */
  notes: string[];
  /** What the batch was started with (`reextract` keeps its selection here, to resume it). */
  meta: Record<string, unknown> | null;
}

/** Batches expire a week after their last update. */
const TTL_SECONDS = 7 * 24 * 3600;

const ADD_SCRIPT = `
if redis.call('SADD', KEYS[2], ARGV[1]) == 1 then
  redis.call('HINCRBY', KEYS[1], 'pending', 1)
  if ARGV[3] == '1' then redis.call('HINCRBY', KEYS[1], 'total', 1)
  else
    redis.call('HINCRBY', KEYS[1], 'steps', 1)
    redis.call('SADD', KEYS[4], ARGV[1]); redis.call('EXPIRE', KEYS[4], ARGV[2])
  end
  redis.call('EXPIRE', KEYS[1], ARGV[2]); redis.call('EXPIRE', KEYS[2], ARGV[2])
  return 1
end
if redis.call('SISMEMBER', KEYS[3], ARGV[1]) == 0 then return 2 end
return 0`;

// An item the batch never counted (its state lost with a Redis restarted without persistence) is not finished here:
// counting it down would show "pending -4".
const FINISH_SCRIPT = `
if redis.call('SISMEMBER', KEYS[5], ARGV[1]) == 0 then return 0 end
if redis.call('SADD', KEYS[2], ARGV[1]) == 1 then
  redis.call('HINCRBY', KEYS[1], 'pending', -1)
  redis.call('HINCRBY', KEYS[1], ARGV[2], 1)
  if redis.call('SISMEMBER', KEYS[6], ARGV[1]) == 1 then redis.call('HINCRBY', KEYS[1], 'stepsDone', 1) end
  for i = 7, #ARGV, 2 do redis.call('HINCRBY', KEYS[1], 'count:' .. ARGV[i], ARGV[i + 1]) end
  if tonumber(ARGV[3]) > 0 then redis.call('HINCRBY', KEYS[1], 'claims', ARGV[3]) end
  redis.call('HINCRBY', KEYS[4], 'outcome:' .. ARGV[2], 1)
  if tonumber(ARGV[3]) > 0 then redis.call('HINCRBY', KEYS[4], 'claims', ARGV[3]) end
  if ARGV[4] ~= '' then
    redis.call('HINCRBY', KEYS[4], 'reason:' .. ARGV[4], 1)
    redis.call('HINCRBY', KEYS[1], 'reason:' .. ARGV[4], 1)
    redis.call('RPUSH', KEYS[3], ARGV[5]); redis.call('LTRIM', KEYS[3], -50, -1); redis.call('EXPIRE', KEYS[3], ARGV[6])
  end
  redis.call('EXPIRE', KEYS[1], ARGV[6]); redis.call('EXPIRE', KEYS[2], ARGV[6])
  return 1
end
return 0`;

export class Batches {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Lifetime counters across batches (outcomes, failure reasons, claims) for /metrics. */
  private get metricsKey(): string {
    return `${this.prefix}:metrics`;
  }

  /** Lifetime outcome, claim and failure-reason counters. */
  async totals(): Promise<Record<string, number>> {
    const h = await this.redis.hgetall(this.metricsKey);
    return Object.fromEntries(Object.entries(h).map(([k, v]) => [k, Number(v)]));
  }

  private keys(id: string) {
    const base = `${this.prefix}:batch:${id}`;
    return {
      hash: base,
      seen: `${base}:seen`,
      done: `${base}:done`,
      failures: `${base}:failures`,
      steps: `${base}:steps`,
      notes: `${base}:notes`,
    };
  }

  /**
   * Counts an item into the batch once. True while the item still needs its job: when it is new, and also when it was
   * counted before but has not finished (a producer or discovery step that crashed between counting and enqueueing is
   * re-run, and must enqueue again; job ids make that idempotent). False once the item finished in this batch.
   * Discovery steps are pending work but not articles: `article: false` keeps them out of the total.
   */
  async add(batchId: string, itemKey: string, article = true): Promise<boolean> {
    const k = this.keys(batchId);
    const r = await this.redis.eval(
      ADD_SCRIPT,
      4,
      k.hash,
      k.seen,
      k.done,
      k.steps,
      itemKey,
      TTL_SECONDS,
      article ? '1' : '0',
    );
    return r !== 0;
  }

  /** Records an item's final outcome once, and only for an item the batch counted. */
  async finish(
    batchId: string,
    itemKey: string,
    outcome: BatchOutcome,
    detail: {
      claims?: number;
      url?: string;
      reason?: string;
      message?: string;
      /** Added to the batch's counters (`counts`), once, with the outcome. */
      counts?: Record<string, number>;
    } = {},
  ): Promise<boolean> {
    const k = this.keys(batchId);
    const failure = detail.reason
      ? JSON.stringify({ url: detail.url ?? itemKey, reason: detail.reason, message: detail.message ?? '' })
      : '';
    const counts = Object.entries(detail.counts ?? {}).flatMap(([name, n]) => [name, Math.trunc(n)]);
    const r = await this.redis.eval(
      FINISH_SCRIPT,
      6,
      k.hash,
      k.done,
      k.failures,
      this.metricsKey,
      k.seen,
      k.steps,
      itemKey,
      outcome,
      detail.claims ?? 0,
      detail.reason ?? '',
      failure,
      TTL_SECONDS,
      ...counts,
    );
    return r === 1;
  }

  /** Records something the person waiting should read (a feed that listed nothing); kept with the batch. */
  async note(batchId: string, text: string): Promise<void> {
    const k = this.keys(batchId);
    await this.redis.multi().rpush(k.notes, text).ltrim(k.notes, -50, -1).expire(k.notes, TTL_SECONDS).exec();
  }

  /** Stores what the batch was started with (first writer wins), so a later command can resume it. */
  async setMeta(batchId: string, meta: Record<string, unknown>): Promise<void> {
    const k = this.keys(batchId);
    await this.redis.multi().hsetnx(k.hash, 'meta', JSON.stringify(meta)).expire(k.hash, TTL_SECONDS).exec();
  }

  /** Whether anything was ever counted into the batch (or it was given a meta record), as far as Redis remembers. */
  async exists(batchId: string): Promise<boolean> {
    return (await this.redis.exists(this.keys(batchId).hash)) === 1;
  }

  async get(batchId: string): Promise<BatchProgress> {
    const k = this.keys(batchId);
    const [hash, failures] = await Promise.all([this.redis.hgetall(k.hash), this.redis.lrange(k.failures, 0, -1)]);
    const n = (f: string) => Number(hash[f] ?? 0);
    const failureReasons: Record<string, number> = {};
    const counts: Record<string, number> = {};
    for (const [field, value] of Object.entries(hash)) {
      if (field.startsWith('reason:')) failureReasons[field.slice(7)] = Number(value);
      if (field.startsWith('count:')) counts[field.slice(6)] = Number(value);
    }
    const notes = await this.redis.lrange(k.notes, 0, -1);
    return {
      id: batchId,
      pending: n('pending'),
      total: n('total'),
      indexed: n('indexed'),
      unchanged: n('unchanged'),
      duplicates: n('duplicates'),
      failed: n('failed'),
      claims: n('claims'),
      failureReasons,
      failures: failures.map((f) => JSON.parse(f) as BatchProgress['failures'][number]),
      pendingSteps: Math.max(0, n('steps') - n('stepsDone')),
      reextracted: n('reextracted'),
      counts,
      notes,
      meta: hash.meta ? (JSON.parse(hash.meta) as Record<string, unknown>) : null,
    };
  }
}
