import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  buildAlert,
  buildWebhookRequest,
  type DeliverOptions,
  deliverWebhook,
  type SlackPayload,
  verifySignature,
  WEBHOOK_USER_AGENT,
} from '../../../src/alerts/index.ts';
import { NonRetryableError, TransientError } from '../../../src/errors.ts';
import { parseAllowlist, WEBHOOK_ALLOW_VARIABLE } from '../../../src/fetch/index.ts';
import { rejectsWithReason } from '../rejects-with-reason.ts';
import { alertInput, claim } from './fixtures.ts';
import { type Receiver, startReceiver } from './receiver.ts';

const SECRET = 'whsec_shared';
const NOW_MS = Date.UTC(2024, 4, 1, 12, 0, 0);
const NOW_SEC = NOW_MS / 1000;
const alert = buildAlert(
  alertInput({
    claims: [claim('c1', { citation: { url: null, quote: 'They used <script> & more', start: 0, end: 1 } })],
  }),
);
const local: DeliverOptions = { allowPrivate: true, secret: SECRET, now: () => NOW_MS, timeoutMs: 2000 };

let rx: Receiver;
const hung: (() => void)[] = [];

before(async () => {
  rx = await startReceiver({
    '/hook': (_req, res) => {
      res.writeHead(204);
      res.end();
    },
    '/big': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('x'.repeat(1_000_000));
    },
    '/fail': (_req, res) => {
      res.writeHead(500);
      res.end('boom');
    },
    '/gone': (_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('no_service\n');
    },
    '/moved': (_req, res) => {
      res.writeHead(302, { location: `${rx.base}/hook?token=leaked-token` });
      res.end();
    },
    '/busy': (_req, res) => {
      res.writeHead(429, { 'retry-after': '7' });
      res.end('slow down');
    },
    '/down': (_req, res) => {
      res.writeHead(503, { 'retry-after': new Date(NOW_MS + 30_000).toUTCString() });
      res.end();
    },
    // A framework's default 404 echoes the request path; an error page echoes the query.
    '/services/T0001/B0002/xoxTokenPart1Part2Part3Part4': (req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end(`<pre>Cannot POST ${req.path}</pre>`);
    },
    '/echo': (req, res) => {
      const token = new URL(req.path, 'http://x').searchParams.get('token') ?? '';
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(
        `Internal error (token=${token}; first 8: ${token.slice(0, 8)}, encoded: ${encodeURIComponent(token)}) retry`,
      );
    },
    '/hang': (_req, res) => {
      // Never answers; released at the end so the server can close.
      hung.push(() => res.destroy());
    },
  });
});

after(async () => {
  for (const release of hung) release();
  await rx.close();
});

beforeEach(() => {
  rx.received.length = 0;
});

describe('deliverWebhook: signing', () => {
  it('POSTs a body the receiver verifies with the shared secret', async () => {
    const result = await deliverWebhook(`${rx.base}/hook`, alert, { ...local, deliveryId: 'job-42' });
    assert.equal(result.status, 204);
    assert.equal(result.deliveryId, 'job-42');
    assert.ok(result.elapsedMs >= 0);
    const [req] = rx.received;
    assert.ok(req);
    assert.equal(req.method, 'POST');
    assert.equal(req.headers['content-type'], 'application/json');
    assert.equal(req.headers['user-agent'], WEBHOOK_USER_AGENT);
    assert.equal(req.headers['x-claimwire-delivery'], 'job-42');
    assert.equal(req.headers['x-claimwire-timestamp'], String(NOW_SEC));
    assert.match(String(req.headers['x-claimwire-signature']), /^v1=[0-9a-f]{64}$/);
    assert.deepEqual(JSON.parse(req.body), alert);

    const check = {
      body: req.body,
      timestamp: req.headers['x-claimwire-timestamp'] as string,
      signature: req.headers['x-claimwire-signature'] as string,
      secret: SECRET,
      nowSec: NOW_SEC + 5,
    };
    assert.deepEqual(verifySignature(check), { ok: true });
    assert.deepEqual(verifySignature({ ...check, secret: 'wrong-secret' }), { ok: false, reason: 'mismatch' });
    const tampered = req.body.replace('APT10', 'APT41');
    assert.notEqual(tampered, req.body);
    assert.deepEqual(verifySignature({ ...check, body: tampered }), { ok: false, reason: 'mismatch' });
    // The same request replayed six minutes later is stale.
    assert.deepEqual(verifySignature({ ...check, nowSec: NOW_SEC + 360 }), { ok: false, reason: 'stale' });
  });

  it('sends exactly what buildWebhookRequest builds, and no signature without a secret', async () => {
    await deliverWebhook(`${rx.base}/hook`, alert, { ...local, secret: undefined, deliveryId: 'd1' });
    const [req] = rx.received;
    assert.ok(req);
    assert.equal(req.headers['x-claimwire-signature'], undefined);
    const built = buildWebhookRequest(alert, { timestampSec: NOW_SEC, deliveryId: 'd1' });
    assert.equal(req.body, built.body);
    assert.ok(req.headers['x-claimwire-delivery']);
  });

  it('sends the Slack message for format slack, still signed', async () => {
    await deliverWebhook(`${rx.base}/hook`, alert, { ...local, format: 'slack' });
    const [req] = rx.received;
    assert.ok(req);
    const slack = JSON.parse(req.body) as SlackPayload;
    assert.equal(typeof slack.text, 'string');
    assert.ok(Array.isArray(slack.blocks));
    assert.ok(req.body.includes('&lt;script&gt; &amp; more'));
    assert.deepEqual(
      verifySignature({
        body: req.body,
        timestamp: req.headers['x-claimwire-timestamp'] as string,
        signature: req.headers['x-claimwire-signature'] as string,
        secret: SECRET,
        nowSec: NOW_SEC,
      }),
      { ok: true },
    );
  });

  it('reads a large 2xx answer only up to the cap', async () => {
    const result = await deliverWebhook(`${rx.base}/big`, alert, { ...local, maxResponseBytes: 1024 });
    assert.equal(result.status, 200);
  });
});

describe('deliverWebhook: SSRF guard', () => {
  it('Also: CLAIMWIRE_WEBHOOK_ALLOW_CIDRS lets an intranet receiver through; a refusal names that variable', async () => {
    const allow = parseAllowlist(WEBHOOK_ALLOW_VARIABLE, '127.0.0.1/32');
    const ok = await deliverWebhook(`${rx.base}/hook`, alert, { ...local, allowPrivate: false, allow });
    assert.equal(ok.status, 204);
    const err = await rejectsWithReason(
      deliverWebhook(`${rx.base}/hook`, alert, { ...local, allowPrivate: false }),
      NonRetryableError,
      'ssrf-private-address',
    );
    assert.match(err.message, /add 127\.0\.0\.1\/32 \(or the host name\) to CLAIMWIRE_WEBHOOK_ALLOW_CIDRS/);
    assert.doesNotMatch(err.message, /allowPrivate/);
  });

  it('refuses the loopback receiver without allowPrivate, before sending anything', async () => {
    const err = await rejectsWithReason(
      deliverWebhook(`${rx.base}/hook`, alert, { ...local, allowPrivate: false }),
      NonRetryableError,
      'ssrf-private-address',
    );
    assert.equal(err.context.address, '127.0.0.1');
    assert.equal(rx.received.length, 0);
  });

  it('refuses a name that resolves to a private address, and pins the socket to the checked address', async () => {
    const resolver = async () => [{ address: '127.0.0.1', family: 4 }];
    const url = `http://hooks.example.test:${rx.port}/hook`;
    await rejectsWithReason(
      deliverWebhook(url, alert, { ...local, allowPrivate: false, resolver }),
      NonRetryableError,
      'ssrf-private-address',
    );
    assert.equal(rx.received.length, 0);
    // Allowed, the connection goes to the address the resolver gave (no real DNS for .test), Host unchanged.
    const result = await deliverWebhook(url, alert, { ...local, resolver });
    assert.equal(result.status, 204);
    assert.equal(rx.received[0]?.headers.host, `hooks.example.test:${rx.port}`);
  });

  it('bounds DNS by the same timeout and classes DNS failures', async () => {
    const never = () => new Promise<never>(() => {});
    await rejectsWithReason(
      deliverWebhook('https://hooks.example.test/x', alert, { ...local, resolver: never, timeoutMs: 100 }),
      TransientError,
      'timeout',
    );
    const missing = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND hooks.example.test'), { code: 'ENOTFOUND' });
    };
    await rejectsWithReason(
      deliverWebhook('https://hooks.example.test/x', alert, { ...local, resolver: missing }),
      NonRetryableError,
      'dns-not-found',
    );
  });

  it('refuses invalid URLs, other schemes and credentials as NonRetryable', async () => {
    const invalid = await rejectsWithReason(
      deliverWebhook('not a url/secret-path', alert, local),
      NonRetryableError,
      'invalid-url',
    );
    assert.equal(invalid.cause, undefined);
    assert.doesNotMatch(`${invalid.message} ${String(invalid.context.url)}`, /secret-path/);
    await rejectsWithReason(
      deliverWebhook('ftp://example.com/hook', alert, local),
      NonRetryableError,
      'unsupported-scheme',
    );
    await rejectsWithReason(
      deliverWebhook('file:///etc/passwd', alert, local),
      NonRetryableError,
      'unsupported-scheme',
    );
    const err = await rejectsWithReason(
      deliverWebhook(`http://u:p@127.0.0.1:${rx.port}/hook`, alert, local),
      NonRetryableError,
      'url-credentials',
    );
    assert.doesNotMatch(`${err.message} ${String(err.context.url)}`, /u:p@/);
    assert.equal(rx.received.length, 0);
  });
});

describe('deliverWebhook: answers and failures', () => {
  it('500 is transient', async () => {
    const err = await rejectsWithReason(
      deliverWebhook(`${rx.base}/fail`, alert, local),
      TransientError,
      'webhook-http-5xx',
    );
    assert.equal(err.context.status, 500);
    assert.equal(err.context.responseBody, 'boom');
  });

  it('404 is NonRetryable, and the error names only the origin, never the token in the path', async () => {
    const err = await rejectsWithReason(
      deliverWebhook(`${rx.base}/gone?token=super-secret-token`, alert, local),
      NonRetryableError,
      'webhook-http-4xx',
    );
    assert.equal(err.context.status, 404);
    assert.equal(err.context.url, `${rx.base}/…`);
    assert.equal(err.context.responseBody, 'no_service');
    assert.doesNotMatch(err.message, /super-secret-token/);
  });

  it('M2: a 404 echoing the path token leaves no part of the path in the error or its snippet', async () => {
    const path = '/services/T0001/B0002/xoxTokenPart1Part2Part3Part4';
    const err = await rejectsWithReason(
      deliverWebhook(`${rx.base}${path}`, alert, local),
      NonRetryableError,
      'webhook-http-4xx',
    );
    const shown = `${err.message} ${String(err.context.responseBody)}`;
    assert.match(String(err.context.responseBody), /Cannot POST/);
    for (const piece of ['xoxToken', 'Part1Part2', 'T0001', 'B0002', 'services'])
      assert.ok(!shown.includes(piece), piece);
  });

  it('M2: a 500 echoing a ?token= (whole, cut short, or percent-encoded) leaves none of it in the error', async () => {
    const token = 'tok/3f9a+c1e8d2b77aa';
    const err = await rejectsWithReason(
      deliverWebhook(`${rx.base}/echo?token=${encodeURIComponent(token)}`, alert, local),
      TransientError,
      'webhook-http-5xx',
    );
    const shown = `${err.message} ${String(err.context.responseBody)}`;
    assert.match(shown, /Internal error/);
    for (const piece of ['3f9a', 'c1e8d2b77aa', 'tok/3f9', encodeURIComponent(token)])
      assert.ok(!shown.includes(piece), `${piece} in ${shown}`);
  });

  it('302 is NonRetryable webhook-redirect and is not followed', async () => {
    const err = await rejectsWithReason(
      deliverWebhook(`${rx.base}/moved`, alert, local),
      NonRetryableError,
      'webhook-redirect',
    );
    assert.equal(err.context.status, 302);
    assert.equal(err.context.location, `${rx.base}/…`);
    assert.deepEqual(
      rx.received.map((r) => r.path),
      ['/moved'],
    );
  });

  it('429 with Retry-After is transient with retryAfterMs', async () => {
    const err = await rejectsWithReason(
      deliverWebhook(`${rx.base}/busy`, alert, local),
      TransientError,
      'webhook-http-429',
    );
    assert.equal(err.context.retryAfterMs, 7000);
  });

  it('503 with an HTTP-date Retry-After is transient with retryAfterMs', async () => {
    const err = await rejectsWithReason(
      deliverWebhook(`${rx.base}/down`, alert, local),
      TransientError,
      'webhook-http-5xx',
    );
    assert.equal(err.context.retryAfterMs, 30_000);
  });

  it('a receiver that never answers fails as transient within the timeout', async () => {
    const started = Date.now();
    const err = await rejectsWithReason(
      deliverWebhook(`${rx.base}/hang`, alert, { ...local, timeoutMs: 150 }),
      TransientError,
      'timeout',
    );
    const took = Date.now() - started;
    assert.ok(took >= 140 && took < 1500, `took ${took} ms`);
    assert.equal(err.context.timeoutMs, 150);
  });

  it('a refused connection is transient', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    await rejectsWithReason(
      deliverWebhook(`http://127.0.0.1:${port}/hook`, alert, local),
      TransientError,
      'connection-refused',
    );
  });

  it('a caller abort is transient', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await rejectsWithReason(
      deliverWebhook(`${rx.base}/hang`, alert, { ...local, signal: controller.signal }),
      TransientError,
      'aborted',
    );
  });

  it('rejects nonsense limits as programming errors', async () => {
    await assert.rejects(deliverWebhook(`${rx.base}/hook`, alert, { ...local, timeoutMs: 0 }), RangeError);
  });
});
