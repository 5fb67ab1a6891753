/**
 * The hostile-input corpus: named cases, each saying how the local test server answers, which entry point the URL goes
 * through (an article page, or a feed / sitemap / URL list for discovery) and the outcome it must reach: a failure
 * with the project's own reason code (fetch-error.ts, the SSRF guard, the article input guard, the XML reader, the
 * fetch stage's `no-article-text`), or a result that is correct in a stated way. Nothing big is committed: bombs,
 * multi-megabyte pages and 20,000-item feeds are built at run time, once, by {@link buildBodies}.
 *
 * Every target is 127.0.0.1 (the test server) or an address the SSRF guard refuses before connecting; names are
 * answered by {@link stubResolver}, which never asks real DNS. Run by test/integration/hostile-corpus.test.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync, constants as zc } from 'node:zlib';
import type { Resolver } from '../../src/fetch/index.ts';
import { MAX_EXTRACT_CHARS } from '../../workers/extract.ts';

/** The issue's categories; every case belongs to one. */
export const CATEGORIES = [
  'compression-bomb',
  'size-cap',
  'slow-server',
  'redirect',
  'ssrf-redirect',
  'charset',
  'xml-entities',
  'feed-volume',
  'hostile-links',
  'not-an-article',
  'long-and-deep',
  'http-protocol',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Which pipeline entry point the case's URL goes through. */
export type Entry = 'page' | 'feed' | 'sitemap' | 'urls';

/** What the server is given besides the request. */
export interface ServerContext {
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
  readonly port: number;
  /** Registers a cleanup (timer, interval) run when the response's socket closes or the server stops. */
  onClose(res: ServerResponse, cleanup: () => void): void;
}

export type Responder = (req: IncomingMessage, res: ServerResponse, ctx: ServerContext) => void;

/** A terminal failure with the code recorded against the URL; `transient` ones are retried by the queue first. */
export interface FailureExpectation {
  readonly outcome: 'failed';
  readonly reason: string;
  readonly transient?: boolean;
}

/** A page that must be indexed, with what its article text must (not) contain. */
export interface IndexedExpectation {
  readonly outcome: 'indexed';
  readonly textIncludes?: readonly string[];
  readonly textExcludes?: readonly string[];
  /** Lower bound on the article text's length (a page that must not lose its body). */
  readonly minTextChars?: number;
  /** Exact number of claims (when a cap must hold). */
  readonly claims?: number;
  readonly minClaims?: number;
}

/** A discovery document that must be read, with the article URLs it yields. */
export interface DiscoveredExpectation {
  readonly outcome: 'discovered';
  /** Exactly this many article URLs queued for fetching. */
  readonly urls: number;
  /** Child sitemaps queued (sitemap indexes). */
  readonly sitemaps?: number;
  /** Every queued URL must start with this (e.g. the test server's base); `$BASE` is replaced by it. */
  readonly urlPrefix?: string;
  /** Paths the server must never have been asked for (an external DTD, a `file:` target). */
  readonly neverRequested?: readonly string[];
}

export type Expectation = FailureExpectation | IndexedExpectation | DiscoveredExpectation;

export interface HostileCase {
  /** Unique, kebab-case; the served path is `/c/<name>` unless `url` is given. */
  readonly name: string;
  readonly category: Category;
  readonly entry: Entry;
  /** What the case does, in a line. */
  readonly what: string;
  /** How the server answers `/c/<name>` (and `/c/<name>/…` for redirect chains). */
  readonly respond?: Responder;
  /** A literal URL instead of the server path (`$BASE` and `$PORT` are replaced): schemes the fetcher refuses. */
  readonly url?: string;
  readonly expect: Expectation;
  /** Wall-time cap for the case in process, ms. Default {@link DEFAULT_TIME_CAP_MS}. */
  readonly timeCapMs?: number;
  /** Memory cap for the case in process: growth of RSS over its start, MiB. Default {@link DEFAULT_MEMORY_CAP_MB}. */
  readonly memoryCapMb?: number;
  /**
   * Why the case runs only in process, not through the worker child process. The worker must run with
   * CLAIMWIRE_FETCH_ALLOW_PRIVATE=1 to reach the test server, so it would really connect to 169.254.169.254 or
   * 10.0.0.5; and it resolves names through the OS, which must never send a DNS query from a test.
   */
  readonly inProcessOnly?: string;
}

/** Fetch settings shared by the in-process run and the worker: a short budget so stalls are cut fast. */
export const CORPUS_FETCH_TIMEOUT_MS = 1000;
/** The production default body cap (10 MiB), deliberately not lowered: the cap itself is under test. */
export const CORPUS_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_TIME_CAP_MS = 2000;
export const DEFAULT_MEMORY_CAP_MB = 150;
/** Cases cut by the fetch budget: the budget plus a margin for the scheduler and robots.txt. */
const STALL_CAP_MS = CORPUS_FETCH_TIMEOUT_MS + 1500;

const MIB = 1024 * 1024;

/**
 * Names the in-process fetcher may resolve, and what they resolve to. Anything else is ENOTFOUND: the stub never
 * falls back to real DNS. Every address here is one the SSRF guard must refuse, so no connection is ever attempted.
 */
const STUB_DNS: Readonly<Record<string, readonly { address: string; family: number }[]>> = {
  'intranet.hostile.test': [{ address: '10.0.0.5', family: 4 }],
  'rebind.hostile.test': [
    { address: '93.184.216.34', family: 4 },
    { address: '127.0.0.1', family: 4 },
  ],
  'metadata.hostile.test': [{ address: 'fd00:ec2::254', family: 6 }],
};

export const stubResolver: Resolver = async (hostname) => {
  const answer = STUB_DNS[hostname.toLowerCase()];
  if (answer) return answer;
  const err: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname} (stub resolver)`);
  err.code = 'ENOTFOUND';
  throw err;
};

// ---------------------------------------------------------------------------------------------------------------
// Bodies. Every article's prose names the case, so no two cases share a content hash (which would make the second a
// "duplicate" in the pipeline) and a result can be traced back to its case.

/** Prose with an actor, a vendor, a sector and a country, so extraction has claims to make. */
export function prose(name: string): string {
  return `Researchers at Symantec said APT10 targeted pharmaceutical companies in Japan during the ${name} campaign. The group used custom malware against the victims, according to the report.`;
}

/** A small, valid article page for case `name`, with optional extra markup inside the article. */
export function articleHtml(name: string, extra = '', head = '<meta charset="utf-8">'): string {
  return `<!doctype html><html lang="en"><head>${head}<title>${name} | Hostile Corpus</title></head><body><nav><a href="/">Home</a></nav><article><h1>${name}</h1><p>${prose(name)}</p>${extra}</article><footer>Corpus footer</footer></body></html>`;
}

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1');

/** windows-1251 bytes of Cyrillic text (А–я are 0xC0–0xFF; ASCII is itself). Enough for this corpus's words. */
function windows1251(s: string): Buffer {
  return Buffer.from(
    [...s].map((ch) => {
      const c = ch.codePointAt(0) ?? 0x3f;
      if (c < 0x80) return c;
      if (c >= 0x410 && c <= 0x44f) return c - 0x350;
      return 0x3f;
    }),
  );
}

function rss(items: readonly string[], head = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${head}<rss version="2.0"><channel><title>Corpus feed</title><link>http://127.0.0.1/</link>${items.join('')}</channel></rss>`;
}
const item = (link: string, title = 'Item'): string => `<item><title>${title}</title><link>${link}</link></item>`;

/** Bodies too big to write out; built once by {@link buildBodies} before any case runs (not measured). */
export interface Bodies {
  readonly gzipBomb: Buffer;
  readonly deflateBomb: Buffer;
  readonly deflateRawBomb: Buffer;
  readonly brotliBomb: Buffer;
  readonly doubleGzipBomb: Buffer;
  readonly truncatedGzip: Buffer;
  readonly longLine: Buffer;
  readonly longLineNoSpaces: Buffer;
  readonly deep10k: Buffer;
  readonly deep100k: Buffer;
  readonly tiny100k: Buffer;
  readonly tinyMillion: Buffer;
  readonly hugeAttribute: Buffer;
  readonly manyAttributes: Buffer;
  readonly manySentences: Buffer;
  readonly endlessSentence: Buffer;
  readonly hugeJsonLd: Buffer;
  readonly feed20k: Buffer;
  readonly sitemap20k: Buffer;
  readonly sitemapIndex5k: Buffer;
  readonly feedDeep: Buffer;
  readonly feedHugeTitle: Buffer;
  readonly feedGzipBomb: Buffer;
  readonly urlList20k: Buffer;
}

let built: Bodies | undefined;

/** Builds (once) the large bodies: bombs with zlib, multi-megabyte pages and feeds from repetition. */
export function buildBodies(): Bodies {
  if (built) return built;
  const zeros = Buffer.alloc(50 * MIB);
  const gzipBomb = gzipSync(zeros, { level: 9 });
  const long = 'lorem ipsum dolor sit amet, '.repeat(Math.ceil((5 * MIB) / 28));
  const article = (name: string, extra: string) => utf8(articleHtml(name, extra));
  built = {
    gzipBomb,
    deflateBomb: deflateSync(zeros, { level: 9 }),
    deflateRawBomb: deflateRawSync(zeros, { level: 9 }),
    brotliBomb: brotliCompressSync(zeros, { params: { [zc.BROTLI_PARAM_QUALITY]: 5 } }),
    // The outer gzip is ~50 KiB of a 50 KiB inner bomb: two layers to undo, each bounded.
    doubleGzipBomb: gzipSync(gzipBomb),
    truncatedGzip: (() => {
      const padding = Array.from({ length: 400 }, (_, i) => `Padding sentence ${i * 7919} of the stream.`).join(' ');
      const whole = gzipSync(utf8(articleHtml('gzip-truncated', `<p>${padding}</p>`)));
      return whole.subarray(0, Math.floor(whole.length * 0.6));
    })(),
    longLine: article('long-line-5mb', `<p>${long}</p>`),
    longLineNoSpaces: article('long-line-no-spaces', `<p>${'x'.repeat(5 * MIB)}</p>`),
    deep10k: article(
      'deep-nesting-10k',
      `${'<div>'.repeat(10_000)}<p>deep-nesting-10k marker.</p>${'</div>'.repeat(10_000)}`,
    ),
    deep100k: article('deep-nesting-100k-unclosed', `${'<div><span>'.repeat(50_000)}<p>deep-100k marker.</p>`),
    tiny100k: article('tiny-elements-100k', '<i>a</i>'.repeat(100_000)),
    tinyMillion: article('tiny-elements-1m', `${'<i>a</i>'.repeat(1_000_000)}<p>tiny-elements-1m tail marker.</p>`),
    hugeAttribute: article(
      'huge-attribute',
      `<div data-blob="${'A'.repeat(8 * MIB)}"><p>huge-attribute marker.</p></div>`,
    ),
    manyAttributes: article(
      'many-attributes',
      `<div ${Array.from({ length: 100_000 }, (_, i) => `a${i}="${i}"`).join(' ')}><p>many-attributes marker.</p></div>`,
    ),
    manySentences: article('many-sentences', `<p>${'APT10 hit Japan. '.repeat(100_000)}</p>`),
    endlessSentence: article(
      'endless-sentence',
      `<p>${'APT10 APT28 Lazarus Group Turla targeted banks in Germany, said Mandiant; '.repeat(25_000)}</p>`,
    ),
    hugeJsonLd: utf8(
      `<!doctype html><html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"${'H'.repeat(5 * MIB)}","datePublished":"2021-03-04"}</script><title>huge-json-ld</title></head><body><article><p>${prose('huge-json-ld')}</p></article></body></html>`,
    ),
    feed20k: utf8(rss(Array.from({ length: 20_000 }, (_, i) => item(`http://127.0.0.1/feed-20k/${i}`)))),
    sitemap20k: utf8(
      `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${Array.from(
        { length: 20_000 },
        (_, i) => `<url><loc>http://127.0.0.1/sitemap-20k/${i}</loc></url>`,
      ).join('')}</urlset>`,
    ),
    sitemapIndex5k: utf8(
      `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${Array.from(
        { length: 5_000 },
        (_, i) => `<sitemap><loc>http://127.0.0.1/child-${i}.xml</loc></sitemap>`,
      ).join('')}</sitemapindex>`,
    ),
    feedDeep: utf8(
      `<rss version="2.0"><channel>${'<x>'.repeat(10_000)}${'</x>'.repeat(10_000)}${item('http://127.0.0.1/deep')}</channel></rss>`,
    ),
    feedHugeTitle: utf8(rss([item('http://127.0.0.1/huge-title', 'T'.repeat(5 * MIB))])),
    feedGzipBomb: gzipSync(Buffer.alloc(50 * MIB, 0x20), { level: 9 }),
    urlList20k: utf8(Array.from({ length: 20_000 }, (_, i) => `http://127.0.0.1/list/${i}`).join('\n')),
  };
  return built;
}

// ---------------------------------------------------------------------------------------------------------------
// Responders.

function send(status: number, headers: Record<string, string>, body: Buffer | string | (() => Buffer)): Responder {
  return (_req, res) => {
    const bytes = typeof body === 'function' ? body() : body;
    res.writeHead(status, headers);
    res.end(bytes);
  };
}
const html = (body: Buffer | string | (() => Buffer), type = 'text/html; charset=utf-8'): Responder =>
  send(200, { 'content-type': type }, body);
const encoded = (encoding: string, body: () => Buffer, type = 'text/html; charset=utf-8'): Responder =>
  send(200, { 'content-type': type, 'content-encoding': encoding }, body);
const redirect = (location: string | ((ctx: ServerContext) => string), status = 302): Responder => {
  return (_req, res, ctx) => {
    res.writeHead(status, { location: typeof location === 'function' ? location(ctx) : location });
    res.end();
  };
};
const feed = (body: Buffer | string | (() => Buffer), type = 'application/rss+xml; charset=utf-8'): Responder =>
  send(200, { 'content-type': type }, body);

/** Streams `chunk` as fast as the client reads, up to `maxBytes` (bounded: the test never floods forever). */
function endless(headers: Record<string, string>, maxBytes = 64 * MIB): Responder {
  return (_req, res) => {
    res.writeHead(200, headers);
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const pump = () => {
      while (sent < maxBytes && !res.destroyed) {
        sent += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      if (!res.destroyed) res.end();
    };
    pump();
  };
}

/** Writes `pieces` one every `everyMs` (stops when the client leaves); `then` after the last one. */
function drip(
  headers: Record<string, string> | null,
  pieces: readonly string[],
  everyMs: number,
  then?: 'end',
): Responder {
  return (req, res, ctx) => {
    let i = 0;
    if (headers) res.writeHead(200, headers);
    const write = (s: string) => (headers ? res.write(s) : req.socket.write(s));
    const timer = setInterval(() => {
      const piece = pieces[i++];
      if (piece === undefined) {
        clearInterval(timer);
        if (then === 'end') res.end();
        return;
      }
      write(piece);
    }, everyMs);
    ctx.onClose(res, () => clearInterval(timer));
  };
}

/** A body that never ends: one byte every `everyMs`, for at most a minute. */
const trickle = (headers: Record<string, string> | null, everyMs: number) =>
  drip(
    headers,
    Array.from({ length: 60_000 / everyMs }, () => (headers ? 'a' : 'X-Drip: a\r\n')),
    everyMs,
  );

/** Redirects `/c/<name>` → `/c/<name>/1` → … → `/c/<name>/<hops>`, which answers with an article. */
function chain(name: string, hops: number): Responder {
  return (req, res) => {
    const n = Number((req.url ?? '').split('/')[3] ?? 0);
    if (n >= hops) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(articleHtml(name));
      return;
    }
    res.writeHead(307, { location: `/c/${name}/${n + 1}` });
    res.end();
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The corpus.

const failed = (reason: string, transient = false): FailureExpectation => ({ outcome: 'failed', reason, transient });
const indexed = (name: string, more: Omit<IndexedExpectation, 'outcome'> = {}): IndexedExpectation => ({
  outcome: 'indexed',
  ...more,
  textIncludes: [`during the ${name} campaign`, ...(more.textIncludes ?? [])],
});
const SSRF_ONLY = 'needs the SSRF guard on for everything but the test server (the worker runs with ALLOW_PRIVATE=1)';
const NAMES_ONLY = 'resolves a name, which only the in-process stub resolver may do (no real DNS from tests)';
const FEED_ONLY = 'a discovery document; its many article URLs would turn the worker batch into a crawl';
const SCHEME_ONLY = '`claimwire ingest` refuses a non-http URL itself, so it never reaches a worker';

const b = (key: keyof Bodies) => () => buildBodies()[key];

export const HOSTILE_CASES: readonly HostileCase[] = [
  // Compression bombs: the decoded size is what counts, and inflating stops at the cap.
  {
    name: 'gzip-bomb',
    category: 'compression-bomb',
    entry: 'page',
    what: '~50 KiB of gzip that inflates to 50 MiB of zeros',
    respond: encoded('gzip', b('gzipBomb')),
    expect: failed('too-large'),
    memoryCapMb: 60,
  },
  {
    name: 'deflate-bomb',
    category: 'compression-bomb',
    entry: 'page',
    what: 'zlib-wrapped deflate bomb, 50 MiB decoded',
    respond: encoded('deflate', b('deflateBomb')),
    expect: failed('too-large'),
    memoryCapMb: 60,
  },
  {
    name: 'raw-deflate-bomb',
    category: 'compression-bomb',
    entry: 'page',
    what: 'raw (headerless) deflate bomb labelled "deflate"',
    respond: encoded('deflate', b('deflateRawBomb')),
    expect: failed('too-large'),
    memoryCapMb: 60,
  },
  {
    name: 'brotli-bomb',
    category: 'compression-bomb',
    entry: 'page',
    what: 'brotli bomb, 50 MiB decoded',
    respond: encoded('br', b('brotliBomb')),
    expect: failed('too-large'),
    memoryCapMb: 60,
  },
  {
    name: 'double-gzip-bomb',
    category: 'compression-bomb',
    entry: 'page',
    what: 'Content-Encoding: gzip, gzip: a bomb inside a gzip',
    respond: encoded('gzip, gzip', b('doubleGzipBomb')),
    expect: failed('too-large'),
    memoryCapMb: 60,
  },
  {
    name: 'gzip-truncated',
    category: 'compression-bomb',
    entry: 'page',
    what: 'a gzip stream cut at 60%: what was decoded is kept, as browsers do',
    respond: encoded('gzip', b('truncatedGzip')),
    expect: indexed('gzip-truncated'),
  },
  {
    name: 'gzip-corrupt',
    category: 'compression-bomb',
    entry: 'page',
    what: 'Content-Encoding: gzip over bytes that are not gzip',
    respond: encoded('gzip', () => utf8('this is not gzip data at all, just text pretending')),
    expect: failed('content-decoding-failed'),
  },
  {
    name: 'unknown-encoding',
    category: 'compression-bomb',
    entry: 'page',
    what: 'Content-Encoding: compress (LZW), which nothing decodes',
    respond: encoded('compress', () => utf8('\x1f\x9d\x90 not really lzw')),
    expect: failed('unsupported-content-encoding'),
  },
  {
    name: 'feed-gzip-bomb',
    category: 'compression-bomb',
    entry: 'feed',
    what: 'a feed URL answering with a gzip bomb of spaces',
    respond: encoded('gzip', b('feedGzipBomb'), 'application/rss+xml'),
    expect: failed('too-large'),
    memoryCapMb: 60,
  },

  // Bodies over the 10 MiB cap.
  {
    name: 'declared-50mb',
    category: 'size-cap',
    entry: 'page',
    what: 'Content-Length: 52428800: refused before reading the body',
    respond: endless({ 'content-type': 'text/html', 'content-length': String(50 * MIB) }, 50 * MIB),
    expect: failed('too-large'),
    memoryCapMb: 30,
  },
  {
    name: 'chunked-endless',
    category: 'size-cap',
    entry: 'page',
    what: 'chunked body without Content-Length, streamed until the client stops (64 MiB at most)',
    respond: endless({ 'content-type': 'text/html' }),
    expect: failed('too-large'),
    memoryCapMb: 60,
  },
  {
    name: 'feed-over-cap',
    category: 'size-cap',
    entry: 'feed',
    what: 'a feed streamed past the cap',
    respond: endless({ 'content-type': 'application/rss+xml' }),
    expect: failed('too-large'),
    memoryCapMb: 60,
  },

  // Servers that never finish.
  {
    name: 'slowloris-body',
    category: 'slow-server',
    entry: 'page',
    what: 'headers at once, then one byte every 50 ms, forever: cut by the total budget',
    respond: trickle({ 'content-type': 'text/html' }, 50),
    expect: failed('timeout', true),
    timeCapMs: STALL_CAP_MS,
  },
  {
    name: 'slowloris-headers',
    category: 'slow-server',
    entry: 'page',
    what: 'a status line, then one header line every 50 ms, never a blank line',
    respond: (req, res, ctx) => {
      req.socket.write('HTTP/1.1 200 OK\r\n');
      trickle(null, 50)(req, res, ctx);
    },
    expect: failed('timeout', true),
    timeCapMs: STALL_CAP_MS,
  },
  {
    name: 'stall-mid-body',
    category: 'slow-server',
    entry: 'page',
    what: 'half a page, then silence with the connection open',
    respond: drip({ 'content-type': 'text/html' }, ['<html><body><p>half a page'], 10),
    expect: failed('timeout', true),
    timeCapMs: STALL_CAP_MS,
  },
  {
    name: 'no-response',
    category: 'slow-server',
    entry: 'page',
    what: 'accepts the request and never answers',
    respond: () => {},
    expect: failed('timeout', true),
    timeCapMs: STALL_CAP_MS,
  },
  {
    name: 'truncated-content-length',
    category: 'slow-server',
    entry: 'page',
    what: 'Content-Length: 100000, 1,000 bytes sent, then the connection is dropped',
    respond: (req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': '100000' });
      res.write(`<html><body><p>${'x'.repeat(980)}`);
      setTimeout(() => req.socket.destroy(), 20);
    },
    expect: failed('connection-reset', true),
  },
  {
    name: 'slow-but-within-budget',
    category: 'slow-server',
    entry: 'page',
    what: 'a valid page sent in five pieces 60 ms apart: slow is not hostile',
    respond: (() => {
      const page = articleHtml('slow-but-within-budget');
      const step = Math.ceil(page.length / 5);
      const pieces = Array.from({ length: 5 }, (_, i) => page.slice(i * step, (i + 1) * step));
      return drip({ 'content-type': 'text/html; charset=utf-8' }, pieces, 60, 'end');
    })(),
    expect: indexed('slow-but-within-budget'),
  },

  // Redirects that go nowhere good.
  {
    name: 'redirect-loop',
    category: 'redirect',
    entry: 'page',
    what: 'A → B → A',
    respond: (req, res) => {
      const back = (req.url ?? '').endsWith('/b');
      res.writeHead(302, { location: back ? '/c/redirect-loop' : '/c/redirect-loop/b' });
      res.end();
    },
    expect: failed('redirect-loop'),
  },
  {
    name: 'redirect-to-self',
    category: 'redirect',
    entry: 'page',
    what: 'a page redirecting to itself (with a fragment)',
    respond: redirect('/c/redirect-to-self#again', 301),
    expect: failed('redirect-loop'),
  },
  {
    name: 'six-redirects',
    category: 'redirect',
    entry: 'page',
    what: 'six hops, one more than allowed',
    respond: chain('six-redirects', 6),
    expect: failed('too-many-redirects'),
  },
  {
    name: 'five-redirects',
    category: 'redirect',
    entry: 'page',
    what: 'five hops, the most allowed, then a real article',
    respond: chain('five-redirects', 5),
    expect: indexed('five-redirects'),
  },
  {
    name: 'redirect-to-file',
    category: 'redirect',
    entry: 'page',
    what: 'Location: file:///etc/passwd',
    respond: redirect('file:///etc/passwd'),
    expect: failed('unsupported-scheme'),
  },
  {
    name: 'redirect-to-javascript',
    category: 'redirect',
    entry: 'page',
    what: 'Location: javascript:alert(document.domain)',
    respond: redirect('javascript:alert(document.domain)'),
    expect: failed('unsupported-scheme'),
  },
  {
    name: 'redirect-with-credentials',
    category: 'redirect',
    entry: 'page',
    what: 'Location with user:password@ in it',
    respond: redirect((ctx) => `http://admin:hunter2@127.0.0.1:${ctx.port}/c/five-redirects`),
    expect: failed('url-credentials'),
  },
  {
    name: 'redirect-invalid-location',
    category: 'redirect',
    entry: 'page',
    what: 'Location: http://[::1 (unparseable)',
    respond: redirect('http://[::1'),
    expect: failed('invalid-redirect'),
  },
  {
    name: 'redirect-without-location',
    category: 'redirect',
    entry: 'page',
    what: 'a 302 with no Location header',
    respond: send(302, { 'content-type': 'text/html' }, '<p>moved somewhere</p>'),
    expect: failed('http-302'),
  },

  // Redirects into the internal network: refused by the SSRF guard before any connection.
  {
    name: 'redirect-to-loopback-port',
    category: 'ssrf-redirect',
    entry: 'page',
    what: 'to http://127.0.0.1:6379/ (Redis on the worker host)',
    respond: redirect('http://127.0.0.1:6379/'),
    expect: failed('ssrf-private-address'),
    inProcessOnly: SSRF_ONLY,
  },
  {
    name: 'redirect-to-metadata',
    category: 'ssrf-redirect',
    entry: 'page',
    what: 'to http://169.254.169.254/latest/meta-data/ (cloud credentials)',
    respond: redirect('http://169.254.169.254/latest/meta-data/iam/security-credentials/'),
    expect: failed('ssrf-private-address'),
    inProcessOnly: SSRF_ONLY,
  },
  {
    name: 'redirect-to-ipv6-loopback',
    category: 'ssrf-redirect',
    entry: 'page',
    what: 'to http://[::1]:9200/ (a local Elasticsearch)',
    respond: redirect('http://[::1]:9200/_cat/indices'),
    expect: failed('ssrf-private-address'),
    inProcessOnly: SSRF_ONLY,
  },
  {
    name: 'redirect-to-unspecified',
    category: 'ssrf-redirect',
    entry: 'page',
    what: 'to http://0.0.0.0:9200/ (reaches local listeners on Linux)',
    respond: redirect('http://0.0.0.0:9200/_cluster/settings'),
    expect: failed('ssrf-private-address'),
    inProcessOnly: SSRF_ONLY,
  },
  {
    name: 'redirect-to-decimal-loopback',
    category: 'ssrf-redirect',
    entry: 'page',
    what: 'to http://2130706433:6379/ (127.0.0.1 as one number)',
    respond: redirect('http://2130706433:6379/'),
    expect: failed('ssrf-private-address'),
    inProcessOnly: SSRF_ONLY,
  },
  {
    name: 'redirect-to-mapped-loopback',
    category: 'ssrf-redirect',
    entry: 'page',
    what: 'to http://[::ffff:127.0.0.1]:6379/ (IPv4-mapped IPv6)',
    respond: redirect('http://[::ffff:127.0.0.1]:6379/'),
    expect: failed('ssrf-private-address'),
    inProcessOnly: SSRF_ONLY,
  },
  {
    name: 'redirect-to-private-name',
    category: 'ssrf-redirect',
    entry: 'page',
    what: 'to http://intranet.hostile.test/, which resolves (stub) to 10.0.0.5',
    respond: redirect('http://intranet.hostile.test/admin'),
    expect: failed('ssrf-private-address'),
    inProcessOnly: NAMES_ONLY,
  },
  {
    name: 'redirect-to-rebinding-name',
    category: 'ssrf-redirect',
    entry: 'page',
    what: 'to a name resolving to a public and a loopback address (DNS rebinding)',
    respond: redirect('http://rebind.hostile.test/'),
    expect: failed('ssrf-private-address'),
    inProcessOnly: NAMES_ONLY,
  },
  {
    name: 'redirect-to-ula-name',
    category: 'ssrf-redirect',
    entry: 'page',
    what: 'to a name resolving (stub) to fd00:ec2::254, the IPv6 metadata address',
    respond: redirect('http://metadata.hostile.test/latest/'),
    expect: failed('ssrf-private-address'),
    inProcessOnly: NAMES_ONLY,
  },

  // Charsets: invalid bytes, mislabels, BOMs, conflicts, unknown labels.
  {
    name: 'invalid-utf8',
    category: 'charset',
    entry: 'page',
    what: 'labelled UTF-8, with Latin-1 bytes and broken sequences in the body',
    respond: html(() => {
      const [head = '', tail = ''] = articleHtml('invalid-utf8', '<p>Caf@@ end of broken bytes.</p>').split('@@');
      return Buffer.concat([
        utf8(head),
        Buffer.from([0xe9, 0x20, 0xc3, 0x28, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc]),
        utf8(tail),
      ]);
    }),
    expect: indexed('invalid-utf8', { textIncludes: ['Caf\ufffd', 'end of broken bytes'] }),
  },
  {
    name: 'latin1-labelled-utf8',
    category: 'charset',
    entry: 'page',
    what: 'Content-Type says ISO-8859-1, the bytes are UTF-8 (the commonest mislabel)',
    respond: html(
      utf8(articleHtml('latin1-labelled-utf8', '<p>Offices in Zürich and Kraków were hit.</p>', '')),
      'text/html; charset=ISO-8859-1',
    ),
    expect: indexed('latin1-labelled-utf8', { textIncludes: ['Zürich and Kraków'], textExcludes: ['Ã'] }),
  },
  {
    name: 'real-latin1',
    category: 'charset',
    entry: 'page',
    what: 'labelled ISO-8859-1 and really Latin-1 (must stay Latin-1)',
    respond: html(
      latin1(articleHtml('real-latin1', '<p>Offices in Zürich were hit.</p>', '')),
      'text/html; charset=ISO-8859-1',
    ),
    expect: indexed('real-latin1', { textIncludes: ['Zürich'] }),
  },
  {
    name: 'meta-latin1-utf8-bytes',
    category: 'charset',
    entry: 'page',
    what: 'no header charset, <meta charset=iso-8859-1>, UTF-8 bytes',
    respond: html(
      utf8(articleHtml('meta-latin1-utf8-bytes', '<p>Zürich office.</p>', '<meta charset="iso-8859-1">')),
      'text/html',
    ),
    expect: indexed('meta-latin1-utf8-bytes', { textIncludes: ['Zürich office'] }),
  },
  {
    name: 'utf16le-bom',
    category: 'charset',
    entry: 'page',
    what: 'UTF-16LE with a BOM, header says UTF-8',
    respond: html(() =>
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from(articleHtml('utf16le-bom', '<p>Grüße aus Wien.</p>', ''), 'utf16le'),
      ]),
    ),
    expect: indexed('utf16le-bom', { textIncludes: ['Grüße aus Wien'] }),
  },
  {
    name: 'utf16be-bom',
    category: 'charset',
    entry: 'page',
    what: 'UTF-16BE with a BOM, no charset label',
    respond: html(
      () =>
        Buffer.concat([
          Buffer.from([0xfe, 0xff]),
          Buffer.from(articleHtml('utf16be-bom', '<p>Grüße aus Graz.</p>', ''), 'utf16le').swap16(),
        ]),
      'text/html',
    ),
    expect: indexed('utf16be-bom', { textIncludes: ['Grüße aus Graz'] }),
  },
  {
    name: 'utf16-unlabelled',
    category: 'charset',
    entry: 'page',
    what: 'UTF-16LE without BOM or label: NUL bytes everywhere, not a page we can read',
    respond: html(() => Buffer.from(articleHtml('utf16-unlabelled', '', ''), 'utf16le'), 'text/html'),
    expect: failed('binary-body'),
  },
  {
    name: 'meta-conflicts-header',
    category: 'charset',
    entry: 'page',
    what: 'header UTF-8, <meta charset=windows-1251>, UTF-8 Cyrillic bytes: the header wins',
    respond: html(utf8(articleHtml('meta-conflicts-header', '<p>Офис в Москве.</p>', '<meta charset="windows-1251">'))),
    expect: indexed('meta-conflicts-header', { textIncludes: ['Офис в Москве'] }),
  },
  {
    name: 'windows-1251-meta',
    category: 'charset',
    entry: 'page',
    what: 'windows-1251 bytes declared only in <meta>',
    respond: html(
      windows1251(articleHtml('windows-1251-meta', '<p>Офис в Москве.</p>', '<meta charset="windows-1251">')),
      'text/html',
    ),
    expect: indexed('windows-1251-meta', { textIncludes: ['Офис в Москве'] }),
  },
  {
    name: 'unknown-charset-label',
    category: 'charset',
    entry: 'page',
    what: 'charset=x-klingon in the header and meta: ignored, UTF-8 detected',
    respond: html(
      utf8(articleHtml('unknown-charset-label', '<p>Zürich.</p>', '<meta charset="x-klingon">')),
      'text/html; charset=x-klingon',
    ),
    expect: indexed('unknown-charset-label', { textIncludes: ['Zürich'] }),
  },

  // XML entity expansion and external entities.
  {
    name: 'billion-laughs',
    category: 'xml-entities',
    entry: 'feed',
    what: 'ten nested entities, 10^9 "lol"s if expanded',
    respond: feed(
      rss(
        [item('http://127.0.0.1/laughs', '&lol9;')],
        `<!DOCTYPE rss [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('')}]>`,
      ),
    ),
    expect: failed('dtd-internal-subset'),
  },
  {
    name: 'xxe-file',
    category: 'xml-entities',
    entry: 'feed',
    what: 'external entity SYSTEM "file:///etc/passwd" used in a title',
    respond: feed(
      rss([item('http://127.0.0.1/xxe', '&xxe;')], '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'),
    ),
    expect: failed('dtd-internal-subset'),
  },
  {
    name: 'xxe-parameter-entity',
    category: 'xml-entities',
    entry: 'feed',
    what: 'a parameter entity pulling a DTD from the test server',
    respond: (_req, res, ctx) =>
      feed(
        rss(
          [item(`${ctx.base}/c/xxe-parameter-entity/article`)],
          `<!DOCTYPE rss [<!ENTITY % remote SYSTEM "${ctx.base}/evil.dtd"> %remote;]>`,
        ),
      )(_req, res, ctx),
    expect: failed('dtd-internal-subset'),
  },
  {
    name: 'external-dtd',
    category: 'xml-entities',
    entry: 'feed',
    what: 'an external DOCTYPE (like old RSS 0.91) pointing at the test server: read, never fetched',
    respond: (_req, res, ctx) =>
      feed(
        rss(
          [item(`${ctx.base}/c/external-dtd/one`), item(`${ctx.base}/c/external-dtd/two`)],
          `<!DOCTYPE rss SYSTEM "${ctx.base}/external.dtd">`,
        ),
      )(_req, res, ctx),
    expect: { outcome: 'discovered', urls: 2, urlPrefix: '$BASE/c/external-dtd/', neverRequested: ['/external.dtd'] },
    inProcessOnly: FEED_ONLY,
  },
  {
    name: 'undeclared-entities',
    category: 'xml-entities',
    entry: 'feed',
    what: '10,000 references to an undeclared entity: left as text, nothing expanded',
    respond: feed(rss([item('http://127.0.0.1/undeclared/&lol9;', '&lol9;'.repeat(10_000))])),
    expect: { outcome: 'discovered', urls: 1 },
    inProcessOnly: FEED_ONLY,
  },

  // Feeds with thousands of links.
  {
    name: 'feed-20k-items',
    category: 'feed-volume',
    entry: 'feed',
    what: '20,000 items: capped at the default 1,000 entries',
    respond: feed(b('feed20k')),
    expect: { outcome: 'discovered', urls: 1000, urlPrefix: 'http://127.0.0.1/feed-20k/' },
    inProcessOnly: FEED_ONLY,
    memoryCapMb: 100,
  },
  {
    name: 'sitemap-20k-urls',
    category: 'feed-volume',
    entry: 'sitemap',
    what: '20,000 <url>s: capped at 1,000',
    respond: feed(b('sitemap20k'), 'application/xml'),
    expect: { outcome: 'discovered', urls: 1000, urlPrefix: 'http://127.0.0.1/sitemap-20k/' },
    inProcessOnly: FEED_ONLY,
    memoryCapMb: 100,
  },
  {
    name: 'sitemap-index-5k',
    category: 'feed-volume',
    entry: 'sitemap',
    what: 'a sitemap index naming 5,000 child sitemaps: 1,000 are queued',
    respond: feed(b('sitemapIndex5k'), 'application/xml'),
    expect: { outcome: 'discovered', urls: 0, sitemaps: 1000 },
    inProcessOnly: FEED_ONLY,
  },
  {
    name: 'url-list-20k',
    category: 'feed-volume',
    entry: 'urls',
    what: 'a plain URL list of 20,000 lines: capped at 1,000',
    respond: feed(b('urlList20k'), 'text/plain'),
    expect: { outcome: 'discovered', urls: 1000, urlPrefix: 'http://127.0.0.1/list/' },
    inProcessOnly: FEED_ONLY,
  },
  {
    name: 'feed-deep-nesting',
    category: 'feed-volume',
    entry: 'feed',
    what: '10,000 nested elements inside <channel>',
    respond: feed(b('feedDeep')),
    expect: failed('xml-too-deep'),
  },
  {
    name: 'feed-huge-title',
    category: 'feed-volume',
    entry: 'feed',
    what: 'one item whose title is 5 MiB',
    respond: feed(b('feedHugeTitle')),
    expect: { outcome: 'discovered', urls: 1 },
    inProcessOnly: FEED_ONLY,
    memoryCapMb: 100,
  },
  {
    name: 'feed-truncated',
    category: 'feed-volume',
    entry: 'feed',
    what: 'a feed cut off inside an item',
    respond: feed('<rss version="2.0"><channel><item><title>cut</title><link>http://127.0.0.1/cut</li'),
    expect: failed('malformed-xml'),
  },

  // javascript:, file: and friends.
  {
    name: 'feed-hostile-schemes',
    category: 'hostile-links',
    entry: 'feed',
    what: 'javascript:, file:, data:, mailto:, ftp: and two http links: only the http ones are queued',
    respond: (_req, res, ctx) =>
      feed(
        rss([
          item('javascript:alert(document.cookie)'),
          item('file:///etc/passwd'),
          item('data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='),
          item('mailto:soc@example.com'),
          item('ftp://127.0.0.1/pub/report.pdf'),
          item(`${ctx.base}/c/feed-hostile-schemes/ok-1`),
          item('/c/feed-hostile-schemes/ok-2'),
        ]),
      )(_req, res, ctx),
    expect: { outcome: 'discovered', urls: 2, urlPrefix: '$BASE/c/feed-hostile-schemes/ok-' },
    inProcessOnly: FEED_ONLY,
  },
  {
    name: 'url-list-hostile-schemes',
    category: 'hostile-links',
    entry: 'urls',
    what: 'a URL list with javascript:, file: and relative lines',
    respond: (_req, res, ctx) =>
      feed(
        `javascript:alert(1)\nfile:///etc/shadow\n/relative/path\n\n# comment\n${ctx.base}/c/url-list-hostile-schemes/ok\n`,
        'text/plain',
      )(_req, res, ctx),
    expect: { outcome: 'discovered', urls: 1, urlPrefix: '$BASE/c/url-list-hostile-schemes/ok' },
    inProcessOnly: FEED_ONLY,
  },
  {
    name: 'page-hostile-links',
    category: 'hostile-links',
    entry: 'page',
    what: 'an article full of javascript:, file: and data: links and on* handlers',
    respond: html(
      articleHtml(
        'page-hostile-links',
        '<p>Read <a href="javascript:alert(1)">the advisory</a>, <a href="file:///etc/passwd">the IOCs</a> and <a href="data:text/html,&lt;script&gt;x&lt;/script&gt;">the appendix</a>.</p><p onclick="steal()">Click handlers carry no text.</p>',
      ),
    ),
    expect: indexed('page-hostile-links', {
      textIncludes: ['Read the advisory, the IOCs and the appendix.'],
      textExcludes: ['javascript:', 'file:', 'steal('],
    }),
  },
  {
    name: 'javascript-url',
    category: 'hostile-links',
    entry: 'page',
    what: 'a javascript: URL handed to the fetch stage',
    url: 'javascript:alert(document.cookie)',
    expect: failed('unsupported-scheme'),
    inProcessOnly: SCHEME_ONLY,
  },
  {
    name: 'file-url',
    category: 'hostile-links',
    entry: 'page',
    what: 'a file: URL handed to the fetch stage',
    url: 'file:///etc/passwd',
    expect: failed('unsupported-scheme'),
    inProcessOnly: SCHEME_ONLY,
  },
  {
    name: 'credentials-url',
    category: 'hostile-links',
    entry: 'page',
    what: 'http://user:password@127.0.0.1/…: refused before connecting',
    url: 'http://user:password@127.0.0.1:$PORT/c/five-redirects',
    expect: failed('url-credentials'),
    inProcessOnly: '`claimwire ingest` refuses a URL with credentials itself, so it never reaches a worker',
  },

  // Not an article at all.
  {
    name: 'all-script',
    category: 'not-an-article',
    entry: 'page',
    what: 'a page that is nothing but scripts (text written by document.write)',
    respond: html(
      `<!doctype html><html><head><script>${'var a=1;'.repeat(20_000)}</script></head><body><script>document.write(${JSON.stringify(`<p>${prose('all-script')}</p>`)})</script><noscript>Enable JavaScript.</noscript></body></html>`,
    ),
    expect: failed('no-article-text'),
  },
  {
    name: 'empty-body',
    category: 'not-an-article',
    entry: 'page',
    what: '200 OK, Content-Length: 0',
    respond: html(''),
    expect: failed('empty-body'),
  },
  {
    name: 'whitespace-body',
    category: 'not-an-article',
    entry: 'page',
    what: '64 KiB of whitespace',
    respond: html(' \n\t'.repeat(20_000)),
    expect: failed('empty-body'),
  },
  {
    name: 'pdf-as-html',
    category: 'not-an-article',
    entry: 'page',
    what: 'a PDF (its text objects uncompressed, so it looks like ASCII) served as text/html',
    respond: html(
      latin1(
        `%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n4 0 obj\n<< /Length 200 >>\nstream\nBT /F1 12 Tf 72 712 Td (${prose('pdf-as-html')}) Tj ET\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`,
      ),
    ),
    expect: failed('binary-body'),
  },
  {
    name: 'png-as-html',
    category: 'not-an-article',
    entry: 'page',
    what: 'a PNG served as text/html',
    respond: html(
      Buffer.from(
        '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a1f2d0b40000000049454e44ae426082',
        'hex',
      ),
    ),
    expect: failed('binary-body'),
  },
  {
    name: 'jpeg-as-html',
    category: 'not-an-article',
    entry: 'page',
    what: 'JPEG bytes served as text/html',
    respond: html(
      Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), Buffer.alloc(2000, 0x41)]),
    ),
    expect: failed('binary-body'),
  },
  {
    name: 'gzip-file-as-html',
    category: 'not-an-article',
    entry: 'page',
    what: 'a .gz download served as text/html without Content-Encoding',
    respond: html(() => gzipSync(utf8(articleHtml('gzip-file-as-html')))),
    expect: failed('binary-body'),
  },
  {
    name: 'nul-bytes',
    category: 'not-an-article',
    entry: 'page',
    what: 'an article with NUL bytes in it',
    respond: html(utf8(articleHtml('nul-bytes', '<p>a\u0000b\u0000c</p>'))),
    expect: failed('binary-body'),
  },
  {
    name: 'random-bytes',
    category: 'not-an-article',
    entry: 'page',
    what: '64 KiB of pseudo-random bytes, no Content-Type at all',
    respond: (_req, res) => {
      let x = 12345;
      const bytes = Buffer.alloc(64 * 1024);
      for (let i = 0; i < bytes.length; i++) {
        x = (x * 1103515245 + 12345) >>> 0;
        bytes[i] = x >>> 24;
      }
      res.writeHead(200);
      res.end(bytes);
    },
    expect: failed('binary-body'),
  },
  {
    name: 'image-content-type',
    category: 'not-an-article',
    entry: 'page',
    what: 'Content-Type: image/png: refused before the body is read',
    respond: send(200, { 'content-type': 'image/png' }, Buffer.alloc(1000)),
    expect: failed('unsupported-content-type'),
  },
  {
    name: 'pdf-content-type',
    category: 'not-an-article',
    entry: 'page',
    what: 'Content-Type: application/pdf',
    respond: send(200, { 'content-type': 'application/pdf' }, latin1('%PDF-1.7\n')),
    expect: failed('unsupported-content-type'),
  },
  {
    name: 'html-as-feed',
    category: 'not-an-article',
    entry: 'feed',
    what: 'an HTML page where a feed was expected',
    respond: html(articleHtml('html-as-feed')),
    expect: failed('not-a-feed'),
  },
  {
    name: 'feed-nul-bytes',
    category: 'not-an-article',
    entry: 'feed',
    what: 'a feed with NUL bytes (UTF-16 read as UTF-8)',
    respond: feed(() => Buffer.from(rss([item('http://127.0.0.1/x')]), 'utf16le'), 'application/rss+xml'),
    expect: failed('binary-body'),
  },
  {
    name: 'feed-empty',
    category: 'not-an-article',
    entry: 'feed',
    what: 'a feed URL answering 200 with an empty body',
    respond: feed(''),
    expect: failed('empty-body'),
  },

  // Extremely long lines, deep nesting, many elements.
  {
    name: 'long-line-5mb',
    category: 'long-and-deep',
    entry: 'page',
    what: 'a 5 MiB paragraph on one line',
    respond: html(b('longLine')),
    // Parsed whole, then cut for extraction at MAX_EXTRACT_CHARS (issue 11, L4): at a word end past half of it.
    expect: indexed('long-line-5mb', { minTextChars: MAX_EXTRACT_CHARS / 2 }),
    timeCapMs: 6000,
    memoryCapMb: 400,
  },
  {
    name: 'long-line-no-spaces',
    category: 'long-and-deep',
    entry: 'page',
    what: '5 MiB of "x" without a single space',
    respond: html(b('longLineNoSpaces')),
    expect: indexed('long-line-no-spaces', { minTextChars: MAX_EXTRACT_CHARS / 2 }),
    timeCapMs: 4000,
    memoryCapMb: 300,
  },
  {
    name: 'endless-sentence',
    category: 'long-and-deep',
    entry: 'page',
    what: 'a 1.8 MB "sentence" of actor, vendor and country names without a period (was quadratic: 100 s at 3 MB)',
    respond: html(b('endlessSentence')),
    // Cut for extraction at MAX_EXTRACT_CHARS (L4), and a bare list of names is no attack on every country in it
    // (extraction v2 weighs each pair): hundreds of claims, far under the 5,000 cap, in bounded time still.
    expect: indexed('endless-sentence', { minClaims: 500 }),
    timeCapMs: 8000,
    memoryCapMb: 500,
  },
  {
    name: 'many-sentences',
    category: 'long-and-deep',
    entry: 'page',
    what: '100,000 sentences "APT10 hit Japan.": claims capped at 5,000 per article',
    respond: html(b('manySentences')),
    expect: indexed('many-sentences', { claims: 5000 }),
    timeCapMs: 8000,
    memoryCapMb: 500,
  },
  {
    name: 'deep-nesting-10k',
    category: 'long-and-deep',
    entry: 'page',
    what: '10,000 nested <div>s',
    respond: html(b('deep10k')),
    expect: indexed('deep-nesting-10k', { textIncludes: ['deep-nesting-10k marker.'] }),
  },
  {
    name: 'deep-nesting-100k-unclosed',
    category: 'long-and-deep',
    entry: 'page',
    what: '100,000 unclosed nested <div><span>s',
    respond: html(b('deep100k')),
    expect: indexed('deep-nesting-100k-unclosed', { textIncludes: ['deep-100k marker.'] }),
    timeCapMs: 4000,
  },
  {
    name: 'tiny-elements-100k',
    category: 'long-and-deep',
    entry: 'page',
    what: '100,000 <i>a</i> elements',
    respond: html(b('tiny100k')),
    expect: indexed('tiny-elements-100k'),
    timeCapMs: 4000,
    memoryCapMb: 300,
  },
  {
    name: 'tiny-elements-1m',
    category: 'long-and-deep',
    entry: 'page',
    what: '1,000,000 <i>a</i> elements in 8 MB: elements past 200,000 are flattened to text (was ~1 GB of DOM)',
    respond: html(b('tinyMillion')),
    // The flattened elements' text is kept; extraction then reads its first MAX_EXTRACT_CHARS (L4), before the tail.
    expect: indexed('tiny-elements-1m', { minTextChars: MAX_EXTRACT_CHARS / 2 }),
    timeCapMs: 6000,
    memoryCapMb: 500,
  },
  {
    name: 'huge-attribute',
    category: 'long-and-deep',
    entry: 'page',
    what: 'one 8 MiB attribute value',
    respond: html(b('hugeAttribute')),
    expect: indexed('huge-attribute', { textIncludes: ['huge-attribute marker.'] }),
    timeCapMs: 3000,
    memoryCapMb: 300,
  },
  {
    name: 'many-attributes',
    category: 'long-and-deep',
    entry: 'page',
    what: '100,000 attributes on one element',
    respond: html(b('manyAttributes')),
    expect: indexed('many-attributes', { textIncludes: ['many-attributes marker.'] }),
  },
  {
    name: 'huge-json-ld',
    category: 'long-and-deep',
    entry: 'page',
    what: 'a 5 MiB headline in JSON-LD',
    respond: html(b('hugeJsonLd')),
    expect: indexed('huge-json-ld'),
    timeCapMs: 3000,
    memoryCapMb: 300,
  },

  // HTTP-level garbage.
  {
    name: 'not-http',
    category: 'http-protocol',
    entry: 'page',
    what: 'the server answers with bytes that are not HTTP',
    respond: (req) => {
      req.socket.end('SSH-2.0-OpenSSH_9.6\r\n\r\n');
    },
    expect: failed('invalid-response'),
  },
  {
    name: 'header-overflow',
    category: 'http-protocol',
    entry: 'page',
    what: 'a 100 KiB response header (Node caps headers at 16 KiB)',
    respond: (req) => {
      req.socket.end(`HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Big: ${'a'.repeat(100 * 1024)}\r\n\r\n<p>x</p>`);
    },
    expect: failed('invalid-response'),
  },
  {
    name: 'http-404',
    category: 'http-protocol',
    entry: 'page',
    what: 'a plain 404 with an HTML error page',
    respond: send(404, { 'content-type': 'text/html' }, articleHtml('http-404')),
    expect: failed('http-404'),
  },
];
