/** `claimwire actors`: import external catalogs into the local one, and look an actor up by any name. */
import { loadSettings } from '../../../config/settings.ts';
import { importCatalogFile } from '../../extract/catalog/local-catalog.ts';
import { nameKey } from '../../extract/text/tokens.ts';
import { loadExtractionCatalog } from '../catalog.ts';
import { usage } from '../cli-error.ts';
import { helpFor, parseCommand, suggest, usageLines } from '../command-line.ts';
import { ACTORS } from '../commands.ts';
import type { CliIo } from '../io.ts';

export async function runActors(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(ACTORS, argv);
  const [sub, ...rest] = positionals;
  if (!sub) {
    io.err(helpFor(ACTORS));
    return 2;
  }
  const catalogPath = values.catalog ?? loadSettings().catalogPath;
  if (sub === 'import') {
    if (rest.length === 0) throw usage(`actors import needs a FILE\n${usageLines(ACTORS)}`);
    let failed = 0;
    for (const file of rest) {
      try {
        const r = await importCatalogFile(file, catalogPath);
        io.out(
          `${file}: ${r.format} (${r.sourceName}), ${r.records} records: ${r.added} added, ${r.merged} merged, ` +
            `${r.unchanged} unchanged, ${r.aliasesAdded} aliases added, ${r.conflicts.length} conflicts, ${r.skipped.length} skipped`,
        );
        for (const c of r.conflicts.slice(0, 20)) {
          io.out(
            `  conflict: ${c.incoming ?? ''} matches ${c.candidates.map((x) => `${x.name} (${x.id})`).join(', ')}`,
          );
        }
        if (r.conflicts.length > 20) io.out(`  … ${r.conflicts.length - 20} more conflicts`);
      } catch (error) {
        failed++;
        io.err(`${file}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    io.out(`local catalog: ${catalogPath}`);
    return failed > 0 ? 1 : 0;
  }
  if (sub === 'show') {
    const name = rest.join(' ');
    if (!name) throw usage('actors show needs a NAME');
    const catalog = await loadExtractionCatalog(catalogPath);
    const key = nameKey(name);
    const hits = [...catalog.actors.values()].filter((a) =>
      [a.name, ...a.aliases.map((x) => x.name)].some((n) => nameKey(n) === key),
    );
    if (hits.length === 0) {
      io.err(`no actor is called "${name}"`);
      return 1;
    }
    if (hits.length > 1) io.out(`"${name}" is ambiguous: ${hits.length} actors share it`);
    for (const a of hits) {
      io.out(
        `${a.name} (${a.id}${a.attackId ? `, ATT&CK ${a.attackId}` : ''}${a.sponsor ? `, suspected sponsor ${a.sponsor}` : ''})`,
      );
      for (const alias of a.aliases) io.out(`  ${alias.name}${alias.coinedBy ? `  — ${alias.coinedBy}` : ''}`);
    }
    return 0;
  }
  throw usage(`unknown actors subcommand "${sub}"${suggest(sub, ['import', 'show'])}\n${usageLines(ACTORS)}`);
}
