import { createDataSource } from '@custodian/api';
import { DataSource, EntityManager } from 'typeorm';
import { codes, startApi, TestApi } from '../support/api';
import { gapless, head } from '../support/audit';
import { TEST_DATABASE_URL } from '../support/db';
import { closeDb, customerId, sql } from '../support/fixtures';

/**
 * The group-committed audit append (READ events) when it loses the chain head to another
 * transaction — on a Galera cluster two nodes' appends certify against each other and the loser is
 * rolled back with ER_LOCK_DEADLOCK (docs/deploy.md). Here the data source lets chosen transactions
 * run their statements and then fail exactly like that, so they roll back: the append is retried,
 * its events land once, and the chain stays gapless. tests/cluster produces the real conflicts.
 */

const READ = 'query($id: ID!) { customer(id: $id) { id annualRevenue } }';

function certificationFailure(): Error {
  return Object.assign(new Error('Deadlock found when trying to get lock; try restarting transaction'), { code: 'ER_LOCK_DEADLOCK', errno: 1213 });
}

describe('audit append under certification conflicts', () => {
  let api: TestApi;
  let token: string;
  let id: string;
  let failNext = 0;
  let attempts = 0;

  beforeAll(async () => {
    const real = createDataSource(TEST_DATABASE_URL);
    const ds = new Proxy(real, {
      get(target, prop, receiver) {
        if (prop !== 'transaction') return Reflect.get(target, prop, receiver);
        return async (fn: (tx: EntityManager) => Promise<unknown>) => {
          attempts += 1;
          if (failNext <= 0) return target.transaction(fn);
          failNext -= 1;
          return target.transaction(async (tx) => {
            await fn(tx);
            throw certificationFailure();
          });
        };
      },
    }) as DataSource;
    api = await startApi({ dataSource: ds });
    token = await api.token('gm');
    id = await customerId('C000001');
  });

  afterAll(async () => {
    await api.close();
    await closeDb();
  });

  const readEvents = async (requestId: string | null) =>
    (await sql("SELECT seq FROM audit_event WHERE request_id = ? AND action = 'READ'", [requestId])).length;

  it('retries the rolled-back append: the read is answered and logged exactly once, the chain gapless', async () => {
    const before = await head();
    failNext = 3;
    attempts = 0;
    const r = await api.gql(token, READ, { id });
    expect(codes(r)).toEqual([]);
    expect(r.data!.customer.annualRevenue).not.toBeNull();
    expect(attempts).toBe(4);
    expect(await readEvents(r.headers.get('x-request-id'))).toBe(1);
    expect((await head()).seq).toBe(before.seq + 1);
    const g = await gapless();
    expect(g).toMatchObject({ min: 1, count: g.max, distinct: g.max, head: g.max });
  });

  it('gives up after a bounded number of attempts and withholds the values (fail closed), writing nothing', async () => {
    const before = await head();
    failNext = 1000;
    attempts = 0;
    const r = await api.gql(token, READ, { id });
    failNext = 0;
    expect(codes(r)).toEqual(['AUDIT_UNAVAILABLE']);
    expect(r.data!.customer.annualRevenue).toBeNull();
    expect(attempts).toBeGreaterThan(1);
    expect(attempts).toBeLessThan(1000);
    expect(await readEvents(r.headers.get('x-request-id'))).toBe(0);
    expect(await head()).toEqual(before);
  });
});
