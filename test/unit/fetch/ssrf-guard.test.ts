import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { describe, it } from 'node:test';
import { NonRetryableError, TransientError } from '../../../src/errors.ts';
import {
  assertPublicUrl,
  classifyAddress,
  createGuardedLookup,
  createPinnedLookup,
  FETCH_ALLOW_VARIABLE,
  parseAllowlist,
  type Resolver,
  WEBHOOK_ALLOW_VARIABLE,
} from '../../../src/fetch/index.ts';

const never: Resolver = async () => assert.fail('an IP literal must not be resolved');

async function refused(url: string, reason: string, resolver: Resolver = never): Promise<NonRetryableError> {
  try {
    await assertPublicUrl(url, { resolver });
  } catch (err) {
    assert.ok(err instanceof NonRetryableError, `${url}: ${String(err)}`);
    assert.equal(err.context.reason, reason, `${url}: ${err.message}`);
    return err;
  }
  assert.fail(`${url} should be refused with ${reason}`);
}

describe('classifyAddress', () => {
  it('L9: the Azure WireServer (168.63.129.16) and 3fff::/20 (documentation) are not public', () => {
    assert.equal(classifyAddress('168.63.129.16'), 'reserved');
    assert.equal(classifyAddress('::ffff:168.63.129.16'), 'reserved');
    assert.equal(classifyAddress('3fff::1'), 'documentation');
    assert.equal(classifyAddress('3fff:0fff:ffff::1'), 'documentation');
    assert.equal(classifyAddress('168.63.129.17'), null, 'its neighbours stay public');
    assert.equal(classifyAddress('3ffe:ffff::1'), null);
  });

  it('labels non-public IPv4 ranges', () => {
    const cases: Record<string, string> = {
      '127.0.0.1': 'loopback',
      '127.255.255.254': 'loopback',
      '10.1.2.3': 'private',
      '172.16.0.1': 'private',
      '172.31.255.255': 'private',
      '192.168.1.1': 'private',
      '169.254.169.254': 'link-local',
      '100.64.0.1': 'cgnat',
      '100.127.255.255': 'cgnat',
      '0.0.0.0': 'unspecified',
      '0.1.2.3': 'unspecified',
      '224.0.0.1': 'multicast',
      '239.255.255.250': 'multicast',
      '255.255.255.255': 'broadcast',
      '240.0.0.1': 'reserved',
      '192.0.2.10': 'documentation',
      '198.18.0.1': 'reserved',
    };
    for (const [ip, range] of Object.entries(cases)) assert.equal(classifyAddress(ip), range, ip);
  });

  it('passes public IPv4, including neighbours of private ranges', () => {
    for (const ip of [
      '8.8.8.8',
      '93.184.216.34',
      '172.15.255.255',
      '172.32.0.0',
      '100.63.255.255',
      '100.128.0.0',
      '11.0.0.1',
      '192.169.0.1',
    ]) {
      assert.equal(classifyAddress(ip), null, ip);
    }
  });

  it('labels non-public IPv6 ranges, including IPv4-mapped forms', () => {
    const cases: Record<string, string> = {
      '::1': 'loopback',
      '::': 'unspecified',
      'fc00::1': 'private',
      'fd12:3456::1': 'private',
      'fe80::1': 'link-local',
      'fe80::1%eth0': 'link-local',
      'ff02::1': 'multicast',
      '::ffff:127.0.0.1': 'loopback',
      '::ffff:7f00:1': 'loopback',
      '::ffff:10.0.0.1': 'private',
      '::ffff:169.254.169.254': 'link-local',
      '64:ff9b::a9fe:a9fe': 'link-local',
      '2002:7f00:1::1': 'loopback',
      '2001:db8::1': 'documentation',
      '::127.0.0.1': 'reserved',
      '[::1]': 'loopback',
    };
    for (const [ip, range] of Object.entries(cases)) assert.equal(classifyAddress(ip), range, ip);
  });

  it('passes public IPv6 and IPv4-mapped public addresses', () => {
    for (const ip of ['2606:4700:4700::1111', '2a00:1450:4001:80b::200e', '::ffff:8.8.8.8', '64:ff9b::808:808']) {
      assert.equal(classifyAddress(ip), null, ip);
    }
  });

  it('treats garbage as reserved', () => {
    assert.equal(classifyAddress('not-an-ip'), 'reserved');
  });
});

describe('assertPublicUrl', () => {
  it('refuses IP literals in every spelling WHATWG URL normalises', async () => {
    for (const url of [
      'http://127.0.0.1/',
      'http://2130706433/',
      'http://0x7f.1/',
      'http://0x7f000001/',
      'http://017700000001/',
      'http://127.1/',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1:8080/',
      'http://100.64.1.1/',
      'http://0.0.0.0/',
      'http://[fe80::1]/',
      'http://[fd00::1]/',
      'http://224.0.0.1/',
      'http://255.255.255.255/',
    ]) {
      const err = await refused(url, 'ssrf-private-address');
      assert.equal(typeof err.context.range, 'string');
    }
  });

  it('lets a public literal through without resolving', async () => {
    const t = await assertPublicUrl('https://93.184.216.34/x', { resolver: never });
    assert.deepEqual(t.addresses, [{ address: '93.184.216.34', family: 4 }]);
    const v6 = await assertPublicUrl('http://[2606:4700::1]/', { resolver: never });
    assert.equal(v6.hostname, '2606:4700::1');
  });

  it('refuses a name when any resolved address is private', async () => {
    const resolver: Resolver = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '::ffff:192.168.0.5', family: 6 },
    ];
    const err = await refused('https://news.example/a', 'ssrf-private-address', resolver);
    assert.equal(err.context.address, '::ffff:192.168.0.5');
    assert.equal(err.context.range, 'private');
    assert.match(err.message, /news\.example resolves to/);
  });

  it('returns every checked address for a public name', async () => {
    const addresses: LookupAddress[] = [
      { address: '93.184.216.34', family: 4 },
      { address: '2606:2800:220:1::1', family: 6 },
    ];
    const t = await assertPublicUrl('https://news.example/a', { resolver: async () => addresses });
    assert.deepEqual(t.addresses, addresses);
  });

  it('allows private targets only with allowPrivate', async () => {
    const t = await assertPublicUrl('http://127.0.0.1:8080/', { allowPrivate: true, resolver: never });
    assert.equal(t.hostname, '127.0.0.1');
  });

  it('refuses non-http schemes, credentials and invalid URLs', async () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,x',
      'ftp://example.com/',
      'gopher://x/',
    ]) {
      await refused(url, 'unsupported-scheme');
    }
    await refused('http://user:pass@example.com/', 'url-credentials');
    await refused('https://user@example.com/', 'url-credentials');
    await refused('http://', 'invalid-url');
    await refused('/relative/path', 'invalid-url');
  });

  it('maps DNS failures: NXDOMAIN permanent, anything else transient', async () => {
    const failing =
      (code: string): Resolver =>
      async () => {
        throw Object.assign(new Error(`getaddrinfo ${code}`), { code });
      };
    await refused('https://gone.example/', 'dns-not-found', failing('ENOTFOUND'));
    await assert.rejects(
      assertPublicUrl('https://flaky.example/', { resolver: failing('EAI_AGAIN') }),
      (err: unknown) => err instanceof TransientError && err.context.reason === 'dns-failure',
    );
  });
});

function lookupOnce(
  fn: ReturnType<typeof createPinnedLookup>,
  host: string,
  options: { all?: boolean; family?: number },
): Promise<{ err: NodeJS.ErrnoException | null; address: unknown; family: number | undefined }> {
  return new Promise((resolve) => fn(host, options, (err, address, family) => resolve({ err, address, family })));
}

describe('lookup hooks', () => {
  it('the pinned lookup answers with the checked addresses whatever it is asked', async () => {
    const target = await assertPublicUrl('http://news.example/', {
      resolver: async () => [
        { address: '93.184.216.34', family: 4 },
        { address: '2606:2800:220:1::1', family: 6 },
      ],
    });
    const pinned = createPinnedLookup(target);
    const one = await lookupOnce(pinned, 'news.example', {});
    assert.deepEqual([one.address, one.family], ['93.184.216.34', 4]);
    const all = await lookupOnce(pinned, 'evil.example', { all: true });
    assert.equal((all.address as LookupAddress[]).length, 2);
    const v6 = await lookupOnce(pinned, 'news.example', { family: 6 });
    assert.equal(v6.address, '2606:2800:220:1::1');
  });

  it('the guarded lookup refuses private answers and passes public ones', async () => {
    const guarded = createGuardedLookup({
      resolver: async (host) => [{ address: host === 'bad.example' ? '10.0.0.7' : '93.184.216.34', family: 4 }],
    });
    const bad = await lookupOnce(guarded, 'bad.example', {});
    assert.ok(bad.err instanceof NonRetryableError);
    assert.equal((bad.err as NonRetryableError).context.reason, 'ssrf-private-address');
    const good = await lookupOnce(guarded, 'good.example', {});
    assert.equal(good.err, null);
    assert.equal(good.address, '93.184.216.34');
  });
});

describe('Also: allowlists for intranet hosts, named in every refusal', () => {
  const resolveTo =
    (...addresses: string[]): Resolver =>
    async () =>
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  const allow = parseAllowlist(FETCH_ALLOW_VARIABLE, '10.20.0.0/16,fd00:1::/64,wiki.corp');

  it('Also: a private address inside CLAIMWIRE_FETCH_ALLOW_CIDRS is fetched; one outside is refused naming it', async () => {
    await assertPublicUrl('http://intranet.corp/a', { allow, resolver: resolveTo('10.20.3.4') });
    await assertPublicUrl('http://[fd00:1::5]/a', { allow, resolver: never });
    await assertPublicUrl('http://wiki.corp/a', { allow, resolver: resolveTo('10.99.0.1') });
    for (const [url, resolver] of [
      ['http://intranet.corp/a', resolveTo('10.20.3.4', '10.30.0.1')],
      ['http://169.254.169.254/latest', never],
    ] as const) {
      const err = await refused(url, 'ssrf-private-address', resolver);
      assert.match(err.message, /CLAIMWIRE_FETCH_ALLOW_CIDRS/);
      assert.doesNotMatch(err.message, /allowPrivate/);
    }
    const plain = await refused('http://10.1.1.1/', 'ssrf-private-address');
    assert.match(plain.message, /add 10\.1\.1\.1\/32 \(or the host name\) to CLAIMWIRE_FETCH_ALLOW_CIDRS/);
  });

  it('Also: a webhook allowlist is its own variable, named in its refusals', async () => {
    const hooks = parseAllowlist(WEBHOOK_ALLOW_VARIABLE, '10.30.1.5');
    await assertPublicUrl('http://10.30.1.5/hook', { allow: hooks, resolver: never });
    try {
      await assertPublicUrl('http://10.30.1.6/hook', { allow: hooks, resolver: never });
      assert.fail('refused');
    } catch (err) {
      assert.match((err as Error).message, /CLAIMWIRE_WEBHOOK_ALLOW_CIDRS/);
    }
  });
});
