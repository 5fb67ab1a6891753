/**
 * Runs the app on a port with real outside systems: one Elasticsearch client and one Redis producer connection per
 * process, each created on first use and created again after a failure, so the server starts (and answers 503) while
 * a service is down and recovers when it is back.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@elastic/elasticsearch';
import { serve } from '@hono/node-server';
import type { Redis } from 'ioredis';
import type { Settings } from '../../config/settings.ts';
import { TransientError } from '../errors.ts';
import type { ExtractionCatalog } from '../extract/catalog/index.ts';
import { Batches } from '../queue/batches.ts';
import { connectProducer, ServiceUnavailableError } from '../queue/connection.ts';
import { PipelineQueues } from '../queue/pipeline-queues.ts';
import { connectElasticsearch } from '../store/client.ts';
import { indexNames } from '../store/indices.ts';
import { type ApiDeps, createApp } from './app.ts';

export interface RunningServer {
  url: string;
  port: number;
  close: () => Promise<void>;
}

/** Remembers a resource made by `make`; forgets it when `make` fails or `healthy` says no, to retry next time. */
function lazily<T>(
  make: () => Promise<T>,
  healthy: (t: T) => boolean,
): { get: () => Promise<T>; current: () => T | null } {
  let pending: Promise<T> | null = null;
  let value: T | null = null;
  return {
    get: async () => {
      if (value && !healthy(value)) {
        value = null;
        pending = null;
      }
      pending ??= make().then(
        (v) => {
          value = v;
          return v;
        },
        (error: unknown) => {
          pending = null;
          throw error;
        },
      );
      return pending;
    },
    current: () => value,
  };
}

export interface ServerOptions {
  settings: Settings;
  elasticsearchUrl: string;
  catalog: ExtractionCatalog;
  port?: number;
  host?: string;
  log?: (line: string) => void;
}

export function apiDeps(options: ServerOptions): { deps: ApiDeps; close: () => Promise<void> } {
  const { settings } = options;
  const es = lazily<Client>(
    async () => {
      try {
        return (
          await connectElasticsearch({
            url: options.elasticsearchUrl,
            name: 'claimwire-api',
            requestTimeoutMs: 10_000,
            maxRetries: 1,
          })
        ).client;
      } catch (error) {
        // Down or not answering (the probe's TransientError) is a 503; refused credentials or a wrong server stay 500s.
        if (error instanceof TransientError)
          throw new ServiceUnavailableError('elasticsearch', error.message, error.context, { cause: error });
        throw error;
      }
    },
    () => true,
  );
  const redis = lazily<{ redis: Redis; queues: PipelineQueues; batches: Batches }>(
    async () => {
      const r = await connectProducer(settings.REDIS_URL);
      return {
        redis: r,
        queues: new PipelineQueues(r, settings.CLAIMWIRE_INDEX_PREFIX),
        batches: new Batches(r, settings.CLAIMWIRE_INDEX_PREFIX),
      };
    },
    (x) => x.redis.status === 'ready' || x.redis.status === 'connecting' || x.redis.status === 'reconnecting',
  );
  const deps: ApiDeps = {
    catalog: options.catalog,
    names: indexNames(settings.CLAIMWIRE_INDEX_PREFIX),
    elasticsearch: es.get,
    producer: redis.get,
    apiKeys: settings.apiKeys,
    allowPrivateWebhooks: settings.CLAIMWIRE_FETCH_ALLOW_PRIVATE,
    webhookAllow: settings.webhookAllow,
    ...(options.log ? { log: options.log } : {}),
  };
  const close = async () => {
    const r = redis.current();
    if (r) {
      await r.queues.close();
      r.redis.disconnect();
    }
    await es.current()?.close();
  };
  return { deps, close };
}

/**
 * The Host names `serve` answers to: the configured ones, the address it listens on, and the loopback names when it
 * listens on loopback. Null (no check) on a wildcard address with no names configured: its names are unknown.
 */
export function allowedHostsFor(bound: string, configured: readonly string[]): string[] | null {
  const host = bound.toLowerCase();
  const wildcard = host === '0.0.0.0' || host === '::' || host === '[::]';
  if (wildcard && configured.length === 0) return null;
  const names = new Set(configured.map((h) => h.toLowerCase()));
  if (!wildcard) names.add(host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);
  if (host === 'localhost' || host.startsWith('127.') || host === '::1' || host === '[::1]')
    for (const n of ['localhost', '127.0.0.1', '[::1]']) names.add(n);
  return [...names];
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const built = apiDeps(options);
  const { close } = built;
  const bound = options.host ?? '127.0.0.1';
  const allowedHosts = allowedHostsFor(bound, options.settings.apiHosts);
  if (!allowedHosts)
    options.log?.(
      `serve: listening on ${bound} with no CLAIMWIRE_API_HOSTS: any Host header is answered; set the server's names to refuse others`,
    );
  const deps = allowedHosts ? { ...built.deps, allowedHosts } : built.deps;
  const app = createApp(deps);
  let server: Server;
  try {
    server = await new Promise<Server>((resolve, reject) => {
      const s = serve(
        { fetch: app.fetch, port: options.port ?? options.settings.PORT, hostname: options.host ?? '127.0.0.1' },
        () => resolve(s as unknown as Server),
      ) as unknown as Server;
      s.once('error', reject);
    });
  } catch (error) {
    await close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeIdleConnections?.();
        server.close(() => resolve());
        setTimeout(() => server.closeAllConnections?.(), 5_000).unref();
      });
      await close();
    },
  };
}
