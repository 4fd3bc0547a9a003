import * as mysql from 'mysql2';
import type { Pool, PoolConnection, PoolOptions } from 'mysql2';
import { logger } from '../logger';

export interface DbHost { host: string; port: number }

/**
 * Errors that say "this server cannot serve now" rather than "this statement is wrong": the
 * connection could not be made or was cut, the server is shutting down, or a Galera node is not
 * part of the primary component (1047, "WSREP has not yet prepared node for application use").
 */
const HOST_DOWN = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE',
  'PROTOCOL_CONNECTION_LOST', 'ER_SERVER_SHUTDOWN', 'ER_UNKNOWN_COM_ERROR', 'ER_CONNECTION_KILLED',
]);

export const isHostDown = (err: unknown): boolean => HOST_DOWN.has(String((err as { code?: string } | null)?.code));

type Callback = (err: NodeJS.ErrnoException | null, conn?: PoolConnection) => void;
type QueryFn = (...args: unknown[]) => unknown;
const WATCHED = Symbol('failover-watched');

/**
 * A mysql2 pool over an ordered list of hosts (DATABASE_URL with several hosts, docs/deploy.md).
 * Connections come from the first host that answers, starting at the one in use: a refused or cut
 * connection, or a statement refused because the node left the cluster, moves the process on to the
 * next host. While not on the first host it probes the hosts before the current one every
 * `probeMs` and returns to the first that is healthy again (a Galera node: Synced). Transactions in
 * flight on a failed host fail with it (never acknowledged); the next ones run on the new host.
 */
export class FailoverPool {
  private readonly pools: Pool[];
  private active = 0;
  private probe: NodeJS.Timeout | null = null;
  private probing = false;
  private closed = false;

  constructor(private readonly hosts: DbHost[], private readonly options: PoolOptions, private readonly probeMs = 1000) {
    this.pools = hosts.map((h) => mysql.createPool({ ...options, host: h.host, port: h.port }));
  }

  /** The host new connections go to. */
  get current(): DbHost {
    return this.hosts[this.active];
  }

  getConnection(cb: Callback): void {
    const attempt = (i: number, left: number) => {
      this.pools[i].getConnection((err, conn) => {
        if (!err) {
          // Only a request that had to move on moves the pool (not one that merely started before a failback).
          if (left < this.pools.length && i !== this.active) this.use(i, 'failover');
          cb(null, this.watched(conn, i));
          return;
        }
        if (!isHostDown(err) || left <= 1 || this.closed) {
          cb(err);
          return;
        }
        this.leave(i, err);
        attempt((i + 1) % this.pools.length, left - 1);
      });
    };
    attempt(this.active, this.pools.length);
  }

  end(cb?: (err: NodeJS.ErrnoException | null) => void): Promise<void> {
    this.closed = true;
    if (this.probe) clearInterval(this.probe);
    this.probe = null;
    const ends = this.pools.map((p) => new Promise<void>((resolve) => p.end(() => resolve())));
    const ended = Promise.all(ends).then(() => undefined);
    if (cb) void ended.then(() => cb(null));
    return ended;
  }

  private hostName(i: number): string {
    return `${this.hosts[i].host}:${this.hosts[i].port}`;
  }

  /** Host i failed: if it is the one in use, new connections go to the next one. */
  private leave(i: number, err: unknown): void {
    if (i !== this.active || this.closed) return;
    this.use((i + 1) % this.pools.length, 'failover', (err as { code?: string }).code);
  }

  private use(i: number, reason: 'failover' | 'failback', code?: string): void {
    if (this.active === i) return;
    logger.warn({ from: this.hostName(this.active), to: this.hostName(i), reason, code }, 'database host in use changed');
    this.active = i;
    if (i > 0 && !this.probe && !this.closed) {
      this.probe = setInterval(() => void this.probeEarlier(), this.probeMs);
      this.probe.unref();
    } else if (i === 0 && this.probe) {
      clearInterval(this.probe);
      this.probe = null;
    }
  }

  /** Statements failing because their host went away move the pool on, like a failed connect. */
  private watched(conn: PoolConnection, i: number): PoolConnection {
    const c = conn as PoolConnection & { [WATCHED]?: boolean };
    if (c[WATCHED]) return conn;
    c[WATCHED] = true;
    const query = conn.query.bind(conn) as unknown as QueryFn;
    (conn as unknown as { query: QueryFn }).query = (...args: unknown[]) => {
      const last = args.length - 1;
      const done = args[last];
      if (typeof done === 'function') {
        args[last] = (err: unknown, ...rest: unknown[]) => {
          if (err && isHostDown(err)) this.leave(i, err);
          return (done as QueryFn)(err, ...rest);
        };
      }
      return query(...args);
    };
    return conn;
  }

  /** Failback: the first host before the current one that is healthy again becomes the one in use. */
  private async probeEarlier(): Promise<void> {
    if (this.probing || this.closed) return;
    this.probing = true;
    try {
      for (let j = 0; j < this.active; j++) {
        if (await this.healthy(j)) {
          this.use(j, 'failback');
          return;
        }
      }
    } finally {
      this.probing = false;
    }
  }

  private healthy(j: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timeout = Math.min(this.probeMs * 2, 3000);
      const conn = mysql.createConnection({ ...this.options, ...this.hosts[j], connectTimeout: timeout });
      const finish = (ok: boolean) => {
        conn.destroy();
        resolve(ok);
      };
      conn.on('error', () => finish(false));
      // A Galera node serves only when Synced (wsrep_local_state 4); other servers have no such status.
      conn.query("SHOW STATUS LIKE 'wsrep_local_state'", (err, rows) => {
        if (err) return finish(false);
        const state = (rows as Array<{ Value?: string }>)[0]?.Value;
        if (state !== undefined && state !== '4') return finish(false);
        conn.query('SELECT 1', (e) => finish(!e));
      });
    });
  }
}

/** A mysql2 module whose createPool builds a FailoverPool, for TypeORM's `driver` option. */
export function failoverDriver(hosts: DbHost[]): typeof mysql {
  // The module's exports are getters: shadow createPool with an own property of an object built on it.
  return Object.create(mysql, {
    createPool: { value: (options: PoolOptions) => new FailoverPool(hosts, options) as unknown as Pool },
  }) as typeof mysql;
}

/** host:port of each single-host URL (port 3306 when omitted). */
export const hostsOf = (urls: string[]): DbHost[] => urls.map((u) => {
  const parsed = new URL(u);
  return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port: Number(parsed.port || 3306) };
});
