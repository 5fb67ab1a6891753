/** Service URLs shown in logs, errors and status lines never carry their credentials. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactUrl } from '../../../src/redact-url.ts';

describe('redactUrl', () => {
  it('masks a password and keeps the user name, host and port', () => {
    assert.equal(redactUrl('http://elastic:s3cret@es.internal:9200/'), 'http://elastic:***@es.internal:9200');
    assert.equal(redactUrl('redis://:s3cret@10.1.2.3:6379/0'), 'redis://:***@10.1.2.3:6379/0');
  });

  it('masks a user name given alone, which is usually a token', () => {
    assert.equal(redactUrl('https://ghp_abcdef@es.example.com/'), 'https://***@es.example.com');
  });

  it('leaves URLs without credentials as they are (without the bare trailing slash)', () => {
    assert.equal(redactUrl('http://127.0.0.1:9200/'), 'http://127.0.0.1:9200');
    assert.equal(redactUrl('redis://127.0.0.1:6379'), 'redis://127.0.0.1:6379');
    assert.equal(redactUrl('https://es.example.com/prefix/'), 'https://es.example.com/prefix/');
  });

  it('masks credentials even in something that does not parse as a URL', () => {
    const shown = redactUrl('http://user:pa ss@[bad');
    assert.ok(!shown.includes('pa ss'), shown);
  });
});
