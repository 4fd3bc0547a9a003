import { DataSource } from 'typeorm';
import { logger } from '../logger';

/** Waits for `work` until `deadline` (epoch ms); true when it settled in time. A failure is logged, not thrown. */
export async function withinDeadline(work: Promise<unknown>, deadline: number, what: string): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now())); });
  try {
    const settled = await Promise.race([work.then(() => true, (err: unknown) => { logger.warn({ err }, `stopping ${what} failed`); return true; }), late]);
    if (!settled) logger.warn(`stopping ${what} did not finish in time`);
    return settled;
  } finally {
    clearTimeout(timer);
  }
}

interface PoolInternals { _allConnections?: { length: number; get(i: number): { destroy(): void } } }

/**
 * Closes the pool; connections that do not close by the deadline (a statement still running, a
 * lock wait, a transaction nobody finishes) are destroyed: their transactions roll back in the server.
 */
export async function closeDataSource(ds: DataSource, deadline: number): Promise<void> {
  if (!ds.isInitialized) return;
  const pool = (ds.driver as unknown as { pool?: PoolInternals }).pool;
  if (await withinDeadline(ds.destroy(), deadline, 'the database pool')) return;
  const all = pool?._allConnections;
  const n = all?.length ?? 0;
  for (let i = n - 1; i >= 0; i--) all!.get(i).destroy();
  logger.warn(`destroyed ${n} database connection(s) that did not close in time`);
}
