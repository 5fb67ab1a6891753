/**
 * The webhook contract: what claimwire POSTs to an analyst's endpoint. These shapes are an interface for people
 * outside the project (their receivers parse them), so fields are only ever added, never renamed or removed.
 * `docs/webhooks.md` documents them.
 */
import type { ClaimObject, Predicate, StatisticValue } from '../claims/types.ts';

/** How a watch's deliveries are encoded: claimwire's JSON, or a Slack incoming-webhook message. */
export type AlertFormat = 'json' | 'slack';

/** What a watch matches: one actor, optionally narrowed to some predicates, sectors or countries. */
export interface WatchQuery {
  readonly actorId: string;
  readonly predicates?: readonly Predicate[];
  /** Sector ids (the closed taxonomy). */
  readonly sectors?: readonly string[];
  /** ISO 3166-1 alpha-2 codes. */
  readonly countries?: readonly string[];
}

/**
 * The part of a stored watch the alert builders read. A stored watch carries more (webhook URL, secret, format);
 * the builders deliberately copy only `id`, `name` and `query`, so a secret can never leak into a payload.
 */
export interface WatchInput {
  readonly id: string;
  readonly name: string;
  readonly query: WatchQuery;
}

/** The watch as echoed in a payload, so a receiver serving several watches can route without a lookup. */
export interface AlertWatch {
  id: string;
  name: string;
  query: {
    actorId: string;
    predicates?: Predicate[];
    sectors?: string[];
    countries?: string[];
  };
}

/** The watched actor, with every alias, so receivers can show or match the names their analysts use. */
export interface AlertActor {
  id: string;
  name: string;
  aliases: string[];
}

/** The new reporting that triggered the alert. */
export interface AlertArticle {
  id: string;
  url: string;
  title: string | null;
  publisher: string | null;
  /** ISO date prefix (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) or null when the page gave none. */
  published: string | null;
}

/** One cited claim from the article, flattened for receivers: the quote and where it came from sit on the claim. */
export interface AlertClaim {
  id: string;
  predicate: Predicate;
  object: ClaimObject | null;
  value: string | StatisticValue | null;
  /** The report denies the claim ("there is no evidence APT10 targeted…"). Shown, never silently dropped. */
  negated: boolean;
  hedged: boolean;
  reportedBy: string[];
  quote: string;
  /** Where the quote is: the citation URL, else the article URL. */
  url: string;
}

/** `type: 'claimwire.alert'`: one article, newly indexed, mentions a watched actor. */
export interface AlertPayload {
  /** Hash of watch id + article id: the same article never alerts a watch twice under different ids. Dedupe on it. */
  id: string;
  type: 'claimwire.alert';
  /** ISO-8601 instant the alert was built. */
  createdAt: string;
  watch: AlertWatch;
  actor: AlertActor;
  article: AlertArticle;
  claims: AlertClaim[];
  /**
   * For a watch `--on new-assertion`: the assertion this article is the first report of (its `claims` are the
   * evidence); the id is then a hash of the watch and the assertion, so it fires once whatever reports it later.
   */
  newAssertion?: { id: string; predicate: Predicate; object: ClaimObject };
}

/** One article in a digest: the alert it came from and its claim counts. */
export interface DigestEntry {
  alertId: string;
  actor: { id: string; name: string };
  article: AlertArticle;
  claimCount: number;
  /** Claims per predicate, only predicates that occur. */
  predicates: Partial<Record<Predicate, number>>;
}

/** `type: 'claimwire.digest'`: a period's alerts for one watch in one message (the nightly summary). */
export interface DigestPayload {
  /** Hash of watch id + period: a re-sent digest for the same night keeps its id. */
  id: string;
  type: 'claimwire.digest';
  createdAt: string;
  watch: AlertWatch;
  /** ISO-8601 instants, `from` inclusive, `to` exclusive. */
  period: { from: string; to: string };
  totals: { articles: number; claims: number };
  /** Newest publication first; articles without a date last. */
  articles: DigestEntry[];
}

/** Anything {@link deliverWebhook} sends. Branch on `type`. */
export type WebhookPayload = AlertPayload | DigestPayload;
