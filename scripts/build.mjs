#!/usr/bin/env node
// `npm run build`: compiles src/, workers/ and config/ with tsc (tsconfig.build.json) into dist/, then copies every
// file under src/ that is not TypeScript (catalog JSON, UI assets, models, …) to the same place under dist/src/,
// so code that finds its data next to itself (src/paths.ts) works compiled as it does from source. A data file
// added later is picked up without changing this script. dist/ is rebuilt from scratch: nothing stale survives.
// Last, it writes what start-up would otherwise compute on every run: the ordinary words of compromise's lexicon
// (src/extract/compromise-lazy.ts), so a compiled extract loads a JSON file instead of compromise.
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
rmSync(dist, { recursive: true, force: true });

const tsc = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (tsc.status !== 0) {
  console.error('build: tsc failed');
  process.exit(tsc.status ?? 1);
}

let copied = 0;
for (const entry of readdirSync(path.join(root, 'src'), { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || entry.name.endsWith('.ts')) continue;
  const from = path.join(entry.parentPath, entry.name);
  cpSync(from, path.join(dist, path.relative(root, from)));
  copied++;
}
console.log(`build: dist/ compiled, ${copied} asset file(s) copied from src/`);

const lazy = await import(pathToFileURL(path.join(dist, 'src', 'extract', 'compromise-lazy.js')).href);
const words = lazy.ordinaryWordsFromLexicon(lazy.compromiseLexicon());
writeFileSync(lazy.ORDINARY_WORDS_FILE, JSON.stringify(words));
console.log(
  `build: ${words.length} ordinary words from compromise's lexicon written to ${path.relative(root, lazy.ORDINARY_WORDS_FILE)}`,
);
