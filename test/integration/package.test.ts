/**
 * The package as npm would publish it (needs `npm run build`, which `npm test` runs first): the tarball holds the
 * compiled code with every data file the code reads, and none of the tests, benchmarks or CI; the library entry
 * `import { extract } from 'claimwire'` works and is typed.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { packageRoot } from '../../src/paths.ts';

const ROOT = packageRoot();

function tarballFiles(): string[] {
  const json = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const [pack] = JSON.parse(json) as { files: { path: string }[] }[];
  return (pack?.files ?? []).map((f) => f.path);
}

describe('npm package', () => {
  it('ships dist/ with every non-TypeScript file under src/, and no tests, benches, CI or sources', () => {
    const files = new Set(tarballFiles());
    const assets = readdirSync(path.join(ROOT, 'src'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && !e.name.endsWith('.ts'))
      .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)));
    assert.ok(assets.length >= 8, 'catalogs and UI assets');
    for (const asset of assets) assert.ok(files.has(`dist/${asset}`), `dist/${asset} is in the tarball`);
    for (const needed of [
      'bin/claimwire.js',
      'dist/src/cli/main.js',
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'dist/workers/run.js',
      // Written by the build from compromise's lexicon, so an installed `extract` does not load compromise for it.
      'dist/src/extract/ordinary-words.json',
      'config/sources.json',
      'config/elasticsearch-runner/pom.xml',
      'samples/apt10-symantec-2020.html',
      'README.md',
      'package.json',
    ]) {
      assert.ok(files.has(needed), `${needed} is in the tarball`);
    }
    const unwanted = [...files].filter((f) => /^(test|bench|\.ci|scripts|src|node_modules|\.local)\//.test(f));
    assert.deepEqual(unwanted, []);
    assert.deepEqual(
      [...files].filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')),
      [],
      'no TypeScript sources',
    );
  });

  it('is installable: not private, with a bin, a typed library entry and production dependencies only at run time', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.notEqual(pkg.private, true);
    assert.equal(pkg.exports['.'].types, './dist/src/index.d.ts');
    for (const dev of ['tsx', 'typescript', '@biomejs/biome']) assert.equal(pkg.dependencies[dev], undefined, dev);
    const declarations = readFileSync(path.join(ROOT, 'dist', 'src', 'index.d.ts'), 'utf8');
    assert.match(
      declarations,
      /export declare function extract\(input: string \| Article, options\?: ExtractInputOptions\): ExtractionResult;/,
    );
  });

  it("`import { extract } from 'claimwire'` extracts a page with the built-in catalog", async () => {
    // Through the package's own name, so Node resolves it by "exports" as it would for a dependent (a variable keeps
    // tsc from type-checking against dist/, which a clone that has not been built yet does not have).
    const name = 'claimwire';
    const { extract } = (await import(name)) as typeof import('../../src/index.ts');
    const html = readFileSync(path.join(ROOT, 'samples', 'apt10-symantec-2020.html'), 'utf8');
    const result = extract(html, { url: 'https://example.test/a' });
    assert.deepEqual(
      result.actors.map((a) => a.name),
      ['APT10'],
    );
    // "Symantec researchers said Tuesday that a hacking group linked to the Chinese government …" (the sample's lede).
    assert.ok(result.claims.some((c) => c.predicate === 'reported-by' && c.object?.name === 'Symantec'));
    for (const c of result.claims)
      assert.equal(result.article.text.slice(c.citation.start, c.citation.end), c.citation.quote);
  });
});
