/** The discovery work a sources file stands for: a job per feed or sitemap, and the inline URL lists. */
import type { SourcesConfig } from '../../config/sources.ts';
import type { DiscoverPayload } from './payloads.ts';

export interface SourceWork {
  discoveries: (DiscoverPayload & { batchId: string })[];
  urls: string[];
}

export function expandSources(config: SourcesConfig, batchId: string): SourceWork {
  const work: SourceWork = { discoveries: [], urls: [] };
  for (const source of config.sources.filter((s) => s.enabled)) {
    if (source.urls) {
      work.urls.push(...source.urls);
      continue;
    }
    const kind = source.kind === 'sitemap' ? 'sitemap' : source.kind === 'urls' ? 'urls' : 'feed';
    work.discoveries.push({
      batchId,
      kind,
      ...(source.url ? { url: source.url } : {}),
      ...(source.file ? { file: source.file } : {}),
      ...(source.maxItems ? { maxItems: source.maxItems } : {}),
    });
  }
  return work;
}
