/**
 * `claimwire` entry point: picks the subcommand, loads it lazily, and turns errors into exit codes. The only place,
 * with the worker entry, that exits the process. `claimwire --help` and `claimwire help CMD` load nothing but the
 * command table (commands.ts), so they answer at once.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ClaimwireError } from '../errors.ts';
import { packageRoot } from '../paths.ts';
import { CliError } from './cli-error.ts';
import { type CommandSpec, didYouMean, helpFor, parseCommand } from './command-line.ts';
import { COMMAND_SPECS } from './commands.ts';
import { type CliIo, processIo } from './io.ts';

type Run = (args: string[], io: CliIo) => Promise<number>;

const RUNNERS: Record<string, () => Promise<Run>> = {
  extract: async () => (await import('./commands/extract.ts')).runExtract,
  demo: async () => (await import('./commands/demo.ts')).runDemo,
  services: async () => (await import('./commands/services.ts')).runServices,
  worker: async () => (await import('./commands/worker.ts')).runWorker,
  ingest: async () => (await import('./commands/ingest.ts')).runIngest,
  reextract: async () => (await import('./commands/reextract.ts')).runReextract,
  search: async () => (await import('./commands/search.ts')).runSearch,
  assertions: async () => (await import('./commands/assertions.ts')).runAssertions,
  serve: async () => (await import('./commands/serve.ts')).runServe,
  watch: async () => (await import('./commands/watch.ts')).runWatch,
  alerts: async () => (await import('./commands/alerts.ts')).runAlerts,
  actors: async () => (await import('./commands/actors.ts')).runActors,
};

const SPECS = new Map<string, CommandSpec>(COMMAND_SPECS.map((s) => [s.name, s]));

export function version(): string {
  const pkg = JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

export function helpText(): string {
  const width = Math.max(...COMMAND_SPECS.map((c) => c.name.length));
  return [
    'claimwire: cited, normalized claims about threat actors from CTI reporting',
    '',
    'usage: claimwire <command> [options]',
    "       claimwire help <command>     a command's options (or: claimwire <command> --help)",
    '       claimwire --version',
    '',
    'commands:',
    ...COMMAND_SPECS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

function unknownCommand(name: string, io: CliIo): number {
  const guess = didYouMean(name, SPECS.keys());
  io.err(`claimwire: unknown command "${name}"${guess ? ` (did you mean "${guess}"?)` : ''}`);
  io.err('run `claimwire --help` for the list of commands');
  return 2;
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name) {
    io.err(helpText());
    return 2;
  }
  if (name === '--help' || name === '-h') {
    io.out(helpText());
    return 0;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    io.out(version());
    return 0;
  }
  if (name === 'help') {
    const topic = rest[0];
    if (!topic) {
      io.out(helpText());
      return 0;
    }
    const spec = SPECS.get(topic);
    if (!spec) return unknownCommand(topic, io);
    io.out(helpFor(spec));
    return 0;
  }
  const load = RUNNERS[name];
  const spec = SPECS.get(name);
  if (!load || !spec) return unknownCommand(name, io);
  try {
    // Options are checked (and help printed) before the command's code, and all it imports, is loaded.
    if (parseCommand(spec, rest).help) {
      io.out(helpFor(spec));
      return 0;
    }
    return await (await load())(rest, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`claimwire ${name}: ${error.message}`);
      return error.exitCode;
    }
    if (error instanceof ClaimwireError) {
      io.err(`claimwire ${name}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

/**
 * What `bin/claimwire.js` runs: `main`, its status as the exit code, and an unexpected error as one line plus code 70.
 * A closed stdout (`claimwire search … | head`) ends the command quietly: the reader has what it wanted.
 */
export async function cli(argv: string[]): Promise<void> {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  try {
    process.exitCode = await main(argv);
  } catch (error) {
    process.stderr.write(
      `claimwire: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 70;
  }
}
