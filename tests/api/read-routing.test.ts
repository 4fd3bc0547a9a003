import { codes, startApi, TestApi } from '../support/api';
import { testDatabaseName } from '../support/audit';
import { TEST_DATABASE_URL } from '../support/db';
import { closeDb, ok, sql, userId } from '../support/fixtures';

/**
 * DATABASE_READ_URL (docs/deploy.md): API tokens' queries read from the replica; persons, mutations,
 * credential checks, grants and every audit event use the primary. The "replica" here is a copy of
 * the test database taken at one moment and never updated — a replica whose replication stopped —
 * so what reads where shows in the values. tests/cluster/replica.mjs runs the same against a real
 * MariaDB replica.
 */

const PRIMARY = testDatabaseName();
const REPLICA = `${PRIMARY}_replica`.slice(0, 64);
const LIST = `query($code: String) { customers(first: 10, where: {code: $code}) { edges { node { id name annualRevenue } } } }`;
const STATS = '{ customerStats(groupBy: []) { total } }';
const ONE = 'query($id: ID!) { customer(id: $id) { id name annualRevenue } }';
const CREATE_TOKEN = `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token apiToken { id } } }`;

/** Copies every table of the test database into REPLICA (the copy is the replica's state from now on). */
async function snapshotReplica(): Promise<void> {
  await sql(`DROP DATABASE IF EXISTS \`${REPLICA}\``);
  await sql(`CREATE DATABASE \`${REPLICA}\``);
  const tables = await sql<{ t: string }>(
    "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE'", [PRIMARY]);
  for (const { t } of tables) {
    await sql(`CREATE TABLE \`${REPLICA}\`.\`${t}\` LIKE \`${PRIMARY}\`.\`${t}\``);
    await sql(`INSERT INTO \`${REPLICA}\`.\`${t}\` SELECT * FROM \`${PRIMARY}\`.\`${t}\``);
  }
}

describe('read routing to a replica', () => {
  let api: TestApi;
  let gm: string;
  let am2: string;
  let bi: string;
  let biId: string;
  let customer: { id: string; code: string; name: string };
  let grantId: string;

  beforeAll(async () => {
    const readUrl = (() => { const u = new URL(TEST_DATABASE_URL); u.pathname = `/${REPLICA}`; return u.toString(); })();
    api = await startApi({ config: { databaseReadUrl: readUrl } });
    gm = await api.token('gm');
    am2 = await api.token('am2');
    const made = ok(await api.gql(gm, CREATE_TOKEN, {
      input: { name: 'bi', clearance: 'CONFIDENTIAL', scope: 'ALL', expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
    })).createApiToken;
    bi = made.token;
    biId = made.apiToken.id;
    // am2 holds an open grant on an archive of am1's (out of am2's own scope) for annualRevenue.
    [customer] = await sql("SELECT id, code, name FROM customer WHERE owner_id = ? AND archive_level = 'INTERNAL' ORDER BY id LIMIT 1", [await userId('am1')]);
    customer.id = String(customer.id);
    const [purpose] = await sql('SELECT code FROM access_purpose ORDER BY code LIMIT 1');
    await sql(`INSERT INTO access_request (requester_id, customer_id, fields, purpose, reason, hours, status, level, decided_at)
      VALUES (?, ?, '["Customer.annualRevenue"]', ?, 'routing', 2, 'APPROVED', 'CONFIDENTIAL', CURRENT_TIMESTAMP(3))`, [await userId('am2'), customer.id, purpose.code]);
    const [{ id: requestId }] = await sql('SELECT MAX(id) AS id FROM access_request');
    await sql(`INSERT INTO access_grant (request_id, grantee_id, customer_id, fields, purpose, starts_at, expires_at)
      VALUES (?, ?, ?, '["Customer.annualRevenue"]', ?, CURRENT_TIMESTAMP(3) - INTERVAL 1 MINUTE, CURRENT_TIMESTAMP(3) + INTERVAL 2 HOUR)`,
    [requestId, await userId('am2'), customer.id, purpose.code]);
    [{ id: grantId }] = await sql('SELECT MAX(id) AS id FROM access_grant');
    await snapshotReplica();
    await api.server.reads.ready();
    // From here on the primary moves on and the replica does not.
    await sql("UPDATE customer SET name = CONCAT(name, '·新') WHERE id = ?", [customer.id]);
  });

  afterAll(async () => {
    await api.close();
    await sql(`DROP DATABASE IF EXISTS \`${REPLICA}\``);
    await closeDb();
  });

  const readEvents = async (db: string, requestId: string | null) =>
    (await sql(`SELECT seq FROM \`${db}\`.audit_event WHERE request_id = ? AND action = 'READ'`, [requestId])).length;

  it('a token\'s list reads the replica, a person\'s read the primary', async () => {
    const byToken = await api.gql(bi, LIST, { code: customer.code });
    expect(codes(byToken)).toEqual([]);
    expect(byToken.data!.customers.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual([customer.name]);
    const byPerson = ok(await api.gql(gm, ONE, { id: customer.id })).customer;
    expect(byPerson.name).toBe(`${customer.name}·新`);
  });

  it('a token\'s aggregate reads the replica', async () => {
    await sql("UPDATE customer SET deleted_at = CURRENT_TIMESTAMP(3) WHERE code = 'C000060'");
    try {
      const total = async (bearer: string) => ok(await api.gql(bearer, STATS)).customerStats.total;
      const [{ n: replicaCount }] = await sql(`SELECT COUNT(*) AS n FROM \`${REPLICA}\`.customer WHERE deleted_at IS NULL`);
      expect(await total(bi)).toBe(Number(replicaCount));
      expect(await total(gm)).toBe(Number(replicaCount) - 1);
    } finally {
      await sql("UPDATE customer SET deleted_at = NULL WHERE code = 'C000060'");
    }
  });

  it('a token\'s READ events are written to the primary, never to the replica', async () => {
    const r = await api.gql(bi, LIST, { code: customer.code });
    expect(r.data!.customers.edges[0].node.annualRevenue).not.toBeNull();
    const requestId = r.headers.get('x-request-id');
    expect(await readEvents(PRIMARY, requestId)).toBe(1);
    expect(await readEvents(REPLICA, requestId)).toBe(0);
  });

  it('a grant revoked on the primary is closed at once, though the replica still has it open', async () => {
    const before = ok(await api.gql(am2, ONE, { id: customer.id })).customer;
    expect(before.annualRevenue).not.toBeNull();
    await sql('UPDATE access_grant SET revoked_at = CURRENT_TIMESTAMP(3) WHERE id = ?', [grantId]);
    const [stale] = await sql(`SELECT revoked_at FROM \`${REPLICA}\`.access_grant WHERE id = ?`, [grantId]);
    expect(stale.revoked_at).toBeNull();
    const after = await api.gql(am2, ONE, { id: customer.id });
    expect(after.data?.customer?.annualRevenue ?? null).toBeNull();
    expect(codes(after).length).toBeGreaterThan(0);
    expect(codes(after).every((c) => c === 'FIELD_CLASSIFIED' || c === 'NOT_FOUND')).toBe(true);
  });

  it('a token revoked on the primary is refused, though the replica still lists it as valid', async () => {
    ok(await api.gql(gm, 'mutation($id: ID!) { revokeApiToken(id: $id) { id } }', { id: biId }));
    const [stale] = await sql(`SELECT revoked_at FROM \`${REPLICA}\`.api_token WHERE id = ?`, [biId]);
    expect(stale.revoked_at).toBeNull();
    expect(codes(await api.gql(bi, LIST, { code: customer.code }))).toEqual(['UNAUTHENTICATED']);
  });
});
