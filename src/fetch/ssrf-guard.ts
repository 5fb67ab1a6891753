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
import { type AddressRange, type Cidr, classifyAddress, inCidr, parseCidr } from './ip-ranges.ts';

/** Resolves a hostname to all its addresses (the contract of `dns.lookup(host, { all: true })`). Injectable for tests. */
export type Resolver = (hostname: string) => Promise<readonly LookupAddress[]>;

/**
 * Non-public addresses an operator allows on purpose (an intranet source, a SOAR or chat relay receiving webhooks):
 * address blocks, and host names whose every address is allowed. `variable` is the setting that holds the list, named
 * in every refusal so the operator knows what would allow it.
 */
export interface AddressAllowlist {
  readonly variable: string;
  readonly cidrs: readonly Cidr[];
  readonly hosts: readonly string[];
}

/** The allowlist for fetching pages and feeds: `CLAIMWIRE_FETCH_ALLOW_CIDRS`. */
export const FETCH_ALLOW_VARIABLE = 'CLAIMWIRE_FETCH_ALLOW_CIDRS';
/** The allowlist for webhook receivers: `CLAIMWIRE_WEBHOOK_ALLOW_CIDRS`. */
export const WEBHOOK_ALLOW_VARIABLE = 'CLAIMWIRE_WEBHOOK_ALLOW_CIDRS';

/**
 * Parses an allowlist setting: comma-separated CIDRs, addresses or host names. Throws one error listing every entry
 * that is none of them.
 */
export function parseAllowlist(variable: string, text: string): AddressAllowlist {
  const cidrs: Cidr[] = [];
  const hosts: string[] = [];
  const bad: string[] = [];
  for (const entry of text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const cidr = parseCidr(entry);
    if (cidr) cidrs.push(cidr);
    else if (isHostName(entry)) hosts.push(entry.toLowerCase().replace(/\.$/, ''));
    else bad.push(entry);
  }
  if (bad.length > 0)
    throw new RangeError(
      `${variable}: ${bad.map((b) => JSON.stringify(b)).join(', ')} ${bad.length === 1 ? 'is' : 'are'} not a CIDR (10.0.0.0/8), an address or a host name`,
    );
  return { variable, cidrs, hosts };
}

const isHostName = (s: string): boolean =>
  s.length <= 253 &&
  s
    .replace(/\.$/, '')
    .split('.')
    .every((label) => /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/i.test(label));

/** How the guard resolves and what it lets through. */
export interface SsrfGuardOptions {
  /** Let every non-public address through (CLAIMWIRE_FETCH_ALLOW_PRIVATE=1). Tests only. */
  readonly allowPrivate?: boolean;
  /** Non-public addresses and hosts allowed on purpose; its `variable` is named in refusals. */
  readonly allow?: AddressAllowlist;
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

/** What would allow a refused address: the allowlist setting, with the entry to add. */
export function howToAllow(address: string, variable: string = FETCH_ALLOW_VARIABLE): string {
  return `add ${address}${address.includes(':') ? '/128' : '/32'} (or the host name) to ${variable} if it is a trusted intranet host`;
}

function refuse(url: string, host: string, address: string, range: AddressRange, variable: string): Error {
  return permanent(
    `Refusing to fetch ${url}: ${host === address ? '' : `${host} resolves to `}${address}, a ${range} address, and ` +
      `claimwire only fetches public internet hosts; ${howToAllow(address, variable)}.`,
    url,
    'ssrf-private-address',
    { address, range, allowVariable: variable },
  );
}

/**
 * Checks a list of addresses for `url`'s host, throwing on the first non-public one that neither `allowPrivate` nor
 * the allowlist lets through. Any single bad address fails the whole host: a client free to pick among them could be
 * steered to the bad one.
 */
export function assertPublicAddresses(
  url: string,
  hostname: string,
  addresses: readonly LookupAddress[],
  allowPrivate: boolean | SsrfGuardOptions = false,
): void {
  const options = typeof allowPrivate === 'boolean' ? { allowPrivate } : allowPrivate;
  if (options.allowPrivate) return;
  const allow = options.allow;
  if (allow?.hosts.includes(hostname.toLowerCase().replace(/\.$/, ''))) return;
  for (const { address } of addresses) {
    const range = classifyAddress(address);
    if (range === null || allow?.cidrs.some((c) => inCidr(address, c))) continue;
    throw refuse(url, hostname, address, range, allow?.variable ?? FETCH_ALLOW_VARIABLE);
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
  assertPublicAddresses(url.href, hostname, addresses, options);
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
          assertPublicAddresses(`//${hostname}`, hostname, addresses, options);
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
