/** `claimwire actors`: import external catalogs into the local one, and look an actor up by any name. */
import { loadSettings } from '../../../config/settings.ts';
import type { ExtractionCatalog } from '../../extract/catalog/index.ts';
import { importCatalogFile } from '../../extract/catalog/local-catalog.ts';
import { nameKey } from '../../extract/text/tokens.ts';
import type { ArticleSelection } from '../../store/reextract-store.ts';
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
    const before = values.reextract ? await loadExtractionCatalog(catalogPath) : null;
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
    // Running workers and `serve` read the file again before their next job (or within 2 s): no restart.
    if (!before) return failed > 0 ? 1 : 0;
    const after = await loadExtractionCatalog(catalogPath);
    const selection = importedNames(before, after);
    if (!selection) {
      io.out('the catalog did not change: nothing to re-extract');
      return failed > 0 ? 1 : 0;
    }
    io.out(
      `re-extracting the stored articles that mention ${selection.actorIds?.length ?? 0} new or changed actor(s) (${selection.names?.length ?? 0} new names)`,
    );
    const { reextractBatch } = await import('./reextract.ts');
    const settings = loadSettings();
    const status = await reextractBatch(io, {
      settings,
      catalog: after,
      selection,
      batchId: values.batch,
      wait: true,
      work: values.work === true,
      timeoutMs: Number.POSITIVE_INFINITY,
    });
    return failed > 0 ? Math.max(1, status) : status;
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

/**
 * What an import changed, as a re-extraction selection: the actors that are new or whose names or flags changed (by
 * id, for articles already attributed to them) and the names they did not have (in the text, for articles that use a
 * name the catalog did not know). Null when nothing changed.
 */
export function importedNames(before: ExtractionCatalog, after: ExtractionCatalog): ArticleSelection | null {
  const actorIds: string[] = [];
  const names = new Set<string>();
  for (const actor of after.actors.values()) {
    const was = before.actors.get(actor.id);
    if (was && JSON.stringify(was) === JSON.stringify(actor)) continue;
    actorIds.push(actor.id);
    const known = new Set(was ? [was.name, ...was.aliases.map((a) => a.name)].map(nameKey) : []);
    for (const n of [actor.name, ...actor.aliases.map((a) => a.name)]) if (!known.has(nameKey(n))) names.add(n);
  }
  if (actorIds.length === 0) return null;
  return { actorIds, names: [...names] };
}
