/** `claimwire serve`: the HTTP API and the web UI on one port, until SIGINT/SIGTERM. */

import { loadSettings } from '../../../config/settings.ts';
import { startServer } from '../../api/server.ts';
import { createLogger, setProcessLogger } from '../../log.ts';
import { liveExtractionCatalog } from '../catalog.ts';
import { CliError, usage } from '../cli-error.ts';
import { parseCommand } from '../command-line.ts';
import { SERVE } from '../commands.ts';
import { type CliIo, loggingIo } from '../io.ts';
import { ensureServices } from '../runtime.ts';
import { onShutdown } from '../shutdown.ts';

export async function runServe(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(SERVE, argv);
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535))
    throw usage(`--port must be 0-65535, got "${values.port}"`);
  const settings = loadSettings();
  const logger = createLogger({ name: 'api', level: settings.CLAIMWIRE_LOG_LEVEL });
  setProcessLogger(logger);
  const log = loggingIo(logger, io);
  const runtime = await ensureServices(log, settings);
  // Follows `claimwire actors import` on the same file (looked at every 2 s): new names resolve without a restart.
  const catalog = (await liveExtractionCatalog(runtime.settings.catalogPath, logger)).watch();
  const host = values.host ?? runtime.settings.CLAIMWIRE_HOST;
  const server = await startServer({
    settings: runtime.settings,
    elasticsearchUrl: runtime.elasticsearchUrl,
    catalog,
    ...(port !== undefined ? { port } : {}),
    host,
    log: (line) => logger.error(line),
  }).catch((error: NodeJS.ErrnoException) => {
    const wanted = port ?? runtime.settings.PORT;
    if (error.code === 'EADDRINUSE')
      throw new CliError(
        `port ${wanted} on ${host} is already in use: stop what listens there, or pick another with --port N`,
        'port-in-use',
        1,
      );
    if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND')
      throw new CliError(`cannot listen on ${host}: not an address of this machine (--host)`, 'bad-host', 2);
    if (error.code === 'EACCES')
      throw new CliError(
        `not allowed to listen on port ${wanted} (ports below 1024 need privileges): pick another with --port N`,
        'port-denied',
        1,
      );
    throw error;
  });
  logger.info(
    `serve: ${server.url} (API /v1, OpenAPI /openapi.json, UI /); writes ${runtime.settings.apiKeys.length > 0 ? 'need an API key' : 'disabled (no CLAIMWIRE_API_KEYS)'}`,
  );
  return onShutdown(async () => {
    catalog.close();
    await server.close();
  }, log);
}
