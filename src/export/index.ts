/**
 * Exports of claims for analysts and their tools: CSV for spreadsheets, JSON Lines for scripts, a STIX 2.1 bundle for
 * threat-intelligence platforms, and an offline STIX validator. Pure functions shared by `GET /v1/claims?format=…`
 * and `claimwire search --format …`: the callers fetch the claims, these only shape them.
 */
export { BIDI_CONTROLS, escapeBidiInJson, neutraliseBidi } from './bidi.ts';
export { CSV_COLUMNS, claimsToCsv, csvCell } from './csv.ts';
export { claimsToJsonLines } from './jsonl.ts';
export {
  CLAIMWIRE_IDENTITY,
  CONFIDENCE_HEDGED,
  CONFIDENCE_STATED,
  claimsToStixBundle,
  STIX_EPOCH,
  type StixCatalog,
  type StixExportOptions,
  stixBundleBuilder,
  stixId,
  toStixTimestamp,
} from './stix-bundle.ts';
export type {
  StixBundle,
  StixExternalReference,
  StixIdentity,
  StixIntrusionSet,
  StixLocation,
  StixNote,
  StixObject,
  StixRelationship,
} from './stix-types.ts';
export { parseStixTimestamp, validateStixBundle } from './stix-validate.ts';
export { INDUSTRY_SECTOR_OV, SECTOR_TO_STIX } from './stix-vocab.ts';
export { CLAIMWIRE_STIX_NAMESPACE, uuidV5 } from './uuid-v5.ts';
export { claimValueText } from './value-text.ts';
