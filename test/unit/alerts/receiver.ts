/** A webhook receiver on 127.0.0.1 (random port) for delivery tests: records every request with its raw body. */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export type ReceiverHandler = (req: ReceivedRequest, res: ServerResponse) => void;

export interface Receiver {
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
  readonly received: ReceivedRequest[];
  close(): Promise<void>;
}

/** Routes by path; unknown paths answer 404. The body is read in full before the handler runs. */
export async function startReceiver(routes: Record<string, ReceiverHandler>): Promise<Receiver> {
  const received: ReceivedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen = {
        method: req.method ?? '',
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(seen);
      const handler = routes[seen.path.split('?')[0] ?? seen.path];
      if (handler) handler(seen, res);
      else {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('no such hook');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
