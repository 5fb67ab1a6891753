/**
 * Claims as a STIX 2.1 bundle that OpenCTI and MISP import: actors, victims and origins as SDOs, each claim as one
 * relationship or note that cites its article. Pure: the catalog is passed in, nothing is fetched.
 *
 * Modelling decisions (STIX 2.1 relationship tables, §4.8 intrusion-set):
 * - `targets-sector` → intrusion-set `targets` identity (`identity_class: "class"`, `sectors` from industry-sector-ov).
 * - `targets-country` → intrusion-set `targets` location (`country`).
 * - `sponsored-by` → intrusion-set `originates-from` location, labelled `state-sponsored`. The spec allows
 *   intrusion-set `attributed-to` only toward a threat-actor; inventing a threat-actor for a whole state ("China")
 *   would list a government among threat actors in an importer and conflate it with its operators, while
 *   `originates-from` location is the spec's link from an intrusion set to its country, the one OpenCTI shows as the
 *   actor's origin. The label and `x_claimwire_predicate` keep the stronger "sponsored" reading.
 * - Vendor credit (`reportedBy`) → an extra `external_references` entry (`source_name`: the vendor) on the claim's
 *   object, after the article's. Not `created_by_ref`: that names who made the STIX object (claimwire, from an
 *   article), holds one identity where a sentence may credit several vendors, and would make an extraction mistake
 *   look like the vendor's own statement.
 * - `reported-by` claims → a `note` on the intrusion set and the vendor identity: the spec has no relationship for
 *   "vendor reports on actor", and `related-to` would read as a tie between the company and the group.
 * - `statistic` → a `note` ("54% of APT10's activity") on the intrusion set: a share of activity is no relationship.
 * - `active-since` → the intrusion set's `first_seen` (the earliest such claim), plus a `note` that keeps the quote
 *   and article, which a bare `first_seen` cannot. `last_seen` is left out: an article's date says when something was
 *   reported, not when the group was last seen.
 * - Negated claims are left out: a denial is not a `targets` relationship. Hedged ones get `confidence` 50 (else 85)
 *   and the label `hedged`.
 */
import type { ExtractionCatalog } from '../extract/catalog/index.ts';
import type { ClaimDocument } from '../store/documents.ts';
import { escapeBidiInJson } from './bidi.ts';
import type {
  StixBundle,
  StixExternalReference,
  StixIdentity,
  StixIntrusionSet,
  StixLocation,
  StixNote,
  StixObject,
  StixRelationship,
} from './stix-types.ts';
import { SECTOR_TO_STIX } from './stix-vocab.ts';
import { uuidV5, uuidV5Hasher } from './uuid-v5.ts';
import { claimValueText } from './value-text.ts';

/** The catalog parts the export reads: names, aliases, ATT&CK ids. `defaultCatalog()` fits. */
export type StixCatalog = Pick<ExtractionCatalog, 'actors' | 'vendors' | 'countries' | 'sectors'>;

/** Options of {@link claimsToStixBundle}. */
export interface StixExportOptions {
  /** The export time, the `modified` of catalog objects (actors, sectors, vendors, countries). Default: now. */
  now?: Date;
}

/**
 * `created` of objects that stand for catalog entries and of claimwire's own identity. Fixed, because STIX requires an
 * object's `created` never to change across versions and a date taken from the exported claims would move with the
 * query's filters.
 */
export const STIX_EPOCH = '2020-01-01T00:00:00.000Z';

/** Confidence (0–100) of a claim the sentence states outright: high, yet short of a vendor's own report. */
export const CONFIDENCE_STATED = 85;
/** Confidence of a hedged claim ("suspected", "may have"): the sentence itself is unsure. */
export const CONFIDENCE_HEDGED = 50;

/**
 * The deterministic STIX id of an object: UUIDv5 of a stable key, so re-exports merge rather than duplicate. STIX 2.1
 * says SDOs SHOULD use UUIDv4 but accepts any RFC 4122 UUID; name-based ids are what OpenCTI does for the same reason.
 */
export function stixId(type: string, key: string): string {
  return `${type}--${uuidV5(`${type}/${key}`)}`;
}

/** claimwire's own identity, the `created_by_ref` of everything it exports. */
export const CLAIMWIRE_IDENTITY: Readonly<StixIdentity> = {
  type: 'identity',
  spec_version: '2.1',
  id: stixId('identity', 'claimwire'),
  created: STIX_EPOCH,
  modified: STIX_EPOCH,
  name: 'claimwire',
  identity_class: 'system',
  description:
    'Extracts cited claims about threat actors from news articles. Each relationship and note cites the article ' +
    'it was read from; vendors credited by the article are listed as further external references.',
};

const DATE_PREFIX = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** An ISO prefix (`2009`, `2017-01`, `2020-11-17`) or a full timestamp as a STIX timestamp (UTC, milliseconds). */
export function toStixTimestamp(value: string | null | undefined): string | null {
  if (!value) return null;
  const m = DATE_PREFIX.exec(value.trim());
  let ms: number;
  if (m) {
    const year = Number(m[1]);
    const month = m[2] ? Number(m[2]) : 1;
    const day = m[3] ? Number(m[3]) : 1;
    if (month < 1 || month > 12 || day < 1 || day > 31) return null;
    ms = Date.UTC(year, month - 1, day);
    if (new Date(ms).getUTCDate() !== day) return null;
  } else {
    ms = Date.parse(value);
  }
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

const later = (a: string, b: string): string => (b > a ? b : a);

/** An http(s) URL in the form the STIX schemas accept (RFC 3986: non-ASCII percent-encoded), or null. */
function stixUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

/** The article as the first external reference: publisher (else host), URL, title. */
export function articleReference(c: Pick<ClaimDocument, 'article' | 'citation'>): StixExternalReference {
  const url = stixUrl(c.article.url) ?? stixUrl(c.citation.url);
  const ref: StixExternalReference = {
    source_name: c.article.publisher?.trim() || hostOf(url) || 'claimwire article',
  };
  if (url) ref.url = url;
  if (c.article.title?.trim()) ref.description = c.article.title.trim();
  if (!ref.url && !ref.description) ref.description = `claimwire article ${c.article.id}`;
  return ref;
}

/** Builds the SDOs a bundle shares (actors, sectors, vendors, countries), each once; claims add their objects. */
export class BundleBuilder {
  readonly entities = new Map<string, StixObject>();
  readonly claimObjects: StixObject[] = [];
  private readonly seenClaims = new Set<string>();
  private readonly firstSeen = new Map<string, string>();

  constructor(
    private readonly catalog: StixCatalog,
    readonly now: string,
  ) {}

  private catalogTimes(): { created: string; modified: string; created_by_ref: string } {
    return { created: STIX_EPOCH, modified: later(STIX_EPOCH, this.now), created_by_ref: CLAIMWIRE_IDENTITY.id };
  }

  private intern<T extends StixObject>(obj: T): T {
    const existing = this.entities.get(obj.id);
    if (existing) return existing as T;
    this.entities.set(obj.id, obj);
    return obj;
  }

  intrusionSet(subject: ClaimDocument['subject']): StixIntrusionSet {
    const record = this.catalog.actors.get(subject.id);
    const name = record?.name ?? subject.name;
    const names = record ? record.aliases.map((a) => a.name) : subject.aliases;
    const aliases = [...new Set(names)].filter((a) => a !== name);
    const obj: StixIntrusionSet = {
      type: 'intrusion-set',
      spec_version: '2.1',
      id: stixId('intrusion-set', `actor/${subject.id}`),
      ...this.catalogTimes(),
      name,
    };
    if (aliases.length > 0) obj.aliases = aliases;
    if (record?.attackId) {
      obj.external_references = [
        {
          source_name: 'mitre-attack',
          external_id: record.attackId,
          url: `https://attack.mitre.org/groups/${record.attackId}/`,
        },
      ];
    }
    return this.intern(obj);
  }

  sectorIdentity(id: string, fallbackName: string): StixIdentity {
    const obj: StixIdentity = {
      type: 'identity',
      spec_version: '2.1',
      id: stixId('identity', `sector/${id}`),
      ...this.catalogTimes(),
      name: this.catalog.sectors.get(id)?.name ?? fallbackName,
      identity_class: 'class',
    };
    const sector = SECTOR_TO_STIX[id];
    if (sector) obj.sectors = [sector];
    return this.intern(obj);
  }

  vendorIdentity(id: string, fallbackName: string): StixIdentity {
    return this.intern<StixIdentity>({
      type: 'identity',
      spec_version: '2.1',
      id: stixId('identity', `vendor/${id}`),
      ...this.catalogTimes(),
      name: this.catalog.vendors.get(id)?.name ?? fallbackName,
      identity_class: 'organization',
    });
  }

  country(code: string, fallbackName: string): StixLocation | null {
    const cc = code.trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(cc)) return null;
    return this.intern<StixLocation>({
      type: 'location',
      spec_version: '2.1',
      id: stixId('location', `country/${cc}`),
      ...this.catalogTimes(),
      name: this.catalog.countries.get(cc)?.name ?? fallbackName,
      country: cc,
    });
  }

  vendorName(id: string): string {
    return this.catalog.vendors.get(id)?.name ?? id;
  }

  /** Properties every claim-born object shares: times, provenance, confidence. */
  private claimCommon(c: ClaimDocument, extraLabels: string[] = []) {
    const created = toStixTimestamp(c.article.published) ?? STIX_EPOCH;
    const ingested = toStixTimestamp(c.ingestedAt);
    const labels = [...(c.hedged ? ['hedged'] : []), ...extraLabels];
    const refs: StixExternalReference[] = [articleReference(c)];
    for (const vendorId of new Set(c.reportedBy)) {
      refs.push({ source_name: this.vendorName(vendorId), description: 'Credited by the article as the source' });
    }
    return {
      // created: the article's date, stable across re-ingests; modified: when claimwire (re)read it.
      created,
      modified: ingested ? later(created, ingested) : created,
      created_by_ref: CLAIMWIRE_IDENTITY.id,
      confidence: c.hedged ? CONFIDENCE_HEDGED : CONFIDENCE_STATED,
      ...(labels.length > 0 ? { labels } : {}),
      external_references: refs,
      x_claimwire_claim_id: c.id,
      x_claimwire_predicate: c.predicate,
    };
  }

  private relationship(
    c: ClaimDocument,
    type: string,
    source: StixObject,
    target: StixObject,
    labels?: string[],
  ): void {
    const rel: StixRelationship = {
      type: 'relationship',
      spec_version: '2.1',
      id: stixId('relationship', `claim/${c.id}`),
      ...this.claimCommon(c, labels),
      relationship_type: type,
      source_ref: source.id,
      target_ref: target.id,
      description: c.citation.quote,
    };
    this.claimObjects.push(rel);
  }

  private note(c: ClaimDocument, summary: string, refs: StixObject[]): void {
    const quote = c.citation.quote.trim();
    const note: StixNote = {
      type: 'note',
      spec_version: '2.1',
      id: stixId('note', `claim/${c.id}`),
      ...this.claimCommon(c),
      abstract: summary,
      content: quote ? `${summary}\n\n"${quote}"` : summary,
      object_refs: refs.map((r) => r.id),
    };
    this.claimObjects.push(note);
  }

  add(c: ClaimDocument): void {
    if (c.negated || this.seenClaims.has(c.id)) return;
    const o = c.object;
    switch (c.predicate) {
      case 'targets-sector': {
        if (o?.kind !== 'sector') return;
        const actor = this.intrusionSet(c.subject);
        this.relationship(c, 'targets', actor, this.sectorIdentity(o.id, o.name));
        break;
      }
      case 'targets-country': {
        const place = o?.kind === 'country' ? this.country(o.id, o.name) : null;
        if (!place) return;
        this.relationship(c, 'targets', this.intrusionSet(c.subject), place);
        break;
      }
      case 'sponsored-by': {
        const place = o?.kind === 'country' ? this.country(o.id, o.name) : null;
        if (!place) return;
        this.relationship(c, 'originates-from', this.intrusionSet(c.subject), place, ['state-sponsored']);
        break;
      }
      case 'reported-by': {
        if (o?.kind !== 'vendor') return;
        const actor = this.intrusionSet(c.subject);
        const vendor = this.vendorIdentity(o.id, o.name);
        this.note(c, `${vendor.name} reported on ${actor.name}`, [actor, vendor]);
        break;
      }
      case 'active-since': {
        const since = typeof c.value === 'string' ? toStixTimestamp(c.value) : null;
        if (!since || typeof c.value !== 'string') return;
        const actor = this.intrusionSet(c.subject);
        const seen = this.firstSeen.get(actor.id);
        if (!seen || since < seen) this.firstSeen.set(actor.id, since);
        this.note(c, `${actor.name} active since ${c.value}`, [actor]);
        break;
      }
      case 'statistic': {
        const text = typeof c.value === 'object' ? claimValueText(c.value) : null;
        if (!text) return;
        this.note(c, text, [this.intrusionSet(c.subject)]);
        break;
      }
      default:
        return;
    }
    this.seenClaims.add(c.id);
  }

  finish(): StixObject[] {
    for (const [id, since] of this.firstSeen) {
      const actor = this.entities.get(id);
      if (actor?.type === 'intrusion-set') actor.first_seen = since;
    }
    return [{ ...CLAIMWIRE_IDENTITY }, ...this.entities.values(), ...this.claimObjects];
  }
}

/**
 * Claims as a STIX 2.1 bundle. Ids are UUIDv5 of stable keys (actor id, sector id, country code, claim id), so two
 * exports of the same claims carry the same ids and importers merge them; with a fixed `now` the output is identical.
 * Every SDO a relationship or note points to is in the bundle exactly once. Claims the model cannot express (a
 * `sponsored-by` whose object is no country, a country code that is not ISO 3166-1 alpha-2) are left out.
 */
export function claimsToStixBundle(
  claims: readonly ClaimDocument[],
  catalog: StixCatalog,
  options: StixExportOptions = {},
): StixBundle {
  const builder = stixBundleBuilder(catalog, options);
  builder.add(claims);
  return builder.bundle();
}

/**
 * The same bundle built from claims given a page at a time: a streamed export keeps the STIX objects (one or two per
 * claim, plus the shared actors, places and vendors), never the claim documents. `json()` writes it in pieces of a few
 * hundred objects, with `id` last (JSON members have no order) since it hashes everything before it.
 */
export function stixBundleBuilder(
  catalog: StixCatalog,
  options: StixExportOptions = {},
): {
  add: (claims: readonly ClaimDocument[]) => void;
  bundle: () => StixBundle;
  json: (objectsPerPiece?: number) => Generator<string>;
} {
  const now = (options.now ?? new Date()).toISOString();
  const builder = new BundleBuilder(catalog, now);
  return {
    add: (claims) => {
      for (const c of claims) builder.add(c);
    },
    bundle: () => {
      const objects = builder.finish();
      // The bundle id is a hash of its content: the same export is the same bundle.
      return { type: 'bundle', id: `bundle--${uuidV5(`bundle/${JSON.stringify(objects)}`)}`, objects };
    },
    *json(objectsPerPiece = 500) {
      const objects = builder.finish();
      const id = uuidV5Hasher();
      id.update('bundle/[');
      yield '{"type":"bundle","objects":[';
      for (let i = 0; i < objects.length; i += objectsPerPiece) {
        const piece =
          (i > 0 ? ',' : '') +
          objects
            .slice(i, i + objectsPerPiece)
            .map((o) => JSON.stringify(o))
            .join(',');
        id.update(piece);
        yield escapeBidiInJson(piece);
      }
      id.update(']');
      yield `],"id":"bundle--${id.uuid()}"}`;
    },
  };
}
