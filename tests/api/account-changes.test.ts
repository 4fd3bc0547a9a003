import { RoleName } from '@custodian/schema';
import { codes, signIn, startApi, TestApi } from '../support/api';
import { auditRows } from '../support/audit';
import { DEMO_PASSWORD } from '../support/db';
import { closeDb, createUser, department, ok, sql, uniqueName, userId } from '../support/fixtures';

/**
 * Dual control of account changes (docs/access.md, "Separation of duties and administration"): what
 * would open CONFIDENTIAL+ data, the audit log or a duty role is filed by the administrator and
 * applies only when the security officer approves it; a new password is split so that neither of
 * them ever holds it whole.
 */

const USER = 'user { id username active roles mustChangePassword }';
const CHANGE = 'accountChange { id kind status rolesBefore rolesAfter target { id } }';
const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { ${USER} initialPassword passwordHalf ${CHANGE} } }`;
const UPDATE_USER = 'mutation($input: UpdateUserInput!) { updateUser(input: $input) { id roles active displayName } }';
const RESET = `mutation($id: ID!) { resetPassword(id: $id) { ${USER} initialPassword passwordHalf ${CHANGE} } }`;
const UPDATE_ROLE = 'mutation($input: UpdateRoleInput!) { updateRole(input: $input) { name scope } }';
const APPROVE = `mutation($input: DecideChangeInput!) {
  approveAccountChange(input: $input) { passwordHalf change { id status comment decidedBy { username } } } }`;
const REJECT = 'mutation($input: DecideChangeInput!) { rejectAccountChange(input: $input) { id status comment decidedBy { username } } }';
const CHANGES = `query($where: AccountChangeWhere) { accountChanges(where: $where) {
  id kind status roleName rolesBefore rolesAfter scopeBefore scopeAfter voidsPassword target { id username } requestedBy { username } } }`;
const ME = '{ me { username roles } }';
const CUSTOMERS = '{ customers(first: 1) { totalCount } }';

const versionOf = async (id: string): Promise<number> => Number((await sql('SELECT version FROM app_user WHERE id = ?', [id]))[0].version);
const rolesIn = async (id: string): Promise<string[]> =>
  (await sql('SELECT r.name FROM user_role ur JOIN role r ON r.id = ur.role_id WHERE ur.user_id = ? ORDER BY r.name', [id])).map((r) => r.name);
const userRow = async (id: string) => (await sql('SELECT active, password_hash, must_change_password, failed_logins FROM app_user WHERE id = ?', [id]))[0];

/** Audit rows whose stored text contains a value (CONCAT of every text column). */
async function auditMentions(value: string): Promise<number> {
  const [e] = await sql(`SELECT COUNT(*) AS n FROM audit_event WHERE INSTR(CONCAT_WS(' ', actor_username, user_agent, request_id, operation,
    entity_type, entity_id, fields, changes, detail), ?) > 0`, [value]);
  return Number(e.n);
}

describe('account changes under dual control (三员: the administrator files, the security officer approves)', () => {
  let api: TestApi;
  const tokens: Record<string, string> = {};
  const as = async (u: string) => (tokens[u] ??= await api.token(u));
  const gql = async (u: string, query: string, variables?: Record<string, unknown>) => api.gql(await as(u), query, variables);
  let hq: string;
  let archivist: string;
  let archivistHash: string;

  beforeAll(async () => {
    api = await startApi();
    hq = (await department('HQ')).id;
    archivist = await userId('archivist');
    archivistHash = (await userRow(archivist)).password_hash;
  });

  afterAll(async () => {
    // Other suites sign in as the archivist with the demo password.
    await sql('UPDATE app_user SET password_hash = ?, must_change_password = FALSE, failed_logins = 0, locked_until = NULL WHERE id = ?',
      [archivistHash, archivist]);
    await api.close();
    await closeDb();
  });

  describe('createUser', () => {
    it('an account that opens nothing sensitive applies at once, with the whole initial password', async () => {
      const username = uniqueName('plain');
      const r = ok(await gql('admin', CREATE_USER, { input: { username, displayName: username, departmentId: hq, roles: ['ACCOUNT_MANAGER'] } })).createUser;
      expect(r).toMatchObject({ user: { active: true, roles: ['ACCOUNT_MANAGER'] }, passwordHalf: null, accountChange: null });
      expect(r.initialPassword.length).toBeGreaterThanOrEqual(10);
      expect(ok(await signIn(api, username, r.initialPassword)).login.mustChangePassword).toBe(true);
      expect(await sql('SELECT id FROM account_change WHERE target_user_id = ?', [r.user.id])).toEqual([]);
    });

    it.each<[string, RoleName[]]>([
      ['a working auditor (the issue\'s reproducer)', [RoleName.AUDITOR]],
      ['a second system administrator', [RoleName.SYSTEM_ADMIN]],
      ['a security officer', [RoleName.SECURITY_OFFICER]],
      ['an approver (ACCESS_APPROVE)', [RoleName.SALES_SUPERVISOR]],
      ['an archive administrator (ARCHIVE_ADMIN)', [RoleName.INFO_SUPERVISOR]],
    ])('%s is created inactive, without roles or a usable password, and filed', async (_label, roles) => {
      const username = uniqueName('dual');
      const r = ok(await gql('admin', CREATE_USER, { input: { username, displayName: username, departmentId: hq, roles } })).createUser;
      expect(r.user).toMatchObject({ username, active: false, roles: [] });
      expect(r.initialPassword).toBeNull();
      expect(r.passwordHalf).toMatch(/^.{12}$/);
      expect(r.accountChange).toMatchObject({ kind: 'CREATE_USER', status: 'PENDING', rolesBefore: [], rolesAfter: roles, target: { id: r.user.id } });
      expect(codes(await signIn(api, username, r.passwordHalf))).toEqual(['UNAUTHENTICATED']);
      expect(await rolesIn(r.user.id)).toEqual([]);
    });

    it('end to end: the security officer approves and receives half B; the user signs in with A+B and must change it', async () => {
      const username = uniqueName('aud');
      const created = ok(await gql('admin', CREATE_USER, { input: { username, displayName: username, departmentId: hq, roles: ['AUDITOR'] } })).createUser;
      const halfA: string = created.passwordHalf;
      const listed = ok(await gql('secofficer', CHANGES, { where: { statusIn: ['PENDING'], targetUserId: created.user.id } })).accountChanges;
      expect(listed).toEqual([expect.objectContaining({
        id: created.accountChange.id, kind: 'CREATE_USER', rolesBefore: [], rolesAfter: ['AUDITOR'], target: { id: created.user.id, username },
        requestedBy: { username: 'admin' },
      })]);

      const approved = ok(await gql('secofficer', APPROVE, { input: { id: created.accountChange.id, comment: 'new auditor, ticket 42' } })).approveAccountChange;
      expect(approved.change).toMatchObject({ status: 'APPROVED', comment: 'new auditor, ticket 42', decidedBy: { username: 'secofficer' } });
      const halfB: string = approved.passwordHalf;
      expect(halfB).toMatch(/^.{12}$/);
      expect(halfB).not.toBe(halfA);
      expect(await rolesIn(created.user.id)).toEqual(['AUDITOR']);

      for (const wrong of [halfA, halfB, halfB + halfA]) expect(codes(await signIn(api, username, wrong))).toEqual(['UNAUTHENTICATED']);
      const session = ok(await signIn(api, username, halfA + halfB)).login;
      expect(session.mustChangePassword).toBe(true);
      expect(codes(await api.gql(session.token, '{ auditIntegrity { ok } }'))).toEqual(['FORBIDDEN']);
      ok(await api.gql(session.token, 'mutation($c: String!, $n: String!) { changePassword(input: {currentPassword: $c, newPassword: $n}) }',
        { c: halfA + halfB, n: 'Auditor-own-pass-7' }));
      expect(ok(await api.gql(session.token, '{ auditIntegrity { ok } }')).auditIntegrity.ok).toBe(true);

      // The sealed half is erased once decided, and no half ever reaches the audit log.
      expect((await sql('SELECT secret FROM account_change WHERE id = ?', [created.accountChange.id]))[0].secret).toBeNull();
      for (const v of [halfA, halfB, halfA + halfB]) expect(await auditMentions(v)).toBe(0);
    });

    it('a pending creation blocks other changes to the account (CONFLICT), and a rejection leaves it inactive', async () => {
      const username = uniqueName('rej');
      const created = ok(await gql('admin', CREATE_USER, { input: { username, displayName: username, departmentId: hq, roles: ['GENERAL_MANAGER'] } })).createUser;
      const id = created.user.id;
      expect(codes(await gql('admin', UPDATE_USER, { input: { id, version: await versionOf(id), active: true } }))).toEqual(['CONFLICT']);
      expect(codes(await gql('admin', UPDATE_USER, { input: { id, version: await versionOf(id), roles: ['ACCOUNT_MANAGER'] } }))).toEqual(['CONFLICT']);
      expect(codes(await gql('admin', RESET, { id }))).toEqual(['CONFLICT']);
      expect(codes(await gql('secofficer', REJECT, { input: { id: created.accountChange.id } }))).toEqual(['BAD_USER_INPUT']);
      const rejected = ok(await gql('secofficer', REJECT, { input: { id: created.accountChange.id, comment: 'no such hire' } })).rejectAccountChange;
      expect(rejected).toMatchObject({ status: 'REJECTED', comment: 'no such hire', decidedBy: { username: 'secofficer' } });
      expect(await userRow(id)).toMatchObject({ active: 0 });
      expect(await rolesIn(id)).toEqual([]);
      expect(codes(await gql('secofficer', APPROVE, { input: { id: created.accountChange.id } }))).toEqual(['CONFLICT']);
    });
  });

  describe('resetPassword', () => {
    it('of the archivist: filed, the admin cannot sign in with half A, approved, the archivist signs in with A+B and must change it', async () => {
      const archivistSession = ok(await signIn(api, 'archivist', DEMO_PASSWORD)).login.token;
      const token = ok(await api.gql(archivistSession, `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }`,
        { input: { name: 'bi', clearance: 'INTERNAL', scope: 'ALL', expiresAt: new Date(Date.now() + 86_400_000).toISOString() } })).createApiToken.token;
      const before = await userRow(archivist);

      const filed = ok(await gql('admin', RESET, { id: archivist })).resetPassword;
      expect(filed).toMatchObject({ initialPassword: null, accountChange: { kind: 'RESET_PASSWORD', status: 'PENDING', target: { id: archivist } } });
      const halfA: string = filed.passwordHalf;
      // The account stays as it is: same password, its session and token keep working.
      expect(await userRow(archivist)).toEqual(before);
      expect(codes(await signIn(api, 'archivist', halfA))).toEqual(['UNAUTHENTICATED']);
      expect(ok(await api.gql(archivistSession, ME)).me.username).toBe('archivist');
      expect(ok(await api.gql(token, CUSTOMERS)).customers.totalCount).toBeGreaterThan(0);
      expect((await sql('SELECT secret FROM account_change WHERE id = ?', [filed.accountChange.id]))[0].secret).not.toContain(halfA);
      expect(codes(await gql('admin', RESET, { id: archivist }))).toEqual(['CONFLICT']);

      const halfB: string = ok(await gql('secofficer', APPROVE, { input: { id: filed.accountChange.id } })).approveAccountChange.passwordHalf;
      expect(codes(await api.gql(archivistSession, ME))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await api.gql(token, CUSTOMERS))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await signIn(api, 'archivist', DEMO_PASSWORD))).toEqual(['UNAUTHENTICATED']);
      const session = ok(await signIn(api, 'archivist', halfA + halfB)).login;
      expect(session.mustChangePassword).toBe(true);
      expect(onlyReason(await api.gql(session.token, CUSTOMERS))).toBe('PASSWORD_CHANGE_REQUIRED');
      for (const v of [halfA, halfB]) expect(await auditMentions(v)).toBe(0);

      const events = await auditRows("e.action = 'ADMIN' AND e.entity_type = 'User' AND e.entity_id = ? AND e.detail LIKE '%RESET_PASSWORD%'", [archivist]);
      expect(events.map((e) => [e.actorUsername, e.detail!.change])).toEqual([['admin', 'fileAccountChange'], ['secofficer', 'approveAccountChange']]);
    });

    it('a rejected reset leaves the password, the sessions and the tokens as they were', async () => {
      const target = await userId('finance1');
      const session = ok(await signIn(api, 'finance1', DEMO_PASSWORD)).login.token;
      const before = await userRow(target);
      const filed = ok(await gql('admin', RESET, { id: target })).resetPassword;
      ok(await gql('secofficer', REJECT, { input: { id: filed.accountChange.id, comment: 'not requested by finance1' } }));
      expect(await userRow(target)).toEqual(before);
      expect(ok(await api.gql(session, ME)).me.username).toBe('finance1');
      ok(await signIn(api, 'finance1', DEMO_PASSWORD));
      expect((await sql('SELECT secret FROM account_change WHERE id = ?', [filed.accountChange.id]))[0].secret).toBeNull();
    });

    it('an account that owns a CONFIDENTIAL archive is sensitive too (am1: INTERNAL clearance, but the owner rule opens it)', async () => {
      const filed = ok(await gql('admin', RESET, { id: await userId('am1') })).resetPassword;
      expect(filed).toMatchObject({ initialPassword: null, accountChange: { kind: 'RESET_PASSWORD' } });
      ok(await gql('secofficer', REJECT, { input: { id: filed.accountChange.id, comment: 'test' } }));
    });

    it('of a plain account applies at once and ends its sessions and API tokens', async () => {
      const plain = await createUser({ roles: [RoleName.ACCOUNT_MANAGER] });
      const session = ok(await signIn(api, plain.username, plain.password)).login.token;
      const token = ok(await api.gql(session, 'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }',
        { input: { name: 'bi', clearance: 'INTERNAL', scope: 'OWN', expiresAt: new Date(Date.now() + 86_400_000).toISOString() } })).createApiToken.token;
      const r = ok(await gql('admin', RESET, { id: plain.id })).resetPassword;
      expect(r).toMatchObject({ passwordHalf: null, accountChange: null, user: { mustChangePassword: true } });
      expect(codes(await api.gql(session, ME))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await api.gql(token, CUSTOMERS))).toEqual(['UNAUTHENTICATED']);
      expect(ok(await signIn(api, plain.username, r.initialPassword)).login.mustChangePassword).toBe(true);
    });
  });

  describe('updateUser', () => {
    it('a sensitive role change is filed; the other fields apply at once; approval applies the roles', async () => {
      const target = await createUser({ roles: [RoleName.ACCOUNT_MANAGER] });
      const r = ok(await gql('admin', UPDATE_USER, { input: { id: target.id, version: await versionOf(target.id), roles: ['SALES_SUPERVISOR'], displayName: '新主管' } })).updateUser;
      expect(r).toMatchObject({ roles: ['ACCOUNT_MANAGER'], displayName: '新主管' });
      const [change] = ok(await gql('secofficer', CHANGES, { where: { targetUserId: target.id, statusIn: ['PENDING'] } })).accountChanges;
      expect(change).toMatchObject({ kind: 'SET_ROLES', rolesBefore: ['ACCOUNT_MANAGER'], rolesAfter: ['SALES_SUPERVISOR'], voidsPassword: true });
      expect(ok(await gql('secofficer', APPROVE, { input: { id: change.id } })).approveAccountChange.passwordHalf).toBeNull();
      expect(await rolesIn(target.id)).toEqual(['SALES_SUPERVISOR']);
    });

    it('a plain account made sensitive loses its password on approval (the administrator may know it); a reset is then dual', async () => {
      const plain = await createUser({ roles: [RoleName.ACCOUNT_MANAGER] });
      const session = ok(await signIn(api, plain.username, plain.password)).login.token;
      ok(await gql('admin', UPDATE_USER, { input: { id: plain.id, version: await versionOf(plain.id), roles: ['AUDITOR'] } }));
      const [change] = ok(await gql('secofficer', CHANGES, { where: { targetUserId: plain.id, statusIn: ['PENDING'] } })).accountChanges;
      ok(await gql('secofficer', APPROVE, { input: { id: change.id } }));
      expect(codes(await api.gql(session, ME))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await signIn(api, plain.username, plain.password))).toEqual(['UNAUTHENTICATED']);
      const reset = ok(await gql('admin', RESET, { id: plain.id })).resetPassword;
      expect(reset).toMatchObject({ initialPassword: null, accountChange: { kind: 'RESET_PASSWORD' } });
    });

    it('an account already sensitive keeps its password through an approved role change', async () => {
      const cleared = await createUser({ roles: [RoleName.ACCOUNT_MANAGER], clearance: 'CONFIDENTIAL' });
      ok(await gql('admin', UPDATE_USER, { input: { id: cleared.id, version: await versionOf(cleared.id), roles: ['FINANCE'] } }));
      const [change] = ok(await gql('secofficer', CHANGES, { where: { targetUserId: cleared.id, statusIn: ['PENDING'] } })).accountChanges;
      expect(change.voidsPassword).toBe(false);
      ok(await gql('secofficer', APPROVE, { input: { id: change.id } }));
      expect(await rolesIn(cleared.id)).toEqual(['FINANCE']);
      ok(await signIn(api, cleared.username, cleared.password));
    });

    it('a role change that opens nothing sensitive applies at once', async () => {
      const target = await createUser({ roles: [RoleName.ACCOUNT_MANAGER] });
      ok(await gql('admin', UPDATE_USER, { input: { id: target.id, version: await versionOf(target.id), roles: ['SALES_ASSISTANT'] } }));
      expect(await rolesIn(target.id)).toEqual(['SALES_ASSISTANT']);
      expect(await sql('SELECT id FROM account_change WHERE target_user_id = ?', [target.id])).toEqual([]);
    });

    it('the auditor\'s and the security officer\'s roles change only with approval, even to a plain role; deactivating them is at once', async () => {
      const auditor = await createUser({ roles: [RoleName.AUDITOR], department: 'HQ' });
      const session = ok(await signIn(api, auditor.username, auditor.password)).login.token;
      ok(await gql('admin', UPDATE_USER, { input: { id: auditor.id, version: await versionOf(auditor.id), roles: ['REPORT_VIEWER'] } }));
      expect(await rolesIn(auditor.id)).toEqual(['AUDITOR']);
      expect(await sql("SELECT kind FROM account_change WHERE target_user_id = ? AND status = 'PENDING'", [auditor.id])).toEqual([{ kind: 'SET_ROLES' }]);
      const off = ok(await gql('admin', UPDATE_USER, { input: { id: auditor.id, version: await versionOf(auditor.id), active: false } })).updateUser;
      expect(off.active).toBe(false);
      expect(codes(await api.gql(session, ME))).toEqual(['UNAUTHENTICATED']);

      const sec = await userId('secofficer');
      ok(await gql('admin', UPDATE_USER, { input: { id: sec, version: await versionOf(sec), roles: ['ACCOUNT_MANAGER'] } }));
      expect(await rolesIn(sec)).toEqual(['SECURITY_OFFICER']);
      const [mine] = ok(await gql('secofficer', CHANGES, { where: { targetUserId: sec, statusIn: ['PENDING'] } })).accountChanges;
      // Nobody decides a change about themselves.
      expect(onlyReason(await gql('secofficer', APPROVE, { input: { id: mine.id } }))).toBe('OWN_ACCOUNT');
      expect(await rolesIn(sec)).toEqual(['SECURITY_OFFICER']);
      await sql("UPDATE account_change SET status = 'REJECTED' WHERE id = ?", [mine.id]);
    });

    it('a second pending change of the same kind is a CONFLICT', async () => {
      const target = await createUser({ roles: [RoleName.ACCOUNT_MANAGER], clearance: 'CONFIDENTIAL' });
      ok(await gql('admin', UPDATE_USER, { input: { id: target.id, version: await versionOf(target.id), roles: ['FINANCE'] } }));
      expect(codes(await gql('admin', UPDATE_USER, { input: { id: target.id, version: await versionOf(target.id), roles: ['SALES_ASSISTANT'] } })))
        .toEqual(['CONFLICT']);
    });
  });

  describe('who decides', () => {
    it('only the security officer: the administrator, business users and the auditor are FORBIDDEN', async () => {
      const target = await createUser({ roles: [RoleName.ACCOUNT_MANAGER], clearance: 'CONFIDENTIAL' });
      const filed = ok(await gql('admin', RESET, { id: target.id })).resetPassword.accountChange;
      for (const u of ['admin', 'auditor', 'infosup', 'gm', 'am1']) {
        expect({ u, codes: codes(await gql(u, APPROVE, { input: { id: filed.id } })) }).toEqual({ u, codes: ['FORBIDDEN'] });
        expect({ u, codes: codes(await gql(u, REJECT, { input: { id: filed.id, comment: 'x' } })) }).toEqual({ u, codes: ['FORBIDDEN'] });
      }
      expect((await sql('SELECT status FROM account_change WHERE id = ?', [filed.id]))[0].status).toBe('PENDING');
    });

    it('nobody approves their own filing', async () => {
      const target = await createUser({ roles: [RoleName.ACCOUNT_MANAGER], clearance: 'CONFIDENTIAL' });
      await sql(`INSERT INTO account_change (kind, target_user_id, payload, status, requested_by, requested_at)
        VALUES ('SET_ROLES', ?, '{"roles":["FINANCE"]}', 'PENDING', ?, NOW(3))`, [target.id, await userId('secofficer')]);
      const [{ id }] = await sql('SELECT MAX(id) AS id FROM account_change');
      expect(onlyReason(await gql('secofficer', APPROVE, { input: { id: String(id) } }))).toBe('OWN_FILING');
      expect(await rolesIn(target.id)).toEqual(['ACCOUNT_MANAGER']);
    });

    it('the administrator lists only what it filed; the security officer everything; others are FORBIDDEN', async () => {
      await sql(`INSERT INTO account_change (kind, target_role, payload, status, requested_by, requested_at)
        VALUES ('SET_ROLE_SCOPE', 'FINANCE', '{"scope":"ALL","scopeBefore":"ALL"}', 'REJECTED', ?, NOW(3))`, [await userId('gm')]);
      const byAdmin = ok(await gql('admin', CHANGES)).accountChanges;
      expect(byAdmin.length).toBeGreaterThan(0);
      expect(new Set(byAdmin.map((c: { requestedBy: { username: string } }) => c.requestedBy.username))).toEqual(new Set(['admin']));
      const all = ok(await gql('secofficer', CHANGES)).accountChanges;
      expect(all.some((c: { requestedBy: { username: string } }) => c.requestedBy.username === 'gm')).toBe(true);
      for (const u of ['auditor', 'am1', 'infosup']) expect({ u, codes: codes(await gql(u, CHANGES)) }).toEqual({ u, codes: ['FORBIDDEN'] });
    });
  });

  describe('updateRole', () => {
    it('a duty role\'s scope is fixed at NONE (FORBIDDEN)', async () => {
      for (const name of ['SYSTEM_ADMIN', 'SECURITY_OFFICER', 'AUDITOR']) {
        expect({ name, codes: codes(await gql('admin', UPDATE_ROLE, { input: { name, scope: 'ALL' } })) }).toEqual({ name, codes: ['FORBIDDEN'] });
      }
      expect(await sql("SELECT DISTINCT scope FROM role WHERE name IN ('SYSTEM_ADMIN', 'SECURITY_OFFICER', 'AUDITOR')")).toEqual([{ scope: 'NONE' }]);
    });

    it('widening a role held by CONFIDENTIAL holders is filed; narrowing applies at once', async () => {
      const r = ok(await gql('admin', UPDATE_ROLE, { input: { name: 'SALES_SUPERVISOR', scope: 'ALL' } })).updateRole;
      expect(r.scope).toBe('DEPARTMENT');
      const [change] = ok(await gql('secofficer', CHANGES, { where: { kind: 'SET_ROLE_SCOPE', statusIn: ['PENDING'] } })).accountChanges;
      expect(change).toMatchObject({ roleName: 'SALES_SUPERVISOR', scopeBefore: 'DEPARTMENT', scopeAfter: 'ALL', target: null });
      ok(await gql('secofficer', APPROVE, { input: { id: change.id } }));
      expect((await sql("SELECT scope FROM role WHERE name = 'SALES_SUPERVISOR'"))[0].scope).toBe('ALL');
      expect(ok(await gql('admin', UPDATE_ROLE, { input: { name: 'SALES_SUPERVISOR', scope: 'DEPARTMENT' } })).updateRole.scope).toBe('DEPARTMENT');
    });

    it('widening a role nobody cleared holds applies at once', async () => {
      expect(ok(await gql('admin', UPDATE_ROLE, { input: { name: 'SALES_ASSISTANT', scope: 'ALL' } })).updateRole.scope).toBe('ALL');
      ok(await gql('admin', UPDATE_ROLE, { input: { name: 'SALES_ASSISTANT', scope: 'DEPARTMENT' } }));
    });
  });
});

function onlyReason(r: { errors?: Array<{ extensions: { code: string; reason?: string } }> }): string | undefined {
  expect(r.errors).toHaveLength(1);
  return r.errors![0].extensions.reason;
}
