/**
 * An offline checker of the STIX 2.1 rules a bundle must keep to import cleanly (OpenCTI, MISP): ids, versions,
 * timestamps, required properties, vocabularies, references. It needs neither network nor the OASIS JSON schemas,
 * so tests and the API can run it on every export; `bench/stix-check.ts` cross-checks it against the official schemas.
 *
 * Where the spec only says SHOULD, this profile is stricter on purpose, because importers depend on it: an identity
 * must say its `identity_class` (OpenCTI picks Sector / Organization / System from it), every `*_ref` must resolve
 * inside the bundle, and relationship types must come from the spec's tables.
 */
import {
  IDENTITY_CLASS_OV,
  INDUSTRY_SECTOR_OV,
  REGION_OV,
  relationshipProblem,
  SDO_TYPES,
  SMO_TYPES,
  SRO_TYPES,
} from './stix-vocab.ts';

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}';
const IDENTIFIER = new RegExp(`^([a-z][a-z0-9-]*[a-z0-9])--(${UUID})$`);
const TYPE_NAME = /^[a-z][a-z0-9-]{1,248}[a-z0-9]$/;
const PROPERTY_NAME = /^[a-z0-9_]{3,250}$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?Z$/;
const NOT_RELATABLE = new Set(['relationship', 'sighting', 'bundle', 'marking-definition', 'language-content']);

/** §10.2 attack-motivation-ov and §10.3 attack-resource-level-ov, for intrusion sets that carry them. */
const ATTACK_MOTIVATION_OV = new Set([
  'accidental',
  'coercion',
  'dominance',
  'ideology',
  'notoriety',
  'organizational-gain',
  'personal-gain',
  'personal-satisfaction',
  'revenge',
  'unpredictable',
]);
const ATTACK_RESOURCE_LEVEL_OV = new Set(['individual', 'club', 'contest', 'team', 'organization', 'government']);

/** Required properties (besides the common ones) of the STIX 2.1 types this checker does not model in detail. */
const REQUIRED: Readonly<Record<string, readonly string[]>> = {
  'attack-pattern': ['name'],
  campaign: ['name'],
  'course-of-action': ['name'],
  grouping: ['context', 'object_refs'],
  indicator: ['pattern', 'pattern_type', 'valid_from'],
  infrastructure: ['name'],
  malware: ['is_family'],
  'malware-analysis': ['product'],
  'observed-data': ['first_observed', 'last_observed', 'number_observed'],
  opinion: ['opinion', 'object_refs'],
  report: ['name', 'published', 'object_refs'],
  'threat-actor': ['name'],
  tool: ['name'],
  vulnerability: ['name'],
  sighting: ['sighting_of_ref'],
};

type Json = Record<string, unknown>;

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** Milliseconds since the epoch of a valid STIX timestamp (RFC 3339, UTC `Z`), else null. */
export function parseStixTimestamp(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = TIMESTAMP.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return null; // 2021-02-30
  const fraction = m[7] ? Number(`0${m[7]}`) : 0;
  return Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59)) + fraction * 1000;
}

class Checker {
  readonly problems: string[] = [];
  readonly types = new Map<string, string>();

  report(where: string, message: string): void {
    this.problems.push(`${where}: ${message}`);
  }

  timestamp(where: string, obj: Json, key: string, opts: { required?: boolean; millis?: boolean } = {}): number | null {
    const value = obj[key];
    if (value === undefined) {
      if (opts.required) this.report(where, `missing required property "${key}"`);
      return null;
    }
    const ms = parseStixTimestamp(value);
    if (ms === null) {
      this.report(where, `"${key}" is not an RFC 3339 UTC timestamp: ${JSON.stringify(value)}`);
      return null;
    }
    if (opts.millis && !/\.\d{3,}Z$/.test(value as string)) {
      this.report(where, `"${key}" must be precise to the millisecond (e.g. 2020-11-17T00:00:00.000Z)`);
    }
    return ms;
  }

  /** A `*_ref` value: a well-formed identifier, of an allowed type, present in the bundle. */
  ref(where: string, key: string, value: unknown, allowed?: (type: string) => string | null): string | null {
    const m = typeof value === 'string' ? IDENTIFIER.exec(value) : null;
    if (!m) {
      this.report(where, `"${key}" is not a STIX identifier: ${JSON.stringify(value)}`);
      return null;
    }
    const type = m[1] as string;
    const problem = allowed?.(type);
    if (problem) this.report(where, `"${key}" ${problem}`);
    if (!this.types.has(value as string)) this.report(where, `"${key}" refers to ${value}, which is not in the bundle`);
    return type;
  }

  stringList(where: string, obj: Json, key: string, required = false): string[] | null {
    const value = obj[key];
    if (value === undefined) {
      if (required) this.report(where, `missing required property "${key}"`);
      return null;
    }
    if (!Array.isArray(value) || value.length === 0 || !value.every(isNonEmptyString)) {
      this.report(where, `"${key}" must be a non-empty list of non-empty strings`);
      return null;
    }
    return value;
  }

  requiredString(where: string, obj: Json, key: string): string | null {
    const value = obj[key];
    if (value === undefined) {
      this.report(where, `missing required property "${key}"`);
      return null;
    }
    if (!isNonEmptyString(value)) {
      this.report(where, `"${key}" must be a non-empty string`);
      return null;
    }
    return value;
  }

  externalReferences(where: string, obj: Json): void {
    const refs = obj.external_references;
    if (refs === undefined) return;
    if (!Array.isArray(refs) || refs.length === 0) {
      this.report(where, '"external_references" must be a non-empty list');
      return;
    }
    refs.forEach((ref, i) => {
      const at = `${where} external_references[${i}]`;
      if (!isRecord(ref)) {
        this.report(at, 'must be an object');
        return;
      }
      if (!isNonEmptyString(ref.source_name)) this.report(at, 'missing required "source_name"');
      if (ref.url === undefined && ref.description === undefined && ref.external_id === undefined) {
        this.report(at, 'needs at least one of "description", "url", "external_id"');
      }
      if (ref.url !== undefined && !URL.canParse(String(ref.url))) {
        this.report(at, `"url" is not an absolute URL: ${JSON.stringify(ref.url)}`);
      }
      if (ref.source_name === 'cve' && !/^CVE-\d{4}-(0\d{3}|[1-9]\d{3,})$/.test(String(ref.external_id))) {
        this.report(at, 'a "cve" reference needs an external_id like CVE-2021-44228');
      }
      if (ref.source_name === 'capec' && !/^CAPEC-\d+$/.test(String(ref.external_id))) {
        this.report(at, 'a "capec" reference needs an external_id like CAPEC-163');
      }
    });
  }

  common(where: string, obj: Json, type: string): void {
    const versioned = SDO_TYPES.has(type) || SRO_TYPES.has(type) || SMO_TYPES.has(type);
    if (versioned && obj.spec_version !== '2.1') {
      this.report(where, `"spec_version" must be "2.1", not ${JSON.stringify(obj.spec_version)}`);
    }
    for (const key of Object.keys(obj)) {
      if (key !== 'id' && !PROPERTY_NAME.test(key)) {
        this.report(where, `property name "${key}" must be 3–250 characters of a–z, 0–9 and _`);
      }
    }
    if (SDO_TYPES.has(type) || SRO_TYPES.has(type)) {
      const created = this.timestamp(where, obj, 'created', { required: true, millis: true });
      const modified = this.timestamp(where, obj, 'modified', { required: true, millis: true });
      if (created !== null && modified !== null && modified < created) {
        this.report(where, '"modified" is earlier than "created"');
      }
    }
    if (obj.created_by_ref !== undefined) {
      this.ref(where, 'created_by_ref', obj.created_by_ref, (t) => (t === 'identity' ? null : 'must be an identity'));
    }
    if (obj.confidence !== undefined) {
      const c = obj.confidence;
      if (typeof c !== 'number' || !Number.isInteger(c) || c < 0 || c > 100) {
        this.report(where, '"confidence" must be an integer from 0 to 100');
      }
    }
    this.stringList(where, obj, 'labels');
    this.externalReferences(where, obj);
    if (obj.object_marking_refs !== undefined) {
      const refs = obj.object_marking_refs;
      if (!Array.isArray(refs) || refs.length === 0)
        this.report(where, '"object_marking_refs" must be a non-empty list');
      else
        for (const r of refs) {
          if (typeof r !== 'string' || !r.startsWith('marking-definition--') || !IDENTIFIER.test(r)) {
            this.report(where, `"object_marking_refs" holds ${JSON.stringify(r)}, not a marking-definition id`);
          }
        }
    }
  }

  intrusionSet(where: string, obj: Json): void {
    this.requiredString(where, obj, 'name');
    this.stringList(where, obj, 'aliases');
    this.stringList(where, obj, 'goals');
    const first = this.timestamp(where, obj, 'first_seen');
    const last = this.timestamp(where, obj, 'last_seen');
    if (first !== null && last !== null && last < first) this.report(where, '"last_seen" is earlier than "first_seen"');
    if (obj.resource_level !== undefined && !ATTACK_RESOURCE_LEVEL_OV.has(String(obj.resource_level))) {
      this.report(where, `"resource_level" ${JSON.stringify(obj.resource_level)} is not in attack-resource-level-ov`);
    }
    for (const m of [
      obj.primary_motivation,
      ...(Array.isArray(obj.secondary_motivations) ? obj.secondary_motivations : []),
    ]) {
      if (m !== undefined && !ATTACK_MOTIVATION_OV.has(String(m))) {
        this.report(where, `motivation ${JSON.stringify(m)} is not in attack-motivation-ov`);
      }
    }
  }

  identity(where: string, obj: Json): void {
    this.requiredString(where, obj, 'name');
    const cls = this.requiredString(where, obj, 'identity_class');
    if (cls !== null && !IDENTITY_CLASS_OV.has(cls)) {
      this.report(where, `"identity_class" ${JSON.stringify(cls)} is not in identity-class-ov`);
    }
    for (const s of this.stringList(where, obj, 'sectors') ?? []) {
      if (!INDUSTRY_SECTOR_OV.has(s)) this.report(where, `sector ${JSON.stringify(s)} is not in industry-sector-ov`);
    }
  }

  location(where: string, obj: Json): void {
    const hasLat = obj.latitude !== undefined;
    const hasLong = obj.longitude !== undefined;
    if (obj.region === undefined && obj.country === undefined && !(hasLat && hasLong)) {
      this.report(where, 'a location needs "region", "country", or "latitude" and "longitude"');
    }
    if (hasLat !== hasLong) this.report(where, '"latitude" and "longitude" go together');
    if (hasLat && (typeof obj.latitude !== 'number' || Math.abs(obj.latitude) > 90)) {
      this.report(where, '"latitude" must be a number from -90 to 90');
    }
    if (hasLong && (typeof obj.longitude !== 'number' || Math.abs(obj.longitude) > 180)) {
      this.report(where, '"longitude" must be a number from -180 to 180');
    }
    if (obj.precision !== undefined && !(hasLat && hasLong)) {
      this.report(where, '"precision" needs "latitude" and "longitude"');
    }
    if (obj.region !== undefined && !REGION_OV.has(String(obj.region))) {
      this.report(where, `"region" ${JSON.stringify(obj.region)} is not in region-ov`);
    }
    if (obj.country !== undefined && !/^[A-Z]{2}$/.test(String(obj.country))) {
      this.report(where, `"country" ${JSON.stringify(obj.country)} is not an ISO 3166-1 alpha-2 code`);
    }
  }

  relationship(where: string, obj: Json): void {
    const relType = this.requiredString(where, obj, 'relationship_type');
    if (relType !== null && !/^[a-z0-9-]+$/.test(relType)) {
      this.report(where, `"relationship_type" ${JSON.stringify(relType)} must be lower-case words joined by hyphens`);
    }
    const relatable = (t: string) => (NOT_RELATABLE.has(t) ? `cannot point to a ${t}` : null);
    let source: string | null = null;
    let target: string | null = null;
    if (obj.source_ref === undefined) this.report(where, 'missing required property "source_ref"');
    else source = this.ref(where, 'source_ref', obj.source_ref, relatable);
    if (obj.target_ref === undefined) this.report(where, 'missing required property "target_ref"');
    else target = this.ref(where, 'target_ref', obj.target_ref, relatable);
    if (relType && source && target) {
      const problem = relationshipProblem(relType, source, target);
      if (problem) this.report(where, problem);
    }
    const start = this.timestamp(where, obj, 'start_time');
    const stop = this.timestamp(where, obj, 'stop_time');
    if (start !== null && stop !== null && stop <= start)
      this.report(where, '"stop_time" must be later than "start_time"');
  }

  note(where: string, obj: Json): void {
    this.requiredString(where, obj, 'content');
    this.stringList(where, obj, 'authors');
    const refs = obj.object_refs;
    if (refs === undefined) this.report(where, 'missing required property "object_refs"');
    else if (!Array.isArray(refs) || refs.length === 0) this.report(where, '"object_refs" must be a non-empty list');
    else
      refs.forEach((r, i) => {
        this.ref(where, `object_refs[${i}]`, r);
      });
  }

  object(where: string, obj: unknown): void {
    if (!isRecord(obj)) {
      this.report(where, 'is not a JSON object');
      return;
    }
    const type = obj.type;
    if (typeof type !== 'string' || !TYPE_NAME.test(type) || type.includes('--')) {
      this.report(where, `"type" ${JSON.stringify(type)} is not a STIX type name`);
      return;
    }
    const m = typeof obj.id === 'string' ? IDENTIFIER.exec(obj.id) : null;
    if (!m || m[1] !== type) this.report(where, `"id" ${JSON.stringify(obj.id)} is not "${type}--<RFC 4122 UUID>"`);
    this.common(where, obj, type);
    switch (type) {
      case 'intrusion-set':
        this.intrusionSet(where, obj);
        break;
      case 'identity':
        this.identity(where, obj);
        break;
      case 'location':
        this.location(where, obj);
        break;
      case 'relationship':
        this.relationship(where, obj);
        break;
      case 'note':
        this.note(where, obj);
        break;
      default:
        for (const key of REQUIRED[type] ?? []) {
          if (obj[key] === undefined) this.report(where, `missing required property "${key}"`);
        }
    }
  }
}

/**
 * The ways `bundle` breaks the STIX 2.1 rules, one readable line each (`objects[3] relationship--…: …`); empty when it
 * is valid. Checks the bundle envelope; every object's type, id, `spec_version`, `created`/`modified`; the required
 * properties and vocabularies of intrusion-set, identity, location, relationship and note (required properties of
 * the other SDOs); external references; and that every reference resolves inside the bundle to an allowed type.
 */
export function validateStixBundle(bundle: unknown): string[] {
  const checker = new Checker();
  if (!isRecord(bundle)) return ['bundle: is not a JSON object'];
  if (bundle.type !== 'bundle') checker.report('bundle', `"type" must be "bundle", not ${JSON.stringify(bundle.type)}`);
  if (typeof bundle.id !== 'string' || !new RegExp(`^bundle--${UUID}$`).test(bundle.id)) {
    checker.report('bundle', `"id" ${JSON.stringify(bundle.id)} is not "bundle--<RFC 4122 UUID>"`);
  }
  if (bundle.spec_version !== undefined) {
    checker.report('bundle', 'a STIX 2.1 bundle has no "spec_version" (that was STIX 2.0)');
  }
  const objects = bundle.objects;
  if (!Array.isArray(objects) || objects.length === 0) {
    checker.report('bundle', '"objects" must be a non-empty list');
    return checker.problems;
  }
  const versions = new Set<string>();
  objects.forEach((o, i) => {
    if (!isRecord(o) || typeof o.id !== 'string') return;
    const version = `${o.id}@${String(o.modified)}`;
    if (versions.has(version))
      checker.report(`objects[${i}] ${o.id}`, 'the same object (id and modified) appears twice');
    versions.add(version);
    if (typeof o.type === 'string') checker.types.set(o.id, o.type);
  });
  objects.forEach((o, i) => {
    checker.object(`objects[${i}]${isRecord(o) && typeof o.id === 'string' ? ` ${o.id}` : ''}`, o);
  });
  return checker.problems;
}
