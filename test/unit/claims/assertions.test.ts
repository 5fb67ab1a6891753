/**
 * Assertions from claims, without Elasticsearch: evidence grouped by article, sources counted by publisher, denials
 * kept apart, the confidence formula at the values docs/api.md gives, the per-group facet filters of the search, and
 * the STIX bundle (one relationship per assertion, a report per article, TLP).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertionDetail, confidenceOf, type EvidenceClaim } from '../../../src/claims/assertions.ts';
import { validateStixBundle } from '../../../src/export/index.ts';
import { assertionsToStixBundle } from '../../../src/export/stix-assertions.ts';
import { defaultCatalog } from '../../../src/extract/index.ts';
import {
  buildAlreadyReportedSearch,
  buildAssertionSearch,
  buildDisputedKeysSearch,
} from '../../../src/store/assertions-query.ts';
import { assertionKeyOf, sourceKeyOf } from '../../../src/store/documents.ts';

const claim = (
  n: number,
  o: { article: string; source: string; date: string; negated?: boolean; hedged?: boolean; vendors?: string[] },
): EvidenceClaim => ({
  id: `c${n}`,
  subject: { id: 'apt10', name: 'APT10' },
  predicate: 'targets-country',
  object: { kind: 'country', id: 'JP', name: 'Japan' },
  negated: o.negated ?? false,
  hedged: o.hedged ?? false,
  reportedBy: o.vendors ?? [],
  citation: { url: `https://${o.source}/${o.article}`, quote: `quote ${n}`, start: n * 10, end: n * 10 + 5 },
  article: { id: o.article, url: `https://${o.source}/${o.article}`, title: null, publisher: null, published: o.date },
  sourceKey: o.source,
  reportedAt: o.date,
});

describe('confidence from corroboration', () => {
  it('gives the values the API documents', () => {
    const c = (unhedgedSources: number, hedgedSources: number, vendors: number, disputes: number) =>
      confidenceOf({ unhedgedSources, hedgedSources, vendors, disputes });
    assert.equal(c(1, 0, 1, 0), 50);
    assert.equal(c(2, 0, 1, 0), 75);
    assert.equal(c(3, 0, 1, 0), 88);
    assert.equal(c(0, 1, 1, 0), 29);
    assert.equal(c(2, 0, 2, 1), 55);
    assert.equal(c(0, 0, 0, 2), 0);
  });
});

describe('assertionDetail', () => {
  const claims = [
    claim(1, { article: 'a', source: 'one.test', date: '2024-01-10', vendors: ['symantec'] }),
    claim(2, { article: 'a', source: 'one.test', date: '2024-01-10', vendors: ['symantec'] }),
    claim(3, { article: 'b', source: 'one.test', date: '2024-04-01', hedged: true }),
    claim(4, { article: 'c', source: 'two.test', date: '2024-03-05', hedged: true, vendors: ['mandiant'] }),
    claim(5, { article: 'd', source: 'three.test', date: '2024-05-01', negated: true, vendors: ['eset'] }),
  ];
  const d = assertionDetail('k', claims);

  it('groups the evidence by article, oldest first, and keeps the denial apart', () => {
    assert.ok(d);
    assert.deepEqual(
      d.evidence.map((e) => e.article.id),
      ['a', 'c', 'b'],
    );
    assert.deepEqual(
      d.evidence[0]?.quotes.map((q) => q.quote),
      ['quote 1', 'quote 2'],
    );
    assert.deepEqual(
      d.counterEvidence.map((e) => e.article.id),
      ['d'],
    );
    assert.equal(d.disputedBy, 1);
    assert.deepEqual(d.vendors, ['mandiant', 'symantec']);
  });

  it('counts publishers, not articles, and a source as hedged only when all it says is hedged', () => {
    assert.ok(d);
    assert.equal(d.articles, 3);
    assert.equal(d.sources, 2);
    assert.equal(d.hedgedArticles, 2);
    assert.equal(d.firstReported, '2024-01-10');
    assert.equal(d.lastReported, '2024-04-01');
    // one.test states it unhedged in article a; two.test only hedged: weight 1 + 0.5 + 0.5 (second vendor) = 2,
    // 1 - 0.5^2 = 0.75, one disputing source against two: x 2/3 = 50.
    assert.equal(d.confidence, 50);
  });

  it('is null without claims', () => {
    assert.equal(assertionDetail('k', []), null);
  });
});

describe('claim documents', () => {
  it('key an assertion by subject, predicate and object only, and make none for other predicates', () => {
    const base = { subject: { kind: 'actor' as const, id: 'apt10', name: 'APT10' } };
    const jp = assertionKeyOf({
      ...base,
      predicate: 'targets-country',
      object: { kind: 'country', id: 'JP', name: 'Japan' },
    });
    const again = assertionKeyOf({
      ...base,
      predicate: 'targets-country',
      object: { kind: 'country', id: 'JP', name: 'Nippon' },
    });
    assert.match(jp ?? '', /^[a-f0-9]{24}$/);
    assert.equal(jp, again);
    assert.notEqual(
      jp,
      assertionKeyOf({ ...base, predicate: 'sponsored-by', object: { kind: 'country', id: 'JP', name: 'Japan' } }),
    );
    assert.equal(
      assertionKeyOf({ ...base, predicate: 'reported-by', object: { kind: 'vendor', id: 'eset', name: 'ESET' } }),
      null,
    );
    assert.equal(assertionKeyOf({ ...base, predicate: 'statistic', object: null }), null);
  });

  it('count a site and its subdomains as one source', () => {
    assert.equal(sourceKeyOf({ url: 'https://www.example.co.uk/a', publisher: null }), 'example.co.uk');
    assert.equal(sourceKeyOf({ url: 'https://news.example.co.uk/b', publisher: 'X' }), 'example.co.uk');
    assert.equal(sourceKeyOf({ url: 'file:///tmp/a.html', publisher: 'Example News' }), 'publisher:examplenews');
  });

  it('count a syndicated copy naming the original as canonical as the original source', () => {
    const copy = { url: 'https://aggregator.test/wire/apt10', publisher: 'Aggregator' };
    assert.equal(sourceKeyOf(copy), 'aggregator.test');
    assert.equal(sourceKeyOf({ ...copy, canonicalUrl: 'https://www.news-one.test/2024/apt10' }), 'news-one.test');
    assert.equal(sourceKeyOf({ ...copy, canonicalUrl: null }), 'aggregator.test');
  });
});

describe('the assertions search', () => {
  it('counts each facet group with every filter but its own', () => {
    const body = buildAssertionSearch({
      predicates: ['targets-sector'],
      objects: ['JP'],
      vendors: ['eset'],
    }) as { aggs: Record<string, { filter: { bool: { filter: unknown[] } } }> };
    const filters = (name: string) => JSON.stringify(body.aggs[name]?.filter);
    assert.doesNotMatch(filters('facet_predicate'), /targets-sector/);
    assert.match(filters('facet_predicate'), /"JP"/);
    assert.match(filters('facet_predicate'), /"eset"/);
    assert.doesNotMatch(filters('facet_object'), /"JP"/);
    assert.match(filters('facet_object'), /targets-sector/);
    assert.doesNotMatch(filters('facet_vendor'), /"eset"/);
    assert.match(filters('matching'), /targets-sector.*"JP".*"eset"/);
  });

  it('finds the disputed keys without the facet groups, and then counts rows and facets among them only', () => {
    const filters = { predicates: ['targets-country'], vendors: ['eset'], from: '2020', disputed: true };
    const disputed = JSON.stringify(buildDisputedKeysSearch(filters));
    assert.match(disputed, /"gte":"2020-01-01".*"negated":true/);
    assert.doesNotMatch(disputed, /"predicate":\["targets-country"\]|eset/);
    const body = buildAssertionSearch({ ...filters, keys: ['k1', 'k2'] }) as { query: unknown };
    // In the query, not in one group's filter: every facet group and the total see only these assertions.
    assert.match(JSON.stringify(body.query), /"assertionKey":\["k1","k2"\]/);
  });

  it('asks for reports of an assertion ingested before the article only, never the article itself or a denial', () => {
    const body = JSON.stringify(buildAlreadyReportedSearch(['k1'], { id: 'a2', ingestedAt: '2024-01-02T00:00:00Z' }));
    assert.match(body, /"ingestedAt":\{"lt":"2024-01-02T00:00:00Z"\}/);
    assert.match(body, /"article.id":\{"lt":"a2"\}/);
    assert.match(body, /"must_not":\[\{"term":\{"article.id":"a2"\}\}\]/);
    assert.match(body, /"negated":false/);
  });
});

describe('STIX of assertions', () => {
  const claims = [
    claim(1, { article: 'a', source: 'one.test', date: '2024-01-10', vendors: ['symantec'] }),
    claim(4, { article: 'c', source: 'two.test', date: '2024-03-05', vendors: ['mandiant'] }),
    claim(5, { article: 'd', source: 'three.test', date: '2024-05-01', negated: true }),
  ];
  const detail = assertionDetail('0123456789abcdef01234567', claims);
  assert.ok(detail);
  const bundle = assertionsToStixBundle([detail], defaultCatalog(), {
    now: new Date('2024-06-01T00:00:00Z'),
    tlp: 'green',
  });

  it('is a valid bundle with one relationship citing every article, vendor and denial', () => {
    assert.deepEqual(validateStixBundle(bundle), []);
    const rels = bundle.objects.filter((o) => o.type === 'relationship');
    assert.equal(rels.length, 1);
    const rel = rels[0] as { external_references: { source_name: string; description?: string }[]; confidence: number };
    assert.equal(rel.external_references.length, 5);
    assert.ok(rel.external_references.some((r) => /^Denies or disputes it/.test(r.description ?? '')));
    assert.equal(rel.confidence, detail.confidence);
  });

  it('has one report per supporting article and marks every object TLP:GREEN', () => {
    const reports = bundle.objects.filter((o) => o.type === 'report');
    assert.equal(reports.length, 2);
    const green = 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da';
    for (const o of bundle.objects)
      if (o.type !== 'marking-definition')
        assert.deepEqual((o as { object_marking_refs?: string[] }).object_marking_refs, [green]);
  });

  it('is the same bundle when built twice', () => {
    const again = assertionsToStixBundle([detail], defaultCatalog(), {
      now: new Date('2024-06-01T00:00:00Z'),
      tlp: 'green',
    });
    assert.deepEqual(again, bundle);
  });
});
