/**
 * Watchlists and alerts in Elasticsearch. Each watch is stored as a **percolator** query over claim documents: when
 * an article is indexed, one percolate request with all its claims answers "which of the N watches match, and with
 * which claims" — cost grows with the article, not with a query per watch, and Elasticsearch indexes the watches so
 * it only runs the candidates. Alerts are documents with a deterministic id per (watch, article), created with a
 * create-only write, so one article can never alert one watch twice.
 */
import type { Client } from '@elastic/elasticsearch';
import type { NewWatch } from '../alerts/new-watch.ts';
import type { WatchQuery } from '../alerts/types.ts';
import type { ClaimDocument } from './documents.ts';
import type { IndexNames } from './indices.ts';

/** A stored watch: the record `newWatch` builds, saved as is (plus its percolator query). */
export type WatchDocument = NewWatch;

export type AlertStatus = 'pending' | 'delivered' | 'failed';

export interface AlertDocument {
  id: string;
  kind: 'alert' | 'digest';
  watchId: string;
  actorId: string;
  articleId: string | null;
  status: AlertStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  ackedAt: string | null;
  payload: unknown;
}

/** The percolator query a watch stands for: its actor's asserted claims, narrowed by its filters. */
export function watchQuery(
  w: Pick<WatchDocument, 'actorId' | 'predicates' | 'sectors' | 'countries'>,
): Record<string, unknown> {
  const filter: Record<string, unknown>[] = [{ term: { 'subject.id': w.actorId } }, { term: { negated: false } }];
  if (w.predicates.length > 0) filter.push({ terms: { predicate: w.predicates } });
  const objects: Record<string, unknown>[] = [];
  if (w.sectors.length > 0)
    objects.push({ bool: { filter: [{ term: { 'object.kind': 'sector' } }, { terms: { 'object.id': w.sectors } }] } });
  if (w.countries.length > 0)
    objects.push({
      bool: { filter: [{ term: { 'object.kind': 'country' } }, { terms: { 'object.id': w.countries } }] },
    });
  if (objects.length > 0) filter.push({ bool: { should: objects, minimum_should_match: 1 } });
  return { bool: { filter } };
}

export const queryOf = (w: WatchDocument): WatchQuery => ({
  actorId: w.actorId,
  ...(w.predicates.length ? { predicates: w.predicates as WatchQuery['predicates'] } : {}),
  ...(w.sectors.length ? { sectors: w.sectors } : {}),
  ...(w.countries.length ? { countries: w.countries } : {}),
});

export async function saveWatch(client: Client, names: IndexNames, w: WatchDocument): Promise<void> {
  await client.index({
    index: names.alias('watches'),
    id: w.id,
    document: { ...w, query: watchQuery(w) },
    refresh: 'wait_for',
  });
}

export async function listWatches(client: Client, names: IndexNames): Promise<WatchDocument[]> {
  const r = await client.search<WatchDocument>({
    index: names.alias('watches'),
    size: 10_000,
    query: { match_all: {} },
    sort: [{ createdAt: 'asc' }, { id: 'asc' }] as never,
    _source_excludes: ['query'],
  });
  return r.hits.hits.map((h) => h._source as WatchDocument);
}

export async function getWatch(client: Client, names: IndexNames, id: string): Promise<WatchDocument | null> {
  try {
    const r = await client.get<WatchDocument>({ index: names.alias('watches'), id, _source_excludes: ['query'] });
    return (r._source as WatchDocument) ?? null;
  } catch (error) {
    if ((error as { meta?: { statusCode?: number } }).meta?.statusCode === 404) return null;
    throw error;
  }
}

export async function deleteWatch(client: Client, names: IndexNames, id: string): Promise<boolean> {
  const r = await client.delete({ index: names.alias('watches'), id, refresh: 'wait_for' }, { ignore: [404] });
  return r.result === 'deleted';
}

export interface WatchMatch {
  watch: WatchDocument;
  claims: ClaimDocument[];
}

/** The watches an article's claims match, each with the claims that matched it. */
export async function matchWatches(
  client: Client,
  names: IndexNames,
  claims: readonly ClaimDocument[],
): Promise<WatchMatch[]> {
  if (claims.length === 0) return [];
  const documents = claims.map((c) => ({
    subject: { id: c.subject.id },
    predicate: c.predicate,
    object: c.object ? { kind: c.object.kind, id: c.object.id } : null,
    negated: c.negated,
  }));
  const r = await client.search<WatchDocument>({
    index: names.alias('watches'),
    size: 10_000,
    query: { percolate: { field: 'query', documents } } as never,
    _source_excludes: ['query'],
  });
  return r.hits.hits.map((h) => {
    const slots = ((h.fields as Record<string, number[]> | undefined)?._percolator_document_slot ?? []) as number[];
    return {
      watch: h._source as WatchDocument,
      claims: slots.map((i) => claims[i]).filter((c): c is ClaimDocument => c !== undefined),
    };
  });
}

/** Stores a new alert; false when the alert already exists (the same watch and article alerted before). */
export async function createAlert(client: Client, names: IndexNames, alert: AlertDocument): Promise<boolean> {
  try {
    // No refresh: alerts are read back by id (real time); lists may lag a second.
    await client.create({ index: names.alias('alerts'), id: alert.id, document: alert });
    return true;
  } catch (error) {
    if ((error as { meta?: { statusCode?: number } }).meta?.statusCode === 409) return false;
    throw error;
  }
}

export async function getAlert(client: Client, names: IndexNames, id: string): Promise<AlertDocument | null> {
  try {
    const r = await client.get<AlertDocument>({ index: names.alias('alerts'), id });
    return (r._source as AlertDocument) ?? null;
  } catch (error) {
    if ((error as { meta?: { statusCode?: number } }).meta?.statusCode === 404) return null;
    throw error;
  }
}

export async function updateAlert(
  client: Client,
  names: IndexNames,
  id: string,
  patch: Partial<AlertDocument>,
): Promise<void> {
  await client.update({ index: names.alias('alerts'), id, doc: patch, retry_on_conflict: 3 });
}

export async function listAlerts(
  client: Client,
  names: IndexNames,
  f: { status?: AlertStatus; watchId?: string; since?: string; kind?: 'alert' | 'digest'; size?: number },
): Promise<AlertDocument[]> {
  const filter: Record<string, unknown>[] = [];
  if (f.status) filter.push({ term: { status: f.status } });
  if (f.watchId) filter.push({ term: { watchId: f.watchId } });
  if (f.kind) filter.push({ term: { kind: f.kind } });
  if (f.since) filter.push({ range: { createdAt: { gte: f.since } } });
  const r = await client.search<AlertDocument>({
    index: names.alias('alerts'),
    size: f.size ?? 100,
    query: { bool: { filter } },
    sort: [{ createdAt: 'desc' }, { id: 'asc' }] as never,
  });
  return r.hits.hits.map((h) => h._source as AlertDocument);
}
