/**
 * `claimwire reextract`: extracts stored articles again, without fetching them, through the queues (every running
 * worker takes a share), replacing each article's claims. Waits with a progress bar and ends with the counts of
 * claims added, removed and unchanged; a batch id resumes it.
 */
import { randomBytes } from 'node:crypto';
import { loadSettings, type Settings } from '../../../config/settings.ts';
import { loadSourcesConfig } from '../../../config/sources.ts';
import { startPipeline } from '../../../workers/run.ts';
import type { ExtractionCatalog } from '../../extract/catalog/index.ts';
import { resolveEntity } from '../../extract/catalog/resolve.ts';
import { extractorStamp } from '../../extract/index.ts';
import { normalizeUrl } from '../../fetch/index.ts';
import { createLogger } from '../../log.ts';
import { Batches, type BatchProgress } from '../../queue/batches.ts';
import { connectProducer } from '../../queue/connection.ts';
import { PipelineQueues } from '../../queue/pipeline-queues.ts';
import { redactUrl } from '../../redact-url.ts';
import { connectElasticsearch } from '../../store/client.ts';
import { ensureIndices, indexNames, refreshIndices } from '../../store/indices.ts';
import { type ArticleSelection, selectArticleIds } from '../../store/reextract-store.ts';
import { articlesDone, waitForBatch } from '../batch-wait.ts';
import { loadExtractionCatalog } from '../catalog.ts';
import { CliError, usage } from '../cli-error.ts';
import { parseCommand, usageLines } from '../command-line.ts';
import { REEXTRACT } from '../commands.ts';
import type { CliIo } from '../io.ts';
import { ensureServices, runningElasticsearch } from '../runtime.ts';

/**
 * Articles per job: one read, one bulk write and one batch round per job instead of per article. Small enough that
 * the workers share a batch evenly and a job (extraction of each) stays well inside its lock.
 */
const ARTICLES_PER_JOB = 20;

/** `--since`: a date or a date-time, as the ingestedAt range takes it. */
const SINCE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export async function runReextract(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(REEXTRACT, argv);
  const chosen = [values.all, values.actor, values.since, values.source, values.outdated].filter(
    (v) => v !== undefined && v !== false,
  );
  if (chosen.length === 0 && !values.batch)
    throw usage(
      `say which articles: --all, --actor NAME, --since DATE, --source ID or --outdated\n${usageLines(REEXTRACT)}`,
    );
  if (values.all && chosen.length > 1) throw usage('--all takes no other selection (they narrow it; drop --all)');
  if (values.since !== undefined && (!SINCE.test(values.since) || Number.isNaN(Date.parse(values.since))))
    throw usage(`--since must be a date (YYYY-MM-DD) or an ISO date-time, got "${values.since}"`);
  const timeoutMs = values.timeout ? Number(values.timeout) * 1000 : Number.POSITIVE_INFINITY;
  if (!(timeoutMs > 0)) throw usage(`--timeout must be a positive number of seconds, got "${values.timeout}"`);

  const settings = loadSettings();
  const catalog = await loadExtractionCatalog(values.catalog ?? settings.catalogPath);
  const selection = chosen.length > 0 ? selectionFrom(values, catalog, settings, io) : null;
  return reextractBatch(io, {
    settings,
    catalog,
    selection,
    batchId: values.batch,
    wait: !values['no-wait'],
    work: values.work === true,
    timeoutMs,
  });
}

function selectionFrom(
  values: { actor?: string; since?: string; source?: string; outdated?: boolean },
  catalog: ExtractionCatalog,
  settings: Settings,
  io: CliIo,
): ArticleSelection {
  const s: ArticleSelection = {};
  if (values.actor) {
    const actors = resolveEntity(catalog, values.actor).filter((e) => e.kind === 'actor');
    if (actors.length === 0)
      throw new CliError(
        `no actor in the catalog is called "${values.actor}" (see \`claimwire actors show NAME\`)`,
        'unknown-actor',
        1,
      );
    if (actors.length > 1) {
      io.err(`"${values.actor}" is ambiguous; it names ${actors.length} actors:`);
      for (const a of actors) io.err(`  ${a.name} (${a.id}): ${a.aliases.slice(0, 8).join(', ')}`);
      throw new CliError('re-extract one of them by its id', 'ambiguous', 3);
    }
    const [actor] = actors as [(typeof actors)[number]];
    // Its id finds the articles already attributed to it; every name finds those that use a name it just got.
    s.actorIds = [actor.id];
    s.names = [...new Set([actor.name, ...actor.aliases])];
  }
  if (values.since) s.since = values.since;
  if (values.source) {
    const sources = loadSourcesConfig(settings.CLAIMWIRE_SOURCES, settings.sourcesExample).sources;
    const source = sources.find((x) => x.id === values.source);
    if (source) {
      if (source.url) s.sourceUrls = [source.url, safeNormalize(source.url)];
      if (source.urls) s.articleUrls = source.urls.map(safeNormalize);
      if (!source.url && !source.urls)
        throw new CliError(
          `source "${source.id}" is a local file: its articles cite their own URLs; use --since or --actor`,
          'usage',
          2,
        );
    } else if (/^https?:\/\//i.test(values.source)) {
      s.sourceUrls = [values.source, safeNormalize(values.source)];
    } else {
      const ids = sources.map((x) => x.id);
      throw usage(
        `--source: no source "${values.source}" in ${settings.CLAIMWIRE_SOURCES}${ids.length ? ` (sources: ${ids.slice(0, 20).join(', ')})` : ''}; a feed or sitemap URL works too`,
      );
    }
  }
  if (values.outdated) s.outdated = extractorStamp(catalog);
  return s;
}

function safeNormalize(url: string): string {
  try {
    return normalizeUrl(url);
  } catch {
    return url;
  }
}

export interface ReextractRun {
  settings: Settings;
  catalog: ExtractionCatalog;
  /** Null: resume the batch with the selection it was started with. */
  selection: ArticleSelection | null;
  batchId?: string | undefined;
  wait: boolean;
  /** Run extract and index workers in this process while waiting. */
  work: boolean;
  timeoutMs: number;
  /** Printed instead of `claimwire reextract` in the advice lines (the command to resume with). */
  resumeCommand?: string;
}

/** Queues a re-extraction batch (or resumes one), then waits for it with a progress bar unless told not to. */
export async function reextractBatch(io: CliIo, run: ReextractRun): Promise<number> {
  const { settings } = run;
  const prefix = settings.CLAIMWIRE_INDEX_PREFIX;
  const runtime = run.work ? await ensureServices(io, settings) : null;
  const esUrl = runtime?.elasticsearchUrl ?? (await runningElasticsearch(settings));
  const redis = await connectProducer(settings.REDIS_URL);
  const queues = new PipelineQueues(redis, prefix);
  const batches = new Batches(redis, prefix);
  const { client } = await connectElasticsearch({ url: esUrl, name: 'claimwire-reextract' });
  const names = indexNames(prefix);
  const batchId =
    run.batchId ?? `r${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}-${randomBytes(3).toString('hex')}`;
  let pipeline: Awaited<ReturnType<typeof startPipeline>> | null = null;
  try {
    let selection = run.selection;
    if (!selection) {
      const progress = await batches.get(batchId);
      if (!(await batches.exists(batchId)))
        throw new CliError(
          `batch ${batchId} is not known to Redis (prefix ${prefix}): finished over a week ago, or another CLAIMWIRE_INDEX_PREFIX`,
          'unknown-batch',
          1,
        );
      const meta = progress.meta;
      if (meta?.kind !== 'reextract' || typeof meta.selection !== 'object' || meta.selection === null)
        throw new CliError(`batch ${batchId} is not a re-extraction batch`, 'not-reextract', 1);
      selection = meta.selection as ArticleSelection;
    }
    await ensureIndices(client, names);
    await batches.setMeta(batchId, { kind: 'reextract', selection });
    // Makes what was just ingested selectable.
    await refreshIndices(client, names);
    let queued = 0;
    for await (const ids of selectArticleIds(client, names, selection)) {
      const fresh: string[] = [];
      for (const articleId of ids) if (await batches.add(batchId, articleId)) fresh.push(articleId);
      const jobs = [];
      for (let i = 0; i < fresh.length; i += ARTICLES_PER_JOB)
        jobs.push({
          kind: 'reextract' as const,
          batchId,
          articleIds: fresh.slice(i, i + ARTICLES_PER_JOB),
          catalog: run.catalog.revision,
        });
      if (jobs.length > 0) await queues.addReextract(jobs);
      queued += fresh.length;
    }
    const before = await batches.get(batchId);
    io.err(
      `batch ${batchId}: ${queued} article(s) queued for re-extraction` +
        (before.total > queued ? ` (${before.total} in the batch, ${articlesDone(before)} done before)` : ''),
    );
    if (!run.wait && !run.work) {
      io.out(batchId);
      return 0;
    }
    if (runtime) {
      pipeline = await startPipeline({
        settings,
        elasticsearchUrl: runtime.elasticsearchUrl,
        catalog: run.catalog,
        stages: ['extract', 'index'],
        schedule: false,
        logger: createLogger({ name: 'reextract', level: 'warn', human: true, write: (l) => io.err(l.trimEnd()) }),
      });
    }
    const resume = run.resumeCommand ?? `claimwire reextract --batch ${batchId}`;
    const { progress, end } = await waitForBatch(io, {
      batches,
      queues,
      batchId,
      timeoutMs: run.timeoutMs,
      inProcess: pipeline !== null,
      line: reextractLine,
      advice: {
        noWorker: (stages) => [
          `no worker is taking jobs from the ${stages.join(', ')} queue${stages.length > 1 ? 's' : ''} (Redis ${redactUrl(settings.REDIS_URL)}, prefix ${prefix}): batch ${batchId} waits there.`,
          '  start one:       claimwire worker   (with the same REDIS_URL and CLAIMWIRE_INDEX_PREFIX)',
          `  or run it here:  ${resume} --work`,
          `  then follow it:  ${resume}`,
        ],
        interrupted: pipeline
          ? [
              `stopped: the workers of this process finish or release their jobs; the rest of batch ${batchId} waits in the queues.`,
              `  go on with:  ${resume} --work   (or run \`claimwire worker\` and follow it with ${resume})`,
            ]
          : [`stopped waiting: batch ${batchId} goes on in the workers.`, `  follow it again:  ${resume}`],
      },
    });
    if (end === 'interrupted') return 130;
    if (end === 'no-worker') return 3;
    await refreshIndices(client, names);
    for (const line of summarizeReextract(progress)) io.out(line);
    if (progress.pending > 0) return 124;
    return progress.failed > 0 ? 1 : 0;
  } finally {
    await pipeline?.close();
    await queues.close();
    await client.close();
    redis.disconnect();
  }
}

const count = (p: BatchProgress, name: string): number => p.counts[name] ?? 0;

export function reextractLine(p: BatchProgress): string {
  return `${articlesDone(p)}/${p.total} articles re-extracted: claims ${count(p, 'claimsAdded')} added, ${count(p, 'claimsRemoved')} removed, ${count(p, 'claimsUnchanged')} unchanged, ${p.failed} failed`;
}

export function summarizeReextract(p: BatchProgress): string[] {
  const lines = [
    `re-extraction batch ${p.id}: ${p.total} article(s)`,
    `  re-extracted         ${p.reextracted}`,
    `  duplicates           ${p.duplicates}   (syndicated copies keep no claims)`,
    `  changed meanwhile    ${p.unchanged}   (re-ingested while queued: the ingest made their claims)`,
    `  failed               ${p.failed}`,
    `  claims added         ${count(p, 'claimsAdded')}`,
    `  claims removed       ${count(p, 'claimsRemoved')}`,
    `  claims unchanged     ${count(p, 'claimsUnchanged')}`,
    `  claims updated       ${count(p, 'claimsUpdated')}   (same statement and place; hedging, denial or vendors changed)`,
    `  claims now           ${p.claims}`,
  ];
  if (p.pending > 0) lines.push(`  still pending        ${p.pending}`);
  for (const [reason, n] of Object.entries(p.failureReasons).sort((a, b) => b[1] - a[1]))
    lines.push(`  failed (${reason})  ${n}`);
  for (const f of p.failures.slice(-10)) lines.push(`    ${f.url}: ${f.message}`);
  return lines;
}
