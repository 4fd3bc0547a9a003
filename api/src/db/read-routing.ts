import { ApolloServerPlugin } from '@apollo/server';
import { DataSource } from 'typeorm';
import type { Context } from '../context';
import { logger } from '../logger';
import { createDataSource } from './data-source';

const RETRY_MS = 2000;

/** Reads on the replica; transactions (any write a query might make) stay on the primary. */
function replicaFacade(replica: DataSource, primary: DataSource): DataSource {
  return new Proxy(replica, {
    get(target, prop, receiver) {
      if (prop === 'transaction' || prop === 'createQueryRunner') {
        return (primary[prop] as (...a: unknown[]) => unknown).bind(primary);
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

/**
 * DATABASE_READ_URL (docs/deploy.md): the list, aggregate and export queries of API tokens (the
 * analytics clients, whose bulk reads may lag behind by the replica's delay) run on a replica.
 * Everything that must be fresh stays on the primary because it happens before the operation is
 * routed or outside the request's data source: credential lookup and touch, grants, field-policy
 * version, rate counters, every audit append (READ events included), and every mutation and every
 * person's request. Until the replica is reachable, token reads use the primary too.
 */
export class ReadRouting {
  readonly replica: DataSource | null;
  private facade: DataSource | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;
  private connected: Promise<void> | null = null;

  constructor(private readonly primary: DataSource, readUrl: string | null) {
    this.replica = readUrl ? createDataSource(readUrl) : null;
    if (this.replica) this.connected = this.connect(readUrl!.replace(/\/\/[^@]*@/, '//***@'));
  }

  /** Resolves once the replica is connected (at once without one). */
  ready(): Promise<void> {
    return this.connected ?? Promise.resolve();
  }

  /** The data source for reads allowed to lag: the replica when connected, else the primary. */
  lagging(): DataSource {
    return this.facade ?? this.primary;
  }

  readonly plugin: ApolloServerPlugin<Context> = {
    requestDidStart: async () => ({
      didResolveOperation: async ({ operation, contextValue }) => {
        const tokenQuery = operation?.operation === 'query' && contextValue.actor?.kind === 'TOKEN';
        if (this.replica && tokenQuery && !contextValue.requestTx) contextValue.ds = this.lagging();
      },
    }),
  };

  async close(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.replica?.isInitialized) await this.replica.destroy();
  }

  private async connect(where: string): Promise<void> {
    const replica = this.replica!;
    while (!this.stopped) {
      try {
        await replica.initialize();
        this.facade = replicaFacade(replica, this.primary);
        logger.info(`read replica connected at ${where}`);
        return;
      } catch (err) {
        const code = (err as { code?: string }).code;
        logger.error({ code }, `cannot reach the read replica at ${where}; token reads use the primary; retrying`);
        await new Promise<void>((r) => { this.retry = setTimeout(r, RETRY_MS); this.retry.unref(); });
      }
    }
  }
}
