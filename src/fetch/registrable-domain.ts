/**
 * The registrable domain of a host ("example.co.uk" for "news.example.co.uk"): the part a single owner registers.
 * A page's declared canonical URL is only believed for deduplication when it stays within the registrable domain of
 * the URL actually fetched, so a page cannot make itself a copy (or the original) of someone else's article.
 *
 * No Public Suffix List ships with claimwire, so this is an approximation that errs towards *different* owners: the
 * last two labels, three under a two-letter country code with a generic second level (`co.uk`, `com.au`), and one
 * more under shared hosting suffixes where every sub-domain is a different tenant (`*.github.io`, `*.blogspot.com`).
 */
import { isIP } from 'node:net';

/** Second-level labels that countries use as public suffixes (`co.uk`, `com.br`, `ac.jp`, `gov.in`…). */
const COUNTRY_SECOND_LEVEL = new Set([
  'ac',
  'co',
  'com',
  'edu',
  'gob',
  'go',
  'gov',
  'govt',
  'gv',
  'ltd',
  'mil',
  'ne',
  'net',
  'nhs',
  'nic',
  'or',
  'org',
  'plc',
  'sch',
]);

/** Suffixes under which every label is a separate customer's site. */
const SHARED_HOSTING = new Set([
  'appspot.com',
  'azurewebsites.net',
  'blogspot.com',
  'cloudfront.net',
  'github.io',
  'gitlab.io',
  'herokuapp.com',
  'medium.com',
  'netlify.app',
  'pages.dev',
  'substack.com',
  'tumblr.com',
  'vercel.app',
  'wordpress.com',
  'workers.dev',
]);

/** The registrable domain of `host` (lower-cased, trailing dot removed); an IP literal is its own domain. */
export function registrableDomain(host: string): string {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (isIP(h.replace(/^\[|\]$/g, '')) !== 0) return h;
  const labels = h.split('.');
  const last2 = labels.slice(-2).join('.');
  const tld = labels.at(-1) ?? '';
  const second = labels.at(-2) ?? '';
  let take = 2;
  if (SHARED_HOSTING.has(last2)) take = 3;
  else if (tld.length === 2 && COUNTRY_SECOND_LEVEL.has(second)) take = 3;
  return labels.slice(-take).join('.');
}

/** Whether two absolute URLs are on the same registrable domain (false when either does not parse). */
export function sameRegistrableDomain(a: string, b: string): boolean {
  try {
    return registrableDomain(new URL(a).hostname) === registrableDomain(new URL(b).hostname);
  } catch {
    return false;
  }
}
