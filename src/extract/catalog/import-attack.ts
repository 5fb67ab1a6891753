/**
 * MITRE ATT&CK STIX 2.x bundle → actor records.
 *
 * ATT&CK is the one public catalog that gives every group a stable id (G0007) and cites who uses each alias, so it is
 * the best anchor for merging. Only `intrusion-set` objects become actors; revoked and deprecated ones are skipped
 * (ATT&CK keeps them so old ids resolve, not because they are live groups).
 */
import { z } from 'zod';
import { InputError } from '../../errors.ts';
import type { SkippedRecord } from './merge.ts';
import { normaliseName, slugify, tidyName } from './merge.ts';
import type { ActorAlias, ActorRecord } from './types.ts';

/** Records parsed from an external catalog, plus what was left out and why. */
export interface ImportResult {
  records: ActorRecord[];
  skipped: SkippedRecord[];
}

/**
 * Vendor names as they open ATT&CK citation keys and appear in MISP `origin:` fields, mapped to the vendor ids the
 * built-in catalog uses (`BUILTIN_VENDOR_IDS`, plus a few more). Longer spellings come first. Kept deliberately short: a coiner is recorded only when the
 * vendor is unmistakable, and an unknown prefix simply means no coiner.
 */
const VENDOR_PREFIXES: ReadonlyArray<readonly [string, string]> = [
  ['dell secureworks', 'secureworks'],
  ['dell scwx', 'secureworks'],
  ['secureworks', 'secureworks'],
  ['mandiant', 'mandiant'],
  ['fireeye', 'mandiant'],
  ['crowdstrike', 'crowdstrike'],
  ['microsoft', 'microsoft'],
  ['mstic', 'microsoft'],
  ['symantec', 'symantec'],
  ['broadcom', 'symantec'],
  ['proofpoint', 'proofpoint'],
  ['kaspersky', 'kaspersky'],
  ['securelist', 'kaspersky'],
  ['eset', 'eset'],
  ['welivesecurity', 'eset'],
  ['trend micro', 'trend-micro'],
  ['trendmicro', 'trend-micro'],
  ['pricewaterhousecoopers', 'pwc'],
  ['pwc', 'pwc'],
  ['bae systems', 'bae-systems'],
  ['bae', 'bae-systems'],
  ['palo alto networks', 'palo-alto'],
  ['palo alto', 'palo-alto'],
  ['paloalto', 'palo-alto'],
  ['unit 42', 'palo-alto'],
  ['unit42', 'palo-alto'],
  ['recorded future', 'recorded-future'],
  ['recordedfuture', 'recorded-future'],
  ['insikt', 'recorded-future'],
  ['cisco talos', 'cisco-talos'],
  ['talos', 'cisco-talos'],
  ['dragos', 'dragos'],
  ['check point', 'checkpoint'],
  ['checkpoint', 'checkpoint'],
  ['google tag', 'google-tag'],
  ['google threat analysis group', 'google-tag'],
  ['cert-ua', 'cert-ua'],
  ['ahnlab', 'ahnlab'],
  ['lookout', 'lookout'],
  ['clearsky', 'clearsky'],
  ['sentinelone', 'sentinelone'],
  ['sentinellabs', 'sentinelone'],
  ['sentinel labs', 'sentinelone'],
  ['qianxin', 'qianxin'],
  ['volexity', 'volexity'],
  ['accenture', 'accenture'],
  ['mcafee', 'mcafee'],
  ['f-secure', 'withsecure'],
  ['withsecure', 'withsecure'],
  ['fortinet', 'fortinet'],
  ['group-ib', 'group-ib'],
  ['bitdefender', 'bitdefender'],
  ['sophos', 'sophos'],
  ['zscaler', 'zscaler'],
];

/**
 * Vendor id for text that starts with a known vendor name ("FireEye APT28" → "mandiant", "Unit 42 Sofacy Feb 2018" →
 * "palo-alto", "Secureworks" → "secureworks"); undefined when the text does not start with one. The match must end at
 * a word boundary so "Esetera" is not ESET.
 */
export function vendorIdFromText(text: string): string | undefined {
  const lower = text.trim().toLowerCase();
  for (const [prefix, id] of VENDOR_PREFIXES) {
    if (!lower.startsWith(prefix)) continue;
    const next = lower.charAt(prefix.length);
    if (next === '' || !/[a-z0-9]/.test(next)) return id;
  }
  return undefined;
}

const CITATION = /\(Citation: ([^)]+)\)/g;

/**
 * The coiner of an alias from an ATT&CK alias reference description ("(Citation: FireEye APT28)"): set only when every
 * citation names the same known vendor. "Fancy Bear" cited to CrowdStrike, Kaspersky and ESET gets no coiner, because
 * citations say who uses a name, and only a single-vendor citation list makes the coiner unmistakable.
 */
export function coinerFromCitations(description: string): string | undefined {
  const vendors = new Set<string | undefined>();
  for (const match of description.matchAll(CITATION)) vendors.add(vendorIdFromText(match[1] ?? ''));
  if (vendors.size !== 1) return undefined;
  const [only] = vendors;
  return only;
}

const externalReferenceSchema = z.object({
  source_name: z.string(),
  external_id: z.string().optional(),
  description: z.string().optional(),
});

const intrusionSetSchema = z.object({
  type: z.literal('intrusion-set'),
  id: z.string(),
  name: z.string(),
  aliases: z.array(z.string()).optional(),
  revoked: z.boolean().optional(),
  x_mitre_deprecated: z.boolean().optional(),
  external_references: z.array(z.unknown()).optional(),
});

const stixHeadSchema = z.object({ type: z.string(), id: z.string().optional() });

const collectionSchema = z.object({ type: z.literal('x-mitre-collection'), name: z.string() });

const domainsSchema = z.object({ type: z.literal('intrusion-set'), x_mitre_domains: z.array(z.string()) });

const bundleSchema = z.object({
  type: z.literal('bundle'),
  objects: z.array(z.unknown()),
});

const ATTACK_SOURCES = new Set(['mitre-attack', 'mitre-ics-attack', 'mitre-mobile-attack']);
const GROUP_ID = /^G\d{4}$/;

/**
 * Parses an ATT&CK STIX bundle and reports what it left out (revoked, deprecated, malformed intrusion sets). Throws
 * `InputError` when `json` is not a STIX bundle at all.
 */
export function parseAttackBundle(json: unknown, sourceName: string): ImportResult {
  const bundle = bundleSchema.safeParse(json);
  if (!bundle.success) {
    throw new InputError(`${sourceName}: not a STIX bundle (expected { type: "bundle", objects: [...] })`, {
      input: sourceName,
    });
  }
  const records: ActorRecord[] = [];
  const skipped: SkippedRecord[] = [];
  for (const object of bundle.data.objects) {
    const head = stixHeadSchema.safeParse(object);
    if (!head.success || head.data.type !== 'intrusion-set') continue;
    const parsed = intrusionSetSchema.safeParse(object);
    if (!parsed.success) {
      skipped.push({ name: head.data.id ?? '(intrusion-set)', reason: 'malformed intrusion-set' });
      continue;
    }
    const set = parsed.data;
    const name = tidyName(set.name);
    if (set.revoked === true) {
      skipped.push({ name: name || set.id, reason: 'revoked' });
      continue;
    }
    if (set.x_mitre_deprecated === true) {
      skipped.push({ name: name || set.id, reason: 'deprecated' });
      continue;
    }
    if (normaliseName(name) === '') {
      skipped.push({ name: set.id, reason: 'intrusion-set has no name' });
      continue;
    }
    const references = (set.external_references ?? []).flatMap((reference) => {
      const ok = externalReferenceSchema.safeParse(reference);
      return ok.success ? [ok.data] : [];
    });
    const attackId = references.find(
      (reference) =>
        ATTACK_SOURCES.has(reference.source_name) &&
        reference.external_id !== undefined &&
        GROUP_ID.test(reference.external_id),
    )?.external_id;
    const coiners = new Map<string, string>();
    for (const reference of references) {
      if (reference.description === undefined) continue;
      const coiner = coinerFromCitations(reference.description);
      if (coiner !== undefined) coiners.set(normaliseName(reference.source_name), coiner);
    }
    const aliases: ActorAlias[] = [];
    const seen = new Set<string>();
    for (const raw of [name, ...(set.aliases ?? [])]) {
      const alias = tidyName(raw);
      const key = normaliseName(alias);
      if (key === '' || seen.has(key)) continue;
      seen.add(key);
      const entry: ActorAlias = { name: alias };
      const coiner = coiners.get(key);
      if (coiner !== undefined) entry.coinedBy = coiner;
      aliases.push(entry);
    }
    const record: ActorRecord = { id: slugify(name), name, kind: 'unknown', aliases, sources: [sourceName] };
    if (attackId !== undefined) record.attackId = attackId;
    records.push(record);
  }
  return { records, skipped };
}

/**
 * Actor records from an ATT&CK STIX 2.x bundle (enterprise, mobile or ICS): one per live `intrusion-set`, with its
 * ATT&CK id, its aliases, and the coiner of an alias where ATT&CK cites a single known vendor for it. `kind` is
 * `unknown` because ATT&CK does not state sponsorship in structured form.
 */
export function fromAttackBundle(json: unknown, sourceName: string): ActorRecord[] {
  return parseAttackBundle(json, sourceName).records;
}

/**
 * A source label for a bundle ("attack:enterprise", "attack:ics", "attack:mobile") from its `x-mitre-collection`
 * object or its intrusion sets' `x_mitre_domains`, so imported records say which ATT&CK matrix they came from.
 */
export function attackSourceName(json: unknown): string {
  const bundle = bundleSchema.safeParse(json);
  if (!bundle.success) return 'attack';
  for (const object of bundle.data.objects) {
    const collection = collectionSchema.safeParse(object);
    if (collection.success) {
      const domain = /\b(enterprise|mobile|ics)\b/i.exec(collection.data.name)?.[1];
      if (domain !== undefined) return `attack:${domain.toLowerCase()}`;
    }
    const domains = domainsSchema.safeParse(object);
    if (domains.success) {
      const domain = /^(enterprise|mobile|ics)-attack$/.exec(domains.data.x_mitre_domains[0] ?? '')?.[1];
      if (domain !== undefined) return `attack:${domain}`;
    }
  }
  return 'attack';
}
