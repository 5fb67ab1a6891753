/**
 * The STIX 2.1 objects claimwire exports (a subset of the spec's, typed so the builder cannot forget a required
 * property). The validator takes `unknown` instead, so it can judge bundles from anywhere.
 */

/** STIX 2.1 §2.5 external reference: where a statement comes from outside STIX. */
export interface StixExternalReference {
  source_name: string;
  description?: string;
  url?: string;
  external_id?: string;
}

/** Common properties of the SDOs and SROs claimwire writes (§3.2). */
export interface StixCommon {
  spec_version: '2.1';
  id: string;
  created: string;
  modified: string;
  created_by_ref?: string;
  confidence?: number;
  labels?: string[];
  external_references?: StixExternalReference[];
  /** The claim an object was built from, so an analyst can find it in claimwire again. */
  x_claimwire_claim_id?: string;
  /** The claimwire predicate behind a relationship or note (`sponsored-by` reads as `originates-from`). */
  x_claimwire_predicate?: string;
  /** TLP marking (§7.2.1.4) of an export that asks for one. */
  object_marking_refs?: string[];
}

/** §4.5 identity: claimwire itself (`system`), a victim sector (`class`) or a credited vendor (`organization`). */
export interface StixIdentity extends StixCommon {
  type: 'identity';
  name: string;
  identity_class: string;
  sectors?: string[];
  description?: string;
}

/** §4.8 intrusion-set: a catalog actor (or a group the article named), with its aliases and ATT&CK id. */
export interface StixIntrusionSet extends StixCommon {
  type: 'intrusion-set';
  name: string;
  aliases?: string[];
  first_seen?: string;
  description?: string;
}

/** §4.9 location: a country, by ISO 3166-1 alpha-2 code. */
export interface StixLocation extends StixCommon {
  type: 'location';
  name: string;
  country: string;
}

/** §5.1 relationship: one claim (`targets`, `originates-from`), its quote as `description`. */
export interface StixRelationship extends StixCommon {
  type: 'relationship';
  relationship_type: string;
  source_ref: string;
  target_ref: string;
  description?: string;
}

/** §4.11 note: a claim no relationship type expresses (statistic, active-since, reported-by). */
export interface StixNote extends StixCommon {
  type: 'note';
  abstract?: string;
  content: string;
  object_refs: string[];
}

/** §4.10 report: one article, with the objects it reports on. */
export interface StixReport extends StixCommon {
  type: 'report';
  name: string;
  published: string;
  report_types: string[];
  object_refs: string[];
  description?: string;
}

/** §7.2.1.4 the predefined TLP marking definitions (STIX 2.1 defines TLP 1.0: white, green, amber, red). */
export interface StixMarkingDefinition {
  type: 'marking-definition';
  spec_version: '2.1';
  id: string;
  created: string;
  definition_type: 'tlp';
  name: string;
  definition: { tlp: string };
}

/** Any object claimwire puts in a bundle of claims. */
export type StixObject = StixIdentity | StixIntrusionSet | StixLocation | StixRelationship | StixNote;

/** Any object of a bundle of assertions: the same, plus a report per article and a TLP marking. */
export type StixAssertionObject = StixObject | StixReport | StixMarkingDefinition;

/** STIX 2.1 bundle (§8): a container with no `spec_version`, `created` or `modified` of its own. */
export interface StixBundle {
  type: 'bundle';
  id: string;
  objects: StixObject[];
}
