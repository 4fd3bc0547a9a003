// Read-replica routing against a real MariaDB replica (issue 13 item 3, docs/deploy.md).
//
// A primary mariadbd with a binlog and a replica replicating from it (GTID), both started here on
// their own ports and data directories. The API runs with DATABASE_URL on the primary and
// DATABASE_READ_URL on the replica through a SELECT-only account. With replication stopped (lag
// without end) a row changed on the primary proves where each read goes: an API token's list and
// aggregate show the replica's old value, a person's read the new one; the token's READ events are
// on the primary only; a grant revoked on the primary is closed at once and a revoked token refused,
// though the replica still has both open. Replication restarts and the replica catches up.
import assert from 'node:assert/strict';
import { createConnection } from 'mysql2/promise';
import { ApiProcess, assertBuilt, gql, login, migrateAndSeed } from './lib/api.mjs';
import { assertFree, Mariadb, workDir } from './lib/servers.mjs';

const BASE = Number(process.env.CLUSTER_BASE_PORT || 3307);
const REPLICA_PORT = BASE + 3;
const PRIMARY_PORT = BASE + 4;
const DB = 'custodian';
const T0 = Date.now();
const log = (...a) => console.log(`[replica +${Math.round((Date.now() - T0) / 1000)}s]`, ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const LIST = 'query($code: String) { customers(first: 10, where: {code: $code}) { edges { node { id name annualRevenue } } } }';
const STATS = '{ customerStats(groupBy: []) { total } }';
const ONE = 'query($id: ID!) { customer(id: $id) { id name annualRevenue } }';
const CREATE_TOKEN = 'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token apiToken { id } } }';
const REVOKE_TOKEN = 'mutation($id: ID!) { revokeApiToken(id: $id) { id } }';

const codes = (r) => (r.errors ?? []).map((e) => e.extensions?.code);
function ok(r) {
  assert.deepEqual(codes(r), [], `unexpected errors: ${JSON.stringify(r.errors)}`);
  return r.data;
}

async function caughtUp(primary, replica, timeoutMs = 60_000) {
  const [{ pos }] = await primary.query('SELECT @@GLOBAL.gtid_binlog_pos AS pos');
  const until = Date.now() + timeoutMs;
  for (;;) {
    const [{ at }] = await replica.query('SELECT @@GLOBAL.gtid_slave_pos AS at');
    if (at === pos) return;
    if (Date.now() > until) throw new Error(`the replica is at ${at}, the primary at ${pos}:\n${replica.tail()}`);
    await sleep(100);
  }
}

async function newToken(api, gm) {
  return ok(await gql(api.url, gm, CREATE_TOKEN, {
    input: { name: 'bi', clearance: 'CONFIDENTIAL', scope: 'ALL', expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
  })).createApiToken;
}

export async function runReplica() {
  assertBuilt();
  await assertFree([REPLICA_PORT, PRIMARY_PORT]);
  const root = workDir('replica');
  const primary = new Mariadb('primary', root, PRIMARY_PORT, { 'server-id': 1, 'log-bin': 'mysql-bin', binlog_format: 'ROW' });
  const replica = new Mariadb('replica', root, REPLICA_PORT, { 'server-id': 2, 'relay-log': 'relay-bin', read_only: 'ON' });
  const api = new ApiProcess('replica-api', {
    DATABASE_URL: `${primary.url}/${DB}`, DATABASE_READ_URL: `mysql://custodian_ro:custodian-ro@127.0.0.1:${REPLICA_PORT}/${DB}`,
  });
  const out = {};
  try {
    for (const s of [primary, replica]) { s.install(); s.start(); }
    await Promise.all([primary.ready(), replica.ready()]);
    await primary.query("CREATE USER 'repl'@'127.0.0.1' IDENTIFIED BY 'repl'");
    await primary.query("GRANT REPLICATION SLAVE ON *.* TO 'repl'@'127.0.0.1'");
    await replica.query(`CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=${PRIMARY_PORT}, MASTER_USER='repl',
      MASTER_PASSWORD='repl', MASTER_USE_GTID=slave_pos`);
    await replica.query('START SLAVE');
    await migrateAndSeed(`${primary.url}/${DB}`);
    // The replica is read through an account that can only read (it replicates like everything else).
    await primary.query("CREATE USER 'custodian_ro'@'127.0.0.1' IDENTIFIED BY 'custodian-ro'");
    await primary.query(`GRANT SELECT ON ${DB}.* TO 'custodian_ro'@'127.0.0.1'`);
    await caughtUp(primary, replica);
    log('primary and replica up, schema and demo data replicated');

    await api.start();
    const connected = () => api.logs.some((l) => String(l.msg).startsWith('read replica connected'));
    for (let i = 0; i < 100 && !connected(); i++) await sleep(100);
    assert.ok(connected(), 'the API connected to the replica');
    const gm = await login(api.url, 'gm');
    const am2 = await login(api.url, 'am2');
    const bi = await newToken(api, gm);
    const [customer] = await primary.query(`SELECT c.id, c.code, c.name FROM ${DB}.customer c JOIN ${DB}.app_user u ON u.id = c.owner_id
      WHERE u.username = 'am1' AND c.archive_level = 'INTERNAL' ORDER BY c.id LIMIT 1`);
    const id = String(customer.id);
    const [{ code: purpose }] = await primary.query(`SELECT code FROM ${DB}.access_purpose ORDER BY code LIMIT 1`);
    const [{ id: am2Id }] = await primary.query(`SELECT id FROM ${DB}.app_user WHERE username = 'am2'`);
    await primary.query(`INSERT INTO ${DB}.access_request (requester_id, customer_id, fields, purpose, reason, hours, status, level, decided_at)
      VALUES (?, ?, '["Customer.annualRevenue"]', ?, 'replica test', 2, 'APPROVED', 'CONFIDENTIAL', CURRENT_TIMESTAMP(3))`, [am2Id, id, purpose]);
    const [{ rid }] = await primary.query(`SELECT MAX(id) AS rid FROM ${DB}.access_request`);
    await primary.query(`INSERT INTO ${DB}.access_grant (request_id, grantee_id, customer_id, fields, purpose, starts_at, expires_at)
      VALUES (?, ?, ?, '["Customer.annualRevenue"]', ?, CURRENT_TIMESTAMP(3) - INTERVAL 1 MINUTE, CURRENT_TIMESTAMP(3) + INTERVAL 2 HOUR)`,
    [rid, am2Id, id, purpose]);
    const [{ gid }] = await primary.query(`SELECT MAX(id) AS gid FROM ${DB}.access_grant`);
    await caughtUp(primary, replica);
    const namesOf = (r) => ok(r).customers.edges.map((e) => e.node.name);
    assert.deepEqual(namesOf(await gql(api.url, bi.token, LIST, { code: customer.code })), [customer.name]);
    assert.notEqual(ok(await gql(api.url, am2, ONE, { id })).customer.annualRevenue, null, 'am2 reads through its grant');

    // Replication stops: from here the replica lags behind without end.
    await replica.query('STOP SLAVE');
    const renamed = `${customer.name}·新`;
    await primary.query(`UPDATE ${DB}.customer SET name = ? WHERE id = ?`, [renamed, id]);
    await primary.query(`UPDATE ${DB}.customer SET deleted_at = CURRENT_TIMESTAMP(3) WHERE code = 'C000060'`);
    const tokenList = await gql(api.url, bi.token, LIST, { code: customer.code });
    assert.deepEqual(namesOf(tokenList), [customer.name], 'the token\'s list reads the replica');
    assert.equal(ok(await gql(api.url, gm, ONE, { id })).customer.name, renamed, 'a person reads the primary');
    const total = async (bearer) => ok(await gql(api.url, bearer, STATS)).customerStats.total;
    const [tokenTotal, personTotal] = [await total(bi.token), await total(gm)];
    assert.equal(tokenTotal, personTotal + 1, 'the token\'s aggregate counts the replica\'s rows');
    log(`replication stopped: token list "${namesOf(tokenList)[0]}", person "${renamed}"; totals token ${tokenTotal}, person ${personTotal}`);

    const readEvents = async (server, requestId) => (await server.query(
      `SELECT COUNT(*) AS n FROM ${DB}.audit_event WHERE action = 'READ' AND request_id = ?`, [requestId]))[0].n;
    assert.notEqual(tokenList.data.customers.edges[0].node.annualRevenue, null);
    assert.equal(Number(await readEvents(primary, tokenList.requestId)), 1, 'the token\'s READ event is on the primary');
    assert.equal(Number(await readEvents(replica, tokenList.requestId)), 0, 'and not on the (stopped) replica');

    await primary.query(`UPDATE ${DB}.access_grant SET revoked_at = CURRENT_TIMESTAMP(3) WHERE id = ?`, [gid]);
    const [staleGrant] = await replica.query(`SELECT revoked_at FROM ${DB}.access_grant WHERE id = ?`, [gid]);
    assert.equal(staleGrant.revoked_at, null, 'the replica still has the grant open');
    const afterRevoke = await gql(api.url, am2, ONE, { id });
    assert.equal(afterRevoke.data?.customer?.annualRevenue ?? null, null, 'a revoked grant opens nothing');
    assert.ok(codes(afterRevoke).length > 0 && codes(afterRevoke).every((c) => c === 'FIELD_CLASSIFIED' || c === 'NOT_FOUND'));

    ok(await gql(api.url, gm, REVOKE_TOKEN, { id: bi.apiToken.id }));
    const [staleToken] = await replica.query(`SELECT revoked_at FROM ${DB}.api_token WHERE id = ?`, [bi.apiToken.id]);
    assert.equal(staleToken.revoked_at, null, 'the replica still has the token valid');
    assert.deepEqual(codes(await gql(api.url, bi.token, LIST, { code: customer.code })), ['UNAUTHENTICATED'], 'a revoked token is refused');

    const write = await (async () => {
      const ro = await createConnection({ host: '127.0.0.1', port: REPLICA_PORT, user: 'custodian_ro', password: 'custodian-ro', database: DB });
      try {
        await ro.query("UPDATE customer SET name = 'x' WHERE id = ?", [id]);
        return 'written';
      } catch (err) {
        return err.code;
      } finally {
        await ro.end();
      }
    })();
    assert.notEqual(write, 'written', 'the read account cannot write on the replica');

    // Replication resumes: the replica catches up, READ events included.
    await replica.query('START SLAVE');
    await caughtUp(primary, replica);
    const fresh = await newToken(api, gm);
    await caughtUp(primary, replica);
    assert.deepEqual(namesOf(await gql(api.url, fresh.token, LIST, { code: customer.code })), [renamed], 'caught up');
    assert.equal(Number(await readEvents(replica, tokenList.requestId)), 1, 'the READ event reached the replica by replication');
    const [pc] = await primary.query(`SELECT COUNT(*) AS n, MAX(seq) AS hi FROM ${DB}.audit_event`);
    const [rc] = await replica.query(`SELECT COUNT(*) AS n, MAX(seq) AS hi FROM ${DB}.audit_event`);
    assert.deepEqual([Number(rc.n), Number(rc.hi)], [Number(pc.n), Number(pc.hi)]);
    Object.assign(out, {
      tokenListWhileStopped: 'replica (old value)', personReadWhileStopped: 'primary (new value)', readEventsOn: 'primary',
      revokedGrantWhileStopped: 'closed', revokedTokenWhileStopped: 'refused', readAccountWriteOnReplica: write,
      auditEventsAfterCatchUp: { primary: Number(pc.n), replica: Number(rc.n) },
    });
    log(`passed: ${JSON.stringify(out)}`);
  } finally {
    await api.stop();
    api.keepLog('replica');
    await Promise.all([primary.stop(), replica.stop()]);
    primary.keepLog('replica');
    replica.keepLog('replica');
  }
  return out;
}
