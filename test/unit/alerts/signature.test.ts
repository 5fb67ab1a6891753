import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { signatureHeaderValue, signBody, verifySignature } from '../../../src/alerts/index.ts';

const SECRET = 'whsec_test';
const BODY = '{"id":"abc","type":"claimwire.alert"}';
const TS = 1_714_564_800;

describe('signBody', () => {
  it('is hex HMAC-SHA256 of "<timestamp>.<body>"', () => {
    const expected = createHmac('sha256', SECRET).update(`${TS}.${BODY}`).digest('hex');
    assert.equal(signBody(BODY, SECRET, TS), expected);
    assert.equal(signatureHeaderValue(BODY, SECRET, TS), `v1=${expected}`);
  });

  it('matches the test vector in docs/webhooks.md', () => {
    assert.equal(signBody(BODY, SECRET, TS), 'a467f011c5bd87ae9b0669c764ba45891542f2a1a93a867c29cd479d2d034a6c');
  });

  it('refuses an empty secret and a non-integer timestamp', () => {
    assert.throws(() => signBody(BODY, '', TS), RangeError);
    assert.throws(() => signBody(BODY, SECRET, 1.5), RangeError);
  });
});

describe('verifySignature', () => {
  const signature = signatureHeaderValue(BODY, SECRET, TS);
  const base = { body: BODY, timestamp: String(TS), signature, secret: SECRET, nowSec: TS + 10 };

  it('accepts a genuine request (string or bytes body, numeric timestamp, upper-case hex)', () => {
    assert.deepEqual(verifySignature(base), { ok: true });
    assert.deepEqual(verifySignature({ ...base, body: Buffer.from(BODY) }), { ok: true });
    assert.deepEqual(verifySignature({ ...base, timestamp: TS }), { ok: true });
    assert.deepEqual(verifySignature({ ...base, signature: signature.toUpperCase().replace('V1', 'v1') }), {
      ok: true,
    });
  });

  it('fails with a wrong secret, a tampered body or a tampered timestamp', () => {
    assert.deepEqual(verifySignature({ ...base, secret: 'wrong' }), { ok: false, reason: 'mismatch' });
    assert.deepEqual(verifySignature({ ...base, body: BODY.replace('abc', 'abd') }), { ok: false, reason: 'mismatch' });
    assert.deepEqual(verifySignature({ ...base, timestamp: String(TS + 1) }), { ok: false, reason: 'mismatch' });
  });

  it('rejects replays older than the tolerance and timestamps from the future', () => {
    assert.deepEqual(verifySignature({ ...base, nowSec: TS + 300 }), { ok: true });
    assert.deepEqual(verifySignature({ ...base, nowSec: TS + 301 }), { ok: false, reason: 'stale' });
    assert.deepEqual(verifySignature({ ...base, nowSec: TS - 301 }), { ok: false, reason: 'future' });
    assert.deepEqual(verifySignature({ ...base, nowSec: TS + 61, toleranceSec: 60 }), { ok: false, reason: 'stale' });
  });

  it('reports missing and malformed headers', () => {
    assert.deepEqual(verifySignature({ ...base, signature: undefined }), { ok: false, reason: 'missing' });
    assert.deepEqual(verifySignature({ ...base, timestamp: null }), { ok: false, reason: 'missing' });
    assert.deepEqual(verifySignature({ ...base, timestamp: '17e8' }), { ok: false, reason: 'malformed' });
    assert.deepEqual(verifySignature({ ...base, signature: 'v1=abc' }), { ok: false, reason: 'malformed' });
    assert.deepEqual(verifySignature({ ...base, signature: signature.replace('v1=', 'v0=') }), {
      ok: false,
      reason: 'malformed',
    });
  });

  it('supports secret rotation and several signatures in one header', () => {
    assert.deepEqual(verifySignature({ ...base, secret: ['new-secret', SECRET] }), { ok: true });
    const both = `v1=${signBody(BODY, 'new-secret', TS)}, ${signature}`;
    assert.deepEqual(verifySignature({ ...base, signature: both }), { ok: true });
    assert.deepEqual(verifySignature({ ...base, secret: [] }), { ok: false, reason: 'mismatch' });
  });
});
