/**
 * End to end against a real Elasticsearch: `servicesUp` (the embedded 7.10.2 node unless ELASTICSEARCH_URL is set),
 * `connectElasticsearch`, then template → index → bulk → refresh → search (match, terms aggregation,
 * search_as_you_type, percolator). Everything it creates carries a unique prefix and is deleted in `after`; a node this
 * test started is stopped again, one that was already running is left running.
 *
 *   node --import tsx --test test/integration/elasticsearch.test.ts
 */

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Client } from '@elastic/elasticsearch';
import { loadSettings } from '../../config/settings.ts';
import { servicesForSettings } from '../../src/services/from-settings.ts';
import { type ServicesUpResult, servicesDown } from '../../src/services/index.ts';
import { connectElasticsearch, type ElasticsearchServerInfo } from '../../src/store/client.ts';

const localDir = fileURLToPath(new URL('../../.local', import.meta.url));
const prefix = `cw-it-${randomUUID().slice(0, 8)}`;
const claimsIndex = `${prefix}-claims`;
const alertsIndex = `${prefix}-alerts`;
const templateName = `${prefix}-template`;

interface ClaimDoc {
  actor: string;
  title: string;
  body: string;
  published: string;
}

const docs: ClaimDoc[] = [
  {
    actor: 'APT28',
    title: 'Fancy Bear targets European ministries',
    body: 'APT28 used spearphishing and a new credential harvester against ministries.',
    published: '2024-03-01',
  },
  {
    actor: 'APT28',
    title: 'Fancy Bear router botnet disrupted',
    body: 'Law enforcement disrupted a botnet of compromised routers operated by APT28.',
    published: '2024-02-15',
  },
  {
    actor: 'Lazarus Group',
    title: 'Lazarus steals cryptocurrency from exchanges',
    body: 'Lazarus Group deployed ransomware and stole cryptocurrency from two exchanges.',
    published: '2024-01-20',
  },
  {
    actor: 'FIN7',
    title: 'FIN7 returns with ransomware affiliates',
    body: 'FIN7 operators were observed working as ransomware affiliates.',
    published: '2023-12-05',
  },
];

describe('elasticsearch (integration)', { timeout: 20 * 60_000 }, () => {
  let services: ServicesUpResult;
  let client: Client;
  let server: ElasticsearchServerInfo;
  let hasPercolator = false;

  before(
    async () => {
      const started = Date.now();
      // The URL to connect to comes from servicesForSettings: servicesUp redacts credentials in what it returns.
      const found = await servicesForSettings(loadSettings(), (line) => process.stderr.write(`# ${line}\n`));
      services = found.up;
      process.stderr.write(
        `# servicesUp: ${services.elasticsearch.distribution} ${services.elasticsearch.version} at ${services.elasticsearch.url} (${services.elasticsearch.started ? 'started' : 'reused'}) in ${Date.now() - started} ms\n`,
      );
      ({ client, server } = await connectElasticsearch({ url: found.elasticsearchUrl, requestTimeoutMs: 30_000 }));
      const nodes = await client.nodes.info({ metric: 'plugins' });
      const components = Object.values(nodes.nodes).flatMap((node) => [
        ...(node.modules ?? []).map((module) => `${module.name} ${module.classname}`),
        ...(node.plugins ?? []).map((plugin) => `${plugin.name} ${plugin.classname}`),
      ]);
      hasPercolator = components.some((component) => /percolator/i.test(component));
    },
    { timeout: 20 * 60_000 },
  );

  after(async () => {
    if (client) {
      await client.indices.delete({ index: `${prefix}-*`, ignore_unavailable: true, allow_no_indices: true });
      await client.indices.deleteIndexTemplate({ name: templateName }).catch(() => undefined);
      const left = await client.cat.indices({ index: `${prefix}-*`, format: 'json' });
      assert.deepEqual(left, [], 'the test indices are gone');
      await client.close();
    }
    if (services?.elasticsearch.started) await servicesDown({ localDir, stopRedis: false });
  });

  test('detects the server version before creating the client', () => {
    assert.equal(server.version, services.elasticsearch.version);
    assert.ok(server.major >= 7);
    if (server.distribution === 'elasticsearch' && server.major === 7) assert.equal(server.wire, 'plain-json');
  });

  test('index template + index + bulk + refresh', async () => {
    await client.indices.putIndexTemplate({
      name: templateName,
      index_patterns: [`${prefix}-claims*`],
      template: {
        settings: { number_of_shards: 1, number_of_replicas: 0 },
        mappings: {
          dynamic: 'strict',
          properties: {
            actor: { type: 'keyword' },
            title: { type: 'text', fields: { suggest: { type: 'search_as_you_type' } } },
            body: { type: 'text' },
            published: { type: 'date' },
          },
        },
      },
    });
    await client.indices.create({ index: claimsIndex });
    const mapping = await client.indices.getMapping({ index: claimsIndex });
    assert.equal(mapping[claimsIndex]?.mappings.properties?.actor?.type, 'keyword', 'the template applied');

    const result = await client.helpers.bulk<ClaimDoc>({
      datasource: docs,
      onDocument: () => ({ index: { _index: claimsIndex } }),
      flushBytes: 1_000_000,
      concurrency: 1,
      retries: 1,
      onDrop: (dropped) => assert.fail(`bulk dropped a document: ${JSON.stringify(dropped.error)}`),
    });
    assert.equal(result.successful, docs.length);
    assert.equal(result.failed, 0);
    await client.indices.refresh({ index: claimsIndex });
    const count = await client.count({ index: claimsIndex });
    assert.equal(count.count, docs.length);
  });

  test('match query + terms aggregation', async () => {
    const response = await client.search<ClaimDoc>({
      index: claimsIndex,
      query: { match: { body: 'ransomware' } },
      aggs: { actors: { terms: { field: 'actor', size: 10 } } },
      track_total_hits: true,
      sort: [{ published: 'desc' }],
    });
    const total = typeof response.hits.total === 'number' ? response.hits.total : response.hits.total?.value;
    assert.equal(total, 2);
    assert.deepEqual(
      response.hits.hits.map((hit) => hit._source?.actor),
      ['Lazarus Group', 'FIN7'],
    );
    const aggregation = response.aggregations?.actors;
    assert.ok(aggregation && 'buckets' in aggregation && Array.isArray(aggregation.buckets));
    const buckets = (aggregation.buckets as Array<{ key: string; doc_count: number }>).map((bucket) => [
      bucket.key,
      bucket.doc_count,
    ]);
    assert.deepEqual(buckets, [
      ['FIN7', 1],
      ['Lazarus Group', 1],
    ]);

    const all = await client.search({
      index: claimsIndex,
      size: 0,
      aggs: { actors: { terms: { field: 'actor' } } },
    });
    const allBuckets = all.aggregations?.actors;
    assert.ok(allBuckets && 'buckets' in allBuckets && Array.isArray(allBuckets.buckets));
    assert.deepEqual(allBuckets.buckets[0], { key: 'APT28', doc_count: 2 });
  });

  test('search_as_you_type prefix search', async () => {
    const response = await client.search<ClaimDoc>({
      index: claimsIndex,
      query: {
        multi_match: {
          query: 'fancy bear rou',
          type: 'bool_prefix',
          fields: ['title.suggest', 'title.suggest._2gram', 'title.suggest._3gram'],
        },
      },
    });
    assert.equal(response.hits.hits[0]?._source?.title, 'Fancy Bear router botnet disrupted');
  });

  test('search_after paging with a tiebreaker sort', async () => {
    const seen: string[] = [];
    let searchAfter: Array<string | number> | undefined;
    for (let page = 0; page < 10; page += 1) {
      const response = await client.search<ClaimDoc>({
        index: claimsIndex,
        size: 3,
        sort: [{ published: 'asc' }, { actor: 'asc' }],
        ...(searchAfter ? { search_after: searchAfter } : {}),
      });
      const hits = response.hits.hits;
      if (hits.length === 0) break;
      seen.push(...hits.map((hit) => hit._source?.published ?? ''));
      searchAfter = hits.at(-1)?.sort as Array<string | number> | undefined;
    }
    assert.deepEqual(seen, docs.map((doc) => doc.published).sort());
  });

  test('percolator query (alerting)', async (t) => {
    if (!hasPercolator) {
      t.skip('the server has no percolator module');
      return;
    }
    await client.indices.create({
      index: alertsIndex,
      settings: { number_of_shards: 1, number_of_replicas: 0 },
      mappings: {
        properties: {
          query: { type: 'percolator' },
          name: { type: 'keyword' },
          actor: { type: 'keyword' },
          body: { type: 'text' },
        },
      },
    });
    await client.index({
      index: alertsIndex,
      id: 'apt28-any',
      document: { name: 'any APT28 claim', query: { term: { actor: 'APT28' } } },
    });
    await client.index({
      index: alertsIndex,
      id: 'ransomware',
      document: { name: 'ransomware mentions', query: { match: { body: 'ransomware' } } },
    });
    await client.indices.refresh({ index: alertsIndex });
    const response = await client.search<{ name: string }>({
      index: alertsIndex,
      query: {
        percolate: {
          field: 'query',
          document: { actor: 'APT28', body: 'APT28 affiliates deployed ransomware' },
        },
      },
    });
    assert.deepEqual(response.hits.hits.map((hit) => hit._id).sort(), ['apt28-any', 'ransomware']);
    const none = await client.search({
      index: alertsIndex,
      query: { percolate: { field: 'query', document: { actor: 'FIN7', body: 'phishing' } } },
    });
    assert.equal(none.hits.hits.length, 0);
  });
});
