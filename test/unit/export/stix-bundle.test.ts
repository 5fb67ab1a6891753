import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CLAIMWIRE_IDENTITY,
  claimsToStixBundle,
  type StixBundle,
  type StixIdentity,
  type StixIntrusionSet,
  type StixLocation,
  type StixNote,
  type StixObject,
  type StixRelationship,
  stixBundleBuilder,
  toStixTimestamp,
  uuidV5,
  validateStixBundle,
} from '../../../src/export/index.ts';
import { defaultCatalog } from '../../../src/extract/catalog/index.ts';
import { APT10_CLAIMS, ARTICLE, CHINA, claimDoc, DENIED, HEDGED, JAPAN, PHARMA, STATISTIC } from './apt10-claims.ts';

const NOW = new Date('2024-06-01T12:00:00Z');
const catalog = defaultCatalog();
const bundle = claimsToStixBundle(APT10_CLAIMS, catalog, { now: NOW });

const byId = (b: StixBundle) => new Map(b.objects.map((o) => [o.id, o]));
const ofType = <T extends StixObject['type']>(b: StixBundle, type: T) =>
  b.objects.filter((o): o is Extract<StixObject, { type: T }> => o.type === type);
const forClaim = (b: StixBundle, claimId: string) => b.objects.find((o) => o.x_claimwire_claim_id === claimId);

describe('uuidV5', () => {
  it('matches the RFC 4122 name-based example and sets version 5', () => {
    // The DNS namespace example every UUID library checks.
    assert.equal(
      uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'),
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
    const u = uuidV5('actor/apt10');
    assert.match(u, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(uuidV5('actor/apt10'), u);
    assert.notEqual(uuidV5('actor/apt41'), u);
  });
});

describe('claimsToStixBundle', () => {
  it('builds a bundle that passes the STIX 2.1 validator', () => {
    assert.deepEqual(validateStixBundle(bundle), []);
    assert.equal(bundle.type, 'bundle');
    assert.match(bundle.id, /^bundle--[0-9a-f-]{36}$/);
    assert.deepEqual(validateStixBundle(claimsToStixBundle([], catalog, { now: NOW })), []);
  });

  it('gives the same ids on every export, and the same bundle for the same time', () => {
    const again = claimsToStixBundle(APT10_CLAIMS, catalog, { now: new Date('2025-01-01T00:00:00Z') });
    assert.deepEqual(
      again.objects.map((o) => o.id),
      bundle.objects.map((o) => o.id),
    );
    assert.deepEqual(claimsToStixBundle(APT10_CLAIMS, catalog, { now: NOW }), bundle);
    // A subset of the claims names the shared objects the same way.
    const subset = claimsToStixBundle([JAPAN], catalog, { now: NOW });
    const ids = new Set(bundle.objects.map((o) => o.id));
    for (const o of subset.objects) assert.ok(ids.has(o.id), `${o.type} ${o.id} differs in a subset export`);
  });

  it('M3: the streamed bundle, written in pieces from claims added page by page, is the same bundle', () => {
    const builder = stixBundleBuilder(catalog, { now: NOW });
    builder.add(APT10_CLAIMS.slice(0, 3));
    builder.add(APT10_CLAIMS.slice(3));
    const pieces = [...builder.json(2)];
    assert.ok(pieces.length > 3, 'several pieces');
    assert.deepEqual(JSON.parse(pieces.join('')), bundle);
  });

  it('leaves negated claims out', () => {
    assert.equal(forClaim(bundle, DENIED.id), undefined);
    assert.ok(!ofType(bundle, 'identity').some((i) => i.name === 'Government'));
  });

  it('cites the article and quotes the sentence on every relationship and note', () => {
    const cited = bundle.objects.filter((o) => o.type === 'relationship' || o.type === 'note');
    assert.equal(cited.length, APT10_CLAIMS.length - 1);
    for (const o of cited) {
      const claim = APT10_CLAIMS.find((c) => c.id === o.x_claimwire_claim_id);
      assert.ok(claim);
      const ref = o.external_references?.[0];
      assert.deepEqual(ref, { source_name: 'CyberScoop', url: ARTICLE.url, description: ARTICLE.title });
      if (o.type === 'relationship') assert.equal(o.description, claim.citation.quote);
      else assert.ok(o.content.includes(claim.citation.quote));
      assert.equal(o.created_by_ref, CLAIMWIRE_IDENTITY.id);
      assert.equal(o.created, '2020-11-17T00:00:00.000Z');
      assert.equal(o.modified, '2024-05-02T08:30:00.123Z');
    }
  });

  it('models targets, sponsorship and vendor credit', () => {
    const objects = byId(bundle);
    const [actor, ...others] = ofType(bundle, 'intrusion-set');
    assert.ok(actor && others.length === 0);
    assert.equal(actor.name, 'APT10');
    for (const alias of ['menuPass', 'Stone Panda', 'Cicada']) assert.ok(actor.aliases?.includes(alias));
    assert.ok(!actor.aliases?.includes('APT10'));
    assert.deepEqual(actor.external_references?.[0], {
      source_name: 'mitre-attack',
      external_id: 'G0045',
      url: 'https://attack.mitre.org/groups/G0045/',
    });

    const pharma = forClaim(bundle, PHARMA.id) as StixRelationship;
    assert.equal(pharma.relationship_type, 'targets');
    assert.equal(pharma.source_ref, actor.id);
    const sector = objects.get(pharma.target_ref) as StixIdentity;
    assert.deepEqual(
      [sector.name, sector.identity_class, sector.sectors],
      ['Pharmaceutical', 'class', ['pharmaceuticals']],
    );
    assert.deepEqual(pharma.external_references?.[1], {
      source_name: 'Symantec',
      description: 'Credited by the article as the source',
    });
    assert.equal(pharma.confidence, 85);
    assert.equal(pharma.labels, undefined);

    const japan = forClaim(bundle, JAPAN.id) as StixRelationship;
    assert.equal(japan.relationship_type, 'targets');
    assert.deepEqual(objects.get(japan.target_ref), {
      type: 'location',
      spec_version: '2.1',
      id: japan.target_ref,
      created: '2020-01-01T00:00:00.000Z',
      modified: '2024-06-01T12:00:00.000Z',
      created_by_ref: CLAIMWIRE_IDENTITY.id,
      name: 'Japan',
      country: 'JP',
    } satisfies StixLocation);

    const china = forClaim(bundle, CHINA.id) as StixRelationship;
    assert.equal(china.relationship_type, 'originates-from');
    assert.deepEqual(china.labels, ['state-sponsored']);
    assert.equal((objects.get(china.target_ref) as StixLocation).country, 'CN');

    const report = ofType(bundle, 'note').find((n) => n.x_claimwire_predicate === 'reported-by');
    assert.ok(report);
    const vendor = objects.get(report.object_refs[1] ?? '') as StixIdentity;
    assert.deepEqual([vendor.name, vendor.identity_class], ['Symantec', 'organization']);
    assert.equal(report.object_refs[0], actor.id);
  });

  it('turns active-since into first_seen and a statistic into a note', () => {
    const actor = ofType(bundle, 'intrusion-set')[0] as StixIntrusionSet;
    assert.equal(actor.first_seen, '2009-01-01T00:00:00.000Z');
    assert.ok(!('last_seen' in actor));
    const stat = forClaim(bundle, STATISTIC.id) as StixNote;
    assert.equal(stat.type, 'note');
    assert.equal(stat.abstract, "54% of APT10's activity");
    assert.ok(stat.content.startsWith("54% of APT10's activity"));
    assert.deepEqual(stat.object_refs, [actor.id]);
    // The earliest of several active-since claims wins.
    const earlier = claimDoc('c-since-2006', 'active-since', { value: '2006-05', quote: 'Active since May 2006.' });
    const two = claimsToStixBundle([...APT10_CLAIMS, earlier], catalog, { now: NOW });
    assert.equal(ofType(two, 'intrusion-set')[0]?.first_seen, '2006-05-01T00:00:00.000Z');
  });

  it('marks hedged claims with lower confidence and a label', () => {
    const hedged = forClaim(bundle, HEDGED.id) as StixRelationship;
    assert.equal(hedged.confidence, 50);
    assert.deepEqual(hedged.labels, ['hedged']);
    assert.equal(hedged.external_references?.length, 1);
  });

  it('includes every referenced object exactly once', () => {
    const ids = bundle.objects.map((o) => o.id);
    assert.equal(new Set(ids).size, ids.length);
    const objects = byId(bundle);
    for (const o of bundle.objects) {
      const refs = o.type === 'relationship' ? [o.source_ref, o.target_ref] : o.type === 'note' ? o.object_refs : [];
      for (const r of [...refs, o.created_by_ref ?? CLAIMWIRE_IDENTITY.id]) assert.ok(objects.has(r), `${r} missing`);
    }
    // Two claims on one sector share its identity.
    const twice = claimsToStixBundle([PHARMA, { ...PHARMA, id: 'c-pharma-2' }, PHARMA], catalog, { now: NOW });
    assert.equal(ofType(twice, 'identity').length, 2);
    assert.equal(ofType(twice, 'relationship').length, 2);
  });

  it('exports actors, sectors and places the catalog lacks', () => {
    const doc = claimDoc('c-new', 'targets-sector', {
      object: { kind: 'sector', id: 'media', name: 'Media' },
      quote: 'The new group, dubbed Foggy Moth, hit newspapers.',
    });
    doc.subject = { ...doc.subject, id: 'new:foggy moth', name: 'Foggy Moth', aliases: ['Foggy Moth'] };
    doc.article = { ...doc.article, publisher: null, title: null, published: null, url: 'https://www.example.org/ünï' };
    const b = claimsToStixBundle([doc], catalog, { now: NOW });
    assert.deepEqual(validateStixBundle(b), []);
    const actor = ofType(b, 'intrusion-set')[0];
    assert.deepEqual([actor?.name, actor?.aliases], ['Foggy Moth', undefined]);
    const sector = ofType(b, 'identity').find((i) => i.identity_class === 'class');
    assert.deepEqual([sector?.name, sector?.sectors], ['Media', undefined]);
    const rel = ofType(b, 'relationship')[0];
    assert.deepEqual(rel?.external_references?.[0], {
      source_name: 'example.org',
      url: 'https://www.example.org/%C3%BCn%C3%AF',
    });
    assert.equal(rel?.created, '2020-01-01T00:00:00.000Z');
  });

  it('reads ISO prefixes and timestamps as STIX timestamps', () => {
    assert.equal(toStixTimestamp('2009'), '2009-01-01T00:00:00.000Z');
    assert.equal(toStixTimestamp('2017-01'), '2017-01-01T00:00:00.000Z');
    assert.equal(toStixTimestamp('2020-11-17'), '2020-11-17T00:00:00.000Z');
    assert.equal(toStixTimestamp('2020-11-17T10:15:00+02:00'), '2020-11-17T08:15:00.000Z');
    assert.equal(toStixTimestamp('2021-02-30'), null);
    assert.equal(toStixTimestamp('someday'), null);
    assert.equal(toStixTimestamp(null), null);
  });
});
