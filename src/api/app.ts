/**
 * The HTTP API and the web UI in one Hono app. Routes validate with the zod schemas in `schemas.ts`, call the store and
 * the core, and throw `Problem`s; `onError` is the one boundary that turns anything thrown into problem+json.
 * `createApp` takes its outside systems as functions, so routes are tested in process without a port.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Client, errors } from '@elastic/elasticsearch';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ReplyError } from 'ioredis';
import type { z } from 'zod';
import { AmbiguousWatchError, newWatch } from '../alerts/new-watch.ts';
import { describeWebhookUrl } from '../alerts/webhook-error.ts';
import { displayAssertion } from '../claims/assertions.ts';
import { ClaimwireError, InputError, NonRetryableError } from '../errors.ts';
import { assertionsCsv } from '../export/csv.ts';
import { assertionsStixJson, assertionsToStixBundle } from '../export/stix-assertions.ts';
import type { ExtractionCatalog } from '../extract/catalog/index.ts';
import { type ResolvedEntity, resolveEntity } from '../extract/catalog/resolve.ts';
import { nameKey } from '../extract/text/tokens.ts';
import {
  type AddressAllowlist,
  assertPublicUrl,
  howToAllow,
  normalizeUrl,
  WEBHOOK_ALLOW_VARIABLE,
} from '../fetch/index.ts';
import { assetPath } from '../paths.ts';
import type { Batches } from '../queue/batches.ts';
import { ServiceUnavailableError } from '../queue/connection.ts';
import type { PipelineQueues } from '../queue/pipeline-queues.ts';
import {
  type AssertionRow,
  assertionSearchOf,
  getAssertion,
  getAssertions,
  searchAssertions,
} from '../store/assertions-query.ts';
import {
  actorStats,
  type Bucket,
  CursorError,
  claimPages,
  claimsOfArticle,
  type EntityFilter,
  getArticle,
  searchClaims,
} from '../store/claims-query.ts';
import type { ArticleDocument } from '../store/documents.ts';
import { isElasticsearchUnavailable } from '../store/es-errors.ts';
import type { IndexNames } from '../store/indices.ts';
import { triage } from '../store/triage.ts';
import {
  deleteWatch,
  getAlert,
  listAlerts,
  listWatches,
  saveWatch,
  updateAlert,
  type WatchDocument,
} from '../store/watches.ts';
import { EXPORT_FORMATS, exportBody, paced } from './export-stream.ts';
import { renderMetrics } from './metrics.ts';
import { openApiDocument } from './openapi.ts';
import { badRequest, forbidden, notFound, Problem, tooManyRequests, unauthorized, unavailable } from './problems.ts';
import {
  actorsQuery,
  alertsQuery,
  assertionsQuery,
  claimsQuery,
  ingestBody,
  triageQuery,
  watchBody,
} from './schemas.ts';

export interface ApiDeps {
  catalog: ExtractionCatalog;
  names: IndexNames;
  /** The Elasticsearch client; rejects when it cannot be reached. */
  elasticsearch: () => Promise<Client>;
  /** Queues and batch progress on Redis; rejects when Redis is down. */
  producer: () => Promise<{ queues: PipelineQueues; batches: Batches }>;
  /** Keys that may write; empty means writes are disabled. */
  apiKeys: readonly string[];
  /** Webhooks on private addresses are accepted (tests only). */
  allowPrivateWebhooks?: boolean;
  /** Webhooks on non-public addresses accepted on purpose (CLAIMWIRE_WEBHOOK_ALLOW_CIDRS). */
  webhookAllow?: AddressAllowlist;
  /** Exports (`format=csv|jsonl|stix`) running at once; more are answered 429. Default {@link MAX_CONCURRENT_EXPORTS}. */
  maxConcurrentExports?: number;
  /**
   * Host names (lower-case, without port) the API answers to; a request with any other `Host` is refused, so a page
   * that rebinds its own DNS name to 127.0.0.1 cannot read a local `serve` from an analyst's browser. Unset: no check
   * (in-process tests; a server on a wildcard address with no names configured).
   */
  allowedHosts?: readonly string[];
  /** Claims read per Elasticsearch request while streaming an export. Default 500. */
  exportPageSize?: number;
  log?: (line: string) => void;
}

/**
 * Exports read up to {@link EXPORT_LIMIT} claims each; a few at once keep `serve` small and searches fast while
 * anonymous clients ask for many (the rest get 429 with Retry-After).
 */
export const MAX_CONCURRENT_EXPORTS = 2;
const EXPORT_RETRY_AFTER_SECONDS = 5;

const UI_DIR = assetPath('api', 'ui');
const UI_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
/** Sent on every response, errors included: the UI's CSP, no MIME sniffing, no referrer, no framing, no opener. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};
/** Methods that only read; every other method needs an API key, on every path, matched route or not. */
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** The largest request body read: 1,000 URLs of 2,048 characters (the ingest limits) fit with room to spare. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;
const EXPORT_LIMIT = 10_000;

export function createApp(deps: ApiDeps): Hono {
  const app = new Hono();
  const log = deps.log ?? (() => {});
  const maxExports = deps.maxConcurrentExports ?? MAX_CONCURRENT_EXPORTS;
  let exportsRunning = 0;

  app.use('*', async (c, next) => {
    await next();
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.header(k, v);
  });
  if (deps.allowedHosts) {
    const allowed = new Set(deps.allowedHosts.map((h) => h.toLowerCase()));
    app.use('*', async (c, next) => {
      const host = hostWithoutPort(c.req.header('host') ?? '');
      if (!allowed.has(host))
        throw new Problem(
          421,
          'Misdirected request',
          `this server does not answer to the host "${host.slice(0, 100)}"; if it is one of its names, add it to CLAIMWIRE_API_HOSTS`,
        );
      await next();
    });
  }
  // Every write needs a key, checked before any body is read; one place, so a new write route cannot forget it.
  app.use('*', async (c, next) => {
    if (!READ_METHODS.has(c.req.method)) {
      requireKey(c, deps.apiKeys);
      c.header('cache-control', 'no-store');
    }
    await next();
  });
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new Problem(413, 'Content too large', `the request body is over ${MAX_BODY_BYTES} bytes`);
      },
    }),
  );

  app.onError((error, c) => {
    const p = toProblem(error);
    // Also here: a 404 from `notFound` never passes back through the middleware above.
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.header(k, v);
    if (p.status >= 500 && p.status !== 503)
      log(
        `api: ${c.req.method} ${c.req.path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    for (const [k, v] of Object.entries(p.headers)) c.header(k, v);
    return c.body(
      JSON.stringify({
        type: `https://claimwire.dev/problems/${p.status}`,
        title: p.title,
        status: p.status,
        detail: p.detail,
        ...p.extensions,
      }),
      p.status as 400,
      { 'content-type': 'application/problem+json' },
    );
  });
  app.notFound(() => {
    throw notFound('no such resource');
  });

  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/openapi.json', (c) => c.json(openApiDocument()));
  app.get('/metrics', async (c) =>
    c.body(await withRedis(deps.producer, async (p) => renderMetrics(await deps.elasticsearch(), deps.names, p)), 200, {
      'content-type': 'text/plain; version=0.0.4; charset=utf-8',
    }),
  );

  app.get('/v1/claims', async (c) => {
    const query = parse(claimsQuery, queryObject(c, ['predicate', 'sector', 'country', 'vendor']));
    const entity = resolveOne(deps.catalog, query.entity);
    if (entity && 'ambiguous' in entity) return c.json(entity, 300);
    const es = await deps.elasticsearch();
    const filters = {
      entity: entity?.filter,
      predicates: query.predicate ?? [],
      sectors: query.sector ?? [],
      countries: (query.country ?? []).map((x) => x.toUpperCase()),
      vendors: query.vendor ?? [],
      from: query.from,
      to: query.to,
      hedged: query.hedged,
      negated: query.negated === 'any' ? ('any' as const) : query.negated === 'true',
      q: query.q,
    };
    if (query.format !== 'json') {
      if (exportsRunning >= maxExports)
        throw tooManyRequests(
          `${maxExports} exports are running, the most served at once; retry in a few seconds`,
          EXPORT_RETRY_AFTER_SECONDS,
        );
      exportsRunning++;
      // The slot is freed once: when the body is done, fails, or the client goes away (which also aborts the search).
      const abort = new AbortController();
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        exportsRunning--;
        abort.abort();
      };
      c.req.raw.signal.addEventListener('abort', release, { once: true });
      const format = EXPORT_FORMATS[query.format];
      const pages = paced(
        claimPages(es, deps.names, filters, EXPORT_LIMIT, {
          signal: abort.signal,
          ...(deps.exportPageSize ? { pageSize: deps.exportPageSize } : {}),
        }),
      );
      const body = await exportBody(pages, query.format, deps.catalog, release);
      const base = `claims-${(query.entity ?? 'all').replace(/[^\w-]+/g, '_').slice(0, 60)}`;
      return c.body(body, 200, {
        'content-type': format.contentType,
        'content-disposition': `attachment; filename="${base}.${format.extension}"`,
      });
    }
    let page: Awaited<ReturnType<typeof searchClaims>>;
    try {
      page = await searchClaims(es, deps.names, { ...filters, size: query.size, cursor: query.cursor, facets: true });
    } catch (error) {
      if (error instanceof CursorError)
        throw badRequest(error.message, [{ parameter: 'cursor', message: error.message }]);
      throw error;
    }
    const f = page.facets as NonNullable<typeof page.facets>;
    return c.json({
      total: page.total,
      resolved: entity?.resolved ?? null,
      claims: page.claims,
      facets: {
        predicate: f.predicate,
        sector: named(f.sector, (id) => deps.catalog.sectors.get(id)?.name),
        country: named(f.country, (id) => deps.catalog.countries.get(id)?.name),
        vendor: named(f.vendor, (id) => deps.catalog.vendors.get(id)?.name),
        month: f.month,
      },
      next: page.next,
    });
  });

  app.get('/v1/assertions', async (c) => {
    const query = parse(assertionsQuery, queryObject(c, ['predicate', 'object', 'vendor']));
    const entity = resolveOne(deps.catalog, query.entity);
    if (entity && 'ambiguous' in entity) return c.json(entity, 300);
    const es = await deps.elasticsearch();
    const exporting = query.format !== 'json';
    const page = await searchAssertions(
      es,
      deps.names,
      assertionSearchOf(
        query,
        entity?.filter,
        exporting ? { size: ASSERTION_EXPORT_LIMIT, offset: 0 } : { size: query.size, offset: query.offset },
      ),
    );
    const rows = page.assertions.map((a) => namedAssertion(deps.catalog, a));
    const base = `assertions-${(query.entity ?? 'all').replace(/[^\w-]+/g, '_').slice(0, 60)}`;
    if (query.format === 'csv')
      return c.body(assertionsCsv(rows), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${base}.csv"`,
      });
    if (query.format === 'stix') {
      const details = await getAssertions(
        es,
        deps.names,
        page.assertions.map((a) => a.id),
      );
      return c.body(assertionsStixJson(assertionsToStixBundle(details, deps.catalog, { tlp: query.tlp })), 200, {
        'content-type': 'application/stix+json;version=2.1',
        'content-disposition': `attachment; filename="${base}.stix.json"`,
      });
    }
    const vendorName = (id: string) => deps.catalog.vendors.get(id)?.name;
    return c.json({
      total: page.total,
      offset: query.offset,
      resolved: entity?.resolved ?? null,
      assertions: rows,
      facets: {
        predicate: page.facets.predicate,
        object: named(
          page.facets.object,
          (id) => deps.catalog.sectors.get(id)?.name ?? deps.catalog.countries.get(id)?.name,
        ),
        vendor: named(page.facets.vendor, vendorName),
      },
    });
  });

  app.get('/v1/assertions/:id', async (c) => {
    const id = c.req.param('id');
    if (!/^[a-f0-9]{24}$/.test(id)) throw notFound(`no assertion with id "${id}"`);
    const a = await getAssertion(await deps.elasticsearch(), deps.names, id);
    if (!a) throw notFound(`no assertion with id "${id}"`);
    const { copies, ...detail } = a;
    const vendors = (ids: string[]) => ids.map((v) => ({ id: v, name: deps.catalog.vendors.get(v)?.name ?? v }));
    const article = (e: (typeof detail.evidence)[number]) => ({
      ...e,
      vendors: vendors(e.vendors),
      copies: copies.get(e.article.id) ?? [],
    });
    return c.json({
      ...namedAssertion(deps.catalog, detail),
      confidence: detail.confidence,
      evidence: detail.evidence.map(article),
      counterEvidence: detail.counterEvidence.map(article),
    });
  });

  app.get('/v1/triage', async (c) => {
    const query = parse(triageQuery, queryObject(c, []));
    const t = await triage(await deps.elasticsearch(), deps.names, query.window);
    return c.json({
      ...t,
      actors: t.actors.map((a) => ({ ...a, name: deps.catalog.actors.get(a.id)?.name ?? a.id })),
      newAssertions: t.newAssertions.map((a) => namedAssertion(deps.catalog, a)),
      disputedAssertions: t.disputedAssertions.map((a) => namedAssertion(deps.catalog, a)),
    });
  });

  app.get('/v1/actors', (c) => {
    const q = parse(actorsQuery, queryObject(c, []));
    return c.json({ actors: suggestActors(deps.catalog, q.prefix, q.limit) });
  });

  app.get('/v1/actors/:id', async (c) => {
    const actor = deps.catalog.actors.get(c.req.param('id'));
    if (!actor) throw notFound(`no actor with id "${c.req.param('id')}"`);
    const stats = await actorStats(await deps.elasticsearch(), deps.names, actor.id);
    const sponsor = actor.sponsor ? (deps.catalog.countries.get(actor.sponsor) ?? null) : null;
    return c.json({
      id: actor.id,
      name: actor.name,
      attackId: actor.attackId ?? null,
      kind: actor.kind,
      sponsor: sponsor ? { code: sponsor.code, name: sponsor.name } : null,
      aliases: actor.aliases.map((a) => ({
        name: a.name,
        coinedBy: a.coinedBy ?? null,
        coinedByName: a.coinedBy ? (deps.catalog.vendors.get(a.coinedBy)?.name ?? null) : null,
      })),
      claimCount: stats.claimCount,
      firstSeen: stats.firstSeen,
      lastSeen: stats.lastSeen,
      sectors: stats.sectors.map((b) => ({
        id: b.key,
        name: deps.catalog.sectors.get(b.key)?.name ?? b.key,
        count: b.count,
      })),
      countries: stats.countries.map((b) => ({
        id: b.key,
        name: deps.catalog.countries.get(b.key)?.name ?? b.key,
        count: b.count,
      })),
      vendors: stats.vendors.map((b) => ({
        id: b.key,
        name: deps.catalog.vendors.get(b.key)?.name ?? b.key,
        count: b.count,
      })),
      months: stats.months,
      latest: stats.latest,
    });
  });

  app.get('/v1/articles/:id', async (c) => {
    const id = c.req.param('id');
    if (!/^[a-f0-9]{16,64}$/.test(id)) throw notFound(`no article with id "${id}"`);
    const es = await deps.elasticsearch();
    const article = await getArticle(es, deps.names, id);
    if (!article) throw notFound(`no article with id "${id}"`);
    const claims = await claimsOfArticle(es, deps.names, article.duplicateOf ?? id);
    return c.json({
      id: article.id,
      url: article.url,
      title: article.title,
      publisher: article.publisher,
      published: article.published,
      text: article.text,
      duplicateOf: article.duplicateOf,
      spans: spansOf(article),
      claims,
    });
  });

  app.post('/v1/ingest', async (c) => {
    const { urls } = parse(ingestBody, await jsonBody(c, 'the body must be JSON: { "urls": ["https://…"] }'));
    // Every URL is checked before any is queued, so a refused one leaves no half-queued batch behind.
    const normalized = urls.map((url, i) => {
      try {
        return { url, normalizedUrl: normalizeUrl(url) };
      } catch (error) {
        if (error instanceof NonRetryableError)
          throw badRequest(`urls.${i}: ${error.message}`, [{ parameter: `urls.${i}`, message: error.message }]);
        throw error;
      }
    });
    const batchId = `api${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}-${randomBytes(3).toString('hex')}`;
    const { items, duplicates } = await withRedis(deps.producer, async ({ queues, batches }) => {
      const items = [];
      let duplicates = 0;
      for (const { url, normalizedUrl } of normalized) {
        if (await batches.add(batchId, normalizedUrl)) items.push({ batchId, url, normalizedUrl, sourceUrl: null });
        else duplicates++;
      }
      await queues.addFetch(items);
      return { items, duplicates };
    });
    return c.json({ batchId, accepted: items.length, duplicates }, 202);
  });

  app.get('/v1/jobs/:id', async (c) => {
    const id = c.req.param('id');
    if (!/^[\w.-]{1,100}$/.test(id)) throw notFound(`no job "${id}"`);
    const progress = await withRedis(deps.producer, ({ batches }) => batches.get(id));
    if (progress.total === 0 && progress.pending === 0) throw notFound(`no job "${id}"`);
    return c.json(progress);
  });

  // Watchlists: reading them needs a key too, since a webhook URL can itself be a credential (Slack's are).
  app.get('/v1/watchlists', async (c) => {
    requireKey(c, deps.apiKeys);
    c.header('cache-control', 'no-store');
    const watches = await listWatches(await deps.elasticsearch(), deps.names);
    return c.json({ watchlists: watches.map(publicWatch) });
  });

  app.post('/v1/watchlists', async (c) => {
    const body = parse(watchBody, await jsonBody(c));
    let watch: ReturnType<typeof newWatch>;
    try {
      watch = newWatch({ ...body, name: body.actor }, deps.catalog, new Date());
    } catch (error) {
      if (error instanceof AmbiguousWatchError) {
        return c.json({ ambiguous: true, query: error.query, candidates: error.candidates }, 300);
      }
      if (error instanceof InputError) throw badRequest(error.message);
      throw error;
    }
    try {
      await assertPublicUrl(watch.url, {
        allowPrivate: deps.allowPrivateWebhooks ?? false,
        allow: deps.webhookAllow ?? { variable: WEBHOOK_ALLOW_VARIABLE, cidrs: [], hosts: [] },
      });
    } catch (error) {
      // The guard's message quotes the whole URL, whose path or query may be the webhook's credential: origin only.
      const why = refusalReason(error);
      throw badRequest(`the webhook ${describeWebhookUrl(watch.url)} is refused: ${why}`, [
        { parameter: 'webhook', message: why },
      ]);
    }
    await saveWatch(await deps.elasticsearch(), deps.names, watch);
    return c.json(publicWatch(watch), 201);
  });

  app.delete('/v1/watchlists/:id', async (c) => {
    if (!(await deleteWatch(await deps.elasticsearch(), deps.names, c.req.param('id'))))
      throw notFound(`no watch "${c.req.param('id')}"`);
    return c.body(null, 204);
  });

  // Alerts carry the watch's name and query: they need the key, as the watch list does.
  app.get('/v1/alerts', async (c) => {
    requireKey(c, deps.apiKeys);
    c.header('cache-control', 'no-store');
    const q = parse(alertsQuery, queryObject(c, []));
    const alerts = await listAlerts(await deps.elasticsearch(), deps.names, {
      ...(q.status ? { status: q.status } : {}),
      ...(q.watch ? { watchId: q.watch } : {}),
      size: q.size,
    });
    return c.json({ alerts });
  });

  app.post('/v1/alerts/:id/ack', async (c) => {
    const es = await deps.elasticsearch();
    const id = c.req.param('id');
    if (!(await getAlert(es, deps.names, id))) throw notFound(`no alert "${id}"`);
    await updateAlert(es, deps.names, id, { ackedAt: new Date().toISOString() });
    return c.json({ id, acked: true });
  });

  app.post('/v1/alerts/:id/redeliver', async (c) => {
    const es = await deps.elasticsearch();
    const id = c.req.param('id');
    const alert = await getAlert(es, deps.names, id);
    if (alert?.kind !== 'alert') throw notFound(`no alert "${id}"`);
    await withRedis(deps.producer, async ({ queues }) => {
      await updateAlert(es, deps.names, id, { status: 'pending', lastError: null });
      await queues.addAlert(id, Date.now());
    });
    return c.json({ id, status: 'pending' }, 202);
  });

  // The web UI: the same page for every client-side route; assets from src/api/ui.
  const page = async (c: Context) =>
    c.body(await readFile(path.join(UI_DIR, 'index.html')), 200, { 'content-type': UI_TYPES['.html'] as string });
  app.get('/', page);
  app.get('/actors/:id', page);
  app.get('/articles/:id', page);
  app.get('/assertions/:id', page);
  app.get('/ui/:file', async (c) => {
    const file = c.req.param('file');
    const type = UI_TYPES[path.extname(file)];
    if (!/^[\w.-]+$/.test(file) || !type) throw notFound(`no such file "${file}"`);
    try {
      return c.body(await readFile(path.join(UI_DIR, file)), 200, {
        'content-type': type,
        'cache-control': 'no-cache',
      });
    } catch {
      throw notFound(`no such file "${file}"`);
    }
  });

  return app;
}

/**
 * Query parameters as an object; the named ones may repeat and become arrays. Any other parameter given twice is
 * refused rather than silently read as its first value, so what a proxy or log sees is what the search used.
 */
function queryObject(c: Context, repeatable: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...c.req.query() };
  const repeated = Object.entries(c.req.queries())
    .filter(([name, values]) => values.length > 1 && !repeatable.includes(name))
    .map(([name]) => ({ parameter: name, message: 'given more than once; it takes one value' }));
  if (repeated.length > 0) throw badRequest(repeated.map((e) => `${e.parameter}: ${e.message}`).join('; '), repeated);
  for (const name of repeatable) {
    const values = c.req.queries(name);
    if (values) out[name] = values.flatMap((v) => v.split(',')).filter(Boolean);
  }
  return out;
}

function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const errors = r.error.issues.map((i) => ({
    parameter:
      i.path.join('.') || (i.code === 'unrecognized_keys' ? ((i as { keys?: string[] }).keys?.join(', ') ?? '') : ''),
    message: i.message,
  }));
  throw badRequest(errors.map((e) => `${e.parameter ? `${e.parameter}: ` : ''}${e.message}`).join('; '), errors);
}

type Resolution =
  | { resolved: ResolvedEntity | null; filter: EntityFilter }
  | { ambiguous: true; query: string; candidates: ResolvedEntity[] };

function resolveOne(catalog: ExtractionCatalog, entity: string | undefined): Resolution | null {
  if (!entity) return null;
  const candidates = resolveEntity(catalog, entity);
  if (candidates.length > 1) return { ambiguous: true, query: entity, candidates };
  const [one] = candidates;
  if (one) return { resolved: one, filter: one };
  return { resolved: null, filter: { kind: 'name', key: nameKey(entity) } };
}

/** Most assertions one CSV or STIX export of `/v1/assertions` holds. */
const ASSERTION_EXPORT_LIMIT = 500;

/** An assertion row as the API shows it: catalog names, the fields of the schema in its order. */
function namedAssertion(catalog: ExtractionCatalog, row: AssertionRow) {
  const a = displayAssertion(catalog, row);
  return {
    id: a.id,
    subject: a.subject,
    predicate: a.predicate,
    object: a.object,
    sources: a.sources,
    articles: a.articles,
    vendors: a.vendors,
    firstReported: a.firstReported,
    lastReported: a.lastReported,
    hedgedArticles: a.hedgedArticles,
    disputedBy: a.disputedBy,
  };
}

const named = (buckets: Bucket[], name: (id: string) => string | undefined) =>
  buckets.map((b) => ({ ...b, ...(name(b.key) ? { name: name(b.key) } : {}) }));

/** Actors with a name starting with the prefix (any alias, ignoring case, spaces and hyphens); canonical names first. */
export function suggestActors(catalog: ExtractionCatalog, prefix: string, limit: number) {
  const key = nameKey(prefix);
  if (!key) return [];
  const word = prefix.trim().toLowerCase();
  const hits: { id: string; name: string; matched: string; aliases: string[]; rank: number }[] = [];
  for (const a of catalog.actors.values()) {
    const names = [...new Set([a.name, ...a.aliases.map((x) => x.name)])];
    // Rank: the whole name typed (0), a name starting with it (1), a later word of a name starting with it (2).
    let best: { matched: string; rank: number } | null = null;
    for (const n of names) {
      const k = nameKey(n);
      const rank =
        k === key
          ? 0
          : k.startsWith(key)
            ? 1
            : n
                  .toLowerCase()
                  .split(/[\s-]+/)
                  .slice(1)
                  .some((w) => w.startsWith(word))
              ? 2
              : -1;
      if (rank >= 0 && (!best || rank < best.rank || (rank === best.rank && n === a.name))) best = { matched: n, rank };
    }
    // Code names (Storm-1567, TA505) rank after names when both start with what was typed.
    if (best)
      hits.push({
        id: a.id,
        name: a.name,
        matched: best.matched,
        aliases: names,
        rank: best.rank + (/\d/.test(best.matched) && !/\d/.test(prefix) ? 0.5 : 0),
      });
  }
  hits.sort((x, y) => x.rank - y.rank || x.matched.length - y.matched.length || x.name.localeCompare(y.name));
  return hits.slice(0, limit).map(({ rank: _rank, ...h }) => h);
}

function spansOf(a: ArticleDocument) {
  const e = a.entities;
  const spans: { start: number; end: number; kind: string; id: string | null; text: string }[] = [];
  for (const x of e.actors) for (const m of x.mentions) spans.push({ ...m, kind: 'actor', id: x.id });
  for (const x of e.vendors) for (const m of x.mentions) spans.push({ ...m, kind: 'vendor', id: x.id });
  for (const x of e.sectors) for (const m of x.mentions) spans.push({ ...m, kind: 'sector', id: x.id });
  for (const x of e.countries)
    for (const m of x.mentions) spans.push({ start: m.start, end: m.end, text: m.text, kind: 'country', id: x.code });
  for (const d of e.dates) spans.push({ start: d.start, end: d.end, text: d.text, kind: 'date', id: d.value });
  for (const p of e.percentages)
    spans.push({ start: p.start, end: p.end, text: p.text, kind: 'percentage', id: String(p.value) });
  return spans.sort((x, y) => x.start - y.start || y.end - x.end);
}

/** Constant-time key check: hash both sides so lengths never leak through timing either. */
function requireKey(c: Context, keys: readonly string[]): void {
  if (keys.length === 0) throw forbidden('writes are disabled: no API keys are configured (CLAIMWIRE_API_KEYS)');
  const header = c.req.header('authorization');
  const given = header?.match(/^Bearer\s+(.+)$/i)?.[1] ?? c.req.header('x-api-key');
  if (!given) throw unauthorized('an API key is required: send Authorization: Bearer <key> or X-API-Key: <key>');
  const digest = (s: string) => createHash('sha256').update(s).digest();
  const g = digest(given);
  let ok = false;
  for (const k of keys) ok = timingSafeEqual(g, digest(k)) || ok;
  if (!ok) throw unauthorized('the API key is not valid');
}

async function jsonBody(c: Context, detail = 'the body must be JSON'): Promise<unknown> {
  try {
    return await c.req.json();
  } catch (error) {
    if (error instanceof Problem) throw error;
    throw badRequest(detail);
  }
}

/** Why the SSRF guard refused a webhook, without the URL (the guard's own message quotes it whole). */
function refusalReason(error: unknown): string {
  const context = error instanceof ClaimwireError ? error.context : {};
  switch (context.reason) {
    case 'ssrf-private-address':
      return `it resolves to ${String(context.address)}, a ${String(context.range)} address; alerts only go to public hosts (${howToAllow(String(context.address), WEBHOOK_ALLOW_VARIABLE)})`;
    case 'dns-not-found':
      return 'its host does not resolve';
    case 'dns-failure':
      return 'resolving its host failed; try again';
    default:
      return `refused by the URL guard (${String(context.reason ?? 'unknown reason')})`;
  }
}

/** A watch as the API shows it: the webhook's origin only, and whether it is signed, never the secret. */
function publicWatch(w: WatchDocument) {
  return {
    id: w.id,
    name: w.name,
    actorId: w.actorId,
    predicates: w.predicates,
    sectors: w.sectors,
    countries: w.countries,
    webhook: new URL(w.url).origin,
    signed: w.secret !== null,
    format: w.format,
    on: w.on ?? 'new-article',
    createdAt: w.createdAt,
  };
}

/** `example.org:8080` → `example.org`, `[::1]:80` → `[::1]`, lower-cased. */
export function hostWithoutPort(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.indexOf(':');
  return colon < 0 ? h : h.slice(0, colon);
}

/** 503 for a service that is down, by the error's type; anything else unexpected is a 500. */
function toProblem(error: unknown): Problem {
  if (error instanceof Problem) return error;
  if (error instanceof ServiceUnavailableError)
    return unavailable(
      error.service,
      `${error.service === 'redis' ? 'Redis' : 'Elasticsearch'} is not reachable; try again shortly`,
    );
  if (isElasticsearchUnavailable(error))
    return unavailable('elasticsearch', 'Elasticsearch is not answering; try again shortly');
  return new Problem(500, 'Internal error', 'something went wrong; the error was logged');
}

/**
 * Runs Redis work for a request. The producer connection fails fast when Redis goes away mid-request (offline queue
 * off), with ioredis's plain errors; those become one {@link ServiceUnavailableError}. A Redis reply error (a command
 * Redis refused) and claimwire's own errors pass through as they are.
 */
async function withRedis<T>(
  producer: ApiDeps['producer'],
  work: (p: Awaited<ReturnType<ApiDeps['producer']>>) => Promise<T>,
): Promise<T> {
  const p = await producer();
  try {
    return await work(p);
  } catch (error) {
    if (error instanceof ClaimwireError || error instanceof Problem || error instanceof ReplyError) throw error;
    if (error instanceof errors.ElasticsearchClientError) throw error;
    throw new ServiceUnavailableError('redis', 'Redis stopped answering during the request', {}, { cause: error });
  }
}
