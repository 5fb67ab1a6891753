import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NonRetryableError } from '../../../src/errors.ts';
import { backoffDelay, normalizeUrl, parseContentType, parseRetryAfter } from '../../../src/fetch/index.ts';

describe('normalizeUrl', () => {
  it('lowercases scheme and host, drops default ports and the fragment', () => {
    assert.equal(normalizeUrl('HTTPS://News.Example.COM:443/Path/A#section'), 'https://news.example.com/Path/A');
    assert.equal(normalizeUrl('http://example.com:80/'), 'http://example.com/');
    assert.equal(normalizeUrl('http://example.com:8080/x'), 'http://example.com:8080/x');
    assert.equal(normalizeUrl('https://example.com./a'), 'https://example.com/a');
  });

  it('removes tracking parameters and sorts the rest', () => {
    assert.equal(
      normalizeUrl(
        'https://example.com/a?utm_source=x&b=2&fbclid=abc&a=1&UTM_Medium=y&gclid=1&mc_cid=2&mc_eid=3&ref=tw',
      ),
      'https://example.com/a?a=1&b=2',
    );
    assert.equal(normalizeUrl('https://example.com/a?utm_source=x'), 'https://example.com/a');
    assert.equal(normalizeUrl('https://example.com/a?'), 'https://example.com/a');
  });

  it('keeps repeated parameters in order and valueless ones as written', () => {
    assert.equal(normalizeUrl('https://example.com/?b=1&a=2&b=0&amp'), 'https://example.com/?a=2&amp&b=1&b=0');
    assert.equal(normalizeUrl('https://example.com/s?q=a+b&x=%2f'), 'https://example.com/s?q=a+b&x=%2F');
  });

  it('removes trailing slashes except the root, keeps inner double slashes', () => {
    assert.equal(normalizeUrl('https://example.com/news/story/'), 'https://example.com/news/story');
    assert.equal(normalizeUrl('https://example.com/'), 'https://example.com/');
    assert.equal(normalizeUrl('https://example.com'), 'https://example.com/');
    assert.equal(
      normalizeUrl('https://web.archive.org/web/2024/https://example.com/a/'),
      'https://web.archive.org/web/2024/https://example.com/a',
    );
  });

  it('normalises percent-encoding, dot segments and IDN hosts', () => {
    assert.equal(normalizeUrl('https://example.com/%7euser/a%2fb'), 'https://example.com/~user/a%2Fb');
    assert.equal(normalizeUrl('https://example.com/a/./b/../c'), 'https://example.com/a/c');
    assert.equal(normalizeUrl('https://BÜCHER.example/ä'), 'https://xn--bcher-kva.example/%C3%A4');
  });

  it('is idempotent', () => {
    for (const u of [
      'https://example.com/a/?z=1&utm_campaign=q&y=%7e#f',
      'http://xn--bcher-kva.example:8080/x//y/',
      'https://example.com/?a',
    ]) {
      const once = normalizeUrl(u);
      assert.equal(normalizeUrl(once), once, u);
    }
  });

  it('refuses what cannot be fetched', () => {
    for (const [u, reason] of [
      ['not a url', 'invalid-url'],
      ['ftp://example.com/', 'unsupported-scheme'],
      ['javascript:alert(1)', 'unsupported-scheme'],
      ['https://u:p@example.com/', 'url-credentials'],
    ] as const) {
      assert.throws(
        () => normalizeUrl(u),
        (err: unknown) => err instanceof NonRetryableError && err.context.reason === reason,
        u,
      );
    }
  });
});

describe('backoffDelay', () => {
  it('grows exponentially up to maxMs with full jitter', () => {
    const top = { baseMs: 1000, maxMs: 60_000, random: () => 0.999999 };
    assert.equal(backoffDelay(1, top), 999);
    assert.equal(backoffDelay(3, top), 3999);
    assert.equal(backoffDelay(20, top), 59_999);
    assert.equal(backoffDelay(5, { baseMs: 1000, maxMs: 60_000, random: () => 0 }), 0);
  });

  it('respects Retry-After as a floor, capped by maxMs', () => {
    assert.equal(backoffDelay(1, { baseMs: 1000, maxMs: 60_000, random: () => 0, retryAfterMs: 7000 }), 7000);
    assert.equal(backoffDelay(1, { baseMs: 1000, maxMs: 5000, random: () => 0, retryAfterMs: 7000 }), 5000);
  });
});

describe('header helpers', () => {
  it('parses Content-Type', () => {
    assert.deepEqual(parseContentType('Text/HTML; charset="ISO-8859-1"'), {
      mediaType: 'text/html',
      charset: 'iso-8859-1',
    });
    assert.deepEqual(parseContentType('application/rss+xml'), { mediaType: 'application/rss+xml' });
    assert.deepEqual(parseContentType(undefined), { mediaType: '' });
    assert.deepEqual(parseContentType('garbage'), { mediaType: '' });
  });

  it('parses Retry-After seconds and dates', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('120', now), 120_000);
    assert.equal(parseRetryAfter('Wed, 01 Jan 2025 00:01:00 GMT', now), 60_000);
    assert.equal(parseRetryAfter('Tue, 31 Dec 2024 00:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(undefined, now), undefined);
  });
});
