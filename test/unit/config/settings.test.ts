/** Settings: read from the environment once, every problem named, and the one rule about starting Redis. */
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { defaultLocations, EXAMPLE_SOURCES, loadSettings, SettingsError } from '../../../config/settings.ts';
import { ensureRedis } from '../../../src/services/redis.ts';

describe('settings', () => {
  it('L7: API keys shorter than 16 characters, and "" from a quoted env file, are refused at start-up', () => {
    for (const keys of ['""', "''", 'short-key', `${'k'.repeat(20)},tiny`]) {
      assert.throws(
        () => loadSettings({ CLAIMWIRE_API_KEYS: keys }),
        (e: unknown) =>
          e instanceof SettingsError &&
          /CLAIMWIRE_API_KEYS: key \d of \d is \d+ characters long; keys need at least 16/.test(e.message) &&
          !e.message.includes('short-key') &&
          !e.message.includes('tiny'),
        keys,
      );
    }
    assert.deepEqual(loadSettings({ CLAIMWIRE_API_KEYS: 'k'.repeat(16) }).apiKeys, ['k'.repeat(16)]);
    assert.deepEqual(loadSettings({}).apiKeys, [], 'no keys: writes disabled, not an error');
  });

  it('Also: the allowlists are parsed once, and a bad entry is named with its variable', () => {
    const s = loadSettings({
      CLAIMWIRE_FETCH_ALLOW_CIDRS: '10.20.0.0/16, wiki.corp',
      CLAIMWIRE_WEBHOOK_ALLOW_CIDRS: 'fd00:1::/64',
    });
    assert.equal(s.fetchAllow.cidrs.length, 1);
    assert.deepEqual(s.fetchAllow.hosts, ['wiki.corp']);
    assert.equal(s.webhookAllow.variable, 'CLAIMWIRE_WEBHOOK_ALLOW_CIDRS');
    assert.throws(
      () => loadSettings({ CLAIMWIRE_WEBHOOK_ALLOW_CIDRS: '10.0.0.0/33,http://x/' }),
      /CLAIMWIRE_WEBHOOK_ALLOW_CIDRS: "10.0.0.0\/33", "http:\/\/x\/" are not a CIDR/,
    );
  });

  it('REDIS_URL unset means the local default, which claimwire may start; a configured one it never replaces', () => {
    const unset = loadSettings({});
    assert.equal(unset.REDIS_URL, 'redis://127.0.0.1:6379');
    assert.equal(unset.startLocalRedis, true);
    assert.equal(loadSettings({ REDIS_URL: '' }).startLocalRedis, true, 'an empty value counts as unset');
    assert.equal(loadSettings({ REDIS_URL: 'redis://127.0.0.1:6379' }).startLocalRedis, false);
  });

  it('from a clone, data stays in .local/ and sources in config/; installed, they go to the XDG directories', () => {
    const clone = defaultLocations({}, false);
    assert.equal(clone.home, path.join(path.dirname(EXAMPLE_SOURCES), '..', '.local'));
    assert.equal(clone.sources, EXAMPLE_SOURCES);
    assert.deepEqual(defaultLocations({ XDG_DATA_HOME: '/x/data', XDG_CONFIG_HOME: '/x/conf' }, true), {
      home: '/x/data/claimwire',
      sources: '/x/conf/claimwire/sources.json',
    });
    assert.deepEqual(
      defaultLocations({ XDG_DATA_HOME: 'relative/ignored' }, true),
      {
        home: path.join(os.homedir(), '.local/share/claimwire'),
        sources: path.join(os.homedir(), '.config/claimwire/sources.json'),
      },
      'the XDG spec says a relative path is invalid and is ignored',
    );
  });

  it('CLAIMWIRE_HOME holds the local catalog unless CLAIMWIRE_CATALOG says otherwise; only a default sources file is seeded', () => {
    const s = loadSettings({ CLAIMWIRE_HOME: '/srv/cw', CLAIMWIRE_SOURCES: '/etc/cw/sources.json' });
    assert.equal(s.CLAIMWIRE_HOME, '/srv/cw');
    assert.equal(s.catalogPath, '/srv/cw/catalog/actors.json');
    assert.equal(s.sourcesExample, EXAMPLE_SOURCES, 'a missing file of the user is seeded from the example');
    assert.equal(loadSettings({}).sourcesExample, null, 'from a clone the example is the file itself');
  });

  it('names every invalid setting in one error', () => {
    assert.throws(
      () => loadSettings({ CLAIMWIRE_FETCH_TIMEOUT_MS: 'soon', CLAIMWIRE_JOB_LOCK_MS: '5' }),
      (e: unknown) =>
        e instanceof SettingsError &&
        /CLAIMWIRE_FETCH_TIMEOUT_MS/.test(e.message) &&
        /CLAIMWIRE_JOB_LOCK_MS/.test(e.message),
    );
  });

  it('a configured Redis that does not answer is reported, not replaced by a fresh empty one', async () => {
    // Port 1 on loopback: nothing listens there, and the connection is refused at once.
    await assert.rejects(
      ensureRedis({
        redisUrl: 'redis://127.0.0.1:1',
        localDir: '/nonexistent',
        log: () => {},
        startLocal: false,
        redisServerCommand: '/bin/false',
        pingTimeoutMs: 500,
      }),
      /does not answer.*REDIS_URL is unset/,
    );
  });
});
