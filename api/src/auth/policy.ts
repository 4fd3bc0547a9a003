import { ErrorCode, Permission, RoleName, RowScope } from '@custodian/schema';
import { AppError } from '../errors';
import { Actor } from './actor';

/**
 * THE place where access is decided. Resolvers declare what they need (`@Authorized(Permission.X)`)
 * and services ask here; nothing else in the code base looks at roles.
 */

const P = Permission;
const BUSINESS: Permission[] = [P.CUSTOMER_READ, P.STATS_READ, P.TOKEN_CREATE];

/** Default role → permission grants (REQUIREMENTS §2, with 三员分立 for the last three). */
export const ROLE_PERMISSIONS: Record<RoleName, readonly Permission[]> = {
  [RoleName.ACCOUNT_MANAGER]: [...BUSINESS, P.CUSTOMER_WRITE, P.RECORD_WRITE],
  [RoleName.SALES_SUPERVISOR]: [...BUSINESS, P.CUSTOMER_WRITE, P.CUSTOMER_DELETE, P.RECORD_WRITE, P.ACCESS_APPROVE],
  [RoleName.SALES_ASSISTANT]: [...BUSINESS, P.RECORD_WRITE],
  [RoleName.FINANCE]: [...BUSINESS, P.RECORD_WRITE],
  [RoleName.ARCHIVIST]: [...BUSINESS, P.CUSTOMER_WRITE, P.CUSTOMER_DELETE, P.RECORD_WRITE, P.ACCESS_APPROVE],
  [RoleName.INFO_SUPERVISOR]: [...BUSINESS, P.ARCHIVE_ADMIN, P.ACCESS_APPROVE],
  [RoleName.GENERAL_MANAGER]: [...BUSINESS, P.ACCESS_APPROVE],
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
  return new Set(actor.roles.flatMap((r) => ROLE_PERMISSIONS[r] ?? []));
}

export function hasPermission(actor: Actor, permission: Permission): boolean {
  return permissionsOf(actor).has(permission);
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
  const order = [RowScope.NONE, RowScope.SUMMARY, RowScope.OWN, RowScope.DEPARTMENT, RowScope.ALL];
  return scopes.reduce((a, b) => (order.indexOf(b) > order.indexOf(a) ? b : a), RowScope.NONE);
}
