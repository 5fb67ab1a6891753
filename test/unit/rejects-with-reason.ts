/** An assertion shared by the unit tests of code that fails with claimwire's errors (fetcher, webhook delivery). */
import assert from 'node:assert/strict';
import type { ClaimwireError, NonRetryableError, TransientError } from '../../src/errors.ts';

/** Asserts the promise rejects with `cls`, `context.reason === reason` and a `context.url`; returns the error. */
export async function rejectsWithReason(
  promise: Promise<unknown>,
  cls: typeof NonRetryableError | typeof TransientError,
  reason: string,
): Promise<ClaimwireError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof cls, `expected ${cls.name}, got ${String(err)}`);
    assert.equal(err.context.reason, reason, err.message);
    assert.equal(typeof err.context.url, 'string');
    return err;
  }
  return assert.fail(`expected a ${cls.name} with reason ${reason}`);
}
