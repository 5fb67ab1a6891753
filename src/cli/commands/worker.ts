/** `claimwire worker`: runs the pipeline's workers until SIGINT/SIGTERM. */
import { startPipeline } from '../../../workers/run.ts';
import { STAGES, type Stage } from '../../queue/payloads.ts';
import { loadExtractionCatalog } from '../catalog.ts';
import { usage } from '../cli-error.ts';
import { parseCommand } from '../command-line.ts';
import { WORKER } from '../commands.ts';
import type { CliIo } from '../io.ts';
import { ensureServices } from '../runtime.ts';
import { onShutdown } from '../shutdown.ts';

export async function runWorker(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(WORKER, argv);
  const stages = (values.stages ?? STAGES.join(',')).split(',').map((s) => s.trim()) as Stage[];
  const unknown = stages.filter((s) => !STAGES.includes(s));
  if (unknown.length > 0) throw usage(`unknown stage(s): ${unknown.join(', ')} (stages: ${STAGES.join(', ')})`);
  const runtime = await ensureServices(io);
  const catalog = await loadExtractionCatalog(runtime.settings.catalogPath);
  const pipeline = await startPipeline({
    settings: runtime.settings,
    elasticsearchUrl: runtime.elasticsearchUrl,
    catalog,
    stages,
    schedule: !values['no-schedule'],
    log: io.err,
  });
  io.err(`worker: running ${stages.join(', ')} (prefix ${runtime.settings.CLAIMWIRE_INDEX_PREFIX}); Ctrl-C to stop`);
  return onShutdown(pipeline.close, io);
}
