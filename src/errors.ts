/**
 * The error taxonomy. Every error claimwire raises on purpose is one of these, so callers branch with `instanceof`
 * (never on message text), and the worker boundary can turn `NonRetryableError` into BullMQ's `UnrecoverableError`
 * in exactly one place.
 */

export interface ErrorContext {
  readonly [key: string]: string | number | boolean | null | undefined;
}

/** Base class: a message that says what to do next, readonly context, and an optional cause. */
export class ClaimwireError extends Error {
  readonly context: ErrorContext;

  constructor(message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.context = Object.freeze({ ...context });
  }
}

/** Retrying cannot help: bad input, 404/410, an unparseable page, a refused target. */
export class NonRetryableError extends ClaimwireError {}

/** The input itself is wrong (empty, binary, too large, malformed JSON). Names the input in `context.input`. */
export class InputError extends NonRetryableError {}

/** A transient failure (timeout, 5xx, a service that is down): retry with backoff. */
export class TransientError extends ClaimwireError {}
