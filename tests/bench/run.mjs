// Benchmark (issue 7): `npm run bench -- --scale small|medium [--duration S] [--connections N]`.
// Starts the API (node api/dist/main.js) and the hand-written-SQL baseline (baseline.mjs) on free
// ports against DATABASE_URL (default custodian_bench_<scale>, filled by `npm run db:generate`),
// drives them with autocannon and writes results/<scale>.json. A tool, not a test.
import { spawn } from 'node:child_process';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createPool } from 'mysql2/promise';
import { API_NODE_FLAGS } from '../../scripts/api-node-flags.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const scale = arg('scale', 'small');
const duration = Number(arg('duration', 10));
const connections = Number(arg('connections', 16));
const out = arg('out', join(here, 'results', `${scale}.json`));
const databaseUrl = process.env.DATABASE_URL || `mysql://root@127.0.0.1:3306/custodian_bench_${scale}`;
const password = process.env.DEMO_PASSWORD || 'Custodian-demo-1';
const log = (...a) => console.log('[bench]', ...a);

const freePort = () => new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(url, child, what) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch { /* not up yet */ }
    await sleep(200);
  }
  throw new Error(`${what} did not come up`);
}

function start(file, env, what, flags = []) {
  const child = spawn(process.execPath, [...flags, file], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => { err = (err + d).slice(-4000); });
  child.on('exit', (code) => { if (code && !child.stopping) console.error(`${what} exited ${code}: ${err}`); });
  return child;
}

/** Peak resident set of a process, sampled from /proc every 100 ms. */
function rssSampler(pid) {
  let peak = 0;
  const sample = () => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]) / 1024);
    } catch { /* process gone */ }
  };
  sample();
  const timer = setInterval(sample, 100);
  return { peak: () => peak, reset: () => { peak = 0; sample(); }, stop: () => clearInterval(timer) };
}

const round = (n, d = 1) => (n === null || n === undefined || Number.isNaN(n) ? null : Math.round(n * 10 ** d) / 10 ** d);

async function main() {
  const db = createPool({ uri: databaseUrl, connectionLimit: 2, supportBigNumbers: true, bigNumberStrings: true });
  const [[{ n: customerCount }]] = await db.query('SELECT COUNT(*) AS n FROM customer WHERE deleted_at IS NULL');
  if (Number(customerCount) === 0) {
    throw new Error(`no customers in ${databaseUrl}: run DATABASE_URL=${databaseUrl} npm run db:generate -- --scale ${scale} first`);
  }
  log(`${scale}: ${Number(customerCount).toLocaleString('en')} customers in ${databaseUrl.replace(/\/\/[^@]*@/, '//')}; ${connections} connections, ${duration}s per run`);

  const apiPort = await freePort();
  const basePort = await freePort();
  // Rate limits off for the load generator (one IP, one token); every other limit stays at its default.
  const api = start(join(root, 'api/dist/main.js'), { DATABASE_URL: databaseUrl, API_PORT: String(apiPort), LOG_LEVEL: 'warn', RATE_LIMIT_PER_TOKEN: '0', RATE_LIMIT_PER_IP: '0', NODE_ENV: 'production', SQL_STATEMENTS_HEADER: 'true' }, 'API', API_NODE_FLAGS);
  const baseline = start(join(here, 'baseline.mjs'), { DATABASE_URL: databaseUrl, PORT: String(basePort) }, 'baseline');
  const stopAll = () => { for (const c of [api, baseline]) { c.stopping = true; if (c.exitCode === null) c.kill('SIGTERM'); } };
  process.on('SIGINT', () => { stopAll(); process.exit(130); });
  const results = [];
  try {
    const apiUrl = `http://127.0.0.1:${apiPort}/graphql`;
    const baseUrl = `http://127.0.0.1:${basePort}`;
    await waitFor(`http://127.0.0.1:${apiPort}/healthz`, api, 'API');
    await waitFor(`${baseUrl}/healthz`, baseline, 'baseline');
    const rss = rssSampler(api.pid);

    const gql = async (bearer, query, variables) => {
      const res = await fetch(apiUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) }, body: JSON.stringify({ query, variables }) });
      const body = await res.json();
      return { body, statements: Number(res.headers.get('x-sql-statements')) };
    };
    const login = async (username) => {
      const { body } = await gql(null, 'mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { token } }', { u: username, p: password });
      if (!body.data?.login) throw new Error(`login ${username}: ${JSON.stringify(body.errors)}`);
      return body.data.login.token;
    };
    const am1 = await login('am1');
    const gm = await login('gm');
    const [[{ id: am1Id }]] = await db.query("SELECT id FROM app_user WHERE username = 'am1'");
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const made = await gql(gm, 'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }',
      { input: { name: `bench-${Date.now()}`, clearance: 'CONFIDENTIAL', scope: 'ALL', expiresAt } });
    const exportToken = made.body.data.createApiToken.token;

    /** Statements per request (x-sql-statements), averaged over a few sequential requests. */
    const sqlPer = async (bearer, query, variables) => {
      let total = 0;
      for (let i = 0; i < 3; i++) {
        const r = await gql(bearer, query, variables);
        if (r.body.errors?.some((e) => e.extensions?.code !== 'FIELD_CLASSIFIED')) throw new Error(JSON.stringify(r.body.errors.slice(0, 2)));
        total += r.statements;
      }
      return total / 3;
    };
    const cannon = (opts) => new Promise((resolve, reject) => {
      const inst = autocannon({ connections, duration, ...opts }, (err, res) => (err ? reject(err) : resolve(res)));
      autocannon.track(inst, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false });
    });
    const gqlRequests = (bearer, bodies) => ({
      url: apiUrl, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      requests: [{ setupRequest: (req, ctx) => { ctx.i = (ctx.i ?? Math.floor(Math.random() * bodies.length)) + 1; return { ...req, body: bodies[ctx.i % bodies.length] }; } }],
    });
    const summary = (r) => {
      if (r.non2xx > 0 || r.errors > 0) log(`  warning: ${r.non2xx} non-2xx, ${r.errors} errors`);
      return { rps: r.requests.average, p50Ms: r.latency.p50, p99Ms: r.latency.p99 };
    };

    // ---- list: an account manager's customer list page ------------------------------------------
    const LIST = `query List($where: CustomerWhere) { customers(first: 50, where: $where, orderBy: { field: UPDATED_AT, direction: DESC }) {
      totalCount pageInfo { endCursor hasNextPage }
      edges { node { id code name status grade phone archiveLevel updatedAt primaryContact { name mobile } lastActivityAt openOrderAmount } } } }`;
    const listOn = JSON.stringify({ query: LIST, variables: {} });
    const listOff = JSON.stringify({ query: LIST.replace('primaryContact { name mobile }', 'primaryContact { name }'), variables: { where: { archiveLevelIn: ['PUBLIC', 'INTERNAL'] } } });
    {
      log('list: API (audited: the page holds CONFIDENTIAL archives and contact mobiles)');
      const sql = await sqlPer(am1, LIST, {});
      rss.reset();
      const on = summary(await cannon(gqlRequests(am1, [listOn])));
      log('list: API, audit off (INTERNAL archives, INTERNAL fields only)');
      const off = summary(await cannon(gqlRequests(am1, [listOff])));
      const rssMb = rss.peak();
      log('list: baseline');
      const base = summary(await cannon({ url: `${baseUrl}/list?owner=${am1Id}` }));
      results.push({ scenario: 'list', ...on, sqlPerRequest: sql, baselineRps: base.rps, ratio: on.rps / base.rps, auditOffRps: off.rps, rssMb });
    }

    // ---- detail: one customer with CONFIDENTIAL fields, 20 contacts, activities and orders with lines ---
    const DETAIL = `query Detail($id: ID!) { customer(id: $id) {
      id code name kind type status grade industry region province city address phone website source headcount legalRepresentative
      creditRating annualRevenue registeredCapital taxId bankName financialNotes version updatedAt
      owner { id displayName } department { id name }
      contacts(first: 20) { totalCount edges { node { id name title officePhone email mobile birthday isPrimary } } }
      activities(first: 20) { totalCount edges { node { id type subject outcome occurredAt } } }
      salesOrders(first: 20) { totalCount edges { node { id orderNo orderDate status amount receivedAmount
        lines { id lineNo product quantity unitPrice amount costPrice discount } } } } } }`;
    const CONFIDENTIAL_FIELDS = ['creditRating annualRevenue registeredCapital taxId bankName financialNotes', ' mobile birthday', ' costPrice discount'];
    let detailOff = DETAIL;
    for (const f of CONFIDENTIAL_FIELDS) detailOff = detailOff.replace(f, '');
    const [detailRows] = await db.query(`SELECT c.id FROM customer c WHERE c.owner_id = ? AND c.deleted_at IS NULL AND c.archive_level = 'INTERNAL'
      ORDER BY (SELECT COUNT(*) FROM sales_order o WHERE o.customer_id = c.id) DESC, c.id LIMIT 50`, [am1Id]);
    const ids = detailRows.map((r) => String(r.id));
    {
      log(`detail: API over ${ids.length} of am1's customers (audited: CONFIDENTIAL fields the owner may read)`);
      const sql = await sqlPer(am1, DETAIL, { id: ids[0] });
      rss.reset();
      const on = summary(await cannon(gqlRequests(am1, ids.map((id) => JSON.stringify({ query: DETAIL, variables: { id } })))));
      log('detail: API, audit off (same customers, INTERNAL fields only)');
      const off = summary(await cannon(gqlRequests(am1, ids.map((id) => JSON.stringify({ query: detailOff, variables: { id } })))));
      const rssMb = rss.peak();
      log('detail: baseline');
      const base = summary(await cannon({ url: `${baseUrl}/detail`, requests: [{ setupRequest: (req, ctx) => {
        ctx.i = (ctx.i ?? Math.floor(Math.random() * ids.length)) + 1;
        return { ...req, path: `/detail?id=${ids[ctx.i % ids.length]}` };
      } }] }));
      results.push({ scenario: 'detail', ...on, sqlPerRequest: sql, baselineRps: base.rps, ratio: on.rps / base.rps, auditOffRps: off.rps, rssMb });
    }

    // ---- export: a token walking all customers, 1,000 per page, 15 fields -----------------------
    const EXPORT = `query Export($after: String, $where: CustomerWhere) { customers(first: 1000, after: $after, where: $where) {
      pageInfo { endCursor hasNextPage } edges { node { id code name kind type status grade industry region province city phone
      creditRating annualRevenue updatedAt } } } }`;
    const EXPORT_OFF = EXPORT.replace('creditRating annualRevenue', 'source headcount');
    /** Walkers in parallel, each walking all customers from the start, until the walk ends or time is up. */
    const walk = async (fetchPage, walkers) => {
      const deadline = Date.now() + Math.max(duration, 5) * 1000;
      const latencies = [];
      const pages = [];
      let rows = 0;
      const started = Date.now();
      await Promise.all(Array.from({ length: walkers }, async () => {
        let after = null;
        let index = 0;
        while (Date.now() < deadline) {
          const t = performance.now();
          const page = await fetchPage(after);
          const ms = performance.now() - t;
          latencies.push(ms);
          pages.push({ index: index++, ms, rows: page.rows });
          rows += page.rows;
          if (!page.next) break;
          after = page.next;
        }
      }));
      const seconds = (Date.now() - started) / 1000;
      latencies.sort((a, b) => a - b);
      const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))];
      const maxIndex = Math.max(...pages.map((p) => p.index));
      const avg = (list) => list.reduce((s, p) => s + p.ms, 0) / Math.max(1, list.length);
      const flat = avg(pages.filter((p) => p.index >= maxIndex * 0.8)) / avg(pages.filter((p) => p.index <= maxIndex * 0.2));
      return { rps: rows / seconds, p50Ms: pct(0.5), p99Ms: pct(0.99), pages: pages.length, deepestPage: maxIndex + 1, lastToFirst: flat };
    };
    const apiPage = (query, where) => async (after) => {
      const res = await fetch(apiUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${exportToken}` },
        body: JSON.stringify({ query, variables: { after, where } }) });
      const body = await res.json();
      const conn = body.data?.customers;
      if (!conn) throw new Error(JSON.stringify(body.errors?.slice(0, 2)));
      return { rows: conn.edges.length, next: conn.pageInfo.hasNextPage ? conn.pageInfo.endCursor : null };
    };
    {
      const walkers = Math.min(4, connections);
      log(`export: API, ${walkers} token walkers x 1000 rows (audited: CONFIDENTIAL creditRating/annualRevenue)`);
      const sql = await sqlPer(exportToken, EXPORT, {});
      rss.reset();
      const on = await walk(apiPage(EXPORT, undefined), walkers);
      log(`  ${Math.round(on.rps)} rows/s over ${on.pages} pages (deepest ${on.deepestPage}); last/first page time ${round(on.lastToFirst, 2)}`);
      log('export: API, audit off (INTERNAL fields of INTERNAL and PUBLIC archives)');
      const off = await walk(apiPage(EXPORT_OFF, { archiveLevelIn: ['PUBLIC', 'INTERNAL'] }), walkers);
      const rssMb = rss.peak();
      log('export: baseline');
      const base = await walk(async (after) => {
        const body = await (await fetch(`${baseUrl}/export?first=1000${after ? `&after=${after}` : ''}`)).json();
        return { rows: body.rows.length, next: body.hasNextPage ? body.endCursor : null };
      }, walkers);
      results.push({ scenario: 'export', rps: on.rps, p50Ms: on.p50Ms, p99Ms: on.p99Ms, sqlPerRequest: sql, baselineRps: base.rps, ratio: on.rps / base.rps,
        auditOffRps: off.rps, rssMb, unit: 'rows/s', pages: on.pages, lastToFirstPageTime: round(on.lastToFirst, 2) });
    }

    // ---- stats: salesStats by MONTH x GRADE over all orders -----------------------------------------
    const STATS = JSON.stringify({ query: '{ salesStats(groupBy: [MONTH, GRADE]) { rows { period grade count amount received outstanding } totals { count amount } } }' });
    {
      log('stats: salesStats MONTH x GRADE as gm, one request at a time (the target is its latency)');
      const sql = await sqlPer(gm, JSON.parse(STATS).query, {});
      rss.reset();
      const r = summary(await cannon({ ...gqlRequests(gm, [STATS]), connections: 1 }));
      results.push({ scenario: 'stats', ...r, sqlPerRequest: sql, baselineRps: null, ratio: null, auditOffRps: null, rssMb: rss.peak() });
    }

    // ---- write: create an activity (audited) ---------------------------------------------------------
    const WRITE = 'mutation($input: CreateActivityInput!) { createActivity(input: $input) { id version } }';
    {
      log('write: createActivity as am1 (audited in the same transaction)');
      const body = (id) => JSON.stringify({ query: WRITE, variables: { input: { customerId: id, type: 'CALL', subject: '基准测试回访', occurredAt: new Date().toISOString() } } });
      const sql = await sqlPer(am1, WRITE, JSON.parse(body(ids[0])).variables);
      rss.reset();
      const r = summary(await cannon(gqlRequests(am1, ids.map(body))));
      results.push({ scenario: 'write', ...r, sqlPerRequest: sql, baselineRps: null, ratio: null, auditOffRps: null, rssMb: rss.peak() });
    }
    rss.stop();
  } finally {
    stopAll();
    await db.end();
  }

  const rows = results.map((r) => ({
    scenario: r.scenario, rps: round(r.rps), p50Ms: round(r.p50Ms), p99Ms: round(r.p99Ms), sqlPerRequest: round(r.sqlPerRequest),
    baselineRps: round(r.baselineRps), ratio: round(r.ratio, 2), auditOffRps: round(r.auditOffRps), rssMb: round(r.rssMb),
    ...(r.unit ? { unit: r.unit, pages: r.pages, lastToFirstPageTime: r.lastToFirstPageTime } : {}),
  }));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(rows, null, 2)}\n`);
  console.log('');
  console.table(rows.map(({ unit: _u, pages: _p, lastToFirstPageTime: _l, ...r }) => r));
  console.log('export rps is rows/s; auditOffRps: the same scenario selecting only INTERNAL values (the API has no audit switch), so no READ events are written.');
  console.log(`wrote ${out}`);
}

main().catch((err) => {
  console.error(`bench: ${err.message}`);
  process.exit(1);
});
