/**
 * Manual entry point until `claimwire services …` is wired into the CLI:
 *
 *   npx tsx src/services/script.ts up|down|status
 *
 * The only file under src/services that reads the environment: ELASTICSEARCH_URL, REDIS_URL (default
 * redis://127.0.0.1:6379), CLAIMWIRE_LOCAL_DIR (default <project>/.local), ES_HEAP (1g), ES_PORT (9200).
 */

import { join, resolve } from 'node:path';
import { findProjectRoot } from './common.ts';
import {
  DEFAULT_ES_HEAP,
  DEFAULT_ES_PORT,
  formatServicesStatus,
  servicesDown,
  servicesStatus,
  servicesUp,
} from './index.ts';

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

async function main(command: string | undefined): Promise<void> {
  const root = (await findProjectRoot()) ?? process.cwd();
  const env = process.env;
  const localDir = resolve(env.CLAIMWIRE_LOCAL_DIR ?? join(root, '.local'));
  const redisUrl = env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const elasticsearchUrl = env.ELASTICSEARCH_URL || undefined;
  switch (command) {
    case 'up': {
      const result = await servicesUp({
        redisUrl,
        elasticsearchUrl,
        localDir,
        esHeap: env.ES_HEAP ?? DEFAULT_ES_HEAP,
        esPort: env.ES_PORT ? Number(env.ES_PORT) : DEFAULT_ES_PORT,
        log,
      });
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return;
    }
    case 'down': {
      const result = await servicesDown({ localDir, log });
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return;
    }
    case 'status': {
      const status = await servicesStatus({ redisUrl, elasticsearchUrl, localDir });
      process.stdout.write(`${formatServicesStatus(status).join('\n')}\n`);
      return;
    }
    default:
      process.stderr.write('usage: tsx src/services/script.ts up|down|status\n');
      process.exitCode = 2;
  }
}

main(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
