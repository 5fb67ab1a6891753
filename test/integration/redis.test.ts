/**
 * Redis answers (started locally by `ensureRedis` when REDIS_URL is on 127.0.0.1 and nothing listens) and does a
 * set/get/del round trip with a unique key. A Redis this test started is stopped again.
 *
 *   node --import tsx --test test/integration/redis.test.ts
 */

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { loadSettings } from '../../config/settings.ts';
import { Batches } from '../../src/queue/batches.ts';
import { ensureRedis, stopLocalRedis } from '../../src/services/index.ts';

const localDir = fileURLToPath(new URL('../../.local', import.meta.url));
const redisUrl = loadSettings().REDIS_URL;

describe('redis (integration)', { timeout: 60_000 }, () => {
  let redis: Redis;
  let started = false;

  before(async () => {
    const up = await ensureRedis({ redisUrl, localDir, log: (line) => process.stderr.write(`# ${line}\n`) });
    started = up.started;
    redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 5_000 });
    await redis.connect();
  });

  after(async () => {
    await redis?.quit();
    if (started) await stopLocalRedis({ localDir, log: () => {} });
  });

  test('PING answers PONG', async () => {
    assert.equal(await redis.ping(), 'PONG');
  });

  test('L6: after Redis loses a batch (a restart without persistence), finishing its items counts nothing', async () => {
    const prefix = `cwt-l6-${randomUUID()}`;
    const batches = new Batches(redis, prefix);
    try {
      for (const url of ['a', 'b']) assert.equal(await batches.add('b1', url), true);
      assert.equal(await batches.finish('b1', 'a', 'indexed', { claims: 3 }), true);
      const lost = await redis.keys(`${prefix}:batch:b1*`);
      await redis.del(...lost); // what a restart without persistence leaves: nothing of the batch
      for (const url of ['a', 'b', 'c', 'd']) assert.equal(await batches.finish('b1', url, 'indexed'), false);
      const p = await batches.get('b1');
      assert.equal(p.pending, 0, 'never negative');
      assert.equal(p.indexed, 0);
      // A batch that is counted again after the loss works as before.
      assert.equal(await batches.add('b1', 'e'), true);
      assert.equal(await batches.finish('b1', 'e', 'failed', { reason: 'x' }), true);
      assert.deepEqual([(await batches.get('b1')).pending, (await batches.get('b1')).failed], [0, 1]);
    } finally {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
    }
  });

  test('set / get / del with a unique key', async () => {
    const key = `claimwire:test:${randomUUID()}`;
    const value = `value-${randomUUID()}`;
    assert.equal(await redis.set(key, value, 'EX', 60), 'OK');
    assert.equal(await redis.get(key), value);
    assert.equal(await redis.del(key), 1);
    assert.equal(await redis.get(key), null);
  });
});
