import { ManualClock, recordExpiredGrants } from '@custodian/api';
import { codes, startApi, TestApi } from '../support/api';

const CUSTOMER = `query($id: ID!) { customer(id: $id) { id name bankAccount idNumber taxId status contacts(first: 2) { edges { node { homePhone } } } } }`;
const REQUEST = `mutation($input: RequestAccessInput!) { requestAccess(input: $input) { id status level fields approvals { step approverRole decision approver { username } } } }`;
const APPROVE = `mutation($id: ID!, $c: String) { approveAccessRequest(id: $id, comment: $c) { id status grant { id status expiresAt secondsLeft } } }`;
const REJECT = `mutation($id: ID!, $c: String) { rejectAccessRequest(id: $id, comment: $c) { id status } }`;
const PENDING = `{ pendingApprovals { id fields purpose reason requester { username } } }`;
const MY_GRANTS = `{ myGrants { id status secondsLeft overdue fields } }`;

describe('access requests and grants (借阅)', () => {
  let api: TestApi;
  const clock = new ManualClock(new Date());
  let classifiedId: string;

  beforeAll(async () => {
    api = await startApi({ clock, config: { idleMinutes: 24 * 60 } });
    // am2 owns C000008, a CLASSIFIED archive in East kept by archivist.
    const [row] = await api.server.ds.query("SELECT id FROM customer WHERE code = 'C000008'");
    classifiedId = String(row.id);
  });
  afterAll(async () => {
    // Grants made on the manual clock would still be open in real time: close them for the suites after this one.
    await api.server.ds.query('UPDATE access_grant SET revoked_at = ? WHERE revoked_at IS NULL AND returned_at IS NULL', [new Date()]);
    await api.close();
  });

  const fieldErrors = (r: { errors?: Array<{ extensions: { code: string; field?: string } }> }) =>
    (r.errors ?? []).filter((e) => e.extensions.code === 'FIELD_CLASSIFIED').map((e) => e.extensions.field).sort();

  it('runs the chain and opens exactly the approved fields, until the grant is returned', async () => {
    const am2 = await api.token('am2');
    const before = await api.gql(am2, CUSTOMER, { id: classifiedId });
    expect(before.data!.customer.bankAccount).toBeNull();
    expect(fieldErrors(before)).toEqual(expect.arrayContaining(['Customer.bankAccount', 'Customer.idNumber', 'Customer.taxId']));

    const req = await api.gql(am2, REQUEST, { input: { customerId: classifiedId, fields: ['bankAccount', 'Customer.idNumber'], purpose: 'CREDIT_ASSESSMENT', reason: '核实回款账户以评估信用', hours: 24 } });
    expect(req.errors).toBeUndefined();
    const r = req.data!.requestAccess;
    expect(r).toMatchObject({ status: 'PENDING', level: 'CLASSIFIED', fields: ['Customer.bankAccount', 'Customer.idNumber'] });
    expect(r.approvals.map((a: { approverRole: string; approver: { username: string } | null }) => [a.approverRole, a.approver?.username]))
      .toEqual([['DEPARTMENT_HEAD', 'supervisor1'], ['CUSTODIAN', 'archivist']]);

    // Not yet the custodian's turn, and never the requester's.
    expect(codes(await api.gql(await api.token('archivist'), APPROVE, { id: r.id }))).toEqual(['FORBIDDEN']);
    expect(codes(await api.gql(am2, APPROVE, { id: r.id }))).toEqual(['FORBIDDEN']);

    const sup = await api.token('supervisor1');
    const waiting = (await api.gql(sup, PENDING)).data!.pendingApprovals;
    expect(waiting.map((p: { id: string }) => p.id)).toContain(r.id);
    expect((await api.gql(sup, APPROVE, { id: r.id, c: '同意' })).data!.approveAccessRequest.status).toBe('PENDING');
    const done = await api.gql(await api.token('archivist'), APPROVE, { id: r.id, c: '限24小时' });
    const grant = done.data!.approveAccessRequest.grant;
    expect(done.data!.approveAccessRequest.status).toBe('APPROVED');
    expect(grant.status).toBe('ACTIVE');
    expect(codes(await api.gql(sup, APPROVE, { id: r.id }))).toEqual(['CONFLICT']);

    const during = await api.gql(am2, CUSTOMER, { id: classifiedId });
    expect(during.data!.customer.bankAccount).toMatch(/^\d+$/);
    expect(during.data!.customer.idNumber === null || typeof during.data!.customer.idNumber === 'string').toBe(true);
    expect(during.data!.customer.taxId).toBeNull();
    expect(during.data!.customer.status).toBeNull();
    expect(fieldErrors(during)).not.toContain('Customer.bankAccount');
    expect(fieldErrors(during)).toContain('Customer.taxId');

    // The read through the grant is in the audit log with the grant and its purpose.
    const [read] = await api.server.ds.query(
      "SELECT grant_id, purpose FROM audit_event WHERE action = 'READ' AND grant_id = ? ORDER BY seq DESC LIMIT 1", [grant.id]);
    expect(read).toMatchObject({ purpose: 'CREDIT_ASSESSMENT' });

    const mine = (await api.gql(am2, MY_GRANTS)).data!.myGrants.find((g: { id: string }) => g.id === grant.id);
    expect(mine.status).toBe('ACTIVE');
    expect(mine.secondsLeft).toBeGreaterThan(23 * 3600);

    expect((await api.gql(am2, 'mutation($id: ID!) { returnGrant(id: $id) { status } }', { id: grant.id })).data!.returnGrant.status).toBe('RETURNED');
    expect(codes(await api.gql(am2, 'mutation($id: ID!) { returnGrant(id: $id) { status } }', { id: grant.id }))).toEqual(['CONFLICT']);
    const after = await api.gql(am2, CUSTOMER, { id: classifiedId });
    expect(after.data!.customer.bankAccount).toBeNull();

    const actions: Array<{ action: string }> = await api.server.ds.query(
      `SELECT action FROM audit_event WHERE action IN ('ACCESS_REQUEST','ACCESS_APPROVE','GRANT_RETURN') AND (detail LIKE ? OR grant_id = ?) ORDER BY seq`,
      [`%"requestId":"${r.id}"%`, grant.id]);
    expect(actions.map((a) => a.action)).toEqual(['ACCESS_REQUEST', 'ACCESS_APPROVE', 'ACCESS_APPROVE', 'GRANT_RETURN']);
  });

  it('closes the fields again when the hours pass, exactly to the second', async () => {
    const am2 = await api.token('am2');
    const r = (await api.gql(am2, REQUEST, { input: { customerId: classifiedId, fields: ['bankAccount'], purpose: 'CUSTOMER_SERVICE', reason: '客户要求核对账户', hours: 1 } })).data!.requestAccess;
    await api.gql(await api.token('supervisor1'), APPROVE, { id: r.id });
    await api.gql(await api.token('archivist'), APPROVE, { id: r.id });
    clock.advance(3_599_000);
    expect((await api.gql(am2, CUSTOMER, { id: classifiedId })).data!.customer.bankAccount).toMatch(/^\d+$/);
    clock.advance(1_000);
    expect((await api.gql(am2, CUSTOMER, { id: classifiedId })).data!.customer.bankAccount).toBeNull();
    const grants = (await api.gql(am2, MY_GRANTS)).data!.myGrants;
    expect(grants[0]).toMatchObject({ status: 'EXPIRED', overdue: true, secondsLeft: 0 });
  });

  it('refuses what must be refused, changing nothing', async () => {
    const am2 = await api.token('am2');
    const ask = (input: Record<string, unknown>) => api.gql(am2, REQUEST, { input: { customerId: classifiedId, fields: ['idNumber'], purpose: 'OTHER', reason: '测试拒绝路径', hours: 2, ...input } });
    expect(codes(await ask({ hours: 73 }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await ask({ purpose: 'NOPE' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await ask({ fields: ['name'] }))).toEqual(['BAD_USER_INPUT']);
    // am1 owns C000004 (CONFIDENTIAL): as owner it already reads taxId.
    const [own] = await api.server.ds.query("SELECT id FROM customer WHERE code = 'C000004'");
    expect(codes(await api.gql(await api.token('am1'), REQUEST, { input: { customerId: String(own.id), fields: ['taxId'], purpose: 'OTHER', reason: '已可读字段', hours: 2 } }))).toEqual(['BAD_USER_INPUT']);
    // An archive outside the scope: by id it does not exist; by code the finding aid lets one ask.
    const [west] = await api.server.ds.query("SELECT id FROM customer WHERE code = 'C000038'");
    expect(codes(await api.gql(am2, REQUEST, { input: { customerId: String(west.id), fields: ['taxId'], purpose: 'OTHER', reason: '跨部门查阅请求', hours: 2 } }))).toEqual(['NOT_FOUND']);
    const byCode = await api.gql(am2, REQUEST, { input: { customerCode: 'C000038', fields: ['taxId'], purpose: 'CONTRACT_REVIEW', reason: '跨部门合同审核', hours: 2 } });
    expect(byCode.errors).toBeUndefined();

    const first = await ask({});
    expect(first.errors).toBeUndefined();
    expect(codes(await ask({}))).toEqual(['CONFLICT']);
    const id = first.data!.requestAccess.id;
    expect(codes(await api.gql(await api.token('am1'), APPROVE, { id }))).toEqual(['NOT_FOUND']);
    expect((await api.gql(await api.token('supervisor1'), REJECT, { id, c: '理由不足' })).data!.rejectAccessRequest.status).toBe('REJECTED');
    expect(codes(await api.gql(await api.token('supervisor1'), APPROVE, { id }))).toEqual(['CONFLICT']);
    const [{ n }] = await api.server.ds.query('SELECT COUNT(*) AS n FROM access_grant WHERE request_id = ?', [id]);
    expect(Number(n)).toBe(0);
  });

  it('lets the custodian revoke, after which acting on the grant is refused', async () => {
    const am2 = await api.token('am2');
    const r = (await api.gql(am2, REQUEST, { input: { customerId: classifiedId, fields: ['Contact.homePhone'], purpose: 'CUSTOMER_SERVICE', reason: '回访联系人', hours: 4 } })).data!.requestAccess;
    await api.gql(await api.token('supervisor1'), APPROVE, { id: r.id });
    const grant = (await api.gql(await api.token('archivist'), APPROVE, { id: r.id })).data!.approveAccessRequest.grant;
    const open = await api.gql(am2, CUSTOMER, { id: classifiedId });
    expect(open.data!.customer.contacts).toBeNull(); // the contacts list itself is not granted, only homePhone
    expect(codes(await api.gql(am2, 'mutation($id: ID!) { revokeGrant(id: $id) { status } }', { id: grant.id }))).toEqual(['FORBIDDEN']);
    expect((await api.gql(await api.token('archivist'), 'mutation($id: ID!) { revokeGrant(id: $id) { status } }', { id: grant.id })).data!.revokeGrant.status).toBe('REVOKED');
    expect(codes(await api.gql(am2, 'mutation($id: ID!) { returnGrant(id: $id) { status } }', { id: grant.id }))).toEqual(['CONFLICT']);
  });

  it('needs the information supervisor for a CLASSIFIED archive outside the requester\'s department', async () => {
    const am3 = await api.token('am3');
    const r = await api.gql(am3, REQUEST, { input: { customerCode: 'C000008', fields: ['bankAccount'], purpose: 'AUDIT_INVESTIGATION', reason: '跨部门调查', hours: 8 } });
    expect(r.errors).toBeUndefined();
    expect(r.data!.requestAccess.approvals.map((a: { approverRole: string }) => a.approverRole)).toEqual(['DEPARTMENT_HEAD', 'CUSTODIAN', 'INFO_SUPERVISOR']);
    const id = r.data!.requestAccess.id;
    expect(codes(await api.gql(am3, CUSTOMER, { id: classifiedId }))).toEqual(['NOT_FOUND']);
    for (const approver of ['supervisor2', 'archivist', 'infosup']) {
      expect((await api.gql(await api.token(approver), APPROVE, { id })).errors).toBeUndefined();
    }
    // The grant opens the archive (step 1) and exactly the granted field.
    const seen = await api.gql(am3, CUSTOMER, { id: classifiedId });
    expect(seen.data!.customer.bankAccount).toMatch(/^\d+$/);
    expect(seen.data!.customer.taxId).toBeNull();
  });

  it('records GRANT_EXPIRE once for a grant that ran out unreturned', async () => {
    clock.advance(9 * 3_600_000);
    const first = await recordExpiredGrants(api.server);
    expect(first).toBeGreaterThan(0);
    expect(await recordExpiredGrants(api.server)).toBe(0);
    const [{ n }] = await api.server.ds.query("SELECT COUNT(*) AS n FROM audit_event WHERE action = 'GRANT_EXPIRE'");
    expect(Number(n)).toBe(first);
  });

  it('lists reminders for approvers', async () => {
    const sup = await api.token('supervisor1');
    const rem = await api.gql(sup, '{ reminders { kind requestId } }');
    expect(rem.errors).toBeUndefined();
    expect(rem.data!.reminders.some((x: { kind: string }) => x.kind === 'PENDING_APPROVAL')).toBe(true);
  });
});
