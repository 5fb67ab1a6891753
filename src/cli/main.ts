/**
 * `claimwire` entry point: picks the subcommand, loads it lazily, and turns errors into exit codes. The only place,
 * with the worker entry, that exits the process.
 */
import { ClaimwireError } from '../errors.ts';
import { CliError } from './cli-error.ts';
import { processIo } from './io.ts';

interface Command {
  summary: string;
  run: (args: string[]) => Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  extract: {
    summary: 'Extract entities and cited claims from saved articles (JSON Lines to stdout; no services needed)',
    run: async (args) => (await import('./commands/extract.ts')).runExtract(args, processIo),
  },
  demo: {
    summary: 'Start local services, ingest the sample articles through the queues, show claims for an alias',
    run: async (args) => (await import('./commands/demo.ts')).runDemo(args, processIo),
  },
  services: {
    summary: 'Local Redis and Elasticsearch: `services up`, `services down`, `services status`',
    run: async (args) => (await import('./commands/services.ts')).runServices(args, processIo),
  },
  worker: {
    summary: 'Run the queue workers (discover, fetch, extract, index) until SIGINT/SIGTERM',
    run: async (args) => (await import('./commands/worker.ts')).runWorker(args, processIo),
  },
  ingest: {
    summary: 'Queue URLs, feeds, sitemaps, saved files or all configured sources; --wait shows progress',
    run: async (args) => (await import('./commands/ingest.ts')).runIngest(args, processIo),
  },
  search: {
    summary: 'Claims about an actor (any alias), vendor, sector or country, with quotes and sources',
    run: async (args) => (await import('./commands/search.ts')).runSearch(args, processIo),
  },
  serve: {
    summary: 'Serve the HTTP API and the web UI on one port',
    run: async (args) => (await import('./commands/serve.ts')).runServe(args, processIo),
  },
  watch: {
    summary: 'Watchlists: `watch add NAME --webhook URL`, `watch list`, `watch rm ID` (alerts on new reporting)',
    run: async (args) => (await import('./commands/watch.ts')).runWatch(args, processIo),
  },
  alerts: {
    summary: 'Alerts sent to watch webhooks: `alerts list [--failed]`, `alerts ack ID`, `alerts redeliver ID`',
    run: async (args) => (await import('./commands/alerts.ts')).runAlerts(args, processIo),
  },
  actors: {
    summary: 'Work with the actor catalog: `actors import FILE`, `actors show NAME`',
    run: async (args) => (await import('./commands/actors.ts')).runActors(args, processIo),
  },
};

export function helpText(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    'claimwire: cited, normalized claims about threat actors from CTI reporting',
    '',
    'usage: claimwire <command> [options]   (claimwire <command> --help for details)',
    '',
    'commands:',
    ...lines,
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    processIo.out(helpText());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    processIo.err(`claimwire: unknown command "${name}"\n\n${helpText()}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof CliError) {
      processIo.err(`claimwire ${name}: ${error.message}`);
      return error.exitCode;
    }
    if (error instanceof ClaimwireError) {
      processIo.err(`claimwire ${name}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

/** What `bin/claimwire.js` runs: `main`, its status as the exit code, and an unexpected error as one line plus code 70. */
export async function cli(argv: string[]): Promise<void> {
  try {
    process.exitCode = await main(argv);
  } catch (error) {
    process.stderr.write(
      `claimwire: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 70;
  }
}
