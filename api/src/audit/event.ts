import { createHash, createHmac } from 'node:crypto';
import { Level } from '@custodian/schema';

export type AuditAction =
  | 'LOGIN' | 'LOGIN_FAILED' | 'LOGOUT' | 'READ' | 'CREATE' | 'UPDATE' | 'DELETE' | 'DENY' | 'EXPORT'
  | 'ACCESS_REQUEST' | 'ACCESS_APPROVE' | 'ACCESS_REJECT' | 'GRANT_RETURN' | 'GRANT_EXPIRE' | 'GRANT_REVOKE' | 'ADMIN' | 'AUDIT_VIEW';

export const AUDIT_ACTIONS: readonly AuditAction[] = [
  'LOGIN', 'LOGIN_FAILED', 'LOGOUT', 'READ', 'CREATE', 'UPDATE', 'DELETE', 'DENY', 'EXPORT', 'ACCESS_REQUEST', 'ACCESS_APPROVE',
  'ACCESS_REJECT', 'GRANT_RETURN', 'GRANT_EXPIRE', 'GRANT_REVOKE', 'ADMIN', 'AUDIT_VIEW',
];

export type AuditOutcome = 'SUCCESS' | 'DENIED' | 'FAILURE';

export interface AuditTarget {
  entityType: string;
  entityId: string;
  fields?: string[];
}

/** One audit event before it is chained (seq, prev_hash and hash are assigned on append). */
export interface AuditEventInput {
  at: Date;
  actorUserId: string | null;
  actorUsername: string | null;
  actorTokenId: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  /** The x-request-id the client sent (printable ASCII, ≤ 64): correlation only, the server's id is requestId. */
  clientRequestId?: string | null;
  operation: string | null;
  action: AuditAction;
  outcome: AuditOutcome;
  maxLevel: Level | null;
  grantId: string | null;
  purpose: string | null;
  entityType: string | null;
  entityId: string | null;
  fields: string[] | null;
  /** Per field: before and after (CLASSIFIED values as keyed hashes). */
  changes: Record<string, { before: unknown; after: unknown }> | null;
  detail: Record<string, unknown> | null;
  targets: AuditTarget[];
}

export const GENESIS_HASH = '0'.repeat(64);

/** Milliseconds-precision UTC, as stored in DATETIME(3). */
export function auditTime(at: Date): string {
  return at.toISOString().replace('T', ' ').replace('Z', '');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.keys(value as object).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** An event exactly as stored: every column as text, number or null. */
export interface StoredEvent {
  seq: number; at: string; actor_user_id: string | null; actor_username: string | null; actor_token_id: string | null;
  ip: string | null; user_agent: string | null; request_id: string | null; operation: string | null; action: string;
  outcome: string; max_level: string | null; grant_id: string | null; purpose: string | null; entity_type: string | null;
  entity_id: string | null; fields: string | null; changes: string | null; detail: string | null;
  /** SHA-256 of the event's target rows (see targetsDigest); null only on events written before it existed. */
  targets_hash: string | null;
  /** The request id the client sent, if any (null on events written before the column existed). */
  client_request_id: string | null;
}

/** An audit_target row as stored and hashed: entity type, entity id, fields (JSON text or null). */
export type TargetRow = [entityType: string, entityId: string, fields: string | null];

export const STORED_COLUMNS: ReadonlyArray<keyof StoredEvent> = [
  'seq', 'at', 'actor_user_id', 'actor_username', 'actor_token_id', 'ip', 'user_agent', 'request_id', 'operation', 'action',
  'outcome', 'max_level', 'grant_id', 'purpose', 'entity_type', 'entity_id', 'fields', 'changes', 'detail',
];

/**
 * Columns written with each event: the stored columns, then targets_hash and client_request_id,
 * which the canonical text takes only when present (see canonicalEvent), so older events keep their hashes.
 */
export const CHAIN_COLUMNS: ReadonlyArray<keyof StoredEvent> = [...STORED_COLUMNS, 'targets_hash', 'client_request_id'];

/**
 * Text as a VARCHAR(max) utf8mb4 column will store it, so the hashed text is the stored text: a lone
 * surrogate (which the driver would write as U+FFFD) becomes U+FFFD here, and the text is cut at
 * `max` code points (not UTF-16 units, which could split a pair; nor left too long for the column,
 * which would fail the whole append).
 */
function clip(v: string | null | undefined, max: number): string | null {
  if (v === null || v === undefined) return null;
  const s = String(v).replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  return s.length <= max ? s : Array.from(s).slice(0, max).join('');
}

/** Largest JSON column value stored as is (UTF-8 bytes). */
export const MAX_JSON_BYTES = 4 * 1024 * 1024;

/** The event's audit_target rows: one per entity (the first mention wins), ids as text cut to the column. */
export function targetRows(e: AuditEventInput): TargetRow[] {
  const rows: TargetRow[] = [];
  const seen = new Set<string>();
  for (const t of e.targets) {
    const type = clip(t.entityType, 64) as string;
    const id = clip(String(t.entityId), 64) as string;
    const key = `${type}:${id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push([type, id, t.fields ? JSON.stringify(t.fields) : null]);
  }
  return rows;
}

/**
 * What chains an event's targets: SHA-256 of its target rows as a JSON array, sorted by their own
 * JSON text (so the order they are read back in does not matter). An event with no targets hashes
 * `[]`: removing or adding a target row, or changing one, no longer matches its event's hash.
 */
export function targetsDigest(rows: readonly TargetRow[]): string {
  return createHash('sha256').update(targetsText(rows)).digest('hex');
}

/** The hashed text of target rows (the `targets` column of a CSV export). */
export function targetsText(rows: readonly TargetRow[]): string {
  return `[${rows.map((r) => JSON.stringify(r)).sort().join(',')}]`;
}

/** Turns an event into its stored row (JSON columns with sorted keys, so the text is deterministic). */
export function toStored(seq: number, e: AuditEventInput, targets: readonly TargetRow[] = targetRows(e)): StoredEvent {
  // MEDIUMTEXT holds 16 MiB; beyond MAX_JSON_BYTES (far above any input the API accepts) a marker
  // stands in rather than failing the append — and with it the write it records.
  const json = (v: unknown) => {
    if (v === null || v === undefined) return null;
    const text = JSON.stringify(sortKeys(v));
    return text.length * 3 <= MAX_JSON_BYTES || Buffer.byteLength(text) <= MAX_JSON_BYTES
      ? text : JSON.stringify({ truncated: true, length: text.length, head: text.slice(0, 1000) });
  };
  const id = (v: string | null) => (v === null || v === undefined ? null : String(v));
  return {
    seq, at: auditTime(e.at), actor_user_id: id(e.actorUserId), actor_username: clip(e.actorUsername, 64), actor_token_id: id(e.actorTokenId),
    ip: clip(e.ip, 64), user_agent: clip(e.userAgent || null, 255), request_id: clip(e.requestId, 64),
    operation: clip(e.operation || null, 128), action: e.action, outcome: e.outcome, max_level: e.maxLevel,
    grant_id: id(e.grantId), purpose: clip(e.purpose, 255), entity_type: clip(e.entityType, 64), entity_id: clip(id(e.entityId), 64), fields: json(e.fields),
    changes: json(e.changes), detail: json(e.detail), targets_hash: targetsDigest(targets),
    client_request_id: clip(e.clientRequestId ?? null, 64),
  };
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/**
 * The canonical text of an event: its stored columns in a fixed order as a JSON array. The
 * verifier (scripts/verify-audit.mjs) rebuilds it from a CSV export the same way. Columns added
 * later join only when present, in a fixed position: targets_hash as the twentieth value when it or
 * client_request_id is not null, client_request_id as the twenty-first when it is not null (so a
 * value moved from one to the other never gives the same text).
 */
export function canonicalEvent(row: StoredEvent): string {
  const values: Array<string | number | null> = STORED_COLUMNS.map((c) => (c === 'seq' ? Number(row.seq) : text(row[c])));
  const targets = text(row.targets_hash);
  const client = text(row.client_request_id);
  if (targets !== null || client !== null) values.push(targets);
  if (client !== null) values.push(client);
  return JSON.stringify(values);
}

export function chainHash(prevHash: string, canonical: string): string {
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}

/** Values of CLASSIFIED fields are kept only as a keyed hash: comparable, never readable. */
export function keyedHash(key: string, value: unknown): string {
  return `hmac-sha256:${createHmac('sha256', key).update(JSON.stringify(value ?? null)).digest('hex')}`;
}
