/** Commands that read or write Elasticsearch directly: one client for the command, indices ensured, closed after. */
import type { Client } from '@elastic/elasticsearch';
import { loadSettings, type Settings } from '../../config/settings.ts';
import { connectElasticsearch } from '../store/client.ts';
import { ensureIndices, type IndexNames, indexNames } from '../store/indices.ts';
import { runningElasticsearch } from './runtime.ts';

export async function withElasticsearch<T>(
  fn: (es: { client: Client; names: IndexNames; settings: Settings }) => Promise<T>,
): Promise<T> {
  const settings = loadSettings();
  const { client } = await connectElasticsearch({ url: await runningElasticsearch(settings), name: 'claimwire-cli' });
  try {
    const names = indexNames(settings.CLAIMWIRE_INDEX_PREFIX);
    await ensureIndices(client, names);
    return await fn({ client, names, settings });
  } finally {
    await client.close();
  }
}
