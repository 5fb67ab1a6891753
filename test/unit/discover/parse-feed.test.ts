import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseFeed } from '../../../src/discover/index.ts';
import { InputError, NonRetryableError } from '../../../src/errors.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/feeds/${name}`, import.meta.url), 'utf8');

/** Asserts that `fn` throws an InputError whose message and context name `url`, and returns it. */
function assertInputError(fn: () => unknown, url: string, pattern: RegExp): InputError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof InputError, `expected InputError, got ${String(error)}`);
    assert.ok(error instanceof NonRetryableError);
    assert.ok(error.message.includes(url), `message should name ${url}: ${error.message}`);
    assert.equal(error.context.input, url);
    assert.match(error.message, pattern);
    return error;
  }
  assert.fail('expected an InputError');
}

function rssWithItems(count: number, link: (i: number) => string = (i) => `https://bulk.example.com/post/${i}`) {
  const items: string[] = [];
  for (let i = 0; i < count; i++) {
    items.push(
      `<item><title>Post ${i}</title><link>${link(i)}</link><description>${'x'.repeat(80)}</description></item>`,
    );
  }
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Bulk</title>${items.join('\n')}</channel></rss>`;
}

describe('parseFeed: RSS 2.0', () => {
  const url = 'https://research.example.com/feed/';
  const result = parseFeed(fixture('rss2.xml'), url);

  it('reads links, titles, dates and guids, resolving relative links against the feed URL', () => {
    assert.equal(result.format, 'rss');
    assert.deepEqual(result.entries[0], {
      url: 'https://research.example.com/2024/03/tidal-heron/',
      title: 'Tidal Heron targets & phishes regional banks',
      published: '2024-03-05T13:30:00.000Z',
      guid: 'post-1001',
    });
    assert.deepEqual(result.entries[1], {
      url: 'https://research.example.com/2024/02/quillbox-loader/',
      title: 'Loader "Quillbox" & its C2',
      published: '2024-02-20T08:00:00.000Z',
    });
  });

  it('falls back to a permalink guid, drops unparseable dates, and prefers feedburner:origLink', () => {
    assert.deepEqual(result.entries[2], {
      url: 'https://research.example.com/2024/01/guid-only/',
      title: 'Permalink guid only',
      guid: 'https://research.example.com/2024/01/guid-only/',
    });
    assert.equal(result.entries[3]?.url, 'https://research.example.com/2023/12/original/');
    assert.equal(result.entries.length, 4);
    assert.equal(result.truncated, false);
  });

  it('skips javascript:, file: and data: links, link-less items and duplicates, saying why', () => {
    assert.deepEqual(result.skipped, [
      { value: 'Opaque guid, no link', reason: 'missing-url' },
      { value: 'javascript:alert(document.cookie)', reason: 'unsupported-scheme' },
      { value: 'file:///etc/passwd', reason: 'unsupported-scheme' },
      { value: 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==', reason: 'unsupported-scheme' },
      { value: 'https://research.example.com/2024/03/tidal-heron/', reason: 'duplicate' },
    ]);
    for (const entry of result.entries) assert.match(entry.url, /^https?:\/\//);
  });

  it('uses a valid later candidate when <link> is unusable', () => {
    const xml = `<rss><channel><item><link>javascript:void(0)</link>
      <guid isPermaLink="true">https://ok.example.com/a</guid></item></channel></rss>`;
    const { entries, skipped } = parseFeed(xml, 'https://ok.example.com/feed');
    assert.deepEqual(entries, [{ url: 'https://ok.example.com/a', guid: 'https://ok.example.com/a' }]);
    assert.deepEqual(skipped, []);
  });

  it('ignores an external DOCTYPE (old RSS 0.91) without fetching it, and leaves undeclared entities as text', () => {
    const xml = `<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><item><title>Caf&eacute; &#233; &#x2019; &amp;</title>
<link>https://old.example.com/1</link></item></channel></rss>`;
    const { entries } = parseFeed(xml, 'https://old.example.com/rss');
    assert.deepEqual(entries, [{ url: 'https://old.example.com/1', title: 'Caf&eacute; é ’ &' }]);
  });

  it('accepts a byte-order mark and ignores channel-level links', () => {
    const xml = `\uFEFF<rss><channel><link>https://site.example.com/</link><item><link>https://site.example.com/p</link></item></channel></rss>`;
    assert.deepEqual(parseFeed(xml, 'https://site.example.com/rss').entries, [{ url: 'https://site.example.com/p' }]);
  });
});

describe('parseFeed: Atom', () => {
  const result = parseFeed(fixture('atom-xml-base.xml'), 'https://blog.example.org/security/atom.xml');

  it('prefers rel="alternate" and resolves hrefs through nested xml:base', () => {
    assert.equal(result.format, 'atom');
    assert.deepEqual(
      result.entries.map((e) => e.url),
      [
        'https://blog.example.org/security/posts/nightjar-resurfaces',
        'https://blog.example.org/archive/2023/kestrel.html',
        'https://mirror.example.net/pieces/own-base',
        'https://cdn.example.org/related-only',
      ],
    );
  });

  it('reads html and xhtml titles as text, published before updated, and the id as guid', () => {
    assert.deepEqual(result.entries[0], {
      url: 'https://blog.example.org/security/posts/nightjar-resurfaces',
      title: 'Nightjar resurfaces',
      published: '2024-03-28T13:15:00.000Z',
      guid: 'tag:blog.example.org,2024:nightjar',
    });
    assert.equal(result.entries[1]?.title, 'Old Kestrel report');
    assert.equal(result.entries[1]?.published, '2023-11-02T00:00:00.000Z');
  });

  it('skips an entry whose only links are self/edit', () => {
    assert.deepEqual(result.skipped, [{ value: 'No usable link', reason: 'missing-url' }]);
  });

  it('matches Atom by namespace, whatever the prefix', () => {
    const xml = `<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:entry><a:title>P</a:title>
      <a:link href="https://p.example.com/x"/></a:entry></a:feed>`;
    assert.deepEqual(parseFeed(xml, 'https://p.example.com/atom').entries, [
      { url: 'https://p.example.com/x', title: 'P' },
    ]);
  });
});

describe('parseFeed: RSS 1.0 / RDF', () => {
  it('reads items that are siblings of the channel, with dc:date and rdf:about', () => {
    const result = parseFeed(fixture('rdf.xml'), 'https://news.example.com/rss');
    assert.equal(result.format, 'rdf');
    assert.deepEqual(result.entries, [
      {
        url: 'https://news.example.com/a/1',
        title: 'Marsh Wren exploits a VPN flaw',
        published: '2024-01-15T00:00:00.000Z',
        guid: 'https://news.example.com/a/1',
      },
      {
        url: 'https://news.example.com/a/2',
        title: 'Item with only rdf:about and a DC title',
        guid: 'https://news.example.com/a/2',
      },
    ]);
    assert.deepEqual(result.skipped, []);
  });
});

describe('parseFeed: limits', () => {
  it('caps a 5,000-item feed at maxEntries, flags truncated, and is fast', () => {
    const xml = rssWithItems(5000);
    const started = performance.now();
    const result = parseFeed(xml, 'https://bulk.example.com/feed', { maxEntries: 100 });
    const elapsed = performance.now() - started;
    assert.equal(result.entries.length, 100);
    assert.equal(result.truncated, true);
    assert.equal(result.entries[99]?.url, 'https://bulk.example.com/post/99');
    assert.ok(elapsed < 1000, `took ${elapsed.toFixed(0)} ms`);
  });

  it('reads all 5,000 items in linear time when the cap allows it', () => {
    const small = rssWithItems(500);
    const large = rssWithItems(5000);
    parseFeed(small, 'https://bulk.example.com/feed'); // warm-up
    const t0 = performance.now();
    const all = parseFeed(large, 'https://bulk.example.com/feed', { maxEntries: 5000 });
    const elapsed = performance.now() - t0;
    assert.equal(all.entries.length, 5000);
    assert.equal(all.truncated, false);
    assert.ok(elapsed < 1000, `took ${elapsed.toFixed(0)} ms`);
    // Default cap is 1000.
    const capped = parseFeed(large, 'https://bulk.example.com/feed');
    assert.equal(capped.entries.length, 1000);
    assert.equal(capped.truncated, true);
  });

  it('does not count skipped items against the cap, and bounds the skipped list', () => {
    const xml = rssWithItems(50, (i) => (i % 2 === 0 ? `javascript:x(${i})` : `https://mix.example.com/${i}`));
    const result = parseFeed(xml, 'https://mix.example.com/feed', { maxEntries: 10 });
    assert.equal(result.entries.length, 10);
    assert.equal(result.truncated, true);
    assert.ok(result.skipped.every((s) => s.reason === 'unsupported-scheme'));
    assert.ok(result.skipped.length <= 10);
    assert.throws(() => parseFeed(xml, 'https://mix.example.com/feed', { maxEntries: 0 }), RangeError);
  });

  it('caps the text kept per element', () => {
    const xml = `<rss><channel><item><title>${'A'.repeat(100_000)}</title><link>https://t.example.com/</link></item></channel></rss>`;
    const [entry] = parseFeed(xml, 'https://t.example.com/feed').entries;
    assert.ok(entry?.title !== undefined && entry.title.length <= 501);
  });
});

describe('parseFeed: hostile and broken documents', () => {
  it('refuses a billion-laughs document at once, without expanding anything', () => {
    const url = 'https://laughs.example.com/feed';
    const started = performance.now();
    const heapBefore = process.memoryUsage().heapUsed;
    const error = assertInputError(
      () => parseFeed(fixture('billion-laughs.xml'), url),
      url,
      /DOCTYPE .* internal subset/,
    );
    const elapsed = performance.now() - started;
    assert.equal(error.context.reason, 'dtd-internal-subset');
    assert.ok(error.message.length < 500, 'the error does not carry expanded text');
    assert.ok(elapsed < 1000, `took ${elapsed.toFixed(0)} ms`);
    assert.ok(process.memoryUsage().heapUsed - heapBefore < 64 * 1024 * 1024, 'no large allocation');
  });

  it('never expands entity references even without a DTD (they stay literal and short)', () => {
    const refs = '&lol9;'.repeat(1000);
    const xml = `<rss><channel><item><title>${refs}</title><link>https://l.example.com/&lol9;</link></item></channel></rss>`;
    const started = performance.now();
    const { entries } = parseFeed(xml, 'https://l.example.com/feed');
    assert.ok(performance.now() - started < 1000);
    assert.equal(entries[0]?.url, 'https://l.example.com/&lol9;');
    assert.ok((entries[0]?.title ?? '').length <= 501);
    assert.ok((entries[0]?.title ?? '').startsWith('&lol9;&lol9;'));
  });

  it('refuses entity declarations outside a DOCTYPE', () => {
    const url = 'https://e.example.com/feed';
    assertInputError(() => parseFeed('<!ENTITY x "y"><rss/>', url), url, /unexpected declaration/);
  });

  it('reports malformed XML with the document URL and a position', () => {
    const url = 'https://broken.example.com/feed.xml';
    assertInputError(() => parseFeed(fixture('malformed.xml'), url), url, /<\/channel> at line 8, column 3 .*<item>/);
    assertInputError(() => parseFeed('<rss><channel><item>', url), url, /ends before <item>.*truncated/);
    assertInputError(() => parseFeed('<rss></rss><rss></rss>', url), url, /second root element/);
    assertInputError(() => parseFeed('<rss></rss> trailing words', url), url, /text outside the root element/);
    assertInputError(() => parseFeed('plain words, no markup', url), url, /text outside the root element/);
    assertInputError(() => parseFeed('', url), url, /empty/);
    assertInputError(() => parseFeed('<rss>\u0000</rss>', url), url, /NUL/);
    assertInputError(() => parseFeed('<rss><![CDATA[never closed', url), url, /CDATA .* never closed/);
    assertInputError(() => parseFeed('<rss></rss><!-- never closed', url), url, /comment .* never closed/);
    assertInputError(() => parseFeed('<rss></channel></rss>', url), url, /does not match <rss>/);
  });

  it('says when the document is not a feed at all', () => {
    const url = 'https://site.example.com/';
    assertInputError(
      () => parseFeed('<!DOCTYPE html><html><body>x</body></html>', url),
      url,
      /html document, not a feed/,
    );
    assertInputError(() => parseFeed(fixture('sitemap.xml'), url), url, /sitemap document, not a feed/);
    assertInputError(() => parseFeed('<config/>', url), url, /not RSS, Atom or RDF/);
  });

  it('refuses deep nesting with an error instead of overflowing the stack', () => {
    const url = 'https://deep.example.com/feed';
    const depth = 200_000;
    const xml = `<rss><channel><item>${'<x>'.repeat(depth)}${'</x>'.repeat(depth)}</item></channel></rss>`;
    const started = performance.now();
    assertInputError(() => parseFeed(xml, url), url, /nested deeper than 100 levels/);
    assert.ok(performance.now() - started < 1000);
    // Under the limit is fine, and the limit is adjustable.
    const ok = `<rss><channel><item><link>https://deep.example.com/a</link>${'<x>'.repeat(50)}${'</x>'.repeat(50)}</item></channel></rss>`;
    assert.equal(parseFeed(ok, url).entries.length, 1);
    assertInputError(() => parseFeed(ok, url, { maxDepth: 10 }), url, /deeper than 10 levels/);
  });

  it('refuses documents over the size cap before parsing', () => {
    const url = 'https://big.example.com/feed';
    assertInputError(() => parseFeed(rssWithItems(10), url, { maxChars: 100 }), url, /over the 100-character cap/);
  });

  it('rejects a base URL that is not absolute', () => {
    assert.throws(() => parseFeed('<rss/>', 'feed.xml'), InputError);
  });

  it('says why in context.reason, the code the pipeline records against the source', () => {
    const url = 'https://codes.example.com/feed';
    const reason = (fn: () => unknown) => assertInputError(fn, url, /./).context.reason;
    assert.equal(
      reason(() => parseFeed('<rss><channel><item>', url)),
      'malformed-xml',
    );
    assert.equal(
      reason(() => parseFeed('', url)),
      'empty-body',
    );
    assert.equal(
      reason(() => parseFeed('<rss>\u0000</rss>', url)),
      'binary-body',
    );
    assert.equal(
      reason(() => parseFeed(`<rss>${'<x>'.repeat(200)}`, url)),
      'xml-too-deep',
    );
    assert.equal(
      reason(() => parseFeed(rssWithItems(3), url, { maxChars: 10 })),
      'too-large',
    );
    assert.equal(
      reason(() => parseFeed('<html><body/></html>', url)),
      'not-a-feed',
    );
    assert.equal(
      reason(() => parseFeed('<!DOCTYPE rss [<!ENTITY x "y">]><rss/>', url)),
      'dtd-internal-subset',
    );
  });
});
