/** Reading claims back: by resolved entity, newest reporting first. */
import type { Client } from '@elastic/elasticsearch';
import type { ResolvedEntity } from '../extract/catalog/resolve.ts';
import type { ClaimDocument } from './documents.ts';
import type { IndexNames } from './indices.ts';

export interface ClaimQuery {
  entity: ResolvedEntity | { kind: 'name'; key: string };
  includeNegated?: boolean;
  size?: number;
}

export interface ClaimPage {
  total: number;
  claims: ClaimDocument[];
}

export function entityFilter(entity: ClaimQuery['entity']): Record<string, unknown> {
  switch (entity.kind) {
    case 'actor':
      return { term: { 'subject.id': entity.id } };
    case 'name':
      return { term: { 'subject.aliasKeys': entity.key } };
    default:
      return { bool: { filter: [{ term: { 'object.kind': entity.kind } }, { term: { 'object.id': entity.id } }] } };
  }
}

export async function searchClaims(client: Client, names: IndexNames, q: ClaimQuery): Promise<ClaimPage> {
  const filter: Record<string, unknown>[] = [entityFilter(q.entity)];
  if (!q.includeNegated) filter.push({ term: { negated: false } });
  const r = await client.search<ClaimDocument>({
    index: names.alias('claims'),
    size: q.size ?? 20,
    track_total_hits: true,
    query: { bool: { filter } },
    sort: [{ 'article.published': { order: 'desc', missing: '_last' } }, { ingestedAt: 'desc' }, { id: 'asc' }],
  });
  const total = typeof r.hits.total === 'number' ? r.hits.total : (r.hits.total?.value ?? 0);
  return { total, claims: r.hits.hits.map((h) => h._source as ClaimDocument) };
}
