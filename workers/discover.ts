/** discover: turns a source (feed, sitemap, URL list, or every configured source) into fetch jobs. */
import { readFile } from 'node:fs/promises';
import type { Job } from 'bullmq';
import { decodeHtml } from '../src/article/index.ts';
import { parseDiscoveryDocument } from '../src/discover/index.ts';
import { InputError, NonRetryableError } from '../src/errors.ts';
import { normalizeUrl } from '../src/fetch/index.ts';
import type { Logger } from '../src/log.ts';
import { expandSources } from '../src/queue/expand-sources.ts';
import type { DiscoverPayload, FetchPayload } from '../src/queue/payloads.ts';
import type { StageDeps } from './deps.ts';

type Child = DiscoverPayload & { batchId: string };

export function discoverItemKey(data: DiscoverPayload): string {
  return `discover:${data.kind}:${data.url ?? data.file ?? (data.urls ?? []).join(' ').slice(0, 200)}`;
}

export async function processDiscover(
  deps: StageDeps,
  data: DiscoverPayload,
  job: Job,
  log: Logger = deps.logger,
): Promise<{ urls: number }> {
  const batchId = data.batchId ?? `nightly-${deps.now().toISOString().slice(0, 10)}`;
  const selfKey = discoverItemKey(data);
  if (!data.batchId) await deps.batches.add(batchId, selfKey, false);

  const children: Child[] = [];
  let urls: { url: string; sourceUrl: string | null }[] = [];
  if (data.kind === 'sources') {
    const work = expandSources(deps.sources(), batchId);
    children.push(...work.discoveries);
    urls = work.urls.map((url) => ({ url, sourceUrl: null }));
  } else if (data.urls) {
    urls = data.urls.map((url) => ({ url, sourceUrl: null }));
  } else {
    const listing = await readListing(deps, data);
    urls = listing.urls;
    children.push(...listing.sitemaps.map((url): Child => ({ batchId, kind: 'sitemap', url })));
  }

  for (const child of children) {
    if (await deps.batches.add(batchId, discoverItemKey(child), false))
      await deps.queues.addDiscover(child, discoverItemKey(child));
  }
  const fresh: FetchPayload[] = [];
  for (const { url, sourceUrl } of urls) {
    let normalizedUrl: string;
    try {
      normalizedUrl = normalizeUrl(url);
    } catch {
      log.info(`discover ${job.id}: skipped invalid URL ${url}`);
      continue;
    }
    if (await deps.batches.add(batchId, normalizedUrl)) fresh.push({ batchId, url, normalizedUrl, sourceUrl });
  }
  if (fresh.length > 0) await deps.queues.addFetch(fresh);
  if (urls.length === 0 && children.length === 0)
    await deps.batches.note(batchId, `${data.kind} ${data.url ?? data.file ?? '(inline list)'} listed nothing`);
  await deps.batches.finish(batchId, selfKey, 'discovered');
  return { urls: fresh.length };
}

/** Reads a feed, sitemap or URL list (fetched, or a local file named in the sources config). */
async function readListing(
  deps: StageDeps,
  data: DiscoverPayload,
): Promise<{ urls: { url: string; sourceUrl: string | null }[]; sitemaps: string[] }> {
  let body: string;
  let base: string;
  let contentType: string | undefined;
  if (data.file) {
    try {
      body = await readFile(data.file, 'utf8');
    } catch (error) {
      throw new InputError(`cannot read source file ${data.file}: ${(error as Error).message}`, {
        input: data.file,
        reason: 'source-file',
      });
    }
    base = data.url ?? `file://${data.file}`;
  } else if (data.url) {
    const page = await deps.fetcher.fetch(data.url, {});
    if (page.status !== 'ok') return { urls: [], sitemaps: [] };
    body = decodeHtml(page.body, page.contentType);
    base = page.url;
    contentType = page.contentType;
  } else {
    throw new NonRetryableError(`${data.kind} discovery needs a url or a file`, { reason: 'invalid-job' });
  }
  const options = { ...(data.maxItems ? { maxEntries: data.maxItems } : {}), ...(contentType ? { contentType } : {}) };
  const doc = parseDiscoveryDocument(body, base, data.kind === 'sources' ? 'feed' : data.kind, options);
  switch (doc.kind) {
    case 'feed':
      return { urls: doc.result.entries.map((e) => ({ url: e.url, sourceUrl: base })), sitemaps: [] };
    case 'sitemap':
      return { urls: doc.result.urls.map((u) => ({ url: u.url, sourceUrl: base })), sitemaps: doc.result.sitemaps };
    case 'urls':
      return { urls: doc.result.urls.map((url) => ({ url, sourceUrl: base })), sitemaps: [] };
  }
}
