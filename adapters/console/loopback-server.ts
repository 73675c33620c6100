import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { plainHeaders } from '../web/pages';

/** An HTTP server on 127.0.0.1 only: what it serves is not authenticated, so nothing off this machine reaches it. */
export interface LoopbackServer {
  server: Server;
  /** `http://127.0.0.1:<port>`, the port chosen when 0 was asked. */
  url: string;
  close(): Promise<void>;
}

/** Serves `handle` on 127.0.0.1:`port`; a request that fails is answered 500 and told to `onError`. */
export async function listenOnLoopback(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  port: number,
  onError: (activity: string, error: unknown) => void,
): Promise<LoopbackServer> {
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      onError(`serving ${req.method} ${req.url} in the console`, error);
      if (!res.headersSent) res.writeHead(500, plainHeaders('text/plain; charset=utf-8'));
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
