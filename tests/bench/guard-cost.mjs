#!/usr/bin/env node
/* global process, fetch, console */
/**
 * Cost of the field guard (issue 3, "How it is checked"): times `customers(first: 200)` with 20
 * fields against a running API, N iterations, and prints median and p95.
 *
 *   node tests/bench/guard-cost.mjs <url> [<url> …] [--n 200] [--warmup 20] [--user gm] [--password …]
 *
 * "With and without the guard": give two URLs, an API process as usual and one started with
 * FIELD_GUARD=off. Requests to the URLs are interleaved, so load on a shared machine hits every
 * URL alike. Whether the guard ran is read from the response (bankAccount is CLASSIFIED: with the
 * guard it comes back null with FIELD_CLASSIFIED). Each URL is also timed with 20 non-sensitive
 * fields and with the 4 identity fields only, so the per-field cost can be read from the difference
 * even when no guard-less process is available.
 */

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const urls = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--')));
if (urls.length === 0) urls.push('http://127.0.0.1:4000/graphql');
const N = Number(opt('n', 200));
const WARMUP = Number(opt('warmup', 20));
const user = opt('user', 'gm');
const password = opt('password', process.env.DEMO_PASSWORD || 'Custodian-demo-1');

/** 20 Customer fields: identity, INTERNAL, three CONFIDENTIAL (read and audited) and one CLASSIFIED (denied). */
const TWENTY = ['id', 'code', 'name', 'archiveLevel', 'kind', 'type', 'industry', 'region', 'province', 'city', 'address', 'phone',
  'status', 'grade', 'headcount', 'updatedAt', 'creditRating', 'annualRevenue', 'taxId', 'bankAccount'];
/** 20 fields none of which is CONFIDENTIAL or above by itself (no audited reads on open archives). */
const TWENTY_PLAIN = ['id', 'code', 'name', 'archiveLevel', 'kind', 'type', 'nature', 'industry', 'region', 'province', 'city', 'address',
  'phone', 'website', 'source', 'status', 'grade', 'headcount', 'legalRepresentative', 'updatedAt'];
const IDENTITY = ['id', 'code', 'name', 'archiveLevel'];
const VARIANTS = [['x20 (mixed levels)', TWENTY], ['x20 (non-sensitive)', TWENTY_PLAIN], ['x4 (identity only)', IDENTITY]];
const query = (fields) => `query GuardCost { customers(first: 200) { edges { node { ${fields.join(' ')} } } } }`;

async function post(url, body, token) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return res.json();
}

async function login(url) {
  if (process.env.BENCH_TOKEN) return process.env.BENCH_TOKEN;
  const r = await post(url, { query: 'mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { token } }', variables: { u: user, p: password } });
  if (!r.data?.login?.token) throw new Error(`login as ${user} at ${url} failed: ${JSON.stringify(r.errors)}`);
  return r.data.login.token;
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

const targets = [];
for (const url of urls) targets.push({ url, token: await login(url), samples: VARIANTS.map(() => []), first: [] });

// Warm up, and record what each variant returns (rows, denied values).
for (const t of targets) {
  for (const [v, [label, fields]] of VARIANTS.entries()) {
    let r;
    for (let i = 0; i < WARMUP; i++) r = await post(t.url, { query: query(fields) }, t.token);
    if (!r?.data?.customers) throw new Error(`${t.url} ${label}: ${JSON.stringify(r?.errors)}`);
    t.first[v] = {
      rows: r.data.customers.edges.length,
      denied: (r.errors ?? []).filter((e) => e.extensions?.code === 'FIELD_CLASSIFIED').reduce((n, e) => n + (e.extensions.count ?? 1), 0),
    };
  }
}

// Interleaved: iteration i times every variant on every URL before iteration i + 1.
for (let i = 0; i < N; i++) {
  for (const t of targets) {
    for (const [v, [label, fields]] of VARIANTS.entries()) {
      const t0 = process.hrtime.bigint();
      const r = await post(t.url, { query: query(fields) }, t.token);
      t.samples[v].push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (!r.data?.customers) throw new Error(`${t.url} ${label}: ${JSON.stringify(r.errors)}`);
    }
  }
}

const results = [];
for (const t of targets) {
  const guard = t.first[0].denied > 0;
  console.log(`\n${t.url} as ${process.env.BENCH_TOKEN ? 'BENCH_TOKEN' : user}: field guard ${guard ? 'ON (bankAccount withheld)' : 'OFF (bankAccount returned)'}`);
  const stats = VARIANTS.map(([label, fields], v) => {
    const s = [...t.samples[v]].sort((a, b) => a - b);
    const out = { url: t.url, guard, variant: label, fields: fields.length, rows: t.first[v].rows, deniedValues: t.first[v].denied, n: N,
      medianMs: +pct(s, 50).toFixed(2), p95Ms: +pct(s, 95).toFixed(2) };
    console.log(`  customers(first: 200) ${label.padEnd(20)} rows=${out.rows} denied=${String(out.deniedValues).padStart(3)}  median ${String(out.medianMs).padStart(7)} ms  p95 ${String(out.p95Ms).padStart(7)} ms  (n=${N})`);
    return out;
  });
  const extra = stats[0].medianMs - stats[2].medianMs;
  console.log(`  16 more fields than identity-only: +${extra.toFixed(1)} ms median = ${((extra * 1000) / (16 * stats[0].rows)).toFixed(1)} µs per extra field value`);
  results.push(...stats);
}
if (targets.length > 1) {
  const on = results.filter((r) => r.guard && r.variant === VARIANTS[0][0]);
  const off = results.filter((r) => !r.guard && r.variant === VARIANTS[0][0]);
  if (on.length && off.length) {
    console.log(`\nguard cost, 20 fields × 200 rows: median ${off[0].medianMs} → ${on[0].medianMs} ms (+${(on[0].medianMs - off[0].medianMs).toFixed(1)} ms, ` +
      `${(((on[0].medianMs - off[0].medianMs) / off[0].medianMs) * 100).toFixed(0)}%), p95 ${off[0].p95Ms} → ${on[0].p95Ms} ms`);
  } else {
    console.log('\nevery URL ran the guard (or none did): no FIELD_GUARD=off process to compare with; see the identity-only rows above');
  }
}
console.log(JSON.stringify(results));
