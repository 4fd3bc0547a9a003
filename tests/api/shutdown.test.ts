import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { DEMO_PASSWORD, TEST_DATABASE_URL } from '../support/db';
import { closeDb, customerId, sql } from '../support/fixtures';
import { createConnection } from 'mysql2/promise';
import { freePort } from '../support/net';

/**
 * A stopped API (SIGTERM: a deploy, a restart) lets the requests in flight finish — their READ
 * events written, their values delivered — before it closes the database, and exits cleanly.
 */

const READ = 'query { customers(first: 200) { edges { node { id annualRevenue taxId } } } }';

describe('graceful stop', () => {
  let child: ChildProcess;
  let output = '';
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await closeDb();
  });

  it('answers every request in flight, with its READ event, then exits 0', async () => {
    const port = await freePort();
    child = spawn(process.execPath, [join(__dirname, '../../api/dist/main.js')], {
      env: { ...process.env, NODE_ENV: 'production', API_PORT: String(port), API_HOST: '127.0.0.1', DATABASE_URL: TEST_DATABASE_URL, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (b: Buffer) => { output += b.toString(); });
    child.stderr!.on('data', (b: Buffer) => { output += b.toString(); });
    const url = `http://127.0.0.1:${port}/graphql`;
    for (let i = 0; i < 100; i++) {
      try { if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break; } catch { /* starting */ }
      await new Promise((r) => setTimeout(r, 200));
    }
    const post = (body: unknown, token?: string) => fetch(url, {
      method: 'POST', body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
    const login = await (await post({ query: 'mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { token } }', variables: { u: 'gm', p: DEMO_PASSWORD } })).json() as { data: { login: { token: string } } };
    const token = login.data.login.token;
    const [{ seq: before }] = await sql<{ seq: string }>('SELECT COALESCE(MAX(seq), 0) AS seq FROM audit_event');

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    type Answer = { status: number; body: { data?: { customers: { edges: Array<{ node: { annualRevenue: string | null } }> } }; errors?: Array<{ extensions: { code: string } }> } };
    const inFlight = Array.from({ length: 20 }, () => post({ query: READ }, token).then(
      async (r): Promise<Answer> => ({ status: r.status, body: await r.json() as Answer['body'] }),
      (): Answer => ({ status: 0, body: {} }),
    ));
    // Let the requests reach the server, then stop it while they run.
    await new Promise((r) => setTimeout(r, 60));
    child.kill('SIGTERM');
    const answers = await Promise.all(inFlight);
    const code = await exited;

    const answered = answers.filter((a) => a.status === 200);
    expect(answered.length).toBeGreaterThan(0);
    for (const a of answered) {
      const failures = (a.body.errors ?? []).map((e) => e.extensions.code).filter((c) => c !== 'FIELD_CLASSIFIED');
      expect(failures).toEqual([]);
      expect(a.body.data!.customers.edges.some((e) => e.node.annualRevenue !== null)).toBe(true);
    }
    // Every delivered answer had its READ event written first.
    const [{ n }] = await sql<{ n: string }>("SELECT COUNT(*) AS n FROM audit_event WHERE seq > ? AND action = 'READ' AND operation = 'customers'", [before]);
    expect(Number(n)).toBeGreaterThanOrEqual(answered.length);
    expect(code).toBe(0);
    expect(output).not.toMatch(/audit log unavailable|Pool is closed/);
  }, 60_000);

  it('finishes within its 10 s even with a statement stuck in a lock wait (the connection is destroyed)', async () => {
    const port = await freePort();
    let log = '';
    const api = spawn(process.execPath, [join(__dirname, '../../api/dist/main.js')], {
      env: {
        ...process.env, NODE_ENV: 'production', API_PORT: String(port), API_HOST: '127.0.0.1', DATABASE_URL: TEST_DATABASE_URL,
        LOG_LEVEL: 'warn', AUDIT_HMAC_KEY: 'shutdown-test-key-0123456789',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    api.stdout!.on('data', (b: Buffer) => { log += b.toString(); });
    api.stderr!.on('data', (b: Buffer) => { log += b.toString(); });
    const holder = await createConnection(TEST_DATABASE_URL);
    try {
      for (let i = 0; i < 100; i++) {
        try { if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break; } catch { /* starting */ }
        await new Promise((r) => setTimeout(r, 200));
      }
      const url = `http://127.0.0.1:${port}/graphql`;
      const post = (body: unknown, token?: string) => fetch(url, {
        method: 'POST', body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      });
      const signIn = { query: 'mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { token } }', variables: { u: 'am1', p: DEMO_PASSWORD } };
      const login = await (await post(signIn)).json() as { data: { login: { token: string } } };
      const id = await customerId('C000002');
      // Someone else holds the customer's row lock: the API's update waits (innodb_lock_wait_timeout, 50 s by default).
      await holder.query('START TRANSACTION');
      await holder.query('SELECT id FROM customer WHERE id = ? FOR UPDATE', [id]);
      const stuck = post({ query: 'mutation($i: UpdateCustomerInput!) { updateCustomer(input: $i) { id } }', variables: { i: { id, version: 1, notes: 'stuck' } } }, login.data.login.token)
        .then((r) => r.status, () => 0);
      await new Promise((r) => setTimeout(r, 500));
      const exited = new Promise<number | null>((resolve) => api.once('exit', (code) => resolve(code)));
      api.kill('SIGTERM');
      // Bounded wait: the stop's own limit is 10 s; the lock wait would last 50 s.
      let timer: NodeJS.Timeout | undefined;
      const code = await Promise.race([exited, new Promise<string>((r) => { timer = setTimeout(() => r('still running after 15 s'), 15_000); })]);
      clearTimeout(timer);
      expect(code).toBe(0);
      expect(await stuck).not.toBe(200);
      expect(log).toMatch(/destroyed \d+ database connection/);
    } finally {
      if (api.exitCode === null) api.kill('SIGKILL');
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
    }
  }, 60_000);
});
