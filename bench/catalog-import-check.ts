/**
 * Imports the real MISP galaxy clusters in `../shared/data/misp-galaxy/` (when present) into a throw-away local
 * catalog on top of the built-in actor catalog, one file at a time, and prints each merge report: a check that the
 * importer copes with real files and a view of how much they overlap with (and contradict) the built-in catalog.
 *
 * usage: npx tsx bench/catalog-import-check.ts
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ClaimwireError } from '../src/errors.ts';
import { importCatalogFile } from '../src/extract/catalog/local-catalog.ts';
import type { MergeConflict } from '../src/extract/catalog/merge.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const galaxyDir = resolve(root, '../shared/data/misp-galaxy');

if (!existsSync(galaxyDir)) {
  console.log(`No MISP galaxy data at ${galaxyDir}; nothing to check.`);
  process.exit(0);
}

function describeConflict(conflict: MergeConflict): string {
  const candidates = conflict.candidates
    .map((c) => `${c.id}${c.attackId ? ` ${c.attackId}` : ''} via ${c.matchedNames.join(', ')}`)
    .join(' | ');
  const id = conflict.incomingAttackId ? ` (${conflict.incomingAttackId})` : '';
  if (conflict.resolution === 'merged-by-attack-id') {
    return `${conflict.incoming}${id} → merged into ${conflict.mergedInto}, withheld [${conflict.withheldAliases?.join(', ')}] shared with ${candidates}`;
  }
  return `${conflict.incoming}${id} → skipped; matches ${candidates}`;
}

const files = readdirSync(galaxyDir)
  .filter((name) => name.endsWith('.json'))
  .sort();
const work = await mkdtemp(join(tmpdir(), 'claimwire-import-check-'));
const totalStart = performance.now();
try {
  for (const name of files) {
    const local = join(work, name.replace(/\.json$/, ''), 'actors.json');
    const start = performance.now();
    try {
      const report = await importCatalogFile(join(galaxyDir, name), local);
      const ms = performance.now() - start;
      const skippedConflicts = report.conflicts.filter((c) => c.resolution === 'skipped').length;
      console.log(
        `${name} [${report.sourceName}]: ${report.records} records → added ${report.added}, merged ${report.merged}, ` +
          `unchanged ${report.unchanged}, aliasesAdded ${report.aliasesAdded}, conflicts ${report.conflicts.length} ` +
          `(${skippedConflicts} skipped, ${report.conflicts.length - skippedConflicts} merged by ATT&CK id), ` +
          `skipped ${report.skipped.length} — ${ms.toFixed(0)} ms`,
      );
      const reasons = new Map<string, number>();
      for (const s of report.skipped) reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + 1);
      if (reasons.size > 0) console.log(`  skipped: ${[...reasons].map(([r, n]) => `${r} ×${n}`).join(', ')}`);
      for (const conflict of report.conflicts.slice(0, 5)) console.log(`  conflict: ${describeConflict(conflict)}`);
      const start2 = performance.now();
      const again = await importCatalogFile(join(galaxyDir, name), local);
      const changed = again.added + again.merged + again.aliasesAdded;
      console.log(
        `  re-import: ${changed === 0 ? 'no change' : `${changed} changes (NOT idempotent)`}, ` +
          `${(performance.now() - start2).toFixed(0)} ms`,
      );
    } catch (error) {
      if (!(error instanceof ClaimwireError)) throw error;
      console.log(`${name}: refused — ${error.message.replace(galaxyDir, '…')}`);
    }
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
console.log(`total ${(performance.now() - totalStart).toFixed(0)} ms for ${files.length} files`);
