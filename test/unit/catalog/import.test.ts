import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../../src/errors.ts';
import {
  coinerFromCitations,
  fromAttackBundle,
  parseAttackBundle,
  vendorIdFromText,
} from '../../../src/extract/catalog/import-attack.ts';
import { fromMispGalaxy, parseMispGalaxy } from '../../../src/extract/catalog/import-misp.ts';
import { importCatalogFile, loadLocalCatalog, writeFileAtomic } from '../../../src/extract/catalog/local-catalog.ts';
import { mergeCatalogs, normaliseName, overlayCatalog, slugify } from '../../../src/extract/catalog/merge.ts';
import { actorCatalogSchema } from '../../../src/extract/catalog/schema.ts';
import type { ActorRecord } from '../../../src/extract/catalog/types.ts';

const fixtures = fileURLToPath(new URL('../../fixtures/catalog/', import.meta.url));
const mispActorsPath = join(fixtures, 'misp-threat-actor.json');
const mispMitrePath = join(fixtures, 'misp-mitre-intrusion-set.json');
const attackPath = join(fixtures, 'attack-bundle.json');

async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8'));
}

/** A small stand-in for the built-in catalog; "Grizzly Steppe" is deliberately on two actors. */
function baseCatalog(): ActorRecord[] {
  return [
    {
      id: 'apt28',
      name: 'APT28',
      attackId: 'G0007',
      kind: 'state',
      sponsor: 'RU',
      aliases: [
        { name: 'APT28', coinedBy: 'mandiant' },
        { name: 'Fancy Bear', coinedBy: 'crowdstrike' },
        { name: 'Grizzly Steppe' },
      ],
      sources: ['builtin'],
    },
    {
      id: 'apt29',
      name: 'APT29',
      attackId: 'G0016',
      kind: 'state',
      sponsor: 'RU',
      aliases: [{ name: 'APT29' }, { name: 'Cozy Bear', coinedBy: 'crowdstrike' }, { name: 'Grizzly Steppe' }],
      sources: ['builtin'],
    },
    {
      id: 'apt10',
      name: 'APT10',
      attackId: 'G0045',
      kind: 'state',
      sponsor: 'CN',
      aliases: [{ name: 'APT10', coinedBy: 'mandiant' }, { name: 'menuPass' }],
      sources: ['builtin'],
    },
    {
      id: 'lazarus-group',
      name: 'Lazarus Group',
      kind: 'unknown',
      aliases: [{ name: 'Lazarus Group' }, { name: 'Hidden Cobra', coinedBy: 'us-government' }],
      sources: ['builtin'],
    },
    {
      id: 'unc2452',
      name: 'UNC2452',
      kind: 'state',
      aliases: [{ name: 'UNC2452', coinedBy: 'mandiant' }],
      sources: ['builtin'],
    },
  ];
}

function byId(catalog: readonly ActorRecord[], id: string): ActorRecord {
  const record = catalog.find((r) => r.id === id);
  assert.ok(record, `record ${id} exists`);
  return record;
}

function aliasNames(record: ActorRecord): string[] {
  return record.aliases.map((a) => a.name);
}

describe('name normalisation and ids', () => {
  it('treats case, spaces, hyphens and dots as the same name', () => {
    assert.equal(normaliseName('APT 10'), normaliseName('apt-10'));
    assert.equal(normaliseName('APT10'), normaliseName('A.P.T. 10'));
    assert.notEqual(normaliseName('APT10'), normaliseName('APT1'));
  });

  it('slugs names the way the built-in catalog does', () => {
    assert.equal(slugify('Lazarus Group'), 'lazarus-group');
    assert.equal(slugify('APT10'), 'apt10');
    assert.equal(slugify('Threat Group-3390'), 'threat-group-3390');
    assert.equal(slugify('  LAPSUS$ '), 'lapsus');
  });
});

describe('fromMispGalaxy', () => {
  it('reads a threat-actor cluster: names, ATT&CK id among synonyms, sponsor, kind, coiners', async () => {
    const result = parseMispGalaxy(await readJson(mispActorsPath), 'misp:threat-actor');
    assert.deepEqual(
      result.records.map((r) => r.id),
      ['apt-10', 'grizzly-steppe', 'hidden-cobra', 'scattered-spider'],
    );
    assert.deepEqual(result.skipped, [{ name: '00000000-0000-4000-8000-000000000105', reason: 'value has no name' }]);

    const apt10 = byId(result.records, 'apt-10');
    assert.equal(apt10.attackId, 'G0045');
    assert.equal(apt10.sponsor, 'CN');
    assert.equal(apt10.kind, 'state');
    assert.deepEqual(aliasNames(apt10), ['APT 10', 'MenuPass', 'Cloud Hopper'], 'G0045 is an id, not an alias');
    assert.equal(apt10.aliases.find((a) => a.name === 'Cloud Hopper')?.coinedBy, 'pwc');
    assert.deepEqual(apt10.sources, ['misp:threat-actor']);

    const cobra = byId(result.records, 'hidden-cobra');
    assert.equal(cobra.sponsor, 'KP', 'UN-style "Korea (Democratic People\'s Republic of)" resolves');
    assert.deepEqual(aliasNames(cobra), ['Hidden Cobra', 'Lazarus', 'Guardians of Peace'], 'hidden-cobra deduped');

    const spider = byId(result.records, 'scattered-spider');
    assert.equal(spider.kind, 'criminal');
    assert.equal(spider.sponsor, undefined);
    assert.equal(spider.aliases.find((a) => a.name === 'UNC3944')?.coinedBy, 'mandiant');

    const grizzly = byId(result.records, 'grizzly-steppe');
    assert.equal(grizzly.sponsor, 'RU', 'meta.country is an ISO code already');
    assert.equal(grizzly.kind, 'unknown', 'an origin country alone does not make a state actor');
    assert.ok(actorCatalogSchema.safeParse(result.records).success);
  });

  it('reads a mitre-intrusion-set cluster: strips " - Gnnnn", takes external_id as string or list, skips revoked', async () => {
    const result = parseMispGalaxy(await readJson(mispMitrePath), 'misp:mitre-intrusion-set');
    assert.deepEqual(
      result.records.map((r) => [r.id, r.name, r.attackId]),
      [
        ['apt28', 'APT28', 'G0007'],
        ['sandworm-team', 'Sandworm Team', 'G0034'],
      ],
    );
    assert.deepEqual(result.skipped, [{ name: 'Retired Group', reason: 'revoked' }]);
  });

  it('reads a microsoft-activity-group cluster: Microsoft coined the value; origin decides the kind', () => {
    const records = fromMispGalaxy(
      {
        type: 'microsoft-activity-group',
        values: [
          {
            value: 'Example Blizzard',
            meta: { country: 'RU', 'microsoft-origin-threat': 'Russia', synonyms: ['Older Name'] },
          },
          { value: 'Example Tempest', meta: { 'microsoft-origin-threat': 'Financially motivated' } },
          { value: 'Storm-9999', meta: { 'microsoft-origin-threat': 'Group in development' } },
        ],
      },
      'misp:microsoft-activity-group',
    );
    const [blizzard, tempest, storm] = records;
    assert.deepEqual(blizzard?.aliases, [{ name: 'Example Blizzard', coinedBy: 'microsoft' }, { name: 'Older Name' }]);
    assert.equal(blizzard?.kind, 'state');
    assert.equal(blizzard?.sponsor, 'RU');
    assert.equal(tempest?.kind, 'criminal');
    assert.equal(storm?.kind, 'unknown');
  });

  it('refuses non-actor clusters and non-clusters with an InputError', () => {
    assert.throws(
      () => fromMispGalaxy({ type: 'sector', category: 'sector', values: [] }, 'misp:sector'),
      (error: unknown) => error instanceof InputError && /not an actor cluster/.test(error.message),
    );
    assert.throws(() => fromMispGalaxy({ values: 'nope' }, 'x'), InputError);
  });
});

describe('fromAttackBundle', () => {
  it('keeps live intrusion sets only, with ATT&CK ids and aliases', async () => {
    const result = parseAttackBundle(await readJson(attackPath), 'attack:enterprise');
    assert.deepEqual(
      result.records.map((r) => [r.id, r.attackId]),
      [
        ['apt29', 'G0016'],
        ['turla', 'G0010'],
      ],
    );
    assert.deepEqual(result.skipped, [
      { name: 'Revoked Set', reason: 'revoked' },
      { name: 'Deprecated Set', reason: 'deprecated' },
    ]);
    assert.ok(actorCatalogSchema.safeParse(result.records).success);
  });

  it('sets coinedBy only when every citation names the same known vendor', async () => {
    const records = fromAttackBundle(await readJson(attackPath), 'attack:enterprise');
    const coiners = Object.fromEntries(records.flatMap((r) => r.aliases.map((a) => [a.name, a.coinedBy])));
    assert.equal(coiners.NOBELIUM, 'microsoft');
    assert.equal(coiners['Cozy Bear'], undefined, 'cited to CrowdStrike and ESET: not unmistakable');
    assert.equal(coiners.UNC2452, 'mandiant', 'FireEye citations count as Mandiant');
    assert.equal(coiners.Waterbug, 'symantec');
    assert.equal(coiners['Venomous Bear'], 'crowdstrike');
    assert.equal(coiners.Snake, undefined, 'unknown citing organisation');
    assert.equal(coiners['Secret Blizzard'], 'microsoft', 'two citations, one vendor');
    assert.equal(coiners.APT29, undefined, 'no alias reference for the name');
  });

  it('maps vendor names at a word boundary only', () => {
    assert.equal(vendorIdFromText('Unit 42 Sofacy Feb 2018'), 'palo-alto');
    assert.equal(vendorIdFromText('Cisco Talos Report'), 'cisco-talos');
    assert.equal(vendorIdFromText('Esetera Report'), undefined);
    assert.equal(coinerFromCitations('no citations here'), undefined);
  });

  it('refuses a non-bundle with an InputError', () => {
    assert.throws(() => fromAttackBundle({ type: 'intrusion-set' }, 'x'), InputError);
  });
});

describe('mergeCatalogs', () => {
  it('merges by ATT&CK id, by alias, adds new actors and reports conflicts', async () => {
    const incoming = fromMispGalaxy(await readJson(mispActorsPath), 'misp:threat-actor');
    const base = baseCatalog();
    const before = structuredClone(base);
    const { catalog, report } = mergeCatalogs(base, incoming);
    assert.deepEqual(base, before, 'inputs are not modified');

    // "APT 10" → apt10 by ATT&CK id: keeps the canonical name and id, adds only what is new.
    const apt10 = byId(catalog, 'apt10');
    assert.equal(apt10.name, 'APT10');
    assert.deepEqual(aliasNames(apt10), ['APT10', 'menuPass', 'Cloud Hopper'], '"APT 10" and "MenuPass" are not new');
    assert.deepEqual(apt10.sources, ['builtin', 'misp:threat-actor']);

    // "Hidden Cobra" → lazarus-group by alias; existing coiner kept, sponsor and kind filled.
    const lazarus = byId(catalog, 'lazarus-group');
    assert.deepEqual(aliasNames(lazarus), ['Lazarus Group', 'Hidden Cobra', 'Lazarus', 'Guardians of Peace']);
    assert.equal(lazarus.aliases[1]?.coinedBy, 'us-government');
    assert.equal(lazarus.sponsor, 'KP');
    assert.equal(lazarus.kind, 'state');

    // Scattered Spider is new.
    assert.equal(byId(catalog, 'scattered-spider').kind, 'criminal');

    // "Grizzly Steppe" names two actors: not merged, not added, reported with both candidates.
    assert.equal(
      catalog.some((r) => r.id === 'grizzly-steppe'),
      false,
    );
    assert.deepEqual(report.conflicts, [
      {
        incoming: 'Grizzly Steppe',
        resolution: 'skipped',
        candidates: [
          { id: 'apt28', name: 'APT28', attackId: 'G0007', matchedNames: ['Grizzly Steppe'] },
          { id: 'apt29', name: 'APT29', attackId: 'G0016', matchedNames: ['Grizzly Steppe'] },
        ],
      },
    ]);
    assert.deepEqual(
      { ...report, conflicts: report.conflicts.length },
      { added: 1, merged: 2, unchanged: 0, aliasesAdded: 3, conflicts: 1, skipped: [] },
    );
    assert.ok(actorCatalogSchema.safeParse(catalog).success);
  });

  it('merges by ATT&CK id but withholds aliases another actor carries, and says so', async () => {
    const incoming = fromAttackBundle(await readJson(attackPath), 'attack:enterprise');
    const { catalog, report } = mergeCatalogs(baseCatalog(), incoming);
    const apt29 = byId(catalog, 'apt29');
    assert.deepEqual(aliasNames(apt29), ['APT29', 'Cozy Bear', 'Grizzly Steppe', 'NOBELIUM', 'Midnight Blizzard']);
    assert.equal(apt29.aliases.find((a) => a.name === 'NOBELIUM')?.coinedBy, 'microsoft');
    assert.deepEqual(aliasNames(byId(catalog, 'unc2452')), ['UNC2452'], 'the other actor is untouched');
    assert.deepEqual(report.conflicts, [
      {
        incoming: 'APT29',
        incomingAttackId: 'G0016',
        resolution: 'merged-by-attack-id',
        mergedInto: 'apt29',
        withheldAliases: ['UNC2452'],
        candidates: [{ id: 'unc2452', name: 'UNC2452', matchedNames: ['UNC2452'] }],
      },
    ]);
    assert.equal(report.added, 1, 'Turla is new');
    assert.equal(byId(catalog, 'turla').attackId, 'G0010');
  });

  it('does not merge by name across different ATT&CK ids', () => {
    const incoming: ActorRecord[] = [
      { id: 'x', name: 'Fancy Bear', attackId: 'G0999', kind: 'unknown', aliases: [{ name: 'Fancy Bear' }] },
    ];
    const { catalog, report } = mergeCatalogs(baseCatalog(), incoming);
    assert.equal(catalog.length, baseCatalog().length);
    assert.equal(report.conflicts[0]?.resolution, 'skipped');
    assert.deepEqual(
      report.conflicts[0]?.candidates.map((c) => c.id),
      ['apt28'],
    );
  });

  it('folds duplicates inside the incoming list together and keeps ids unique', () => {
    const incoming: ActorRecord[] = [
      { id: 'evasive-panda', name: 'Evasive Panda', kind: 'unknown', aliases: [{ name: 'BRONZE HIGHLAND' }] },
      { id: 'bronze-highland', name: 'BRONZE HIGHLAND', kind: 'state', aliases: [{ name: 'Evasive Panda' }] },
      { id: 'apt28', name: 'Something Else', kind: 'unknown', aliases: [] },
      { id: 'nameless', name: '  ', kind: 'unknown', aliases: [] },
    ];
    const { catalog, report } = mergeCatalogs(baseCatalog(), incoming);
    assert.equal(byId(catalog, 'evasive-panda').kind, 'state');
    assert.equal(byId(catalog, 'apt28-2').name, 'Something Else');
    assert.deepEqual(report.skipped, [{ name: 'nameless', reason: 'record has no name' }]);
    assert.equal(report.added, 2);
    assert.equal(report.merged, 1);
  });

  it('is idempotent: a second merge of the same records changes nothing', async () => {
    const incoming = [
      ...fromMispGalaxy(await readJson(mispActorsPath), 'misp:threat-actor'),
      ...fromMispGalaxy(await readJson(mispMitrePath), 'misp:mitre-intrusion-set'),
      ...fromAttackBundle(await readJson(attackPath), 'attack:enterprise'),
    ];
    const first = mergeCatalogs(baseCatalog(), incoming);
    const second = mergeCatalogs(first.catalog, incoming);
    assert.deepEqual(second.catalog, first.catalog);
    assert.equal(second.report.added + second.report.merged + second.report.aliasesAdded, 0);
    assert.deepEqual(second.report.conflicts, first.report.conflicts);
  });

  it('overlays a local catalog on the built-in one by folding same-id records', () => {
    const local: ActorRecord[] = [
      { id: 'apt10', name: 'APT10', kind: 'state', aliases: [{ name: 'Cloud Hopper' }], sources: ['misp:x'] },
      { id: 'new-one', name: 'New One', kind: 'unknown', aliases: [{ name: 'New One' }] },
    ];
    const catalog = overlayCatalog(baseCatalog(), local);
    assert.deepEqual(aliasNames(byId(catalog, 'apt10')), ['APT10', 'menuPass', 'Cloud Hopper']);
    assert.deepEqual(byId(catalog, 'apt10').sources, ['builtin', 'misp:x']);
    assert.equal(catalog.at(-1)?.id, 'new-one');
  });
});

describe('local catalog files', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'claimwire-catalog-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('imports into a missing local catalog, writing only what differs from the built-in one', async () => {
    const local = join(dir, 'fresh', '.local', 'actors.json');
    const report = await importCatalogFile(mispActorsPath, local, { builtin: baseCatalog() });
    assert.equal(report.format, 'misp-galaxy');
    assert.equal(report.sourceName, 'misp:threat-actor');
    assert.equal(report.records, 4);
    assert.equal(report.added, 1);
    assert.equal(report.merged, 2);
    assert.equal(report.aliasesAdded, 3);
    assert.equal(report.conflicts.length, 1);
    assert.deepEqual(report.skipped, [{ name: '00000000-0000-4000-8000-000000000105', reason: 'value has no name' }]);
    const written = await loadLocalCatalog(local);
    assert.deepEqual(
      written.map((r) => r.id),
      ['apt10', 'lazarus-group', 'scattered-spider'],
    );
  });

  it('is idempotent on disk: the second import reports no change and leaves the bytes alone', async () => {
    const local = join(dir, 'twice', 'actors.json');
    for (const input of [mispActorsPath, mispMitrePath, attackPath]) {
      const first = await importCatalogFile(input, local, { builtin: baseCatalog() });
      const bytes = await readFile(local);
      const second = await importCatalogFile(input, local, { builtin: baseCatalog() });
      assert.deepEqual(await readFile(local), bytes, `${input}: file unchanged`);
      assert.equal(second.added, 0);
      assert.equal(second.merged, 0);
      assert.equal(second.aliasesAdded, 0);
      assert.equal(second.unchanged, first.records - first.conflicts.filter((c) => c.resolution === 'skipped').length);
      assert.deepEqual(second.conflicts, first.conflicts);
      assert.deepEqual(second.skipped, first.skipped);
    }
    const all = await loadLocalCatalog(local);
    assert.equal(byId(all, 'apt28').aliases.at(-1)?.name, 'STRONTIUM');
    assert.equal(byId(all, 'sandworm-team').attackId, 'G0034');
  });

  it('writes atomically: no temp file left behind, the target replaced whole', async () => {
    const local = join(dir, 'atomic', 'actors.json');
    await importCatalogFile(attackPath, local, { builtin: [] });
    await importCatalogFile(mispMitrePath, local, { builtin: [] });
    assert.deepEqual(await readdir(join(dir, 'atomic')), ['actors.json']);
    const text = await readFile(local, 'utf8');
    assert.ok(text.endsWith(']\n'));
    assert.ok(actorCatalogSchema.safeParse(JSON.parse(text)).success);
  });

  it('cleans up its temp file when the rename fails', async () => {
    const target = join(dir, 'blocked', 'actors.json');
    await mkdir(target, { recursive: true });
    await writeFile(join(target, 'keep'), 'x');
    await assert.rejects(writeFileAtomic(target, '[]\n'));
    assert.deepEqual(await readdir(join(dir, 'blocked')), ['actors.json']);
  });

  it('names the file in errors for invalid JSON, an unknown format, an empty file, a missing file', async () => {
    const local = join(dir, 'errors', 'actors.json');
    await mkdir(join(dir, 'errors'), { recursive: true });
    await writeFile(local, '[]\n');
    const cases: [string, string, RegExp][] = [
      ['broken.json', '{"type": "bundle", ', /not valid JSON/],
      ['unknown.json', '{"hello": "world"}', /not a catalog claimwire can import/],
      ['empty.json', '', /is empty/],
      ['blank.json', ' \n\t', /is empty/],
      ['sector.json', '{"type": "sector", "category": "sector", "values": []}', /not an actor cluster/],
    ];
    for (const [name, content, pattern] of cases) {
      const input = join(dir, 'errors', name);
      await writeFile(input, content);
      await assert.rejects(importCatalogFile(input, local, { builtin: [] }), (error: unknown) => {
        assert.ok(error instanceof InputError, `${name}: InputError`);
        assert.match(error.message, pattern);
        assert.ok(error.message.includes(input), `${name}: message names the file`);
        assert.equal(error.context.input, input);
        return true;
      });
    }
    const missing = join(dir, 'errors', 'missing.json');
    await assert.rejects(importCatalogFile(missing, local, { builtin: [] }), /missing\.json does not exist/);
    assert.equal(await readFile(local, 'utf8'), '[]\n', 'failed imports leave the local catalog alone');
  });

  it('loads a missing local catalog as empty and refuses a corrupt one by name', async () => {
    assert.deepEqual(await loadLocalCatalog(join(dir, 'nowhere', 'actors.json')), []);
    const corrupt = join(dir, 'corrupt.json');
    await writeFile(corrupt, '[{"id": "x"');
    await assert.rejects(loadLocalCatalog(corrupt), (error: unknown) => {
      return error instanceof InputError && error.message.includes(corrupt) && error.context.input === corrupt;
    });
    const invalid = join(dir, 'invalid.json');
    await writeFile(invalid, '[{"id": "Not A Slug", "name": "x", "kind": "state", "aliases": []}]');
    await assert.rejects(loadLocalCatalog(invalid), /invalid\.json is not a valid actor catalog: 0\.id/);
    await assert.rejects(
      importCatalogFile(attackPath, corrupt, { builtin: [] }),
      (error: unknown) => error instanceof InputError && error.message.includes(corrupt),
    );
    assert.equal(await readFile(corrupt, 'utf8'), '[{"id": "x"', 'a corrupt local catalog is never overwritten');
  });
});
