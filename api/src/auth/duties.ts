import {
  ErrorCode, isDutyRole, Level, levelAtMost, levelRank, narrowerScope, Permission, RoleName, RowScope, scopeAtMost, SEPARATED_ROLES,
} from '@custodian/schema';
import { AppError } from '../errors';
import { Actor } from './actor';
import { assertPermission, hasPermission, ROLE_PERMISSIONS, scopeOfRoles } from './policy';

/**
 * Separation of duties and administration (三员分立; docs/access.md, "Separation of duties and
 * administration"): who may change accounts, roles, departments, custodians and the people a
 * customer belongs to, and which of those changes need a second person.
 */

const forbidden = (message: string, extra: Record<string, unknown> = {}): AppError => new AppError(ErrorCode.FORBIDDEN, message, extra);
const bad = (field: string, message: string, extra: Record<string, unknown> = {}): AppError =>
  new AppError(ErrorCode.BAD_USER_INPUT, message, { field, ...extra });

export const holdsDutyRole = (roles: readonly RoleName[]): boolean => roles.some(isDutyRole);

export function permissionsOfRoles(roles: readonly RoleName[]): Set<Permission> {
  return new Set(roles.flatMap((r) => ROLE_PERMISSIONS[r] ?? []));
}

/* ------------------------------------------------------------------------------------------------
 * Roles and accounts
 * ---------------------------------------------------------------------------------------------- */

/** A duty role is held alone: no second duty role and no business role beside it. */
export function assertSeparationOfDuties(roles: readonly RoleName[]): void {
  const distinct = [...new Set(roles)];
  const duties = SEPARATED_ROLES.filter((r) => distinct.includes(r));
  if (duties.length > 1) throw bad('roles', `An account may not hold both ${duties.join(' and ')} (三员分立)`);
  if (duties.length === 1 && distinct.length > 1) throw bad('roles', `${duties[0]} is held alone: no other role beside it (三员分立)`);
}

/** What else an account is, when it is given a duty role. */
export interface DutyObstacles { headOf: string[]; custodianOf: number }

/** A department head or a custodian cannot take a duty role (a duty account never approves or keeps archives). */
export function assertMayTakeRoles(roles: readonly RoleName[], obstacles: DutyObstacles): void {
  if (!holdsDutyRole(roles)) return;
  if (obstacles.headOf.length) throw bad('roles', `Heads of ${obstacles.headOf.join(', ')} cannot hold a duty role`, { departments: obstacles.headOf });
  if (obstacles.custodianOf) throw bad('roles', `The custodian of ${obstacles.custodianOf} archive(s) cannot hold a duty role`);
}

/** Nobody changes their own roles, active flag or department, resets or unlocks their own account. */
export function assertNotOwnAccount(actor: Actor, targetUserId: string, what: string): void {
  if (actor.userId === targetUserId) throw forbidden(`Nobody may change their own ${what}`, { reason: 'OWN_ACCOUNT' });
}

/** The facts about an account that decide whether a change to it opens sensitive access. */
export interface AccountFacts {
  roles: readonly RoleName[];
  clearance: Level;
  /** Keeps at least one archive as custodian. */
  custodian: boolean;
  /** Owns or is second manager of a CONFIDENTIAL or CLASSIFIED archive (the owner rule opens those). */
  managesSensitiveArchive: boolean;
}

/** Permissions that open CONFIDENTIAL+ data, the audit log or the administration of access. */
const OPENING_PERMISSIONS: readonly Permission[] = [Permission.ACCESS_APPROVE, Permission.ARCHIVE_ADMIN, Permission.SECURITY_ADMIN, Permission.AUDIT_READ];

/** Whether working access to this account would open CONFIDENTIAL+ data, the audit log or a duty role. */
export function opensSensitiveAccess(a: AccountFacts): boolean {
  const permissions = permissionsOfRoles(a.roles);
  return holdsDutyRole(a.roles) || OPENING_PERMISSIONS.some((p) => permissions.has(p))
    || levelAtMost(Level.CONFIDENTIAL, a.clearance) || a.custodian || a.managesSensitiveArchive;
}

/** A role change is sensitive when the account holds a duty role before it, or is sensitive after it. */
export function isSensitiveRoleChange(before: AccountFacts, roles: readonly RoleName[]): boolean {
  return holdsDutyRole(before.roles) || opensSensitiveAccess({ ...before, roles });
}

/** The row scope of a duty role is fixed at NONE. */
export function assertRoleScopeChangeable(role: RoleName, from: RowScope, to: RowScope): void {
  if (isDutyRole(role) && to !== from) throw forbidden(`The row scope of ${role} is fixed at NONE (三员分立)`, { field: 'scope' });
}

/**
 * Widening a role's scope is sensitive when someone holding it has CONFIDENTIAL+ clearance or keeps
 * archives: the wider scope would open more of what they can read. Narrowing never is.
 */
export function isSensitiveScopeChange(
  from: RowScope, to: RowScope, holders: ReadonlyArray<Pick<AccountFacts, 'clearance' | 'custodian'>>,
): boolean {
  return !scopeAtMost(to, from) && holders.some((h) => levelAtMost(Level.CONFIDENTIAL, h.clearance) || h.custodian);
}

/** A department head is an active account without a duty role (heads approve access requests). */
export function assertMayHeadDepartment(head: { active: boolean; roles: readonly RoleName[] }): void {
  if (!head.active) throw bad('headUserId', 'An inactive account cannot head a department');
  if (holdsDutyRole(head.roles)) throw bad('headUserId', 'A duty-role account cannot head a department (三员分立)');
}

/* ------------------------------------------------------------------------------------------------
 * Dual control of account changes (the administrator files, the security officer approves)
 * ---------------------------------------------------------------------------------------------- */

/** Which account changes the actor may list: all (security officer) or those they filed (administrator). */
export function accountChangesVisibleTo(actor: Actor): 'ALL' | 'FILED' {
  if (hasPermission(actor, Permission.SECURITY_ADMIN)) return 'ALL';
  if (hasPermission(actor, Permission.USER_ADMIN)) return 'FILED';
  throw forbidden(`This action needs one of ${Permission.SECURITY_ADMIN}, ${Permission.USER_ADMIN}`, { permission: Permission.SECURITY_ADMIN });
}

/** Only the security officer, in person, decides account changes. */
export function assertCanDecideAccountChanges(actor: Actor): void {
  assertPermission(actor, Permission.SECURITY_ADMIN);
  if (actor.kind !== 'USER') throw forbidden('API tokens cannot decide account changes');
}

/** …and never on their own filing nor on a change about themselves. */
export function assertCanDecideAccountChange(actor: Actor, change: { requestedBy: string; targetUserId: string | null }): void {
  assertCanDecideAccountChanges(actor);
  if (change.requestedBy === actor.userId) throw forbidden('Nobody approves their own filing', { reason: 'OWN_FILING' });
  if (change.targetUserId === actor.userId) throw forbidden('Nobody decides a change about themselves', { reason: 'OWN_ACCOUNT' });
}

/* ------------------------------------------------------------------------------------------------
 * Custodianship and archive levels
 * ---------------------------------------------------------------------------------------------- */

export interface CustodianFacts { id: string; active: boolean; clearance: Level; roles: readonly RoleName[] }

/**
 * A custodian (保管人) is somebody else: an active account without a duty role, cleared at least for
 * the archive's level (so CLASSIFIED for a CLASSIFIED archive).
 */
export function assertCustodianEligible(actor: Actor, keeper: CustodianFacts, archiveLevel: Level): void {
  if (keeper.id === actor.userId) throw forbidden('Nobody appoints themselves custodian', { field: 'custodianId', reason: 'OWN_ACCOUNT' });
  if (!keeper.active) throw bad('custodianId', `User ${keeper.id} is inactive and cannot be a custodian`);
  if (holdsDutyRole(keeper.roles)) throw bad('custodianId', 'A duty-role account cannot be a custodian (三员分立)');
  if (!levelAtMost(archiveLevel, keeper.clearance)) {
    throw bad('custodianId', `The custodian of a ${archiveLevel} archive must hold ${archiveLevel} clearance (has ${keeper.clearance})`);
  }
}

/** Lowering an archive's level (declassification) waits for a second archive administrator. */
export function isDeclassification(from: Level, to: Level): boolean {
  return levelRank(to) < levelRank(from);
}

/** Archive administrators, in person, decide declassifications. */
export function assertCanDecideDeclassifications(actor: Actor): void {
  assertPermission(actor, Permission.ARCHIVE_ADMIN);
  if (actor.kind !== 'USER') throw forbidden('API tokens cannot decide declassifications');
}

/**
 * Who approves a declassification: another archive administrator who gains nothing by it — not the
 * proposer, not the custodian-to-be, not the archive's owner or second manager.
 */
export function assertCanDecideDeclassification(
  actor: Actor, change: { requestedBy: string; custodianAfter: string | null; ownerId: string | null; secondManagerId: string | null },
): void {
  assertCanDecideDeclassifications(actor);
  if (change.requestedBy === actor.userId) throw forbidden('Nobody approves their own proposal', { reason: 'OWN_FILING' });
  if ([change.custodianAfter, change.ownerId, change.secondManagerId].includes(actor.userId)) {
    throw forbidden('Nobody approves a declassification that benefits themselves', { reason: 'OWN_BENEFIT' });
  }
}

/** A clearance cannot drop below the level of an archive its holder keeps (say which). */
export function assertClearanceKeepsCustody(clearance: Level, kept: ReadonlyArray<{ code: string; archiveLevel: Level }>): void {
  const above = kept.filter((a) => !levelAtMost(a.archiveLevel, clearance)).map((a) => a.code);
  if (above.length) {
    throw bad('clearance', `Custodian of ${above.join(', ')}: appoint another custodian before lowering the clearance below their level`,
      { archives: above });
  }
}

/* ------------------------------------------------------------------------------------------------
 * Fields of a customer that change who has access (owner, second manager, department)
 * ---------------------------------------------------------------------------------------------- */

export interface AccessFields { ownerId: string | null; secondManagerId: string | null; departmentId: string | null }

export interface AccessFieldFacts {
  /** The accounts named in the new values: active, roles, department path. */
  people: ReadonlyMap<string, { active: boolean; roles: readonly RoleName[]; departmentPath: string | null }>;
  /** Paths of the departments named in the new values. */
  departments: ReadonlyMap<string, string>;
}

const ACCESS_FIELD_INPUT: Record<keyof AccessFields, string> = { ownerId: 'ownerId', secondManagerId: 'secondManagerId', departmentId: 'departmentId' };

function insideScope(actor: Actor, departmentPath: string | null): boolean {
  if (actor.scope === RowScope.ALL) return true;
  if (actor.scope !== RowScope.DEPARTMENT || !actor.departmentPath || !departmentPath) return false;
  return departmentPath.startsWith(actor.departmentPath);
}

/**
 * Writing owner, second manager or department needs the right to make that access change: the
 * CUSTOMER_ASSIGN permission, only to active non-duty people and departments inside the actor's own
 * scope, and never to oneself. `before` is what the customer has now (for a new customer: the
 * defaults, the creator as owner in the owner's department). Deny by default (FORBIDDEN).
 */
export function assertCanChangeAccessFields(actor: Actor, before: AccessFields, after: AccessFields, facts: AccessFieldFacts): void {
  const changed = (Object.keys(ACCESS_FIELD_INPUT) as Array<keyof AccessFields>).filter((k) => (before[k] ?? null) !== (after[k] ?? null));
  if (changed.length === 0) return;
  const refuse = (k: keyof AccessFields, message: string) => forbidden(message, { field: ACCESS_FIELD_INPUT[k] });
  if (!hasPermission(actor, Permission.CUSTOMER_ASSIGN) || actor.kind !== 'USER') {
    throw refuse(changed[0], 'Changing who owns, co-manages or holds a customer needs the CUSTOMER_ASSIGN permission');
  }
  for (const k of changed) {
    const id = after[k];
    if (id === null) continue;
    if (k === 'departmentId') {
      if (!insideScope(actor, facts.departments.get(id) ?? null)) throw refuse(k, `Department ${id} is outside your scope`);
      continue;
    }
    if (id === actor.userId) throw refuse(k, 'Nobody assigns a customer to themselves');
    const person = facts.people.get(id);
    if (!person?.active || holdsDutyRole(person.roles)) throw refuse(k, `User ${id} cannot manage customers`);
    if (!insideScope(actor, person.departmentPath)) throw refuse(k, `User ${id} is outside your scope`);
  }
}

/* ------------------------------------------------------------------------------------------------
 * Credentials follow their owner
 * ---------------------------------------------------------------------------------------------- */

/** An API token's row scope on this request: its own, capped by its creator's current roles. */
export function tokenScope(own: RowScope, creatorRoleScopes: readonly RowScope[]): RowScope {
  return narrowerScope(own, scopeOfRoles([...creatorRoleScopes]));
}

/** Access grants (借阅) count only for an account that reads business data (never a duty role). */
export function usesGrants(roles: readonly RoleName[]): boolean {
  return !holdsDutyRole(roles) && permissionsOfRoles(roles).has(Permission.CUSTOMER_READ);
}

/** An account that may decide an access-request step: the approve permission, no duty role, active. */
export function mayApproveAccess(account: { active: boolean; roles: readonly RoleName[] }): boolean {
  return account.active && !holdsDutyRole(account.roles) && permissionsOfRoles(account.roles).has(Permission.ACCESS_APPROVE);
}

/** Passwords are changed by the person, never through an API token. */
export function assertCanChangePassword(actor: Actor): void {
  if (actor.kind !== 'USER') throw forbidden('API tokens cannot change passwords');
}
