/**
 * The one place that creates the `@elastic/elasticsearch` client.
 *
 * The 9.x client speaks to every server claimwire supports, but only once it is told who is on the other end:
 *
 * - **Elasticsearch 9.x**: client defaults (`application/vnd.elasticsearch+json; compatible-with=9`, product check on).
 * - **Elasticsearch 8.x**: the same vendored media types with `compatible-with=8` (8.x answers 400
 *   `media_type_header_exception`, "Accept version must be either version 8 or 7, but found 9", to the defaults);
 *   the product check stays on (8.x sends `x-elastic-product: Elasticsearch`). Not exercised here: no 8.x server.
 * - **Elasticsearch 7.10–7.17 and OpenSearch**: plain `application/json` / `application/x-ndjson` (7.x answers 406
 *   `Content-Type header [...compatible-with=9] is not supported`) and no product check (7.10 and OpenSearch never send
 *   `x-elastic-product`, so the client would throw `ProductNotSupportedError` on every 2xx response).
 *
 * Both are switched through the client's documented `Transport` extension point: a subclass of the client's own
 * `SniffingTransport` that overrides the `productCheck` and `vendoredHeaders` transport options. The server is identified
 * first with a plain `fetch` of `GET /`, before any client exists.
 *
 * What differs between the embedded default (Elasticsearch 7.10.2 in one JVM, modules only, no x-pack) and 8/9, for code
 * that uses this client — stay inside the common subset:
 * - Works everywhere: type-less document APIs (`index`, `bulk`, `get`, `delete` on `_doc`; 7.x responses still carry
 *   `_type: "_doc"`, ignore it), `indices.putIndexTemplate` (composable `_index_template`, 7.8+) and component templates,
 *   `search_as_you_type` (7.2+), `percolator`, `composite`/`terms`/`date_histogram`/`cardinality`/`top_hits` aggregations,
 *   `search_after` with a tiebreaker sort, `_update_by_query`/`_delete_by_query`/`_reindex`, painless scripts,
 *   ingest pipelines (ingest-common), `hits.total` as `{ value, relation }` (pass `track_total_hits` for exact counts).
 * - Missing on the embedded 7.10.2 node (x-pack or newer than 7.10): point-in-time (`openPointInTime`/`_pit` — 7.10 had
 *   it only in x-pack; use `search_after` without PIT), async search, EQL, SQL, ILM, data streams, `flattened`,
 *   `wildcard`, `constant_keyword`, `dense_vector`/kNN, runtime fields (7.11), `multi_terms` (7.12), `match_only_text`
 *   (7.14), `top_metrics`, `_health_report`. Check with `nodes.info({ metric: 'plugins' })` before relying on a module.
 * - A 1-node cluster turns indices with replicas yellow: create indices with `number_of_replicas: 0` (or accept yellow).
 */

import { Client, SniffingTransport, type TransportOptions } from '@elastic/elasticsearch';
import { NonRetryableError, TransientError } from '../errors.ts';
import { redactUrl } from '../redact-url.ts';

/** Which product answers, read from `GET /`. */
export type ElasticsearchDistribution = 'elasticsearch' | 'opensearch';

/** How the client talks to the server: `native` (9.x defaults), `compat-8`, or `plain-json` (7.x, OpenSearch). */
export type WireMode = 'native' | 'compat-8' | 'plain-json';

/** What `GET /` said about the server. */
export interface ElasticsearchServerInfo {
  /** e.g. `7.10.2`, `8.19.3`, `2.19.1` (OpenSearch). */
  readonly version: string;
  readonly major: number;
  readonly minor: number;
  readonly distribution: ElasticsearchDistribution;
  readonly clusterName: string;
  /** `build_flavor` (Elasticsearch: `default` or `oss`); `null` for OpenSearch. */
  readonly buildFlavor: string | null;
  readonly wire: WireMode;
}

export type ElasticsearchAuth = { username: string; password: string } | { apiKey: string };

export interface ProbeOptions {
  /** Timeout of the `GET /` probe. Default 5 000 ms. */
  readonly timeoutMs?: number;
  /** Credentials; credentials in the URL (`http://user:pass@host:9200`) are used when this is absent. */
  readonly auth?: ElasticsearchAuth;
}

export interface ConnectOptions extends ProbeOptions {
  /** Base URL, e.g. `http://127.0.0.1:9200`. */
  readonly url: string;
  /** Per-request timeout of the client. Default 30 000 ms. */
  readonly requestTimeoutMs?: number;
  /** Retries of the client on connection errors and 502/503/504. Default 3. */
  readonly maxRetries?: number;
  /** Timeout of the version probe (`GET /`) made before the client exists. Default 5 000 ms. */
  readonly probeTimeoutMs?: number;
  /** Client name for diagnostics. Default `claimwire`. */
  readonly name?: string;
}

export interface ElasticsearchConnection {
  readonly client: Client;
  readonly server: ElasticsearchServerInfo;
}

/** Oldest servers claimwire runs on: composable templates (7.8) and the 7.10 embedded node are the baseline. */
export const MIN_ELASTICSEARCH_VERSION = '7.10.0';
export const MIN_OPENSEARCH_VERSION = '1.0.0';

/** The ESM entry of the client does not re-export `ClientOptions`. */
type ClientOptions = NonNullable<ConstructorParameters<typeof Client>[0]>;

const DEFAULT_PROBE_TIMEOUT_MS = 5_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RETRIES = 3;

/**
 * Connects to Elasticsearch (or OpenSearch): probes `GET /` for the version, then creates a client configured for it.
 *
 * @throws TransientError when the server does not answer (down, timeout, 5xx) — start it (`claimwire services up`) or
 *   check `ELASTICSEARCH_URL`, then retry.
 * @throws NonRetryableError when it answers but cannot be used: bad credentials, not Elasticsearch, or too old.
 */
export async function connectElasticsearch(options: ConnectOptions): Promise<ElasticsearchConnection> {
  const { baseUrl, auth } = splitCredentials(options.url, options.auth);
  const server = await probeElasticsearch(options.url, {
    timeoutMs: options.probeTimeoutMs ?? options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS,
    ...(auth ? { auth } : {}),
  });
  const clientOptions: ClientOptions = {
    node: baseUrl,
    requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    pingTimeout: options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS,
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    sniffOnStart: false,
    sniffOnConnectionFault: false,
    name: options.name ?? 'claimwire',
    Transport: transportFor(server.wire),
    ...(auth ? { auth } : {}),
  };
  return { client: new Client(clientOptions), server };
}

/**
 * `GET /` with `fetch` (no client): who answers at `url`, which version, and how to talk to it.
 *
 * @throws TransientError when nothing answers in time or it answers 5xx.
 * @throws NonRetryableError on 401/403, a non-Elasticsearch answer, or an unsupported version.
 */
export async function probeElasticsearch(url: string, options: ProbeOptions = {}): Promise<ElasticsearchServerInfo> {
  const { baseUrl, auth } = splitCredentials(url, options.auth);
  const shownUrl = redactUrl(url);
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (auth && 'apiKey' in auth) headers.authorization = `ApiKey ${auth.apiKey}`;
  else if (auth) headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;

  let response: Response;
  try {
    response = await fetch(new URL('/', baseUrl), { headers, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new TransientError(
      timedOut
        ? `Elasticsearch at ${shownUrl} did not answer within ${timeoutMs} ms: check that it is up (\`claimwire services status\`) and retry`
        : `Elasticsearch at ${shownUrl} is not reachable (${causeText(error)}): start the local node with \`claimwire services up\` or point ELASTICSEARCH_URL at a running server`,
      { url: shownUrl, timeoutMs },
      { cause: error },
    );
  }
  const text = await response.text().catch(() => '');
  if (response.status === 401 || response.status === 403) {
    throw new NonRetryableError(
      `Elasticsearch at ${shownUrl} refused the credentials (HTTP ${response.status}): put valid user:password in ELASTICSEARCH_URL or pass an API key`,
      { url: shownUrl, status: response.status },
    );
  }
  if (response.status >= 500) {
    throw new TransientError(
      `Elasticsearch at ${shownUrl} answered HTTP ${response.status} to GET /: it may still be starting; retry shortly`,
      { url: shownUrl, status: response.status, body: text.slice(0, 300) },
    );
  }
  if (!response.ok) {
    throw new NonRetryableError(
      `GET / on ${shownUrl} answered HTTP ${response.status}: ELASTICSEARCH_URL must be the server's base URL`,
      { url: shownUrl, status: response.status, body: text.slice(0, 300) },
    );
  }
  return parseRootResponse(text, shownUrl);
}

/** Interprets the body of `GET /`. Exported for unit tests. */
export function parseRootResponse(text: string, shownUrl = 'the server'): ElasticsearchServerInfo {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const root = isRecord(body) ? body : {};
  const version = isRecord(root.version) ? root.version : {};
  const number = typeof version.number === 'string' ? version.number : undefined;
  const parsed = number ? parseVersion(number) : undefined;
  if (!number || !parsed) {
    throw new NonRetryableError(
      `${shownUrl} does not look like Elasticsearch or OpenSearch (GET / has no version.number): check ELASTICSEARCH_URL`,
      { url: shownUrl, body: text.slice(0, 300) },
    );
  }
  const distribution: ElasticsearchDistribution =
    version.distribution === 'opensearch' ? 'opensearch' : 'elasticsearch';
  const minimum = distribution === 'opensearch' ? MIN_OPENSEARCH_VERSION : MIN_ELASTICSEARCH_VERSION;
  if (compareVersions(number, minimum) < 0) {
    throw new NonRetryableError(
      `${shownUrl} runs ${distribution} ${number}; claimwire needs ${distribution} ${minimum} or newer: upgrade it, or unset ELASTICSEARCH_URL to use the embedded Elasticsearch 7.10.2`,
      { url: shownUrl, version: number, distribution },
    );
  }
  return {
    version: number,
    major: parsed.major,
    minor: parsed.minor,
    distribution,
    clusterName: typeof root.cluster_name === 'string' ? root.cluster_name : '',
    buildFlavor:
      distribution === 'elasticsearch' && typeof version.build_flavor === 'string' ? version.build_flavor : null,
    wire: wireModeFor(distribution, parsed.major),
  };
}

/** How to talk to a server: see the module comment. */
export function wireModeFor(distribution: ElasticsearchDistribution, major: number): WireMode {
  if (distribution === 'opensearch' || major <= 7) return 'plain-json';
  if (major === 8) return 'compat-8';
  return 'native';
}

const PLAIN_JSON_HEADERS = {
  jsonContentType: 'application/json',
  ndjsonContentType: 'application/x-ndjson',
  accept: 'application/json, text/plain',
} as const;

const COMPAT_8_HEADERS = {
  jsonContentType: 'application/vnd.elasticsearch+json; compatible-with=8',
  ndjsonContentType: 'application/vnd.elasticsearch+x-ndjson; compatible-with=8',
  accept: 'application/vnd.elasticsearch+json; compatible-with=8,text/plain',
} as const;

/** The client's own transport, with media types and product check set for the server's wire mode. */
function transportFor(wire: WireMode): typeof SniffingTransport {
  if (wire === 'native') return SniffingTransport;
  const vendoredHeaders = wire === 'compat-8' ? COMPAT_8_HEADERS : PLAIN_JSON_HEADERS;
  // 7.x and OpenSearch never send `x-elastic-product`; 8.x does, so its check stays.
  const productCheck = wire === 'compat-8' ? 'Elasticsearch' : undefined;
  return class CompatTransport extends SniffingTransport {
    constructor(options: TransportOptions) {
      super({ ...options, productCheck, vendoredHeaders });
    }
  };
}

function splitCredentials(
  url: string,
  auth: ElasticsearchAuth | undefined,
): { baseUrl: string; auth?: ElasticsearchAuth } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new NonRetryableError(
      `Elasticsearch URL ${JSON.stringify(redactUrl(url))} is not a valid URL: use e.g. http://127.0.0.1:9200`,
      { url: redactUrl(url) },
      { cause: error },
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new NonRetryableError(`Elasticsearch URL must be http:// or https://, got ${parsed.protocol}`, {
      url: redactUrl(url),
    });
  }
  const fromUrl =
    parsed.username !== ''
      ? { username: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) }
      : undefined;
  parsed.username = '';
  parsed.password = '';
  const chosen = auth ?? fromUrl;
  return chosen ? { baseUrl: parsed.toString(), auth: chosen } : { baseUrl: parsed.toString() };
}

function parseVersion(version: string): { major: number; minor: number; patch: number } | undefined {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(version);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) };
}

function compareVersions(a: string, b: string): number {
  const left = parseVersion(a);
  const right = parseVersion(b);
  if (!left || !right) return 0;
  return left.major - right.major || left.minor - right.minor || left.patch - right.patch;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function causeText(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause;
    if (cause instanceof Error) {
      const code = (cause as NodeJS.ErrnoException).code;
      return code ? `${code}: ${cause.message}` : cause.message;
    }
    return error.message;
  }
  return String(error);
}
