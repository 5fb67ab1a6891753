/** `claimwire worker`: runs the pipeline's workers until SIGINT/SIGTERM. */

import { loadSettings } from '../../../config/settings.ts';
import { serveMetrics } from '../../../workers/metrics.ts';
import { startPipeline } from '../../../workers/run.ts';
import { createLogger, setProcessLogger } from '../../log.ts';
import { STAGES, type Stage } from '../../queue/payloads.ts';
import { liveExtractionCatalog } from '../catalog.ts';
import { CliError, usage } from '../cli-error.ts';
import { parseCommand } from '../command-line.ts';
import { WORKER } from '../commands.ts';
import { type CliIo, loggingIo } from '../io.ts';
import { ensureServices } from '../runtime.ts';
import { onShutdown } from '../shutdown.ts';

export async function runWorker(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(WORKER, argv);
  const stages = (values.stages ?? STAGES.join(',')).split(',').map((s) => s.trim()) as Stage[];
  const unknown = stages.filter((s) => !STAGES.includes(s));
  if (unknown.length > 0) throw usage(`unknown stage(s): ${unknown.join(', ')} (stages: ${STAGES.join(', ')})`);
  const metricsPort = values['metrics-port'] === undefined ? undefined : Number(values['metrics-port']);
  if (metricsPort !== undefined && !(Number.isInteger(metricsPort) && metricsPort >= 0 && metricsPort <= 65535))
    throw usage(`--metrics-port must be 0-65535, got "${values['metrics-port']}"`);
  const settings = loadSettings();
  const logger = createLogger({ name: 'worker', level: settings.CLAIMWIRE_LOG_LEVEL });
  setProcessLogger(logger);
  const log = loggingIo(logger, io);
  // The catalog is built (CPU) while the service checks wait on Redis and Elasticsearch; it follows `claimwire actors
  // import` on the same file: looked at before each extract and index job.
  const catalogBuilt = liveExtractionCatalog(settings.catalogPath, logger);
  catalogBuilt.catch(() => {}); // awaited below; a failing service check must not leave it unhandled
  const checking = performance.now();
  const runtime = await ensureServices(log, settings);
  const servicesMs = Math.round(performance.now() - checking);
  const catalog = await catalogBuilt;
  const pipeline = await startPipeline({
    settings,
    elasticsearchUrl: runtime.elasticsearchUrl,
    catalog,
    stages,
    schedule: !values['no-schedule'],
    logger,
  });
  const metrics =
    metricsPort === undefined
      ? null
      : await serveMetrics(pipeline.metrics.registry, metricsPort, settings.CLAIMWIRE_HOST).catch(
          async (error: NodeJS.ErrnoException) => {
            await pipeline.close();
            if (error.code === 'EADDRINUSE')
              throw new CliError(
                `--metrics-port ${metricsPort} is already in use on ${settings.CLAIMWIRE_HOST}`,
                'port-in-use',
                1,
              );
            throw error;
          },
        );
  logger.info(
    { stages, prefix: settings.CLAIMWIRE_INDEX_PREFIX, servicesMs, ...(metrics ? { metrics: metrics.url } : {}) },
    `worker: running ${stages.join(', ')} (prefix ${settings.CLAIMWIRE_INDEX_PREFIX})${metrics ? `, metrics at ${metrics.url}` : ''}`,
  );
  return onShutdown(async () => {
    await pipeline.close();
    await metrics?.close();
  }, log);
}
