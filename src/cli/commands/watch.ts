/** `claimwire watch add|list|rm`: watchlists of actors whose new reporting triggers a webhook alert. */
import { AmbiguousWatchError, newWatch } from '../../alerts/new-watch.ts';
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
      const catalog = await loadExtractionCatalog();
      return withElasticsearch(async ({ client, names, settings }) => {
        let watch: ReturnType<typeof newWatch>;
        try {
          watch = newWatch(
            {
              name,
              url: values.webhook as string,
              secret: values.secret,
              format: values.format as 'json' | 'slack' | undefined,
              predicates: split(values.predicate),
              sectors: split(values.sector),
              countries: split(values.country),
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
        await assertPublicUrl(watch.url, { allowPrivate: settings.CLAIMWIRE_FETCH_ALLOW_PRIVATE });
        await saveWatch(client, names, watch);
        const actor = catalog.actors.get(watch.actorId);
        io.out(`${watch.id}  watching ${actor?.name ?? watch.actorId} (${name}) → ${new URL(watch.url).origin}`);
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
            `${w.id}  ${w.actorId}  "${w.name}"  ${w.format}  ${new URL(w.url).origin}${filters ? `  [${filters}]` : ''}${w.secret ? '  signed' : ''}`,
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
