/**
 * The SSRF guard: the one place that decides whether claimwire may open a connection to a URL. Article links and
 * feed entries come from untrusted pages, so without it a crafted link (or a redirect, or a DNS answer) could make a
 * worker read cloud metadata at 169.254.169.254, an admin panel on 10.x, or Redis on localhost.
 *
 * Checking a hostname is not enough on its own: an attacker's DNS can answer with a public address for the check and
 * a private one for the connection (DNS rebinding). So the guard resolves once, checks **every** address, and hands
 * the HTTP client a `lookup` hook that returns exactly the checked addresses ({@link createPinnedLookup}); the client
 * never asks DNS again. {@link createGuardedLookup} is the same idea as a drop-in `lookup` for other clients
 * (webhook delivery): the check runs inside the lookup, on the very answer the socket will use.
 */
import type { LookupAddress, LookupOptions } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { type FetchFailureReason, permanent, transient } from './fetch-error.ts';
import { type AddressRange, classifyAddress } from './ip-ranges.ts';

/** Resolves a hostname to all its addresses (the contract of `dns.lookup(host, { all: true })`). Injectable for tests. */
export type Resolver = (hostname: string) => Promise<readonly LookupAddress[]>;

/** How the guard resolves and what it lets through. */
export interface SsrfGuardOptions {
  /** Let loopback, private, link-local and other non-public addresses through. For tests and trusted intranets only. */
  readonly allowPrivate?: boolean;
  /** DNS resolution; defaults to `dns.lookup` with `all: true` (the OS resolver, honouring /etc/hosts). */
  readonly resolver?: Resolver;
}

/** A URL that passed the guard, with the addresses the connection must be pinned to. */
export interface CheckedTarget {
  readonly url: URL;
  /** Hostname without IPv6 brackets, as `net.connect` wants it. */
  readonly hostname: string;
  /** Every address the hostname resolved to, all of them checked; one entry for an IP literal. */
  readonly addresses: readonly LookupAddress[];
}

/** The default resolver: the OS resolver via `dns.lookup`, every address, in the order the OS gives them. */
export const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true });

const ALLOWED_SCHEMES = new Set(['http:', 'https:']);

/**
 * Parses and vets the syntax of a URL to fetch: it must parse, use `http:`/`https:`, and carry no credentials
 * (`user:pass@` in a link is either a mistake or a trick to disguise the real host). No network access.
 *
 * @throws NonRetryableError with reason `invalid-url`, `unsupported-scheme` or `url-credentials`.
 */
export function parseFetchUrl(input: string | URL): URL {
  const text = typeof input === 'string' ? input.trim() : input.href;
  let url: URL;
  try {
    url = new URL(text);
  } catch (err) {
    throw permanent(
      `Not a valid absolute URL: ${JSON.stringify(text.slice(0, 200))}; fix the link at its source.`,
      text.slice(0, 2000),
      'invalid-url',
      {},
      err,
    );
  }
  if (!ALLOWED_SCHEMES.has(url.protocol)) {
    throw permanent(
      `Refusing to fetch a ${url.protocol} URL; only http: and https: links are fetched.`,
      redact(url),
      'unsupported-scheme',
      { scheme: url.protocol.slice(0, -1) },
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw permanent(
      'Refusing to fetch a URL with credentials in it (user:password@host); remove them from the link.',
      redact(url),
      'url-credentials',
    );
  }
  if (url.hostname === '') {
    throw permanent(`URL ${redact(url)} has no host; fix the link at its source.`, redact(url), 'invalid-url');
  }
  return url;
}

/** The URL as safe to log: credentials removed, length bounded (a `data:` URL can be megabytes). */
function redact(url: URL): string {
  if (url.username === '' && url.password === '') return url.href.slice(0, 2000);
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy.href.slice(0, 2000);
}

function bareHostname(url: URL): string {
  const h = url.hostname;
  return h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
}

function refuse(url: string, host: string, address: string, range: AddressRange): Error {
  return permanent(
    `Refusing to fetch ${url}: ${host === address ? '' : `${host} resolves to `}${address}, a ${range} address, and ` +
      'claimwire only fetches public internet hosts (pass allowPrivate only for tests or a trusted intranet).',
    url,
    'ssrf-private-address',
    { address, range },
  );
}

/**
 * Checks a list of addresses for `url`'s host, throwing on the first non-public one unless `allowPrivate`. Any
 * single bad address fails the whole host: a client free to pick among them could be steered to the bad one.
 */
export function assertPublicAddresses(
  url: string,
  hostname: string,
  addresses: readonly LookupAddress[],
  allowPrivate = false,
): void {
  if (allowPrivate) return;
  for (const { address } of addresses) {
    const range = classifyAddress(address);
    if (range !== null) throw refuse(url, hostname, address, range);
  }
}

const NOT_FOUND_CODES = new Set(['ENOTFOUND', 'ENODATA', 'EAI_NONAME', 'EAI_NODATA']);

/** DNS errors: a name that does not exist will not start to; anything else (EAI_AGAIN, timeouts) may pass. */
function dnsError(url: string, hostname: string, err: unknown): Error {
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? '';
  if (NOT_FOUND_CODES.has(code)) {
    return permanent(
      `${hostname} does not resolve (${code}); the domain is gone or misspelled, check the link.`,
      url,
      'dns-not-found',
      { code },
      err,
    );
  }
  const reason: FetchFailureReason = 'dns-failure';
  return transient(
    `Resolving ${hostname} failed (${code || String(err)}); the resolver may be down, retry later.`,
    url,
    reason,
    { code: code || undefined },
    err,
  );
}

/**
 * Vets a URL ({@link parseFetchUrl}), resolves its host and checks every address. Literal IPs in any form WHATWG URL
 * accepts (`http://2130706433/`, `http://0x7f.1/`, `http://[::ffff:127.0.0.1]/`) arrive here already normalised to
 * canonical text by the URL parser, so they are checked as the address they really are.
 *
 * Connect only through {@link createPinnedLookup} on the result: re-resolving the name would undo the check.
 *
 * @throws NonRetryableError `ssrf-private-address`, `dns-not-found` and the {@link parseFetchUrl} reasons;
 *   TransientError `dns-failure`.
 */
export async function assertPublicUrl(input: string | URL, options: SsrfGuardOptions = {}): Promise<CheckedTarget> {
  const url = parseFetchUrl(input);
  const hostname = bareHostname(url);
  const family = isIP(hostname);
  let addresses: readonly LookupAddress[];
  if (family !== 0) {
    addresses = [{ address: hostname, family }];
  } else {
    const resolver = options.resolver ?? systemResolver;
    try {
      addresses = await resolver(hostname);
    } catch (err) {
      throw dnsError(url.href, hostname, err);
    }
    if (addresses.length === 0) {
      throw permanent(`${hostname} resolved to no address; check the link.`, url.href, 'dns-not-found');
    }
  }
  assertPublicAddresses(url.href, hostname, addresses, options.allowPrivate ?? false);
  return { url, hostname, addresses };
}

function pick(
  addresses: readonly LookupAddress[],
  options: LookupOptions,
  callback: Parameters<LookupFunction>[2],
  hostname: string,
): void {
  const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
  const usable = family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : [...addresses];
  const first = usable[0];
  if (!first) {
    const err: NodeJS.ErrnoException = new Error(`No checked IPv${family} address for ${hostname}`);
    err.code = 'ENOTFOUND';
    callback(err, '', undefined);
    return;
  }
  if (options.all) callback(null, usable);
  else callback(null, first.address, first.family);
}

/**
 * A `lookup` for `http.request` / `net.connect` that answers only with the addresses `target` was checked against,
 * whatever name it is asked about. This is the pin: the socket can connect nowhere the guard did not approve.
 */
export function createPinnedLookup(target: CheckedTarget): LookupFunction {
  return (hostname, options, callback) => {
    // Answer asynchronously, as dns.lookup does; net relies on it.
    queueMicrotask(() => pick(target.addresses, options, callback, hostname));
  };
}

/**
 * A self-contained guarded `lookup` for any Node HTTP client (`http.request({ lookup })`, undici's `connect.lookup`):
 * resolves, refuses if any answer is non-public, and returns exactly the answers it checked. Use it where a request
 * is made without {@link assertPublicUrl} first, e.g. webhook delivery. IP-literal hosts bypass `lookup` in Node, so
 * pair it with {@link assertPublicUrl} (or check the literal) when the URL itself is untrusted.
 */
export function createGuardedLookup(options: SsrfGuardOptions = {}): LookupFunction {
  const resolver = options.resolver ?? systemResolver;
  return (hostname, lookupOptions, callback) => {
    resolver(hostname).then(
      (addresses) => {
        try {
          assertPublicAddresses(`//${hostname}`, hostname, addresses, options.allowPrivate ?? false);
        } catch (err) {
          callback(err as NodeJS.ErrnoException, '', undefined);
          return;
        }
        pick(addresses, lookupOptions, callback, hostname);
      },
      (err: unknown) => callback(err as NodeJS.ErrnoException, '', undefined),
    );
  };
}
