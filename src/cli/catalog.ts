/**
 * The catalog commands extract with: the built-in records plus the user's local actor catalog, if any. Its path comes
 * from config/locations.ts, not `loadSettings`, so `extract` does not load zod for it.
 */
import { catalogPath as defaultCatalogPath } from '../../config/locations.ts';
import type { ExtractionCatalog } from '../extract/catalog/index.ts';
import { LiveCatalog, loadCatalogFrom } from '../extract/catalog/live-catalog.ts';

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
