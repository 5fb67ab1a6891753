/**
 * A webhook receiver for the alert tests: records every delivery with its path, query, raw body and whether its
 * signature verified with the secret for that path, answers what the test says, and can be stopped and started again
 * on the same port (a receiver that is down, then back).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '../../src/alerts/signature.ts';

export interface Delivery {
  path: string;
  query: string;
  body: string;
  /** The payload's `id`. */
  id: string;
  verified: boolean;
}

export class WebhookReceiver {
  readonly received: Delivery[] = [];
  port = 0;
  private server: http.Server | null = null;

  constructor(
    private readonly options: {
      /** The secret a delivery to this path is signed with. */
      secretFor: (path: string) => string;
      /** The status to answer (default: 204 when the signature verified, 401 when not). */
      status?: (path: string, verified: boolean) => number;
    },
  ) {}

  async start(): Promise<void> {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const body = Buffer.concat(chunks).toString('utf8');
        const verified = verifySignature({
          body,
          timestamp: req.headers['x-claimwire-timestamp'] as string,
          signature: req.headers['x-claimwire-signature'] as string,
          secret: this.options.secretFor(url.pathname),
        }).ok;
        this.received.push({ path: url.pathname, query: url.search, body, id: JSON.parse(body).id, verified });
        const status = this.options.status?.(url.pathname, verified) ?? (verified ? 204 : 401);
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status >= 400 ? 'refused' : undefined);
      });
    });
    await new Promise<void>((r) => server.listen(this.port, '127.0.0.1', r));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
}
