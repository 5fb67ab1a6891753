// @ts-check
/**
 * The API as the UI calls it: one typed function per endpoint, so every view reads responses through the server's
 * schema types (types.js) and a renamed field fails the type check.
 *
 * @typedef {import('./types.js').ClaimsResponse} ClaimsResponse
 * @typedef {import('./types.js').AmbiguousResponse} AmbiguousResponse
 * @typedef {import('./types.js').ActorsResponse} ActorsResponse
 * @typedef {import('./types.js').ActorProfile} ActorProfile
 * @typedef {import('./types.js').ArticleResponse} ArticleResponse
 * @typedef {import('./types.js').AssertionsResponse} AssertionsResponse
 * @typedef {import('./types.js').AssertionResponse} AssertionResponse
 * @typedef {import('./types.js').TriageResponse} TriageResponse
 */

export class ApiError extends Error {
  /** @param {number} status @param {string} message @param {string | null} [retryAfter] */
  constructor(status, message, retryAfter = null) {
    super(message);
    this.status = status;
    this.retryAfter = retryAfter;
  }
}

/**
 * GET a JSON resource. A 300 with `ambiguous` is an answer (the name could mean several entities), not an error.
 * @param {string} path
 * @param {URLSearchParams | null} params
 * @param {AbortSignal} [signal]
 * @returns {Promise<{ status: number, body: any }>}
 */
async function apiGet(path, params, signal) {
  const query = params?.toString();
  let res;
  try {
    res = await fetch(query ? `${path}?${query}` : path, {
      headers: { accept: 'application/json' },
      signal: signal ?? null,
    });
  } catch (error) {
    if (/** @type {Error} */ (error)?.name === 'AbortError') throw error;
    throw new ApiError(0, 'The claimwire server cannot be reached. Check that it is running, then try again.');
  }
  /** @type {any} */
  let body = null;
  if (/json/.test(res.headers.get('content-type') ?? '')) {
    try {
      body = await res.json();
    } catch {
      body = null;
    }
  }
  if (res.ok || (res.status === 300 && body?.ambiguous)) return { status: res.status, body };
  const retryAfter = res.headers.get('retry-after');
  let message = body?.detail || body?.title || `The server answered ${res.status}.`;
  if (res.status === 503) {
    const detail = body?.detail ?? 'A service claimwire needs is down';
    message = `${detail.charAt(0).toUpperCase()}${detail.slice(1)}.${retryAfter ? ` Retry in ${retryAfter} s.` : ''}`;
  } else if (res.status >= 500) {
    message = 'Something went wrong on the server. The error has been logged.';
  }
  throw new ApiError(res.status, message, retryAfter);
}

/**
 * @template T
 * @typedef {{ ambiguous: false, body: T } | { ambiguous: true, body: AmbiguousResponse }} MaybeAmbiguous
 */

/**
 * @template T
 * @param {string} path @param {URLSearchParams} params @param {AbortSignal} [signal]
 * @returns {Promise<MaybeAmbiguous<T>>}
 */
async function search(path, params, signal) {
  const { status, body } = await apiGet(path, params, signal);
  return status === 300 ? { ambiguous: true, body } : { ambiguous: false, body };
}

/** @param {URLSearchParams} params @param {AbortSignal} [signal] @returns {Promise<MaybeAmbiguous<ClaimsResponse>>} */
export const getClaims = (params, signal) => search('/v1/claims', params, signal);

/** @param {URLSearchParams} params @param {AbortSignal} [signal] @returns {Promise<MaybeAmbiguous<AssertionsResponse>>} */
export const getAssertions = (params, signal) => search('/v1/assertions', params, signal);

/** @param {string} id @param {AbortSignal} [signal] @returns {Promise<AssertionResponse>} */
export const getAssertion = async (id, signal) =>
  (await apiGet(`/v1/assertions/${encodeURIComponent(id)}`, null, signal)).body;

/** @param {'24h' | '7d'} window @param {AbortSignal} [signal] @returns {Promise<TriageResponse>} */
export const getTriage = async (window, signal) =>
  (await apiGet('/v1/triage', new URLSearchParams({ window }), signal)).body;

/** @param {string} prefix @param {number} limit @param {AbortSignal} [signal] @returns {Promise<ActorsResponse>} */
export const getSuggestions = async (prefix, limit, signal) =>
  (await apiGet('/v1/actors', new URLSearchParams({ prefix, limit: String(limit) }), signal)).body;

/** @param {string} id @param {AbortSignal} [signal] @returns {Promise<ActorProfile>} */
export const getActor = async (id, signal) => (await apiGet(`/v1/actors/${encodeURIComponent(id)}`, null, signal)).body;

/** @param {string} id @param {AbortSignal} [signal] @returns {Promise<ArticleResponse>} */
export const getArticle = async (id, signal) =>
  (await apiGet(`/v1/articles/${encodeURIComponent(id)}`, null, signal)).body;
