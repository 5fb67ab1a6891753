/**
 * The triage page's reads: what came in over the last day or week (articles, the actors most reported, new and
 * disputed assertions, watch activity and failed deliveries). Each part is one search; they run together.
 */
import type { Client } from '@elastic/elasticsearch';
import { type AssertionRow, recentAssertions } from './assertions-query.ts';
import type { IndexNames } from './indices.ts';

export type TriageWindow = '24h' | '7d';

const WINDOW_MS: Record<TriageWindow, number> = { '24h': 24 * 3600_000, '7d': 7 * 24 * 3600_000 };

export interface Triage {
  window: TriageWindow;
  since: string;
  articles: {
    ingested: number;
    latest: { id: string; url: string; title: string | null; publisher: string | null; ingestedAt: string }[];
  };
  actors: { id: string; articles: number }[];
  newAssertions: AssertionRow[];
  disputedAssertions: AssertionRow[];
  watches: {
    alerts: number;
    delivered: number;
    failed: {
      id: string;
      watchId: string;
      actorId: string | null;
      articleId: string | null;
      lastError: string | null;
      createdAt: string;
    }[];
  };
}

/** The start of the window ending at `now`. */
export function windowStart(window: TriageWindow, now: Date): string {
  return new Date(now.getTime() - WINDOW_MS[window]).toISOString();
}

const totalOf = (t: number | { value: number } | undefined): number => (typeof t === 'number' ? t : (t?.value ?? 0));

export async function triage(
  client: Client,
  names: IndexNames,
  window: TriageWindow,
  now = new Date(),
): Promise<Triage> {
  const since = windowStart(window, now);
  const recent = { range: { ingestedAt: { gte: since } } };
  const [articles, actors, assertions, alerts] = await Promise.all([
    client.search<Triage['articles']['latest'][number]>({
      index: names.alias('articles'),
      size: 10,
      track_total_hits: true,
      query: { bool: { filter: [recent], must_not: [{ exists: { field: 'duplicateOf' } }] } },
      sort: [{ ingestedAt: { order: 'desc' } }] as never,
      _source: ['id', 'url', 'title', 'publisher', 'ingestedAt'],
    }),
    client.search({
      index: names.alias('claims'),
      size: 0,
      query: { bool: { filter: [recent, { term: { negated: false } }] } },
      aggs: {
        actors: {
          terms: { field: 'subject.id', size: 10, order: { articles: 'desc' } },
          aggs: { articles: { cardinality: { field: 'article.id' } } },
        },
      },
    }),
    recentAssertions(client, names, since, 10),
    client.search<{
      id: string;
      watchId: string;
      actorId?: string | null;
      articleId?: string | null;
      status: string;
      lastError?: string | null;
      createdAt: string;
    }>({
      index: names.alias('alerts'),
      size: 20,
      track_total_hits: true,
      query: { range: { createdAt: { gte: since } } },
      sort: [{ createdAt: { order: 'desc' } }] as never,
      aggs: { status: { terms: { field: 'status', size: 5 } } },
      post_filter: { term: { status: 'failed' } },
    }),
  ]);
  const actorBuckets = (
    actors.aggregations as unknown as { actors: { buckets: { key: string; articles: { value: number } }[] } }
  ).actors.buckets;
  const status = (alerts.aggregations as unknown as { status: { buckets: { key: string; doc_count: number }[] } })
    .status.buckets;
  const countOf = (s: string) => status.find((b) => b.key === s)?.doc_count ?? 0;
  return {
    window,
    since,
    articles: {
      ingested: totalOf(articles.hits.total),
      latest: articles.hits.hits.map((h) => h._source as Triage['articles']['latest'][number]),
    },
    actors: actorBuckets.map((b) => ({ id: b.key, articles: b.articles.value })),
    newAssertions: assertions.created,
    disputedAssertions: assertions.disputed,
    watches: {
      alerts: status.reduce((n, b) => n + b.doc_count, 0),
      delivered: countOf('delivered'),
      failed: alerts.hits.hits.map((h) => {
        const a = h._source as NonNullable<typeof h._source>;
        return {
          id: a.id,
          watchId: a.watchId,
          actorId: a.actorId ?? null,
          articleId: a.articleId ?? null,
          lastError: a.lastError ?? null,
          createdAt: a.createdAt,
        };
      }),
    },
  };
}
