/**
 * `claimwire demo`, the README's first command: starts what is missing (Redis, the embedded Elasticsearch), ingests
 * the sample articles through the real queues with in-process workers, and shows the claims found for an alias.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { packageRoot } from '../../paths.ts';
import { parseCommand } from '../command-line.ts';
import { DEMO } from '../commands.ts';
import type { CliIo } from '../io.ts';
import { runIngest } from './ingest.ts';
import { runSearch } from './search.ts';

export async function runDemo(argv: string[], io: CliIo): Promise<number> {
  const { positionals } = parseCommand(DEMO, argv);
  const alias = positionals.join(' ').trim() || 'Stone Panda';
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
