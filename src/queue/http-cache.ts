/** Validators from the last successful fetch of each URL, for conditional GETs (ETag / Last-Modified). */
import type { Redis } from 'ioredis';

export interface Validators {
  etag?: string;
  lastModified?: string;
}

export class HttpCache {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(normalizedUrl: string): string {
    return `${this.prefix}:http:${normalizedUrl}`;
  }

  async get(normalizedUrl: string): Promise<Validators | null> {
    const h = await this.redis.hgetall(this.key(normalizedUrl));
    if (!h.etag && !h.lastModified) return null;
    return { ...(h.etag ? { etag: h.etag } : {}), ...(h.lastModified ? { lastModified: h.lastModified } : {}) };
  }

  /** Saved only once the page is indexed, so a page that failed later is fetched in full next time. */
  async set(normalizedUrl: string, v: Validators): Promise<void> {
    const fields: Record<string, string> = {};
    if (v.etag) fields.etag = v.etag;
    if (v.lastModified) fields.lastModified = v.lastModified;
    if (Object.keys(fields).length === 0) return;
    await this.redis.hset(this.key(normalizedUrl), fields);
    await this.redis.expire(this.key(normalizedUrl), 90 * 24 * 3600);
  }
}
