/**
 * The API's error taxonomy as RFC 9457 problems. Routes throw; one boundary in `app.ts` turns whatever was thrown into
 * `application/problem+json`, hiding the details of unexpected errors.
 */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'Problem';
  }
}

export const badRequest = (detail: string, errors?: { parameter: string; message: string }[]): Problem =>
  new Problem(400, 'Bad request', detail, errors ? { errors } : {});
export const notFound = (detail: string): Problem => new Problem(404, 'Not found', detail);
export const unauthorized = (detail: string): Problem =>
  new Problem(401, 'Unauthorized', detail, {}, { 'www-authenticate': 'Bearer realm="claimwire"' });
export const forbidden = (detail: string): Problem => new Problem(403, 'Forbidden', detail);
export const unavailable = (service: string, detail: string): Problem =>
  new Problem(503, 'Service unavailable', detail, { service }, { 'retry-after': '5' });
export const tooManyRequests = (detail: string, retryAfterSeconds: number): Problem =>
  new Problem(429, 'Too many requests', detail, {}, { 'retry-after': String(retryAfterSeconds) });
