/**
 * Assertions as a STIX 2.1 bundle: each assertion is ONE relationship (not one per claim) whose
 * `external_references` list every article that states it, then the vendors those articles credit; each article is a
 * `report` whose `object_refs` are the relationships it supports (with their actor and target). `confidence` is the
 * assertion's corroboration (src/claims/assertions.ts); a disputed assertion is labelled `disputed` and its denials
 * are listed as references described as such. An optional TLP marking applies to every object.
 *
 * The relationship types and targets are those of the claim export (src/export/stix-bundle.ts): `targets` an
 * identity class or a location, `originates-from` a location for a sponsor.
 */
import type { AssertionDetail, EvidenceArticle } from '../claims/assertions.ts';
import { escapeBidiInJson } from './bidi.ts';
import {
  articleReference,
  BundleBuilder,
  CLAIMWIRE_IDENTITY,
  type StixCatalog,
  stixId,
  toStixTimestamp,
} from './stix-bundle.ts';
import type {
  StixAssertionObject,
  StixExternalReference,
  StixMarkingDefinition,
  StixObject,
  StixRelationship,
  StixReport,
} from './stix-types.ts';
import { uuidV5 } from './uuid-v5.ts';

export type Tlp = 'clear' | 'green' | 'amber';

/** The predefined TLP marking definitions of STIX 2.1 (§7.2.1.4); TLP 2.0 "clear" is TLP 1.0 "white". */
const TLP_MARKINGS: Record<Tlp, StixMarkingDefinition> = {
  clear: {
    type: 'marking-definition',
    spec_version: '2.1',
    id: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
    created: '2017-01-20T00:00:00.000Z',
    definition_type: 'tlp',
    name: 'TLP:WHITE',
    definition: { tlp: 'white' },
  },
  green: {
    type: 'marking-definition',
    spec_version: '2.1',
    id: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
    created: '2017-01-20T00:00:00.000Z',
    definition_type: 'tlp',
    name: 'TLP:GREEN',
    definition: { tlp: 'green' },
  },
  amber: {
    type: 'marking-definition',
    spec_version: '2.1',
    id: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82',
    created: '2017-01-20T00:00:00.000Z',
    definition_type: 'tlp',
    name: 'TLP:AMBER',
    definition: { tlp: 'amber' },
  },
};

export interface AssertionStixOptions {
  now?: Date;
  tlp?: Tlp | undefined;
}

function evidenceReference(e: EvidenceArticle, denial: boolean): StixExternalReference {
  const first = e.quotes[0];
  const ref = articleReference({
    article: e.article,
    citation: { url: e.article.url, quote: first?.quote ?? '', start: first?.start ?? 0, end: first?.end ?? 0 },
  });
  if (denial) ref.description = `Denies or disputes it: ${first?.quote ?? ref.description ?? ''}`.slice(0, 1000);
  else if (first) ref.description = first.quote.slice(0, 1000);
  return ref;
}

/** The bundle of these assertions (with their evidence). Deterministic for a fixed `now`. */
export function assertionsToStixBundle(
  assertions: readonly AssertionDetail[],
  catalog: StixCatalog,
  options: AssertionStixOptions = {},
): { type: 'bundle'; id: string; objects: StixAssertionObject[] } {
  const now = (options.now ?? new Date()).toISOString();
  const builder = new BundleBuilder(catalog, now);
  const marking = options.tlp ? TLP_MARKINGS[options.tlp] : null;
  const relationships: StixRelationship[] = [];
  const reports = new Map<string, { evidence: EvidenceArticle; refs: Set<string> }>();
  for (const a of assertions) {
    if (a.evidence.length === 0) continue;
    const actor = builder.intrusionSet({
      kind: 'actor',
      id: a.subject.id,
      name: a.subject.name,
      aliases: [],
      aliasKeys: [],
    });
    let target: StixObject | null = null;
    let type = 'targets';
    if (a.predicate === 'targets-sector') target = builder.sectorIdentity(a.object.id, a.object.name);
    else if (a.predicate === 'targets-country') target = builder.country(a.object.id, a.object.name);
    else if (a.predicate === 'sponsored-by') {
      target = builder.country(a.object.id, a.object.name);
      type = 'originates-from';
    }
    if (!target) continue;
    const created = toStixTimestamp(a.firstReported) ?? now;
    const modified = toStixTimestamp(a.lastReported) ?? created;
    const labels = [
      ...(a.predicate === 'sponsored-by' ? ['state-sponsored'] : []),
      ...(a.disputedBy > 0 ? ['disputed'] : []),
      ...(a.hedgedArticles === a.articles ? ['hedged'] : []),
    ];
    const refs: StixExternalReference[] = [
      ...a.evidence.map((e) => evidenceReference(e, false)),
      ...a.vendors.map((v) => ({ source_name: builder.vendorName(v), description: 'Credited as the source' })),
      ...a.counterEvidence.map((e) => evidenceReference(e, true)),
    ];
    const rel: StixRelationship = {
      type: 'relationship',
      spec_version: '2.1',
      id: stixId('relationship', `assertion/${a.id}`),
      created,
      modified: [created, modified].sort().at(-1) as string,
      created_by_ref: CLAIMWIRE_IDENTITY.id,
      confidence: a.confidence,
      ...(labels.length > 0 ? { labels } : {}),
      external_references: refs,
      relationship_type: type,
      source_ref: actor.id,
      target_ref: target.id,
      description: `${a.sources} independent source${a.sources === 1 ? '' : 's'}, ${a.articles} article${a.articles === 1 ? '' : 's'}${a.disputedBy > 0 ? `, disputed by ${a.disputedBy}` : ''}`,
      x_claimwire_predicate: a.predicate,
      ...({ x_claimwire_assertion_id: a.id } as object),
    };
    relationships.push(rel);
    for (const e of a.evidence) {
      const r = reports.get(e.article.id) ?? { evidence: e, refs: new Set<string>() };
      for (const id of [rel.id, actor.id, target.id]) r.refs.add(id);
      reports.set(e.article.id, r);
    }
  }
  const reportObjects: StixReport[] = [...reports.entries()].map(([articleId, r]) => {
    const published = toStixTimestamp(r.evidence.reportedAt) ?? now;
    return {
      type: 'report',
      spec_version: '2.1',
      id: stixId('report', `article/${articleId}`),
      created: published,
      modified: published,
      created_by_ref: CLAIMWIRE_IDENTITY.id,
      name: r.evidence.article.title?.trim() || r.evidence.article.url,
      published,
      report_types: ['threat-report'],
      object_refs: [...r.refs],
      external_references: [evidenceReference(r.evidence, false)],
    };
  });
  const marked = <T extends StixAssertionObject>(o: T): T =>
    marking && o.type !== 'marking-definition' ? { ...o, object_marking_refs: [marking.id] } : o;
  const objects: StixAssertionObject[] = [
    ...(marking ? [marking] : []),
    { ...CLAIMWIRE_IDENTITY },
    ...builder.finish().slice(1),
    ...relationships,
    ...reportObjects,
  ].map(marked);
  return { type: 'bundle', id: `bundle--${uuidV5(`bundle/${JSON.stringify(objects)}`)}`, objects };
}

/** The bundle as JSON text, with bidirectional-control characters escaped like every claimwire export. */
export function assertionsStixJson(bundle: ReturnType<typeof assertionsToStixBundle>): string {
  return escapeBidiInJson(JSON.stringify(bundle, null, 2));
}
