import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { claimsToStixBundle, parseStixTimestamp, validateStixBundle } from '../../../src/export/index.ts';
import { defaultCatalog } from '../../../src/extract/catalog/index.ts';
import { APT10_CLAIMS } from './apt10-claims.ts';

type Json = Record<string, unknown>;

const valid = claimsToStixBundle(APT10_CLAIMS, defaultCatalog(), { now: new Date('2024-06-01T12:00:00Z') });

/** A copy of the valid bundle with one object changed; returns the validator's problems. */
function broken(type: string, change: (o: Json) => void, pick = 0): string[] {
  const copy = structuredClone(valid) as unknown as { objects: Json[] };
  const target = copy.objects.filter((o) => o.type === type)[pick];
  assert.ok(target, `no ${type} #${pick} in the fixture bundle`);
  change(target);
  return validateStixBundle(copy);
}

const expectProblem = (problems: string[], pattern: RegExp) =>
  assert.ok(
    problems.some((p) => pattern.test(p)),
    `expected a problem matching ${pattern}, got ${JSON.stringify(problems)}`,
  );

describe('validateStixBundle', () => {
  it('accepts the export', () => {
    assert.deepEqual(validateStixBundle(valid), []);
  });

  it('catches bad ids', () => {
    expectProblem(
      broken('relationship', (o) => {
        o.id = 'relationship--not-a-uuid';
      }),
      /"id" "relationship--not-a-uuid" is not "relationship--<RFC 4122 UUID>"/,
    );
    expectProblem(
      broken('intrusion-set', (o) => {
        o.id = String(o.id).replace('intrusion-set', 'threat-actor');
      }),
      /is not "intrusion-set--<RFC 4122 UUID>"/,
    );
    // Version nibble 0 and a wrong variant are not RFC 4122.
    expectProblem(
      broken('note', (o) => {
        o.id = 'note--00000000-0000-0000-0000-000000000000';
      }),
      /not "note--<RFC 4122 UUID>"/,
    );
    expectProblem(validateStixBundle({ ...valid, id: 'bundle--1234' }), /^bundle: "id"/);
  });

  it('catches dangling and ill-typed references', () => {
    expectProblem(
      broken('relationship', (o) => {
        o.target_ref = 'location--0c3bd3c2-8b8f-4a5d-9d47-0a2a7c1f5e11';
      }),
      /"target_ref" refers to location--0c3bd3c2-8b8f-4a5d-9d47-0a2a7c1f5e11, which is not in the bundle/,
    );
    expectProblem(
      broken('note', (o) => {
        o.object_refs = ['intrusion-set--0c3bd3c2-8b8f-4a5d-9d47-0a2a7c1f5e11'];
      }),
      /"object_refs\[0\]" refers to .* which is not in the bundle/,
    );
    // intrusion-set attributed-to location is not in the spec's table (only threat-actor is).
    expectProblem(
      broken('relationship', (o) => {
        o.relationship_type = 'attributed-to';
      }),
      /intrusion-set "attributed-to" must point to threat-actor, not identity/,
    );
    const rels = (valid.objects.filter((o) => o.type === 'relationship') as unknown as Json[]).map((r) => r.id);
    expectProblem(
      broken('relationship', (o) => {
        o.target_ref = rels[1];
      }),
      /"target_ref" cannot point to a relationship/,
    );
    expectProblem(
      broken('note', (o) => {
        o.created_by_ref = Array.isArray(o.object_refs) ? o.object_refs[0] : undefined;
      }),
      /"created_by_ref" must be an identity/,
    );
  });

  it('catches missing required properties', () => {
    expectProblem(
      broken('intrusion-set', (o) => {
        delete o.name;
      }),
      /missing required property "name"/,
    );
    expectProblem(
      broken('identity', (o) => {
        delete o.identity_class;
      }),
      /missing required property "identity_class"/,
    );
    expectProblem(
      broken('relationship', (o) => {
        delete o.source_ref;
      }),
      /missing required property "source_ref"/,
    );
    expectProblem(
      broken('note', (o) => {
        delete o.content;
      }),
      /missing required property "content"/,
    );
    expectProblem(
      broken('location', (o) => {
        delete o.country;
      }),
      /a location needs "region", "country", or "latitude" and "longitude"/,
    );
    expectProblem(
      broken('relationship', (o) => {
        delete o.spec_version;
      }),
      /"spec_version" must be "2.1"/,
    );
    expectProblem(
      broken('relationship', (o) => {
        o.external_references = [{ url: 'https://example.org/' }];
      }),
      /external_references\[0\]: missing required "source_name"/,
    );
  });

  it('catches bad timestamps', () => {
    expectProblem(
      broken('relationship', (o) => {
        o.created = '2020-02-30T00:00:00.000Z';
      }),
      /"created" is not an RFC 3339 UTC timestamp/,
    );
    expectProblem(
      broken('note', (o) => {
        o.modified = '2024-05-02 08:30:00';
      }),
      /"modified" is not an RFC 3339 UTC timestamp/,
    );
    expectProblem(
      broken('location', (o) => {
        o.modified = '2024-06-01T12:00:00Z';
      }),
      /"modified" must be precise to the millisecond/,
    );
    expectProblem(
      broken('intrusion-set', (o) => {
        o.modified = '2019-01-01T00:00:00.000Z';
      }),
      /"modified" is earlier than "created"/,
    );
    assert.equal(parseStixTimestamp('2016-12-31T23:59:60.000Z') !== null, true);
    assert.equal(parseStixTimestamp('2020-11-17T00:00:00.000+01:00'), null);
  });

  it('catches values outside the vocabularies and malformed properties', () => {
    expectProblem(
      broken(
        'identity',
        (o) => {
          o.sectors = ['pharmaceutical'];
        },
        1,
      ),
      /sector "pharmaceutical" is not in industry-sector-ov/,
    );
    expectProblem(
      broken('identity', (o) => {
        o.identity_class = 'company';
      }),
      /"identity_class" "company" is not in identity-class-ov/,
    );
    expectProblem(
      broken('relationship', (o) => {
        o.confidence = 120;
      }),
      /"confidence" must be an integer from 0 to 100/,
    );
    expectProblem(
      broken('location', (o) => {
        o.country = 'Japan';
      }),
      /not an ISO 3166-1 alpha-2 code/,
    );
    expectProblem(
      broken('note', (o) => {
        o['x-Claimwire'] = 1;
      }),
      /property name "x-Claimwire"/,
    );
  });

  it('catches broken envelopes and duplicated objects', () => {
    assert.deepEqual(validateStixBundle(null), ['bundle: is not a JSON object']);
    expectProblem(
      validateStixBundle({ type: 'bundle', id: valid.id, objects: [] }),
      /"objects" must be a non-empty list/,
    );
    expectProblem(validateStixBundle({ ...valid, type: 'report' }), /"type" must be "bundle"/);
    expectProblem(validateStixBundle({ ...valid, spec_version: '2.1' }), /has no "spec_version"/);
    const first = valid.objects[1];
    expectProblem(
      validateStixBundle({ ...valid, objects: [...valid.objects, first] }),
      /the same object \(id and modified\) appears twice/,
    );
    expectProblem(
      validateStixBundle({ ...valid, objects: [...valid.objects, 'x'] }),
      /objects\[\d+\]: is not a JSON object/,
    );
  });
});
