import { EntityManager } from 'typeorm';
import { Level, levelRank } from '@custodian/schema';
import { Context } from '../context';
import { FieldLevels } from '../auth/levels';
import { AuditAction, AuditEventInput, AuditOutcome, AuditTarget, keyedHash } from './event';

export interface EventSpec {
  action: AuditAction;
  outcome?: AuditOutcome;
  entityType?: string | null;
  entityId?: string | null;
  fields?: string[] | null;
  maxLevel?: Level | null;
  changes?: AuditEventInput['changes'];
  detail?: Record<string, unknown> | null;
  grantId?: string | null;
  purpose?: string | null;
  targets?: AuditTarget[];
  /** For events before there is an actor (sign-in): who it concerns. */
  subject?: { userId: string | null; username: string | null };
}

/** Builds an event carrying the request's who, when, where and which operation. */
export function eventOf(ctx: Context, spec: EventSpec): AuditEventInput {
  const actor = ctx.actor;
  const entityTargets = spec.entityType && spec.entityId ? [{ entityType: spec.entityType, entityId: String(spec.entityId), fields: spec.fields ?? undefined }] : [];
  return {
    at: ctx.clock.now(),
    actorUserId: spec.subject ? spec.subject.userId : actor?.userId ?? null,
    actorUsername: spec.subject ? spec.subject.username : actor?.username ?? null,
    actorTokenId: actor?.tokenId ?? null,
    ip: ctx.ip, userAgent: ctx.userAgent, requestId: ctx.requestId, operation: ctx.operation,
    action: spec.action, outcome: spec.outcome ?? 'SUCCESS', maxLevel: spec.maxLevel ?? null,
    grantId: spec.grantId ?? null, purpose: spec.purpose ?? null,
    entityType: spec.entityType ?? null, entityId: spec.entityId ? String(spec.entityId) : null,
    fields: spec.fields ?? null, changes: spec.changes ?? null, detail: spec.detail ?? null,
    targets: spec.targets ?? entityTargets,
  };
}

/** Records an event in the caller's transaction: it commits, or rolls back, with the change. */
export function recordInTx(ctx: Context, tx: EntityManager, spec: EventSpec): Promise<void> {
  return ctx.audit.appendInTx(tx, [eventOf(ctx, spec)]);
}

/** Records an event on its own (group commit); resolves once it is durable. */
export function recordNow(ctx: Context, spec: EventSpec): Promise<void> {
  return ctx.audit.append([eventOf(ctx, spec)]);
}

/** Columns that are bookkeeping, not data, in a before/after diff. */
const IGNORED = new Set(['version', 'updatedAt', 'createdAt', 'deletedAt', 'passwordHash', 'tokenHash']);
const CATALOGUE_NAME: Record<string, string> = { ownerId: 'owner', secondManagerId: 'secondManager', departmentId: 'department', custodianId: 'custodian' };

function normalise(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  return v === undefined ? null : v;
}

/**
 * Before/after per changed field, with the highest level touched. Values of CLASSIFIED fields are
 * stored as a keyed hash (comparable, not readable).
 */
export function changesOf(
  ctx: Context, levels: FieldLevels, typeName: string, before: object | null, after: object | null,
): { changes: NonNullable<AuditEventInput['changes']>; fields: string[]; maxLevel: Level } {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const changes: NonNullable<AuditEventInput['changes']> = {};
  let max = Level.PUBLIC;
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (IGNORED.has(key)) continue;
    const bv = normalise(b[key]);
    const av = normalise(a[key]);
    if (JSON.stringify(bv) === JSON.stringify(av)) continue;
    const level = levels.get(typeName, CATALOGUE_NAME[key] ?? key);
    if (levelRank(level) > levelRank(max)) max = level;
    const hide = level === Level.CLASSIFIED;
    changes[key] = {
      before: hide && bv !== null ? keyedHash(ctx.config.auditKey, bv) : bv,
      after: hide && av !== null ? keyedHash(ctx.config.auditKey, av) : av,
    };
  }
  return { changes, fields: Object.keys(changes), maxLevel: max };
}

/** Records a create, update or delete of a record with its before and after values, in the write's transaction. */
export function recordChange(
  ctx: Context, tx: EntityManager, action: 'CREATE' | 'UPDATE' | 'DELETE', typeName: string, id: string,
  before: object | null, after: object | null, targets: AuditTarget[] = [],
): Promise<void> {
  const { changes, fields, maxLevel } = changesOf(ctx, ctx.levels, typeName, before, after);
  return recordInTx(ctx, tx, {
    action, entityType: typeName, entityId: id, fields, changes, maxLevel,
    targets: [{ entityType: typeName, entityId: id, fields }, ...targets],
  });
}

/** Records an administrative change (accounts, roles, clearances, classifications, custodians, tokens). */
export function recordAdmin(
  ctx: Context, tx: EntityManager, change: string, entityType: string, entityId: string,
  before: object | null = null, after: object | null = null, detail: Record<string, unknown> = {},
): Promise<void> {
  const diff = before || after ? changesOf(ctx, ctx.levels, entityType, before, after) : null;
  return recordInTx(ctx, tx, {
    action: 'ADMIN', entityType, entityId, fields: diff?.fields ?? null, changes: diff?.changes ?? null,
    maxLevel: diff?.maxLevel ?? null, detail: { change, ...detail },
  });
}
