#!/usr/bin/env node
// The `claimwire` command. Runs the compiled CLI in dist/ (written by `npm run build`, which `npm install` in a clone
// and `npm pack` run). In a clone whose sources changed after the last build, or that has not been built, it runs the
// TypeScript sources through tsx, a dev dependency (several times slower to start), so it never runs stale code.
import { readdirSync, statSync } from 'node:fs';
import module from 'node:module';

// Node ≥ 22.1 keeps compiled code of the modules it loads on disk (in the OS temp dir), so later starts skip parsing
// and compiling them; Node 20 (which this package supports) has no such API, and then this does nothing.
module.enableCompileCache?.();

const compiled = new URL('../dist/src/cli/main.js', import.meta.url);
const SOURCE_DIRS = ['../src/', '../workers/', '../config/'].map((dir) => new URL(dir, import.meta.url));

/** Modification time in ms, or -1 when the file is not there. */
function mtime(url) {
  try {
    return statSync(url).mtimeMs;
  } catch {
    return -1;
  }
}

/** True when a TypeScript source is newer than the build (an installed package or the image ships none). */
function sourcesNewerThan(builtAt) {
  return SOURCE_DIRS.some((dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { recursive: true, withFileTypes: true });
    } catch {
      return false;
    }
    return entries.some(
      (e) => e.isFile() && e.name.endsWith('.ts') && statSync(`${e.parentPath}/${e.name}`).mtimeMs > builtAt,
    );
  });
}

const builtAt = mtime(compiled);
let entry;
if (builtAt >= 0 && !sourcesNewerThan(builtAt)) {
  entry = await import(compiled.href);
} else {
  if (builtAt >= 0)
    process.stderr.write(
      'claimwire: the sources changed since the last build; running them through tsx (npm run build)\n',
    );
  const { register } = await import('tsx/esm/api');
  register();
  entry = await import('../src/cli/main.ts');
}
await entry.cli(process.argv.slice(2));
