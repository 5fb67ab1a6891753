/**
 * The soak's outside world on 127.0.0.1: a news site that misbehaves on purpose (500s, answers that never come, bodies
 * cut short, windows where everything fails) and keeps the ledger of what it served in full, and a webhook receiver
 * that verifies signatures and records every alert it accepted.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '../../src/alerts/signature.ts';
import { corpusFeed, corpusPage } from './corpus.ts';

export type PageFault = 'http-500' | 'hang' | 'truncated' | 'window-500';

export interface NewsSite {
  url: (path: string) => string;
  /** Feeds by path, written by the producer before it queues them. */
  feeds: Map<string, string[]>;
  /** Paths answered 200 with the whole body at least once (the soak's ground truth). */
  servedOk: Map<string, number>;
  /** Feeds answered 200 in full at least once. */
  feedsServed: Set<string>;
  notModified: number;
  faults: Record<PageFault, number>;
  requests: number;
  /** Probability per request of each random fault; set to 0 to stop them. */
  faultRates: { 'http-500': number; hang: number; truncated: number };
  /** Everything answers 500 until this time (ms since epoch). */
  failAllUntil: number;
  close: () => Promise<void>;
}

/** The body served at a path: `/a/N` and its syndicated copy `/s/N` carry article N; `/gone/…` is 404. */
export function pageBody(path: string): string | null {
  const m = /^\/(a|s)\/(\d+)$/.exec(path);
  return m ? corpusPage(Number(m[2])) : null;
}

export async function startNewsSite(random: () => number): Promise<NewsSite> {
  const site: NewsSite = {
    url: () => '',
    feeds: new Map(),
    servedOk: new Map(),
    feedsServed: new Set(),
    notModified: 0,
    faults: { 'http-500': 0, hang: 0, truncated: 0, 'window-500': 0 },
    requests: 0,
    faultRates: { 'http-500': 0.08, hang: 0.03, truncated: 0.03 },
    failAllUntil: 0,
    close: async () => {},
  };
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/robots.txt') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no robots here');
      return;
    }
    site.requests++;
    const feed = site.feeds.get(path);
    const body = feed ? corpusFeed(feed) : pageBody(path);
    if (body === null) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('gone');
      return;
    }
    const fault = pickFault(site, random);
    if (fault) {
      site.faults[fault]++;
      return misbehave(fault, res, body);
    }
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag) {
      site.notModified++;
      res.writeHead(304, { etag }).end();
      return;
    }
    const type = feed ? 'application/rss+xml; charset=utf-8' : 'text/html; charset=utf-8';
    res.on('finish', () => {
      if (feed) site.feedsServed.add(path);
      else site.servedOk.set(path, (site.servedOk.get(path) ?? 0) + 1);
    });
    // A real site takes its time, which keeps fetches in flight when a worker is killed.
    setTimeout(
      () => res.writeHead(200, { 'content-type': type, etag, 'content-length': Buffer.byteLength(body) }).end(body),
      100 + random() * 500,
    );
  });
  server.keepAliveTimeout = 2000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  site.url = (path) => `http://127.0.0.1:${port}${path}`;
  site.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return site;
}

function pickFault(site: NewsSite, random: () => number): PageFault | null {
  if (Date.now() < site.failAllUntil) return 'window-500';
  const r = random();
  const { 'http-500': p500, hang, truncated } = site.faultRates;
  if (r < p500) return 'http-500';
  if (r < p500 + hang) return 'hang';
  if (r < p500 + hang + truncated) return 'truncated';
  return null;
}

function misbehave(fault: PageFault, res: http.ServerResponse, body: string): void {
  switch (fault) {
    case 'http-500':
    case 'window-500':
      res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
      return;
    case 'hang':
      // Headers never come; the fetcher's timeout must give up. The socket is dropped long after.
      setTimeout(() => res.socket?.destroy(), 20_000).unref();
      return;
    case 'truncated': {
      const bytes = Buffer.from(body);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': bytes.length });
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
      setTimeout(() => res.socket?.destroy(), 50).unref();
      return;
    }
  }
}

export interface Delivery {
  watch: string;
  alertId: string;
  articleId: string;
  deliveryId: string;
}

export interface Receiver {
  url: (watch: string) => string;
  /** Alerts accepted (answered 2xx with a valid signature). */
  accepted: Delivery[];
  refused: number;
  badSignatures: number;
  failRate: number;
  close: () => Promise<void>;
}

/** Webhook receiver: `/hook/<watch>`; checks the signature with that watch's secret; refuses a share with 503. */
export async function startReceiver(secrets: Map<string, string>, random: () => number): Promise<Receiver> {
  const rec: Receiver = {
    url: () => '',
    accepted: [],
    refused: 0,
    badSignatures: 0,
    failRate: 0.05,
    close: async () => {},
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const watch = decodeURIComponent((req.url ?? '').replace(/^\/hook\//, ''));
      const body = Buffer.concat(chunks).toString('utf8');
      const secret = secrets.get(watch);
      const verified =
        secret !== undefined &&
        verifySignature({
          body,
          timestamp: header(req, 'x-claimwire-timestamp'),
          signature: header(req, 'x-claimwire-signature'),
          secret,
        }).ok;
      if (!verified) {
        rec.badSignatures++;
        res.writeHead(401).end();
        return;
      }
      if (random() < rec.failRate) {
        rec.refused++;
        res.writeHead(503).end();
        return;
      }
      const payload = JSON.parse(body) as { id: string; type: string; article?: { id: string } };
      if (payload.type === 'claimwire.alert')
        rec.accepted.push({
          watch,
          alertId: payload.id,
          articleId: payload.article?.id ?? '',
          deliveryId: header(req, 'x-claimwire-delivery') ?? '',
        });
      // Recorded before the answer goes out, as a receiver that does work would: a sender killed in between re-sends.
      setTimeout(() => res.writeHead(204).end(), 50 + random() * 200);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  rec.url = (watch) => `http://127.0.0.1:${port}/hook/${encodeURIComponent(watch)}`;
  rec.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return rec;
}

const header = (req: http.IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};
