import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { NonRetryableError, TransientError } from '../../../src/errors.ts';
import { createFetcher, type FetcherOptions } from '../../../src/fetch/index.ts';
import { rejectsWithReason } from '../rejects-with-reason.ts';
import { startServer, type TestServer } from './test-server.ts';

const HTML = '<!doctype html><title>t</title><p>hello</p>';

let server: TestServer;
const timers = new Set<ReturnType<typeof setInterval>>();

before(async () => {
  server = await startServer({
    '/page': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=UTF-8' });
      res.end(HTML);
    },
    '/etag': (req, res) => {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"' });
        res.end();
        return;
      }
      res.writeHead(200, {
        'content-type': 'text/html',
        etag: '"v1"',
        'last-modified': 'Wed, 01 Jan 2025 00:00:00 GMT',
      });
      res.end(HTML);
    },
    '/moved': (_req, res) => {
      res.writeHead(301, { location: '/page' });
      res.end();
    },
    '/loop-a': (_req, res) => {
      res.writeHead(302, { location: '/loop-b' });
      res.end();
    },
    '/loop-b': (_req, res) => {
      res.writeHead(302, { location: '/loop-a#x' });
      res.end();
    },
    '/hop/*': (req, res) => {
      const n = Number(req.url?.split('/')[2]);
      if (n >= 6) {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('done');
        return;
      }
      res.writeHead(307, { location: `/hop/${n + 1}` });
      res.end();
    },
    '/to-file': (_req, res) => {
      res.writeHead(302, { location: 'file:///etc/passwd' });
      res.end();
    },
    '/to-creds': (_req, res) => {
      res.writeHead(302, { location: 'http://user:pw@127.0.0.1/' });
      res.end();
    },
    '/gone': (_req, res) => {
      res.writeHead(410);
      res.end();
    },
    '/unavailable': (_req, res) => {
      res.writeHead(503, { 'retry-after': '7', 'content-type': 'text/plain' });
      res.end('later');
    },
    '/busy': (_req, res) => {
      res.writeHead(429, { 'content-type': 'text/plain' });
      res.end('slow down');
    },
    '/big-declared': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': '5000' });
      res.end('x'.repeat(5000));
    },
    '/big-chunked': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      for (let i = 0; i < 10; i++) res.write('y'.repeat(500));
      res.end();
    },
    '/bomb': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
      res.end(BOMB);
    },
    '/br-bomb': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'br' });
      res.end(BR_BOMB);
    },
    '/gzip': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
      res.end(gzipSync(HTML));
    },
    '/deflate': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'deflate' });
      res.end(deflateSync(HTML));
    },
    '/deflate-raw': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'deflate' });
      res.end(deflateRawSync(HTML));
    },
    '/br': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'br' });
      res.end(brotliCompressSync(HTML));
    },
    '/corrupt-gzip': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
      res.end('this is not gzip at all');
    },
    '/compress': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'compress' });
      res.end('???');
    },
    '/slowloris': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      const t = setInterval(() => res.write('a'), 200);
      timers.add(t);
      res.once('close', () => {
        clearInterval(t);
        timers.delete(t);
      });
    },
    '/no-headers': (_req, res) => {
      const t = setTimeout(() => res.end(), 5000);
      res.once('close', () => clearTimeout(t));
    },
    '/stall': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<p>');
      const t = setTimeout(() => res.end(), 5000);
      res.once('close', () => clearTimeout(t));
    },
    '/image': (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(Buffer.alloc(100));
    },
    '/feed': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end('<rss/>');
    },
    '/truncated': (req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': '1000' });
      res.write('<p>only part');
      setTimeout(() => req.socket.destroy(), 20);
    },
    '/slow': (_req, res) => {
      const t = setTimeout(() => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
      }, 100);
      res.once('close', () => clearTimeout(t));
    },
  });
});

after(async () => {
  for (const t of timers) clearInterval(t);
  await server.close();
});

beforeEach(() => {
  server.seen.length = 0;
});

// 20 MB of zeros gzips to ~20 KB: a bomb for a 1 MB limit.
const BOMB = gzipSync(Buffer.alloc(20 * 1024 * 1024));
const BR_BOMB = brotliCompressSync(Buffer.alloc(20 * 1024 * 1024));

function fetcher(options: FetcherOptions = {}) {
  return createFetcher({ allowPrivate: true, respectRobots: false, perHostMinIntervalMs: 0, ...options });
}

describe('createFetcher: success, conditional GET, redirects', () => {
  it('fetches a page with metadata and the charset from Content-Type', async () => {
    const r = await fetcher().fetch(`${server.base}/page?x=1#top`);
    assert.equal(r.status, 'ok');
    if (r.status !== 'ok') return;
    assert.equal(r.httpStatus, 200);
    assert.equal(r.url, `${server.base}/page?x=1`);
    assert.equal(r.requestedUrl, `${server.base}/page?x=1#top`);
    assert.equal(server.seen[0]?.path, '/page?x=1');
    assert.equal(r.contentType, 'text/html; charset=UTF-8');
    assert.equal(r.mediaType, 'text/html');
    assert.equal(r.charset, 'utf-8');
    assert.equal(Buffer.from(r.body).toString(), HTML);
    assert.deepEqual(r.redirects, []);
    assert.ok(!Number.isNaN(Date.parse(r.fetchedAt)));
    assert.ok(r.elapsedMs >= 0);
    const seen = server.seen[0];
    assert.match(String(seen?.headers['user-agent']), /^claimwire\/0\.1 /);
    assert.match(String(seen?.headers['accept-encoding']), /gzip/);
  });

  it('returns the ETag, then not-modified on a conditional GET', async () => {
    const f = fetcher();
    const first = await f.fetch(`${server.base}/etag`);
    assert.equal(first.status, 'ok');
    assert.equal(first.etag, '"v1"');
    assert.equal(first.lastModified, 'Wed, 01 Jan 2025 00:00:00 GMT');
    const second = await f.fetch(`${server.base}/etag`, { etag: first.etag, lastModified: first.lastModified });
    assert.equal(second.status, 'not-modified');
    assert.equal(second.httpStatus, 304);
    assert.equal(server.seen[1]?.headers['if-none-match'], '"v1"');
    assert.equal(server.seen[1]?.headers['if-modified-since'], 'Wed, 01 Jan 2025 00:00:00 GMT');
  });

  it('follows a 301 and records the final URL', async () => {
    const r = await fetcher().fetch(`${server.base}/moved#frag`);
    assert.equal(r.status, 'ok');
    assert.equal(r.url, `${server.base}/page`);
    assert.equal(r.requestedUrl, `${server.base}/moved#frag`);
    assert.deepEqual(r.redirects, [`${server.base}/page`]);
  });

  it('follows up to maxRedirects hops', async () => {
    const r = await fetcher({ maxRedirects: 6 }).fetch(`${server.base}/hop/0`);
    assert.equal(r.url, `${server.base}/hop/6`);
    assert.equal(r.redirects.length, 6);
  });

  it('fails on a redirect loop', async () => {
    await rejectsWithReason(fetcher().fetch(`${server.base}/loop-a`), NonRetryableError, 'redirect-loop');
  });

  it('fails after more than 5 redirects', async () => {
    const err = await rejectsWithReason(
      fetcher().fetch(`${server.base}/hop/0`),
      NonRetryableError,
      'too-many-redirects',
    );
    assert.equal(err.context.maxRedirects, 5);
    assert.equal(server.seen.length, 6);
  });

  it('refuses redirects to other schemes or to URLs with credentials', async () => {
    await rejectsWithReason(fetcher().fetch(`${server.base}/to-file`), NonRetryableError, 'unsupported-scheme');
    await rejectsWithReason(fetcher().fetch(`${server.base}/to-creds`), NonRetryableError, 'url-credentials');
  });
});

describe('createFetcher: HTTP errors', () => {
  it('404 and 410 are non-retryable http-<status>', async () => {
    const err = await rejectsWithReason(fetcher().fetch(`${server.base}/missing`), NonRetryableError, 'http-404');
    assert.equal(err.context.status, 404);
    assert.equal(err.context.url, `${server.base}/missing`);
    await rejectsWithReason(fetcher().fetch(`${server.base}/gone`), NonRetryableError, 'http-410');
  });

  it('503 is transient and carries Retry-After', async () => {
    const err = await rejectsWithReason(fetcher().fetch(`${server.base}/unavailable`), TransientError, 'http-503');
    assert.equal(err.context.status, 503);
    assert.equal(err.context.retryAfterMs, 7000);
  });

  it('429 is transient', async () => {
    await rejectsWithReason(fetcher().fetch(`${server.base}/busy`), TransientError, 'http-429');
  });

  it('a body cut short by the server is transient', async () => {
    await rejectsWithReason(fetcher().fetch(`${server.base}/truncated`), TransientError, 'connection-reset');
  });

  it('a refused connection is transient', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    await rejectsWithReason(fetcher().fetch(`http://127.0.0.1:${port}/`), TransientError, 'connection-refused');
  });
});

describe('createFetcher: size, encoding and content type', () => {
  it('fails when Content-Length is over maxBytes', async () => {
    const err = await rejectsWithReason(
      fetcher({ maxBytes: 1000 }).fetch(`${server.base}/big-declared`),
      NonRetryableError,
      'too-large',
    );
    assert.equal(err.context.maxBytes, 1000);
  });

  it('fails when a chunked body without Content-Length passes maxBytes', async () => {
    await rejectsWithReason(
      fetcher({ maxBytes: 1000 }).fetch(`${server.base}/big-chunked`),
      NonRetryableError,
      'too-large',
    );
  });

  it('counts decoded bytes: a gzip bomb fails without inflating it all', async () => {
    assert.ok(BOMB.length < 100 * 1024, `bomb is ${BOMB.length} bytes`);
    const before = process.memoryUsage().arrayBuffers;
    await rejectsWithReason(
      fetcher({ maxBytes: 1024 * 1024 }).fetch(`${server.base}/bomb`),
      NonRetryableError,
      'too-large',
    );
    await rejectsWithReason(
      fetcher({ maxBytes: 1024 * 1024 }).fetch(`${server.base}/br-bomb`),
      NonRetryableError,
      'too-large',
    );
    // Loose: we never held anything like the 20 MB the bombs inflate to.
    assert.ok(process.memoryUsage().arrayBuffers - before < 15 * 1024 * 1024);
  });

  it('decodes gzip, deflate (zlib and raw) and br', async () => {
    for (const path of ['/gzip', '/deflate', '/deflate-raw', '/br']) {
      const r = await fetcher().fetch(`${server.base}${path}`);
      assert.equal(r.status === 'ok' && Buffer.from(r.body).toString(), HTML, path);
    }
  });

  it('reports corrupt compressed bodies and unknown encodings', async () => {
    await rejectsWithReason(
      fetcher().fetch(`${server.base}/corrupt-gzip`),
      NonRetryableError,
      'content-decoding-failed',
    );
    await rejectsWithReason(
      fetcher().fetch(`${server.base}/compress`),
      NonRetryableError,
      'unsupported-content-encoding',
    );
  });

  it('refuses image/png, naming the type', async () => {
    const err = await rejectsWithReason(
      fetcher().fetch(`${server.base}/image`),
      NonRetryableError,
      'unsupported-content-type',
    );
    assert.equal(err.context.contentType, 'image/png');
    assert.match(err.message, /image\/png/);
  });

  it('accepts feeds', async () => {
    const r = await fetcher().fetch(`${server.base}/feed`);
    assert.equal(r.status === 'ok' && r.mediaType, 'application/rss+xml');
  });
});

describe('createFetcher: timeouts and abort', () => {
  it('cuts off a slowloris trickle at the total deadline', async () => {
    const start = performance.now();
    const err = await rejectsWithReason(
      fetcher({ timeoutMs: 1000 }).fetch(`${server.base}/slowloris`),
      TransientError,
      'timeout',
    );
    const took = performance.now() - start;
    assert.ok(took >= 900 && took < 2500, `took ${took} ms`);
    assert.equal(err.context.timeoutMs, 1000);
  });

  it('gives up on a server that never sends headers', async () => {
    await rejectsWithReason(
      fetcher({ headersTimeoutMs: 300 }).fetch(`${server.base}/no-headers`),
      TransientError,
      'headers-timeout',
    );
  });

  it('gives up on a body that stalls', async () => {
    await rejectsWithReason(
      fetcher({ idleTimeoutMs: 300 }).fetch(`${server.base}/stall`),
      TransientError,
      'idle-timeout',
    );
  });

  it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await rejectsWithReason(
      fetcher().fetch(`${server.base}/no-headers`, { signal: controller.signal }),
      TransientError,
      'aborted',
    );
  });
});

describe('createFetcher: politeness', () => {
  it('lets the caller abort a fetch waiting for its host slot', async () => {
    const f = fetcher({ perHostMinIntervalMs: 5000 });
    await f.fetch(`${server.base}/page`);
    const start = performance.now();
    await rejectsWithReason(
      f.fetch(`${server.base}/page`, { signal: AbortSignal.timeout(100) }),
      TransientError,
      'aborted',
    );
    assert.ok(performance.now() - start < 1000);
    assert.equal(server.seen.length, 1);
  });

  it('spaces request starts per host by perHostMinIntervalMs', async () => {
    const f = fetcher({ perHostMinIntervalMs: 200 });
    const start = performance.now();
    await Promise.all([1, 2, 3].map(() => f.fetch(`${server.base}/page`)));
    const took = performance.now() - start;
    assert.ok(took >= 380, `3 requests took ${took} ms`);
  });

  it('keeps at most perHostConcurrency requests in flight', async () => {
    const f = fetcher({ perHostConcurrency: 2 });
    await Promise.all([1, 2, 3, 4, 5].map(() => f.fetch(`${server.base}/slow`)));
    assert.equal(server.maxInFlight() <= 2, true, `max in flight ${server.maxInFlight()}`);
  });
});

describe('createFetcher: URL and SSRF refusals', () => {
  it('refuses the loopback test server without allowPrivate, before connecting', async () => {
    const err = await rejectsWithReason(
      createFetcher({ respectRobots: false }).fetch(`${server.base}/page`),
      NonRetryableError,
      'ssrf-private-address',
    );
    assert.equal(err.context.range, 'loopback');
    assert.equal(server.seen.length, 0);
  });

  it('refuses numeric spellings of loopback', async () => {
    for (const u of [`http://2130706433:${server.port}/`, `http://0x7f.1:${server.port}/`, `http://[::1]:1/`]) {
      await rejectsWithReason(createFetcher().fetch(u), NonRetryableError, 'ssrf-private-address');
    }
    assert.equal(server.seen.length, 0);
  });

  it('refuses file:, javascript:, data: and ftp: URLs', async () => {
    for (const u of ['file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,hi', 'ftp://example.com/x']) {
      await rejectsWithReason(fetcher().fetch(u), NonRetryableError, 'unsupported-scheme');
    }
  });

  it('refuses credentials in the URL and invalid URLs', async () => {
    await rejectsWithReason(
      fetcher().fetch(`http://user:secret@127.0.0.1:${server.port}/page`),
      NonRetryableError,
      'url-credentials',
    );
    await rejectsWithReason(fetcher().fetch('not a url'), NonRetryableError, 'invalid-url');
    assert.equal(server.seen.length, 0);
  });

  it('connects to the address the guard checked, resolving once per hop', async () => {
    const calls: string[] = [];
    const f = fetcher({
      resolver: async (host) => {
        calls.push(host);
        // A rebinding resolver: anything after the first answer would point elsewhere.
        return calls.length === 1 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '10.9.9.9', family: 4 }];
      },
    });
    const r = await f.fetch(`http://news.example:${server.port}/page`);
    assert.equal(r.status, 'ok');
    assert.deepEqual(calls, ['news.example']);
    assert.equal(server.seen[0]?.headers.host, `news.example:${server.port}`);
  });

  it('fetches a trusted origin on loopback but refuses its redirects to any other private target', async () => {
    const redirectServer = await startServer({
      '/ok': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(HTML);
      },
      '/to/*': (req, res) => {
        const targets: Record<string, string> = {
          port: 'http://127.0.0.1:6379/',
          metadata: 'http://169.254.169.254/latest/meta-data/',
          v6: 'http://[::1]:9200/',
          zero: 'http://0.0.0.0:9200/',
          name: 'http://intranet.example/',
          same: '/ok',
        };
        res.writeHead(302, { location: targets[req.url?.split('/')[2] ?? ''] ?? '/' });
        res.end();
      },
    });
    const resolved: string[] = [];
    const f = createFetcher({
      trustedOrigins: [`${redirectServer.base}/any/path`],
      respectRobots: false,
      perHostMinIntervalMs: 0,
      resolver: async (host) => {
        resolved.push(host);
        return [{ address: '10.0.0.5', family: 4 }];
      },
    });
    try {
      const ok = await f.fetch(`${redirectServer.base}/to/same`);
      assert.equal(ok.status === 'ok' && Buffer.from(ok.body).toString(), HTML);
      for (const target of ['port', 'metadata', 'v6', 'zero', 'name']) {
        await rejectsWithReason(
          f.fetch(`${redirectServer.base}/to/${target}`),
          NonRetryableError,
          'ssrf-private-address',
        );
      }
      assert.deepEqual(resolved, ['intranet.example']);
      // Only the hops to the trusted origin itself reached a server.
      assert.ok(redirectServer.seen.every((r) => r.path === '/ok' || r.path.startsWith('/to/')));
    } finally {
      await redirectServer.close();
    }
  });

  it('refuses a host when any resolved address is private', async () => {
    const f = createFetcher({
      respectRobots: false,
      resolver: async () => [
        { address: '93.184.216.34', family: 4 },
        { address: '127.0.0.1', family: 4 },
      ],
    });
    const err = await rejectsWithReason(f.fetch('http://rebind.example/'), NonRetryableError, 'ssrf-private-address');
    assert.equal(err.context.address, '127.0.0.1');
  });
});
