/**
 * Where claimwire's own files are, the same from source (tsx, `src/`) and compiled (`dist/src/`): the build copies
 * every file under `src/` that is not TypeScript next to the compiled modules, so a path relative to this module's
 * folder is right in both. Every data file the code reads (catalogs, UI assets, models) is found through `assetPath`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** `src/` from source, `dist/src/` once compiled. */
const CODE_ROOT = path.dirname(fileURLToPath(import.meta.url));

/** A file shipped with the code, by its path under `src/`, e.g. `assetPath('extract/catalog/data/actors.json')`. */
export function assetPath(...underSrc: string[]): string {
  return path.join(CODE_ROOT, ...underSrc);
}

let root: string | undefined;

/** The package (or clone) root: the nearest folder above the code holding package.json. */
export function packageRoot(): string {
  if (root) return root;
  for (let dir = path.dirname(CODE_ROOT); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) {
      root = dir;
      return dir;
    }
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${CODE_ROOT}`);
  }
}

/** True when claimwire runs from an installed package (under node_modules) rather than from a clone. */
export function isInstalled(): boolean {
  return packageRoot().split(path.sep).includes('node_modules');
}
