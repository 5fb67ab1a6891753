/** `claimwire services up|down|status`: the local Redis and Elasticsearch of the embedded default. */
import { loadSettings } from '../../../config/settings.ts';
import { formatServicesStatus, servicesDown, servicesStatus, servicesUp } from '../../services/index.ts';
import { usage } from '../cli-error.ts';
import { helpFor, parseCommand, suggest, usageLines } from '../command-line.ts';
import { SERVICES } from '../commands.ts';
import type { CliIo } from '../io.ts';

export async function runServices(argv: string[], io: CliIo): Promise<number> {
  const [sub] = parseCommand(SERVICES, argv).positionals;
  if (sub === undefined) {
    io.err(helpFor(SERVICES));
    return 2;
  }
  if (!['up', 'down', 'status'].includes(sub))
    throw usage(
      `unknown services subcommand "${sub}"${suggest(sub, ['up', 'down', 'status'])}\n${usageLines(SERVICES)}`,
    );
  const settings = loadSettings();
  const common = {
    redisUrl: settings.REDIS_URL,
    elasticsearchUrl: settings.ELASTICSEARCH_URL,
    localDir: settings.CLAIMWIRE_HOME,
  };
  switch (sub) {
    case 'up': {
      const r = await servicesUp({
        ...common,
        esHeap: settings.CLAIMWIRE_ES_HEAP,
        esPort: settings.CLAIMWIRE_ES_PORT,
        log: io.err,
      });
      io.out(`redis          ${r.redis.url}${r.redis.started ? '  (started)' : ''}`);
      io.out(
        `elasticsearch  ${r.elasticsearch.url}  ${r.elasticsearch.distribution} ${r.elasticsearch.version}  ${r.elasticsearch.mode}${r.elasticsearch.started ? '  (started)' : ''}`,
      );
      return 0;
    }
    case 'down': {
      const r = await servicesDown({ localDir: settings.CLAIMWIRE_HOME, log: io.err });
      io.out(`elasticsearch  ${r.elasticsearch.stopped ? `stopped (pid ${r.elasticsearch.pid})` : 'was not running'}`);
      io.out(
        `redis          ${r.redis.stopped ? `stopped (pid ${r.redis.pid})` : 'left alone (not started by claimwire)'}`,
      );
      return 0;
    }
    case 'status': {
      const status = await servicesStatus(common);
      for (const line of formatServicesStatus(status)) io.out(line);
      return status.redis.up && status.elasticsearch.up ? 0 : 1;
    }
    default:
      throw usage(`unknown services subcommand "${sub}"`);
  }
}
