import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { redactSqlMessage, safeError } from '@custodian/api';
import { DEMO_PASSWORD, TEST_DATABASE_URL } from '../support/db';
import { closeDb, sql } from '../support/fixtures';
import { freePort } from '../support/net';

/**
 * No log line carries a value above INTERNAL (docs/audit.md, "Logs"): a write that fails in the
 * database with a CLASSIFIED value in its statement (a contact's homePhone under a duplicate key)
 * is logged — at debug level, with the statement — without the value, its parameters or the
 * driver's message quoting it.
 */

const HOME_PHONE = '13957112468';
const INDEX = `ux_log_test_${process.pid}`;

describe('application log', () => {
  let api: ChildProcess;
  let log = '';
  let url = '';

  beforeAll(async () => {
    const port = await freePort();
    api = spawn(process.execPath, [join(__dirname, '../../api/dist/main.js')], {
      env: {
        ...process.env, NODE_ENV: 'production', API_PORT: String(port), API_HOST: '127.0.0.1', DATABASE_URL: TEST_DATABASE_URL,
        LOG_LEVEL: 'debug', AUDIT_HMAC_KEY: 'log-test-audit-key-0123456789',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    api.stdout!.on('data', (b: Buffer) => { log += b.toString(); });
    api.stderr!.on('data', (b: Buffer) => { log += b.toString(); });
    url = `http://127.0.0.1:${port}/graphql`;
    for (let i = 0; i < 150; i++) {
      try { if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break; } catch { /* starting */ }
      await new Promise((r) => setTimeout(r, 200));
    }
    // A duplicate key that puts the home phone into the driver's message.
    await sql(`CREATE UNIQUE INDEX ${INDEX} ON contact (customer_id, home_phone)`);
  }, 60_000);
  afterAll(async () => {
    await sql(`DROP INDEX ${INDEX} ON contact`).catch(() => undefined);
    if (api.exitCode === null) api.kill('SIGTERM');
    await closeDb();
  });

  const post = async (query: string, variables: Record<string, unknown>, token?: string) => {
    const res = await fetch(url, {
      method: 'POST', body: JSON.stringify({ query, variables }),
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
    return await res.json() as { data?: any; errors?: Array<{ extensions: { code: string } }> };
  };

  it('failed writes with a CLASSIFIED value in their SQL leave no trace of the value in the log', async () => {
    const login = await post('mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { token } }', { u: 'archivist', p: DEMO_PASSWORD });
    const token = login.data.login.token as string;
    const [archive] = await sql("SELECT c.id FROM customer c JOIN app_user u ON u.id = c.custodian_id WHERE u.username = 'archivist' AND c.archive_level = 'CLASSIFIED' ORDER BY c.id LIMIT 1");
    const create = 'mutation($i: CreateContactInput!) { createContact(input: $i) { id version } }';
    const first = await post(create, { i: { customerId: String(archive.id), name: '日志测试', homePhone: HOME_PHONE } }, token);
    expect(first.errors).toBeUndefined();
    const again = await post(create, { i: { customerId: String(archive.id), name: '日志测试二', homePhone: HOME_PHONE } }, token);
    expect(again.errors?.map((e) => e.extensions.code)).toEqual(['CONFLICT']);
    const other = await post(create, { i: { customerId: String(archive.id), name: '日志测试三' } }, token);
    const update = await post('mutation($i: UpdateContactInput!) { updateContact(input: $i) { id } }',
      { i: { id: other.data.createContact.id, version: other.data.createContact.version, homePhone: HOME_PHONE } }, token);
    expect(update.errors?.map((e) => e.extensions.code)).toEqual(['CONFLICT']);
    await new Promise((r) => setTimeout(r, 300));
    // The failures were logged (so the log is what would have carried the value) …
    expect(log).toMatch(/query failed/);
    expect(log).toMatch(/ER_DUP_ENTRY/);
    // … without it, in any form.
    expect(log).not.toContain(HOME_PHONE);
    expect(log).not.toContain(HOME_PHONE.slice(-8));
    expect(log).not.toMatch(/"parameters"|"sqlMessage"/);
  });

  it('error serialisation: parameters, SQL and driver errors dropped, quoted values in driver messages replaced', () => {
    const driver = Object.assign(new Error(`Duplicate entry '42-${HOME_PHONE}' for key 'ux_contact'`), {
      code: 'ER_DUP_ENTRY', errno: 1062, sqlState: '23000', sqlMessage: `Duplicate entry '42-${HOME_PHONE}' for key 'ux_contact'`,
      sql: `INSERT INTO contact (home_phone) VALUES ('${HOME_PHONE}')`,
    });
    const failed = Object.assign(new Error(driver.message), { ...driver, query: 'INSERT INTO contact (home_phone) VALUES (?)', parameters: [HOME_PHONE], driverError: driver });
    const text = JSON.stringify(safeError(failed));
    expect(text).not.toContain(HOME_PHONE);
    expect(text).toContain('ER_DUP_ENTRY');
    expect(text).toContain("for key 'ux_contact'");
    expect(redactSqlMessage("Incorrect integer value: '1abc' for column 'id' at row 1")).toBe("Incorrect integer value: '?' for column 'id' at row 1");
  });
});
