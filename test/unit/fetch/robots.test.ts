import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NonRetryableError, TransientError } from '../../../src/errors.ts';
import {
  createFetcher,
  type FetcherOptions,
  isAllowedByRobots,
  parseRobots,
  productToken,
} from '../../../src/fetch/index.ts';
import {
  MAX_ROBOTS_PATTERN_CHARS,
  MAX_ROBOTS_RULES,
  RobotsBudgetError,
  robotsPatternMatches,
} from '../../../src/fetch/robots.ts';
import { startServer, type TestServer } from './test-server.ts';

const TOKEN = 'claimwire';

function allowed(robots: string, path: string): boolean {
  return isAllowedByRobots(parseRobots(robots, TOKEN), path);
}

describe('parseRobots / isAllowedByRobots', () => {
  it('derives the product token from the User-Agent', () => {
    assert.equal(productToken('claimwire/0.1 (+https://github.com/claimwire/claimwire)'), 'claimwire');
    assert.equal(productToken('Claim-Wire_Bot/2'), 'claim-wire_bot');
  });

  it('uses the longest matching rule, Allow winning ties', () => {
    const robots = 'User-agent: *\nDisallow: /news\nAllow: /news/public\nDisallow: /a\nAllow: /a\n';
    assert.equal(allowed(robots, '/news/x'), false);
    assert.equal(allowed(robots, '/news/public/x'), true);
    assert.equal(allowed(robots, '/a/b'), true);
    assert.equal(allowed(robots, '/other'), true);
  });

  it('supports * and $ wildcards', () => {
    const robots = 'User-agent: *\nDisallow: /*.pdf$\nDisallow: /*?print=\nDisallow: /tmp$\n';
    assert.equal(allowed(robots, '/files/report.pdf'), false);
    assert.equal(allowed(robots, '/files/report.pdf?x=1'), true);
    assert.equal(allowed(robots, '/story?id=1&print=1'), true);
    assert.equal(allowed(robots, '/story?print=1'), false);
    assert.equal(allowed(robots, '/tmp'), false);
    assert.equal(allowed(robots, '/tmp/x'), true);
  });

  it('picks the group naming claimwire over *, case-insensitively, merging repeated groups', () => {
    const robots = [
      'User-agent: *',
      'Disallow: /',
      '',
      'User-agent: ClaimWire',
      'Disallow: /private',
      '',
      'User-agent: otherbot',
      'User-agent: claimwire',
      'Disallow: /drafts # comment',
    ].join('\n');
    assert.equal(allowed(robots, '/news'), true);
    assert.equal(allowed(robots, '/private/1'), false);
    assert.equal(allowed(robots, '/drafts/1'), false);
  });

  it('treats an empty Disallow as allow-all and ignores rules outside groups and junk', () => {
    assert.equal(allowed('Disallow: /\nUser-agent: *\nDisallow:\n', '/x'), true);
    assert.equal(allowed('<html><body>Not found</body></html>', '/x'), true);
    assert.equal(allowed('', '/x'), true);
    assert.equal(allowed('User-agent: somebot\nDisallow: /\n', '/x'), true);
  });

  it('always allows /robots.txt', () => {
    assert.equal(allowed('User-agent: *\nDisallow: /\n', '/robots.txt'), true);
    assert.equal(allowed('User-agent: *\nDisallow: /\n', '/'), false);
  });

  it('compares percent-encoding and non-ASCII consistently', () => {
    assert.equal(allowed('User-agent: *\nDisallow: /~joe\n', '/%7Ejoe/page'), false);
    assert.equal(allowed('User-agent: *\nDisallow: /%7ejoe\n', '/~joe/page'), false);
    assert.equal(allowed('User-agent: *\nDisallow: /café\n', '/caf%C3%A9/x'), false);
    assert.equal(allowed('User-agent: *\nDisallow: /a%2fb\n', '/a/b'), true);
  });

  it('reads Crawl-delay from the chosen group', () => {
    assert.equal(parseRobots('User-agent: *\nCrawl-delay: 2.5\n', TOKEN).crawlDelayMs, 2500);
    assert.equal(parseRobots('User-agent: *\nCrawl-delay: soon\n', TOKEN).crawlDelayMs, undefined);
  });

  it('matches hostile wildcard patterns in bounded time', () => {
    const pattern = `/${'*a'.repeat(30)}b`;
    const path = `/${'a'.repeat(5000)}`;
    const start = performance.now();
    assert.equal(robotsPatternMatches(pattern, path), false);
    assert.ok(performance.now() - start < 500);
  });
});

describe('M1: a hostile robots.txt cannot freeze a worker', () => {
  // 500 wildcard rules of 1,000 characters, about 500 KB (under the 512 KiB read cap): each a star, then a long run of
  // one letter that almost matches everywhere, which a backtracking matcher retries at every position of the path.
  const hostile = `User-agent: *\n${Array.from({ length: 500 }, (_, i) => `Disallow: /*${'a'.repeat(990)}b${i}\n`).join('')}`;

  it('M1: matching is linear in the path per rule (500 wildcard rules, a 2,000-character path)', () => {
    const policy = parseRobots(hostile, TOKEN);
    assert.equal(policy.rules.length, 500);
    assert.equal(policy.unavailable, undefined);
    const start = performance.now();
    assert.equal(isAllowedByRobots(policy, `/${'a'.repeat(2000)}`), true);
    assert.equal(isAllowedByRobots(policy, `/${'a'.repeat(2000)}b7`), false);
    // The backtracking matcher took about 10 s here (61 s for 8,000 characters).
    assert.ok(performance.now() - start < 1000, `took ${Math.round(performance.now() - start)} ms`);
  });

  it('M1: the linear matcher agrees with the glob semantics on stars, anchors and prefixes', () => {
    const cases: [string, string, boolean][] = [
      ['/a*b*c', '/axxbyyc', true],
      ['/a*b*c', '/axxcyyb', false],
      ['/a*b$', '/ab/b', true],
      ['/a*b$', '/ab/bc', false],
      ['/*aab', '/aaab', true],
      ['/*abab$', '/ababab', true],
      ['/x$', '/x', true],
      ['/x$', '/xy', false],
      ['*', '/anything', true],
      ['/**/z', '/q/z', true],
    ];
    for (const [pattern, path, expected] of cases)
      assert.equal(robotsPatternMatches(pattern, path), expected, `${pattern} vs ${path}`);
  });

  it('M1: a file over the rule cap is treated as unavailable, with the reason', () => {
    const many = `User-agent: *\n${Array.from({ length: MAX_ROBOTS_RULES + 1 }, (_, i) => `Disallow: /x${i}\n`).join('')}`;
    const policy = parseRobots(many, TOKEN);
    assert.match(policy.unavailable ?? '', /rules .* over the cap/);
    assert.equal(isAllowedByRobots(policy, '/x1'), true);
  });

  it('M1: a pattern over the length cap makes the file unavailable', () => {
    const policy = parseRobots(`User-agent: *\nDisallow: /${'p'.repeat(MAX_ROBOTS_PATTERN_CHARS)}\n`, TOKEN);
    assert.match(policy.unavailable ?? '', /pattern, over the cap/);
  });

  it('M1: a check over its budget stops with RobotsBudgetError', () => {
    const policy = parseRobots(hostile, TOKEN);
    assert.throws(() => isAllowedByRobots(policy, `/${'a'.repeat(2000)}`, 100_000), RobotsBudgetError);
  });

  it('M1: over budget in the fetcher, the origin counts as unavailable: the page is fetched and the reason reported', async () => {
    // 2,000 rules of 250 characters (500 KB) against a 10,000-character URL: over the per-check budget.
    const rules = Array.from({ length: 2000 }, (_, i) => `Disallow: /${'c'.repeat(240)}${i}*\n`).join('');
    await withServer({ status: 200, body: `User-agent: *\n${rules}` }, async (s) => {
      const reported: string[] = [];
      const f = fetcher({ onRobotsUnavailable: (origin, reason) => reported.push(`${origin}: ${reason}`) });
      const r = await f.fetch(`${s.base}/page?q=${'z'.repeat(10_000)}`);
      assert.equal(r.status, 'ok');
      assert.equal(reported.length, 1);
      assert.match(reported[0] ?? '', /costs over \d+ steps/);
      // Later checks on that origin use the unavailable policy without matching again.
      await f.fetch(`${s.base}/page?q=${'z'.repeat(10_000)}`);
      assert.equal(reported.length, 1);
    });
  });
});

async function withServer(robots: { status: number; body?: string }, fn: (s: TestServer) => Promise<void>) {
  const page = (_req: unknown, res: import('node:http').ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<p>ok</p>');
  };
  const server = await startServer({
    '/robots.txt': (_req, res) => {
      res.writeHead(robots.status, { 'content-type': 'text/plain' });
      res.end(robots.body ?? '');
    },
    '/page': page,
    '/private/*': page,
  });
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}

function fetcher(options: FetcherOptions = {}) {
  return createFetcher({ allowPrivate: true, perHostMinIntervalMs: 0, ...options });
}

const paths = (s: TestServer) => s.seen.map((r) => r.path);

describe('createFetcher with robots.txt', () => {
  it('refuses a disallowed page without requesting it, and caches robots.txt', async () => {
    await withServer({ status: 200, body: 'User-agent: *\nDisallow: /private\n' }, async (s) => {
      const f = fetcher();
      const err = await f.fetch(`${s.base}/private/page`).then(
        () => assert.fail('should be refused'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof NonRetryableError);
      assert.equal(err.context.reason, 'robots-disallowed');
      assert.equal(err.context.robotsUrl, `${s.base}/robots.txt`);
      assert.equal((await f.fetch(`${s.base}/page`)).status, 'ok');
      assert.deepEqual(paths(s), ['/robots.txt', '/page']);
      assert.equal(s.seen[0]?.headers['user-agent']?.startsWith('claimwire/'), true);
      assert.equal(await f.isAllowedByRobots(`${s.base}/private/x`), false);
    });
  });

  it('reads only the first 512 KiB of a huge robots.txt', async () => {
    const body = `User-agent: *\nDisallow: /private\n${'# padding\n'.repeat(60_000)}Disallow: /page\n`;
    await withServer({ status: 200, body }, async (s) => {
      const f = fetcher();
      assert.equal(await f.isAllowedByRobots(`${s.base}/private/x`), false);
      assert.equal(await f.isAllowedByRobots(`${s.base}/page`), true);
    });
  });

  it('allows everything when robots.txt is 404', async () => {
    await withServer({ status: 404 }, async (s) => {
      const r = await fetcher().fetch(`${s.base}/private/page`);
      assert.equal(r.status, 'ok');
      assert.deepEqual(paths(s), ['/robots.txt', '/private/page']);
    });
  });

  it('treats a 5xx robots.txt as disallowed for now (transient), and remembers that briefly', async () => {
    await withServer({ status: 503 }, async (s) => {
      const f = fetcher();
      for (let i = 0; i < 2; i++) {
        const err = await f.fetch(`${s.base}/page`).then(
          () => assert.fail('should fail'),
          (e: unknown) => e,
        );
        assert.ok(err instanceof TransientError);
        assert.equal(err.context.reason, 'robots-unavailable');
        assert.equal(err.context.robotsReason, 'http-503');
      }
      assert.deepEqual(paths(s), ['/robots.txt']);
    });
  });

  it('refetches robots.txt after the cache TTL', async () => {
    await withServer({ status: 200, body: 'User-agent: *\nAllow: /\n' }, async (s) => {
      let clock = 1_000_000;
      const f = fetcher({ now: () => clock, robotsCacheTtlMs: 60_000 });
      await f.fetch(`${s.base}/page`);
      clock += 30_000;
      await f.fetch(`${s.base}/page`);
      clock += 31_000;
      await f.fetch(`${s.base}/page`);
      assert.deepEqual(paths(s), ['/robots.txt', '/page', '/page', '/robots.txt', '/page']);
    });
  });

  it('raises the per-host interval to Crawl-delay', async () => {
    await withServer({ status: 200, body: 'User-agent: *\nCrawl-delay: 0.25\n' }, async (s) => {
      const f = fetcher();
      const start = performance.now();
      await Promise.all([f.fetch(`${s.base}/page`), f.fetch(`${s.base}/page`)]);
      // robots.txt, then two pages, each start 250 ms apart.
      const took = performance.now() - start;
      assert.ok(took >= 450, `took ${took} ms`);
      assert.deepEqual(paths(s), ['/robots.txt', '/page', '/page']);
    });
  });
});
