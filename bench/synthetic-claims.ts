/** Claim documents the benchmarks load straight into Elasticsearch: one actor's claim, cited to a made-up article. */
import type { ActorRecord } from '../src/extract/catalog/types.ts';
import { nameKey } from '../src/extract/text/tokens.ts';
import { assertionKeyOf, type ClaimDocument } from '../src/store/documents.ts';

export function syntheticClaim(c: {
  id: string;
  articleId: string;
  actor: ActorRecord;
  predicate: ClaimDocument['predicate'];
  object: ClaimDocument['object'];
  quote: string;
  published: string;
  negated?: boolean;
  hedged?: boolean;
  reportedBy?: string[];
}): ClaimDocument {
  const aliases = [c.actor.name, ...c.actor.aliases.map((a) => a.name)];
  // Articles spread over 60 publishers, so assertions have several independent sources.
  const site = `site${Number.parseInt(c.articleId.replace(/\D/g, '') || '0', 10) % 60}.example`;
  const url = `https://news.${site}/${c.articleId}`;
  return {
    id: c.id,
    subject: {
      kind: 'actor',
      id: c.actor.id,
      name: c.actor.name,
      aliases,
      aliasKeys: [...new Set(aliases.map(nameKey))],
    },
    predicate: c.predicate,
    object: c.object,
    value: null,
    valueText: null,
    percent: null,
    negated: c.negated ?? false,
    hedged: c.hedged ?? false,
    reportedBy: c.reportedBy ?? [],
    citation: { url, quote: c.quote, start: 0, end: c.quote.length },
    article: { id: c.articleId, url, title: `Story ${c.articleId}`, publisher: 'Example News', published: c.published },
    ingestedAt: new Date().toISOString(),
    assertionKey: assertionKeyOf({
      subject: { kind: 'actor', id: c.actor.id, name: c.actor.name },
      predicate: c.predicate,
      object: c.object,
    }),
    sourceKey: site,
    reportedAt: c.published,
  } as ClaimDocument;
}
