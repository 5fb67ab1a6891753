#!/usr/bin/env node
// The `claimwire` command. Runs the compiled CLI in dist/ (written by `npm run build`, which `npm install` in a clone
// and `npm pack` run); in a clone that has not been built yet it runs the TypeScript sources through tsx, a dev
// dependency, which is several times slower to start.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/src/cli/main.js', import.meta.url);
let entry;
if (existsSync(compiled)) {
  entry = await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  entry = await import('../src/cli/main.ts');
}
await entry.cli(process.argv.slice(2));
