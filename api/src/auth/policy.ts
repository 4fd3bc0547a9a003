import {
  ARCHIVE_TYPES, ErrorCode, IDENTITY_FIELDS, isDutyRole, Level, levelAtMost, levelRank, maxLevel, Permission, RoleName, RowScope,
  scopeAtMost, widerScope,
} from '@custodian/schema';
import { AppError } from '../errors';
import { Actor } from './actor';
import { FieldLevels } from './levels';

/**
 * THE place where access is decided. Resolvers declare what they need (`@Authorized(Permission.X)`)
 * and services ask here; nothing else in the code base looks at roles.
 */

const P = Permission;
const BUSINESS: Permission[] = [P.CUSTOMER_READ, P.STATS_READ, P.TOKEN_CREATE];

/** Default role → permission grants (REQUIREMENTS §2, with 三员分立 for the last three). */
export const ROLE_PERMISSIONS: Record<RoleName, readonly Permission[]> = {
  [RoleName.ACCOUNT_MANAGER]: [...BUSINESS, P.CUSTOMER_WRITE, P.RECORD_WRITE],
  [RoleName.SALES_SUPERVISOR]: [...BUSINESS, P.CUSTOMER_WRITE, P.CUSTOMER_DELETE, P.RECORD_WRITE, P.ACCESS_APPROVE, P.CUSTOMER_ASSIGN],
  [RoleName.SALES_ASSISTANT]: [...BUSINESS, P.RECORD_WRITE],
  [RoleName.FINANCE]: [...BUSINESS, P.RECORD_WRITE],
  [RoleName.ARCHIVIST]: [...BUSINESS, P.CUSTOMER_WRITE, P.CUSTOMER_DELETE, P.RECORD_WRITE, P.ACCESS_APPROVE],
  [RoleName.INFO_SUPERVISOR]: [...BUSINESS, P.ARCHIVE_ADMIN, P.ACCESS_APPROVE, P.CUSTOMER_ASSIGN],
  [RoleName.GENERAL_MANAGER]: [...BUSINESS, P.ACCESS_APPROVE, P.CUSTOMER_ASSIGN],
  [RoleName.REPORT_VIEWER]: [P.STATS_READ, P.TOKEN_CREATE],
  [RoleName.AUDITOR]: [P.AUDIT_READ],
  [RoleName.SECURITY_OFFICER]: [P.SECURITY_ADMIN, P.ARCHIVE_ADMIN, P.AUDIT_READ],
  [RoleName.SYSTEM_ADMIN]: [P.USER_ADMIN],
  [RoleName.API_CLIENT]: [P.CUSTOMER_READ, P.STATS_READ],
};

/** Operations anyone may call without a token. */
const PUBLIC_OPERATIONS = new Set(['login']);
/** What a user who must change an initial password may still do. */
const PASSWORD_CHANGE_OPERATIONS = new Set(['changePassword', 'logout', 'me']);

export function permissionsOf(actor: Actor): Set<Permission> {
  const own = new Set(actor.roles.flatMap((r) => ROLE_PERMISSIONS[r] ?? []));
  if (actor.kind !== 'TOKEN') return own;
  const creator = new Set((actor.creatorRoles ?? []).flatMap((r) => ROLE_PERMISSIONS[r] ?? []));
  return new Set([...own].filter((p) => creator.has(p)));
}

export function hasPermission(actor: Actor, permission: Permission): boolean {
  return permissionsOf(actor).has(permission);
}

export function assertAnyPermission(actor: Actor, permissions: Permission[]): void {
  if (!permissions.some((p) => hasPermission(actor, p))) {
    throw new AppError(ErrorCode.FORBIDDEN, `This action needs one of ${permissions.join(', ')}`, { permission: permissions[0] });
  }
}

export function assertPermission(actor: Actor, permission: Permission): void {
  if (!hasPermission(actor, permission)) {
    throw new AppError(ErrorCode.FORBIDDEN, `This action needs the ${permission} permission`, { permission });
  }
}

/**
 * Gate for every root query and mutation: signed in (unless public), and no business while an
 * initial password is waiting to be changed.
 */
export function assertOperationAllowed(actor: Actor | null, authError: string | null, operation: string): void {
  if (PUBLIC_OPERATIONS.has(operation)) return;
  if (!actor) throw new AppError(ErrorCode.UNAUTHENTICATED, authError ?? 'Sign in first: send Authorization: Bearer <token>');
  if (actor.mustChangePassword && !PASSWORD_CHANGE_OPERATIONS.has(operation)) {
    throw new AppError(ErrorCode.FORBIDDEN, 'Change your initial password before doing anything else', { reason: 'PASSWORD_CHANGE_REQUIRED' });
  }
}

/** Whether the actor may see detail rows at all (SUMMARY and NONE see none). */
export function seesRows(actor: Actor): boolean {
  return actor.scope === RowScope.OWN || actor.scope === RowScope.DEPARTMENT || actor.scope === RowScope.ALL;
}

/** Largest page an actor may ask for: analytics tokens may walk in bigger pages. */
export function maxPageSize(actor: Actor, limits: { maxPageSize: number; maxTokenPageSize: number }): number {
  return actor.kind === 'TOKEN' ? limits.maxTokenPageSize : limits.maxPageSize;
}

/** The row scope of a set of roles: the widest of them. */
export function scopeOfRoles(scopes: RowScope[]): RowScope {
  return scopes.reduce(widerScope, RowScope.NONE);
}

/* ------------------------------------------------------------------------------------------------
 * Field-level classification (DESIGN §3)
 * ---------------------------------------------------------------------------------------------- */

/** Why a field is closed to the actor. */
export enum DenyReason {
  /** The actor's clearance is below the field's own level. */
  CLEARANCE = 'CLEARANCE',
  /** A CLASSIFIED field opens only to the record's custodian (or through a grant). */
  CUSTODIAN_ONLY = 'CUSTODIAN_ONLY',
  /** The archive's level raised the field above what the actor may read. */
  ARCHIVE_LEVEL = 'ARCHIVE_LEVEL',
}

/** What the policy needs to know about the customer archive a record belongs to. */
export interface ArchiveFacts {
  customerId: string;
  archiveLevel: Level;
  ownerId: string | null;
  custodianId: string | null;
}

/** An approved, unexpired access grant (借阅) of the actor. */
export interface ActiveGrant {
  id: string;
  customerId: string;
  /** `Type.field` coordinates it opens; empty means the whole archive. */
  fields: string[];
  purpose: string;
  expiresAt: Date;
}

export interface FieldDecision {
  allowed: boolean;
  level: Level;
  reason: DenyReason | null;
  /** The grant that opened the field, when one did (the read is then logged with it). */
  grant: ActiveGrant | null;
  /** Whether the actor could ask for access (借阅) to this field. */
  requestable: boolean;
}

/** Policy switch: the owner of a record reads its CONFIDENTIAL fields (on by default). */
export const OWNER_READS_CONFIDENTIAL = process.env.OWNER_READS_CONFIDENTIAL !== 'false';

/** The archive facts of a customer row. */
export function archiveFacts(c: { id: string; archiveLevel: Level; ownerId: string | null; custodianId: string | null }): ArchiveFacts {
  return { customerId: c.id, archiveLevel: c.archiveLevel, ownerId: c.ownerId, custodianId: c.custodianId };
}

export function isIdentityField(typeName: string, field: string): boolean {
  return IDENTITY_FIELDS[typeName]?.includes(field) ?? false;
}

/**
 * The level helpers as plain local functions for the per-value path below (decideField runs for
 * every field of every record in a response); through the package's CommonJS re-export every call
 * would go through a property getter.
 */
const higherLevel = maxLevel;
const atMostLevel = levelAtMost;
const rankOf = levelRank;

/** Step 2: the level of field `f` in an archive of `archiveLevel` — its own, raised by the archive unless it is an identity field. */
export function levelInArchive(levels: FieldLevels, typeName: string, field: string, archiveLevel: Level): Level {
  const own = levels.get(typeName, field);
  return isIdentityField(typeName, field) ? own : higherLevel(own, archiveLevel);
}

/** Step 2: the level that applies to field `f` of a record. */
export function effectiveLevel(levels: FieldLevels, typeName: string, field: string, facts: ArchiveFacts | null): Level {
  return facts ? levelInArchive(levels, typeName, field, facts.archiveLevel) : levels.get(typeName, field);
}

function grantCovering(grants: readonly ActiveGrant[], facts: ArchiveFacts | null, typeName: string, field: string): ActiveGrant | null {
  if (!facts) return null;
  return grants.find((g) => g.customerId === facts.customerId
    && (g.fields.length === 0 || g.fields.includes(`${typeName}.${field}`))) ?? null;
}

/** The decision "allowed, no grant needed" per level: shared (and frozen), one is made per field value. */
const ALLOWED: Readonly<Record<Level, FieldDecision>> = Object.freeze(Object.fromEntries(Object.values(Level).map((level) => [
  level, Object.freeze({ allowed: true, level, reason: null, grant: null, requestable: false }),
])) as Record<Level, FieldDecision>);

/** Steps 2–7 of DESIGN §3 for one field of one record already in the actor's scope (step 1). */
export function decideField(
  actor: Actor, levels: FieldLevels, grants: readonly ActiveGrant[], typeName: string, field: string, facts: ArchiveFacts | null,
): FieldDecision {
  const level = effectiveLevel(levels, typeName, field, facts);
  const allow = (grant: ActiveGrant | null = null): FieldDecision => (grant ? { allowed: true, level, reason: null, grant, requestable: false } : ALLOWED[level]);
  if (atMostLevel(level, Level.INTERNAL) && (!facts || seesRows(actor) || isIdentityField(typeName, field))) return allow();
  const grant = grantCovering(grants, facts, typeName, field);
  if (grant) return allow(grant);
  if (facts && !seesRows(actor) && !isIdentityField(typeName, field)) {
    // Defence in depth: an actor without row scope (三员, report viewer) never reads archive contents.
    return { allowed: false, level, reason: DenyReason.CLEARANCE, grant: null, requestable: false };
  }
  const isCustodian = facts !== null && facts.custodianId === actor.userId;
  const isOwner = facts !== null && OWNER_READS_CONFIDENTIAL && facts.ownerId === actor.userId;
  if (level === Level.CONFIDENTIAL && (atMostLevel(Level.CONFIDENTIAL, actor.clearance) || isOwner || isCustodian)) return allow();
  if (level === Level.CLASSIFIED && isCustodian) return allow();
  const raisedByArchive = rankOf(levels.get(typeName, field)) < rankOf(level);
  const reason = raisedByArchive ? DenyReason.ARCHIVE_LEVEL : level === Level.CLASSIFIED ? DenyReason.CUSTODIAN_ONLY : DenyReason.CLEARANCE;
  return { allowed: false, level, reason, grant: null, requestable: actor.kind === 'USER' && facts !== null };
}

export function isArchiveType(typeName: string): boolean {
  return ARCHIVE_TYPES.includes(typeName);
}

/**
 * Side channels (DESIGN §3): the SQL condition, over the customer alias `cu`, under which the actor
 * may read `typeName.field` of a row. Filters, sorts, search and aggregates on the field are
 * restricted to such rows, so the field's value never influences what else is returned. Returns
 * null when the field is readable on no row at all: the caller refuses the operation (FORBIDDEN).
 */
export function readableCondition(
  actor: Actor, levels: FieldLevels, grants: readonly ActiveGrant[], typeName: string, field: string, cu: string,
): string | null {
  const own = levels.get(typeName, field);
  const archiveLevels = isIdentityField(typeName, field) || !isArchiveType(typeName) ? [Level.PUBLIC] : [Level.PUBLIC, Level.INTERNAL, Level.CONFIDENTIAL, Level.CLASSIFIED];
  const me = /^\d+$/.test(actor.userId) ? actor.userId : '0';
  const granted = grants.filter((g) => g.fields.length === 0 || g.fields.includes(`${typeName}.${field}`)).map((g) => g.customerId).filter((id) => /^\d+$/.test(id));
  const grantCond = granted.length ? `${cu}.id IN (${granted.join(',')})` : null;
  const parts: string[] = [];
  let allRows = true;
  for (const archive of archiveLevels) {
    const level = maxLevel(own, archive);
    let cond: string | null;
    if (levelAtMost(level, Level.INTERNAL)) cond = 'TRUE';
    else if (level === Level.CONFIDENTIAL && levelAtMost(Level.CONFIDENTIAL, actor.clearance)) cond = 'TRUE';
    else if (level === Level.CONFIDENTIAL) cond = `(${OWNER_READS_CONFIDENTIAL ? `${cu}.owner_id = ${me} OR ` : ''}${cu}.custodian_id = ${me})`;
    else cond = actor.kind === 'USER' ? `${cu}.custodian_id = ${me}` : null;
    if (cond !== 'TRUE') allRows = false;
    if (cond && grantCond && cond !== 'TRUE') cond = `(${cond} OR ${grantCond})`;
    else if (!cond && grantCond) cond = grantCond;
    if (!cond) continue;
    parts.push(archiveLevels.length === 1 ? cond : `(${cu}.archive_level = '${archive}' AND ${cond})`);
  }
  if (allRows) return 'TRUE';
  if (parts.length === 0) return null;
  // A field the actor's rank never opens is usable only by its custodians and grantees; to anyone
  // else it is not a filter at all.
  const rankOpens = levelAtMost(own, Level.INTERNAL) || (own === Level.CONFIDENTIAL && (levelAtMost(Level.CONFIDENTIAL, actor.clearance) || OWNER_READS_CONFIDENTIAL));
  if (!rankOpens && !actor.isCustodian && !grantCond) return null;
  return `(${parts.join(' OR ')})`;
}

/** Throws FORBIDDEN for a field the actor cannot use in where/orderBy/search/groupBy. */
export function forbiddenField(typeName: string, field: string, use: string): AppError {
  return new AppError(ErrorCode.FORBIDDEN, `${typeName}.${field} is classified above what you may read, so it cannot be used in ${use}`,
    { field: `${typeName}.${field}`, use });
}

/** Writing a field needs the right to read it (on the record as it is before and after the write). */
export function assertWritable(
  actor: Actor, levels: FieldLevels, grants: readonly ActiveGrant[], typeName: string, fields: string[], facts: ArchiveFacts,
): void {
  for (const field of fields) {
    const d = decideField(actor, levels, grants, typeName, field, facts);
    if (!d.allowed) {
      throw new AppError(ErrorCode.FIELD_CLASSIFIED, `You may not write ${typeName}.${field} (${d.level})`,
        { field, level: d.level, reason: d.reason, requestable: d.requestable });
    }
  }
}

/* ------------------------------------------------------------------------------------------------
 * Administration and separation of duties (三员分立): see also duties.ts
 * ---------------------------------------------------------------------------------------------- */

/** Clearances are set only by the security officer, never for themselves. */
export function assertCanSetClearance(actor: Actor, targetUserId: string): void {
  assertPermission(actor, Permission.SECURITY_ADMIN);
  if (targetUserId === actor.userId) throw new AppError(ErrorCode.FORBIDDEN, 'Nobody may change their own clearance');
}

/** An API token never exceeds its creator: clearance, scope and expiry are capped. */
export function assertTokenWithinCreator(actor: Actor, clearance: Level, scope: RowScope): void {
  assertPermission(actor, Permission.TOKEN_CREATE);
  if (actor.kind !== 'USER') throw new AppError(ErrorCode.FORBIDDEN, 'API tokens cannot create API tokens');
  if (!levelAtMost(clearance, actor.clearance)) {
    throw new AppError(ErrorCode.FORBIDDEN, `A token's clearance cannot exceed yours (${actor.clearance})`, { field: 'clearance' });
  }
  if (!scopeAtMost(scope, actor.scope) || scope === RowScope.NONE) {
    throw new AppError(ErrorCode.FORBIDDEN, `A token's scope cannot exceed yours (${actor.scope})`, { field: 'scope' });
  }
}

/** Who may read audit events (DESIGN §4): auditors all; the security officer DENY and ADMIN events. */
export function auditActionsVisibleTo(actor: Actor): 'ALL' | readonly string[] | null {
  if (actor.roles.includes(RoleName.AUDITOR)) return 'ALL';
  if (actor.roles.includes(RoleName.SECURITY_OFFICER)) return ['DENY', 'ADMIN'];
  return null;
}

/* ------------------------------------------------------------------------------------------------
 * Access requests and grants (查阅/借阅)
 * ---------------------------------------------------------------------------------------------- */

/** Only people may ask for access; API tokens never can. */
export function assertCanRequestAccess(actor: Actor): void {
  assertPermission(actor, Permission.CUSTOMER_READ);
  if (actor.kind !== 'USER') throw new AppError(ErrorCode.FORBIDDEN, 'API tokens cannot request access');
}

/**
 * Who decides a step: its named approver, or — for an information-supervisor step — anyone holding
 * that role; in either case only with the approve permission and never a duty-role account (三员).
 * Never the requester.
 */
export function canDecideStep(actor: Actor, step: { approverUserId: string | null; approverRole: string }, requesterId: string): boolean {
  if (actor.kind !== 'USER' || actor.userId === requesterId) return false;
  if (!hasPermission(actor, Permission.ACCESS_APPROVE) || actor.roles.some(isDutyRole)) return false;
  if (step.approverUserId) return step.approverUserId === actor.userId;
  return step.approverRole === 'INFO_SUPERVISOR' && actor.roles.includes(RoleName.INFO_SUPERVISOR);
}

/** The custodian of the archive or an information supervisor may revoke a grant. */
export function canRevokeGrant(actor: Actor, custodianId: string | null): boolean {
  return actor.kind === 'USER' && (actor.userId === custodianId || actor.roles.includes(RoleName.INFO_SUPERVISOR));
}

/** A request is visible to its requester, its approvers, information supervisors and auditors. */
export function canViewAccessRequest(actor: Actor, requesterId: string, approverIds: Array<string | null>): boolean {
  return actor.userId === requesterId || approverIds.includes(actor.userId)
    || actor.roles.includes(RoleName.INFO_SUPERVISOR) || actor.roles.includes(RoleName.AUDITOR);
}

/** Longest grant for a level: the rule's limit, never above 72 hours (REQUIREMENTS §2). */
export const MAX_GRANT_HOURS = 72;
