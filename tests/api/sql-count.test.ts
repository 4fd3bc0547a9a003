import { startApi, TestApi } from '../support/api';
import { DEMO_PASSWORD } from '../support/db';
import { closeDb, ok } from '../support/fixtures';

const NESTED = `query($first: Int) { customers(first: $first) { edges { node {
  contacts(first: 5) { edges { node { id name } } }
  activities(first: 3) { edges { node { id subject } } }
} } } }`;

const WIDER = `query($first: Int) { customers(first: $first) { edges { node { id code name
  owner { username } department { code }
  contacts(first: 5) { edges { node { id name } } }
  activities(first: 3) { edges { node { id subject } } }
  salesOrders(first: 2) { edges { node { id } } }
} } } }`;

describe('SQL statements per request', () => {
  let api: TestApi;

  beforeAll(async () => { api = await startApi(); });
  afterAll(async () => {
    await api.close();
    await closeDb();
  });

  /**
   * A fresh session, so no counted request has to record session activity, used once so the
   * process has loaded the field-policy overrides (a one-off per process, not per request).
   */
  async function freshToken(username: string): Promise<string> {
    const r = await api.gql(null, 'mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { token } }', { u: username, p: DEMO_PASSWORD });
    const token = ok(r).login.token;
    ok(await api.gql(token, '{ me { username } }'));
    return token;
  }

  async function statements(token: string, query: string, first: number): Promise<{ n: number; rows: number }> {
    const r = await api.gql(token, query, { first });
    expect(r.data?.customers).toBeTruthy();
    const header = r.headers.get('x-sql-statements');
    expect(header).toMatch(/^\d+$/);
    return { n: Number(header), rows: r.data!.customers.edges.length };
  }

  it('customers(first: 50) with nested contacts and activities, as gm: at most 4 statements, session lookup included', async () => {
    const gm = await freshToken('gm');
    const fifty = await statements(gm, NESTED, 50);
    expect(fifty.rows).toBe(50);
    expect(fifty.n).toBeLessThanOrEqual(4);
  });

  it('issues the same number of statements for 5 rows as for 50', async () => {
    const gm = await freshToken('gm');
    const five = await statements(gm, NESTED, 5);
    const fifty = await statements(gm, NESTED, 50);
    expect(five.rows).toBe(5);
    expect(fifty.rows).toBe(50);
    expect(fifty.n).toBe(five.n);
  });

  it.each(['am1', 'supervisor1', 'archivist'])('as %s, a wider nested query costs the same for 1, 5 and 50 rows', async (u) => {
    const token = await freshToken(u);
    const counts = [];
    for (const first of [1, 5, 50]) counts.push((await statements(token, WIDER, first)).n);
    expect(new Set(counts).size).toBe(1);
  });
});
