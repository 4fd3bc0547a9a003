/** GraphQL documents and result shapes of the access (借阅), audit and administration pages. */
import type { Level, UserRef } from './types';

const USER = 'id username displayName';
const ARCHIVE = `id code name archiveLevel custodian { ${USER} }`;
const APPROVALS = `approvals { step approverRole decision comment decidedAt approver { ${USER} } decidedBy { ${USER} } }`;
const REQUEST = `id status level fields purpose reason hours createdAt decidedAt customer { ${ARCHIVE} } requester { ${USER} } ${APPROVALS}`;
const GRANT = `id status fields purpose startsAt expiresAt returnedAt revokedAt secondsLeft overdue customer { ${ARCHIVE} }`;

export const ACCESS_PURPOSES = 'query AccessPurposes { accessPurposes { code labelZh labelEn } }';
export const MY_ACCESS = `query MyAccess { myAccessRequests { ${REQUEST} grant { id status } } myGrants { ${GRANT} } accessPurposes { code labelZh labelEn } }`;
export const PENDING_APPROVALS = `query PendingApprovals { pendingApprovals { ${REQUEST} } accessPurposes { code labelZh labelEn } }`;
export const REMINDERS = 'query Reminders { reminders { kind at message requestId grantId customerId activityId } }';
export const REQUEST_ACCESS = `mutation RequestAccess($input: RequestAccessInput!) { requestAccess(input: $input) { id status } }`;
export const APPROVE = `mutation Approve($id: ID!, $comment: String) { approveAccessRequest(id: $id, comment: $comment) { id status } }`;
export const REJECT = `mutation Reject($id: ID!, $comment: String) { rejectAccessRequest(id: $id, comment: $comment) { id status } }`;
export const RETURN_GRANT = `mutation ReturnGrant($id: ID!) { returnGrant(id: $id) { id status } }`;
export const CUSTOMER_IDENTITY = `query CustomerIdentity($id: ID!) { customer(id: $id) { id code name archiveLevel } }`;
export const ARCHIVE_ENTRY = `query ArchiveEntry($code: String!) { archiveEntry(code: $code) { ${ARCHIVE} } }`;

export interface ArchiveEntry { id: string; code: string; name: string; archiveLevel: Level; custodian?: UserRef | null }
export interface AccessPurpose { code: string; labelZh: string; labelEn: string }
export interface Approval {
  step: number; approverRole: string; decision: string; comment?: string | null; decidedAt?: string | null;
  approver?: UserRef | null; decidedBy?: UserRef | null;
}
export interface AccessRequest {
  id: string; status: string; level: Level; fields: string[]; purpose: string; reason?: string | null; hours: number;
  createdAt: string; decidedAt?: string | null; customer?: ArchiveEntry | null; requester?: UserRef | null;
  approvals: Approval[]; grant?: { id: string; status: string } | null;
}
export interface AccessGrant {
  id: string; status: 'ACTIVE' | 'RETURNED' | 'EXPIRED' | 'REVOKED'; fields: string[]; purpose: string; startsAt: string;
  expiresAt: string; returnedAt?: string | null; revokedAt?: string | null; secondsLeft: number; overdue: boolean;
  customer?: ArchiveEntry | null;
}
export interface Reminder { kind: string; at: string; message: string; requestId?: string | null; grantId?: string | null; customerId?: string | null; activityId?: string | null }

export const AUDIT_EVENT = `seq at action outcome operation actorUserId actorUsername actorTokenId entityType entityId fields maxLevel
  purpose grantId requestId ip userAgent changes detail hash prevHash targets { entityType entityId fields }`;
/** The total is counted for a search's first page only (`withTotal`): on millions of events a count costs far more than a page. */
export const AUDIT_EVENTS = `query AuditEvents($first: Int, $after: String, $where: AuditEventWhere, $withTotal: Boolean = true) {
  auditEvents(first: $first, after: $after, where: $where) { totalCount @include(if: $withTotal) pageInfo { endCursor hasNextPage } edges { cursor node { ${AUDIT_EVENT} } } }
}`;
export const AUDIT_INTEGRITY = 'query AuditIntegrity { auditIntegrity { ok checked headSeq headHash firstBrokenSeq } }';
export const AUDIT_EXPORT = `query AuditExport($input: AuditExportInput!) { auditExport(input: $input) { filename csv rows } }`;

export interface AuditEvent {
  seq: number; at: string; action: string; outcome: string; operation?: string | null; actorUserId?: string | null;
  actorUsername?: string | null; actorTokenId?: string | null; entityType?: string | null; entityId?: string | null;
  fields?: string[] | null; maxLevel?: Level | null; purpose?: string | null; grantId?: string | null; requestId?: string | null;
  ip?: string | null; userAgent?: string | null; changes?: Record<string, { before?: unknown; after?: unknown }> | null;
  detail?: unknown; hash: string; prevHash: string; targets: Array<{ entityType: string; entityId: string; fields?: string[] | null }>;
}
export interface AuditWhere {
  actor?: string; action?: string[]; entityType?: string; entityId?: string; from?: string; to?: string; outcome?: string; minLevel?: Level;
}
export interface AuditIntegrity { ok: boolean; checked: number; headSeq: number; headHash: string; firstBrokenSeq?: number | null }

const ADMIN_USER = `id username displayName email phone roles active clearance lockedUntil lastLoginAt mustChangePassword version
  departmentId department { id name }`;
export const USERS = `query Users { users { ${ADMIN_USER} } }`;
export const ROLES = 'query Roles { roles { name labelZh labelEn } }';
export const DEPARTMENTS = 'query Departments { departments { id code name parentId headUserId version } }';
export const UPDATE_DEPARTMENT = `mutation UpdateDepartment($input: UpdateDepartmentInput!) { updateDepartment(input: $input) { id code name parentId headUserId version } }`;
export const ROLES_ADMIN = 'query RolesAdmin { roles { id name labelZh labelEn scope } }';
export const UPDATE_ROLE = `mutation UpdateRole($input: UpdateRoleInput!) { updateRole(input: $input) { id name labelZh labelEn scope } }`;
const FILED = 'passwordHalf accountChange { id kind status }';
export const CREATE_USER = `mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) { initialPassword ${FILED} user { ${ADMIN_USER} } } }`;
export const UPDATE_USER = `mutation UpdateUser($input: UpdateUserInput!) { updateUser(input: $input) { ${ADMIN_USER} } }`;
export const UNLOCK_USER = `mutation UnlockUser($id: ID!) { unlockUser(id: $id) { ${ADMIN_USER} } }`;
export const RESET_PASSWORD = `mutation ResetPassword($id: ID!) { resetPassword(id: $id) { initialPassword ${FILED} user { ${ADMIN_USER} } } }`;
export const SET_CLEARANCE = `mutation SetClearance($input: SetClearanceInput!) { setClearance(input: $input) { ${ADMIN_USER} } }`;
export const CREATE_DEPARTMENT = `mutation CreateDepartment($input: CreateDepartmentInput!) { createDepartment(input: $input) { id code name parentId version } }`;
export const FIELD_POLICIES = 'query FieldPolicies { fieldPolicies { typeName field defaultLevel level overridden } }';
export const SET_FIELD_LEVEL = `mutation SetFieldLevel($input: SetFieldLevelInput!) { setFieldLevel(input: $input) { typeName field defaultLevel level overridden } }`;
export const ARCHIVE_ENTRIES = `query ArchiveEntries($first: Int!, $where: ArchiveEntryWhere) { archiveEntries(first: $first, where: $where) { ${ARCHIVE} } }`;
export const SET_ARCHIVE_LEVEL = `mutation SetArchiveLevel($input: SetArchiveLevelInput!) { setArchiveLevel(input: $input) { ${ARCHIVE} } }`;
export const ARCHIVE_LEVEL_CHANGES = `query ArchiveLevelChanges($where: ArchiveLevelChangeWhere) { archiveLevelChanges(where: $where) {
  id status levelBefore levelAfter reason requestedAt customer { ${ARCHIVE} } custodianAfter { ${USER} } requestedBy { ${USER} } } }`;
export const APPROVE_ARCHIVE_LEVEL_CHANGE = 'mutation ApproveArchiveLevelChange($input: DecideChangeInput!) { approveArchiveLevelChange(input: $input) { id status } }';
export const REJECT_ARCHIVE_LEVEL_CHANGE = 'mutation RejectArchiveLevelChange($input: DecideChangeInput!) { rejectArchiveLevelChange(input: $input) { id status } }';

const ACCOUNT_CHANGE = `id kind status roleName rolesBefore rolesAfter scopeBefore scopeAfter voidsPassword requestedAt decidedAt comment
  target { ${USER} } requestedBy { ${USER} } decidedBy { ${USER} }`;
export const ACCOUNT_CHANGES = `query AccountChanges($where: AccountChangeWhere) { accountChanges(where: $where) { ${ACCOUNT_CHANGE} } roles { name labelZh labelEn } }`;
/** Accounts waiting for an approval (the users page tags them). */
export const PENDING_ACCOUNT_CHANGES = 'query PendingAccountChanges { accountChanges(where: {statusIn: [PENDING]}) { id kind target { id } } }';
export const APPROVE_ACCOUNT_CHANGE = `mutation ApproveAccountChange($input: DecideChangeInput!) { approveAccountChange(input: $input) { passwordHalf change { ${ACCOUNT_CHANGE} } } }`;
export const REJECT_ACCOUNT_CHANGE = `mutation RejectAccountChange($input: DecideChangeInput!) { rejectAccountChange(input: $input) { ${ACCOUNT_CHANGE} } }`;

export type ChangeStatus = 'PENDING' | 'APPROVED' | 'REJECTED';
export type AccountChangeKind = 'CREATE_USER' | 'SET_ROLES' | 'RESET_PASSWORD' | 'SET_ROLE_SCOPE';
export interface AccountChange {
  id: string; kind: AccountChangeKind; status: ChangeStatus; roleName?: string | null; rolesBefore?: string[] | null; rolesAfter?: string[] | null;
  scopeBefore?: string | null; scopeAfter?: string | null; voidsPassword?: boolean; requestedAt: string; decidedAt?: string | null; comment?: string | null;
  target?: UserRef | null; requestedBy?: UserRef | null; decidedBy?: UserRef | null;
}
export interface ArchiveLevelChange {
  id: string; status: ChangeStatus; levelBefore: Level; levelAfter: Level; reason: string; requestedAt: string;
  customer?: ArchiveEntry | null; custodianAfter?: UserRef | null; requestedBy?: UserRef | null;
}

/** Custodian candidates for the archive page (users is open to security officers, not to information supervisors). */
export const CUSTODIAN_CANDIDATES = `query Custodians { users { id username displayName active clearance } }`;

export interface AdminUser {
  id: string; username: string; displayName: string; email?: string | null; phone?: string | null; roles: string[]; active: boolean;
  clearance: Level; lockedUntil?: string | null; lastLoginAt?: string | null; mustChangePassword: boolean; version: number;
  departmentId?: string | null; department?: { id: string; name: string } | null;
}
export interface RoleInfo { name: string; labelZh: string; labelEn: string }
export interface Department { id: string; code: string; name: string; parentId?: string | null; headUserId?: string | null; version: number }
export interface RoleRow { id: string; name: string; labelZh: string; labelEn: string; scope: string }
export interface FieldPolicy { typeName: string; field: string; defaultLevel: Level; level: Level; overridden: boolean }
export const USER_ADMIN_META = 'query UserAdminMeta { roles { name labelZh labelEn } departments { id code name parentId version } }';
