import { createConnection, createServer, Server, Socket } from 'node:net';

/**
 * A TCP relay on a fixed local port to a real server: a stand-in for one database host that a test
 * can take down (refusing connections and cutting the open ones, as a crashed server does) and
 * bring back. Counts the connections it accepted and the bytes clients sent through it.
 */
export class TcpProxy {
  connections = 0;
  bytes = 0;
  private server: Server | null = null;
  private readonly open = new Set<Socket>();

  constructor(readonly port: number, private readonly target: { host: string; port: number }) {}

  start(): Promise<void> {
    const server = createServer((client) => {
      this.connections += 1;
      const upstream = createConnection(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.open.add(s);
        s.on('error', () => { client.destroy(); upstream.destroy(); });
        s.on('close', () => { this.open.delete(s); client.destroy(); upstream.destroy(); });
      }
      client.on('data', (d: Buffer) => { this.bytes += d.length; });
      client.pipe(upstream);
      upstream.pipe(client);
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  /** Down: no new connection is accepted and every open one is cut. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.open) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
