/**
 * Builds alert and digest payloads from what the indexer and the percolator already hold. Pure and deterministic:
 * the same inputs (including `now`) give byte-identical payloads, so a retried job sends the same body and the same
 * alert id, and receivers can deduplicate.
 */
import { createHash } from 'node:crypto';
import type { Claim, Predicate } from '../claims/types.ts';
import type {
  AlertActor,
  AlertArticle,
  AlertClaim,
  AlertPayload,
  AlertWatch,
  DigestEntry,
  DigestPayload,
  WatchInput,
} from './types.ts';

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/**
 * The alert id for a watch and an article: 32 hex digits of SHA-256 over both ids. Depends on nothing else, so
 * re-extracting the article or retrying the delivery keeps the id and a receiver can drop repeats. The NUL separator
 * keeps `("a", "bc")` and `("ab", "c")` apart.
 */
export function alertIdFor(watchId: string, articleId: string): string {
  return sha256(`claimwire.alert\0${watchId}\0${articleId}`).slice(0, 32);
}

/** The alert id for a watch and an assertion first reported: one alert per (watch, assertion), ever. */
export function assertionAlertIdFor(watchId: string, assertionId: string): string {
  return sha256(`claimwire.new-assertion\0${watchId}\0${assertionId}`).slice(0, 32);
}

/** The digest id for a watch and a period; same reasoning as {@link alertIdFor}. */
export function digestIdFor(watchId: string, from: string, to: string): string {
  return sha256(`claimwire.digest\0${watchId}\0${from}\0${to}`).slice(0, 32);
}

/** An actor as the catalog holds it (`ActorRecord`: aliases as objects) or already flattened (aliases as strings). */
export interface ActorInput {
  readonly id: string;
  readonly name: string;
  readonly aliases: readonly (string | { readonly name: string })[];
}

/** The article fields an alert shows; `ArticleDocument` and `ClaimDocument['article']` both fit. */
export type ArticleInput = Pick<AlertArticle, 'id' | 'url' | 'title' | 'publisher' | 'published'>;

/** The claim fields an alert shows; `ClaimDocument` and the contract's `Claim` both fit. */
export type ClaimInput = Pick<
  Claim,
  'id' | 'predicate' | 'object' | 'value' | 'negated' | 'hedged' | 'reportedBy' | 'citation'
>;

/** What {@link buildAlert} needs. */
export interface BuildAlertInput {
  readonly watch: WatchInput;
  readonly actor: ActorInput;
  readonly article: ArticleInput;
  /** The article's claims that matched the watch, in the order to show them. Repeated ids are kept once. */
  readonly claims: readonly ClaimInput[];
  /** When the alert is built; becomes `createdAt`. Passed in so the payload is reproducible. */
  readonly now: Date;
  /** The assertion this article reports first (a `new-assertion` watch); `claims` are its evidence. */
  readonly newAssertion?: AlertPayload['newAssertion'];
}

/** Copies only the watch's public fields: a stored watch also holds its webhook URL and secret. */
export function watchOf(watch: WatchInput): AlertWatch {
  const { actorId, predicates, sectors, countries } = watch.query;
  const query: AlertWatch['query'] = { actorId };
  if (predicates !== undefined) query.predicates = [...predicates];
  if (sectors !== undefined) query.sectors = [...sectors];
  if (countries !== undefined) query.countries = [...countries];
  return { id: watch.id, name: watch.name, query };
}

function actorOf(actor: ActorInput): AlertActor {
  const names = actor.aliases.map((a) => (typeof a === 'string' ? a : a.name));
  return { id: actor.id, name: actor.name, aliases: [...new Set([actor.name, ...names])] };
}

function articleOf(article: ArticleInput): AlertArticle {
  return {
    id: article.id,
    url: article.url,
    title: article.title,
    publisher: article.publisher,
    published: article.published,
  };
}

function claimOf(claim: ClaimInput, articleUrl: string): AlertClaim {
  return {
    id: claim.id,
    predicate: claim.predicate,
    object: claim.object === null ? null : { ...claim.object },
    value: claim.value === null || typeof claim.value === 'string' ? claim.value : { ...claim.value },
    negated: claim.negated,
    hedged: claim.hedged,
    reportedBy: [...claim.reportedBy],
    quote: claim.citation.quote,
    url: claim.citation.url ?? articleUrl,
  };
}

function isoOf(instant: Date | string, field: string): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new RangeError(`${field} is not a valid date: ${String(instant)}`);
  return date.toISOString();
}

/**
 * Builds the payload for "new reporting mentions an actor you watch". The id is {@link alertIdFor}, so building it
 * twice for the same watch and article (a retry, a re-ingest) yields the same id.
 */
export function buildAlert(input: BuildAlertInput): AlertPayload {
  const { watch, actor, article, now } = input;
  const seen = new Set<string>();
  const claims: AlertClaim[] = [];
  for (const claim of input.claims) {
    if (seen.has(claim.id)) continue;
    seen.add(claim.id);
    claims.push(claimOf(claim, article.url));
  }
  return {
    id: input.newAssertion ? assertionAlertIdFor(watch.id, input.newAssertion.id) : alertIdFor(watch.id, article.id),
    type: 'claimwire.alert',
    createdAt: isoOf(now, 'now'),
    watch: watchOf(watch),
    actor: actorOf(actor),
    article: articleOf(article),
    claims,
    ...(input.newAssertion
      ? {
          newAssertion: {
            id: input.newAssertion.id,
            predicate: input.newAssertion.predicate,
            object: { ...input.newAssertion.object },
          },
        }
      : {}),
  };
}

/** What {@link buildDigest} needs. */
export interface BuildDigestInput {
  readonly watch: WatchInput;
  /** The period's alerts for this watch (as built by {@link buildAlert}); repeats of one alert id count once. */
  readonly alerts: readonly AlertPayload[];
  /** The period covered, `from` inclusive, `to` exclusive. */
  readonly period: { readonly from: Date | string; readonly to: Date | string };
  /** When the digest is built; defaults to `period.to` so the payload stays reproducible. */
  readonly now?: Date;
}

/** Newest publication first, undated last, then by alert id so the order never depends on input order. */
function compareEntries(a: DigestEntry, b: DigestEntry): number {
  const pa = a.article.published;
  const pb = b.article.published;
  if (pa !== pb) {
    if (pa === null) return 1;
    if (pb === null) return -1;
    return pa < pb ? 1 : -1;
  }
  return a.alertId < b.alertId ? -1 : a.alertId > b.alertId ? 1 : 0;
}

/**
 * Builds the nightly summary for one watch: every article alerted in the period with its claim counts, one message
 * instead of many. An empty period gives a digest with no articles; whether to send it is the caller's choice.
 */
export function buildDigest(input: BuildDigestInput): DigestPayload {
  const from = isoOf(input.period.from, 'period.from');
  const to = isoOf(input.period.to, 'period.to');
  const byId = new Map<string, DigestEntry>();
  for (const alert of input.alerts) {
    if (byId.has(alert.id)) continue;
    const predicates: Partial<Record<Predicate, number>> = {};
    for (const claim of alert.claims) predicates[claim.predicate] = (predicates[claim.predicate] ?? 0) + 1;
    byId.set(alert.id, {
      alertId: alert.id,
      actor: { id: alert.actor.id, name: alert.actor.name },
      article: articleOf(alert.article),
      claimCount: alert.claims.length,
      predicates,
    });
  }
  const articles = [...byId.values()].sort(compareEntries);
  return {
    id: digestIdFor(input.watch.id, from, to),
    type: 'claimwire.digest',
    createdAt: input.now === undefined ? to : isoOf(input.now, 'now'),
    watch: watchOf(input.watch),
    period: { from, to },
    totals: { articles: articles.length, claims: articles.reduce((n, a) => n + a.claimCount, 0) },
    articles,
  };
}
