import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RunningServer {
  /** The origin it listens on, e.g. http://127.0.0.1:8787. */
  url: string;
  port: number;
  server: Server;
  /** Stops listening and ends open connections (event streams included). */
  close(): Promise<void>;
}

/** Serves a fetch handler (the Hono app) over HTTP; port 0 picks a free port. */
export function startServer(options: { fetch: (request: Request) => Response | Promise<Response>; port?: number; hostname?: string }): Promise<RunningServer> {
  const hostname = options.hostname ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: options.fetch, port: options.port ?? 0, hostname }, (info: AddressInfo) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${host}:${info.port}`,
        port: info.port,
        server: server as Server,
        close: () =>
          new Promise<void>((done) => {
            (server as Server).close(() => done());
            (server as Server).closeAllConnections();
          }),
      });
    }) as Server;
    server.once('error', reject);
  });
}
