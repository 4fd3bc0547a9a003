// What the suites check on each server, straight from its tables (independently of the API).

const chunks = (list, n = 1000) => Array.from({ length: Math.ceil(list.length / n) }, (_, i) => list.slice(i * n, (i + 1) * n));
const inList = (list) => list.map(() => '?').join(',');

/** seq facts of the chain as one server holds it. */
export async function chainFacts(c) {
  const [[r]] = await c.query('SELECT COUNT(*) AS n, COUNT(DISTINCT seq) AS d, MIN(seq) AS lo, MAX(seq) AS hi FROM audit_event');
  const [[h]] = await c.query('SELECT seq, hash FROM audit_head WHERE id = 1');
  return { count: Number(r.n), distinct: Number(r.d), min: Number(r.lo), max: Number(r.hi), head: Number(h.seq), headHash: h.hash };
}

export const gapless = (f) => f.min === 1 && f.count === f.max && f.distinct === f.max && f.head === f.max;

/** The committed state of the writers' customers (version and notes) and the chain head, before a load. */
export async function before(c, customerIds) {
  const [rows] = await c.query(`SELECT id, version, notes FROM customer WHERE id IN (${inList(customerIds)})`, customerIds);
  return { seq: (await chainFacts(c)).head, customers: new Map(rows.map((r) => [String(r.id), { version: Number(r.version), notes: r.notes }])) };
}

/**
 * Looks for every acknowledged answer of a load on one server: each audited read's READ event
 * (exactly one per request), each acknowledged update among the customer's UPDATE events (which
 * link before to after from the start state to the stored row, one per committed version), each
 * created activity with its CREATE event. Returns counts and the problems found.
 */
export async function verifyLoad(c, load, start) {
  const problems = [];
  const readCounts = new Map();
  for (const part of chunks(load.reads.map((r) => r.requestId))) {
    const [rows] = await c.query(
      `SELECT request_id, COUNT(*) AS n FROM audit_event WHERE action = 'READ' AND request_id IN (${inList(part)}) GROUP BY request_id`, part);
    for (const r of rows) readCounts.set(r.request_id, Number(r.n));
  }
  let readsPresent = 0;
  for (const r of load.reads) {
    const n = readCounts.get(r.requestId) ?? 0;
    if (n === 1) readsPresent += 1;
    else problems.push(`read ${r.requestId}: ${n} READ events`);
  }

  let updatesPresent = 0;
  for (const [id, s] of start.customers) {
    const [[row]] = await c.query('SELECT version, notes FROM customer WHERE id = ?', [id]);
    const [events] = await c.query(
      "SELECT changes FROM audit_event WHERE action = 'UPDATE' AND entity_type = 'Customer' AND entity_id = ? AND seq > ? ORDER BY seq", [id, start.seq]);
    if (events.length !== Number(row.version) - s.version) problems.push(`customer ${id}: ${events.length} UPDATE events for ${Number(row.version) - s.version} versions`);
    let notes = s.notes;
    const written = new Set();
    for (const e of events) {
      const change = JSON.parse(e.changes).notes;
      if (change.before !== notes) problems.push(`customer ${id}: an UPDATE event does not follow the one before`);
      notes = change.after;
      written.add(notes);
    }
    if (notes !== row.notes) problems.push(`customer ${id}: stored notes ${row.notes} are not the last event's ${notes}`);
    for (const u of load.updates.filter((x) => x.id === id)) {
      if (written.has(u.notes)) updatesPresent += 1;
      else problems.push(`customer ${id}: acknowledged update ${u.notes} is missing`);
    }
  }

  let createsPresent = 0;
  for (const part of chunks(load.creates)) {
    const ids = part.map((a) => a.id);
    const [rows] = await c.query(`SELECT id, subject FROM activity WHERE id IN (${inList(ids)})`, ids);
    const [events] = await c.query(`SELECT t.entity_id FROM audit_target t JOIN audit_event e ON e.seq = t.seq
      WHERE e.action = 'CREATE' AND t.entity_type = 'Activity' AND t.entity_id IN (${inList(ids)})`, ids);
    const stored = new Map(rows.map((r) => [String(r.id), r.subject]));
    const logged = new Set(events.map((e) => String(e.entity_id)));
    for (const a of part) {
      if (stored.get(String(a.id)) === a.subject && logged.has(String(a.id))) createsPresent += 1;
      else problems.push(`activity ${a.id} (${a.subject}): ${stored.has(String(a.id)) ? 'no CREATE event' : 'missing'}`);
    }
  }

  const [[dups]] = await c.query(
    "SELECT COUNT(*) AS n FROM (SELECT request_id FROM audit_event WHERE action = 'READ' AND request_id IS NOT NULL GROUP BY request_id HAVING COUNT(*) > 1) d");
  if (Number(dups.n) > 0) problems.push(`${dups.n} requests have more than one READ event`);
  const chain = await chainFacts(c);
  if (!gapless(chain)) problems.push(`chain not gapless: ${JSON.stringify(chain)}`);
  return {
    reads: { acknowledged: load.reads.length, present: readsPresent },
    updates: { acknowledged: load.updates.length, present: updatesPresent },
    creates: { acknowledged: load.creates.length, present: createsPresent },
    chain, problems: problems.slice(0, 20), problemCount: problems.length,
  };
}

/** Galera's own count of transactions it rolled back for conflicts, over the given nodes. */
export async function conflictCounters(nodes) {
  let certFailures = 0;
  let bfAborts = 0;
  for (const n of nodes) {
    certFailures += Number(await n.status('wsrep_local_cert_failures'));
    bfAborts += Number(await n.status('wsrep_local_bf_aborts'));
  }
  return { certFailures, bfAborts };
}
