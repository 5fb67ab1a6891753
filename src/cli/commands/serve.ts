/** `claimwire serve`: the HTTP API and the web UI on one port, until SIGINT/SIGTERM. */
import { parseArgs } from 'node:util';
import { startServer } from '../../api/server.ts';
import { loadExtractionCatalog } from '../catalog.ts';
import { usage } from '../cli-error.ts';
import type { CliIo } from '../io.ts';
import { ensureServices } from '../runtime.ts';
import { onShutdown } from '../shutdown.ts';

export const SERVE_HELP = `usage: claimwire serve [--port N] [--host ADDR]

Serves the API (/v1/…, /openapi.json) and the web UI (/) on one port: PORT (default 8080) on CLAIMWIRE_HOST
(default 127.0.0.1). Writes need an API key from CLAIMWIRE_API_KEYS. Starts the local services if they are not
running (unless ELASTICSEARCH_URL is set). SIGINT/SIGTERM stop taking requests, finish the open ones, then close.`;

export async function runServe(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string' }, host: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.out(SERVE_HELP);
    return 0;
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535))
    throw usage(`--port must be 0-65535, got "${values.port}"`);
  const runtime = await ensureServices(io);
  const catalog = await loadExtractionCatalog(runtime.settings.catalogPath);
  const server = await startServer({
    settings: runtime.settings,
    elasticsearchUrl: runtime.elasticsearchUrl,
    catalog,
    ...(port !== undefined ? { port } : {}),
    host: values.host ?? runtime.settings.CLAIMWIRE_HOST,
    log: io.err,
  });
  io.err(
    `serve: ${server.url} (API /v1, OpenAPI /openapi.json, UI /); writes ${runtime.settings.apiKeys.length > 0 ? 'need an API key' : 'disabled (no CLAIMWIRE_API_KEYS)'}`,
  );
  return onShutdown(server.close, io);
}
