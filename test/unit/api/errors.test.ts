/**
 * The API's error boundary decides 503 against 500 by the error's type (issue 11, "Also"): the Elasticsearch client's
 * connection errors and claimwire's ServiceUnavailableError are 503s naming the service; a bug whose message merely
 * mentions a connection is a 500. No Redis or Elasticsearch: the outside systems are functions that throw.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errors } from '@elastic/elasticsearch';
import { type ApiDeps, createApp } from '../../../src/api/app.ts';
import { defaultCatalog } from '../../../src/extract/index.ts';
import { ServiceUnavailableError } from '../../../src/queue/connection.ts';
import { indexNames } from '../../../src/store/indices.ts';

const KEY = 'unit-key-0123456789abcdef';

function appThrowing(es: () => unknown, redis: () => unknown = es): ReturnType<typeof createApp> {
  const deps: ApiDeps = {
    catalog: defaultCatalog(),
    names: indexNames('unit'),
    elasticsearch: async () => {
      throw es();
    },
    producer: async () => {
      throw redis();
    },
    apiKeys: [KEY],
    log: () => {},
  };
  return createApp(deps);
}

async function problem(app: ReturnType<typeof createApp>, path: string, init?: RequestInit) {
  const res = await app.request(path, init);
  return { status: res.status, body: (await res.json()) as { service?: string; detail: string } };
}

describe('API errors: 503 or 500 by type', () => {
  it('503/500: a plain error that only mentions a connection is a 500, not an outage', async () => {
    for (const message of ['Connection is closed', "Stream isn't writeable", 'redis MaxRetriesPerRequest']) {
      const r = await problem(
        appThrowing(() => new Error(message)),
        '/v1/claims?entity=APT10',
      );
      assert.equal(r.status, 500, message);
      assert.doesNotMatch(r.body.detail, /Connection|Stream|redis/i, 'no internals in the answer');
    }
  });

  it("503/500: the Elasticsearch client's connection errors are 503 elasticsearch", async () => {
    for (const make of [
      () => new errors.ConnectionError('connect ECONNREFUSED'),
      () => new errors.TimeoutError('Request timed out'),
      () => new errors.NoLivingConnectionsError('no living connections', {} as never),
    ]) {
      const r = await problem(appThrowing(make), '/v1/claims?entity=APT10');
      assert.equal(r.status, 503);
      assert.equal(r.body.service, 'elasticsearch');
    }
  });

  it('503/500: ServiceUnavailableError names its service; a refused request from Elasticsearch is a 500', async () => {
    const redisDown = appThrowing(
      () => new Error('unused'),
      () => new ServiceUnavailableError('redis', 'Redis is not reachable'),
    );
    const r = await problem(redisDown, '/v1/jobs/some-batch');
    assert.equal(r.status, 503);
    assert.equal(r.body.service, 'redis');
    const rejected = () =>
      new errors.ResponseError({
        body: { error: 'bad' },
        statusCode: 400,
        headers: {},
        warnings: null,
        meta: {} as never,
      });
    assert.equal((await problem(appThrowing(rejected), '/v1/claims?entity=APT10')).status, 500);
  });
});
