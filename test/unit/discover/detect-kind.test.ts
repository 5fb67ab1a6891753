import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { detectDocumentKind, parseDiscoveryDocument } from '../../../src/discover/index.ts';
import { InputError } from '../../../src/errors.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/feeds/${name}`, import.meta.url), 'utf8');

describe('detectDocumentKind', () => {
  it('tells feeds and sitemaps apart by their root element and namespace', () => {
    assert.equal(detectDocumentKind(fixture('rss2.xml')), 'rss');
    assert.equal(detectDocumentKind(fixture('atom-xml-base.xml')), 'atom');
    assert.equal(detectDocumentKind(fixture('rdf.xml')), 'rdf');
    assert.equal(detectDocumentKind(fixture('sitemap.xml')), 'sitemap');
    assert.equal(detectDocumentKind(fixture('sitemap-index.xml')), 'sitemap-index');
    assert.equal(detectDocumentKind('<x:feed xmlns:x="http://www.w3.org/2005/Atom"/>'), 'atom');
    assert.equal(detectDocumentKind('<feed xmlns="http://example.com/not-atom"/>'), 'unknown');
  });

  it('recognises HTML by doctype, root tag, or Content-Type as a last resort', () => {
    assert.equal(detectDocumentKind('<!doctype html><html><head></head></html>'), 'html');
    assert.equal(detectDocumentKind('\n<!-- hi --><HTML lang="en"><body></body></HTML>'), 'html');
    assert.equal(detectDocumentKind('just text', 'text/html; charset=utf-8'), 'html');
    assert.equal(detectDocumentKind('just text', 'text/plain'), 'unknown');
    assert.equal(detectDocumentKind(''), 'unknown');
    assert.equal(detectDocumentKind('{"json": true}', 'application/json'), 'unknown');
  });

  it('trusts the body over a misleading Content-Type', () => {
    assert.equal(detectDocumentKind(fixture('rss2.xml'), 'text/html'), 'rss');
  });

  it('stops at the root element: a billion-laughs DTD is not processed by sniffing', () => {
    const started = performance.now();
    assert.equal(detectDocumentKind(fixture('billion-laughs.xml')), 'rss');
    assert.ok(performance.now() - started < 1000);
  });
});

describe('parseDiscoveryDocument', () => {
  it('parses by source kind, auto-detecting within feeds', () => {
    const atom = parseDiscoveryDocument(fixture('atom-xml-base.xml'), 'https://blog.example.org/a', 'rss');
    assert.equal(atom.kind, 'feed');
    assert.equal(atom.kind === 'feed' && atom.result.format, 'atom');
    const sitemap = parseDiscoveryDocument(fixture('sitemap.xml'), 'https://www.example.com/s', 'feed');
    assert.equal(sitemap.kind, 'sitemap');
    const list = parseDiscoveryDocument('https://a.example.com/x\n', 'https://a.example.com/list.txt', 'urls');
    assert.deepEqual(list.kind === 'urls' && list.result.urls, ['https://a.example.com/x']);
  });

  it('refuses an HTML page where a feed was expected, naming the URL', () => {
    assert.throws(
      () => parseDiscoveryDocument('<!DOCTYPE html><html></html>', 'https://site.example.com/', 'feed'),
      (error: unknown) =>
        error instanceof InputError && /https:\/\/site\.example\.com\/ is an HTML page/.test(error.message),
    );
  });
});
