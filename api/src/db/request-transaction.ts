import { DataSource, EntityManager } from 'typeorm';
import { logger } from '../logger';
import { isLockConflict, lockConflict, READ_COMMITTED } from './retry';

export interface RequestTransaction {
  /** A DataSource whose queries, repositories and (nested, savepoint) transactions all run in one transaction. */
  ds: DataSource;
  /** Commits or rolls back and gives the connection back; later calls do nothing. Never throws. */
  finish(commit: boolean): Promise<void>;
}

/**
 * Runs a whole request in one database transaction: services keep calling `ds.transaction(...)`,
 * which becomes a savepoint inside it. Used when a response may yet be refused after the resolvers
 * ran (reject mode), so a refused mutation leaves nothing behind.
 *
 * The transaction ends exactly once, however the request ends: `finish` from the response hook, or
 * a rollback as soon as `ended` fires (the HTTP exchange closed: answered, failed, or the client
 * went away), even if that happens while the transaction is still being opened.
 *
 * A deadlock or lock-wait timeout inside it cannot be retried statement by statement (InnoDB may
 * have rolled the whole transaction back already): it answers CONFLICT and the rest of the request
 * runs no more statements in it; the transaction is rolled back.
 */
export async function openRequestTransaction(ds: DataSource, ended: AbortSignal): Promise<RequestTransaction> {
  const qr = ds.createQueryRunner();
  let done = false;
  let broken = false;
  const query = qr.query.bind(qr);
  const release = async (commit: boolean) => {
    if (done) return;
    done = true;
    // COMMIT/ROLLBACK go through qr.query, which refuses statements once done: give the real one back.
    qr.query = query;
    try {
      if (qr.isTransactionActive) {
        if (commit && !broken) await qr.commitTransaction();
        else await qr.rollbackTransaction();
      }
    } catch (err) {
      // A connection whose transaction could not be ended must not go back to the pool with its locks.
      logger.warn({ err }, 'request transaction could not be finished; its connection is closed');
      (qr as unknown as { databaseConnection?: { destroy(): void } }).databaseConnection?.destroy();
    } finally {
      await qr.release().catch(() => undefined);
    }
  };
  try {
    await qr.connect();
    // READ COMMITTED like the child-record writes it contains (db/retry.ts): no stale snapshot, no gap locks.
    await qr.startTransaction(READ_COMMITTED);
  } catch (err) {
    await release(false);
    throw err;
  }
  qr.query = (async (...args: Parameters<typeof qr.query>) => {
    if (done) throw lockConflict('The request ended before this change ran; nothing was changed');
    if (broken) throw lockConflict();
    try {
      return await query(...args);
    } catch (err) {
      if (!isLockConflict(err)) throw err;
      broken = true;
      throw lockConflict();
    }
  }) as typeof qr.query;
  const m: EntityManager = qr.manager;
  const facade = new Proxy(ds, {
    get(target, prop, receiver) {
      switch (prop) {
        case 'manager': return m;
        case 'query': return (sql: string, params?: unknown[]) => m.query(sql, params);
        case 'getRepository': return m.getRepository.bind(m);
        case 'createQueryBuilder': return m.createQueryBuilder.bind(m);
        case 'transaction': return m.transaction.bind(m);
        default: return Reflect.get(target, prop, receiver);
      }
    },
  });
  const onEnd = () => void release(false);
  if (ended.aborted) onEnd();
  else ended.addEventListener('abort', onEnd, { once: true });
  return {
    ds: facade,
    finish: async (commit) => {
      ended.removeEventListener('abort', onEnd);
      await release(commit);
    },
  };
}
