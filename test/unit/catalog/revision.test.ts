/**
 * What stamps an extraction: the catalog revision (a hash of the records) and the extractor version; and the catalog
 * a long-running process keeps in step with its local file.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { importedNames } from '../../../src/cli/commands/actors.ts';
import { buildCatalog, builtinData, catalogRevision } from '../../../src/extract/catalog/index.ts';
import { LiveCatalog, loadCatalogFrom } from '../../../src/extract/catalog/live-catalog.ts';
import type { ActorRecord } from '../../../src/extract/catalog/types.ts';
import { extractArticle, extractorVersion } from '../../../src/extract/index.ts';
import { defaultModels } from '../../../src/extract/model/models.ts';

const data = builtinData();
const heron: ActorRecord = {
  id: 'copper-heron',
  name: 'Copper Heron',
  kind: 'unknown',
  aliases: [{ name: 'TA-Heron' }],
  sources: ['misp:threat-actor'],
};

describe('catalog revision', () => {
  it('is the same for the same records, and changes with one alias', () => {
    const a = catalogRevision(data);
    assert.match(a, /^[0-9a-f]{12}$/);
    assert.equal(catalogRevision(builtinData()), a);
    const [first, ...rest] = data.actors as [ActorRecord, ...ActorRecord[]];
    const renamed = { ...data, actors: [{ ...first, aliases: [...first.aliases, { name: 'Extra Alias' }] }, ...rest] };
    assert.notEqual(catalogRevision(renamed), a);
    assert.equal(buildCatalog(data).revision, a);
  });
});

describe('extractor version', () => {
  it('names the code version, the feature version and the weights', () => {
    assert.match(extractorVersion(), /^c\d+\.f\d+\.w[0-9a-f]{8}$/);
    assert.equal(extractorVersion(), extractorVersion(defaultModels()));
    const retrained = { ...defaultModels(), trainedOn: 'something else' };
    assert.notEqual(extractorVersion(retrained), extractorVersion());
  });
});

describe('LiveCatalog', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cw-live-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('follows its file: an actor written there is known after refresh, without a new object', async () => {
    const file = path.join(dir, 'actors.json');
    const changes: string[] = [];
    const live = await LiveCatalog.open(file, {
      minIntervalMs: 0,
      onChange: (from, to) => changes.push(`${from}>${to}`),
    });
    const first = live.revision;
    assert.equal(live.actors.has('copper-heron'), false);
    assert.equal(await live.refresh(), false, 'nothing changed');
    await writeFile(file, JSON.stringify([heron]));
    assert.equal(await live.refresh(), true);
    assert.equal(live.actors.has('copper-heron'), true);
    assert.notEqual(live.revision, first);
    assert.deepEqual(changes, [`${first}>${live.revision}`]);
    assert.equal(live.revision, (await loadCatalogFrom(file)).revision);
    // Extraction through it sees the new actor.
    const r = extractArticle(
      {
        url: 'https://news.example/x',
        title: null,
        publisher: null,
        authors: [],
        published: '2021-01-01',
        modified: null,
        language: 'en',
        text: 'The threat actor tracked as TA-Heron targeted hospitals in Norway, according to Symantec.',
        paragraphs: [],
      },
      { catalog: live },
    );
    assert.ok(r.actors.some((a) => a.id === 'copper-heron'));
  });

  it('keeps the catalog in use when the file changes into something that does not load', async () => {
    const file = path.join(dir, 'broken.json');
    await writeFile(file, JSON.stringify([heron]));
    const errors: unknown[] = [];
    const live = await LiveCatalog.open(file, { minIntervalMs: 0, onError: (e) => errors.push(e) });
    const revision = live.revision;
    await writeFile(file, '[{"id": ');
    assert.equal(await live.refresh(), false);
    assert.equal(live.revision, revision);
    assert.equal(live.actors.has('copper-heron'), true);
    assert.equal(errors.length, 1);
    assert.match(String(errors[0]), /broken\.json/);
  });

  it('looks at the file at most once per interval unless forced', async () => {
    const file = path.join(dir, 'throttled.json');
    const live = await LiveCatalog.open(file, { minIntervalMs: 60_000 });
    await live.refresh(true);
    await writeFile(file, JSON.stringify([heron]));
    assert.equal(await live.refresh(), false, 'looked a moment ago');
    assert.equal(await live.refresh(true), true);
  });
});

describe('importedNames (what actors import --reextract looks for)', () => {
  it('the new and changed actors and only the names they did not have', () => {
    const before = buildCatalog(data);
    assert.equal(importedNames(before, buildCatalog(builtinData())), null);
    const apt10 = data.actors.find((a) => a.id === 'apt10') as ActorRecord;
    const after = buildCatalog({
      ...data,
      actors: [
        ...data.actors.filter((a) => a.id !== 'apt10'),
        { ...apt10, aliases: [...apt10.aliases, { name: 'Potassium Panda' }] },
        heron,
      ],
    });
    const s = importedNames(before, after);
    assert.deepEqual(s?.actorIds?.sort(), ['apt10', 'copper-heron']);
    assert.deepEqual(s?.names?.sort(), ['Copper Heron', 'Potassium Panda', 'TA-Heron']);
  });
});
