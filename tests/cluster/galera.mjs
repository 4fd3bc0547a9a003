// The three-node MariaDB Galera suite (issue 13, docs/deploy.md), run by `npm run test:cluster`.
//
// 1. A cluster: node 1 bootstraps (--wsrep-new-cluster), nodes 2 and 3 join by state transfer
//    (rsync) until wsrep_cluster_size=3 and all are Synced; migrate and seed through node 1. Beside it
//    one plain mariadbd ("solo") with the same schema and seed, for the one-server figure.
// 2. Audited read throughput, the same 50-session load in alternating rounds (the machine is shared:
//    alternating keeps drift out of the ratio): solo with two APIs; the cluster with two APIs on
//    different nodes; the cluster with both APIs writing through node 1 (single writer).
// 3. Scenario A: 30 reading and 20 writing sessions for CLUSTER_LOAD_SECONDS (60) through the APIs on
//    nodes 1 and 2; afterwards every acknowledged write and READ event is on every node, the chain is
//    gapless and auditIntegrity is ok on every node; conflicts on the chain head are counted.
// 4. Scenario B: node 2 (the second API's first host) is killed with SIGKILL mid-load; that API moves
//    to a surviving node; node 2 is recovered, restarted, rejoins (IST) and verifies like the others.
// 5. The mixed load once more with a single writer node: what certification conflicts cost writes.
// Figures go to tests/cluster/results.json, node error logs to tests/cluster/logs/.
// Environment: CLUSTER_BASE_PORT (3307; the solo server takes base+5), CLUSTER_LOAD_SECONDS (60).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiProcess, assertBuilt, integrityOn, login, migrateAndSeed, ROOT } from './lib/api.mjs';
import { before, chainFacts, conflictCounters, gapless, verifyLoad } from './lib/checks.mjs';
import { Load, READ_CLASSIFIED, READ_CONFIDENTIAL } from './lib/load.mjs';
import { assertFree, galeraSettings, Mariadb, preflight, workDir } from './lib/servers.mjs';

const BASE = Number(process.env.CLUSTER_BASE_PORT || 3307);
const LOAD_SECONDS = Number(process.env.CLUSTER_LOAD_SECONDS || 60);
const ROUND_SECONDS = Number(process.env.CLUSTER_ROUND_SECONDS || 5);
const ROUNDS = 3;
const FAILOVER_SECONDS = Number(process.env.CLUSTER_FAILOVER_SECONDS || 35);
const SOLO_PORT = BASE + 5;
const DB = 'custodian';
const PORTS = {
  client: [BASE, BASE + 1, BASE + 2],
  galera: [4567, 4577, 4587],
  ist: [4568, 4578, 4588],
  sst: [4444, 4454, 4464],
};
const T0 = Date.now();
const log = (...a) => console.log(`[galera +${Math.round((Date.now() - T0) / 1000)}s]`, ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ms = (a, b) => (a && b ? b - a : null);

const hostList = (order) => `mysql://root@${order.map((i) => `127.0.0.1:${PORTS.client[i]}`).join(',')}/${DB}`;

/** Sessions and customers for the loads: gm reads CONFIDENTIAL values, archivist CLASSIFIED ones (as custodian) and writes. */
async function arrange(node, api) {
  const plain = await node.query(`SELECT id FROM ${DB}.customer WHERE archive_level <> 'CLASSIFIED' AND deleted_at IS NULL ORDER BY id`);
  const classified = await node.query(`SELECT id FROM ${DB}.customer WHERE archive_level = 'CLASSIFIED' AND deleted_at IS NULL ORDER BY id`);
  const ids = plain.map((r) => String(r.id));
  const classifiedIds = classified.map((r) => String(r.id));
  const writable = await node.query(`SELECT id, version FROM ${DB}.customer WHERE archive_level = 'INTERNAL' AND deleted_at IS NULL ORDER BY id LIMIT 20`);
  const logins = async (user, n) => {
    const out = [];
    // A few at a time: every sign-in is an argon2 verification.
    while (out.length < n) out.push(...await Promise.all(Array.from({ length: Math.min(4, n - out.length) }, () => login(api.url, user))));
    return out;
  };
  const gm = await logins('gm', 35);
  const archivist = await logins('archivist', 35);
  return { ids, classifiedIds, writable: writable.map((r) => String(r.id)), gm, archivist };
}

/** The writers' customers as committed now, and the state a load's checks start from. */
async function writersStart(node, ids) {
  const c = await node.connect(DB);
  try {
    const start = await before(c, ids);
    return { start, customers: ids.map((id) => ({ id, version: start.customers.get(id).version })) };
  } finally {
    await c.end();
  }
}

/** 50 reading sessions: 35 on CONFIDENTIAL values, 15 on CLASSIFIED ones. */
const readersOnly = (s) => [
  ...s.gm.slice(0, 35).map((token) => ({ token, query: READ_CONFIDENTIAL, ids: s.ids })),
  ...s.archivist.slice(0, 15).map((token) => ({ token, query: READ_CLASSIFIED, ids: s.classifiedIds })),
];

/** 30 reading and 20 writing sessions, each writer on its own customer. */
function mixed(s, writable) {
  const readers = [
    ...s.gm.slice(0, 20).map((token) => ({ token, query: READ_CONFIDENTIAL, ids: s.ids })),
    ...s.archivist.slice(0, 10).map((token) => ({ token, query: READ_CLASSIFIED, ids: s.classifiedIds })),
  ];
  const writers = writable.map((customer, k) => ({ token: s.archivist[15 + k], customer }));
  return { readers, writers };
}

const retriesLogged = (apis, since) => apis.reduce((n, a) => n + a.logged('audit append retried after a conflict')
  .filter((l) => l.time >= since).reduce((m, l) => m + (l.failed ? 0 : l.retries), 0), 0);
const retriesGivenUp = (apis, since) => apis.reduce((n, a) => n + a.logged('audit append retried after a conflict')
  .filter((l) => l.time >= since && l.failed).length, 0);

/** Audited reads of one load window, with the chain's appends over the same window. */
async function readWindow(label, node, apis, sessions) {
  const c = await node.connect(DB);
  const h0 = (await chainFacts(c)).head;
  const since = Date.now();
  const load = await new Load(apis, readersOnly(sessions), [], label).run(ROUND_SECONDS * 1000);
  const h1 = (await chainFacts(c)).head;
  await c.end();
  const s = load.summary();
  assert.equal(s.failed, 0, `${label}: failed requests ${JSON.stringify(s.failures)}`);
  return { reads: s.readsAcknowledged, events: h1 - h0, seconds: s.seconds, retries: retriesLogged(apis, since) };
}

/** Alternating rounds over the targets; per target the totals as rates. */
async function throughput(targets) {
  const sums = new Map(targets.map((t) => [t.label, { reads: 0, events: 0, seconds: 0, retries: 0 }]));
  for (const t of targets) await new Load(t.apis, readersOnly(t.sessions), [], 'warm-up').run(1500);
  for (let round = 1; round <= ROUNDS; round++) {
    for (const t of targets) {
      const w = await readWindow(t.label, t.node, t.apis, t.sessions);
      const sum = sums.get(t.label);
      for (const k of Object.keys(sum)) sum[k] += w[k];
      log(`round ${round}, ${t.label}: ${Math.round(w.reads / w.seconds)} audited reads/s`);
    }
  }
  const out = {};
  for (const [label, sum] of sums) {
    out[label] = {
      readsPerSecond: Math.round(sum.reads / sum.seconds), readsAcknowledged: sum.reads, seconds: Math.round(sum.seconds * 10) / 10,
      auditEventsPerSecond: Math.round(sum.events / sum.seconds), chainRetries: sum.retries,
    };
  }
  return out;
}

/** Every node holds every acknowledged answer of `load`, and its chain verifies (through an API on that node alone). */
async function verifyEverywhere(label, nodes, load, start) {
  const out = {};
  for (const n of nodes) {
    const c = await n.connect(DB);
    try {
      out[n.name] = await verifyLoad(c, load, start);
    } finally {
      await c.end();
    }
  }
  // One after the other: the verifiers' own sign-ins and AUDIT_VIEW events extend the chain.
  for (const n of nodes) out[n.name].auditIntegrity = await integrityOn(n.name, `${n.url}/${DB}`);
  for (const n of nodes) {
    const v = out[n.name];
    log(`${label} on ${n.name}: reads ${v.reads.present}/${v.reads.acknowledged}, updates ${v.updates.present}/${v.updates.acknowledged}, `
      + `creates ${v.creates.present}/${v.creates.acknowledged}; chain 1..${v.chain.max} gapless=${gapless(v.chain)}; `
      + `auditIntegrity ok=${v.auditIntegrity.ok} checked=${v.auditIntegrity.checked}`);
    assert.deepEqual(v.problems, [], `${label} on ${n.name}: ${v.problemCount} problems`);
    assert.equal(v.auditIntegrity.ok, true, `${label}: auditIntegrity on ${n.name}`);
    assert.equal(v.auditIntegrity.firstBrokenSeq, null);
  }
  // With wsrep_sync_wait each node answers after applying everything committed before the question.
  const heads = new Set();
  for (const n of nodes) heads.add((await n.query(`SELECT hash FROM ${DB}.audit_head WHERE id = 1`))[0].hash);
  return { nodes: out, sameHeadEverywhere: heads.size === 1 };
}

const apiSet = (label, orders) => orders.map((o, k) => new ApiProcess(`${label}-${'AB'[k]}`, { DATABASE_URL: hostList(o) }));

export async function runGalera() {
  preflight();
  assertBuilt();
  await assertFree([...PORTS.client, ...PORTS.galera, ...PORTS.ist, ...PORTS.sst, SOLO_PORT]);
  const t0 = Date.now();
  const os = await import('node:os');
  const results = {
    startedAt: new Date(t0).toISOString(),
    machine: { cpus: os.cpus().length, loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 10) / 10) },
  };
  const root = workDir('galera');
  const nodes = [0, 1, 2].map((i) => new Mariadb(`n${i + 1}`, root, PORTS.client[i],
    galeraSettings({ index: i, ports: PORTS, clusterName: 'custodian_test' })));
  const [n1, n2, n3] = nodes;
  const solo = new Mariadb('solo', root, SOLO_PORT);
  const soloApis = [0, 1].map((k) => new ApiProcess(`solo-${'AB'[k]}`, { DATABASE_URL: `${solo.url}/${DB}` }));
  const apis = apiSet('api', [[0, 1, 2], [1, 2, 0]]);
  const single = apiSet('single', [[0, 1, 2], [0, 2, 1]]);
  try {
    // 1. The cluster and the solo server.
    solo.install();
    solo.start();
    n1.install();
    n1.start(['--wsrep-new-cluster']);
    await n1.ready({ galera: true });
    // Both join at once; the second waits for a free donor.
    for (const n of [n2, n3]) n.start();
    await Promise.all([n2, n3].map((n) => n.ready({ galera: true })));
    const size = Number(await n1.status('wsrep_cluster_size'));
    assert.equal(size, 3, 'wsrep_cluster_size');
    results.cluster = { size, formedInMs: Date.now() - t0, stateTransfer: 'rsync' };
    log(`cluster of ${size} Synced in ${results.cluster.formedInMs} ms`);
    await solo.ready();
    await Promise.all([migrateAndSeed(`${n1.url}/${DB}`), migrateAndSeed(`${solo.url}/${DB}`)]);

    // 2. Throughput.
    await Promise.all([...soloApis, ...apis, ...single].map((a) => a.start()));
    const [sessions, soloSessions] = await Promise.all([arrange(n1, apis[0]), arrange(solo, soloApis[0])]);
    log('sessions signed in');
    const figures = await throughput([
      { label: 'one server', node: solo, apis: soloApis, sessions: soloSessions },
      { label: 'cluster', node: n1, apis, sessions },
      { label: 'single writer', node: n1, apis: single, sessions },
    ]);
    results.oneServer = figures['one server'];
    results.cluster.throughput = figures.cluster;
    results.singleWriter = { throughput: figures['single writer'] };
    await Promise.all(soloApis.map((a) => a.stop()));
    await solo.stop();

    // 3. Scenario A.
    const { start: startA, customers: writableA } = await writersStart(n1, sessions.writable);
    const countersA = await conflictCounters(nodes);
    const sinceA = Date.now();
    const mixA = mixed(sessions, writableA);
    log(`scenario A: ${mixA.readers.length} reading and ${mixA.writers.length} writing sessions for ${LOAD_SECONDS}s through both APIs`);
    const loadA = await new Load(apis, mixA.readers, mixA.writers, 'A').run(LOAD_SECONDS * 1000);
    const afterA = await conflictCounters(nodes);
    const sA = loadA.summary();
    log(`scenario A: ${JSON.stringify(sA)}`);
    results.scenarioA = {
      load: sA,
      chainHeadRetries: { groupCommitRetried: retriesLogged(apis, sinceA), groupCommitGivenUp: retriesGivenUp(apis, sinceA),
        galeraCertFailures: afterA.certFailures - countersA.certFailures, galeraBfAborts: afterA.bfAborts - countersA.bfAborts },
      verified: await verifyEverywhere('scenario A', nodes, loadA, startA),
    };
    log(`scenario A conflicts: ${JSON.stringify(results.scenarioA.chainHeadRetries)}`);
    assert.equal(results.scenarioA.verified.sameHeadEverywhere, true, 'every node has the same chain head');
    // Reads never fail: a READ event that loses the chain head is appended again (never withheld).
    assert.equal(sA.readsFailed, 0, `scenario A: failed reads ${JSON.stringify(sA.failures)}`);

    // 4. Scenario B: kill node 2 mid-load, recover and restart it, let it rejoin.
    const { start: startB, customers: writableB } = await writersStart(n1, sessions.writable);
    const b = {};
    const apiB = apis[1];
    const mixB = mixed(sessions, writableB);
    log(`scenario B: the same load for ${FAILOVER_SECONDS}s; node 2 is killed at 10s and restarted at 15s`);
    const loadB = await new Load(apis, mixB.readers, mixB.writers, 'B').run(FAILOVER_SECONDS * 1000, async (start) => {
      await sleep(Math.max(0, start + 10_000 - Date.now()));
      b.killedAt = Date.now();
      await n2.kill();
      log('scenario B: node 2 killed (SIGKILL)');
      await sleep(Math.max(0, start + 15_000 - Date.now()));
      b.restartedAt = Date.now();
      b.logOffset = readFileSync(n2.errorLog, 'utf8').length;
      const position = n2.recoverPosition();
      n2.start([`--wsrep-start-position=${position}`]);
      await n2.ready({ galera: true, timeoutMs: 180_000 });
      b.syncedAt = Date.now();
      log(`scenario B: node 2 recovered at ${position}, Synced again ${b.syncedAt - b.restartedAt} ms after the restart began`);
    });
    const sB = loadB.summary();
    log(`scenario B: ${JSON.stringify(sB)}`);
    await sleep(3000); // time for the failback probe
    const switches = apiB.logged('database host in use changed').filter((l) => l.time >= b.killedAt);
    const away = switches.find((l) => l.reason === 'failover');
    const back = switches.find((l) => l.reason === 'failback');
    const bIndex = apis.indexOf(apiB);
    const readsOfB = loadB.timeline.filter(([i, t, , kind]) => i === bIndex && kind === 'read' && t >= b.killedAt);
    const firstOk = readsOfB.filter(([, , ok]) => ok).map(([, t]) => t).sort((x, y) => x - y)[0];
    const lastFailed = readsOfB.filter(([, , ok]) => !ok).map(([, t]) => t).sort((x, y) => y - x)[0];
    const rejoinLog = readFileSync(n2.errorLog, 'utf8').slice(b.logOffset);
    const rejoinedBy = /IST received/.test(rejoinLog) ? 'IST' : /SST/.test(rejoinLog) ? 'SST' : 'unknown';
    results.scenarioB = {
      load: sB,
      failover: {
        hostSwitchAfterKillMs: ms(b.killedAt, away?.time), switchedTo: away?.to ?? null,
        firstReadServedAfterKillMs: ms(b.killedAt, firstOk), lastReadFailedAfterKillMs: ms(b.killedAt, lastFailed),
        failbackAfterSyncedMs: ms(b.syncedAt, back?.time),
      },
      rejoin: { restartToSyncedMs: ms(b.restartedAt, b.syncedAt), by: rejoinedBy },
      verified: await verifyEverywhere('scenario B', nodes, loadB, startB),
    };
    log(`scenario B failover: ${JSON.stringify(results.scenarioB.failover)}; rejoin ${JSON.stringify(results.scenarioB.rejoin)}`);
    assert.ok(firstOk, 'the API on the killed node served again');
    assert.ok(firstOk - b.killedAt <= 10_000, `API-B served again ${firstOk - b.killedAt} ms after the kill (limit 10 s)`);
    assert.equal(results.scenarioB.verified.sameHeadEverywhere, true, 'every node has the same chain head after the rejoin');

    // 5. The mixed load with a single writer node.
    const { customers: writableC } = await writersStart(n1, sessions.writable);
    const mixC = mixed(sessions, writableC);
    const loadC = await new Load(single, mixC.readers, mixC.writers, 'C').run(ROUND_SECONDS * 2000);
    results.singleWriter.mixed = loadC.summary();
    log(`single writer, mixed load: ${JSON.stringify(results.singleWriter.mixed)}`);
    for (const n of nodes) {
      const c = await n.connect(DB);
      assert.ok(gapless(await chainFacts(c)), `chain gapless on ${n.name} at the end`);
      await c.end();
    }

    await Promise.all([...apis, ...single].map((a) => a.stop()));
    await Promise.all(nodes.map((n) => n.stop()));
  } finally {
    for (const n of [...nodes, solo]) n.keepLog('galera');
    for (const a of [...soloApis, ...apis, ...single]) a.keepLog('galera');
  }
  results.machine.loadAverageAtEnd = os.loadavg().map((x) => Math.round(x * 10) / 10);
  results.seconds = Math.round((Date.now() - t0) / 1000);
  return results;
}

export function printTable(r) {
  const row = (label, f) => `| ${label.padEnd(26)} | ${String(f.readsPerSecond).padStart(8)} | ${String(f.auditEventsPerSecond).padStart(9)} | ${String(f.chainRetries).padStart(8)} |`;
  console.log([
    '',
    '| audited reads, 50 sessions | reads/s  | events/s  | retries  |',
    '|----------------------------|----------|-----------|----------|',
    row('one server (plain mariadbd)', r.oneServer),
    row(`Galera ${r.cluster.size} nodes, APIs on n1+n2`, r.cluster.throughput),
    row('Galera, single writer n1', r.singleWriter.throughput),
    '',
  ].join('\n'));
}

export function writeResults(results) {
  const file = join(ROOT, 'tests', 'cluster', 'results.json');
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}
