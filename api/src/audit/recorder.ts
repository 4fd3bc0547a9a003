import { EntityManager } from 'typeorm';
import { ARCHIVE_TYPES, isLevel, Level, levelRank, maxLevel } from '@custodian/schema';
import { Context } from '../context';
import { FieldLevels } from '../auth/levels';
import { levelInArchive } from '../auth/policy';
import { AuditAction, AuditEventInput, AuditOutcome, AuditTarget, keyedHash } from './event';
import { AuditWriter } from './writer';

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
    ip: ctx.ip, userAgent: ctx.userAgent, requestId: ctx.requestId, clientRequestId: ctx.clientRequestId, operation: ctx.operation,
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
 * stored as a keyed hash (comparable, not readable). `archiveLevel` is the level of the customer
 * archive the record belongs to: it raises every field but the identity fields (DESIGN §3 step 2),
 * so a CLASSIFIED archive's phone number is hashed like its bank account.
 */
export function changesOf(
  ctx: Context, levels: FieldLevels, typeName: string, before: object | null, after: object | null, archiveLevel: Level = Level.PUBLIC,
): { changes: NonNullable<AuditEventInput['changes']>; fields: string[]; maxLevel: Level } {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const changes: NonNullable<AuditEventInput['changes']> = {};
  let max = Level.PUBLIC;
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (IGNORED.has(key)) continue;
    let bv = normalise(b[key]);
    let av = normalise(a[key]);
    if (JSON.stringify(bv) === JSON.stringify(av)) continue;
    let level = levelInArchive(levels, typeName, CATALOGUE_NAME[key] ?? key, archiveLevel);
    const nestedType = NESTED[typeName]?.[key];
    if (nestedType) {
      // Child records written with their parent (an order's lines): each value at its own level.
      const masked = [bv, av].map((v) => maskedRecords(ctx, levels, nestedType, v, archiveLevel));
      [bv, av] = masked.map((m) => m.value);
      level = masked.reduce((m, x) => maxLevel(m, x.level), level);
    }
    if (levelRank(level) > levelRank(max)) max = level;
    const hide = level === Level.CLASSIFIED && !nestedType;
    changes[key] = {
      before: hide && bv !== null ? keyedHash(ctx.config.auditKey, bv) : bv,
      after: hide && av !== null ? keyedHash(ctx.config.auditKey, av) : av,
    };
  }
  return { changes, fields: Object.keys(changes), maxLevel: max };
}

/** Keys of a record that hold its child records, with the children's type. */
const NESTED: Readonly<Record<string, Readonly<Record<string, string>>>> = { SalesOrder: { lines: 'SalesOrderLine' } };

/**
 * Child records as they go into `changes`: each field at its effective level (its own, raised by the
 * archive but for identity fields), CLASSIFIED values as keyed hashes; with the highest level among
 * the values present.
 */
function maskedRecords(ctx: Context, levels: FieldLevels, typeName: string, value: unknown, archiveLevel: Level): { value: unknown; level: Level } {
  if (!Array.isArray(value)) return { value, level: Level.PUBLIC };
  let max = Level.PUBLIC;
  const records = value.map((r) => {
    if (!r || typeof r !== 'object') return r;
    return Object.fromEntries(Object.entries(r as Record<string, unknown>).map(([k, raw]) => {
      const v = normalise(raw);
      const level = levelInArchive(levels, typeName, CATALOGUE_NAME[k] ?? k, archiveLevel);
      if (v !== null && levelRank(level) > levelRank(max)) max = level;
      return [k, level === Level.CLASSIFIED && v !== null ? keyedHash(ctx.config.auditKey, v) : v];
    }));
  });
  return { value: records, level: max };
}

/**
 * The level of the customer archive a record belongs to (its own for a customer, its customer's
 * otherwise), read in the write's transaction; CLASSIFIED when it cannot be told (deny when unsure).
 */
async function archiveLevelOf(tx: EntityManager, typeName: string, records: Array<object | null>, targets: AuditTarget[]): Promise<Level> {
  if (!ARCHIVE_TYPES.includes(typeName)) return Level.PUBLIC;
  const rows = records.filter((r): r is Record<string, unknown> => Boolean(r));
  if (typeName === 'Customer') {
    return rows.reduce<Level>((m, r) => (isLevel(r.archiveLevel) ? maxLevel(m, r.archiveLevel) : Level.CLASSIFIED), Level.PUBLIC);
  }
  const customerId = rows.map((r) => r.customerId).find((v) => v !== null && v !== undefined)
    ?? targets.find((t) => t.entityType === 'Customer')?.entityId;
  if (customerId === undefined) return Level.CLASSIFIED;
  const [row]: Array<{ archive_level: string }> = await tx.query('SELECT archive_level FROM customer WHERE id = ?', [String(customerId)]);
  return row && isLevel(row.archive_level) ? row.archive_level : Level.CLASSIFIED;
}

/** Records a create, update or delete of a record with its before and after values, in the write's transaction. */
export async function recordChange(
  ctx: Context, tx: EntityManager, action: 'CREATE' | 'UPDATE' | 'DELETE', typeName: string, id: string,
  before: object | null, after: object | null, targets: AuditTarget[] = [],
): Promise<void> {
  const archiveLevel = await archiveLevelOf(tx, typeName, [before, after], targets);
  const { changes, fields, maxLevel: max } = changesOf(ctx, ctx.levels, typeName, before, after, archiveLevel);
  return recordInTx(ctx, tx, {
    action, entityType: typeName, entityId: id, fields, changes, maxLevel: max,
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

/** Records an event of the system itself (scheduled jobs), with no request behind it. */
export function recordSystemInTx(
  writer: AuditWriter, tx: EntityManager, at: Date, spec: EventSpec & { operation: string },
): Promise<void> {
  return writer.appendInTx(tx, [{
    at, actorUserId: null, actorUsername: 'system', actorTokenId: null, ip: null, userAgent: null, requestId: null,
    operation: spec.operation, action: spec.action, outcome: spec.outcome ?? 'SUCCESS', maxLevel: spec.maxLevel ?? null,
    grantId: spec.grantId ?? null, purpose: spec.purpose ?? null, entityType: spec.entityType ?? null,
    entityId: spec.entityId ? String(spec.entityId) : null, fields: spec.fields ?? null, changes: spec.changes ?? null,
    detail: spec.detail ?? null,
    targets: spec.targets ?? (spec.entityType && spec.entityId ? [{ entityType: spec.entityType, entityId: String(spec.entityId) }] : []),
  }]);
}
