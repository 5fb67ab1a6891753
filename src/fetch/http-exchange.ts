/**
 * One HTTP request/response over `node:http`/`node:https`, connected only to the addresses the SSRF guard checked
 * (via {@link createPinnedLookup}), under a total deadline, a headers deadline and an idle timer, reading at most
 * `maxBytes` of *decoded* body. Redirects, robots and politeness are the fetcher's job; this is the wire.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { Transform, type TransformCallback, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  createBrotliDecompress,
  createGunzip,
  createInflate,
  createInflateRaw,
  type ZlibOptions,
  constants as zc,
} from 'node:zlib';
import { networkError, permanent, transient } from './fetch-error.ts';
import { type CheckedTarget, createPinnedLookup } from './ssrf-guard.ts';

type AbortKind = 'timeout' | 'headers-timeout' | 'idle-timeout' | 'aborted';

/** Why this exchange's controller was aborted; put in `signal.reason` so errors can be mapped back. */
class AbortTag {
  constructor(readonly kind: AbortKind) {}
}

/** What one exchange needs. Durations are in ms. */
export interface ExchangeOptions {
  readonly target: CheckedTarget;
  readonly headers: Readonly<Record<string, string>>;
  /** What is left of the fetch's total time budget. */
  readonly deadlineMs: number;
  /** The configured total budget, for messages. */
  readonly timeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly idleTimeoutMs: number;
  /** The caller's signal (e.g. worker shutdown). */
  readonly signal?: AbortSignal | undefined;
}

/** Response status and headers; read or discard the body with the exchange's methods. */
export interface ExchangeResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
}

/**
 * A single request. Usage: `await ex.send()`, then `await ex.readBody(max)` or `ex.discard()`, and always
 * `ex.close()` in `finally` (it clears the timers and destroys the socket if still open).
 */
export class Exchange {
  readonly #options: ExchangeOptions;
  readonly #controller = new AbortController();
  readonly #url: string;
  #timers: ReturnType<typeof setTimeout>[] = [];
  #idle: ReturnType<typeof setTimeout> | undefined;
  #headersTimer: ReturnType<typeof setTimeout> | undefined;
  #res: IncomingMessage | undefined;
  #onCallerAbort: (() => void) | undefined;

  constructor(options: ExchangeOptions) {
    this.#options = options;
    this.#url = options.target.url.href;
  }

  /** Sends the request and resolves when the response headers have arrived. */
  async send(): Promise<ExchangeResponse> {
    const { target, headers, signal } = this.#options;
    if (signal?.aborted) throw this.#abortError('aborted');
    if (signal) {
      this.#onCallerAbort = () => this.#abort('aborted');
      signal.addEventListener('abort', this.#onCallerAbort, { once: true });
    }
    this.#timers.push(setTimeout(() => this.#abort('timeout'), Math.max(0, this.#options.deadlineMs)));
    this.#headersTimer = setTimeout(() => this.#abort('headers-timeout'), this.#options.headersTimeoutMs);

    const url = target.url;
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    try {
      const res = await new Promise<IncomingMessage>((resolve, reject) => {
        const req = request({
          protocol: url.protocol,
          host: target.hostname,
          port: url.port === '' ? undefined : Number(url.port),
          path: `${url.pathname}${url.search}`,
          method: 'GET',
          headers: { ...headers, Host: url.host },
          // A fresh agent per request: no pooled socket connected to an address checked for another request.
          agent: false,
          lookup: createPinnedLookup(target),
          // SNI and certificate checks use the hostname, never the pinned IP.
          ...(isIP(target.hostname) === 0 ? { servername: target.hostname } : {}),
          signal: this.#controller.signal,
        });
        req.once('response', resolve);
        req.once('error', reject);
        req.end();
      });
      this.#res = res;
      clearTimeout(this.#headersTimer);
      return { status: res.statusCode ?? 0, headers: res.headers };
    } catch (err) {
      throw this.#mapError(err);
    }
  }

  /**
   * Reads the body, decoding Content-Encoding (gzip, deflate, br), and fails with `too-large` as soon as more than
   * `maxBytes` decoded bytes (or wire bytes) have arrived. Memory use stays near `maxBytes` even for a gzip bomb,
   * because counting happens chunk by chunk as the decoder produces output. With `truncate`, keeps the first
   * `maxBytes` and stops reading instead of failing (robots.txt: RFC 9309 parses the first 500 KiB).
   */
  async readBody(maxBytes: number, truncate = false): Promise<Buffer> {
    const res = this.#requireResponse();
    const url = this.#url;
    const declared = Number(res.headers['content-length']);
    if (!truncate && Number.isFinite(declared) && declared > maxBytes) {
      throw tooLarge(url, maxBytes, `Content-Length says ${declared} bytes`);
    }
    const decoders = await this.#decoders(res);
    let decoderError: unknown;
    for (const d of decoders) {
      d.once('error', (e: NodeJS.ErrnoException) => {
        // Only zlib/brotli's own failures; a socket error forwarded through the pipeline is not a decoding error.
        if (/^(Z_|ERR__|ERR_BROTLI)/.test(e.code ?? '')) decoderError ??= e;
      });
    }
    const chunks: Buffer[] = [];
    let total = 0;
    try {
      const sink = new Writable({
        write(chunk: Buffer, _enc: BufferEncoding, cb: (error?: Error | null) => void) {
          if (total + chunk.length > maxBytes) {
            if (!truncate) {
              cb(tooLarge(url, maxBytes, 'the decoded body passed the limit'));
              return;
            }
            chunks.push(chunk.subarray(0, maxBytes - total));
            total = maxBytes;
            cb(TRUNCATED);
            return;
          }
          total += chunk.length;
          chunks.push(chunk);
          cb();
        },
      });
      const meter = this.#meter(truncate ? Number.POSITIVE_INFINITY : maxBytes);
      await pipeline([res, meter, ...decoders, sink], { signal: this.#controller.signal });
    } catch (err) {
      if (err === TRUNCATED) return Buffer.concat(chunks, total);
      if (err instanceof Error && 'context' in err) throw err;
      if (decoderError !== undefined) {
        throw permanent(
          `The body of ${url} could not be decoded (${(decoderError as Error).message}); the server sent corrupt ` +
            'compressed data, retrying is unlikely to help.',
          url,
          'content-decoding-failed',
          {},
          decoderError,
        );
      }
      throw this.#mapError(err);
    }
    return Buffer.concat(chunks, total);
  }

  /** Throws away the response body without reading it (redirects, errors, 304). */
  discard(): void {
    this.#res?.destroy();
  }

  /** Clears timers and listeners and destroys the socket if it is still open. Idempotent. */
  close(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers = [];
    clearTimeout(this.#headersTimer);
    clearTimeout(this.#idle);
    if (this.#onCallerAbort) this.#options.signal?.removeEventListener('abort', this.#onCallerAbort);
    this.#res?.destroy();
  }

  #requireResponse(): IncomingMessage {
    if (!this.#res) throw new Error('Exchange.readBody called before send()');
    return this.#res;
  }

  #abort(kind: AbortKind): void {
    if (!this.#controller.signal.aborted) this.#controller.abort(new AbortTag(kind));
  }

  /** Counts wire bytes and re-arms the idle timer on every chunk. */
  #meter(maxBytes: number): Transform {
    const url = this.#url;
    let wire = 0;
    const arm = () => {
      clearTimeout(this.#idle);
      this.#idle = setTimeout(() => this.#abort('idle-timeout'), this.#options.idleTimeoutMs);
    };
    arm();
    return new Transform({
      transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
        arm();
        wire += chunk.length;
        if (wire > maxBytes) cb(tooLarge(url, maxBytes, 'the body on the wire passed the limit'));
        else cb(null, chunk);
      },
    });
  }

  async #decoders(res: IncomingMessage): Promise<Transform[]> {
    const header = res.headers['content-encoding'] ?? '';
    const codings = header
      .split(',')
      .map((c) => c.trim().toLowerCase())
      .filter((c) => c !== '' && c !== 'identity');
    // Lenient like browsers: a stream cut short after a whole HTTP body still yields what was decoded.
    const zopts: ZlibOptions = { finishFlush: zc.Z_SYNC_FLUSH };
    const out: Transform[] = [];
    // Codings are listed in the order they were applied, so undo them last-first.
    for (const [i, coding] of [...codings].reverse().entries()) {
      if (coding === 'gzip' || coding === 'x-gzip') out.push(createGunzip(zopts));
      else if (coding === 'br') out.push(createBrotliDecompress({ finishFlush: zc.BROTLI_OPERATION_FLUSH }));
      else if (coding === 'deflate') {
        // "deflate" should be zlib-wrapped, but some servers send raw deflate; tell them apart by the zlib header.
        // Only the outermost coding can be sniffed on the wire; an inner one is assumed to be zlib-wrapped.
        const raw = i === 0 && !(await startsWithZlibHeader(res));
        out.push(raw ? createInflateRaw(zopts) : createInflate(zopts));
      } else {
        throw permanent(
          `${this.#url} sent Content-Encoding "${header}", which claimwire cannot decode (only gzip, deflate, br).`,
          this.#url,
          'unsupported-content-encoding',
          { encoding: coding },
        );
      }
    }
    return out;
  }

  #abortError(kind: AbortKind): Error {
    const url = this.#url;
    switch (kind) {
      case 'timeout':
        return transient(
          `Fetching ${url} did not finish within ${this.#options.timeoutMs} ms (a slow or trickling server); retry later.`,
          url,
          'timeout',
          { timeoutMs: this.#options.timeoutMs },
        );
      case 'headers-timeout':
        return transient(
          `${url} sent no response headers within ${this.#options.headersTimeoutMs} ms; retry later.`,
          url,
          'headers-timeout',
          { timeoutMs: this.#options.headersTimeoutMs },
        );
      case 'idle-timeout':
        return transient(
          `${url} stopped sending data for ${this.#options.idleTimeoutMs} ms mid-response; retry later.`,
          url,
          'idle-timeout',
          { timeoutMs: this.#options.idleTimeoutMs },
        );
      case 'aborted':
        return transient(`Fetching ${url} was aborted by the caller (shutdown?); retry later.`, url, 'aborted');
    }
  }

  #mapError(err: unknown): Error {
    const reason: unknown = this.#controller.signal.reason;
    if (this.#controller.signal.aborted && reason instanceof AbortTag) return this.#abortError(reason.kind);
    return networkError(this.#url, err);
  }
}

/** Thrown inside the body pipeline to stop reading once a truncated body is complete. */
const TRUNCATED = new Error('body truncated at the limit');

function tooLarge(url: string, maxBytes: number, detail: string): Error {
  return permanent(
    `${url} is larger than the ${maxBytes}-byte limit (${detail}); it is not an article page, or raise maxBytes.`,
    url,
    'too-large',
    { maxBytes },
  );
}

/** Peeks at the first two body bytes without consuming them (they are unshifted back). */
async function startsWithZlibHeader(res: IncomingMessage): Promise<boolean> {
  const head = await new Promise<Buffer | null>((resolve) => {
    const onReadable = () => {
      const chunk = res.read() as Buffer | null;
      // Put it back synchronously: a deferred unshift would land after 'end' when the whole body came at once.
      if (chunk) res.unshift(chunk);
      cleanup();
      resolve(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(null);
    };
    const cleanup = () => {
      res.off('readable', onReadable);
      res.off('end', onEnd);
      res.off('error', onEnd);
      res.off('close', onEnd);
    };
    res.on('readable', onReadable);
    res.once('end', onEnd);
    res.once('error', onEnd);
    res.once('close', onEnd);
  });
  if (!head || head.length === 0) return true;
  const b0 = head[0] ?? 0;
  const b1 = head[1] ?? 0;
  return (b0 & 0x0f) === 8 && ((b0 << 8) | b1) % 31 === 0;
}
