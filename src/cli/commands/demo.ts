/**
 * `claimwire demo`, the README's first command: starts what is missing (Redis, the embedded Elasticsearch), ingests
 * the sample articles through the real queues with in-process workers, and shows the claims found for an alias.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { packageRoot } from '../../paths.ts';
import type { CliIo } from '../io.ts';
import { runIngest } from './ingest.ts';
import { runSearch } from './search.ts';

export const DEMO_HELP = `usage: claimwire demo [ALIAS]

Starts the local services if needed, ingests the sample articles in samples/ through the real queues, and prints
the claims indexed for ALIAS (default "Stone Panda", a CrowdStrike name of APT10 that the samples never use).
The services keep running afterwards: try \`claimwire search Cicada\`; stop them with \`claimwire services down\`.`;

export async function runDemo(argv: string[], io: CliIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(DEMO_HELP);
    return 0;
  }
  const alias = argv.join(' ').trim() || 'Stone Panda';
  const dir = path.join(packageRoot(), 'samples');
  const files = (await readdir(dir))
    .filter((f) => f.endsWith('.html'))
    .sort()
    .map((f) => path.join(dir, f));
  io.out(`ingesting ${files.length} sample articles from ${path.relative(process.cwd(), dir) || dir} …`);
  const ingested = await runIngest([...files, '--work', '--timeout', '600'], io);
  if (ingested !== 0) return ingested;
  io.out('');
  io.out(`$ claimwire search "${alias}"`);
  return runSearch([alias, '--limit', '8'], io);
}
