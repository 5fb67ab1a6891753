/** `servicesUp` with what the settings say, and the Elasticsearch URL to connect to (credentials kept). */
import type { Settings } from '../../config/settings.ts';
import type { Logger } from './common.ts';
import { type ServicesUpResult, servicesUp } from './index.ts';

export async function servicesForSettings(
  settings: Settings,
  log?: Logger,
): Promise<{ elasticsearchUrl: string; up: ServicesUpResult }> {
  const up = await servicesUp({
    redisUrl: settings.REDIS_URL,
    startLocalRedis: settings.startLocalRedis,
    elasticsearchUrl: settings.ELASTICSEARCH_URL,
    localDir: settings.CLAIMWIRE_HOME,
    esHeap: settings.CLAIMWIRE_ES_HEAP,
    esPort: settings.CLAIMWIRE_ES_PORT,
    ...(log ? { log } : {}),
  });
  // An external URL may carry credentials, which servicesUp redacts in what it returns.
  return { elasticsearchUrl: settings.ELASTICSEARCH_URL ?? up.elasticsearch.url, up };
}
