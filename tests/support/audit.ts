import { spawnSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection, Connection } from 'mysql2/promise';
import { GqlResult, TestApi } from './api';
import { TEST_DATABASE_URL } from './db';
import { sql } from './fixtures';

/**
 * Helpers for the audit suites: read audit_event rows straight from the database (independently of
 * the API's own queries), recompute the chain, run the external verifier and connect as the
 * application's restricted database account.
 */

export const GENESIS_HASH = '0'.repeat(64);
export const REPO_ROOT = join(__dirname, '..', '..');
export const VERIFIER = join(REPO_ROOT, 'scripts', 'verify-audit.mjs');

/** The stored columns in canonical order (api/src/audit/event.ts STORED_COLUMNS, written out independently). */
export const STORED_COLUMNS = [
  'seq', 'at', 'actor_user_id', 'actor_username', 'actor_token_id', 'ip', 'user_agent', 'request_id', 'operation', 'action',
  'outcome', 'max_level', 'grant_id', 'purpose', 'entity_type', 'entity_id', 'fields', 'changes', 'detail',
] as const;

export interface AuditTargetRow { entityType: string; entityId: string; fields: string[] | null }

/** An audit_event row as stored, with its JSON columns parsed and its audit_target rows. */
export interface AuditRow {
  seq: number;
  at: Date;
  actorUserId: string | null;
  actorUsername: string | null;
  actorTokenId: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  clientRequestId: string | null;
  operation: string | null;
  action: string;
  outcome: string;
  maxLevel: string | null;
  grantId: string | null;
  purpose: string | null;
  entityType: string | null;
  entityId: string | null;
  fields: string[] | null;
  changes: Record<string, { before: unknown; after: unknown }> | null;
  detail: Record<string, any> | null;
  prevHash: string;
  hash: string;
  targets: AuditTargetRow[];
  /** The raw text of the row's columns, for "never in clear" searches. */
  text: string;
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const json = (v: unknown): any => (v === null || v === undefined ? null : JSON.parse(String(v)));

/** audit_event rows matching an SQL condition on alias e, in seq order, with their targets. */
export async function auditRows(condition = '1 = 1', params: unknown[] = []): Promise<AuditRow[]> {
  const rows = await sql(`SELECT e.* FROM audit_event e WHERE ${condition} ORDER BY e.seq`, params);
  if (rows.length === 0) return [];
  const targets = await sql<{ seq: string; entity_type: string; entity_id: string; fields: string | null }>(
    `SELECT seq, entity_type, entity_id, fields FROM audit_target WHERE seq IN (${rows.map(() => '?').join(',')}) ORDER BY id`,
    rows.map((r) => r.seq));
  const bySeq = new Map<number, AuditTargetRow[]>();
  for (const t of targets) {
    const list = bySeq.get(Number(t.seq)) ?? [];
    list.push({ entityType: t.entity_type, entityId: String(t.entity_id), fields: json(t.fields) });
    bySeq.set(Number(t.seq), list);
  }
  return rows.map((r) => ({
    seq: Number(r.seq), at: r.at, actorUserId: str(r.actor_user_id), actorUsername: r.actor_username, actorTokenId: str(r.actor_token_id),
    ip: r.ip, userAgent: r.user_agent, requestId: r.request_id, clientRequestId: r.client_request_id, operation: r.operation, action: r.action, outcome: r.outcome,
    maxLevel: r.max_level, grantId: str(r.grant_id), purpose: r.purpose, entityType: r.entity_type, entityId: str(r.entity_id),
    fields: json(r.fields), changes: json(r.changes), detail: json(r.detail), prevHash: r.prev_hash, hash: r.hash,
    targets: bySeq.get(Number(r.seq)) ?? [],
    text: [...STORED_COLUMNS.map((c) => str(r[c]) ?? ''), str(r.client_request_id) ?? '', r.prev_hash, r.hash].join('\u0001'),
  }));
}

/** The events written for one request (by the request id the server gave it), in seq order. */
export const eventsOf = (requestId: string): Promise<AuditRow[]> => auditRows('e.request_id = ?', [requestId]);

/** Runs a query on a database (default: the test database's pool). */
export type Query = <T = Record<string, any>>(query: string, params?: unknown[]) => Promise<T[]>;

/** The chain head as the database holds it. */
export async function head(query: Query = sql): Promise<{ seq: number; hash: string }> {
  const [h] = await query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1');
  return { seq: Number(h.seq), hash: h.hash };
}

let counter = 0;
/** A client request id unique within the run (sent as x-request-id; stored as client_request_id). */
export const newRequestId = (label = 'r'): string => `t-${label}-${process.pid}-${Date.now().toString(36)}-${(++counter).toString(36)}`.slice(0, 64);

export interface Traced<T> {
  r: GqlResult<T>;
  /** The request id the server generated (the response's x-request-id). */
  requestId: string;
  /** The x-request-id the test sent (kept as client_request_id). */
  clientRequestId: string;
  events: AuditRow[];
}

/** Sends a request with a client request id (and any headers) and returns the response with the events it wrote. */
export async function traced<T = Record<string, any>>(
  api: TestApi, token: string | null, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {},
): Promise<Traced<T>> {
  const clientRequestId = headers['x-request-id'] ?? newRequestId();
  const r = await api.gql<T>(token, query, variables, { ...headers, 'x-request-id': clientRequestId });
  const requestId = r.headers.get('x-request-id');
  if (!requestId) throw new Error('the response carries no x-request-id');
  return { r, requestId, clientRequestId, events: await eventsOf(requestId) };
}

/** The only event of a list of a given action (fails when there are none or several). */
export function only(events: AuditRow[], action: string): AuditRow {
  const found = events.filter((e) => e.action === action);
  if (found.length !== 1) throw new Error(`expected one ${action} event, got ${found.length}: ${JSON.stringify(events.map((e) => [e.seq, e.action]))}`);
  return found[0];
}

/** The keyed hash the API stores for a CLASSIFIED value (api/src/audit/event.ts keyedHash). */
export function keyedHash(key: string, value: unknown): string {
  return `hmac-sha256:${createHmac('sha256', key).update(JSON.stringify(value ?? null)).digest('hex')}`;
}

/** Recomputes the whole chain from the database, independently of the API: the first broken seq, or null. */
export async function recomputeChain(query: Query = sql): Promise<{ checked: number; firstBroken: number | null; lastHash: string }> {
  const rows = await query(`SELECT ${STORED_COLUMNS.join(', ')}, targets_hash, client_request_id, DATE_FORMAT(at, '%Y-%m-%d %H:%i:%s.%f') AS at_text, prev_hash, hash FROM audit_event ORDER BY seq`);
  const targets = new Map<number, string[]>();
  for (const t of await query('SELECT seq, entity_type, entity_id, fields FROM audit_target')) {
    const list = targets.get(Number(t.seq)) ?? [];
    list.push(JSON.stringify([t.entity_type, t.entity_id, t.fields]));
    targets.set(Number(t.seq), list);
  }
  let prev = GENESIS_HASH;
  let expected = 1;
  for (const r of rows) {
    const seq = Number(r.seq);
    const values = STORED_COLUMNS.map((c) => {
      if (c === 'seq') return seq;
      if (c === 'at') return String(r.at_text).slice(0, 23); // DATETIME(3): microseconds text cut to milliseconds
      return str(r[c]);
    });
    // targets_hash: SHA-256 of the event's target rows as sorted JSON tuples, the twentieth value
    // (present, even null, when client_request_id is); client_request_id the twenty-first when not null.
    if (r.targets_hash !== null || r.client_request_id !== null) values.push(str(r.targets_hash));
    if (r.client_request_id !== null) values.push(r.client_request_id);
    const targetsOk = r.targets_hash === null || createHash('sha256').update(`[${(targets.get(seq) ?? []).sort().join(',')}]`).digest('hex') === r.targets_hash;
    const hash = createHash('sha256').update(prev).update(JSON.stringify(values)).digest('hex');
    if (seq !== expected || r.prev_hash !== prev || hash !== r.hash || !targetsOk) return { checked: expected - 1, firstBroken: expected === seq ? seq : expected, lastHash: prev };
    prev = r.hash;
    expected += 1;
  }
  return { checked: expected - 1, firstBroken: null, lastHash: prev };
}

/** Seqs in the table, and whether they are exactly 1..N matching the head. */
export async function gapless(query: Query = sql): Promise<{ count: number; min: number; max: number; distinct: number; head: number }> {
  const [r] = await query('SELECT COUNT(*) AS n, COUNT(DISTINCT seq) AS d, MIN(seq) AS lo, MAX(seq) AS hi FROM audit_event');
  return { count: Number(r.n), distinct: Number(r.d), min: Number(r.lo), max: Number(r.hi), head: (await head(query)).seq };
}

export const INTEGRITY = '{ auditIntegrity { ok checked headSeq headHash firstBrokenSeq } }';
export const EXPORT = `query($where: AuditEventWhere, $limit: Int!) { auditExport(input: {where: $where, limit: $limit}) { filename rows csv } }`;

/** Runs scripts/verify-audit.mjs on a CSV text (written to a temporary file). */
export function runVerifier(csv: string, args: string[] = []): { status: number | null; stdout: string; stderr: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'custodian-audit-'));
  const file = join(dir, 'export.csv');
  writeFileSync(file, csv);
  const res = spawnSync(process.execPath, [VERIFIER, file, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr, file };
}

/** The test database URL with another account's credentials. */
export function urlAs(user: string, password: string, base = TEST_DATABASE_URL): string {
  const url = new URL(base);
  url.username = encodeURIComponent(user);
  url.password = encodeURIComponent(password);
  return url.toString();
}

export const APP_DB_USER = process.env.APP_DB_USER || 'custodian_app';
export const APP_DB_PASSWORD = process.env.APP_DB_PASSWORD || 'custodian-app-dev';

/** A single mysql2 connection as the application's restricted account (custodian_app) to the test database. */
export function connectAsApp(): Promise<Connection> {
  return createConnection({ uri: urlAs(APP_DB_USER, APP_DB_PASSWORD), timezone: 'Z', supportBigNumbers: true, bigNumberStrings: true });
}

/** The database name of the test URL. */
export const testDatabaseName = (): string => decodeURIComponent(new URL(TEST_DATABASE_URL).pathname.slice(1));

/** RFC 4180 records (a second, independent parser to the verifier's): an unquoted empty cell is null. */
export function parseCsv(text: string): Array<Array<string | null>> {
  const records: Array<Array<string | null>> = [];
  const re = /("((?:[^"]|"")*)"|([^,\r\n"]*))(,|\r\n|\n|$)/g;
  let record: Array<string | null> = [];
  let m: RegExpExecArray | null;
  while (re.lastIndex < text.length && (m = re.exec(text))) {
    record.push(m[2] !== undefined ? m[2].replace(/""/g, '"') : m[3] === '' ? null : m[3]);
    if (m[4] !== ',') {
      records.push(record);
      record = [];
    }
  }
  return records;
}
