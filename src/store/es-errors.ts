/**
 * What an Elasticsearch client error means, decided by its type and status (never its message): the API answers 503
 * for the first kind and workers retry it; the second kind fails a job at once, since the same request gets the same
 * refusal.
 */
import { errors } from '@elastic/elasticsearch';

const BUSY_STATUSES = new Set([429, 502, 503, 504]);
/** Client errors that can still change: a missing index during a migration, a version conflict, a timeout. */
const RETRYABLE_CLIENT_STATUSES = new Set([404, 408, 409, 429]);

/** Elasticsearch is down, unreachable, too slow or overloaded. */
export function isElasticsearchUnavailable(error: unknown): boolean {
  if (
    error instanceof errors.ConnectionError ||
    error instanceof errors.TimeoutError ||
    error instanceof errors.NoLivingConnectionsError
  )
    return true;
  return error instanceof errors.ResponseError && BUSY_STATUSES.has(error.statusCode ?? 0);
}

/** Elasticsearch refused the request itself (a mapping error, an immense term, a malformed query). */
export function isElasticsearchRejection(error: unknown): boolean {
  if (!(error instanceof errors.ResponseError)) return false;
  const status = error.statusCode ?? 0;
  return status >= 400 && status < 500 && !RETRYABLE_CLIENT_STATUSES.has(status);
}
