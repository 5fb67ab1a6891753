import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runExtract } from '../../../src/cli/commands/extract.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), isTty: false }, out, err };
}

describe('claimwire extract', { timeout: 60_000 }, () => {
  let dir: string;
  const file = (name: string) => path.join(dir, name);

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'claimwire-extract-'));
    const text =
      'The espionage group APT10, also called Stone Panda, targeted pharmaceutical firms in Japan, Symantec said.';
    await writeFile(file('good.txt'), text);
    await writeFile(
      file('good.json'),
      JSON.stringify({ url: 'https://example.test/a', title: 'A', publisher: 'P', published: '2020-11-17', text }),
    );
    await writeFile(
      file('batch.jsonl'),
      [
        JSON.stringify({ url: 'https://example.test/1', text }),
        '{not json',
        JSON.stringify({ url: 'https://example.test/2', html: `<p>${text}</p>` }),
      ].join('\n'),
    );
    await writeFile(file('wrong-fields.json'), JSON.stringify({ title: 5, text: null, html: '<p>x</p>' }));
    await writeFile(file('array.json'), JSON.stringify([{ text }]));
    await writeFile(file('empty.html'), '');
    await writeFile(file('binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    await writeFile(
      file('malformed.html'),
      `<html><body><div><p>${text}<p>Unclosed <b>tags <i>everywhere</div></span>`,
    );
    await writeFile(
      file('huge.html'),
      `<html><body>${'<p>filler text for a page far over the limit</p>'.repeat(1_100_000)}</body></html>`,
    );
    await writeFile(file('notes.docx'), 'x');
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one JSON line per article in the contract shape, with the file as source', async () => {
    const c = capture();
    assert.equal(await runExtract([file('good.json'), file('good.txt'), '--published', '2020-11-17'], c.io), 0);
    assert.equal(c.out.length, 2);
    const r = JSON.parse(c.out[0] as string);
    assert.equal(r.source, file('good.json'));
    assert.deepEqual(Object.keys(r), [
      'source',
      'article',
      'actors',
      'vendors',
      'percentages',
      'dates',
      'sectors',
      'countries',
      'claims',
    ]);
    assert.equal(r.article.url, 'https://example.test/a');
    assert.equal(r.actors[0].id, 'apt10');
    assert.deepEqual(
      r.actors[0].mentions.map((m: { text: string }) => m.text),
      ['APT10', 'Stone Panda'],
    );
    assert.ok(
      r.claims.some(
        (c: { predicate: string; object: { id: string } }) =>
          c.predicate === 'targets-sector' && c.object.id === 'pharmaceutical',
      ),
    );
    assert.equal(JSON.parse(c.out[1] as string).article.published, '2020-11-17', '--published applies to .txt input');
  });

  it('reports a bad line of a JSON Lines file and keeps the good ones', async () => {
    const c = capture();
    assert.equal(await runExtract([file('batch.jsonl')], c.io), 1);
    assert.deepEqual(
      c.out.map((l) => JSON.parse(l).source),
      [`${file('batch.jsonl')}#1`, `${file('batch.jsonl')}#3`],
    );
    assert.equal(c.err.length, 1);
    assert.match(c.err[0] as string, /batch\.jsonl#2: invalid JSON/);
  });

  it('names the fields of an article object that have the wrong type', async () => {
    const c = capture();
    assert.equal(await runExtract([file('wrong-fields.json'), file('array.json')], c.io), 1);
    assert.equal(c.out.length, 0);
    assert.deepEqual(c.err, [
      `${file('wrong-fields.json')}: not an article object: title expected a string or null, got number; text expected a string, got null`,
      `${file('array.json')}: not an article object: (root) expected an object, got an array`,
    ]);
  });

  it('names each bad input with a clear reason and goes on with the others', async () => {
    const c = capture();
    const started = Date.now();
    const code = await runExtract(
      [
        file('empty.html'),
        file('binary.txt'),
        file('missing.json'),
        file('notes.docx'),
        file('huge.html'),
        file('malformed.html'),
        file('good.txt'),
      ],
      c.io,
    );
    assert.equal(code, 1);
    assert.ok(Date.now() - started < 20_000, 'a 50 MB page fails fast');
    const errors = c.err.join('\n');
    assert.match(errors, /empty\.html: empty file/);
    assert.match(errors, /binary\.txt: binary file/);
    assert.match(errors, /missing\.json: no such file/);
    assert.match(errors, /notes\.docx: unsupported file type "\.docx"/);
    assert.match(errors, /huge\.html: HTML input is \d+ bytes, over the \d+-byte cap/);
    // The malformed page and the good text still come out.
    assert.deepEqual(
      c.out.map((l) => path.basename(JSON.parse(l).source)),
      ['malformed.html', 'good.txt'],
    );
    const malformed = JSON.parse(c.out[0] as string);
    assert.match(malformed.article.text, /APT10, also called Stone Panda/);
  });

  it('refuses unknown options and no input with usage errors', async () => {
    await assert.rejects(runExtract([], capture().io), /no input files/);
    await assert.rejects(runExtract(['--format', 'csv', file('good.txt')], capture().io), /unknown --format/);
    await assert.rejects(
      runExtract(['--published', 'yesterday', file('good.txt')], capture().io),
      /--published must be/,
    );
  });
});
