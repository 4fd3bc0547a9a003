import { hostUrls } from '@custodian/migrations';
import { startApi, TestApi } from '../support/api';
import { TEST_DATABASE_URL } from '../support/db';
import { closeDb, customerId, ok, sql } from '../support/fixtures';
import { freePort } from '../support/net';
import { TcpProxy } from '../support/tcp-proxy';

/**
 * DATABASE_URL with several hosts (docs/deploy.md): the API fails over along the list when the host
 * in use goes down and returns to the first one once it answers again. Two TCP relays to the test
 * server stand in for two cluster nodes; taking a relay down refuses and cuts connections like a
 * killed node. The real three-node Galera run is tests/cluster (npm run test:cluster).
 */

const READ = 'query($id: ID!) { customer(id: $id) { id annualRevenue } }';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a database host list', () => {
  it('splits into one URL per host, credentials, database and options kept; one host stays as it is', () => {
    expect(hostUrls('mysql://u:p%40ss@h1:3307,h2:3308, h3/db?charset=utf8mb4')).toEqual([
      'mysql://u:p%40ss@h1:3307/db?charset=utf8mb4', 'mysql://u:p%40ss@h2:3308/db?charset=utf8mb4', 'mysql://u:p%40ss@h3/db?charset=utf8mb4',
    ]);
    expect(hostUrls('mysql://root@127.0.0.1:3306/custodian')).toEqual(['mysql://root@127.0.0.1:3306/custodian']);
    expect(hostUrls('mysql://[::1]:3307,[::1]:3308/db')).toEqual(['mysql://[::1]:3307/db', 'mysql://[::1]:3308/db']);
  });

  describe('failover', () => {
    const target = (() => { const u = new URL(TEST_DATABASE_URL); return { host: u.hostname, port: Number(u.port || 3306) }; })();
    let first: TcpProxy;
    let second: TcpProxy;
    let api: TestApi;
    let token: string;
    let id: string;

    beforeAll(async () => {
      first = new TcpProxy(await freePort(), target);
      second = new TcpProxy(await freePort(), target);
      await first.start();
      await second.start();
      const u = new URL(TEST_DATABASE_URL);
      const url = `mysql://${u.username}${u.password ? `:${u.password}` : ''}@127.0.0.1:${first.port},127.0.0.1:${second.port}${u.pathname}`;
      api = await startApi({ config: { databaseUrl: url } });
      token = await api.token('gm');
      id = await customerId('C000001');
    });

    afterAll(async () => {
      await api.close();
      await first.stop();
      await second.stop();
      await closeDb();
    });

    /** An audited read; returns the bytes it sent through each relay. */
    const read = async () => {
      const before = [first.bytes, second.bytes];
      const r = await api.gql(token, READ, { id });
      const requestId = r.headers.get('x-request-id');
      const events = await sql("SELECT seq FROM audit_event WHERE request_id = ? AND action = 'READ'", [requestId]);
      return { data: ok(r).customer, events: events.length, viaFirst: first.bytes - before[0], viaSecond: second.bytes - before[1] };
    };

    it('uses the first host while it is up', async () => {
      const r = await read();
      expect(r).toMatchObject({ data: { id }, events: 1 });
      expect(r.viaFirst).toBeGreaterThan(0);
      expect(r.viaSecond).toBe(0);
      expect(second.connections).toBe(0);
    });

    it('serves the next request from the second host when the first goes down', async () => {
      await first.stop();
      // Let the pool see its cut connections close (a killed server's sockets end the same way).
      await sleep(100);
      const r = await read();
      expect(r).toMatchObject({ data: { id }, events: 1 });
      expect(r.viaSecond).toBeGreaterThan(0);
      expect(r.viaFirst).toBe(0);
    });

    it('returns to the first host once it answers again', async () => {
      await first.start();
      let r = await read();
      // The switch may fall in the middle of a request: wait for one served wholly by the first host.
      for (let i = 0; i < 100 && (r.viaFirst === 0 || r.viaSecond > 0); i++) {
        await sleep(100);
        r = await read();
      }
      expect(r).toMatchObject({ data: { id }, events: 1 });
      expect(r.viaFirst).toBeGreaterThan(0);
      expect(r.viaSecond).toBe(0);
    });
  });
});
