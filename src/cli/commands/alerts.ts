/** `claimwire alerts list|ack|redeliver`: the alerts sent (or not) to watch webhooks. */
import type { AlertPayload } from '../../alerts/types.ts';
import { connectProducer } from '../../queue/connection.ts';
import { PipelineQueues } from '../../queue/pipeline-queues.ts';
import { getAlert, listAlerts, updateAlert } from '../../store/watches.ts';
import { usage } from '../cli-error.ts';
import { helpFor, parseCommand, suggest, usageLines } from '../command-line.ts';
import { ALERTS } from '../commands.ts';
import { withElasticsearch } from '../es.ts';
import type { CliIo } from '../io.ts';

export async function runAlerts(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(ALERTS, argv);
  const [sub, id] = positionals;
  if (!sub) {
    io.err(helpFor(ALERTS));
    return 2;
  }
  if (sub === 'list') {
    const size = values.limit ? Number(values.limit) : 50;
    if (!Number.isInteger(size) || size < 1 || size > 1000) throw usage('--limit must be 1-1000');
    const status = values.failed ? 'failed' : values.pending ? 'pending' : undefined;
    return withElasticsearch(async ({ client, names }) => {
      const alerts = await listAlerts(client, names, {
        ...(status ? { status } : {}),
        ...(values.watch ? { watchId: values.watch } : {}),
        size,
      });
      if (alerts.length === 0) io.out('no alerts');
      for (const a of alerts) {
        const p = a.payload as Partial<AlertPayload>;
        const what =
          a.kind === 'digest'
            ? 'digest'
            : `${p.actor?.name ?? a.actorId}: ${p.article?.title ?? p.article?.url ?? a.articleId}`;
        io.out(`${a.id}  ${a.status.padEnd(9)} ${a.createdAt}  ${a.watchId}  ${what}${a.ackedAt ? '  (acked)' : ''}`);
        if (a.status === 'failed' && a.lastError) io.out(`    ${a.lastError}`);
      }
      return 0;
    });
  }
  if (!id) throw usage(`alerts ${sub} needs an alert ID (see claimwire alerts list)`);
  if (sub === 'ack') {
    return withElasticsearch(async ({ client, names }) => {
      if (!(await getAlert(client, names, id))) {
        io.err(`no alert ${id}`);
        return 1;
      }
      await updateAlert(client, names, id, { ackedAt: new Date().toISOString() });
      io.out(`acknowledged ${id}`);
      return 0;
    });
  }
  if (sub === 'redeliver') {
    return withElasticsearch(async ({ client, names, settings }) => {
      const alert = await getAlert(client, names, id);
      if (alert?.kind !== 'alert') {
        io.err(`no alert ${id}`);
        return 1;
      }
      const redis = await connectProducer(settings.REDIS_URL);
      const queues = new PipelineQueues(redis, settings.CLAIMWIRE_INDEX_PREFIX);
      try {
        await updateAlert(client, names, id, { status: 'pending', lastError: null });
        await queues.addAlert(id, Date.now());
      } finally {
        await queues.close();
        redis.disconnect();
      }
      io.out(`queued ${id} for delivery`);
      return 0;
    });
  }
  throw usage(`unknown alerts subcommand "${sub}"${suggest(sub, ['list', 'ack', 'redeliver'])}\n${usageLines(ALERTS)}`);
}
