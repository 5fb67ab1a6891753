/**
 * What commands that talk to services share: settings, the Elasticsearch URL (the configured one, or the embedded
 * node, started on demand), and a logger for progress lines on stderr.
 */
import { loadSettings, type Settings } from '../../config/settings.ts';
import { servicesForSettings } from '../services/from-settings.ts';
import { servicesStatus } from '../services/index.ts';
import { CliError } from './cli-error.ts';
import type { CliIo } from './io.ts';

export interface Runtime {
  settings: Settings;
  elasticsearchUrl: string;
}

/** Makes sure Redis and Elasticsearch answer, starting the local ones the settings call for. */
export async function ensureServices(io: CliIo, settings: Settings = loadSettings()): Promise<Runtime> {
  const { elasticsearchUrl } = await servicesForSettings(settings, (line) => io.err(line));
  return { settings, elasticsearchUrl };
}

/** The Elasticsearch to read from, without starting anything: the configured URL or the running embedded node. */
export async function runningElasticsearch(settings: Settings): Promise<string> {
  if (settings.ELASTICSEARCH_URL) return settings.ELASTICSEARCH_URL;
  const status = await servicesStatus({ redisUrl: settings.REDIS_URL, localDir: settings.CLAIMWIRE_HOME });
  if (!status.elasticsearch.up || !status.elasticsearch.url) {
    throw new CliError(
      'Elasticsearch is not running: start it with `claimwire services up` (or set ELASTICSEARCH_URL)',
      'service-down',
      3,
    );
  }
  return status.elasticsearch.url;
}
