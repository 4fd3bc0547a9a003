// The auditor's queries on a large audit log: `node tests/bench/audit-scale.mjs [--events N] [--no-fill]`.
// Appends N events (default 2,000,000) to the log of DATABASE_URL (default custodian_bench_medium, filled
// by `npm run db:generate`) as a real hash chain — built with the API's own event code, so the integrity
// check still passes — then starts the API and times what the audit page asks: the first page with its
// total, each filter, a customer's history, a deep page, the CSV export and the integrity check.
// A tool, not a test: it writes results/audit.json and prints a table.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPool } from 'mysql2/promise';
import { API_NODE_FLAGS } from '../../scripts/api-node-flags.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const require = createRequire(import.meta.url);
const { toStored, canonicalEvent, chainHash, targetRows, CHAIN_COLUMNS } = require(join(root, 'api/dist/audit/event.js'));
const { rng } = require(join(root, 'migrations/dist/rows.js'));

const arg = (name, fallback) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? process.argv[i + 1] : fallback; };
const events = Number(arg('events', 2_000_000));
const fill = !process.argv.includes('--no-fill');
const runs = Number(arg('runs', 3));
const databaseUrl = process.env.DATABASE_URL || 'mysql://root@127.0.0.1:3306/custodian_bench_medium';
const password = process.env.DEMO_PASSWORD || 'Custodian-demo-1';
const log = (...a) => console.log('[audit-scale]', ...a);

/** The mix of a working log: mostly READs of classified values by account managers, some writes, sign-ins, the rest. */
const MIX = [
  [0.62, 'READ'], [0.10, 'UPDATE'], [0.05, 'CREATE'], [0.08, 'LOGIN'], [0.03, 'LOGIN_FAILED'], [0.04, 'LOGOUT'],
  [0.03, 'DENY'], [0.02, 'EXPORT'], [0.01, 'ACCESS_REQUEST'], [0.01, 'ACCESS_APPROVE'], [0.01, 'AUDIT_VIEW'],
];

async function append(db) {
  const rnd = rng(7);
  const [users] = await db.query('SELECT id, username FROM app_user ORDER BY id');
  const [[{ lo, hi }]] = await db.query('SELECT MIN(id) AS lo, MAX(id) AS hi FROM customer');
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const actionOf = () => { let x = rnd(); for (const [p, a] of MIX) { if ((x -= p) < 0) return a; } return 'READ'; };
  const year = 365 * 86400_000;
  const start = Date.now() - year;
  const BATCH = 2000;
  const began = Date.now();
  for (let done = 0; done < events; done += BATCH) {
    const conn = await db.getConnection();
    try {
      await conn.beginTransaction();
      const [[head]] = await conn.query('SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE');
      let seq = Number(head.seq);
      let prev = head.hash;
      const rows = [];
      const targets = [];
      for (let i = 0; i < Math.min(BATCH, events - done); i++) {
        seq += 1;
        const user = pick(users);
        const action = actionOf();
        const at = new Date(start + Math.floor(((done + i) / events) * year));
        const customerId = String(lo + Math.floor(rnd() * (Number(hi) - Number(lo) + 1)));
        const read = action === 'READ';
        const level = read ? (rnd() < 0.06 ? 'CLASSIFIED' : 'CONFIDENTIAL') : action === 'DENY' ? 'CLASSIFIED' : rnd() < 0.5 ? 'INTERNAL' : null;
        // A detail read names one customer; a list read names a page of them; a write its customer.
        const entityTargets = read
          ? Array.from({ length: rnd() < 0.7 ? 1 : 20 }, (_, k) => ({ entityType: 'Customer', entityId: k ? String(lo + Math.floor(rnd() * (Number(hi) - Number(lo) + 1))) : customerId, fields: ['creditLimit', 'phone'] }))
          : action === 'LOGIN' || action === 'LOGOUT' ? [] : [{ entityType: 'Customer', entityId: customerId }];
        const input = {
          at, actorUserId: String(user.id), actorUsername: user.username, actorTokenId: null, ip: `10.0.${seq % 200}.${seq % 250}`,
          userAgent: 'Mozilla/5.0', requestId: `req-${seq}`, operation: read ? 'CustomerDetail' : action === 'UPDATE' ? 'UpdateCustomer' : null,
          action, outcome: action === 'DENY' ? 'DENIED' : action === 'LOGIN_FAILED' ? 'FAILURE' : 'SUCCESS', maxLevel: level, grantId: null,
          purpose: null, entityType: read || action === 'LOGIN' || action === 'LOGOUT' ? null : 'Customer',
          entityId: read || action === 'LOGIN' || action === 'LOGOUT' ? null : customerId,
          fields: read ? ['creditLimit', 'phone'] : null,
          changes: action === 'UPDATE' ? { phone: { before: '13800000000', after: '13900000000' } } : null,
          detail: null, targets: entityTargets,
        };
        const own = targetRows(input);
        const stored = toStored(seq, input, own);
        const hash = chainHash(prev, canonicalEvent(stored));
        rows.push([...CHAIN_COLUMNS.map((c) => stored[c]), prev, hash]);
        prev = hash;
        for (const t of own) targets.push([seq, ...t]);
      }
      await conn.query(`INSERT INTO audit_event (${[...CHAIN_COLUMNS, 'prev_hash', 'hash'].join(',')}) VALUES ?`, [rows]);
      if (targets.length) await conn.query('INSERT INTO audit_target (seq, entity_type, entity_id, fields) VALUES ?', [targets]);
      await conn.query('UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1', [seq, prev]);
      await conn.commit();
    } catch (e) {
      await conn.rollback();
      throw e;
    } finally {
      conn.release();
    }
    if ((done / BATCH) % 100 === 0) log(`appended ${done.toLocaleString('en')} (${Math.round(done / ((Date.now() - began) / 1000 + 0.001))}/s)`);
  }
}

const freePort = () => new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const EVENTS = `query Audit($first: Int!, $after: String, $where: AuditEventWhere) {
  auditEvents(first: $first, after: $after, where: $where) { totalCount pageInfo { endCursor hasNextPage } edges { node { seq action } } } }`;
const EVENTS_NO_TOTAL = EVENTS.replace('totalCount ', '');

async function main() {
  const db = createPool({ uri: databaseUrl, connectionLimit: 2, supportBigNumbers: true, bigNumberStrings: true });
  if (fill) {
    log(`appending ${events.toLocaleString('en')} events to ${databaseUrl.replace(/\/\/[^@]*@/, '//')}`);
    await append(db);
  }
  const [[{ n: total }]] = await db.query('SELECT COUNT(*) AS n FROM audit_event');
  const [[{ n: targetRows }]] = await db.query('SELECT COUNT(*) AS n FROM audit_target');
  const [[busiest]] = await db.query("SELECT entity_id AS id FROM audit_target WHERE entity_type = 'Customer' AND seq > (SELECT MAX(seq) - 100000 FROM audit_event) GROUP BY entity_id ORDER BY COUNT(*) DESC LIMIT 1");
  const [[am1]] = await db.query("SELECT id FROM app_user WHERE username = 'am1'");
  log(`log: ${Number(total).toLocaleString('en')} events, ${Number(targetRows).toLocaleString('en')} targets`);

  const port = await freePort();
  const api = spawn(process.execPath, [...API_NODE_FLAGS, join(root, 'api/dist/main.js')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, API_PORT: String(port), LOG_LEVEL: 'warn', NODE_ENV: 'production', RATE_LIMIT_PER_TOKEN: '0', RATE_LIMIT_PER_IP: '0' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}/graphql`;
  try {
    for (let i = 0; ; i++) {
      try { if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break; } catch { /* not up yet */ }
      if (i > 300 || api.exitCode !== null) throw new Error('API did not come up');
      await sleep(200);
    }
    const gql = async (token, query, variables) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
      const body = await res.json();
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    const { login } = await gql(null, 'mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { token } }', { u: 'auditor', p: password });
    const token = login.token;
    const timed = async (fn) => {
      const times = [];
      let out;
      for (let i = 0; i < runs; i++) { const t = performance.now(); out = await fn(); times.push(performance.now() - t); }
      times.sort((a, b) => a - b);
      return { ms: Math.round(times[Math.floor(times.length / 2)]), out };
    };
    const day = 86400_000;
    const cases = [
      ['first page of 50, with total (what the page asks)', { first: 50 }, true],
      ['first page of 50, no total', { first: 50 }, false],
      ['action READ', { first: 50, where: { action: ['READ'] } }, true],
      ['action DENY (3%)', { first: 50, where: { action: ['DENY'] } }, true],
      ['minLevel CLASSIFIED', { first: 50, where: { minLevel: 'CLASSIFIED' } }, true],
      ['outcome FAILURE', { first: 50, where: { outcome: 'FAILURE' } }, true],
      ['person am1', { first: 50, where: { actor: 'am1' } }, true],
      ['last 7 days', { first: 50, where: { from: new Date(Date.now() - 7 * day).toISOString() } }, true],
      ['one week half a year ago', { first: 50, where: { from: new Date(Date.now() - 190 * day).toISOString(), to: new Date(Date.now() - 183 * day).toISOString() } }, true],
      ['am1, CLASSIFIED, that week', { first: 50, where: { actor: 'am1', minLevel: 'CLASSIFIED', from: new Date(Date.now() - 190 * day).toISOString(), to: new Date(Date.now() - 183 * day).toISOString() } }, true],
      ['one customer\'s history', { first: 50, where: { entityType: 'Customer', entityId: String(busiest?.id ?? 1) } }, true],
    ];
    const results = [];
    for (const [name, variables, withTotal] of cases) {
      const { ms, out } = await timed(() => gql(token, withTotal ? EVENTS : EVENTS_NO_TOTAL, variables));
      results.push({ query: name, ms, rows: out.auditEvents.edges.length, total: out.auditEvents.totalCount ?? null });
    }
    // Page 200 of the unfiltered log, reached by its cursor (the walk itself is not timed).
    let after = null;
    for (let i = 0; i < 199; i++) after = (await gql(token, EVENTS_NO_TOTAL, { first: 50, after })).auditEvents.pageInfo.endCursor;
    const deep = await timed(() => gql(token, EVENTS_NO_TOTAL, { first: 50, after }));
    results.push({ query: 'page 200 (by cursor)', ms: deep.ms, rows: deep.out.auditEvents.edges.length, total: null });
    const exp = await timed(() => gql(token, 'query($input: AuditExportInput!) { auditExport(input: $input) { rows } }', { input: { where: { actor: 'am1' }, limit: 10000 } }));
    results.push({ query: 'CSV export, am1, 10,000 rows', ms: exp.ms, rows: exp.out.auditExport.rows, total: null });
    const weekAgo = { from: new Date(Date.now() - 7 * day).toISOString() };
    const recentExport = await timed(() => gql(token, 'query($input: AuditExportInput!) { auditExport(input: $input) { rows } }', { input: { where: weekAgo, limit: 10000 } }));
    results.push({ query: 'CSV export, last 7 days, 10,000 rows', ms: recentExport.ms, rows: recentExport.out.auditExport.rows, total: null });
    const t = performance.now();
    const { auditIntegrity } = await gql(token, '{ auditIntegrity { ok checked } }');
    results.push({ query: `integrity check (ok: ${auditIntegrity.ok})`, ms: Math.round(performance.now() - t), rows: auditIntegrity.checked, total: null });

    console.table(results);
    mkdirSync(join(here, 'results'), { recursive: true });
    const file = join(here, 'results', 'audit.json');
    writeFileSync(file, `${JSON.stringify({ events: Number(total), targets: Number(targetRows), results }, null, 2)}\n`);
    log(`wrote ${file}`);
  } finally {
    api.kill('SIGTERM');
    await db.end();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
