import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseSitemap } from '../../../src/discover/index.ts';
import { InputError } from '../../../src/errors.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/feeds/${name}`, import.meta.url), 'utf8');
const base = 'https://www.example.com/sitemap.xml';

describe('parseSitemap', () => {
  it('reads a urlset with lastmod and Google News fields, resolving and vetting each <loc>', () => {
    const result = parseSitemap(fixture('sitemap.xml'), base);
    assert.equal(result.kind, 'sitemap');
    assert.deepEqual(result.urls, [
      {
        url: 'https://www.example.com/news/2024/05/blue-lynx-ransomware',
        lastmod: '2024-05-02T10:00:00.000Z',
        published: '2024-05-01T00:00:00.000Z',
        title: 'Blue Lynx ransomware hits hospitals',
      },
      { url: 'https://www.example.com/about?tab=team&lang=en', lastmod: '2023-12-01T00:00:00.000Z' },
      { url: 'https://www.example.com/relative/page' },
    ]);
    assert.deepEqual(result.sitemaps, []);
    assert.deepEqual(result.skipped, [{ value: 'javascript:void(0)', reason: 'unsupported-scheme' }]);
    assert.equal(result.truncated, false);
  });

  it('reads a sitemap index into child sitemap URLs', () => {
    const result = parseSitemap(fixture('sitemap-index.xml'), base);
    assert.equal(result.kind, 'sitemap-index');
    assert.deepEqual(result.urls, []);
    assert.deepEqual(result.sitemaps, [
      'https://www.example.com/sitemap-posts-2024.xml',
      'https://www.example.com/sitemap-posts-2023.xml.gz',
    ]);
    assert.deepEqual(result.skipped, [{ value: 'file:///var/www/sitemap.xml', reason: 'unsupported-scheme' }]);
  });

  it('accepts a sitemap without a namespace and records <url>s without <loc>', () => {
    const result = parseSitemap('<urlset><url><loc> https://a.example.com/1 </loc></url><url/></urlset>', base);
    assert.deepEqual(result.urls, [{ url: 'https://a.example.com/1' }]);
    assert.deepEqual(result.skipped, [{ value: '', reason: 'missing-url' }]);
  });

  it('caps a large sitemap and stops reading', () => {
    const locs = Array.from({ length: 20_000 }, (_, i) => `<url><loc>https://big.example.com/p/${i}</loc></url>`);
    const xml = `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${locs.join('')}</urlset>`;
    const started = performance.now();
    const result = parseSitemap(xml, base, { maxEntries: 500 });
    assert.ok(performance.now() - started < 1000);
    assert.equal(result.urls.length, 500);
    assert.equal(result.truncated, true);
  });

  it('names the document in errors: malformed, entity-declaring, or not a sitemap', () => {
    const check = (xml: string, pattern: RegExp) =>
      assert.throws(
        () => parseSitemap(xml, base),
        (error: unknown) => error instanceof InputError && error.message.includes(base) && pattern.test(error.message),
      );
    check('<urlset><url><loc>https://x.example.com/</loc></urlset>', /does not match <url>/);
    check('<!DOCTYPE urlset [<!ENTITY a "b">]><urlset/>', /internal subset/);
    check(fixture('rss2.xml'), /rss document, not a sitemap/);
  });
});
