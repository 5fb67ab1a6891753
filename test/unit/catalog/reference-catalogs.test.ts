/**
 * Invariants of the hand-written reference catalogs: vendors (sources of findings), countries and sectors.
 *
 * Names are compared the way the phrase matcher compares them, by `nameKey` (letters and digits, lower case, accents
 * dropped), so "Dr.Web" and "Dr Web" or "Åland" and "Aland" count as the same name.
 *
 * Decisions worth knowing when editing the data:
 * - Plain "Korea"/"Korean" is in no country record: it may mean North or South Korea. Likewise "Congo"/"Congolese"
 *   (two countries), "Virgin Islands" (British and U.S.), "Republic of China" (also the tail of "People's Republic of
 *   China"), "Emirates" (mostly the airline) and "Persia"/"Persian". Dominica has no demonym because "Dominican" is
 *   the Dominican Republic's. `AMBIGUOUS_PLACE_NAMES` lists these together with in-catalog names that need context
 *   ("Georgia", "Jordan", "Chad", "Niger", "Guinea", "Turkey", "Jersey", "US", "America", "Washington" …).
 * - Kosovo (XK) is a user-assigned code, not ISO 3166-1, so it is not in the catalog.
 * - "Universities", "colleges", "schools" and "students" are education; "academia", "academic institutions",
 *   "academics", "scholars", research institutes and think tanks are research. Bare "researchers" is in no sector:
 *   in CTI prose it nearly always means the security researchers who wrote the report.
 * - Sector phrases are matched by exact key, so singular and plural, and British spellings, are listed separately.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { AMBIGUOUS_PLACE_NAMES, PLACE_NAME_TRAPS } from '../../../src/extract/catalog/ambiguous-places.ts';
import {
  countryCatalogSchema,
  SECTOR_IDS,
  sectorCatalogSchema,
  vendorCatalogSchema,
} from '../../../src/extract/catalog/reference-schema.ts';
import { BUILTIN_VENDOR_IDS } from '../../../src/extract/catalog/schema.ts';
import { nameKey } from '../../../src/extract/text/tokens.ts';

function load(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../../src/extract/catalog/data/${name}`, import.meta.url), 'utf8'));
}

const vendors = vendorCatalogSchema.parse(load('vendors.json'));
const countries = countryCatalogSchema.parse(load('countries.json'));
const sectors = sectorCatalogSchema.parse(load('sectors.json'));

/**
 * Vendor ids that the actor catalog uses for `coinedBy`, each of which must be a vendor record. `us-government` is a
 * coiner with no single vendor behind it (names like Hidden Cobra), so it has no record.
 */
const COINED_BY_VENDOR_IDS = BUILTIN_VENDOR_IDS.filter((id) => id !== 'us-government');

/** Entries of AMBIGUOUS_PLACE_NAMES that are deliberately in no country record. */
const OMITTED_PLACE_NAMES = [
  'korea',
  'korean',
  'koreans',
  'congo',
  'congolese',
  'virgin islands',
  'virgin islander',
  'virgin islanders',
  'republic of china',
  'emirates',
  'persia',
  'persian',
];

/**
 * Maps every name key to the records that carry it. Within one record a repeated key is reported as `dupes`; across
 * records the map's arrays grow beyond one owner.
 */
function indexNames<T>(records: readonly T[], owner: (r: T) => string, names: (r: T) => readonly string[]) {
  const index = new Map<string, string[]>();
  const dupes: string[] = [];
  for (const r of records) {
    const seen = new Set<string>();
    for (const n of names(r)) {
      const key = nameKey(n);
      assert.ok(key, `${owner(r)}: "${n}" has no letters or digits`);
      if (seen.has(key)) {
        dupes.push(`${owner(r)}: ${n}`);
        continue;
      }
      seen.add(key);
      const owners = index.get(key) ?? [];
      owners.push(owner(r));
      index.set(key, owners);
    }
  }
  const shared = [...index].filter(([, o]) => o.length > 1).map(([k, o]) => `${k} → ${o.join(', ')}`);
  return { index, dupes, shared };
}

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const dupes: string[] = [];
  for (const v of values) {
    if (seen.has(v)) dupes.push(v);
    seen.add(v);
  }
  return dupes;
}

const vendorNames = indexNames(
  vendors,
  (v) => v.id,
  (v) => [v.name, ...v.aliases],
);
const countryNames = indexNames(
  countries,
  (c) => c.code,
  (c) => [c.name, ...c.aliases, ...c.demonyms, ...(c.metonyms ?? [])],
);
const sectorNames = indexNames(
  sectors,
  (s) => s.id,
  (s) => [s.name, ...s.synonyms],
);

/** The single owner of a name, as a matcher would resolve it. */
function ownerOf(names: ReturnType<typeof indexNames>, surface: string): string | undefined {
  const owners = names.index.get(nameKey(surface));
  assert.ok(owners, `"${surface}" is in no record`);
  assert.equal(owners.length, 1, `"${surface}" is shared by ${owners.join(', ')}`);
  return owners[0];
}

describe('vendor catalog', () => {
  it('has at least 150 records with unique ids', () => {
    assert.ok(vendors.length >= 150, `only ${vendors.length} vendors`);
    assert.deepEqual(duplicates(vendors.map((v) => v.id)), []);
  });

  it('shares no name or alias between two vendors and repeats none within one', () => {
    assert.deepEqual(vendorNames.shared, []);
    assert.deepEqual(vendorNames.dupes, []);
  });

  it('has every vendor id the actor catalog uses for coinedBy', () => {
    const ids = new Set(vendors.map((v) => v.id));
    assert.deepEqual(
      COINED_BY_VENDOR_IDS.filter((id) => !ids.has(id)),
      [],
    );
  });

  it('only uses country codes that are in the country catalog', () => {
    const codes = new Set(countries.map((c) => c.code));
    const unknown = vendors.filter((v) => v.country !== undefined && !codes.has(v.country)).map((v) => v.id);
    assert.deepEqual(unknown, []);
  });

  it('resolves team and agency names to the organisation', () => {
    const cases: [string, string][] = [
      ['PricewaterhouseCoopers', 'pwc'],
      ['Mandiant Threat Intelligence', 'mandiant'],
      ['Mandiant Intelligence', 'mandiant'],
      ['Symantec Threat Hunter Team', 'symantec'],
      ['Counter Adversary Operations', 'crowdstrike'],
      ['MSTIC', 'microsoft'],
      ['Microsoft Threat Intelligence Center', 'microsoft'],
      ['MSRC', 'microsoft'],
      ['Threat Analysis Group', 'google-tag'],
      ['Google TAG', 'google-tag'],
      ['GTIG', 'google-tag'],
      ['Google', 'google'],
      ['Kaspersky GReAT', 'kaspersky'],
      ['Unit 42', 'palo-alto'],
      ['Unit42', 'palo-alto'],
      ['Talos', 'cisco-talos'],
      ['Insikt Group', 'recorded-future'],
      ['Counter Threat Unit', 'secureworks'],
      ['SentinelLabs', 'sentinelone'],
      ['Check Point Research', 'checkpoint'],
      ['Sophos X-Ops', 'sophos'],
      ['Dr Web', 'dr-web'],
      ['Justice Department', 'us-doj'],
      ['Department of Justice', 'us-doj'],
      ['DOJ', 'us-doj'],
      ['Treasury', 'us-treasury'],
      ['OFAC', 'us-treasury'],
      ['Office of Foreign Assets Control', 'us-treasury'],
      ['National Police Agency', 'japan-npa'],
      ['Korean National Police Agency', 'korea-knpa'],
      ['NCSC', 'ncsc-uk'],
      ['National Cyber Security Centre', 'ncsc-uk'],
      ['NZ NCSC', 'ncsc-nz'],
      ['ACSC', 'asd'],
      ['Federal Bureau of Investigation', 'fbi'],
      ['Cybersecurity and Infrastructure Security Agency', 'cisa'],
    ];
    for (const [surface, id] of cases) assert.equal(ownerOf(vendorNames, surface), id, surface);
  });

  it('uses the usual short names', () => {
    const byId = new Map(vendors.map((v) => [v.id, v]));
    const cases: [string, string][] = [
      ['us-doj', 'U.S. Justice Department'],
      ['us-treasury', 'U.S. Treasury Department'],
      ['mandiant', 'Mandiant'],
      ['symantec', 'Symantec'],
      ['pwc', 'PwC'],
      ['bae-systems', 'BAE Systems'],
    ];
    for (const [id, name] of cases) assert.equal(byId.get(id)?.name, name, id);
    assert.equal(byId.get('broadcom')?.kind, 'tech-company');
    assert.equal(byId.get('fbi')?.kind, 'government-agency');
  });

  it('flags names that are ordinary words, and only those', () => {
    const byId = new Map(vendors.map((v) => [v.id, v]));
    for (const id of ['lookout', 'elastic', 'wiz', 'apple', 'meta', 'expel']) {
      assert.equal(byId.get(id)?.commonWord, true, id);
    }
    for (const id of ['sophos', 'censys', 'mandiant', 'cisco-talos', 'proofpoint', 'checkpoint']) {
      assert.notEqual(byId.get(id)?.commonWord, true, id);
    }
    // Mixed-case short names are matched as proper nouns, so bare "GReAT" would also match a sentence-initial "Great".
    assert.ok(!vendorNames.index.has(nameKey('GReAT')));
  });
});

describe('country catalog', () => {
  it('has every ISO 3166-1 alpha-2 code exactly once', () => {
    assert.equal(countries.length, 249);
    assert.deepEqual(duplicates(countries.map((c) => c.code)), []);
    const codes = new Set(countries.map((c) => c.code));
    for (const code of ['US', 'GB', 'CN', 'RU', 'KP', 'KR', 'IR', 'HK', 'MO', 'TW', 'PS', 'AQ', 'UM', 'SX', 'BQ']) {
      assert.ok(codes.has(code), code);
    }
    assert.ok(!codes.has('XK'), 'Kosovo has no ISO 3166-1 code');
    assert.ok(!codes.has('UK'), 'the United Kingdom is GB');
  });

  it('shares no name, alias, demonym or metonym between two countries and repeats none within one', () => {
    assert.deepEqual(countryNames.shared, []);
    assert.deepEqual(countryNames.dupes, []);
  });

  it('uses the short names common in English news', () => {
    const byCode = new Map(countries.map((c) => [c.code, c.name]));
    const cases: [string, string][] = [
      ['US', 'United States'],
      ['GB', 'United Kingdom'],
      ['KR', 'South Korea'],
      ['KP', 'North Korea'],
      ['RU', 'Russia'],
      ['IR', 'Iran'],
      ['VN', 'Vietnam'],
      ['TW', 'Taiwan'],
      ['TR', 'Turkey'],
      ['CZ', 'Czechia'],
      ['SY', 'Syria'],
      ['LA', 'Laos'],
      ['MD', 'Moldova'],
      ['BO', 'Bolivia'],
      ['VE', 'Venezuela'],
      ['TZ', 'Tanzania'],
      ['HK', 'Hong Kong'],
      ['MO', 'Macao'],
    ];
    for (const [code, name] of cases) assert.equal(byCode.get(code), name, code);
  });

  it('resolves aliases, demonyms and metonyms to the right code', () => {
    const cases: [string, string][] = [
      ['Japanese', 'JP'],
      ['DPRK', 'KP'],
      ["Democratic People's Republic of Korea", 'KP'],
      ['North Korean', 'KP'],
      ['North Koreans', 'KP'],
      ['Pyongyang', 'KP'],
      ['Republic of Korea', 'KR'],
      ['ROK', 'KR'],
      ['South Korean', 'KR'],
      ['Seoul', 'KR'],
      ["People's Republic of China", 'CN'],
      ['PRC', 'CN'],
      ['Chinese', 'CN'],
      ['Beijing', 'CN'],
      ['Russian Federation', 'RU'],
      ['Kremlin', 'RU'],
      ['Moscow', 'RU'],
      ['Islamic Republic of Iran', 'IR'],
      ['Tehran', 'IR'],
      ['U.S.', 'US'],
      ['USA', 'US'],
      ['America', 'US'],
      ['United States of America', 'US'],
      ['American', 'US'],
      ['Americans', 'US'],
      ['UK', 'GB'],
      ['Britain', 'GB'],
      ['British', 'GB'],
      ['Türkiye', 'TR'],
      ['Turkish', 'TR'],
      ['Viet Nam', 'VN'],
      ['Vietnamese', 'VN'],
      ['Hanoi', 'VN'],
      ['UAE', 'AE'],
      ['Emirati', 'AE'],
      ['Saudi', 'SA'],
      ['Israeli', 'IL'],
      ['Ukrainian', 'UA'],
      ['Kyiv', 'UA'],
      ['Kiev', 'UA'],
      ['Taiwanese', 'TW'],
      ['Taipei', 'TW'],
      ['Dutch', 'NL'],
      ['Holland', 'NL'],
      ['Filipino', 'PH'],
      ['Philippine', 'PH'],
      ['Pakistani', 'PK'],
      ['Indian', 'IN'],
      ['Czech Republic', 'CZ'],
      ['Cote d’Ivoire', 'CI'],
      ['Macau', 'MO'],
      ['Burma', 'MM'],
      ['Swaziland', 'SZ'],
      ['Dominican', 'DO'],
    ];
    for (const [surface, code] of cases) assert.equal(ownerOf(countryNames, surface), code, surface);
  });
});

describe('ambiguous place names', () => {
  const keyOf = (s: string) => nameKey(s);

  it('are written in lower case without surrounding space', () => {
    for (const name of AMBIGUOUS_PLACE_NAMES) assert.equal(name, name.toLowerCase().trim(), name);
  });

  it('are either in the country catalog or deliberately left out of it', () => {
    const omitted = new Set(OMITTED_PLACE_NAMES);
    for (const name of omitted) assert.ok(AMBIGUOUS_PLACE_NAMES.has(name), `${name} is not listed as ambiguous`);
    for (const name of AMBIGUOUS_PLACE_NAMES) {
      const inCatalog = countryNames.index.has(keyOf(name));
      assert.equal(inCatalog, !omitted.has(name), omitted.has(name) ? `${name} should be left out` : `${name} unknown`);
    }
  });

  it('leave Korea and Congo alone ambiguous and give Dominica no demonym', () => {
    for (const name of ['Korea', 'Korean', 'Congo', 'Congolese', 'Virgin Islands']) {
      assert.ok(!countryNames.index.has(keyOf(name)), name);
    }
    assert.deepEqual(countries.find((c) => c.code === 'DM')?.demonyms, []);
  });

  it('list traps that contain a catalog name without being one', () => {
    assert.deepEqual(duplicates(PLACE_NAME_TRAPS.map(keyOf)), []);
    for (const trap of PLACE_NAME_TRAPS) {
      assert.ok(!countryNames.index.has(keyOf(trap)), `${trap} is itself a catalog name`);
      const words = trap.split(/\s+/);
      const containsName = words.some((_, i) =>
        words.some((__, j) => j >= i && countryNames.index.has(keyOf(words.slice(i, j + 1).join(' ')))),
      );
      assert.ok(containsName, `${trap} contains no catalog name`);
    }
  });
});

describe('sector catalog', () => {
  it('has exactly the closed taxonomy, each id once', () => {
    assert.deepEqual(duplicates(sectors.map((s) => s.id)), []);
    assert.deepEqual(sectors.map((s) => s.id).sort(), [...SECTOR_IDS].sort());
    assert.equal(SECTOR_IDS.length, 34);
  });

  it('puts no phrase in two sectors and repeats none within one', () => {
    assert.deepEqual(sectorNames.shared, []);
    assert.deepEqual(sectorNames.dupes, []);
  });

  it('has several phrases per sector', () => {
    const thin = sectors.filter((s) => s.synonyms.length < 8).map((s) => s.id);
    assert.deepEqual(thin, []);
  });

  it('maps the phrases news uses for victims to the right sector', () => {
    const cases: [string, string][] = [
      ['governmental agencies', 'government'],
      ['government entities', 'government'],
      ['federal agencies', 'government'],
      ['public sector', 'government'],
      ['ministries of foreign affairs', 'diplomatic'],
      ['embassies', 'diplomatic'],
      ['defense contracting', 'defense'],
      ['defence contractors', 'defense'],
      ['defense industrial base', 'defense'],
      ['IT service providers', 'it-services'],
      ['managed service providers', 'it-services'],
      ['MSPs', 'it-services'],
      ['cloud providers', 'it-services'],
      ['law firms', 'legal'],
      ['think tanks', 'research'],
      ['policy think tanks', 'research'],
      ['academic institutions', 'research'],
      ['universities', 'education'],
      ['telecoms', 'telecommunications'],
      ['telcos', 'telecommunications'],
      ['ISPs', 'telecommunications'],
      ['financial services', 'finance'],
      ['banks', 'finance'],
      ['gambling', 'entertainment'],
      ['casinos', 'entertainment'],
      ['restaurant', 'hospitality'],
      ['hotels', 'hospitality'],
      ['NGOs', 'ngo'],
      ['non-governmental organisations', 'ngo'],
      ['civil society', 'ngo'],
      ['news media organizations', 'media'],
      ['journalists', 'media'],
      ['religious organizations', 'religious'],
      ['crypto exchanges', 'cryptocurrency'],
      ['DeFi', 'cryptocurrency'],
      ['chipmakers', 'semiconductor'],
      ['oil and gas', 'energy'],
      ['water utilities', 'utilities'],
      ['industrial control systems', 'critical-infrastructure'],
      ['armed forces', 'military'],
      ['shipping companies', 'maritime'],
      ['logistics', 'transportation'],
      ['pharmaceutical companies', 'pharmaceutical'],
      ['hospitals', 'healthcare'],
      ['automakers', 'automotive'],
      ['political parties', 'political'],
      ['e-commerce', 'retail'],
      ['agriculture', 'agriculture'],
      ['construction companies', 'construction'],
      ['engineering firms', 'engineering'],
      ['aerospace', 'aerospace'],
      ['chemical manufacturers', 'chemical'],
      ['manufacturers', 'manufacturing'],
      ['technology companies', 'technology'],
    ];
    for (const [phrase, id] of cases) assert.equal(ownerOf(sectorNames, phrase), id, phrase);
  });

  it('leaves out bare words that mostly mean something else in CTI prose', () => {
    for (const word of ['researchers', 'power', 'ports', 'port', 'software', 'developers', 'bitcoin', 'space', 'MFA']) {
      assert.ok(!sectorNames.index.has(nameKey(word)), word);
    }
  });
});
