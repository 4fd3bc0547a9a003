import {
  ARCHIVE_TYPES, ErrorCode, FIELD_CATALOGUE, IDENTITY_FIELDS, isDutyRole, Level, LEVELS, levelAtMost, levelRank, maxLevel, Permission,
  RELATION_TYPES, RoleName, RowScope, scopeAtMost, widerScope,
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
 * Field-level classification (DESIGN §3; the steps as applied here are in docs/access.md)
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
  /** Whether the customer is in the actor's standing scope too (then the grant only adds its coordinates). */
  standing: boolean;
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

/**
 * Step 2: the level of field `f` in an archive of `archiveLevel` — its own (a derived value: the
 * highest of what it reveals), raised by the archive unless it is an identity field.
 */
export function levelInArchive(levels: FieldLevels, typeName: string, field: string, archiveLevel: Level): Level {
  const own = levels.intrinsic(typeName, field);
  return isIdentityField(typeName, field) ? own : higherLevel(own, archiveLevel);
}

/** Step 2: the level that applies to field `f` of a record. */
export function effectiveLevel(levels: FieldLevels, typeName: string, field: string, facts: ArchiveFacts | null): Level {
  return facts ? levelInArchive(levels, typeName, field, facts.archiveLevel) : levels.intrinsic(typeName, field);
}

/**
 * Record type → the coordinate types whose field grants make its rows exist (`Contact.mobile` opens
 * the customer's contacts; an order line's coordinate, its orders and their lines). The links from
 * the customer (`Customer.contacts` …) stay fields of the customer: a field grant does not open them.
 */
const ROWS_OPENED_BY: Readonly<Record<string, readonly string[]>> = {
  Contact: ['Contact'], Activity: ['Activity'], SalesOrder: ['SalesOrder', 'SalesOrderLine'], SalesOrderLine: ['SalesOrderLine'],
};

const typeOf = (coordinate: string): string => coordinate.slice(0, coordinate.indexOf('.'));

/** Whether a grant opens `typeName.field`: a whole-archive grant all of it, a field grant its coordinates. */
function covers(g: ActiveGrant, typeName: string, field: string): boolean {
  return g.fields.length === 0 || g.fields.includes(`${typeName}.${field}`);
}

function grantCovering(grants: readonly ActiveGrant[], facts: ArchiveFacts | null, typeName: string, field: string): ActiveGrant | null {
  if (!facts) return null;
  return grants.find((g) => g.customerId === facts.customerId && covers(g, typeName, field)) ?? null;
}

/**
 * Step 1: an archive the actor sees only through field grants (outside their standing scope, no
 * whole-archive grant) shows its identity and the granted coordinates, nothing else.
 */
function grantOnly(grants: readonly ActiveGrant[], customerId: string): boolean {
  let any = false;
  for (const g of grants) {
    if (g.customerId !== customerId) continue;
    if (g.standing || g.fields.length === 0) return false;
    any = true;
  }
  return any;
}

/**
 * Step 1 for rows: the customers whose grants make records of `recordType` exist for the actor. A
 * whole-archive grant opens every record type; a field grant its customer and the child records of
 * the types it names (relations: none).
 */
export function grantOpensRows(g: ActiveGrant, recordType: string): boolean {
  if (g.fields.length === 0 || recordType === 'Customer') return true;
  const by = ROWS_OPENED_BY[recordType];
  return by !== undefined && g.fields.some((c) => by.includes(typeOf(c)));
}

/** Records on the actor which customers its grants open, per record type (row scope, scope.ts). */
export function openGrantedRecords(actor: Actor, grants: readonly ActiveGrant[]): void {
  const ids = (type: string) => [...new Set(grants.filter((g) => grantOpensRows(g, type)).map((g) => g.customerId))];
  actor.grantCustomerIds = ids('Customer');
  actor.grantRecords = Object.fromEntries([...Object.keys(ROWS_OPENED_BY), 'CustomerRelation'].map((t) => [t, ids(t)]));
}

/** The decision "allowed, no grant needed" per level: shared (and frozen), one is made per field value. */
const ALLOWED: Readonly<Record<Level, FieldDecision>> = Object.freeze(Object.fromEntries(Object.values(Level).map((level) => [
  level, Object.freeze({ allowed: true, level, reason: null, grant: null, requestable: false }),
])) as Record<Level, FieldDecision>);

/** Step 6: the owner switch — a person (cleared at least INTERNAL) reads the CONFIDENTIAL values of records they own. */
function ownerSwitchOpens(actor: Actor, facts: ArchiveFacts | null): boolean {
  return OWNER_READS_CONFIDENTIAL && actor.kind === 'USER' && facts !== null && facts.ownerId === actor.userId
    && atMostLevel(Level.INTERNAL, actor.clearance);
}

/** Step 7: the custodian right is personal (专人管理) and needs CLASSIFIED clearance; it never acts through a token. */
function custodianOpens(actor: Actor, facts: ArchiveFacts | null): boolean {
  return actor.kind === 'USER' && facts !== null && facts.custodianId === actor.userId && actor.clearance === Level.CLASSIFIED;
}

function denied(
  actor: Actor, levels: FieldLevels, typeName: string, field: string, level: Level, facts: ArchiveFacts | null,
): FieldDecision {
  const raisedByArchive = rankOf(levels.intrinsic(typeName, field)) < rankOf(level);
  const keeper = actor.kind === 'USER' && facts !== null && facts.custodianId === actor.userId;
  const reason = raisedByArchive ? DenyReason.ARCHIVE_LEVEL
    : level === Level.CLASSIFIED && !keeper ? DenyReason.CUSTODIAN_ONLY : DenyReason.CLEARANCE;
  return { allowed: false, level, reason, grant: null, requestable: actor.kind === 'USER' && facts !== null };
}

/**
 * Steps 1–8 (docs/access.md "Field decisions") for one field of one record already in the actor's
 * row scope: the level (step 2), the clearance cap (3) and its two exceptions for a person — a grant
 * (5) and the owner switch (6).
 */
export function decideField(
  actor: Actor, levels: FieldLevels, grants: readonly ActiveGrant[], typeName: string, field: string, facts: ArchiveFacts | null,
): FieldDecision {
  const level = effectiveLevel(levels, typeName, field, facts);
  const identity = isIdentityField(typeName, field);
  const grant = grants.length ? grantCovering(grants, facts, typeName, field) : null;
  if (facts && !identity && !grant && grants.length && grantOnly(grants, facts.customerId)) {
    return denied(actor, levels, typeName, field, level, facts);
  }
  const withinCap = atMostLevel(level, actor.clearance);
  if (withinCap && atMostLevel(level, Level.INTERNAL) && (!facts || identity || seesRows(actor))) return ALLOWED[level];
  if (grant) return { allowed: true, level, reason: null, grant, requestable: false };
  if (facts && !identity && !seesRows(actor)) {
    // Defence in depth: an actor without row scope (三员, report viewer) never reads archive contents.
    return { allowed: false, level, reason: DenyReason.CLEARANCE, grant: null, requestable: false };
  }
  if (withinCap && (level !== Level.CLASSIFIED || custodianOpens(actor, facts))) return ALLOWED[level];
  if (level === Level.CONFIDENTIAL && ownerSwitchOpens(actor, facts)) return ALLOWED[level];
  return denied(actor, levels, typeName, field, level, facts);
}

/**
 * A relation is data about both its archives: its own fields must be readable as data of each of
 * them (so a CLASSIFIED end needs its custodian) and take the higher of the two levels; its identity
 * (the two ends) is decided as any identity.
 */
export function decideRelationField(
  actor: Actor, levels: FieldLevels, grants: readonly ActiveGrant[], typeName: string, field: string,
  ends: readonly [ArchiveFacts, ArchiveFacts],
): FieldDecision {
  if (isIdentityField(typeName, field)) return decideField(actor, levels, grants, typeName, field, null);
  const [a, b] = ends.map((end) => decideField(actor, levels, grants, typeName, field, end));
  const level = higherLevel(a.level, b.level);
  if (!a.allowed || !b.allowed) {
    const d = !a.allowed && (b.allowed || rankOf(a.level) >= rankOf(b.level)) ? a : b;
    return { ...d, level };
  }
  return { allowed: true, level, reason: null, grant: a.grant ?? b.grant, requestable: false };
}

export function isArchiveType(typeName: string): boolean {
  return ARCHIVE_TYPES.includes(typeName);
}

/** How a type's records are governed: by their customer's archive, by the two archives they relate, or neither. */
export type RecordKind = 'ARCHIVE' | 'RELATION' | null;
export function recordKind(typeName: string): RecordKind {
  return isArchiveType(typeName) ? 'ARCHIVE' : RELATION_TYPES[typeName] ? 'RELATION' : null;
}

const numericIds = (ids: Iterable<string>): string[] => [...new Set(ids)].filter((id) => /^\d+$/.test(id));

/**
 * Side channels (DESIGN §3): the SQL condition, over the customer alias `cu`, under which the actor
 * may read `typeName.field` of a row — decideField's answer for every archive level, owner,
 * custodian and grant a row may have. Filters, sorts, search and aggregates on the field are
 * restricted to such rows, so the field's value never influences what else is returned. Returns
 * null when the field is readable on no row at all: the caller refuses the operation (FORBIDDEN).
 * Unlike decideField it lets an actor without rows aggregate what their clearance opens (SUMMARY).
 */
export function readableCondition(
  actor: Actor, levels: FieldLevels, grants: readonly ActiveGrant[], typeName: string, field: string, cu: string,
): string | null {
  const own = levels.intrinsic(typeName, field);
  const identity = isIdentityField(typeName, field);
  const me = /^\d+$/.test(actor.userId) ? actor.userId : '0';
  const granted = numericIds(grants.filter((g) => covers(g, typeName, field)).map((g) => g.customerId));
  const grantOnlyIds = identity ? [] : numericIds(grants.map((g) => g.customerId).filter((id) => grantOnly(grants, id)));
  const standing = (level: Level): string => {
    if (atMostLevel(level, actor.clearance)) {
      if (level !== Level.CLASSIFIED) return 'TRUE';
      return actor.kind === 'USER' && actor.isCustodian ? `${cu}.custodian_id = ${me}` : 'FALSE';
    }
    const owner = level === Level.CONFIDENTIAL && OWNER_READS_CONFIDENTIAL && actor.kind === 'USER'
      && atMostLevel(Level.INTERNAL, actor.clearance);
    return owner ? `${cu}.owner_id = ${me}` : 'FALSE';
  };
  const condition = (level: Level): string => {
    let cond = standing(level);
    if (cond !== 'FALSE' && grantOnlyIds.length) {
      const outside = `${cu}.id NOT IN (${grantOnlyIds.join(',')})`;
      cond = cond === 'TRUE' ? outside : `(${outside} AND ${cond})`;
    }
    if (!granted.length || cond === 'TRUE') return cond;
    const grant = `${cu}.id IN (${granted.join(',')})`;
    return cond === 'FALSE' ? grant : `(${cond} OR ${grant})`;
  };
  if (identity || !isArchiveType(typeName)) {
    const cond = condition(own);
    return cond === 'FALSE' ? null : cond;
  }
  const byArchive = LEVELS.map((archive) => [archive, condition(maxLevel(own, archive))] as const);
  if (byArchive.every(([, c]) => c === 'TRUE')) return 'TRUE';
  const parts = byArchive.filter(([, c]) => c !== 'FALSE')
    .map(([archive, c]) => `(${cu}.archive_level = '${archive}'${c === 'TRUE' ? '' : ` AND ${c}`})`);
  return parts.length ? `(${parts.join(' OR ')})` : null;
}

/** Throws FORBIDDEN for a field the actor cannot use in where/orderBy/search/groupBy. */
export function forbiddenField(typeName: string, field: string, use: string): AppError {
  return new AppError(ErrorCode.FORBIDDEN, `${typeName}.${field} is classified above what you may read, so it cannot be used in ${use}`,
    { field: `${typeName}.${field}`, use });
}

function fieldClassified(message: string, field: string, d: FieldDecision): AppError {
  return new AppError(ErrorCode.FIELD_CLASSIFIED, message, { field, level: d.level, reason: d.reason, requestable: d.requestable });
}

/** Writing a field needs the right to read it (on the record as it is before and after the write). */
export function assertWritable(
  actor: Actor, levels: FieldLevels, grants: readonly ActiveGrant[], typeName: string, fields: string[], facts: ArchiveFacts,
): void {
  for (const field of fields) {
    const d = decideField(actor, levels, grants, typeName, field, facts);
    if (!d.allowed) throw fieldClassified(`You may not write ${typeName}.${field} (${d.level})`, field, d);
  }
}

/** The same for a relation, whose fields are data about both its archives. */
export function assertRelationWritable(
  actor: Actor, levels: FieldLevels, grants: readonly ActiveGrant[], fields: string[], ends: readonly [ArchiveFacts, ArchiveFacts],
): void {
  for (const field of fields) {
    const d = decideRelationField(actor, levels, grants, 'CustomerRelation', field, ends);
    if (!d.allowed) throw fieldClassified(`You may not write CustomerRelation.${field} (${d.level})`, field, d);
  }
}

/**
 * Deleting a record needs the right to read it at its archive level (docs/access.md "Deleting"):
 * every non-identity field whose level in the record is at most max(archive level, INTERNAL) must
 * be readable. Fields classified above that by their own level (bank account, mobile…) are not needed.
 */
export function assertDeletable(
  actor: Actor, levels: FieldLevels, grants: readonly ActiveGrant[], typeName: string, facts: ArchiveFacts,
): void {
  const ceiling = higherLevel(facts.archiveLevel, Level.INTERNAL);
  for (const field of Object.keys(FIELD_CATALOGUE[typeName] ?? {})) {
    if (isIdentityField(typeName, field) || !atMostLevel(effectiveLevel(levels, typeName, field, facts), ceiling)) continue;
    const d = decideField(actor, levels, grants, typeName, field, facts);
    if (!d.allowed) throw fieldClassified(`You may not delete this ${typeName}: you cannot read its ${field}`, field, d);
  }
}

/** The same for a relation: its note and type must be readable on both sides. */
export function assertRelationDeletable(
  actor: Actor, levels: FieldLevels, grants: readonly ActiveGrant[], ends: readonly [ArchiveFacts, ArchiveFacts],
): void {
  for (const field of ['note', 'relationType']) {
    const d = decideRelationField(actor, levels, grants, 'CustomerRelation', field, ends);
    if (!d.allowed) throw fieldClassified(`You may not delete this relation: you cannot read its ${field}`, field, d);
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
