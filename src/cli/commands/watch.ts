/** `claimwire watch add|list|rm`: watchlists of actors whose new reporting triggers a webhook alert. */
import { readFile } from 'node:fs/promises';
import { loadSettings, type Settings } from '../../../config/settings.ts';
import { AmbiguousWatchError, newWatch, WATCH_MODES, type WatchMode } from '../../alerts/new-watch.ts';
import { assertPublicUrl } from '../../fetch/index.ts';
import { deleteWatch, listWatches, saveWatch } from '../../store/watches.ts';
import { loadExtractionCatalog } from '../catalog.ts';
import { CliError, usage } from '../cli-error.ts';
import { helpFor, parseCommand, suggest, usageLines } from '../command-line.ts';
import { WATCH } from '../commands.ts';
import { withElasticsearch } from '../es.ts';
import type { CliIo } from '../io.ts';

export async function runWatch(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(WATCH, argv);
  const [sub, ...rest] = positionals;
  if (!sub) {
    io.err(helpFor(WATCH));
    return 2;
  }
  const split = (v: string[] | undefined) => v?.flatMap((x) => x.split(',')).filter(Boolean);
  switch (sub) {
    case 'add': {
      const name = rest.join(' ').trim();
      if (!name) throw usage(`watch add needs a NAME\n${usageLines(WATCH)}`);
      if (!values.webhook) throw usage('watch add needs --webhook URL');
      if (values.format && values.format !== 'json' && values.format !== 'slack')
        throw usage('--format must be json or slack');
      if (!(WATCH_MODES as readonly string[]).includes(values.on ?? ''))
        throw usage(`--on must be ${WATCH_MODES.join(' or ')}, got "${values.on}"`);
      const secret = await readWatchSecret(values, loadSettings(), io);
      const catalog = await loadExtractionCatalog();
      return withElasticsearch(async ({ client, names, settings }) => {
        let watch: ReturnType<typeof newWatch>;
        try {
          watch = newWatch(
            {
              name,
              url: values.webhook as string,
              secret,
              format: values.format as 'json' | 'slack' | undefined,
              predicates: split(values.predicate),
              sectors: split(values.sector),
              countries: split(values.country),
              on: values.on as WatchMode,
            },
            catalog,
            new Date(),
          );
        } catch (error) {
          if (error instanceof AmbiguousWatchError) {
            io.err(error.message);
            for (const c of error.candidates) io.err(`  ${c.id}: ${c.name} (${c.aliases.slice(0, 6).join(', ')})`);
            throw new CliError('not saved', 'ambiguous', 3);
          }
          throw error;
        }
        await assertPublicUrl(watch.url, {
          allowPrivate: settings.CLAIMWIRE_FETCH_ALLOW_PRIVATE,
          allow: settings.webhookAllow,
        });
        await saveWatch(client, names, watch);
        const actor = catalog.actors.get(watch.actorId);
        io.out(
          `${watch.id}  watching ${actor?.name ?? watch.actorId} (${name}) → ${new URL(watch.url).origin}${watch.on === 'new-assertion' ? '  on new assertions' : ''}`,
        );
        return 0;
      });
    }
    case 'list':
      return withElasticsearch(async ({ client, names }) => {
        const watches = await listWatches(client, names);
        if (watches.length === 0) io.out('no watches');
        for (const w of watches) {
          const filters = [...w.predicates, ...w.sectors, ...w.countries].join(',');
          io.out(
            `${w.id}  ${w.actorId}  "${w.name}"  ${w.format}  ${w.on ?? 'new-article'}  ${new URL(w.url).origin}${filters ? `  [${filters}]` : ''}${w.secret ? '  signed' : ''}`,
          );
        }
        return 0;
      });
    case 'rm': {
      const id = rest[0];
      if (!id) throw usage('watch rm needs an ID (see claimwire watch list)');
      return withElasticsearch(async ({ client, names }) => {
        if (!(await deleteWatch(client, names, id))) {
          io.err(`no watch ${id}`);
          return 1;
        }
        io.out(`deleted ${id}`);
        return 0;
      });
    }
    default:
      throw usage(`unknown watch subcommand "${sub}"${suggest(sub, ['add', 'list', 'rm'])}\n${usageLines(WATCH)}`);
  }
}

interface SecretOptions {
  secret?: string | undefined;
  'secret-file'?: string | undefined;
  'secret-env'?: boolean | undefined;
  'secret-prompt'?: boolean | undefined;
}

/**
 * The watch's signing secret from a file, CLAIMWIRE_WATCH_SECRET or the terminal; `--secret VALUE` is refused, since
 * argv ends up in shell history, `ps` and process accounting. Undefined when none is asked for (unsigned watch).
 */
export async function readWatchSecret(
  values: SecretOptions,
  settings: Settings,
  io: CliIo,
  readStdin: () => Promise<string> = readAllStdin,
): Promise<string | undefined> {
  if (values.secret !== undefined)
    throw usage(
      'a secret on the command line is kept in shell history and shown by ps: use --secret-file PATH, --secret-env (CLAIMWIRE_WATCH_SECRET) or --secret-prompt',
    );
  const sources = [values['secret-file'] !== undefined, values['secret-env'], values['secret-prompt']].filter(Boolean);
  if (sources.length > 1) throw usage('give one of --secret-file, --secret-env and --secret-prompt');
  let secret: string | undefined;
  if (values['secret-file'] !== undefined) {
    const file = values['secret-file'];
    try {
      secret = file === '-' ? await readStdin() : await readFile(file, 'utf8');
    } catch (error) {
      throw usage(`cannot read the secret file ${file}: ${(error as Error).message}`);
    }
  } else if (values['secret-env']) {
    secret = settings.CLAIMWIRE_WATCH_SECRET;
    if (secret === undefined) throw usage('--secret-env: CLAIMWIRE_WATCH_SECRET is not set');
  } else if (values['secret-prompt']) {
    if (!process.stdin.isTTY) throw usage('--secret-prompt needs a terminal; use --secret-file - to pipe the secret');
    io.err('webhook signing secret (not shown): ');
    secret = await readHiddenLine();
  } else return undefined;
  const trimmed = secret.replace(/\r?\n$/, '');
  if (trimmed.trim() === '') throw usage('the secret is empty');
  return trimmed;
}

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** One line from the terminal with echo off (raw mode), ended by Enter; Ctrl-C aborts. */
function readHiddenLine(): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    let line = '';
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      if (error) reject(error);
      else resolve(line);
    };
    const onData = (data: Buffer) => {
      for (const ch of data.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new CliError('cancelled', 'cancelled', 130));
        if (ch === '\u007f' || ch === '\b') line = line.slice(0, -1);
        else line += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}
