import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createPool, Pool } from 'mysql2/promise';
import { DEMO_PASSWORD, TEST_DATABASE_URL } from '../support/db';
import {
  APP_DB_PASSWORD, APP_DB_USER, EXPORT, gapless, head, INTEGRITY, Query, recomputeChain, REPO_ROOT, runVerifier, urlAs,
} from '../support/audit';
import { freePort } from '../support/net';

/**
 * Crash test (DESIGN §4: "a write and its audit event commit in the same transaction"): two real API
 * processes (node api/dist/main.js, on the restricted custodian_app account) serve a stream of
 * versioned customer updates and audited reads against a dedicated database while one of them is
 * killed with SIGKILL at random moments and restarted. Afterwards every committed change has exactly
 * its UPDATE event (count, and before/after linking value to value up to the stored row), every
 * acknowledged write is among them, and the chain is gapless and verifies.
 */

const KILLS = 5;
const WRITERS = 4;
const READERS = 2;

const base = new URL(TEST_DATABASE_URL);
const DB_NAME = `${decodeURIComponent(base.pathname.slice(1))}_crash`.slice(0, 64);
const ROOT_URL = (() => { const u = new URL(TEST_DATABASE_URL); u.pathname = `/${DB_NAME}`; return u.toString(); })();
const APP_URL = urlAs(APP_DB_USER, APP_DB_PASSWORD, ROOT_URL);

const UPDATE = 'mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { id version notes } }';
const READ = 'query($id: ID!) { customer(id: $id) { id name annualRevenue taxId } }';
const LOGIN = 'mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { token } }';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One API process on a fixed port; restartable. */
class ApiProcess {
  child: ChildProcess | null = null;
  log: string[] = [];
  starts = 0;
  constructor(readonly port: number) {}
  get url(): string { return `http://127.0.0.1:${this.port}/graphql`; }

  start(): void {
    this.starts += 1;
    const child = spawn(process.execPath, [join(REPO_ROOT, 'api/dist/main.js')], {
      env: { ...process.env, NODE_ENV: 'production', API_PORT: String(this.port), API_HOST: '127.0.0.1', DATABASE_URL: APP_URL, LOG_LEVEL: 'warn', DATABASE_POOL_SIZE: '5',
        RATE_LIMIT_PER_TOKEN: '1000000', RATE_LIMIT_PER_IP: '1000000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (b: Buffer) => { this.log.push(b.toString()); if (this.log.length > 50) this.log.shift(); };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.child = child;
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  async healthy(deadlineMs = 30_000): Promise<void> {
    const until = Date.now() + deadlineMs;
    while (Date.now() < until) {
      try {
        const r = await fetch(`http://127.0.0.1:${this.port}/healthz`, { signal: AbortSignal.timeout(1000) });
        if (r.ok) return;
      } catch { /* not up yet */ }
      if (this.child && this.child.exitCode !== null) throw new Error(`API on ${this.port} exited ${this.child.exitCode}: ${this.log.join('')}`);
      await sleep(100);
    }
    throw new Error(`API on ${this.port} did not become healthy: ${this.log.join('')}`);
  }
}

async function gql(url: string, token: string | null, query: string, variables: Record<string, unknown>): Promise<any> {
  const res = await fetch(url, {
    method: 'POST', signal: AbortSignal.timeout(10_000),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, ...((await res.json()) as Record<string, unknown>) };
}

describe('audit under SIGKILL', () => {
  let pool: Pool;
  const query: Query = async (q, params = []) => (await pool.query(q, params))[0] as any[];
  const apis: ApiProcess[] = [];

  beforeAll(async () => {
    const admin = createPool({ uri: (() => { const u = new URL(ROOT_URL); u.pathname = '/'; return u.toString(); })(), connectionLimit: 1 });
    await admin.query(`DROP DATABASE IF EXISTS \`${DB_NAME}\``);
    await admin.end();
    const setup = spawnSync(process.execPath, [join(REPO_ROOT, 'migrations/dist/cli.js'), 'setup'], {
      env: { ...process.env, DATABASE_URL: ROOT_URL, MIGRATE_DATABASE_URL: ROOT_URL }, encoding: 'utf8', timeout: 60_000,
    });
    if (setup.status !== 0) throw new Error(`setup of ${DB_NAME} failed: ${setup.stdout}${setup.stderr}`);
    pool = createPool({ uri: ROOT_URL, timezone: 'Z', supportBigNumbers: true, bigNumberStrings: true, connectionLimit: 2 });
  }, 90_000);

  afterAll(async () => {
    for (const a of apis) await a.kill();
    await pool?.end();
  });

  it('never leaves a committed change without its event, and the chain verifies', async () => {
    apis.push(new ApiProcess(await freePort()), new ApiProcess(await freePort()));
    for (const a of apis) a.start();
    for (const a of apis) await a.healthy();

    const login = async (u: string) => (await gql(apis[0].url, null, LOGIN, { u, p: DEMO_PASSWORD })).data.login.token as string;
    const archivist = await login('archivist');
    const gm = await login('gm');
    const customers = (await query<{ id: string; version: number; notes: string | null }>(
      'SELECT id, version, notes FROM customer WHERE deleted_at IS NULL ORDER BY id LIMIT ?', [WRITERS]));
    const start = new Map(customers.map((c) => [String(c.id), { version: Number(c.version), notes: c.notes }]));
    const h0 = await head(query);

    let stop = false;
    const acked: Array<{ id: string; version: number; notes: string }> = [];
    const stats = { ok: 0, lost: 0, refused: 0, conflicts: 0, otherErrors: [] as string[], reads: 0 };
    const committedVersion = async (id: string) => Number((await query('SELECT version FROM customer WHERE id = ?', [id]))[0].version);

    const writer = async (k: number) => {
      const id = String(customers[k].id);
      let version = Number(customers[k].version);
      for (let n = 0; !stop; n++) {
        const api = apis[(k + n) % apis.length];
        const notes = `w${k}-${n}`;
        try {
          const r = await gql(api.url, archivist, UPDATE, { input: { id, version, notes } });
          const code = r.errors?.[0]?.extensions?.code;
          // Between listening and connecting to the database a restarted process answers 503 (INTERNAL): retry.
          if (r.status === 503) { await sleep(50); continue; }
          if (!code) {
            acked.push({ id, version: r.data.updateCustomer.version, notes });
            version = r.data.updateCustomer.version;
            stats.ok += 1;
          } else {
            if (code === 'CONFLICT') stats.conflicts += 1;
            else stats.otherErrors.push(`${code} ${r.status} ${r.errors[0].message}`);
            version = await committedVersion(id);
          }
        } catch (err) {
          // The process died under the request (or was down): it may or may not have committed. Ask the database.
          if ((err as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED') {
            stats.refused += 1; // never reached a server: nothing can have committed
            await sleep(100);
            continue;
          }
          stats.lost += 1;
          await sleep(50);
          version = await committedVersion(id);
        }
      }
    };
    const reader = async (k: number) => {
      for (let n = 0; !stop; n++) {
        try {
          const r = await gql(apis[(k + n) % apis.length].url, gm, READ, { id: String(customers[n % customers.length].id) });
          if (r.data?.customer?.annualRevenue !== undefined) stats.reads += 1;
        } catch {
          await sleep(100);
        }
      }
    };

    const load = [...Array.from({ length: WRITERS }, (_, k) => writer(k)), ...Array.from({ length: READERS }, (_, k) => reader(k))];
    // Kill the processes in turn at random moments while they serve; a restart proceeds while the
    // other one keeps serving (and may itself be killed before the first is back).
    const ready = new Map(apis.map((a) => [a, Promise.resolve()]));
    const t0 = Date.now();
    for (let i = 0; i < KILLS; i++) {
      const victim = apis[i % apis.length];
      await ready.get(victim);
      await sleep(300 + Math.floor(Math.random() * 1200));
      await victim.kill();
      victim.start();
      ready.set(victim, victim.healthy());
    }
    await Promise.all(ready.values());
    await sleep(300);
    stop = true;
    await Promise.all(load);
    for (const a of apis) await a.healthy();
    console.log(`audit crash test: ${KILLS} kills in ${Date.now() - t0} ms; writes: ${stats.ok} acknowledged, ${stats.lost} cut off in flight, `
      + `${stats.refused} refused while down, ${stats.conflicts} conflicts after an unknown outcome; ${stats.reads} audited reads`);

    expect(apis.reduce((n, a) => n + a.starts, 0)).toBe(apis.length + KILLS);
    expect(stats.ok).toBeGreaterThan(0);
    expect(stats.otherErrors).toEqual([]);

    // Every committed change has exactly its event: count per customer, and values linked end to end.
    for (const c of customers) {
      const id = String(c.id);
      const [row] = await query('SELECT version, notes FROM customer WHERE id = ?', [id]);
      const events = await query<{ changes: string }>(
        `SELECT e.changes FROM audit_event e WHERE e.action = 'UPDATE' AND e.entity_type = 'Customer' AND e.entity_id = ? AND e.seq > ? ORDER BY e.seq`, [id, h0.seq]);
      expect({ id, events: events.length }).toEqual({ id, events: Number(row.version) - start.get(id)!.version });
      let notes = start.get(id)!.notes;
      for (const e of events) {
        const change = JSON.parse(e.changes).notes;
        expect(change.before).toBe(notes);
        notes = change.after;
      }
      expect(notes).toBe(row.notes);
      const written = new Set(events.map((e) => JSON.parse(e.changes).notes.after));
      for (const a of acked.filter((x) => x.id === id)) expect(written.has(a.notes)).toBe(true);
    }

    // The chain: gapless, recomputed independently, by the API, and by the external verifier on a full export.
    const g = await gapless(query);
    expect(g).toMatchObject({ min: 1, count: g.max, distinct: g.max, head: g.max });
    expect(await recomputeChain(query)).toMatchObject({ firstBroken: null, checked: g.max });
    const auditor = (await gql(apis[1].url, null, LOGIN, { u: 'auditor', p: DEMO_PASSWORD })).data.login.token;
    const integrity = (await gql(apis[1].url, auditor, INTEGRITY, {})).data.auditIntegrity;
    expect(integrity).toMatchObject({ ok: true, firstBrokenSeq: null });
    expect(integrity.checked).toBe(integrity.headSeq);
    const exported = (await gql(apis[0].url, auditor, EXPORT, { limit: 100000 })).data.auditExport;
    const [{ hash: exportHead }] = await query("SELECT hash FROM audit_event WHERE action = 'EXPORT' ORDER BY seq DESC LIMIT 1");
    const verified = runVerifier(exported.csv, ['--contiguous', '--head', exportHead]);
    expect({ status: verified.status, out: verified.stdout.split('\n')[0] }).toMatchObject({ status: 0 });
  }, 120_000);
});
