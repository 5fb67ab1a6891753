/**
 * The catalog commands extract with: the built-in records plus the user's local actor catalog, if any. Its path comes
 * from config/locations.ts, not `loadSettings`, so `extract` does not load zod for it.
 */
import { catalogPath as defaultCatalogPath } from '../../config/locations.ts';
import type { ExtractionCatalog } from '../extract/catalog/index.ts';
import { LiveCatalog, loadCatalogFrom } from '../extract/catalog/live-catalog.ts';
import { type ResolvedEntity, resolveEntity } from '../extract/catalog/resolve.ts';
import { nameKey } from '../extract/text/tokens.ts';
import { CliError } from './cli-error.ts';
import type { CliIo } from './io.ts';

/**
 * The entity a command's ENTITY names: the catalog's, else the name as the articles may write it. A name several
 * entities share lists them on stderr and ends the command (exit 3) rather than picking one.
 */
export function resolveCliEntity(
  catalog: ExtractionCatalog,
  text: string | undefined,
  io: CliIo,
): ResolvedEntity | { kind: 'name'; key: string } | undefined {
  if (!text) return undefined;
  const candidates = resolveEntity(catalog, text);
  if (candidates.length > 1) {
    io.err(`"${text}" is ambiguous; it names ${candidates.length} entities:`);
    for (const a of candidates) io.err(`  ${a.name} (${a.kind} ${a.id}): ${a.aliases.slice(0, 8).join(', ')}`);
    throw new CliError('ask again with one of the ids above', 'ambiguous', 3);
  }
  return candidates[0] ?? { kind: 'name', key: nameKey(text) };
}

export async function loadExtractionCatalog(catalogPath = defaultCatalogPath()): Promise<ExtractionCatalog> {
  return loadCatalogFrom(catalogPath);
}

/** The catalog of a long-running command (worker, serve): it follows `actors import` without a restart. */
export async function liveExtractionCatalog(
  catalogPath: string,
  log: { info: (o: object, m: string) => void; warn: (o: object, m: string) => void },
): Promise<LiveCatalog> {
  return LiveCatalog.open(catalogPath, {
    onChange: (from, to) =>
      log.info({ from, to, catalogPath }, `catalog ${catalogPath} changed: revision ${from} -> ${to}`),
    onError: (error) =>
      log.warn(
        { catalogPath, err: error },
        `catalog ${catalogPath} changed but does not load; still using the previous one: ${error instanceof Error ? error.message : String(error)}`,
      ),
  });
}
