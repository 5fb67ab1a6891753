/**
 * The two Redis profiles BullMQ needs. Workers wait out outages (`maxRetriesPerRequest: null`, reconnect forever);
 * producers (CLI, API) fail fast with a message that says what to do, instead of queueing commands in memory.
 */

import { Redis } from 'ioredis';
import { type ErrorContext, TransientError } from '../errors.ts';
import { warnThrottled } from '../log.ts';

/**
 * A service claimwire needs (Redis, or Elasticsearch before its client exists) is down or unreachable. The API answers
 * 503 naming `service`; anything else unexpected is a 500. Branch on the type, never on a message.
 */
export class ServiceUnavailableError extends TransientError {
  constructor(
    readonly service: 'redis' | 'elasticsearch',
    message: string,
    context: ErrorContext = {},
    options?: { cause?: unknown },
  ) {
    super(message, { ...context, service }, options);
  }
}

import { redactUrl } from '../redact-url.ts';

export function workerConnection(url: string): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (times) => Math.min(times * 200, 5_000),
  });
}

export function producerConnection(url: string): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    lazyConnect: true,
    connectTimeout: 3_000,
    retryStrategy: (times) => (times > 3 ? null : 200),
  });
}

/** Connects a producer connection or throws a TransientError naming the URL. */
export async function connectProducer(url: string): Promise<Redis> {
  const redis = producerConnection(url);
  // Reported through the rejected connect() below or the failing command; logged, never crashing the process.
  redis.on('error', (error: Error) => warnThrottled('redis-producer', error, 'Redis connection error (producer)'));
  try {
    await redis.connect();
    await redis.ping();
    return redis;
  } catch (error) {
    redis.disconnect();
    throw new ServiceUnavailableError(
      'redis',
      `Redis is not reachable at ${redactUrl(url)}: start it (claimwire services up) or set REDIS_URL`,
      { url: redactUrl(url) },
      { cause: error },
    );
  }
}
