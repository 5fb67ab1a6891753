import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alertIdFor, buildAlert, buildDigest } from '../../../src/alerts/index.ts';
import { ACTOR, ARTICLE, alertInput, claim, NOW, WATCH } from './fixtures.ts';

describe('buildAlert', () => {
  it('builds the documented shape', () => {
    const alert = buildAlert(alertInput());
    assert.equal(alert.type, 'claimwire.alert');
    assert.equal(alert.createdAt, '2024-05-01T12:00:00.000Z');
    assert.deepEqual(alert.watch, {
      id: 'watch-apt10',
      name: 'APT10 in healthcare',
      query: { actorId: 'apt10', predicates: ['targets-sector'], sectors: ['healthcare'] },
    });
    assert.deepEqual(alert.actor, {
      id: 'apt10',
      name: 'APT10',
      aliases: ['APT10', 'menuPass', 'Stone Panda', 'Cicada'],
    });
    assert.deepEqual(alert.article, ARTICLE);
    assert.deepEqual(alert.claims[0], {
      id: 'c1',
      predicate: 'targets-sector',
      object: { kind: 'sector', id: 'healthcare', name: 'Healthcare' },
      value: null,
      negated: false,
      hedged: false,
      reportedBy: ['symantec'],
      quote: 'Quote for c1.',
      url: 'https://vendor.example/blog/cicada',
    });
    // A claim without a citation URL points at the article.
    assert.equal(alert.claims[1]?.url, ARTICLE.url);
    assert.deepEqual(alert.claims[1]?.value, { percent: 40, of: 'victims' });
  });

  it('gives deterministic ids: hash of watch id + article id only', () => {
    const a = buildAlert(alertInput());
    const b = buildAlert(alertInput({ now: new Date('2030-01-01T00:00:00Z'), claims: [claim('other')] }));
    assert.equal(a.id, b.id);
    assert.match(a.id, /^[0-9a-f]{32}$/);
    assert.equal(a.id, alertIdFor(WATCH.id, ARTICLE.id));
    assert.notEqual(a.id, buildAlert(alertInput({ watch: { ...WATCH, id: 'watch-2' } })).id);
    assert.notEqual(a.id, buildAlert(alertInput({ article: { ...ARTICLE, id: 'other' } })).id);
    // The separator keeps concatenations apart.
    assert.notEqual(alertIdFor('ab', 'c'), alertIdFor('a', 'bc'));
    assert.equal(JSON.stringify(buildAlert(alertInput())), JSON.stringify(buildAlert(alertInput())));
  });

  it('never copies the webhook URL or secret into the payload', () => {
    const json = JSON.stringify(buildAlert(alertInput()));
    assert.doesNotMatch(json, /super-secret-token|whsec_do_not_leak|hooks\.example/);
  });

  it('keeps repeated claims once, accepts string aliases, and does not alias inputs', () => {
    const input = alertInput({
      claims: [claim('c1'), claim('c1'), claim('c3')],
      actor: { ...ACTOR, aliases: ['Cicada'] },
    });
    const alert = buildAlert(input);
    assert.deepEqual(
      alert.claims.map((c) => c.id),
      ['c1', 'c3'],
    );
    assert.deepEqual(alert.actor.aliases, ['APT10', 'Cicada']);
    alert.claims[0]?.reportedBy.push('mutated');
    assert.deepEqual(input.claims[0]?.reportedBy, ['symantec']);
  });

  it('rejects an invalid clock', () => {
    assert.throws(() => buildAlert(alertInput({ now: new Date('nope') })), RangeError);
  });
});

describe('buildDigest', () => {
  const older = buildAlert(alertInput({ article: { ...ARTICLE, id: 'old', published: '2024-04-01' } }));
  const newer = buildAlert(
    alertInput({ article: { ...ARTICLE, id: 'new', published: '2024-04-30' }, claims: [claim('x')] }),
  );
  const undated = buildAlert(alertInput({ article: { ...ARTICLE, id: 'undated', published: null } }));
  const period = { from: '2024-04-30T00:00:00Z', to: new Date('2024-05-01T00:00:00Z') };

  it('lists the period articles newest first with claim counts', () => {
    const digest = buildDigest({ watch: WATCH, alerts: [undated, older, newer, older], period });
    assert.equal(digest.type, 'claimwire.digest');
    assert.deepEqual(digest.period, { from: '2024-04-30T00:00:00.000Z', to: '2024-05-01T00:00:00.000Z' });
    assert.equal(digest.createdAt, '2024-05-01T00:00:00.000Z');
    assert.deepEqual(
      digest.articles.map((a) => a.article.id),
      ['new', 'old', 'undated'],
    );
    assert.deepEqual(digest.totals, { articles: 3, claims: 5 });
    assert.deepEqual(digest.articles[1]?.predicates, { 'targets-sector': 1, statistic: 1 });
    assert.equal(digest.articles[0]?.alertId, newer.id);
    assert.deepEqual(digest.articles[0]?.actor, { id: 'apt10', name: 'APT10' });
    assert.doesNotMatch(JSON.stringify(digest), /whsec_do_not_leak|super-secret-token/);
  });

  it('has an id that depends on watch and period only, and handles an empty period', () => {
    const a = buildDigest({ watch: WATCH, alerts: [older], period });
    const b = buildDigest({ watch: WATCH, alerts: [], period, now: NOW });
    assert.equal(a.id, b.id);
    assert.deepEqual(b.totals, { articles: 0, claims: 0 });
    assert.equal(b.createdAt, NOW.toISOString());
    assert.notEqual(a.id, buildDigest({ watch: WATCH, alerts: [], period: { ...period, from: '2024-04-29' } }).id);
  });
});
