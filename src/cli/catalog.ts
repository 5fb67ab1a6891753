/** The catalog commands extract with: the built-in records plus the user's local actor catalog, if any. */
import { loadSettings } from '../../config/settings.ts';
import type { ExtractionCatalog } from '../extract/catalog/index.ts';
import { LiveCatalog, loadCatalogFrom } from '../extract/catalog/live-catalog.ts';

export async function loadExtractionCatalog(catalogPath = loadSettings().catalogPath): Promise<ExtractionCatalog> {
  return loadCatalogFrom(catalogPath);
}

/** The catalog of a long-running command (worker, serve): it follows `actors import` without a restart. */
export async function liveExtractionCatalog(
  catalogPath: string,
  onChange?: (from: string, to: string) => void,
): Promise<LiveCatalog> {
  return LiveCatalog.open(catalogPath, onChange ? { onChange } : {});
}
