/**
 * MISP galaxy cluster → actor records.
 *
 * MISP galaxies are the widest public alias lists (the threat-actor cluster alone has ~1,000 actors), but each cluster
 * type has its own habits, handled here:
 * - `threat-actor`: names in `value` + `meta.synonyms`, sponsor in `meta.cfr-suspected-state-sponsor` (a country
 *   name) or `meta.country` (ISO code), ATT&CK ids hidden among the synonyms ("G0045"), coiners in `origin:<alias>`.
 * - `mitre-intrusion-set`: `value` is "APT28 - G0007", the id also in `meta.external_id` (string or list), and
 *   `revoked: true` on superseded groups.
 * - `microsoft-activity-group`: `value` is Microsoft's own name (so Microsoft coined it), origin in
 *   `meta.microsoft-origin-threat` ("China", "Financially motivated", "Group in development").
 * Clusters that are not about actors (e.g. `sector`) are refused.
 */
import { z } from 'zod';
import { InputError } from '../../errors.ts';
import type { ImportResult } from './import-attack.ts';
import { vendorIdFromText } from './import-attack.ts';
import type { SkippedRecord } from './merge.ts';
import { normaliseName, slugify, tidyName } from './merge.ts';
import type { ActorAlias, ActorRecord, CountryCode, CountryRecord } from './types.ts';

/** Options for `fromMispGalaxy` / `parseMispGalaxy`. */
export interface MispImportOptions {
  /** Extra country names to resolve sponsors with (e.g. the shipped `countries.json`); the built-in table stays. */
  countries?: readonly CountryRecord[];
}

/** Cluster types known to describe actors even when a file lacks `category: "actor"`. */
const ACTOR_CLUSTER_TYPES = new Set(['threat-actor', 'mitre-intrusion-set', 'microsoft-activity-group']);

/**
 * Country names as MISP writes them (UN-style "Iran (Islamic Republic of)", CFR-style "Russian Federation") → ISO
 * alpha-2. Keys are in `countryKey` form. Only states that appear as sponsors or origins in CTI are listed; anything
 * else can come from `MispImportOptions.countries`.
 */
const COUNTRY_NAMES: Readonly<Record<string, CountryCode>> = {
  china: 'CN',
  peoplesrepublicofchina: 'CN',
  prc: 'CN',
  russia: 'RU',
  russianfederation: 'RU',
  iran: 'IR',
  iranislamicrepublicof: 'IR',
  islamicrepublicofiran: 'IR',
  northkorea: 'KP',
  koreademocraticpeoplesrepublicof: 'KP',
  democraticpeoplesrepublicofkorea: 'KP',
  dprk: 'KP',
  southkorea: 'KR',
  korearepublicof: 'KR',
  republicofkorea: 'KR',
  unitedstates: 'US',
  unitedstatesofamerica: 'US',
  us: 'US',
  usa: 'US',
  unitedkingdom: 'GB',
  uk: 'GB',
  greatbritain: 'GB',
  israel: 'IL',
  palestine: 'PS',
  palestinestateof: 'PS',
  stateofpalestine: 'PS',
  pakistan: 'PK',
  india: 'IN',
  belarus: 'BY',
  ukraine: 'UA',
  france: 'FR',
  germany: 'DE',
  spain: 'ES',
  italy: 'IT',
  netherlands: 'NL',
  unitedarabemirates: 'AE',
  uae: 'AE',
  saudiarabia: 'SA',
  vietnam: 'VN',
  vietnamsocialistrepublicof: 'VN',
  lebanon: 'LB',
  syria: 'SY',
  syrianarabrepublic: 'SY',
  turkey: 'TR',
  turkiye: 'TR',
  egypt: 'EG',
  nigeria: 'NG',
  brazil: 'BR',
  indonesia: 'ID',
  malaysia: 'MY',
  singapore: 'SG',
  taiwan: 'TW',
  japan: 'JP',
  kazakhstan: 'KZ',
  austria: 'AT',
  romania: 'RO',
  morocco: 'MA',
  algeria: 'DZ',
  tunisia: 'TN',
  libya: 'LY',
  iraq: 'IQ',
  kenya: 'KE',
  qatar: 'QA',
  gaza: 'PS',
};

/** Lookup key for a country name: letters only, lowercase, diacritics stripped ("Türkiye" → "turkiye"). */
function countryKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '');
}

/**
 * Resolves country names and codes with the built-in table plus any supplied records. A bare two-letter upper-case
 * string is taken as an ISO code (MISP's `country` field already is one), after the table has had a chance to fix
 * the usual non-ISO code "UK".
 */
function countryResolver(extra: readonly CountryRecord[]): (text: string) => CountryCode | undefined {
  const table = new Map<string, CountryCode>(Object.entries(COUNTRY_NAMES));
  for (const country of extra) {
    const code = country.code.toUpperCase();
    for (const name of [country.name, ...country.aliases]) {
      const key = countryKey(name);
      if (key !== '' && !table.has(key)) table.set(key, code);
    }
  }
  return (text) => {
    const trimmed = text.trim();
    const known = table.get(countryKey(trimmed));
    if (known !== undefined) return known;
    return /^[A-Z]{2}$/.test(trimmed) ? trimmed : undefined;
  };
}

const metaSchema = z.record(z.string(), z.unknown());

const valueSchema = z.object({
  value: z.string(),
  uuid: z.string().optional(),
  description: z.string().optional(),
  revoked: z.boolean().optional(),
  meta: metaSchema.optional(),
});

const clusterSchema = z.object({
  type: z.string(),
  name: z.string().optional(),
  category: z.string().optional(),
  values: z.array(z.unknown()),
});

const stringListSchema = z.array(z.unknown());

/** A meta field read as a list of non-empty strings, whether MISP stored a string or a list. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return tidyName(value) === '' ? [] : [tidyName(value)];
  const list = stringListSchema.safeParse(value);
  if (!list.success) return [];
  return list.data.flatMap((item) => (typeof item === 'string' && tidyName(item) !== '' ? [tidyName(item)] : []));
}

const GROUP_ID = /^G\d{4}$/;
const MITRE_VALUE = /^(.*?)\s+-\s+(G\d{4})$/;

/** Names given an alias's coiner in `origin:<alias>` keys ("origin:BRONZE RIVERSIDE": "Secureworks"). */
function originCoiners(meta: Record<string, unknown>): Map<string, string> {
  const coiners = new Map<string, string>();
  for (const [key, value] of Object.entries(meta)) {
    if (!key.startsWith('origin:') || typeof value !== 'string') continue;
    const vendor = vendorIdFromText(value);
    if (vendor !== undefined) coiners.set(normaliseName(key.slice('origin:'.length)), vendor);
  }
  return coiners;
}

/**
 * Actor kind from MISP's motive / incident / Microsoft origin fields. Only a named state sponsor (CFR field, or a
 * Microsoft nation-state origin) makes an actor `state`: `meta.country` alone is an origin, which criminals have too.
 */
function kindOf(meta: Record<string, unknown>, clusterType: string, stateSponsor: boolean): ActorRecord['kind'] {
  const hints = [
    ...stringsOf(meta.motive),
    ...stringsOf(meta['cfr-type-of-incident']),
    ...stringsOf(meta['microsoft-origin-threat']),
  ].join(' | ');
  if (/hacktivis/i.test(hints)) return 'hacktivist';
  if (/cybercrime|financial theft|financially motivated|extortion|business email compromise/i.test(hints)) {
    return stateSponsor && clusterType !== 'microsoft-activity-group' ? 'state' : 'criminal';
  }
  if (/private sector offensive|group in development|covert network/i.test(hints)) return 'unknown';
  return stateSponsor ? 'state' : 'unknown';
}

/**
 * Parses a MISP galaxy cluster and reports what it left out (values with no name, revoked MITRE groups, malformed
 * values). Throws `InputError` when `json` is not a galaxy cluster or not an actor cluster.
 */
export function parseMispGalaxy(json: unknown, sourceName: string, options: MispImportOptions = {}): ImportResult {
  const cluster = clusterSchema.safeParse(json);
  if (!cluster.success) {
    throw new InputError(`${sourceName}: not a MISP galaxy cluster (expected { type, values: [...] })`, {
      input: sourceName,
    });
  }
  const clusterType = cluster.data.type;
  if (cluster.data.category !== 'actor' && !ACTOR_CLUSTER_TYPES.has(clusterType)) {
    throw new InputError(
      `${sourceName}: MISP cluster type "${clusterType}" is not an actor cluster; import threat-actor, ` +
        'mitre-intrusion-set or microsoft-activity-group clusters',
      { input: sourceName },
    );
  }
  const country = countryResolver(options.countries ?? []);
  const records: ActorRecord[] = [];
  const skipped: SkippedRecord[] = [];
  cluster.data.values.forEach((raw, position) => {
    const parsed = valueSchema.safeParse(raw);
    if (!parsed.success) {
      skipped.push({ name: `value #${position + 1}`, reason: 'malformed value (no string "value")' });
      return;
    }
    const entry = parsed.data;
    const meta = entry.meta ?? {};
    let name = tidyName(entry.value);
    const attackIds = new Set<string>();
    const mitre = MITRE_VALUE.exec(name);
    if (mitre?.[1] !== undefined && mitre[2] !== undefined) {
      name = mitre[1].trim();
      attackIds.add(mitre[2]);
    }
    if (normaliseName(name) === '') {
      skipped.push({ name: entry.uuid ?? `value #${position + 1}`, reason: 'value has no name' });
      return;
    }
    if (entry.revoked === true) {
      skipped.push({ name, reason: 'revoked' });
      return;
    }
    for (const id of stringsOf(meta.external_id)) if (GROUP_ID.test(id)) attackIds.add(id);
    const synonyms = stringsOf(meta.synonyms);
    for (const synonym of synonyms) if (GROUP_ID.test(synonym)) attackIds.add(synonym);
    for (const attribution of stringsOf(meta['name-attribution'])) {
      const label = attribution.replace(/:[0-9a-f-]{36}$/i, '');
      if (GROUP_ID.test(label)) attackIds.add(label);
    }

    const coiners = originCoiners(meta);
    if (clusterType === 'microsoft-activity-group') coiners.set(normaliseName(name), 'microsoft');
    const aliases: ActorAlias[] = [];
    const seen = new Set<string>();
    for (const alias of [name, ...synonyms]) {
      const key = normaliseName(alias);
      if (key === '' || seen.has(key) || GROUP_ID.test(alias)) continue;
      seen.add(key);
      const item: ActorAlias = { name: alias };
      const coiner = coiners.get(key);
      if (coiner !== undefined) item.coinedBy = coiner;
      aliases.push(item);
    }

    const sponsorText = stringsOf(meta['cfr-suspected-state-sponsor'])[0];
    const sponsorFromCfr = sponsorText === undefined ? undefined : country(sponsorText);
    const countryText = stringsOf(meta.country)[0];
    const sponsor = sponsorFromCfr ?? (countryText === undefined ? undefined : country(countryText));
    // Microsoft files nation-state groups under their country; everything else there says what it is instead.
    const stateSponsor =
      sponsorFromCfr !== undefined || (clusterType === 'microsoft-activity-group' && sponsor !== undefined);
    const record: ActorRecord = {
      id: slugify(name),
      name,
      kind: kindOf(meta, clusterType, stateSponsor),
      aliases,
      sources: [sourceName],
    };
    // Several ATT&CK ids on one value (MISP "Lazarus Group" lists G0032 and G0082) means no single id is right.
    const [attackId] = attackIds;
    if (attackIds.size === 1 && attackId !== undefined) record.attackId = attackId;
    if (sponsor !== undefined) record.sponsor = sponsor;
    records.push(record);
  });
  return { records, skipped };
}

/**
 * Actor records from a MISP galaxy actor cluster: one per value, named by `value`, aliased by `meta.synonyms`, with
 * ATT&CK id, sponsor (ISO alpha-2) and kind where the cluster states them, and `sources: [sourceName]`. Ids are
 * slugs of the name, the built-in catalog's convention, so merging can line records up.
 */
export function fromMispGalaxy(json: unknown, sourceName: string, options: MispImportOptions = {}): ActorRecord[] {
  return parseMispGalaxy(json, sourceName, options).records;
}
