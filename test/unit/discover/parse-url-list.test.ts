import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseUrlList } from '../../../src/discover/index.ts';

describe('parseUrlList', () => {
  it('reads one URL per line, skipping comments and blank lines, keeping fragments', () => {
    const text = readFileSync(new URL('../../fixtures/feeds/urls.txt', import.meta.url), 'utf8');
    const result = parseUrlList(text);
    assert.deepEqual(result.urls, [
      'https://reports.example.com/2024/apt-otter',
      'https://reports.example.com/2024/apt-otter#section-2',
      'https://reports.example.com/2024/badger-botnet',
    ]);
    assert.deepEqual(result.skipped, [
      { value: 'ftp://files.example.com/ioc.csv', reason: 'unsupported-scheme' },
      { value: 'not a url', reason: 'invalid-url' },
      { value: 'https://reports.example.com/2024/apt-otter', reason: 'duplicate' },
    ]);
    assert.equal(result.truncated, false);
  });

  it('handles CRLF, javascript: and file: lines, and relative paths', () => {
    const result = parseUrlList(
      'https://a.example.com/1\r\njavascript:alert(1)\r\nfile:///etc/passwd\r\n/relative\r\n',
    );
    assert.deepEqual(result.urls, ['https://a.example.com/1']);
    assert.deepEqual(
      result.skipped.map((s) => s.reason),
      ['unsupported-scheme', 'unsupported-scheme', 'invalid-url'],
    );
  });

  it('caps long lists and returns empty results for empty input', () => {
    const text = Array.from({ length: 5000 }, (_, i) => `https://l.example.com/${i}`).join('\n');
    const result = parseUrlList(text, { maxEntries: 1000 });
    assert.equal(result.urls.length, 1000);
    assert.equal(result.truncated, true);
    assert.deepEqual(parseUrlList(''), { urls: [], skipped: [], truncated: false });
    assert.deepEqual(parseUrlList('# only a comment\n\n').urls, []);
  });
});
