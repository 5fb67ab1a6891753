/** The catalog commands extract with: the built-in records plus the user's local actor catalog, if any. */
import { loadSettings } from '../../config/settings.ts';
import { buildCatalog, builtinData, type ExtractionCatalog } from '../extract/catalog/index.ts';
import { loadLocalCatalog } from '../extract/catalog/local-catalog.ts';
import { overlayCatalog } from '../extract/catalog/merge.ts';

export async function loadExtractionCatalog(catalogPath = loadSettings().catalogPath): Promise<ExtractionCatalog> {
  const data = builtinData();
  const local = await loadLocalCatalog(catalogPath);
  const actors = local.length > 0 ? overlayCatalog(data.actors, local) : data.actors;
  return buildCatalog({ ...data, actors });
}
