import { ErrorCode, isLevel, Level, LEVELS, levelRank } from '@custodian/schema';
import { Actor } from '../auth/actor';
import { auditActionsVisibleTo } from '../auth/policy';
import { Context } from '../context';
import { AppError, badInput } from '../errors';
import { decodeCursor, encodeCursor } from '../common/keyset';
import { Page } from '../common/connection';
import { AuditEvent, AuditEventWhere, AuditExportResult, AuditIntegrity, AuditTargetRef } from './audit.types';
import { AUDIT_ACTIONS, auditTime, canonicalEvent, CHAIN_COLUMNS, chainHash, GENESIS_HASH, StoredEvent, TargetRow, targetsDigest, targetsText } from './event';
import { recordNow } from './recorder';
import { csvDocument } from '../common/csv';

type Row = StoredEvent & { prev_hash: string; hash: string };

function visibleActions(actor: Actor): 'ALL' | readonly string[] {
  const visible = auditActionsVisibleTo(actor);
  if (!visible) throw new AppError(ErrorCode.FORBIDDEN, 'Only auditors read the audit log');
  return visible;
}

async function buildWhere(ctx: Context, actor: Actor, w: AuditEventWhere | undefined): Promise<{ sql: string; params: unknown[] }> {
  const parts: string[] = [];
  const params: unknown[] = [];
  const visible = visibleActions(actor);
  if (visible !== 'ALL') {
    parts.push(`e.action IN (${visible.map(() => '?').join(',')})`);
    params.push(...visible);
  }
  if (w?.actor) {
    const [u] = await ctx.ds.query('SELECT id FROM app_user WHERE username = ? OR id = ?', [w.actor, /^\d+$/.test(w.actor) ? w.actor : -1]);
    if (u) { parts.push('e.actor_user_id = ?'); params.push(u.id); } else { parts.push('e.actor_username = ?'); params.push(w.actor); }
  }
  if (w?.action?.length) {
    const bad = w.action.find((a) => !(AUDIT_ACTIONS as readonly string[]).includes(a));
    if (bad) throw badInput('where.action', `Unknown audit action ${bad}`);
    parts.push(`e.action IN (${w.action.map(() => '?').join(',')})`);
    params.push(...w.action);
  }
  if (w?.outcome) { parts.push('e.outcome = ?'); params.push(w.outcome); }
  if (w?.from) { parts.push('e.at >= ?'); params.push(w.from); }
  if (w?.to) { parts.push('e.at < ?'); params.push(w.to); }
  if (w?.grantId) { parts.push('e.grant_id = ?'); params.push(w.grantId); }
  if (w?.minLevel) {
    const levels = LEVELS.filter((l) => levelRank(l) >= levelRank(w.minLevel!));
    parts.push(`e.max_level IN (${levels.map(() => '?').join(',')})`);
    params.push(...levels);
  }
  if (w?.entityId && !w.entityType) throw badInput('where.entityType', 'entityId needs entityType');
  if (w?.entityType) {
    parts.push(`e.seq IN (SELECT t.seq FROM audit_target t WHERE t.entity_type = ?${w.entityId ? ' AND t.entity_id = ?' : ''})`);
    params.push(w.entityType, ...(w.entityId ? [w.entityId] : []));
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/**
 * The index that reads a time window fastest, as an index hint. In seq order MariaDB walks the primary
 * key from the newest (or, for an export, the oldest) end and skips every event outside the window;
 * through ix_audit_at it reads only the window and sorts it. Its own estimate assumes matches are spread
 * evenly along seq, so a week half a year back took seconds. `at` grows with seq (events are appended as
 * they happen), so the log's first and last times tell how much each way reads: the window's share of the
 * log against the share a walk would skip. A person, customer or grant filter has a narrower index.
 */
async function timeWindowIndex(ctx: Context, w: AuditEventWhere | undefined, order: 'ASC' | 'DESC'): Promise<string> {
  if ((!w?.from && !w?.to) || w.actor || w.entityType || w.grantId) return '';
  const [first]: Array<{ at: Date }> = await ctx.ds.query('SELECT at FROM audit_event ORDER BY seq LIMIT 1');
  const [last]: Array<{ at: Date }> = await ctx.ds.query('SELECT at FROM audit_event ORDER BY seq DESC LIMIT 1');
  if (!first || !last) return '';
  const lo = new Date(first.at).getTime();
  const hi = new Date(last.at).getTime();
  const from = Math.max(lo, w.from ? w.from.getTime() : lo);
  const to = Math.min(hi, w.to ? w.to.getTime() : hi);
  const inside = Math.max(0, to - from);
  const skipped = order === 'DESC' ? hi - to : from - lo;
  return inside < skipped ? 'FORCE INDEX (ix_audit_at)' : '';
}

const parseJson = (v: string | null): unknown => (v === null ? null : JSON.parse(v));

async function toEvents(ctx: Context, rows: Row[]): Promise<AuditEvent[]> {
  const targets = await targetRowsOfSeqs(ctx, rows.map((r) => r.seq));
  const refs = (seq: number): AuditTargetRef[] =>
    (targets.get(seq) ?? []).map(([entityType, entityId, fields]) => ({ entityType, entityId, fields: parseJson(fields) as string[] | null }));
  return rows.map((r) => ({
    seq: Number(r.seq), at: new Date(`${String(r.at).replace(' ', 'T')}Z`), actorUserId: r.actor_user_id ? String(r.actor_user_id) : null,
    actorUsername: r.actor_username, actorTokenId: r.actor_token_id ? String(r.actor_token_id) : null, ip: r.ip, userAgent: r.user_agent,
    requestId: r.request_id, clientRequestId: r.client_request_id, operation: r.operation, action: r.action, outcome: r.outcome,
    maxLevel: r.max_level && isLevel(r.max_level) ? r.max_level : null, grantId: r.grant_id ? String(r.grant_id) : null,
    purpose: r.purpose, entityType: r.entity_type, entityId: r.entity_id, fields: parseJson(r.fields) as string[] | null,
    changes: parseJson(r.changes), detail: parseJson(r.detail), prevHash: r.prev_hash, hash: r.hash, targets: refs(Number(r.seq)),
  }));
}

const SELECT_COLUMNS = CHAIN_COLUMNS.map((c) => `e.${c}`).join(', ');

/** The target rows of the given events (by seq, in the order written), as stored: what their targets_hash covers. */
async function targetRowsOf(ctx: Context, where: string, params: unknown[]): Promise<Map<number, TargetRow[]>> {
  const rows: Array<{ seq: string; entity_type: string; entity_id: string; fields: string | null }> = await ctx.ds.query(
    `SELECT seq, entity_type, entity_id, fields FROM audit_target WHERE ${where} ORDER BY id`, params);
  const bySeq = new Map<number, TargetRow[]>();
  for (const r of rows) {
    const seq = Number(r.seq);
    const list = bySeq.get(seq);
    if (list) list.push([r.entity_type, r.entity_id, r.fields]);
    else bySeq.set(seq, [[r.entity_type, r.entity_id, r.fields]]);
  }
  return bySeq;
}

/** The target rows of the events with these seqs (1,000 events per statement). */
async function targetRowsOfSeqs(ctx: Context, seqs: ReadonlyArray<number | string>): Promise<Map<number, TargetRow[]>> {
  const out = new Map<number, TargetRow[]>();
  for (let i = 0; i < seqs.length; i += 1000) {
    const part = seqs.slice(i, i + 1000);
    for (const [seq, list] of await targetRowsOf(ctx, `seq IN (${part.map(() => '?').join(',')})`, part)) out.set(seq, list);
  }
  return out;
}

/** `at` comes back as a Date; its canonical text is the millisecond UTC form it was written as. */
function fixAt(rows: Row[]): Row[] {
  for (const r of rows) r.at = auditTime(new Date(r.at as unknown as Date));
  return rows;
}

export async function listAuditEvents(ctx: Context, actor: Actor, first: number, after: string | undefined, w?: AuditEventWhere): Promise<Page<AuditEvent>> {
  if (first < 1 || first > 500) throw badInput('first', 'first must be between 1 and 500');
  const { sql, params } = await buildWhere(ctx, actor, w);
  await recordNow(ctx, { action: 'AUDIT_VIEW', detail: { where: w ?? null, first } });
  const cursorSql = after ? `${sql ? `${sql} AND` : 'WHERE'} e.seq < ?` : sql;
  const cursorParams = after ? [...params, decodeCursor(after, 'AUDIT', 1)[0]] : params;
  const hint = await timeWindowIndex(ctx, w, 'DESC');
  const rows: Row[] = fixAt(await ctx.ds.query(
    `SELECT ${SELECT_COLUMNS}, e.prev_hash, e.hash FROM audit_event e ${hint} ${cursorSql} ORDER BY e.seq DESC LIMIT ?`, [...cursorParams, first + 1]));
  const hasNextPage = rows.length > first;
  const nodes = await toEvents(ctx, rows.slice(0, first));
  return {
    nodes, cursors: nodes.map((n) => encodeCursor('AUDIT', [n.seq])), hasNextPage, hasPreviousPage: Boolean(after),
    // Unfiltered, the total is the last seq: the chain numbers events from 1 without gaps (a missing one
    // is what the integrity check reports), and counting millions of rows takes half a second.
    count: async () => Number((await ctx.ds.query(sql ? `SELECT COUNT(*) AS n FROM audit_event e ${sql}` : 'SELECT COALESCE(MAX(seq), 0) AS n FROM audit_event', params))[0].n),
  };
}

/**
 * The target rows of events `from`..`to`. They were inserted with their events, so their ids form
 * one narrow range: read it along the primary key (the range found from the seq index, which holds
 * the ids) rather than looking each row up from the seq index — half the time on a large log.
 */
async function targetRowsBetween(ctx: Context, from: number | string, to: number | string): Promise<Map<number, TargetRow[]>> {
  const [ids]: Array<{ lo: string | null; hi: string | null }> = await ctx.ds.query(
    'SELECT MIN(id) AS lo, MAX(id) AS hi FROM audit_target WHERE seq BETWEEN ? AND ?', [from, to]);
  if (ids?.lo === null || ids?.lo === undefined) return new Map();
  return targetRowsOf(ctx, 'id BETWEEN ? AND ? AND seq BETWEEN ? AND ?', [ids.lo, ids.hi, from, to]);
}

/** Recomputes the whole chain in seq order and names the first seq that is missing, altered or mislinked. */
export async function verifyChain(ctx: Context): Promise<AuditIntegrity> {
  const [head] = await ctx.ds.query('SELECT seq, hash FROM audit_head WHERE id = 1');
  let prev = GENESIS_HASH;
  let expected = 1;
  let checked = 0;
  let firstBroken: number | null = null;
  for (;;) {
    const rows: Row[] = fixAt(await ctx.ds.query(
      `SELECT ${SELECT_COLUMNS}, e.prev_hash, e.hash FROM audit_event e WHERE e.seq >= ? ORDER BY e.seq LIMIT 5000`, [expected]));
    const targets = rows.some((r) => r.targets_hash !== null) ? await targetRowsBetween(ctx, rows[0].seq, rows[rows.length - 1].seq) : new Map();
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expected) { firstBroken = expected; break; }
      if (r.prev_hash !== prev || chainHash(prev, canonicalEvent(r)) !== r.hash) { firstBroken = seq; break; }
      // Target rows are chained through their event's targets_hash (events older than it have none).
      // (a null targets_hash on a newer event already failed the hash above).
      if (r.targets_hash !== null && targetsDigest(targets.get(seq) ?? []) !== r.targets_hash) { firstBroken = seq; break; }
      prev = r.hash;
      expected += 1;
      checked += 1;
    }
    if (firstBroken !== null || rows.length < 5000) break;
  }
  const headSeq = Number(head?.seq ?? 0);
  if (firstBroken === null && (checked !== headSeq || prev !== head?.hash)) firstBroken = checked + 1;
  return { ok: firstBroken === null, checked, headSeq, headHash: head?.hash ?? GENESIS_HASH, firstBrokenSeq: firstBroken };
}

export async function auditIntegrity(ctx: Context, actor: Actor): Promise<AuditIntegrity> {
  visibleActions(actor);
  await recordNow(ctx, { action: 'AUDIT_VIEW', detail: { integrity: true } });
  return verifyChain(ctx);
}

/** A filtered selection as CSV with every stored column and the hashes, verifiable outside the system. */
export async function exportAuditEvents(ctx: Context, actor: Actor, w: AuditEventWhere | undefined, limit: number): Promise<AuditExportResult> {
  const { sql, params } = await buildWhere(ctx, actor, w);
  await recordNow(ctx, { action: 'EXPORT', entityType: 'AuditEvent', maxLevel: Level.CONFIDENTIAL, detail: { where: w ?? null, limit } });
  const hint = await timeWindowIndex(ctx, w, 'ASC');
  const rows: Row[] = fixAt(await ctx.ds.query(`SELECT ${SELECT_COLUMNS}, e.prev_hash, e.hash FROM audit_event e ${hint} ${sql} ORDER BY e.seq LIMIT ?`, [...params, limit]));
  // Each row carries its target rows as the text their targets_hash is computed from.
  const targets = await targetRowsOfSeqs(ctx, rows.filter((r) => r.targets_hash !== null).map((r) => r.seq));
  const cols = [...CHAIN_COLUMNS, 'targets', 'prev_hash', 'hash'] as const;
  const cell = (r: Row, c: (typeof cols)[number]): unknown =>
    (c === 'targets' ? (r.targets_hash === null ? null : targetsText(targets.get(Number(r.seq)) ?? [])) : (r as unknown as Record<string, unknown>)[c]);
  // NULL is written as an empty unquoted cell, an empty string as "" — the verifier tells them apart;
  // cells that a spreadsheet would run as a formula carry a leading apostrophe, which it removes (common/csv.ts).
  const csv = csvDocument(cols, rows.map((r) => cols.map((c) => cell(r, c))));
  return { filename: `audit-${ctx.clock.now().toISOString().slice(0, 19).replace(/[:T]/g, '')}.csv`, rows: rows.length, csv };
}
