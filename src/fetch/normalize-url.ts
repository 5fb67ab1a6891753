/**
 * URL normalisation for deduplication and job ids: the same article reached via a newsletter link, a feed and a
 * tweet must map to one key, so one fetch and one document. The result is a *key*: fetch the original URL, since a
 * server may treat `/a/` and `/a` differently even though they are one story to us.
 */
import { permanent } from './fetch-error.ts';

/** Query parameters that only track where a click came from; exact names, compared lowercased. */
const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'ttclid',
  'li_fat_id',
  'igshid',
  'mc_cid',
  'mc_eid',
  'ref',
  'ref_src',
  'ref_url',
  '_hsenc',
  '_hsmi',
  '__hstc',
  '__hssc',
  '__hsfp',
  'hsctatracking',
  'mkt_tok',
  'oly_anon_id',
  'oly_enc_id',
  'vero_id',
  'vero_conv',
  '_ga',
  '_gl',
  's_kwcid',
  'ncid',
  'cmpid',
  'sr_share',
  'spm',
  'wt_mc',
  'at_medium',
  'at_campaign',
]);

/** Query parameter prefixes of tracking families (Google Analytics, Matomo/Piwik, HubSpot…), lowercased. */
const TRACKING_PREFIXES = ['utm_', 'pk_', 'mtm_', 'hsa_', 'itm_'];

/** Whether a (decoded) query parameter name is a tracking parameter {@link normalizeUrl} drops. */
export function isTrackingParam(name: string): boolean {
  const n = name.toLowerCase();
  return TRACKING_PARAMS.has(n) || TRACKING_PREFIXES.some((p) => n.startsWith(p));
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** `%7e` → `~`, `%2f` → `%2F`: decode what never needed encoding, upper-case the rest, so spellings compare equal. */
function normalizePercent(s: string): string {
  return s.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => {
    const ch = String.fromCharCode(Number.parseInt(hex, 16));
    return UNRESERVED.test(ch) ? ch : `%${hex.toUpperCase()}`;
  });
}

function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/**
 * Normalises an http(s) URL to a dedup key:
 * - scheme and host lowercased, IDN hosts in punycode, a trailing dot on the host dropped, default ports dropped
 *   (the WHATWG URL parser does most of this, and resolves `.`/`..` segments);
 * - the fragment dropped (it never reaches the server);
 * - tracking parameters dropped ({@link isTrackingParam}: `utm_*`, `fbclid`, `gclid`, `mc_cid`, `ref`, …), the rest
 *   sorted by name (stable, so repeated names keep their order), each kept byte-for-byte apart from
 *   percent-encoding case, and an empty query dropped;
 * - percent-encoding normalised in path and query;
 * - trailing slashes removed except for the root path.
 *
 * Duplicate slashes inside the path are **kept**: they are significant in real URLs (`/web/2024/https://…` on web
 * archives) and collapsing them would merge distinct pages.
 *
 * @throws NonRetryableError `invalid-url` or `unsupported-scheme` (only http/https can be fetched, so only they get
 *   keys), or `url-credentials`.
 */
export function normalizeUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch (err) {
    throw permanent(
      `Not a valid absolute URL: ${JSON.stringify(input.slice(0, 200))}; fix the link at its source.`,
      input.slice(0, 2000),
      'invalid-url',
      {},
      err,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw permanent(
      `Cannot normalise a ${url.protocol} URL; only http: and https: links are fetched.`,
      url.href.slice(0, 2000),
      'unsupported-scheme',
      { scheme: url.protocol.slice(0, -1) },
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw permanent(
      'Refusing a URL with credentials in it (user:password@host); remove them from the link.',
      `${url.protocol}//${url.host}${url.pathname}`,
      'url-credentials',
    );
  }
  if (url.hostname === '') throw permanent(`URL ${url.href} has no host.`, url.href, 'invalid-url');

  let host = url.hostname;
  if (host.endsWith('.') && !host.startsWith('[')) host = host.replace(/\.+$/, '');
  const port = url.port === '' ? '' : `:${url.port}`;

  let path = normalizePercent(url.pathname);
  path = path.replace(/\/+$/, '');
  if (path === '') path = '/';

  const pieces = url.search
    .slice(1)
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=');
      const rawName = eq < 0 ? p : p.slice(0, eq);
      return { name: decodeName(rawName), text: normalizePercent(p) };
    })
    .filter((p) => !isTrackingParam(p.name));
  pieces.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const query = pieces.length > 0 ? `?${pieces.map((p) => p.text).join('&')}` : '';

  return `${url.protocol}//${host}${port}${path}${query}`;
}
