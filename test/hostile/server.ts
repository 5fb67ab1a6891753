/**
 * The corpus's HTTP server: one node:http server on 127.0.0.1 that answers `/c/<name>` (and `/c/<name>/…`) with the
 * case's responder, `/robots.txt` with 404 (allow all), `/control/<id>` with a fresh valid article (to show a worker
 * still answers after the corpus), and 404 for anything else. Every path asked for is recorded, so a case can assert
 * that something (an external DTD) was never fetched.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { articleHtml, type HostileCase, type ServerContext } from './corpus.ts';

export interface CorpusServer {
  readonly base: string;
  readonly port: number;
  /** Request paths in arrival order. */
  readonly requested: string[];
  /** The URL a case is fetched from (its `url`, with `$BASE`/`$PORT` filled in, or `/c/<name>`). */
  urlOf(c: HostileCase): string;
  close(): Promise<void>;
}

export async function startCorpusServer(cases: readonly HostileCase[]): Promise<CorpusServer> {
  const byName = new Map(cases.map((c) => [c.name, c]));
  const requested: string[] = [];
  const cleanups = new Set<() => void>();
  const sockets = new Set<Socket>();
  let ctx: ServerContext | undefined;

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    requested.push(path);
    const [, top, name] = path.split('/');
    const hostile = top === 'c' && name ? byName.get(name) : undefined;
    if (hostile?.respond && ctx) {
      hostile.respond(req, res, ctx);
      return;
    }
    if (top === 'control' && name) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(articleHtml(`control-${name}`));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  // A client that gives up mid-response is normal here; the server must not die of it.
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  ctx = {
    base,
    port,
    onClose(res: ServerResponse, cleanup: () => void) {
      cleanups.add(cleanup);
      const done = () => {
        cleanups.delete(cleanup);
        cleanup();
      };
      res.once('close', done);
      res.socket?.once('close', done);
    },
  };
  return {
    base,
    port,
    requested,
    urlOf: (c) => (c.url ? c.url.replaceAll('$BASE', base).replaceAll('$PORT', String(port)) : `${base}/c/${c.name}`),
    close: () =>
      new Promise<void>((resolve) => {
        for (const cleanup of cleanups) cleanup();
        cleanups.clear();
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
