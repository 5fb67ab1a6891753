/**
 * Who may read what (issue 11, L5 and L8), in process with no services: the outside systems throw if touched.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ApiDeps, createApp } from '../../../src/api/app.ts';
import { allowedHostsFor } from '../../../src/api/server.ts';
import { defaultCatalog } from '../../../src/extract/index.ts';
import { indexNames } from '../../../src/store/indices.ts';

const KEY = 'unit-key-0123456789abcdef';
const deps: ApiDeps = {
  catalog: defaultCatalog(),
  names: indexNames('unit'),
  elasticsearch: async () => assert.fail('Elasticsearch must not be reached'),
  producer: async () => assert.fail('Redis must not be reached'),
  apiKeys: [KEY],
  log: () => {},
};

describe('L5: the API answers only to its own host names', () => {
  const app = createApp({ ...deps, allowedHosts: allowedHostsFor('127.0.0.1', []) ?? [] });

  it('L5: a rebound DNS name (Host: attacker.example) is refused with 421, before any route runs', async () => {
    for (const host of ['attacker.example', 'attacker.example:8080', '127.0.0.1.attacker.example']) {
      const res = await app.request('http://x/v1/actors?prefix=apt', { headers: { host } });
      assert.equal(res.status, 421, host);
      assert.match(((await res.json()) as { detail: string }).detail, /CLAIMWIRE_API_HOSTS/);
    }
  });

  it('L5: the bound address and the loopback names, with any port, are answered', async () => {
    for (const host of ['127.0.0.1:8080', 'localhost:8080', 'LOCALHOST', '[::1]:8080']) {
      const res = await app.request('http://x/v1/actors?prefix=apt', { headers: { host } });
      assert.equal(res.status, 200, host);
    }
  });

  it('L5: configured names join the bound address; a wildcard address with no names checks nothing', () => {
    assert.deepEqual(allowedHostsFor('10.1.2.3', ['claimwire.corp'])?.sort(), ['10.1.2.3', 'claimwire.corp']);
    assert.deepEqual(allowedHostsFor('0.0.0.0', ['claimwire.corp']), ['claimwire.corp']);
    assert.equal(allowedHostsFor('0.0.0.0', []), null);
  });
});

describe('L8: alerts need the key, as watchlists do', () => {
  const app = createApp(deps);

  it('L8: GET /v1/alerts without a key is 401 and reads nothing', async () => {
    for (const path of ['/v1/alerts', '/v1/alerts?status=failed', '/v1/watchlists']) {
      const res = await app.request(path);
      assert.equal(res.status, 401, path);
    }
  });
});
