import { DataSource, EntityManager } from 'typeorm';

export interface RequestTransaction {
  /** A DataSource whose queries, repositories and (nested, savepoint) transactions all run in one transaction. */
  ds: DataSource;
  finish(commit: boolean): Promise<void>;
}

/**
 * Runs a whole request in one database transaction: services keep calling `ds.transaction(...)`,
 * which becomes a savepoint inside it. Used when a response may yet be refused after the resolvers
 * ran (reject mode), so a refused mutation leaves nothing behind.
 */
export async function openRequestTransaction(ds: DataSource): Promise<RequestTransaction> {
  const qr = ds.createQueryRunner();
  await qr.connect();
  await qr.startTransaction();
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
  let done = false;
  return {
    ds: facade,
    async finish(commit: boolean) {
      if (done) return;
      done = true;
      try {
        if (commit) await qr.commitTransaction();
        else await qr.rollbackTransaction();
      } finally {
        await qr.release();
      }
    },
  };
}
