/**
 * Invariants of the built-in threat-actor catalog (src/extract/catalog/data/actors.json).
 *
 * Naming decisions the spot checks pin down:
 * - APT43 is an alias of Kimsuky, not its own record: Mandiant's APT43 overlaps Kimsuky/THALLIUM/Emerald Sleet and
 *   ATT&CK lists APT43 among Kimsuky's (G0094) associated groups. Likewise APT44 → Sandworm Team, APT45 → Andariel,
 *   Silk Typhoon → HAFNIUM, Linen Typhoon → APT27, Seashell Blizzard → Sandworm Team (Microsoft renamed its own
 *   actors), and Stolen Pencil → Kimsuky (ATT&CK revoked G0086 into Kimsuky).
 * - Groups ATT&CK keeps apart stay apart: FIN7 (G0046) / Carbanak (G0008); Lazarus Group (G0032) / APT38 (G0082) /
 *   Andariel (G0138) / Kimsuky (G0094); APT42 (G1044) / UNC788 (G1029); Contagious Interview (G1052) / the IT-worker
 *   cluster Famous Chollima. FIN12 is kept apart from Wizard Spider (Mandiant tracks it as a distinct Ryuk deployer),
 *   so "FIN12" names one actor.
 * - A name really used for two actors is listed in both records; `EXPECTED_SHARED` below is the complete list, so a
 *   new collision has to be added there on purpose.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { actorCatalogSchema, aliasKey, BUILTIN_VENDOR_IDS } from '../../../src/extract/catalog/schema.ts';
import type { ActorAlias, ActorRecord } from '../../../src/extract/catalog/types.ts';

const raw: unknown = JSON.parse(
  readFileSync(new URL('../../../src/extract/catalog/data/actors.json', import.meta.url), 'utf8'),
);
const actors: ActorRecord[] = actorCatalogSchema.parse(raw);
const byId = new Map(actors.map((a) => [a.id, a]));

function record(id: string): ActorRecord {
  const r = byId.get(id);
  assert.ok(r, `no record ${id}`);
  return r;
}

function alias(id: string, name: string): ActorAlias {
  const a = record(id).aliases.find((x) => aliasKey(x.name) === aliasKey(name));
  assert.ok(a, `${id} lacks alias ${name}`);
  return a;
}

/** Alias key → ids of the records that list it; only keys listed by more than one record. */
const EXPECTED_SHARED: Readonly<Record<string, readonly string[]>> = {
  carbanak: ['carbanak', 'fin7'],
  famouschollima: ['contagious-interview', 'famous-chollima'],
  lazarus: ['andariel', 'apt38', 'lazarus-group'],
  tropicalscorpius: ['cuba', 'romcom'],
  uac0056: ['ember-bear', 'saint-bear'],
  winnti: ['apt41', 'winnti-group'],
};

const ELEMENTS = new Set(
  (
    'hydrogen helium lithium beryllium boron carbon nitrogen oxygen fluorine neon sodium magnesium aluminium ' +
    'aluminum silicon phosphorus sulfur chlorine argon potassium calcium scandium titanium vanadium chromium ' +
    'manganese iron cobalt nickel copper zinc gallium germanium arsenic selenium bromine krypton rubidium strontium ' +
    'yttrium zirconium niobium molybdenum technetium ruthenium rhodium palladium silver cadmium indium tin antimony ' +
    'tellurium iodine xenon caesium cesium barium lanthanum cerium praseodymium neodymium promethium samarium ' +
    'europium gadolinium terbium dysprosium holmium erbium thulium ytterbium lutetium hafnium tantalum tungsten ' +
    'rhenium osmium iridium platinum gold mercury thallium lead bismuth polonium astatine radon francium radium ' +
    'actinium thorium protactinium uranium neptunium plutonium americium curium berkelium californium einsteinium ' +
    'fermium mendelevium nobelium lawrencium rutherfordium dubnium seaborgium bohrium hassium meitnerium ' +
    'darmstadtium roentgenium copernicium nihonium flerovium moscovium livermorium tennessine oganesson'
  ).split(' '),
);

/** Microsoft's weather-family suffixes (2023 taxonomy). */
const MICROSOFT_FAMILY = /^[A-Z][a-z]+ (Typhoon|Blizzard|Sandstorm|Sleet|Tempest|Cyclone|Hail|Rain|Dust)$/;
const MICROSOFT_CODE = /^(Storm|DEV)-\d{4}$/;
/** CrowdStrike's adversary animals. */
const CROWDSTRIKE_ANIMAL = /\b(Panda|Bear|Kitten|Chollima|Spider|Jackal|Tiger|Leopard|Wolf|Buffalo)$/;
/** CrowdStrike names outside the animal scheme (an incident cluster and a telecom-focused actor). */
const CROWDSTRIKE_OTHER = new Set(['StellarParticle', 'LightBasin']);
const SECUREWORKS_NAME = /^((Bronze|Iron|Cobalt|Gold|Nickel|Tin|Copper) [A-Za-z]+|(Threat Group[- ]|TG-)\d{4})$/i;
/** PwC's colour (sponsor) + name scheme, plus the operation it named with BAE Systems. */
const PWC_NAME = /^((Red|Blue|Yellow|Black|White|Green|Teal|Orange|Purple) [A-Z][a-z]+|Cloud Hopper)$/;
const PALO_ALTO_CONSTELLATION = /\b(Ursa|Taurus|Pisces|Serpens|Scorpius|Libra)$/;
const PALO_ALTO_LEGACY = new Set(
  'OilRig|Magic Hound|MuddyWater|DarkHydrus|Rancor|Gorgon Group|Scarlet Mimic|Lotus Blossom|SilverTerrier|Wagemole|Contagious Interview|SolarStorm|Infy'.split(
    '|',
  ),
);
const TREND_MICRO_LEGACY = new Set(
  'IXESHE|Taidoor|Iron Tiger|Tropic Trooper|BlackTech|REDBALDKNIGHT|Pawn Storm|Bouncing Golf|Operation C-Major'.split(
    '|',
  ),
);

const allAliases = actors.flatMap((r) => r.aliases.map((a) => ({ record: r, alias: a })));

describe('built-in actor catalog: shape', () => {
  it('validates against the catalog schema (unique ids and ATT&CK ids, G#### form)', () => {
    const result = actorCatalogSchema.safeParse(raw);
    assert.ok(result.success, result.success ? '' : JSON.stringify(result.error.issues.slice(0, 5)));
  });

  it('is big enough: ≥ 260 records, ≥ 180 with an ATT&CK id, ≥ 50 criminal', () => {
    assert.ok(actors.length >= 260, `${actors.length} records`);
    assert.ok(actors.filter((a) => a.attackId).length >= 180);
    assert.ok(actors.filter((a) => a.kind === 'criminal').length >= 50);
  });

  it('marks every record as built-in', () => {
    for (const a of actors) assert.deepEqual(a.sources, ['builtin'], a.id);
  });

  it('lists each record’s canonical name among its aliases', () => {
    for (const a of actors) {
      assert.ok(
        a.aliases.some((x) => aliasKey(x.name) === aliasKey(a.name)),
        `${a.id}: name ${a.name} missing from aliases`,
      );
    }
  });

  it('lists no alias twice within a record (case, spaces and punctuation ignored)', () => {
    for (const a of actors) {
      const keys = a.aliases.map((x) => aliasKey(x.name));
      const dupes = keys.filter((k, i) => keys.indexOf(k) !== i);
      assert.deepEqual(dupes, [], a.id);
    }
  });

  it('writes flags only when true', () => {
    for (const { record: r, alias: a } of allAliases) assert.notEqual(a.commonWord, false, `${r.id}: ${a.name}`);
  });

  it('leaves the sponsor off criminal records unless the crew is state-linked', () => {
    const stateLinked = new Set(['evil-corp', 'romcom', 'cinnamon-tempest']);
    for (const a of actors.filter((x) => x.kind === 'criminal' && x.sponsor)) {
      assert.ok(stateLinked.has(a.id), `${a.id} has sponsor ${a.sponsor}`);
    }
  });

  it('gives every state actor with an ATT&CK id in a well-attributed family a sponsor', () => {
    for (const id of [
      'apt10',
      'apt28',
      'apt29',
      'lazarus-group',
      'apt33',
      'apt32',
      'sidewinder',
      'transparent-tribe',
    ]) {
      assert.ok(record(id).sponsor, id);
    }
  });
});

describe('built-in actor catalog: who coined what', () => {
  it('uses only known vendor ids', () => {
    const known = new Set<string>(BUILTIN_VENDOR_IDS);
    for (const { record: r, alias: a } of allAliases) {
      if (a.coinedBy !== undefined) assert.ok(known.has(a.coinedBy), `${r.id}: ${a.name} coinedBy ${a.coinedBy}`);
    }
  });

  it('credits Microsoft-style names to Microsoft and Microsoft only with such names', () => {
    for (const { record: r, alias: a } of allAliases) {
      const msForm =
        MICROSOFT_FAMILY.test(a.name) ||
        MICROSOFT_CODE.test(a.name) ||
        (ELEMENTS.has(a.name.toLowerCase()) && a.name === a.name.toUpperCase());
      if (msForm) assert.equal(a.coinedBy, 'microsoft', `${r.id}: ${a.name}`);
      if (a.coinedBy === 'microsoft') {
        const ok = msForm || ELEMENTS.has(a.name.toLowerCase()) || ['ELBRUS', 'CHIMBORAZO'].includes(a.name);
        assert.ok(ok, `${r.id}: ${a.name} credited to microsoft`);
      }
    }
  });

  it('credits APT/UNC/FIN numbers and TEMP.* names to Mandiant, TA numbers to Proofpoint, UAC numbers to CERT-UA', () => {
    for (const { record: r, alias: a } of allAliases) {
      if (/^(APT|UNC|FIN)\d+$/.test(a.name) || /^TEMP\.[A-Z]/.test(a.name)) {
        assert.equal(a.coinedBy, 'mandiant', `${r.id}: ${a.name}`);
      }
      if (/^TA\d{3,4}$/.test(a.name)) assert.equal(a.coinedBy, 'proofpoint', `${r.id}: ${a.name}`);
      if (/^UAC-\d{4}$/.test(a.name)) assert.equal(a.coinedBy, 'cert-ua', `${r.id}: ${a.name}`);
    }
  });

  it('credits CrowdStrike, Secureworks, PwC, Palo Alto and Trend Micro only with names in their schemes', () => {
    for (const { record: r, alias: a } of allAliases) {
      const where = `${r.id}: ${a.name} (${a.coinedBy})`;
      if (a.coinedBy === 'crowdstrike')
        assert.ok(CROWDSTRIKE_ANIMAL.test(a.name) || CROWDSTRIKE_OTHER.has(a.name), where);
      if (a.coinedBy === 'secureworks') assert.ok(SECUREWORKS_NAME.test(a.name), where);
      if (a.coinedBy === 'pwc') assert.ok(PWC_NAME.test(a.name), where);
      if (a.coinedBy === 'palo-alto') {
        assert.ok(PALO_ALTO_CONSTELLATION.test(a.name) || PALO_ALTO_LEGACY.has(a.name), where);
      }
      if (a.coinedBy === 'trend-micro') {
        assert.ok(/^(Earth|Water|Void) [A-Z]/.test(a.name) || TREND_MICRO_LEGACY.has(a.name), where);
      }
    }
  });
});

describe('built-in actor catalog: common words', () => {
  it('flags chemical-element names (Microsoft’s old actor names) as common words', () => {
    for (const { record: r, alias: a } of allAliases) {
      if (ELEMENTS.has(a.name.toLowerCase())) assert.equal(a.commonWord, true, `${r.id}: ${a.name}`);
    }
  });

  it('never flags structured codes (APT10, TA505, UNC2452, Storm-0558, TEMP.Veles)', () => {
    const code = /^(APT|UNC|FIN|TA|DEV-|Storm-|TAG-|UAC-|TG-|APT-C-|ATK|ITG|T-APT-)\d/;
    for (const { record: r, alias: a } of allAliases) {
      if (code.test(a.name) || a.name.startsWith('TEMP.')) assert.notEqual(a.commonWord, true, `${r.id}: ${a.name}`);
    }
  });

  it('flags ordinary words and leaves coined names alone', () => {
    const common: [string, string][] = [
      ['apt10', 'Cicada'],
      ['apt10', 'POTASSIUM'],
      ['sandworm-team', 'Sandworm'],
      ['apt41', 'BARIUM'],
      ['lazarus-group', 'Lazarus'],
      ['apt33', 'Elfin'],
      ['equation-group', 'Equation'],
      ['patchwork', 'Patchwork'],
      ['sidewinder', 'Sidewinder'],
      ['bronze-butler', 'Tick'],
      ['gallium', 'GALLIUM'],
      ['lazarus-group', 'ZINC'],
      ['apt28', 'STRONTIUM'],
      ['apt15', 'NICKEL'],
      ['platinum', 'PLATINUM'],
      ['dragonfly', 'Dragonfly'],
      ['machete', 'Machete'],
      ['inception', 'Inception'],
      ['dust-storm', 'Dust Storm'],
      ['apt29', 'The Dukes'],
      ['play', 'Play'],
    ];
    for (const [id, name] of common) assert.equal(alias(id, name).commonWord, true, `${id}: ${name}`);
    const coined: [string, string][] = [
      ['turla', 'Turla'],
      ['muddywater', 'Seedworm'],
      ['carbanak', 'Carbanak'],
      ['winnti-group', 'Winnti'],
      ['gamaredon-group', 'Gamaredon'],
      ['apt35', 'Charming Kitten'],
      ['apt28', 'Sofacy'],
      ['rocke', 'Rocke'],
      ['darkhotel', 'Darkhotel'],
      ['gorgon-group', 'Gorgon Group'],
      ['ta505', 'TA505'],
      ['apt29', 'UNC2452'],
    ];
    for (const [id, name] of coined) assert.notEqual(alias(id, name).commonWord, true, `${id}: ${name}`);
  });
});

describe('built-in actor catalog: spot checks', () => {
  it('APT10: G0045, Stone Panda (CrowdStrike), Cicada (Symantec), Cloud Hopper (PwC), POTASSIUM (Microsoft)', () => {
    const r = record('apt10');
    assert.equal(r.name, 'APT10');
    assert.equal(r.attackId, 'G0045');
    assert.equal(r.sponsor, 'CN');
    assert.equal(alias('apt10', 'Stone Panda').coinedBy, 'crowdstrike');
    assert.equal(alias('apt10', 'Cicada').coinedBy, 'symantec');
    assert.equal(alias('apt10', 'Cloud Hopper').coinedBy, 'pwc');
    assert.equal(alias('apt10', 'POTASSIUM').coinedBy, 'microsoft');
    for (const n of ['menuPass', 'Red Apollo', 'Purple Typhoon', 'Bronze Riverside', 'Granite Taurus', 'APT 10']) {
      alias('apt10', n);
    }
  });

  it('APT28: G0007 with Fancy Bear, STRONTIUM, Forest Blizzard, Sofacy', () => {
    const r = record('apt28');
    assert.equal(r.attackId, 'G0007');
    assert.equal(r.sponsor, 'RU');
    assert.equal(alias('apt28', 'Fancy Bear').coinedBy, 'crowdstrike');
    assert.equal(alias('apt28', 'STRONTIUM').coinedBy, 'microsoft');
    assert.equal(alias('apt28', 'Forest Blizzard').coinedBy, 'microsoft');
    alias('apt28', 'Sofacy');
    alias('apt28', 'Sednit');
    alias('apt28', 'Pawn Storm');
  });

  it('APT29: G0016 with Midnight Blizzard, NOBELIUM, Cozy Bear and the merged UNC2452', () => {
    const r = record('apt29');
    assert.equal(r.attackId, 'G0016');
    for (const n of ['Midnight Blizzard', 'NOBELIUM', 'Cozy Bear', 'UNC2452', 'The Dukes']) alias('apt29', n);
    assert.equal(alias('apt29', 'Cozy Bear').coinedBy, 'crowdstrike');
  });

  it('Kimsuky carries APT43; the North Korean clusters stay separate records', () => {
    assert.equal(record('kimsuky').attackId, 'G0094');
    assert.equal(alias('kimsuky', 'APT43').coinedBy, 'mandiant');
    alias('kimsuky', 'Velvet Chollima');
    alias('kimsuky', 'Emerald Sleet');
    assert.equal(record('lazarus-group').attackId, 'G0032');
    assert.equal(record('apt38').attackId, 'G0082');
    assert.equal(record('andariel').attackId, 'G0138');
    alias('andariel', 'APT45');
    alias('apt38', 'Bluenoroff');
    for (const id of ['lazarus-group', 'apt38', 'andariel']) {
      assert.ok(!record(id).aliases.some((a) => aliasKey(a.name) === 'apt43'), `${id} must not carry APT43`);
    }
  });

  it('Microsoft’s renamed actors sit with the groups they always were', () => {
    alias('sandworm-team', 'Seashell Blizzard');
    alias('sandworm-team', 'APT44');
    alias('hafnium', 'Silk Typhoon');
    alias('apt27', 'Linen Typhoon');
    alias('apt31', 'Violet Typhoon');
    alias('apt41', 'Brass Typhoon');
    alias('muddywater', 'Mango Sandstorm');
    alias('apt35', 'Mint Sandstorm');
    alias('turla', 'Secret Blizzard');
    alias('gamaredon-group', 'Aqua Blizzard');
    alias('star-blizzard', 'SEABORGIUM');
  });

  it('keeps the groups ATT&CK keeps apart apart', () => {
    assert.equal(record('fin7').attackId, 'G0046');
    assert.equal(record('carbanak').attackId, 'G0008');
    assert.equal(record('winnti-group').attackId, 'G0044');
    assert.equal(record('apt41').attackId, 'G0096');
    assert.equal(record('apt42').attackId, 'G1044');
    assert.equal(record('unc788').attackId, 'G1029');
    assert.notEqual(record('fin12').id, record('wizard-spider').id);
  });

  it('has the recent state groups, with ATT&CK ids only where ATT&CK has them', () => {
    assert.equal(record('volt-typhoon').attackId, 'G1017');
    assert.equal(record('salt-typhoon').attackId, 'G1045');
    for (const id of ['flax-typhoon', 'storm-0558', 'unc5221', 'famous-chollima', 'void-blizzard']) {
      assert.equal(record(id).attackId, undefined, id);
      assert.equal(record(id).kind, 'state', id);
    }
    assert.equal(record('unc3886').attackId, 'G1048');
    assert.equal(alias('volt-typhoon', 'Vanguard Panda').coinedBy, 'crowdstrike');
    assert.equal(alias('salt-typhoon', 'GhostEmperor').coinedBy, 'kaspersky');
  });

  it('has the big criminal crews under their usual names', () => {
    const names: Record<string, string> = {
      lockbit: 'LockBit',
      alphv: 'ALPHV',
      conti: 'Conti',
      revil: 'REvil',
      cl0p: 'Cl0p',
      'black-basta': 'Black Basta',
      akira: 'Akira',
      'scattered-spider': 'Scattered Spider',
      lapsus: 'LAPSUS$',
      'evil-corp': 'Evil Corp',
      'wizard-spider': 'Wizard Spider',
      fin7: 'FIN7',
      ta505: 'TA505',
    };
    for (const [id, name] of Object.entries(names)) {
      assert.equal(record(id).name, name, id);
      assert.equal(record(id).kind, 'criminal', id);
    }
    alias('alphv', 'BlackCat');
    alias('revil', 'Sodinokibi');
    for (const n of ['UNC3944', 'Octo Tempest', '0ktapus', 'Muddled Libra']) alias('scattered-spider', n);
    alias('emotet', 'TA542');
    alias('evil-corp', 'Indrik Spider');
  });

  it('names records the way analysts do', () => {
    const names: Record<string, string> = {
      apt10: 'APT10',
      apt27: 'APT27',
      apt34: 'APT34',
      apt35: 'APT35',
      apt40: 'APT40',
      'lazarus-group': 'Lazarus Group',
      'sandworm-team': 'Sandworm Team',
      turla: 'Turla',
      kimsuky: 'Kimsuky',
      muddywater: 'MuddyWater',
      'mustang-panda': 'Mustang Panda',
      hafnium: 'HAFNIUM',
      blacktech: 'BlackTech',
    };
    for (const [id, name] of Object.entries(names)) assert.equal(record(id).name, name, id);
  });
});

describe('built-in actor catalog: shared names', () => {
  it('shares exactly the listed aliases between records', () => {
    const owners = new Map<string, Set<string>>();
    for (const r of actors) {
      for (const a of r.aliases) {
        const k = aliasKey(a.name);
        owners.set(k, (owners.get(k) ?? new Set()).add(r.id));
      }
    }
    const shared = Object.fromEntries(
      [...owners]
        .filter(([, ids]) => ids.size > 1)
        .map(([k, ids]) => [k, [...ids].sort()])
        .sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
    assert.deepEqual(shared, EXPECTED_SHARED);
  });

  it('gives no record a canonical name that is another record’s alias, unless listed as shared', () => {
    for (const r of actors) {
      const k = aliasKey(r.name);
      const others = actors.filter((o) => o.id !== r.id && o.aliases.some((a) => aliasKey(a.name) === k));
      if (others.length > 0) assert.ok(k in EXPECTED_SHARED, `${r.name} is also an alias of ${others[0]?.id}`);
    }
  });
});
