/**
 * Index names, versioned templates and their creation. Documents live in `<prefix>-<kind>-v<N>` indices reached through
 * the alias `<prefix>-<kind>`; a mapping change bumps N, creates the new index from its template and moves the alias
 * (see docs/operations.md), so readers never see a half-migrated index.
 */
import type { Client } from '@elastic/elasticsearch';

export const INDEX_KINDS = ['articles', 'claims', 'content', 'watches', 'alerts'] as const;
export type IndexKind = (typeof INDEX_KINDS)[number];

/** Mapping version per kind: bump when a template changes incompatibly. */
const VERSIONS: Record<IndexKind, number> = { articles: 1, claims: 1, content: 1, watches: 1, alerts: 1 };

export interface IndexNames {
  prefix: string;
  /** The alias readers and writers use. */
  alias: (kind: IndexKind) => string;
  /** The concrete index behind the alias for the current mapping version. */
  concrete: (kind: IndexKind) => string;
}

export function indexNames(prefix: string): IndexNames {
  return {
    prefix,
    alias: (kind) => `${prefix}-${kind}`,
    concrete: (kind) => `${prefix}-${kind}-v${VERSIONS[kind]}`,
  };
}

/**
 * Lucene refuses a term over 32,766 bytes ("immense term") and with it the whole document, on every retry. Keyword
 * values longer than this many characters (4 bytes each at worst) are stored but not indexed, so a 32 KB URL or site
 * name from a hostile page cannot make an article unindexable.
 */
export const KEYWORD_IGNORE_ABOVE = 4096;
const keyword = { type: 'keyword', ignore_above: KEYWORD_IGNORE_ABOVE } as const;
const date = { type: 'date' } as const;
const text = { type: 'text', analyzer: 'english' } as const;
const nameField = {
  type: 'keyword',
  ignore_above: KEYWORD_IGNORE_ABOVE,
  fields: { text: { type: 'text' } },
} as const;

/** Which extractor version and catalog revision made an article's claims (re-extraction selects on them). */
const EXTRACTOR_STAMP = { properties: { version: keyword, catalog: keyword } } as const;

const SETTINGS = { number_of_shards: 1, number_of_replicas: 0, refresh_interval: '1s' };

const MAPPINGS: Record<IndexKind, Record<string, unknown>> = {
  articles: {
    dynamic: 'strict',
    properties: {
      id: keyword,
      url: keyword,
      normalizedUrl: keyword,
      canonicalUrl: keyword,
      canonicalTrusted: { type: 'boolean' },
      requestedUrl: keyword,
      sourceUrl: keyword,
      title: { type: 'text', fields: { raw: { type: 'keyword', ignore_above: 512 } } },
      publisher: nameField,
      authors: keyword,
      published: date,
      modified: date,
      language: keyword,
      text,
      contentHash: keyword,
      duplicateOf: keyword,
      actorIds: keyword,
      claimCount: { type: 'integer' },
      fetchedAt: date,
      parsedAt: date,
      ingestedAt: date,
      // Entity mentions with offsets, for highlighting an article's spans; stored, not searched.
      entities: { type: 'object', enabled: false },
      extractor: EXTRACTOR_STAMP,
      extractedUrl: keyword,
      reextractedAt: date,
    },
  },
  claims: {
    dynamic: 'strict',
    properties: {
      id: keyword,
      predicate: keyword,
      subject: {
        properties: {
          kind: keyword,
          id: keyword,
          name: nameField,
          aliases: nameField,
          /** nameKey() of every name of the actor: "APT 10", "apt-10" and "APT10" meet here. */
          aliasKeys: keyword,
          /** Where the article names the subject for the claim (the name the source used); shown, not searched. */
          mentions: { type: 'object', enabled: false },
        },
      },
      object: { properties: { kind: keyword, id: keyword, name: nameField } },
      value: { type: 'object', enabled: false },
      valueText: keyword,
      percent: { type: 'float' },
      negated: { type: 'boolean' },
      hedged: { type: 'boolean' },
      reportedBy: keyword,
      citation: { properties: { url: keyword, quote: text, start: { type: 'integer' }, end: { type: 'integer' } } },
      article: {
        properties: { id: keyword, url: keyword, title: { type: 'text' }, publisher: nameField, published: date },
      },
      ingestedAt: date,
      extractor: EXTRACTOR_STAMP,
      assertionKey: keyword,
      sourceKey: keyword,
      reportedAt: date,
    },
  },
  content: {
    dynamic: 'strict',
    properties: { articleId: keyword, url: keyword, firstSeenAt: date, published: date, canonicalUrl: keyword },
  },
  // Watches are percolator queries over claim documents, so the claim fields they test are mapped here too.
  watches: {
    dynamic: 'strict',
    properties: {
      id: keyword,
      name: nameField,
      actorId: keyword,
      predicates: keyword,
      sectors: keyword,
      countries: keyword,
      url: { type: 'keyword', index: false },
      secret: { type: 'keyword', index: false },
      format: keyword,
      createdAt: date,
      on: keyword,
      query: { type: 'percolator' },
      subject: { properties: { id: keyword } },
      predicate: keyword,
      object: { properties: { kind: keyword, id: keyword } },
      negated: { type: 'boolean' },
    },
  },
  alerts: {
    dynamic: 'strict',
    properties: {
      id: keyword,
      kind: keyword,
      watchId: keyword,
      actorId: keyword,
      articleId: keyword,
      status: keyword,
      attempts: { type: 'integer' },
      lastError: { type: 'text', index: false },
      createdAt: date,
      deliveredAt: date,
      ackedAt: date,
      payload: { type: 'object', enabled: false },
    },
  },
};

/** Puts the templates and creates any missing index and alias. Safe to call at every start. */
export async function ensureIndices(client: Client, names: IndexNames): Promise<void> {
  // One chain of requests per kind, the kinds side by side: each worker start waited for all of them in turn.
  await Promise.all(INDEX_KINDS.map((kind) => ensureIndex(client, names, kind)));
  await client.cluster.health({
    index: INDEX_KINDS.map((k) => names.concrete(k)),
    wait_for_status: 'yellow',
    timeout: '30s',
  });
}

/** The template, then the index and its alias (created, or its mapping brought up to date) of one kind. */
async function ensureIndex(client: Client, names: IndexNames, kind: (typeof INDEX_KINDS)[number]): Promise<void> {
  await client.indices.putIndexTemplate({
    name: `${names.alias(kind)}-template`,
    index_patterns: [`${names.alias(kind)}-v*`],
    version: VERSIONS[kind],
    template: { settings: SETTINGS, mappings: MAPPINGS[kind] },
  });
  const exists = await client.indices.existsAlias({ name: names.alias(kind) });
  if (exists) {
    // Additive changes (a new field, a new ignore_above) apply in place; an incompatible one needs a version bump.
    await client.indices.putMapping({ index: names.alias(kind), ...(MAPPINGS[kind] as object) });
    return;
  }
  try {
    await client.indices.create({
      index: names.concrete(kind),
      aliases: { [names.alias(kind)]: { is_write_index: true } },
    });
  } catch (error) {
    // Another process created it between our check and our create.
    if (!String((error as { message?: string }).message).includes('resource_already_exists_exception')) throw error;
  }
}

/** Deletes every index of this prefix (tests and `claimwire reset`). */
export async function deleteIndices(client: Client, names: IndexNames): Promise<void> {
  // Exact names only: a wildcard on the prefix would also reach "<prefix>-other-…" indices of another prefix.
  await client.indices.delete({
    index: INDEX_KINDS.map((k) => names.concrete(k)),
    ignore_unavailable: true,
    allow_no_indices: true,
  });
  for (const kind of INDEX_KINDS) {
    await client.indices.deleteIndexTemplate({ name: `${names.alias(kind)}-template` }, { ignore: [404] });
  }
}

/** Makes recent writes searchable now (tests, `--wait`). */
export async function refreshIndices(client: Client, names: IndexNames): Promise<void> {
  await client.indices.refresh({ index: INDEX_KINDS.map((k) => names.alias(k)) });
}
