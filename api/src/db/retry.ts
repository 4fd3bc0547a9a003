import { DataSource } from 'typeorm';
import { ErrorCode } from '@custodian/schema';
import { AppError } from '../errors';
import { logger } from '../logger';
import { isLockConflict } from './driver-errors';

export { isLockConflict };

export const lockConflict = (message = 'The records are being changed by someone else right now; nothing was changed, try again'): AppError =>
  new AppError(ErrorCode.CONFLICT, message, { reason: 'LOCK_CONFLICT' });

/**
 * Writes serialised on a parent row's lock (a customer's contacts and orders, access requests for one
 * archive) that then read and change sibling rows run READ COMMITTED: their reads see what the
 * previous holder of the lock committed (under REPEATABLE READ a snapshot taken before the lock would
 * not), and their locking statements take no gap locks, which other customers' inserts would run into.
 */
export const READ_COMMITTED = 'READ COMMITTED' as const;

/** Attempts of a transaction that keeps losing a deadlock (or lock wait) before CONFLICT is answered. */
export const LOCK_ATTEMPTS = 3;

const pause = (attempt: number) => new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));

/**
 * Runs `work` (a whole transaction: its writes and its audit event) again when the database chose it
 * as a deadlock victim or it timed out waiting for a lock; after LOCK_ATTEMPTS it answers CONFLICT.
 */
export async function withLockRetry<T>(work: () => Promise<T>, attempts = LOCK_ATTEMPTS): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (!isLockConflict(err)) throw err;
      if (attempt >= attempts) {
        logger.warn({ code: (err as { code?: string }).code, attempts }, 'transaction kept losing lock conflicts');
        throw lockConflict();
      }
      await pause(attempt);
    }
  }
}

/**
 * The DataSource the services get: `transaction(...)` is retried as a whole on lock conflicts.
 * Everything else is the DataSource itself.
 */
export function retryingTransactions(ds: DataSource): DataSource {
  const transaction = ((...args: unknown[]) =>
    withLockRetry(() => (ds.transaction as (...a: unknown[]) => Promise<unknown>).apply(ds, args))) as DataSource['transaction'];
  return new Proxy(ds, {
    get(target, prop, receiver) {
      return prop === 'transaction' ? transaction : Reflect.get(target, prop, receiver);
    },
  });
}
