/**
 * What commands that talk to services share: settings, the Elasticsearch URL (the configured one, or the embedded
 * node, started on demand), and a logger for progress lines on stderr.
 */
import { loadSettings, type Settings } from '../../config/settings.ts';
import { servicesStatus, servicesUp } from '../services/index.ts';
import { CliError } from './cli-error.ts';
import type { CliIo } from './io.ts';

export interface Runtime {
  settings: Settings;
  elasticsearchUrl: string;
}

/** Makes sure Redis and Elasticsearch answer, starting the local ones the settings call for. */
export async function ensureServices(io: CliIo, settings: Settings = loadSettings()): Promise<Runtime> {
  const up = await servicesUp({
    redisUrl: settings.REDIS_URL,
    elasticsearchUrl: settings.ELASTICSEARCH_URL,
    localDir: settings.CLAIMWIRE_LOCAL_DIR,
    esHeap: settings.CLAIMWIRE_ES_HEAP,
    esPort: settings.CLAIMWIRE_ES_PORT,
    log: (line) => io.err(line),
  });
  // An external URL may carry credentials, which servicesUp redacts in what it returns.
  return { settings, elasticsearchUrl: settings.ELASTICSEARCH_URL ?? up.elasticsearch.url };
}

/** The Elasticsearch to read from, without starting anything: the configured URL or the running embedded node. */
export async function runningElasticsearch(settings: Settings): Promise<string> {
  if (settings.ELASTICSEARCH_URL) return settings.ELASTICSEARCH_URL;
  const status = await servicesStatus({ redisUrl: settings.REDIS_URL, localDir: settings.CLAIMWIRE_LOCAL_DIR });
  if (!status.elasticsearch.up || !status.elasticsearch.url) {
    throw new CliError(
      'Elasticsearch is not running: start it with `claimwire services up` (or set ELASTICSEARCH_URL)',
      'service-down',
      3,
    );
  }
  return status.elasticsearch.url;
}
