/** `claimwire ingest`: puts URLs, feeds, sitemaps, saved files or every configured source on the pipeline's queues. */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { loadSettings, type Settings } from '../../../config/settings.ts';
import { loadSourcesConfig } from '../../../config/sources.ts';
import { discoverItemKey } from '../../../workers/discover.ts';
import { startPipeline } from '../../../workers/run.ts';
import { normalizeUrl } from '../../fetch/index.ts';
import { createLogger } from '../../log.ts';
import { Batches, type BatchProgress } from '../../queue/batches.ts';
import { connectProducer } from '../../queue/connection.ts';
import { expandSources } from '../../queue/expand-sources.ts';
import { PipelineQueues } from '../../queue/pipeline-queues.ts';
import { redactUrl } from '../../redact-url.ts';
import { connectElasticsearch } from '../../store/client.ts';
import { indexNames, refreshIndices } from '../../store/indices.ts';
import { errorMessage, readArticleInput } from '../article-input.ts';
import { articlesDone, waitForBatch } from '../batch-wait.ts';
import { loadExtractionCatalog } from '../catalog.ts';
import { CliError, usage } from '../cli-error.ts';
import { parseCommand, usageLines } from '../command-line.ts';
import { INGEST } from '../commands.ts';
import type { CliIo } from '../io.ts';
import { ensureServices } from '../runtime.ts';

export async function runIngest(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(INGEST, argv);
  const feeds = values.feed ?? [];
  const sitemaps = values.sitemap ?? [];
  // `ingest --batch ID` with nothing to add re-attaches to the batch: its progress, then its summary.
  const reattach = positionals.length === 0 && feeds.length === 0 && sitemaps.length === 0 && !values.sources;
  if (reattach && !values.batch) {
    throw usage(`nothing to ingest\n${usageLines(INGEST)}`);
  }
  const timeoutMs = values.timeout ? Number(values.timeout) * 1000 : Number.POSITIVE_INFINITY;
  if (!(timeoutMs > 0)) throw usage(`--timeout must be a positive number of seconds, got "${values.timeout}"`);

  const settings = loadSettings();
  const work = values.work === true;
  const runtime = work ? await ensureServices(io, settings) : null;
  const redis = await connectProducer(settings.REDIS_URL);
  const prefix = settings.CLAIMWIRE_INDEX_PREFIX;
  const queues = new PipelineQueues(redis, prefix);
  const batches = new Batches(redis, prefix);
  const batchId =
    values.batch ?? `b${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}-${randomBytes(3).toString('hex')}`;
  let pipeline: Awaited<ReturnType<typeof startPipeline>> | null = null;
  try {
    if (reattach && !(await batches.exists(batchId)))
      throw new CliError(
        `batch ${batchId} is not known to Redis (prefix ${prefix}): finished over a week ago, or another CLAIMWIRE_INDEX_PREFIX`,
        'unknown-batch',
        1,
      );
    const added = reattach
      ? 0
      : await enqueue(io, {
          queues,
          batches,
          batchId,
          positionals,
          feeds,
          sitemaps,
          sources: values.sources === true,
          sourcesPath: settings.CLAIMWIRE_SOURCES,
          sourcesExample: settings.sourcesExample,
        });
    if (!reattach) io.err(`batch ${batchId}: ${added} item(s) queued`);
    if (!values.wait && !work && !reattach) {
      io.out(batchId);
      return 0;
    }
    if (runtime) {
      const catalog = await loadExtractionCatalog(settings.catalogPath);
      pipeline = await startPipeline({
        settings,
        elasticsearchUrl: runtime.elasticsearchUrl,
        catalog,
        schedule: false,
        // Final failures, as lines for the person waiting (the summary lists them too).
        logger: createLogger({ name: 'ingest', level: 'warn', human: true, write: (line) => io.err(line.trimEnd()) }),
      });
    }
    const { progress, end } = await waitForBatch(io, {
      batches,
      queues,
      batchId,
      timeoutMs,
      inProcess: pipeline !== null,
      line: progressLine,
      advice: {
        noWorker: (stages) => [
          `no worker is taking jobs from the ${stages.join(', ')} queue${stages.length > 1 ? 's' : ''} (Redis ${redactUrl(settings.REDIS_URL)}, prefix ${prefix}): batch ${batchId} waits there.`,
          '  start one:       claimwire worker   (with the same REDIS_URL and CLAIMWIRE_INDEX_PREFIX)',
          `  or run it here:  claimwire ingest --batch ${batchId} --work`,
          `  then follow it:  claimwire ingest --batch ${batchId} --wait`,
        ],
        interrupted: pipeline
          ? [
              `stopped: the workers of this process finish or release their jobs; the rest of batch ${batchId} waits in the queues.`,
              `  go on with:  claimwire ingest --batch ${batchId} --work   (or run \`claimwire worker\` and follow it with --wait)`,
            ]
          : [
              `stopped waiting: batch ${batchId} goes on in the workers.`,
              `  follow it again:  claimwire ingest --batch ${batchId} --wait`,
            ],
      },
    });
    if (end === 'interrupted') return 130;
    if (end === 'no-worker') return 3;
    await makeSearchable(settings, runtime?.elasticsearchUrl);
    for (const line of summarize(progress)) io.out(line);
    if (progress.pending > 0) return 124;
    return progress.failed > 0 ? 1 : 0;
  } finally {
    await pipeline?.close();
    await queues.close();
    redis.disconnect();
  }
}

interface EnqueueInput {
  queues: PipelineQueues;
  batches: Batches;
  batchId: string;
  positionals: string[];
  feeds: string[];
  sitemaps: string[];
  sources: boolean;
  sourcesPath: string;
  sourcesExample: string | null;
}

async function enqueue(io: CliIo, x: EnqueueInput): Promise<number> {
  let added = 0;
  const fetches = [];
  for (const arg of x.positionals) {
    if (/^https?:\/\//i.test(arg)) {
      let normalizedUrl: string;
      try {
        normalizedUrl = normalizeUrl(arg);
      } catch (error) {
        throw usage(`${arg}: not a valid URL (${errorMessage(error)})`);
      }
      if (await x.batches.add(x.batchId, normalizedUrl))
        fetches.push({ batchId: x.batchId, url: arg, normalizedUrl, sourceUrl: null });
      continue;
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(arg) && !/^[a-z]:[\\/]/i.test(arg))
      throw usage(`${arg}: only http and https URLs can be fetched`);
    const { articles, problems } = await readArticleInput(arg, {
      url: null,
      title: null,
      publisher: null,
      published: null,
    });
    for (const p of problems) io.err(p);
    for (const { source, article } of articles) {
      const normalizedUrl = article.url ? safeNormalize(article.url) : `file://${path.resolve(source)}`;
      if (!(await x.batches.add(x.batchId, normalizedUrl))) continue;
      await x.queues.addExtract({
        batchId: x.batchId,
        article,
        provenance: {
          normalizedUrl,
          requestedUrl: null,
          sourceUrl: `file://${path.resolve(source)}`,
          fetchedAt: null,
          parsedAt: new Date().toISOString(),
        },
      });
      added++;
    }
  }
  if (fetches.length > 0) await x.queues.addFetch(fetches);
  added += fetches.length;
  const sourceWork = x.sources
    ? expandSources(loadSourcesConfig(x.sourcesPath, x.sourcesExample), x.batchId)
    : { discoveries: [], urls: [] };
  if (x.sources && sourceWork.discoveries.length + sourceWork.urls.length === 0)
    io.err(`no enabled sources in ${x.sourcesPath}`);
  const sourceFetches = [];
  for (const url of sourceWork.urls) {
    const normalizedUrl = safeNormalize(url);
    if (await x.batches.add(x.batchId, normalizedUrl))
      sourceFetches.push({ batchId: x.batchId, url, normalizedUrl, sourceUrl: null });
  }
  if (sourceFetches.length > 0) await x.queues.addFetch(sourceFetches);
  added += sourceFetches.length;
  const discoveries = [
    ...x.feeds.map((url) => ({ batchId: x.batchId, kind: 'feed' as const, url })),
    ...x.sitemaps.map((url) => ({ batchId: x.batchId, kind: 'sitemap' as const, url })),
    ...sourceWork.discoveries,
  ];
  for (const d of discoveries) {
    const key = discoverItemKey(d);
    if (await x.batches.add(x.batchId, key, false)) {
      await x.queues.addDiscover(d, key);
      added++;
    }
  }
  return added;
}

function safeNormalize(url: string): string {
  try {
    return normalizeUrl(url);
  } catch {
    return url;
  }
}

/** One line of progress: articles done of those known, and what discovery is still reading. */
export function progressLine(p: BatchProgress): string {
  const reading = p.pendingSteps > 0 ? `reading ${p.pendingSteps} feed(s)/sitemap(s); ` : '';
  return `${reading}${articlesDone(p)}/${p.total} articles done: ${p.indexed} indexed, ${p.unchanged} unchanged, ${p.duplicates} duplicates, ${p.failed} failed, ${p.claims} claims`;
}

/** Elasticsearch shows new documents within a second; a refresh makes them searchable the moment we return. */
async function makeSearchable(settings: Settings, url: string | undefined): Promise<void> {
  const target = url ?? settings.ELASTICSEARCH_URL;
  if (!target) return;
  const { client } = await connectElasticsearch({ url: target, name: 'claimwire-ingest' });
  try {
    await refreshIndices(client, indexNames(settings.CLAIMWIRE_INDEX_PREFIX));
  } finally {
    await client.close();
  }
}

export function summarize(p: BatchProgress): string[] {
  const lines = [
    `batch ${p.id}: ${p.total} article(s)`,
    `  fetched and indexed  ${p.indexed}`,
    `  unchanged            ${p.unchanged}`,
    `  duplicates           ${p.duplicates}`,
    `  failed               ${p.failed}`,
    `  claims indexed       ${p.claims}`,
  ];
  if (p.pending > 0) lines.push(`  still pending        ${p.pending}`);
  for (const note of p.notes) lines.push(`  note: ${note}`);
  if (p.total === 0 && p.pending === 0)
    lines.push(
      p.notes.length > 0
        ? '  nothing to fetch: the feeds and sitemaps listed no articles'
        : '  nothing to fetch: no articles were listed',
    );
  for (const [reason, n] of Object.entries(p.failureReasons).sort((a, b) => b[1] - a[1]))
    lines.push(`  failed (${reason})  ${n}`);
  for (const f of p.failures.slice(-10)) lines.push(`    ${f.url}: ${f.message}`);
  return lines;
}
