import { codes, GqlResult, startApi, TestApi } from '../support/api';
import { RoleName } from '@custodian/schema';
import { closeDb, createUser, department, ok, sql, uniqueName, userId } from '../support/fixtures';

/**
 * 三员分立 (DESIGN §3, docs/access.md): a duty role (system admin, security officer, auditor) is held
 * alone, with no second duty and no business role; nobody changes their own roles, active flag or
 * department; the system admin reads no business data and sets no levels; clearances and field
 * levels are the security officer's alone (never for themselves); the auditor changes nothing;
 * archive levels and custodians belong to the information supervisor and the security officer —
 * raising applies at once, lowering waits for the other one; no duty-role account heads a
 * department or decides an access request.
 */

const SEPARATED = ['SYSTEM_ADMIN', 'SECURITY_OFFICER', 'AUDITOR'] as const;
const CREATE_USER = 'mutation($input: CreateUserInput!) { createUser(input: $input) { user { id version roles } initialPassword } }';
const UPDATE_USER = 'mutation($input: UpdateUserInput!) { updateUser(input: $input) { id roles } }';
const SET_CLEARANCE = 'mutation($input: SetClearanceInput!) { setClearance(input: $input) { id clearance } }';
const SET_FIELD_LEVEL = 'mutation($input: SetFieldLevelInput!) { setFieldLevel(input: $input) { level } }';
const SET_ARCHIVE_LEVEL = 'mutation($input: SetArchiveLevelInput!) { setArchiveLevel(input: $input) { id archiveLevel custodian { id } } }';
const APPROVE_LEVEL = 'mutation($input: DecideChangeInput!) { approveArchiveLevelChange(input: $input) { id status } }';
const UPDATE_DEPARTMENT = 'mutation($input: UpdateDepartmentInput!) { updateDepartment(input: $input) { id headUserId } }';
const versionOf = async (table: string, id: string): Promise<number> => Number((await sql(`SELECT version FROM ${table} WHERE id = ?`, [id]))[0].version);

/** Tables whose content a mutation could change (sessions and the audit trail excluded). */
const BUSINESS_AND_ADMIN_TABLES = ['app_user', 'user_role', 'role', 'department', 'customer', 'contact', 'activity', 'sales_order',
  'sales_order_line', 'customer_relation', 'relation_type', 'field_policy', 'api_token', 'access_request', 'access_approval', 'access_grant',
  'approval_rule', 'access_purpose', 'account_change', 'archive_level_change'];

async function checksum(): Promise<Record<string, string>> {
  const rows = await sql(`CHECKSUM TABLE ${BUSINESS_AND_ADMIN_TABLES.join(', ')}`);
  return Object.fromEntries(rows.map((r) => [r.Table, String(r.Checksum)]));
}

const pairs = (): Array<[string, string[]]> => [[SEPARATED[0], SEPARATED[1]], [SEPARATED[0], SEPARATED[2]], [SEPARATED[1], SEPARATED[2]], [...SEPARATED]]
  .map((roles) => [roles.join(' + '), roles]);

describe('separation of duties (三员分立)', () => {
  let api: TestApi;
  const tokens: Record<string, string> = {};
  const as = async (u: string) => (tokens[u] ??= await api.token(u));
  const gql = async (u: string, query: string, variables?: Record<string, unknown>) => api.gql(await as(u), query, variables);
  let hq: string;
  let someCustomer: string;

  beforeAll(async () => {
    api = await startApi();
    hq = (await department('HQ')).id;
    const [c] = await sql("SELECT id FROM customer WHERE deleted_at IS NULL AND archive_level = 'INTERNAL' ORDER BY id LIMIT 1");
    someCustomer = String(c.id);
  });

  afterAll(async () => {
    await api.close();
    await closeDb();
  });

  it('no demo account holds two of the separated roles', async () => {
    const rows = await sql(`SELECT ur.user_id, COUNT(*) AS n FROM user_role ur JOIN role r ON r.id = ur.role_id
      WHERE r.name IN (?) GROUP BY ur.user_id HAVING COUNT(*) > 1`, [SEPARATED]);
    expect(rows).toEqual([]);
  });

  describe('createUser / updateUser refuse two separated roles', () => {
    it.each(pairs())('createUser with %s → BAD_USER_INPUT, nobody created', async (_label, roles) => {
      const username = uniqueName('sep');
      const r = await gql('admin', CREATE_USER, { input: { username, displayName: username, departmentId: hq, roles } });
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
      expect(await sql('SELECT id FROM app_user WHERE username = ?', [username])).toEqual([]);
    });

    it.each(['INFO_SUPERVISOR', 'GENERAL_MANAGER', 'ACCOUNT_MANAGER'])('createUser with SYSTEM_ADMIN + %s → BAD_USER_INPUT, nobody created', async (business) => {
      const username = uniqueName('sep');
      const r = await gql('admin', CREATE_USER, { input: { username, displayName: username, departmentId: hq, roles: ['SYSTEM_ADMIN', business] } });
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
      expect(await sql('SELECT id FROM app_user WHERE username = ?', [username])).toEqual([]);
    });

    it('control: one separated role alone is accepted — filed for the security officer', async () => {
      const username = uniqueName('sep');
      const r = ok(await gql('admin', CREATE_USER, { input: { username, displayName: username, departmentId: hq, roles: ['AUDITOR'] } })).createUser;
      expect(r.user.roles).toEqual([]);
      expect(await sql('SELECT kind, payload FROM account_change WHERE target_user_id = ?', [r.user.id]))
        .toEqual([{ kind: 'CREATE_USER', payload: '{"roles":["AUDITOR"]}' }]);
    });

    it.each([...pairs(), ...['INFO_SUPERVISOR', 'GENERAL_MANAGER', 'FINANCE'].map((b): [string, string[]] => [`AUDITOR + ${b}`, ['AUDITOR', b]])])(
      'updateUser to %s → BAD_USER_INPUT, roles unchanged', async (_label, roles) => {
        const created = await createUser({ roles: [roles[0] as RoleName], department: 'HQ' });
        const r = await gql('admin', UPDATE_USER, { input: { id: created.id, version: await versionOf('app_user', created.id), roles } });
        expect(codes(r)).toEqual(['BAD_USER_INPUT']);
        const held = await sql('SELECT r.name FROM user_role ur JOIN role r ON r.id = ur.role_id WHERE ur.user_id = ?', [created.id]);
        expect(held.map((x) => x.name)).toEqual([roles[0]]);
      });

    it.each([
      ['SYSTEM_ADMIN', 'SECURITY_OFFICER'], ['SYSTEM_ADMIN', 'INFO_SUPERVISOR'], ['SYSTEM_ADMIN', 'GENERAL_MANAGER'], ['SYSTEM_ADMIN'],
    ])('the system admin cannot change its own roles (to %s, …): FORBIDDEN (the issue\'s reproducer)', async (...roles) => {
      const admin = await userId('admin');
      const r = await gql('admin', UPDATE_USER, { input: { id: admin, version: await versionOf('app_user', admin), roles } });
      expect(codes(r)).toEqual(['FORBIDDEN']);
      const held = await sql('SELECT r.name FROM user_role ur JOIN role r ON r.id = ur.role_id WHERE ur.user_id = ?', [admin]);
      expect(held.map((x) => x.name)).toEqual(['SYSTEM_ADMIN']);
      expect(await sql('SELECT id FROM account_change WHERE target_user_id = ?', [admin])).toEqual([]);
    });

    it('nobody changes their own active flag or department, resets or unlocks itself (FORBIDDEN)', async () => {
      const admin = await userId('admin');
      const east = (await department('EAST')).id;
      const before = await sql('SELECT active, department_id, password_hash FROM app_user WHERE id = ?', [admin]);
      for (const input of [{ active: false }, { departmentId: east }]) {
        const r = await gql('admin', UPDATE_USER, { input: { id: admin, version: await versionOf('app_user', admin), ...input } });
        expect({ input, codes: codes(r) }).toEqual({ input, codes: ['FORBIDDEN'] });
      }
      expect(codes(await gql('admin', 'mutation($id: ID!) { resetPassword(id: $id) { initialPassword } }', { id: admin }))).toEqual(['FORBIDDEN']);
      expect(codes(await gql('admin', 'mutation($id: ID!) { unlockUser(id: $id) { id } }', { id: admin }))).toEqual(['FORBIDDEN']);
      expect(await sql('SELECT active, department_id, password_hash FROM app_user WHERE id = ?', [admin])).toEqual(before);
      // Its own name and contact details are fine.
      ok(await gql('admin', UPDATE_USER, { input: { id: admin, version: await versionOf('app_user', admin), phone: '010-1234' } }));
    });
  });

  describe('no duty-role account heads a department or decides an access request', () => {
    let west: { id: string };
    let westHead: string | null;

    beforeAll(async () => {
      west = await department('WEST');
      westHead = (await sql('SELECT head_user_id FROM department WHERE id = ?', [west.id]))[0].head_user_id;
    });
    afterAll(async () => { await sql('UPDATE department SET head_user_id = ? WHERE id = ?', [westHead, west.id]); });

    it('the system admin cannot make itself (or another duty account, or an inactive one) head of West: BAD_USER_INPUT', async () => {
      const off = await createUser({ roles: [RoleName.SALES_SUPERVISOR], department: 'WEST' });
      await sql('UPDATE app_user SET active = FALSE WHERE id = ?', [off.id]);
      for (const head of [await userId('admin'), await userId('auditor'), await userId('secofficer'), off.id]) {
        const r = await gql('admin', UPDATE_DEPARTMENT, { input: { id: west.id, version: await versionOf('department', west.id), headUserId: head } });
        expect({ head, codes: codes(r), field: r.errors?.[0].extensions.field }).toEqual({ head, codes: ['BAD_USER_INPUT'], field: 'headUserId' });
      }
      expect((await sql('SELECT head_user_id FROM department WHERE id = ?', [west.id]))[0].head_user_id).toBe(westHead);
    });

    it('a department head cannot be given a duty role', async () => {
      const head = await userId('supervisor2');
      const r = await gql('admin', UPDATE_USER, { input: { id: head, version: await versionOf('app_user', head), roles: ['AUDITOR'] } });
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    });

    it('a duty account recorded as head decides nothing: the step goes to the next head who can approve', async () => {
      const admin = await userId('admin');
      await sql('UPDATE department SET head_user_id = ? WHERE id = ?', [admin, west.id]);
      const [purpose] = await sql('SELECT code FROM access_purpose WHERE active = TRUE ORDER BY code LIMIT 1');
      const [c] = await sql("SELECT id FROM customer WHERE archive_level = 'CONFIDENTIAL' AND owner_id <> ? AND deleted_at IS NULL ORDER BY id LIMIT 1",
        [await userId('am3')]);
      const req = ok(await gql('am3', 'mutation($input: RequestAccessInput!) { requestAccess(input: $input) { id approvals { step approver { username } } } }',
        { input: { customerCode: (await sql('SELECT code FROM customer WHERE id = ?', [c.id]))[0].code, fields: ['Customer.taxId'], purpose: purpose.code,
          reason: 'separation: duty head', hours: 1 } })).requestAccess;
      expect(req.approvals[0].approver).toEqual({ username: 'gm' });
      expect(codes(await gql('admin', 'mutation($id: ID!) { approveAccessRequest(id: $id) { id } }', { id: req.id }))).toEqual(['NOT_FOUND']);
      // Even named on a step (legacy data), a duty account or one without ACCESS_APPROVE cannot decide it.
      for (const u of ['admin', 'am1']) {
        await sql('UPDATE access_approval SET approver_user_id = ? WHERE request_id = ? AND step = 1', [await userId(u), req.id]);
        expect({ u, pending: ok(await gql(u, '{ pendingApprovals { id } }')).pendingApprovals }).toEqual({ u, pending: [] });
        expect({ u, codes: codes(await gql(u, 'mutation($id: ID!) { approveAccessRequest(id: $id) { id } }', { id: req.id })) })
          .toEqual({ u, codes: ['FORBIDDEN'] });
      }
      expect((await sql('SELECT status FROM access_request WHERE id = ?', [req.id]))[0].status).toBe('PENDING');
      await sql("UPDATE access_request SET status = 'REJECTED' WHERE id = ?", [req.id]);
    });
  });

  describe('the system admin reads no business data and sets no levels', () => {
    it('lists are refused or empty', async () => {
      for (const root of ['customers', 'contacts', 'salesOrders', 'activities']) {
        const r = await gql('admin', `{ ${root}(first: 500) { totalCount edges { node { id } } } }`);
        if (r.data?.[root]) expect({ root, rows: r.data[root].edges }).toEqual({ root, rows: [] });
        else expect({ root, codes: codes(r) }).toEqual({ root, codes: ['FORBIDDEN'] });
      }
    });

    it('aggregates are refused or empty (customerStats, salesStats)', async () => {
      for (const u of ['admin', 'secofficer', 'auditor']) {
        const c = await gql(u, '{ customerStats(groupBy: [STATUS]) { total rows { count } } }');
        if (c.data?.customerStats) expect({ u, total: c.data.customerStats.total }).toEqual({ u, total: 0 });
        else expect({ u, codes: codes(c) }).toEqual({ u, codes: ['FORBIDDEN'] });
        const o = await gql(u, '{ salesStats(groupBy: [STATUS]) { totals { count amount } } }');
        if (o.data?.salesStats) expect({ u, count: o.data.salesStats.totals.count }).toEqual({ u, count: 0 });
        else expect({ u, codes: codes(o) }).toEqual({ u, codes: ['FORBIDDEN'] });
      }
    });

    it('records by id are NOT_FOUND or FORBIDDEN', async () => {
      const [contact] = await sql('SELECT id FROM contact WHERE customer_id = ? LIMIT 1', [someCustomer]);
      const [order] = await sql('SELECT id FROM sales_order WHERE customer_id = ? LIMIT 1', [someCustomer]);
      for (const [q, id] of [['customer', someCustomer], ['contact', contact.id], ['salesOrder', order.id]] as const) {
        const r = await gql('admin', `query($id: ID!) { ${q}(id: $id) { id } }`, { id: String(id) });
        expect(r.data ?? null).toBeNull();
        expect(['NOT_FOUND', 'FORBIDDEN']).toContain(codes(r)[0]);
        expect(codes(r)).toHaveLength(1);
      }
    });

    it('setClearance, setFieldLevel and setArchiveLevel are FORBIDDEN, nothing changes', async () => {
      const before = await checksum();
      const am3 = await userId('am3');
      const archivist = await userId('archivist');
      for (const [q, input] of [
        [SET_CLEARANCE, { userId: am3, clearance: 'CLASSIFIED' }],
        [SET_CLEARANCE, { userId: await userId('admin'), clearance: 'CLASSIFIED' }],
        [SET_FIELD_LEVEL, { typeName: 'Customer', field: 'phone', level: 'PUBLIC' }],
        [SET_ARCHIVE_LEVEL, { customerId: someCustomer, archiveLevel: 'CLASSIFIED', custodianId: archivist, reason: 'admin' }],
      ] as const) {
        const r = await gql('admin', q, { input });
        expect({ q: q.slice(9, 40), codes: codes(r) }).toEqual({ q: q.slice(9, 40), codes: ['FORBIDDEN'] });
      }
      expect(await checksum()).toEqual(before);
    });
  });

  describe('clearances: only the security officer, never for itself', () => {
    it('secofficer cannot set its own clearance, up or down (FORBIDDEN)', async () => {
      const me = await userId('secofficer');
      for (const clearance of ['CLASSIFIED', 'CONFIDENTIAL', 'PUBLIC']) {
        expect(codes(await gql('secofficer', SET_CLEARANCE, { input: { userId: me, clearance } }))).toEqual(['FORBIDDEN']);
      }
      expect((await sql('SELECT clearance FROM app_user WHERE id = ?', [me]))[0].clearance).toBe('CLASSIFIED');
    });

    it('secofficer sets another user\'s clearance; the target\'s sessions end at once', async () => {
      const target = await createUser();
      const login = async () => ok(await api.gql(null, 'mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { token } }',
        { u: target.username, p: target.password })).login.token as string;
      const before = await login();
      expect(ok(await api.gql(before, '{ me { clearance } }')).me.clearance).toBe('INTERNAL');
      const r = await gql('secofficer', SET_CLEARANCE, { input: { userId: target.id, clearance: 'CONFIDENTIAL' } });
      expect(ok(r).setClearance.clearance).toBe('CONFIDENTIAL');
      expect((await sql('SELECT clearance FROM app_user WHERE id = ?', [target.id]))[0].clearance).toBe('CONFIDENTIAL');
      expect(codes(await api.gql(before, '{ me { clearance } }'))).toEqual(['UNAUTHENTICATED']);
      expect(ok(await api.gql(await login(), '{ me { clearance } }')).me.clearance).toBe('CONFIDENTIAL');
    });

    it.each(['infosup', 'gm', 'archivist', 'auditor', 'am1'])('%s cannot set clearances or field levels (FORBIDDEN)', async (u) => {
      const target = await userId('am3');
      expect(codes(await gql(u, SET_CLEARANCE, { input: { userId: target, clearance: 'CONFIDENTIAL' } }))).toEqual(['FORBIDDEN']);
      expect(codes(await gql(u, SET_CLEARANCE, { input: { userId: await userId(u), clearance: 'CLASSIFIED' } }))).toEqual(['FORBIDDEN']);
      expect(codes(await gql(u, SET_FIELD_LEVEL, { input: { typeName: 'Customer', field: 'phone', level: 'PUBLIC' } }))).toEqual(['FORBIDDEN']);
      expect(await sql('SELECT * FROM field_policy')).toEqual([]);
    });
  });

  describe('the auditor changes nothing', () => {
    /** Every mutation of the schema, with well-formed arguments. Self-service session mutations are exempt. */
    const SELF_SERVICE = new Set(['login', 'logout', 'changePassword']);
    /** Mutations addressing one object by id, where an object the caller may not touch may also be NOT_FOUND. */
    const BY_ID = new Set(['revokeApiToken', 'returnGrant', 'revokeGrant', 'approveAccessRequest', 'rejectAccessRequest', 'approveAccountChange',
      'rejectAccountChange', 'approveArchiveLevelChange', 'rejectArchiveLevelChange']);
    const mutations = async (): Promise<Record<string, [string, Record<string, unknown>]>> => {
      const [contact] = await sql('SELECT id, version FROM contact WHERE customer_id = ? LIMIT 1', [someCustomer]);
      const [order] = await sql('SELECT id, version FROM sales_order WHERE customer_id = ? LIMIT 1', [someCustomer]);
      const [activity] = await sql('SELECT id, version FROM activity WHERE customer_id = ? LIMIT 1', [someCustomer]);
      const [customer] = await sql('SELECT id, version FROM customer WHERE id = ?', [someCustomer]);
      const [relation] = await sql('SELECT id, version, from_customer_id, to_customer_id, relation_type_id FROM customer_relation LIMIT 1');
      const [dept] = await sql("SELECT id, version FROM department WHERE code = 'EAST'");
      const am3 = await userId('am3');
      const [am3row] = await sql('SELECT version FROM app_user WHERE id = ?', [am3]);
      const [token] = await sql('SELECT id FROM api_token LIMIT 1');
      const del = (id: unknown, version: unknown) => ({ input: { id: String(id), version: Number(version) } });
      // A real pending access request (am1 asks for the bank account of its own CLASSIFIED archive), and any grant.
      const [purpose] = await sql('SELECT code FROM access_purpose WHERE active = TRUE ORDER BY code LIMIT 1');
      const [classified] = await sql("SELECT id FROM customer WHERE archive_level = 'CLASSIFIED' AND owner_id = ? AND deleted_at IS NULL LIMIT 1", [await userId('am1')]);
      const pending = ok(await gql('am1', 'mutation($input: RequestAccessInput!) { requestAccess(input: $input) { id } }',
        { input: { customerId: String(classified.id), fields: ['Customer.bankAccount'], purpose: purpose.code, reason: 'separation test', hours: 1 } })).requestAccess.id;
      const [grant] = await sql('SELECT id FROM access_grant LIMIT 1');
      const [accountChange] = await sql('SELECT id FROM account_change ORDER BY id LIMIT 1');
      const [levelChange] = await sql('SELECT id FROM archive_level_change ORDER BY id LIMIT 1');
      return {
        createUser: [CREATE_USER, { input: { username: uniqueName('aud'), displayName: 'x', departmentId: hq, roles: ['ACCOUNT_MANAGER'] } }],
        updateUser: [UPDATE_USER, { input: { id: am3, version: Number(am3row.version), displayName: 'changed by auditor' } }],
        unlockUser: ['mutation($id: ID!) { unlockUser(id: $id) { id } }', { id: am3 }],
        resetPassword: ['mutation($id: ID!) { resetPassword(id: $id) { initialPassword } }', { id: am3 }],
        createDepartment: ['mutation($input: CreateDepartmentInput!) { createDepartment(input: $input) { id } }', { input: { code: 'AUDX', name: 'x', parentId: hq } }],
        updateDepartment: ['mutation($input: UpdateDepartmentInput!) { updateDepartment(input: $input) { id } }', { input: { id: String(dept.id), version: Number(dept.version), name: 'x' } }],
        updateRole: ['mutation($input: UpdateRoleInput!) { updateRole(input: $input) { id } }', { input: { name: 'AUDITOR', scope: 'ALL' } }],
        setClearance: [SET_CLEARANCE, { input: { userId: am3, clearance: 'CLASSIFIED' } }],
        setFieldLevel: [SET_FIELD_LEVEL, { input: { typeName: 'Customer', field: 'bankAccount', level: 'PUBLIC' } }],
        setArchiveLevel: [SET_ARCHIVE_LEVEL, { input: { customerId: someCustomer, archiveLevel: 'PUBLIC', reason: 'auditor' } }],
        createApiToken: ['mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }',
          { input: { name: 'aud', clearance: 'PUBLIC', scope: 'ALL', expiresAt: new Date(Date.now() + 86_400_000).toISOString() } }],
        revokeApiToken: ['mutation($id: ID!) { revokeApiToken(id: $id) { id } }', { id: String(token?.id ?? '1') }],
        createCustomer: ['mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }', { input: { name: 'by auditor' } }],
        updateCustomer: ['mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { id } }', { input: { id: someCustomer, version: Number(customer.version), notes: 'x' } }],
        deleteCustomer: ['mutation($input: DeleteInput!) { deleteCustomer(input: $input) }', del(customer.id, customer.version)],
        createContact: ['mutation($input: CreateContactInput!) { createContact(input: $input) { id } }', { input: { customerId: someCustomer, name: 'x' } }],
        updateContact: ['mutation($input: UpdateContactInput!) { updateContact(input: $input) { id } }', { input: { id: String(contact.id), version: Number(contact.version), notes: 'x' } }],
        deleteContact: ['mutation($input: DeleteInput!) { deleteContact(input: $input) }', del(contact.id, contact.version)],
        createActivity: ['mutation($input: CreateActivityInput!) { createActivity(input: $input) { id } }',
          { input: { customerId: someCustomer, occurredAt: new Date().toISOString(), subject: 'x', type: 'CALL' } }],
        updateActivity: ['mutation($input: UpdateActivityInput!) { updateActivity(input: $input) { id } }', { input: { id: String(activity.id), version: Number(activity.version), subject: 'x' } }],
        deleteActivity: ['mutation($input: DeleteInput!) { deleteActivity(input: $input) }', del(activity.id, activity.version)],
        createSalesOrder: ['mutation($input: CreateSalesOrderInput!) { createSalesOrder(input: $input) { id } }',
          { input: { customerId: someCustomer, orderDate: '2026-01-01', lines: [{ product: 'x', quantity: '1', unitPrice: '1.00' }] } }],
        updateSalesOrder: ['mutation($input: UpdateSalesOrderInput!) { updateSalesOrder(input: $input) { id } }', { input: { id: String(order.id), version: Number(order.version), notes: 'x' } }],
        deleteSalesOrder: ['mutation($input: DeleteInput!) { deleteSalesOrder(input: $input) }', del(order.id, order.version)],
        createCustomerRelation: ['mutation($input: CreateCustomerRelationInput!) { createCustomerRelation(input: $input) { id } }',
          { input: { fromCustomerId: String(relation.to_customer_id), toCustomerId: String(relation.from_customer_id), relationTypeId: String(relation.relation_type_id) } }],
        deleteCustomerRelation: ['mutation($input: DeleteInput!) { deleteCustomerRelation(input: $input) }', del(relation.id, relation.version)],
        createRelationType: ['mutation($input: CreateRelationTypeInput!) { createRelationType(input: $input) { id } }', { input: { name: uniqueName('rt') } }],
        requestAccess: ['mutation($input: RequestAccessInput!) { requestAccess(input: $input) { id } }',
          { input: { customerId: String(classified.id), fields: ['Customer.bankAccount'], purpose: purpose.code, reason: 'auditor', hours: 1 } }],
        approveAccessRequest: ['mutation($id: ID!) { approveAccessRequest(id: $id, comment: "ok") { id } }', { id: String(pending) }],
        rejectAccessRequest: ['mutation($id: ID!) { rejectAccessRequest(id: $id, comment: "no") { id } }', { id: String(pending) }],
        returnGrant: ['mutation($id: ID!) { returnGrant(id: $id) { id } }', { id: String(grant?.id ?? '999999') }],
        approveAccountChange: ['mutation($input: DecideChangeInput!) { approveAccountChange(input: $input) { passwordHalf } }',
          { input: { id: String(accountChange?.id ?? '999999') } }],
        rejectAccountChange: ['mutation($input: DecideChangeInput!) { rejectAccountChange(input: $input) { id } }',
          { input: { id: String(accountChange?.id ?? '999999'), comment: 'auditor' } }],
        approveArchiveLevelChange: [APPROVE_LEVEL, { input: { id: String(levelChange?.id ?? '999999') } }],
        rejectArchiveLevelChange: ['mutation($input: DecideChangeInput!) { rejectArchiveLevelChange(input: $input) { id } }',
          { input: { id: String(levelChange?.id ?? '999999'), comment: 'auditor' } }],
        revokeGrant: ['mutation($id: ID!) { revokeGrant(id: $id) { id } }', { id: String(grant?.id ?? '999999') }],
      };
    };

    it('every mutation of the schema is refused (FORBIDDEN; one addressed by id may say NOT_FOUND) and no table changes', async () => {
      const all = await mutations();
      const schema = ok(await gql('auditor', '{ __type(name: "Mutation") { fields { name } } }')).__type.fields.map((f: { name: string }) => f.name);
      // A mutation added to the schema must be added here too.
      expect(schema.filter((m: string) => !SELF_SERVICE.has(m) && !(m in all))).toEqual([]);
      const before = await checksum();
      const outcome: Record<string, string[]> = {};
      for (const [name, [query, variables]] of Object.entries(all)) {
        const r: GqlResult = await gql('auditor', query, variables);
        outcome[name] = codes(r);
      }
      const expected = Object.fromEntries(Object.keys(all).map((m) => [m, BY_ID.has(m) && outcome[m].join() === 'NOT_FOUND' ? ['NOT_FOUND'] : ['FORBIDDEN']]));
      expect(outcome).toEqual(expected);
      expect(await checksum()).toEqual(before);
    });
  });

  describe('archive levels and custodians', () => {
    let west: string;
    const restore: Array<() => Promise<void>> = [];

    beforeAll(async () => {
      const [c] = await sql(`SELECT c.id FROM customer c JOIN department d ON d.id = c.department_id
        WHERE d.code = 'WEST' AND c.archive_level = 'INTERNAL' AND c.deleted_at IS NULL ORDER BY c.id DESC LIMIT 1`);
      west = String(c.id);
      const [before] = await sql('SELECT archive_level, custodian_id FROM customer WHERE id = ?', [west]);
      restore.push(async () => { await sql('UPDATE customer SET archive_level = ?, custodian_id = ? WHERE id = ?', [before.archive_level, before.custodian_id, west]); });
    });
    afterAll(async () => { for (const f of restore) await f(); });

    it('CLASSIFIED needs a custodian holding CLASSIFIED clearance (BAD_USER_INPUT otherwise, nothing changes)', async () => {
      const gm = await userId('gm');
      for (const input of [
        { customerId: west, archiveLevel: 'CLASSIFIED', reason: 'r' },
        { customerId: west, archiveLevel: 'CLASSIFIED', custodianId: gm, reason: 'r' },
        { customerId: west, archiveLevel: 'CLASSIFIED', custodianId: await userId('am3'), reason: 'r' },
      ]) {
        const r = await gql('secofficer', SET_ARCHIVE_LEVEL, { input });
        expect(codes(r)).toEqual(['BAD_USER_INPUT']);
      }
      expect((await sql('SELECT archive_level FROM customer WHERE id = ?', [west]))[0].archive_level).toBe('INTERNAL');
    });

    it.each(['gm', 'archivist', 'am3', 'supervisor2', 'auditor', 'admin'])('%s cannot set archive levels (FORBIDDEN)', async (u) => {
      const r = await gql(u, SET_ARCHIVE_LEVEL, { input: { customerId: west, archiveLevel: 'PUBLIC', reason: 'try' } });
      expect(codes(r)).toEqual(['FORBIDDEN']);
      expect((await sql('SELECT archive_level FROM customer WHERE id = ?', [west]))[0].archive_level).toBe('INTERNAL');
    });

    /** Lowering waits for a second archive administrator: `by` proposes, `approver` approves. */
    const lower = async (by: string, approver: string, archiveLevel: string) => {
      const entry = ok(await gql(by, SET_ARCHIVE_LEVEL, { input: { customerId: west, archiveLevel, reason: 'lowered' } })).setArchiveLevel;
      expect(entry.archiveLevel).not.toBe(archiveLevel);
      const [{ id }] = await sql("SELECT id FROM archive_level_change WHERE customer_id = ? AND status = 'PENDING'", [west]);
      expect(ok(await gql(approver, APPROVE_LEVEL, { input: { id: String(id) } })).approveArchiveLevelChange.status).toBe('APPROVED');
    };

    it('infosup sets an archive CLASSIFIED (custodian archivist) and back; reads change on the very next request', async () => {
      const archivist = await userId('archivist');
      const READ = 'query($id: ID!) { customer(id: $id) { id archiveLevel phone creditRating } }';
      const [row] = await sql('SELECT phone, credit_rating FROM customer WHERE id = ?', [west]);
      const read = async (u: string) => api.gql(await as(u), READ, { id: west });

      expect(ok(await read('supervisor2')).customer).toMatchObject({ phone: row.phone, creditRating: row.credit_rating });
      expect(ok(await read('am3')).customer).toMatchObject({ phone: row.phone, creditRating: row.credit_rating });

      const set = ok(await gql('infosup', SET_ARCHIVE_LEVEL, { input: { customerId: west, archiveLevel: 'CLASSIFIED', custodianId: archivist, reason: 'r' } }))
        .setArchiveLevel;
      expect(set).toEqual({ id: west, archiveLevel: 'CLASSIFIED', custodian: { id: archivist } });
      for (const u of ['supervisor2', 'am3', 'gm']) {
        const r = await read(u);
        expect({ u, customer: r.data!.customer }).toEqual({ u, customer: { id: west, archiveLevel: 'CLASSIFIED', phone: null, creditRating: null } });
        expect(new Set(codes(r))).toEqual(new Set(['FIELD_CLASSIFIED']));
      }
      expect(ok(await read('archivist')).customer).toMatchObject({ archiveLevel: 'CLASSIFIED', phone: row.phone, creditRating: row.credit_rating });

      // A CONFIDENTIAL archive: the owner (am3) and CONFIDENTIAL clearance read it; gm keeps a view.
      await lower('infosup', 'secofficer', 'CONFIDENTIAL');
      expect(ok(await read('am3')).customer).toMatchObject({ archiveLevel: 'CONFIDENTIAL', phone: row.phone });
      expect(ok(await read('supervisor2')).customer).toMatchObject({ archiveLevel: 'CONFIDENTIAL', phone: row.phone });

      await lower('infosup', 'secofficer', 'INTERNAL');
      expect(ok(await read('supervisor2')).customer).toMatchObject({ archiveLevel: 'INTERNAL', phone: row.phone, creditRating: row.credit_rating });
    });

    it('secofficer may set archive levels too; infosup approves its lowering', async () => {
      const archivist = await userId('archivist');
      ok(await gql('secofficer', SET_ARCHIVE_LEVEL, { input: { customerId: west, archiveLevel: 'CLASSIFIED', custodianId: archivist, reason: 'r' } }));
      expect((await sql('SELECT archive_level, custodian_id FROM customer WHERE id = ?', [west]))[0])
        .toEqual({ archive_level: 'CLASSIFIED', custodian_id: archivist });
      await lower('secofficer', 'infosup', 'INTERNAL');
      expect((await sql('SELECT archive_level FROM customer WHERE id = ?', [west]))[0].archive_level).toBe('INTERNAL');
    });
  });
});
