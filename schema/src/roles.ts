/** Row scope a role grants over business records. */
export enum RowScope {
  /** Records the actor owns or is second manager of. */
  OWN = 'OWN',
  /** Records whose owning department is in the actor's department subtree. */
  DEPARTMENT = 'DEPARTMENT',
  ALL = 'ALL',
  /** Aggregates only, no detail rows. */
  SUMMARY = 'SUMMARY',
  /** No business data at all (三员: system admin, security officer, auditor). */
  NONE = 'NONE',
}

/** Default role names. Roles are rows in the database; these are the ones seeded. */
export enum RoleName {
  ACCOUNT_MANAGER = 'ACCOUNT_MANAGER',
  SALES_SUPERVISOR = 'SALES_SUPERVISOR',
  SALES_ASSISTANT = 'SALES_ASSISTANT',
  FINANCE = 'FINANCE',
  ARCHIVIST = 'ARCHIVIST',
  INFO_SUPERVISOR = 'INFO_SUPERVISOR',
  GENERAL_MANAGER = 'GENERAL_MANAGER',
  REPORT_VIEWER = 'REPORT_VIEWER',
  AUDITOR = 'AUDITOR',
  SECURITY_OFFICER = 'SECURITY_OFFICER',
  SYSTEM_ADMIN = 'SYSTEM_ADMIN',
  API_CLIENT = 'API_CLIENT',
}

/**
 * The three separated duties (三员分立): an account holding one of them holds no other role at all
 * (neither a second duty nor a business role), and the row scope of these roles is fixed at NONE.
 */
export const SEPARATED_ROLES: readonly RoleName[] = [RoleName.SYSTEM_ADMIN, RoleName.SECURITY_OFFICER, RoleName.AUDITOR];

/** Whether a role is one of the three separated duties (三员). */
export function isDutyRole(role: RoleName): boolean {
  return SEPARATED_ROLES.includes(role);
}

/** Seeded roles: label and default row scope. */
export const DEFAULT_ROLES: Record<RoleName, { zh: string; en: string; scope: RowScope }> = {
  [RoleName.ACCOUNT_MANAGER]: { zh: '客户经理', en: 'Account manager', scope: RowScope.OWN },
  [RoleName.SALES_SUPERVISOR]: { zh: '销售部经理', en: 'Sales supervisor', scope: RowScope.DEPARTMENT },
  [RoleName.SALES_ASSISTANT]: { zh: '销售内勤', en: 'Sales assistant', scope: RowScope.DEPARTMENT },
  [RoleName.FINANCE]: { zh: '财务', en: 'Finance', scope: RowScope.ALL },
  [RoleName.ARCHIVIST]: { zh: '客户信息专员', en: 'Archivist', scope: RowScope.ALL },
  [RoleName.INFO_SUPERVISOR]: { zh: '客户信息主管', en: 'Information supervisor', scope: RowScope.ALL },
  [RoleName.GENERAL_MANAGER]: { zh: '总经理', en: 'General manager', scope: RowScope.ALL },
  [RoleName.REPORT_VIEWER]: { zh: '报表查询员', en: 'Report viewer', scope: RowScope.SUMMARY },
  [RoleName.AUDITOR]: { zh: '安全审计员', en: 'Auditor', scope: RowScope.NONE },
  [RoleName.SECURITY_OFFICER]: { zh: '安全保密管理员', en: 'Security officer', scope: RowScope.NONE },
  [RoleName.SYSTEM_ADMIN]: { zh: '系统管理员', en: 'System administrator', scope: RowScope.NONE },
  [RoleName.API_CLIENT]: { zh: 'API 客户端', en: 'API client', scope: RowScope.ALL },
};

const SCOPE_ORDER: readonly RowScope[] = [RowScope.NONE, RowScope.SUMMARY, RowScope.OWN, RowScope.DEPARTMENT, RowScope.ALL];

/** The wider of two row scopes (for users holding several roles). */
export function widerScope(a: RowScope, b: RowScope): RowScope {
  return SCOPE_ORDER.indexOf(a) >= SCOPE_ORDER.indexOf(b) ? a : b;
}

/** The narrower of two row scopes (an API token under its creator's current scope). */
export function narrowerScope(a: RowScope, b: RowScope): RowScope {
  return SCOPE_ORDER.indexOf(a) <= SCOPE_ORDER.indexOf(b) ? a : b;
}

/** Whether scope `a` is no wider than `b`. */
export function scopeAtMost(a: RowScope, b: RowScope): boolean {
  return SCOPE_ORDER.indexOf(a) <= SCOPE_ORDER.indexOf(b);
}

/** Permission names; which role holds which is decided in api/src/auth/policy.ts. */
export enum Permission {
  CUSTOMER_READ = 'CUSTOMER_READ',
  CUSTOMER_WRITE = 'CUSTOMER_WRITE',
  CUSTOMER_DELETE = 'CUSTOMER_DELETE',
  RECORD_WRITE = 'RECORD_WRITE',
  STATS_READ = 'STATS_READ',
  USER_ADMIN = 'USER_ADMIN',
  SECURITY_ADMIN = 'SECURITY_ADMIN',
  ARCHIVE_ADMIN = 'ARCHIVE_ADMIN',
  AUDIT_READ = 'AUDIT_READ',
  ACCESS_APPROVE = 'ACCESS_APPROVE',
  TOKEN_CREATE = 'TOKEN_CREATE',
  /** Change who owns or co-manages a customer and which department holds it (within one's own scope). */
  CUSTOMER_ASSIGN = 'CUSTOMER_ASSIGN',
}
