import { codes, GqlResult, startApi, TestApi } from '../support/api';
import { DEMO_PASSWORD } from '../support/db';
import { closeDb, createUser, customerId, insertCustomer, ok, sql, uniqueName, userId } from '../support/fixtures';
import {
  AuditRow, EXPORT, gapless, head, INTEGRITY, keyedHash, newRequestId, only, parseCsv, recomputeChain, traced, Traced,
} from '../support/audit';

/**
 * The audit trail (DESIGN §4): each action writes the expected event with who, when, where, which
 * operation and what; READ events per response for CONFIDENTIAL/CLASSIFIED values, fail closed;
 * CLASSIFIED values only as keyed hashes; the auditor's queries, filters and paging; the chain stays
 * gapless and valid under 50 concurrent sessions. Events are found by the x-request-id each request
 * sends and read straight from audit_event / audit_target.
 */

const UA = 'custodian-audit-suite/1.0 (+jest)';
const FORWARDED = '203.0.113.45';

const EVENT_FIELDS = `seq at actorUserId actorUsername actorTokenId ip userAgent requestId operation action outcome maxLevel
  grantId purpose entityType entityId fields changes detail prevHash hash targets { entityType entityId fields }`;
const EVENTS = `query($first: Int, $after: String, $where: AuditEventWhere) {
  auditEvents(first: $first, after: $after, where: $where) {
    totalCount edges { cursor node { ${EVENT_FIELDS} } } pageInfo { hasNextPage endCursor }
  }
}`;
const LOGIN = 'mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { token user { id } } }';
const LOGOUT = 'mutation { logout }';
const CUSTOMER = (fields: string) => `query($id: ID!) { customer(id: $id) { ${fields} } }`;
const CREATE_CUSTOMER = 'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id version } }';
const UPDATE_CUSTOMER = 'mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { id version } }';
const DELETE_CUSTOMER = 'mutation($id: ID!, $version: Int!) { deleteCustomer(input: {id: $id, version: $version}) }';

/** Text columns of audit_event and audit_target, for "never stored in clear" searches. */
async function occurrencesInAudit(value: string): Promise<number> {
  const like = `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const [e] = await sql(`SELECT COUNT(*) AS n FROM audit_event WHERE CONCAT_WS('\\u0001', actor_username, ip, user_agent, request_id, operation,
    purpose, entity_type, entity_id, fields, changes, detail) LIKE ?`, [like]);
  const [t] = await sql("SELECT COUNT(*) AS n FROM audit_target WHERE CONCAT_WS('\\u0001', entity_type, entity_id, fields) LIKE ?", [like]);
  return Number(e.n) + Number(t.n);
}

const sorted = <T>(xs: readonly T[] | null | undefined): T[] => [...(xs ?? [])].sort();
const byEntity = (a: { entityType: string; entityId: string }, b: { entityType: string; entityId: string }) =>
  `${a.entityType}:${a.entityId.padStart(12, '0')}`.localeCompare(`${b.entityType}:${b.entityId.padStart(12, '0')}`);
const normTargets = (ts: Array<{ entityType: string; entityId: string; fields: string[] | null }>) =>
  ts.map((t) => ({ ...t, fields: sorted(t.fields) })).sort(byEntity);

describe('audit trail', () => {
  let api: TestApi;
  const ids: Record<string, string> = {};
  let c1: string; // C000001: INTERNAL archive, owner am1 (East)
  let c4: string; // C000004: CONFIDENTIAL archive, owner am1
  let c8: string; // C000008: CLASSIFIED archive, custodian archivist
  let c18: string; // C000018: CLASSIFIED archive of an individual (idNumber), custodian archivist
  let c37: string; // C000037: West, owner am3 (outside am1's scope)

  beforeAll(async () => {
    api = await startApi();
    for (const u of ['auditor', 'secofficer', 'admin', 'gm', 'infosup', 'archivist', 'supervisor1', 'am1', 'am2', 'am3', 'finance1', 'viewer']) {
      ids[u] = await userId(u);
    }
    [c1, c4, c8, c18, c37] = await Promise.all(['C000001', 'C000004', 'C000008', 'C000018', 'C000037'].map(customerId));
  });
  afterAll(async () => {
    await api.close();
    await closeDb();
  });

  /** A request as `user` (null: anonymous) with the suite's user agent and its own request id. */
  const as = async <T = Record<string, any>>(user: string | null, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) =>
    traced<T>(api, user ? await api.token(user) : null, query, variables, { 'user-agent': UA, ...headers });

  /** Who, where and which request: the common part of every event. */
  function expectRequest(e: AuditRow, t: Traced<unknown>, user: string | null, operation: string, ip = '127.0.0.1'): void {
    expect(e).toMatchObject({
      actorUserId: user ? ids[user] : null, actorUsername: user, actorTokenId: null, ip, userAgent: UA, requestId: t.requestId, operation,
      clientRequestId: t.clientRequestId,
    });
    expect(t.requestId).not.toBe(t.clientRequestId);
    expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(e.prevHash).toMatch(/^[0-9a-f]{64}$/);
  }

  const actions = (t: Traced<unknown>) => t.events.map((e) => e.action);

  describe('sign-in', () => {
    it('LOGIN: the user, the forwarded client address, user agent, request id and operation', async () => {
      const before = new Date();
      const t = await as(null, LOGIN, { u: 'am2', p: DEMO_PASSWORD }, { 'x-forwarded-for': FORWARDED });
      ok(t.r);
      expect(actions(t)).toEqual(['LOGIN']);
      const e = t.events[0];
      expectRequest(e, t, 'am2', 'login', FORWARDED);
      expect(e).toMatchObject({ outcome: 'SUCCESS', entityType: 'User', entityId: ids.am2, changes: null, maxLevel: null });
      expect(e.targets).toEqual([{ entityType: 'User', entityId: ids.am2, fields: null }]);
      expect(e.at.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1);
      expect(e.at.getTime()).toBeLessThanOrEqual(Date.now());
      expect(await occurrencesInAudit(DEMO_PASSWORD)).toBe(0);
    });

    it('LOGIN_FAILED for an unknown user names the attempted username, no user id, DENIED', async () => {
      const name = uniqueName('ghost');
      const t = await as(null, LOGIN, { u: name, p: 'Not-the-password-9' });
      expect(codes(t.r)).toEqual(['UNAUTHENTICATED']);
      expect(actions(t)).toEqual(['LOGIN_FAILED']);
      const e = t.events[0];
      expect(e).toMatchObject({
        actorUserId: null, actorUsername: name, outcome: 'DENIED', entityType: null, entityId: null, operation: 'login',
        requestId: t.requestId, userAgent: UA, detail: { reason: 'WRONG_CREDENTIALS' },
      });
      expect(e.targets).toEqual([]);
      expect(await occurrencesInAudit('Not-the-password-9')).toBe(0);
    });

    it('LOGIN_FAILED for a wrong password, then lockout: the fifth failure locks, a right password while locked is refused', async () => {
      const user = await createUser();
      const reasons: string[] = [];
      for (let i = 1; i <= 5; i++) {
        const t = await as(null, LOGIN, { u: user.username, p: `Wrong-password-${i}` });
        expect(codes(t.r)).toEqual(['UNAUTHENTICATED']);
        const e = only(t.events, 'LOGIN_FAILED');
        expect(e).toMatchObject({ actorUserId: user.id, actorUsername: user.username, outcome: 'DENIED', entityType: 'User', entityId: user.id });
        expect(e.targets).toEqual([{ entityType: 'User', entityId: user.id, fields: null }]);
        reasons.push(e.detail!.reason);
      }
      expect(reasons).toEqual(['WRONG_PASSWORD', 'WRONG_PASSWORD', 'WRONG_PASSWORD', 'WRONG_PASSWORD', 'WRONG_PASSWORD_LOCKED']);
      const locked = await as(null, LOGIN, { u: user.username, p: user.password });
      expect(codes(locked.r)).toEqual(['UNAUTHENTICATED']);
      expect(actions(locked)).toEqual(['LOGIN_FAILED']);
      expect(locked.events[0].detail).toEqual({ reason: 'ACCOUNT_LOCKED', password: 'RIGHT' });
      for (const p of [user.password, 'Wrong-password-1', 'Wrong-password-5']) expect(await occurrencesInAudit(p)).toBe(0);
    });

    it('LOGOUT: the session\'s user', async () => {
      const token = ok(await api.gql(null, LOGIN, { u: 'am3', p: DEMO_PASSWORD })).login.token;
      const t = await traced(api, token, LOGOUT, {}, { 'user-agent': UA });
      expect(ok(t.r).logout).toBe(true);
      expect(actions(t)).toEqual(['LOGOUT']);
      expectRequest(t.events[0], t, 'am3', 'logout');
      expect(t.events[0]).toMatchObject({ outcome: 'SUCCESS', entityType: 'User', entityId: ids.am3 });
    });
  });

  describe('READ of CONFIDENTIAL and CLASSIFIED values', () => {
    it('one event per response: fields, highest level, the record with its fields; the operation name when given', async () => {
      const t = await as('gm', `query WhoReadsC1($id: ID!) { customer(id: $id) { id code name phone annualRevenue taxId creditRating } }`, { id: c1 });
      expect(ok(t.r).customer.annualRevenue).not.toBeNull();
      expect(actions(t)).toEqual(['READ']);
      const e = t.events[0];
      expectRequest(e, t, 'gm', 'WhoReadsC1');
      expect(e).toMatchObject({ outcome: 'SUCCESS', maxLevel: 'CONFIDENTIAL', entityType: 'Customer', entityId: c1, changes: null, grantId: null });
      expect(sorted(e.fields)).toEqual(['Customer.annualRevenue', 'Customer.creditRating', 'Customer.taxId']);
      expect(normTargets(e.targets)).toEqual([{ entityType: 'Customer', entityId: c1, fields: ['annualRevenue', 'creditRating', 'taxId'] }]);
      expect(e.detail).toEqual({ records: 1, values: 3 });
      // The values read are not copied into the log.
      expect(await occurrencesInAudit(ok(t.r).customer.taxId)).toBe(0);
    });

    it('a list: one event, a target per record read, no single entity id', async () => {
      const wanted = [c1, await customerId('C000002'), await customerId('C000003')];
      const t = await as('gm', `query($ids: [ID!]) { customers(first: 10, where: {ids: $ids}) { edges { node { id name creditRating } } } }`, { ids: wanted });
      expect(ok(t.r).customers.edges).toHaveLength(3);
      expect(actions(t)).toEqual(['READ']);
      const e = t.events[0];
      expect(e).toMatchObject({ entityType: 'Customer', entityId: null, fields: ['Customer.creditRating'], detail: { records: 3, values: 3 } });
      expect(normTargets(e.targets)).toEqual(wanted.map((id) => ({ entityType: 'Customer', entityId: id, fields: ['creditRating'] })).sort(byEntity));
    });

    it('nested records: contacts and order lines are targets, with their customer', async () => {
      const t = await as('gm', CUSTOMER(`id contacts(first: 10) { edges { node { id name mobile } } }
        salesOrders(first: 10) { edges { node { id orderNo lines { id product costPrice } } } }`), { id: c1 });
      const customer = ok(t.r).customer;
      const contactIds: string[] = customer.contacts.edges.map((x: { node: { id: string } }) => x.node.id);
      const lineIds: string[] = customer.salesOrders.edges.flatMap((x: { node: { lines: Array<{ id: string }> } }) => x.node.lines.map((l) => l.id));
      expect(contactIds.length).toBeGreaterThan(0);
      expect(lineIds.length).toBeGreaterThan(0);
      const e = only(t.events, 'READ');
      expect(sorted(e.fields)).toEqual(['Contact.mobile', 'SalesOrderLine.costPrice']);
      expect(normTargets(e.targets)).toEqual([
        ...contactIds.map((id) => ({ entityType: 'Contact', entityId: id, fields: ['mobile'] })),
        { entityType: 'Customer', entityId: c1, fields: [] },
        ...lineIds.map((id) => ({ entityType: 'SalesOrderLine', entityId: id, fields: ['costPrice'] })),
      ].sort(byEntity));
      expect(e.detail).toEqual({ records: contactIds.length + lineIds.length + 1, values: contactIds.length + lineIds.length });
    });

    it('no event for a response with INTERNAL values only', async () => {
      const t = await as('gm', `query($a: ID!, $b: ID!) {
        a: customer(id: $a) { id code name phone status grade city owner { username } contacts(first: 5) { edges { node { name email } } } }
        b: customer(id: $b) { id name address }
      }`, { a: c1, b: await customerId('C000002') });
      expect(ok(t.r).a.phone).not.toBeNull();
      expect(t.events).toEqual([]);
    });

    it('a CLASSIFIED value read by the custodian: level CLASSIFIED, the value itself never in the log', async () => {
      const t = await as('archivist', CUSTOMER('id name bankAccount idNumber'), { id: c18 });
      const { bankAccount, idNumber } = ok(t.r).customer;
      expect(bankAccount).toMatch(/^\d+$/);
      expect(idNumber).toMatch(/^\d+$/);
      const e = only(t.events, 'READ');
      expectRequest(e, t, 'archivist', 'customer');
      expect(e).toMatchObject({ maxLevel: 'CLASSIFIED', entityType: 'Customer', entityId: c18 });
      expect(normTargets(e.targets)).toEqual([{ entityType: 'Customer', entityId: c18, fields: ['bankAccount', 'idNumber'] }]);
      expect(await occurrencesInAudit(bankAccount)).toBe(0);
      expect(await occurrencesInAudit(idNumber)).toBe(0);
    });

    it('reads through an API token carry the token id and its creator', async () => {
      const gm = await api.token('gm');
      const created = ok(await api.gql(gm, `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token apiToken { id } } }`,
        { input: { name: uniqueName('bi'), scope: 'ALL', clearance: 'CONFIDENTIAL', expiresAt: new Date(Date.now() + 86_400_000).toISOString() } })).createApiToken;
      const t = await traced(api, created.token, CUSTOMER('id annualRevenue'), { id: c1 }, { 'user-agent': UA });
      ok(t.r);
      const e = only(t.events, 'READ');
      expect(e).toMatchObject({ actorUserId: ids.gm, actorTokenId: created.apiToken.id, maxLevel: 'CONFIDENTIAL' });
    });

    it('the auditor finds who read customer X\'s bank account by entity id', async () => {
      const read = await as('archivist', CUSTOMER('id bankAccount'), { id: c8 });
      expect(ok(read.r).customer.bankAccount).not.toBeNull();
      const denied = await as('gm', CUSTOMER('id bankAccount'), { id: c8 });
      expect(codes(denied.r)).toEqual(['FIELD_CLASSIFIED']);
      await as('gm', CUSTOMER('id annualRevenue'), { id: c1 }); // another customer: not in the answer

      const r = ok(await api.gql(await api.token('auditor'), EVENTS, { first: 500, where: { entityType: 'Customer', entityId: c8, action: ['READ'] } })).auditEvents;
      const nodes: any[] = r.edges.map((x: { node: unknown }) => x.node);
      expect(nodes.length).toBeGreaterThan(0);
      for (const n of nodes) {
        expect(n.action).toBe('READ');
        expect(n.targets.some((t: { entityType: string; entityId: string }) => t.entityType === 'Customer' && t.entityId === c8)).toBe(true);
      }
      const bank = nodes.filter((n) => n.targets.some((t: any) => t.entityId === c8 && t.entityType === 'Customer' && t.fields?.includes('bankAccount')));
      expect(bank.map((n) => n.actorUsername)).toContain('archivist');
      const mine = bank.find((n) => n.requestId === read.requestId);
      expect(mine).toMatchObject({ seq: read.events[0].seq, actorUserId: ids.archivist, userAgent: UA, maxLevel: 'CLASSIFIED' });
      expect(nodes.some((n) => n.requestId === denied.requestId)).toBe(false);
      // Same answer as the database.
      const expected = await sql(`SELECT e.seq FROM audit_event e WHERE e.action = 'READ' AND e.seq IN
        (SELECT seq FROM audit_target WHERE entity_type = 'Customer' AND entity_id = ?) ORDER BY e.seq DESC`, [c8]);
      expect(nodes.map((n) => n.seq)).toEqual(expected.map((x) => Number(x.seq)));
      // ...and the refused attempt is there as a DENY on that customer.
      const deny = ok(await api.gql(await api.token('auditor'), EVENTS, { first: 50, where: { entityType: 'Customer', entityId: c8, action: ['DENY'] } })).auditEvents;
      expect(deny.edges.map((x: any) => x.node.requestId)).toContain(denied.requestId);
    });
  });

  describe('CREATE, UPDATE and DELETE with before and after', () => {
    it('keeps the whole before/after of long texts (beyond the 64 KB a TEXT column held), and the write goes through', async () => {
      // 4,000 characters each, with a control character JSON writes as \u001b: 63 KB of JSON per value pair.
      const long = (c: string) => `${c}\u001b`.repeat(2000);
      const code = uniqueName('LONG').toUpperCase();
      const created = await as('am1', CREATE_CUSTOMER, { input: { code, name: '长文本审计有限公司', notes: long('甲'), financialNotes: long('甲') } });
      const id: string = ok(created.r).createCustomer.id;
      const updated = await as('am1', UPDATE_CUSTOMER, { input: { id, version: 1, notes: long('乙'), financialNotes: long('乙') } });
      expect(ok(updated.r).updateCustomer.version).toBe(2);
      const ue = only(updated.events, 'UPDATE');
      expect(ue.changes).toEqual({
        notes: { before: long('甲'), after: long('乙') }, financialNotes: { before: long('甲'), after: long('乙') },
      });
      const [{ bytes }] = await sql<{ bytes: number }>('SELECT LENGTH(changes) AS bytes FROM audit_event WHERE seq = ?', [ue.seq]);
      expect(Number(bytes)).toBeGreaterThan(65_535);
    });

    it('customers: CREATE lists every value set, UPDATE only what changed, DELETE what was there', async () => {
      const code = uniqueName('AUD').toUpperCase();
      const notes = 'He said "fine", then left,\nsigned 合同; 备注 ✓';
      const input = { code, name: '审计测试有限公司', status: 'INTERESTED', phone: '021-55501234', annualRevenue: '1234567.89', notes };
      const created = await as('am1', CREATE_CUSTOMER, { input });
      const id: string = ok(created.r).createCustomer.id;
      const ce = only(created.events, 'CREATE');
      expectRequest(ce, created, 'am1', 'createCustomer');
      expect(ce).toMatchObject({ outcome: 'SUCCESS', entityType: 'Customer', entityId: id, maxLevel: 'CONFIDENTIAL' });
      expect(ce.changes).toMatchObject({
        code: { before: null, after: code }, name: { before: null, after: input.name }, phone: { before: null, after: input.phone },
        annualRevenue: { before: null, after: input.annualRevenue }, notes: { before: null, after: notes }, status: { before: null, after: 'INTERESTED' },
        ownerId: { before: null, after: ids.am1 },
      });
      expect(ce.changes).not.toHaveProperty('version');
      expect(ce.changes).not.toHaveProperty('createdAt');
      expect(sorted(ce.fields)).toEqual(sorted(Object.keys(ce.changes!)));
      expect(ce.targets).toEqual([{ entityType: 'Customer', entityId: id, fields: ce.fields }]);

      const updated = await as('am1', UPDATE_CUSTOMER, { input: { id, version: 1, phone: '021-55509999', grade: 'A' } });
      expect(ok(updated.r).updateCustomer.version).toBe(2);
      const ue = only(updated.events, 'UPDATE');
      expectRequest(ue, updated, 'am1', 'updateCustomer');
      expect(ue.changes).toEqual({ phone: { before: '021-55501234', after: '021-55509999' }, grade: { before: null, after: 'A' } });
      expect(ue).toMatchObject({ entityType: 'Customer', entityId: id, maxLevel: 'INTERNAL' });
      expect(sorted(ue.fields)).toEqual(['grade', 'phone']);

      const deleted = await as('supervisor1', DELETE_CUSTOMER, { id, version: 2 });
      expect(ok(deleted.r).deleteCustomer).toBe(id);
      const de = only(deleted.events, 'DELETE');
      expectRequest(de, deleted, 'supervisor1', 'deleteCustomer');
      expect(de.changes).toMatchObject({ phone: { before: '021-55509999', after: null }, name: { before: input.name, after: null }, notes: { before: notes, after: null } });
      expect(de).toMatchObject({ entityType: 'Customer', entityId: id, maxLevel: 'CONFIDENTIAL' });
    });

    it('CLASSIFIED values (bankAccount, idNumber) are stored only as keyed hashes, never in clear', async () => {
      const [row] = await sql('SELECT version, bank_account, id_number FROM customer WHERE id = ?', [c18]);
      const bank = `6222${Date.now()}`;
      const idNumber = `11010119900307${String(Date.now()).slice(-4)}`;
      const t = await as('archivist', UPDATE_CUSTOMER, { input: { id: c18, version: row.version, bankAccount: bank, idNumber } });
      ok(t.r);
      const e = only(t.events, 'UPDATE');
      const key = api.server.config.auditKey;
      expect(e.maxLevel).toBe('CLASSIFIED');
      expect(e.changes).toEqual({
        bankAccount: { before: keyedHash(key, row.bank_account), after: keyedHash(key, bank) },
        idNumber: { before: keyedHash(key, row.id_number), after: keyedHash(key, idNumber) },
      });
      for (const v of [bank, idNumber, row.bank_account, row.id_number]) expect(await occurrencesInAudit(v)).toBe(0);
    });

    it('in a CLASSIFIED archive every non-identity field is CLASSIFIED: its old and new values are hashed too', async () => {
      const [row] = await sql('SELECT version, phone, name FROM customer WHERE id = ?', [c8]);
      const phone = `010-${String(Date.now()).slice(-8)}`;
      const t = await as('archivist', UPDATE_CUSTOMER, { input: { id: c8, version: row.version, phone } });
      ok(t.r);
      const e = only(t.events, 'UPDATE');
      const key = api.server.config.auditKey;
      expect(e.maxLevel).toBe('CLASSIFIED');
      expect(e.changes).toEqual({ phone: { before: keyedHash(key, row.phone), after: keyedHash(key, phone) } });
      expect(await occurrencesInAudit(phone)).toBe(0);
      expect(await occurrencesInAudit(row.phone)).toBe(0);
    });

    it('an archive level raises the event\'s level: an INTERNAL field of a CONFIDENTIAL archive is a CONFIDENTIAL change', async () => {
      const [row] = await sql('SELECT version, phone FROM customer WHERE id = ?', [c4]);
      const phone = `021-${String(Date.now()).slice(-8)}`;
      const t = await as('am1', UPDATE_CUSTOMER, { input: { id: c4, version: row.version, phone } });
      ok(t.r);
      const e = only(t.events, 'UPDATE');
      expect(e.maxLevel).toBe('CONFIDENTIAL');
      expect(e.changes).toEqual({ phone: { before: row.phone, after: phone } });
    });

    it('contacts: create, update, delete, with the customer as a target; a CLASSIFIED home phone hashed', async () => {
      const create = await as('am1', 'mutation($input: CreateContactInput!) { createContact(input: $input) { id version } }',
        { input: { customerId: c1, name: '审计联系人', mobile: '13900001111', email: 'audit@example.cn' } });
      const id: string = ok(create.r).createContact.id;
      const ce = only(create.events, 'CREATE');
      expectRequest(ce, create, 'am1', 'createContact');
      expect(ce).toMatchObject({ entityType: 'Contact', entityId: id, maxLevel: 'CONFIDENTIAL' });
      expect(ce.changes).toMatchObject({ name: { before: null, after: '审计联系人' }, mobile: { before: null, after: '13900001111' }, customerId: { before: null, after: c1 } });
      expect(ce.targets.map((x) => [x.entityType, x.entityId])).toEqual([['Contact', id], ['Customer', c1]]);

      const update = await as('am1', 'mutation($input: UpdateContactInput!) { updateContact(input: $input) { id version } }',
        { input: { id, version: 1, mobile: '13900002222', title: '经理' } });
      ok(update.r);
      const ue = only(update.events, 'UPDATE');
      expect(ue.changes).toEqual({ mobile: { before: '13900001111', after: '13900002222' }, title: { before: null, after: '经理' } });
      expect(ue.targets.map((x) => [x.entityType, x.entityId])).toEqual([['Contact', id], ['Customer', c1]]);

      const del = await as('am1', 'mutation($id: ID!) { deleteContact(input: {id: $id, version: 2}) }', { id });
      expect(ok(del.r).deleteContact).toBe(id);
      const de = only(del.events, 'DELETE');
      expect(de).toMatchObject({ entityType: 'Contact', entityId: id });
      expect(de.changes).toMatchObject({ mobile: { before: '13900002222', after: null }, name: { before: '审计联系人', after: null } });

      const [contact] = await sql('SELECT id, version, home_phone FROM contact WHERE customer_id = ? AND deleted_at IS NULL ORDER BY id LIMIT 1', [c8]);
      const homePhone = `0571-${String(Date.now()).slice(-8)}`;
      const secret = await as('archivist', 'mutation($input: UpdateContactInput!) { updateContact(input: $input) { id } }',
        { input: { id: String(contact.id), version: contact.version, homePhone } });
      ok(secret.r);
      const se = only(secret.events, 'UPDATE');
      expect(se.maxLevel).toBe('CLASSIFIED');
      expect(se.changes).toEqual({ homePhone: { before: keyedHash(api.server.config.auditKey, contact.home_phone), after: keyedHash(api.server.config.auditKey, homePhone) } });
      expect(await occurrencesInAudit(homePhone)).toBe(0);
    });

    it('activities: create, update, delete', async () => {
      const create = await as('am1', 'mutation($input: CreateActivityInput!) { createActivity(input: $input) { id version } }',
        { input: { customerId: c1, subject: '审计回访', type: 'CALL', occurredAt: '2026-11-20T09:30:00.000Z', content: '谈了价格' } });
      const id: string = ok(create.r).createActivity.id;
      const ce = only(create.events, 'CREATE');
      expectRequest(ce, create, 'am1', 'createActivity');
      expect(ce).toMatchObject({ entityType: 'Activity', entityId: id, maxLevel: 'INTERNAL' });
      expect(ce.changes).toMatchObject({ subject: { before: null, after: '审计回访' }, type: { before: null, after: 'CALL' }, occurredAt: { before: null, after: '2026-11-20T09:30:00.000Z' } });
      expect(ce.targets.map((x) => [x.entityType, x.entityId])).toEqual([['Activity', id], ['Customer', c1]]);

      const update = await as('am1', 'mutation($input: UpdateActivityInput!) { updateActivity(input: $input) { id } }', { input: { id, version: 1, outcome: '待报价' } });
      ok(update.r);
      expect(only(update.events, 'UPDATE').changes).toEqual({ outcome: { before: null, after: '待报价' } });

      const del = await as('am1', 'mutation($id: ID!) { deleteActivity(input: {id: $id, version: 2}) }', { id });
      ok(del.r);
      expect(only(del.events, 'DELETE').changes).toMatchObject({ subject: { before: '审计回访', after: null }, outcome: { before: '待报价', after: null } });
    });

    it('sales orders: create with lines, update, delete', async () => {
      const create = await as('am1', 'mutation($input: CreateSalesOrderInput!) { createSalesOrder(input: $input) { id version amount } }', {
        input: { customerId: c1, orderDate: '2026-11-20', lines: [{ product: '审计软件', quantity: '2', unitPrice: '100.50', costPrice: '60.00' }] },
      });
      const order = ok(create.r).createSalesOrder;
      const ce = only(create.events, 'CREATE');
      expectRequest(ce, create, 'am1', 'createSalesOrder');
      expect(ce).toMatchObject({ entityType: 'SalesOrder', entityId: order.id });
      expect(ce.changes!.amount).toEqual({ before: null, after: '201.00' });
      expect(ce.changes!.lines.before).toBeNull();
      expect(ce.changes!.lines.after).toEqual([expect.objectContaining({ product: '审计软件', costPrice: '60.00' })]);
      // The lines' cost price (机密) raises the event, as a field of the order itself would.
      expect(ce.maxLevel).toBe('CONFIDENTIAL');
      expect(ce.targets.map((x) => [x.entityType, x.entityId])).toEqual([['SalesOrder', order.id], ['Customer', c1]]);

      const update = await as('am1', 'mutation($input: UpdateSalesOrderInput!) { updateSalesOrder(input: $input) { id version } }',
        { input: { id: order.id, version: order.version, status: 'CONFIRMED', notes: '加急' } });
      const v = ok(update.r).updateSalesOrder.version;
      expect(only(update.events, 'UPDATE').changes).toMatchObject({ status: { after: 'CONFIRMED' }, notes: { before: null, after: '加急' } });

      const del = await as('am1', 'mutation($id: ID!, $v: Int!) { deleteSalesOrder(input: {id: $id, version: $v}) }', { id: order.id, v });
      ok(del.r);
      expect(only(del.events, 'DELETE')).toMatchObject({ entityType: 'SalesOrder', entityId: order.id, changes: expect.objectContaining({ status: { before: 'CONFIRMED', after: null } }) });
    });

    it('sales order lines: a line field raised to 绝密 is stored only as a keyed hash, the rest in clear', async () => {
      const SET = 'mutation($input: SetFieldLevelInput!) { setFieldLevel(input: $input) { level } }';
      // An INTERNAL archive whose custodian (archivist) may write a 绝密 field.
      const code = uniqueName('LINE').toUpperCase();
      const customer = await insertCustomer({ code, name: '订单明细审计有限公司' });
      await sql('UPDATE customer SET custodian_id = ? WHERE id = ?', [ids.archivist, customer]);
      ok((await as('secofficer', SET, { input: { typeName: 'SalesOrderLine', field: 'costPrice', level: 'CLASSIFIED' } })).r);
      try {
        const create = await as('archivist', 'mutation($input: CreateSalesOrderInput!) { createSalesOrder(input: $input) { id } }', {
          input: { customerId: customer, orderDate: '2026-11-21', lines: [{ product: '绝密成本', quantity: '1', unitPrice: '10.00', costPrice: '7.77' }] },
        });
        ok(create.r);
        const ce = only(create.events, 'CREATE');
        const [line] = ce.changes!.lines.after as Array<Record<string, unknown>>;
        expect(line).toMatchObject({ product: '绝密成本', unitPrice: '10.00', costPrice: keyedHash(api.server.config.auditKey, '7.77') });
        expect(ce.maxLevel).toBe('CLASSIFIED');
        expect(await occurrencesInAudit('7.77')).toBe(0);
      } finally {
        ok((await as('secofficer', SET, { input: { typeName: 'SalesOrderLine', field: 'costPrice', level: null } })).r);
      }
    });
  });

  describe('DENY', () => {
    it('FIELD_CLASSIFIED: the denied coordinate, its level and the customer; no READ', async () => {
      const t = await as('am1', CUSTOMER('id name phone bankAccount'), { id: c1 });
      expect(codes(t.r)).toEqual(['FIELD_CLASSIFIED']);
      expect(actions(t)).toEqual(['DENY']);
      const e = t.events[0];
      expectRequest(e, t, 'am1', 'customer');
      expect(e).toMatchObject({ outcome: 'DENIED', maxLevel: 'CLASSIFIED', fields: ['Customer.bankAccount'] });
      expect(e.detail).toEqual({ code: 'FIELD_CLASSIFIED', denied: [{ field: 'Customer.bankAccount', level: 'CLASSIFIED', count: 1 }] });
      expect(e.targets).toEqual([{ entityType: 'Customer', entityId: c1, fields: null }]);
    });

    it('reject mode: the whole response is refused, so no READ is logged, only the DENY', async () => {
      const t = await as('am1', CUSTOMER('id annualRevenue bankAccount'), { id: c1 }, { 'x-authz-mode': 'reject' });
      expect(t.r.data).toBeNull();
      expect(codes(t.r)).toEqual(['FIELD_CLASSIFIED']);
      expect(actions(t)).toEqual(['DENY']);
      expect(t.events[0].fields).toEqual(['Customer.bankAccount']);
    });

    it('FORBIDDEN: an operation the role may not call', async () => {
      const t = await as('am1', 'mutation { createUser(input: {username: "nope", displayName: "Nope", roles: [ACCOUNT_MANAGER]}) { initialPassword } }');
      expect(codes(t.r)).toEqual(['FORBIDDEN']);
      const e = only(t.events, 'DENY');
      expectRequest(e, t, 'am1', 'createUser');
      expect(e.outcome).toBe('DENIED');
      expect(e.detail!.errors).toEqual([expect.objectContaining({ code: 'FORBIDDEN', path: ['createUser'] })]);
      expect(await sql("SELECT id FROM app_user WHERE username = 'nope'")).toEqual([]);
    });

    it('NOT_FOUND: a lookup outside the caller\'s scope', async () => {
      const t = await as('am1', CUSTOMER('id name'), { id: c37 });
      expect(codes(t.r)).toEqual(['NOT_FOUND']);
      const e = only(t.events, 'DENY');
      expectRequest(e, t, 'am1', 'customer');
      expect(e.detail!.errors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', path: ['customer'] })]);
    });

    it('a huge malformed argument is refused before anything runs and does not take other requests\' events down with it', async () => {
      // (An id of 70,000 digits used to reach the resolver as NOT_FOUND; ids are validated as record ids now.)
      const huge = '9'.repeat(70_000);
      const [big, read] = await Promise.all([
        as('am1', CUSTOMER('id'), { id: huge }),
        as('gm', CUSTOMER('id annualRevenue'), { id: c1 }),
      ]);
      expect(codes(big.r)).toEqual(['BAD_USER_INPUT']);
      expect(big.r.status).toBe(400);
      expect(big.events).toEqual([]);
      expect(ok(read.r).customer.annualRevenue).not.toBeNull();
      expect(actions(read)).toEqual(['READ']);
    });

    it('a client-chosen text that MariaDB would store differently (lone surrogate, over-long) keeps the chain valid', async () => {
      const odd = ['x\ud800y', `a${'\u{1F600}'.repeat(40)}`];
      for (const u of odd) {
        const t = await as(null, LOGIN, { u, p: 'Whatever-pass-1' });
        expect(codes(t.r)).toEqual(['UNAUTHENTICATED']);
        expect(actions(t)).toEqual(['LOGIN_FAILED']);
      }
      const long = await as(null, LOGIN, { u: 'nobody', p: 'Whatever-pass-1' }, { 'x-forwarded-for': `${'f'.repeat(300)}`, 'user-agent': `UA ${'ü'.repeat(400)}` });
      expect(actions(long)).toEqual(['LOGIN_FAILED']);
      expect(long.events[0].ip).toHaveLength(64);
      expect(long.events[0].userAgent).toHaveLength(255);
      expect(await recomputeChain()).toMatchObject({ firstBroken: null });
    });
  });

  describe('ADMIN', () => {
    const USER_FIELDS = 'id username displayName clearance version';

    it('createUser, updateUser (admin) and setClearance (security officer): the change, the user, before/after; no password', async () => {
      const username = uniqueName('aud');
      const created = await as('admin', `mutation($input: CreateUserInput!) { createUser(input: $input) { initialPassword user { ${USER_FIELDS} } } }`,
        { input: { username, displayName: '审计新人', roles: ['ACCOUNT_MANAGER'] } });
      const { user, initialPassword } = ok(created.r).createUser;
      const ce = only(created.events, 'ADMIN');
      expectRequest(ce, created, 'admin', 'createUser');
      expect(ce).toMatchObject({ outcome: 'SUCCESS', entityType: 'User', entityId: user.id });
      expect(ce.detail).toEqual({ change: 'createUser', roles: ['ACCOUNT_MANAGER'] });
      expect(ce.changes).toMatchObject({ username: { before: null, after: username }, displayName: { before: null, after: '审计新人' } });
      expect(ce.changes).not.toHaveProperty('passwordHash');
      expect(await occurrencesInAudit(initialPassword)).toBe(0);
      expect(await occurrencesInAudit('$argon2')).toBe(0);

      const updated = await as('admin', `mutation($input: UpdateUserInput!) { updateUser(input: $input) { ${USER_FIELDS} } }`,
        { input: { id: user.id, version: user.version, displayName: '审计老人' } });
      ok(updated.r);
      const ue = only(updated.events, 'ADMIN');
      expect(ue).toMatchObject({ entityType: 'User', entityId: user.id, detail: { change: 'updateUser' } });
      expect(ue.changes).toEqual({ displayName: { before: '审计新人', after: '审计老人' } });

      const cleared = await as('secofficer', `mutation($input: SetClearanceInput!) { setClearance(input: $input) { ${USER_FIELDS} } }`,
        { input: { userId: user.id, clearance: 'CONFIDENTIAL' } });
      ok(cleared.r);
      const se = only(cleared.events, 'ADMIN');
      expectRequest(se, cleared, 'secofficer', 'setClearance');
      expect(se).toMatchObject({ entityType: 'User', entityId: user.id, detail: { change: 'setClearance' } });
      expect(se.changes).toEqual({ clearance: { before: 'INTERNAL', after: 'CONFIDENTIAL' } });
    });

    it('setFieldLevel (security officer)', async () => {
      const SET = 'mutation($input: SetFieldLevelInput!) { setFieldLevel(input: $input) { typeName field level } }';
      const raised = await as('secofficer', SET, { input: { typeName: 'Customer', field: 'website', level: 'CONFIDENTIAL' } });
      try {
        ok(raised.r);
        const e = only(raised.events, 'ADMIN');
        expectRequest(e, raised, 'secofficer', 'setFieldLevel');
        expect(e).toMatchObject({ entityType: 'FieldPolicy', entityId: 'Customer.website', detail: { change: 'setFieldLevel' } });
        expect(e.changes).toEqual({ level: { before: 'PUBLIC', after: 'CONFIDENTIAL' } });
      } finally {
        const restored = await as('secofficer', SET, { input: { typeName: 'Customer', field: 'website', level: null } });
        ok(restored.r);
        expect(only(restored.events, 'ADMIN').changes).toEqual({ level: { before: 'CONFIDENTIAL', after: 'PUBLIC' } });
      }
    });

    it('setArchiveLevel (information supervisor), with its reason', async () => {
      const SET = 'mutation($input: SetArchiveLevelInput!) { setArchiveLevel(input: $input) { id archiveLevel } }';
      const c10 = await customerId('C000010');
      const raised = await as('infosup', SET, { input: { customerId: c10, archiveLevel: 'CONFIDENTIAL', reason: '信用调查' } });
      try {
        ok(raised.r);
        const e = only(raised.events, 'ADMIN');
        expectRequest(e, raised, 'infosup', 'setArchiveLevel');
        expect(e).toMatchObject({ entityType: 'Customer', entityId: c10, detail: { change: 'setArchiveLevel', reason: '信用调查' } });
        expect(e.changes).toEqual({ archiveLevel: { before: 'INTERNAL', after: 'CONFIDENTIAL' } });
        expect(e.targets).toEqual([{ entityType: 'Customer', entityId: c10, fields: ['archiveLevel'] }]);
      } finally {
        // Lowering waits for a second archive administrator (custodianship.test.ts); restored directly here.
        await sql("UPDATE customer SET archive_level = 'INTERNAL' WHERE id = ?", [c10]);
      }
    });

    it('createApiToken and revokeApiToken: the token\'s grant, never its secret', async () => {
      const expiresAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
      const name = uniqueName('tok');
      const created = await as('am1', `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token apiToken { id } } }`,
        { input: { name, scope: 'OWN', clearance: 'INTERNAL', expiresAt } });
      const { token, apiToken } = ok(created.r).createApiToken;
      const ce = only(created.events, 'ADMIN');
      expectRequest(ce, created, 'am1', 'createApiToken');
      expect(ce).toMatchObject({ entityType: 'ApiToken', entityId: apiToken.id });
      expect(ce.detail).toEqual({ change: 'createApiToken', name, scope: 'OWN', clearance: 'INTERNAL', expiresAt });
      expect(await occurrencesInAudit(token)).toBe(0);

      const revoked = await as('am1', 'mutation($id: ID!) { revokeApiToken(id: $id) { id revokedAt } }', { id: apiToken.id });
      expect(ok(revoked.r).revokeApiToken.revokedAt).not.toBeNull();
      expect(only(revoked.events, 'ADMIN')).toMatchObject({ entityType: 'ApiToken', entityId: apiToken.id, detail: { change: 'revokeApiToken' } });
    });
  });

  describe('reading the log', () => {
    const nodesOf = (r: GqlResult): any[] => ok(r).auditEvents.edges.map((x: { node: unknown }) => x.node);

    it('AUDIT_VIEW for auditEvents and auditIntegrity, EXPORT for auditExport', async () => {
      const where = { action: ['LOGIN'], actor: 'am2' };
      const list = await as('auditor', EVENTS, { first: 5, where });
      ok(list.r);
      const le = only(list.events, 'AUDIT_VIEW');
      expectRequest(le, list, 'auditor', 'auditEvents');
      expect(le.detail).toEqual({ where, first: 5 });

      const integrity = await as('auditor', INTEGRITY);
      expect(ok(integrity.r).auditIntegrity.ok).toBe(true);
      expect(only(integrity.events, 'AUDIT_VIEW')).toMatchObject({ operation: 'auditIntegrity', detail: { integrity: true } });

      const exported = await as('auditor', EXPORT, { where: { action: ['LOGOUT'] }, limit: 10 });
      const csv = ok(exported.r).auditExport;
      expect(csv.filename).toMatch(/^audit-[\d-]+\.csv$/);
      const ee = only(exported.events, 'EXPORT');
      expectRequest(ee, exported, 'auditor', 'auditExport');
      expect(ee).toMatchObject({ entityType: 'AuditEvent', maxLevel: 'CONFIDENTIAL', detail: { where: { action: ['LOGOUT'] }, limit: 10 } });
      expect(csv.csv.split('\r\n')[0]).toBe('seq,at,actor_user_id,actor_username,actor_token_id,ip,user_agent,request_id,operation,action,outcome,max_level,grant_id,purpose,entity_type,entity_id,fields,changes,detail,targets_hash,client_request_id,targets,prev_hash,hash');
      expect(csv.rows).toBe(Number((await sql("SELECT COUNT(*) AS n FROM audit_event WHERE action = 'LOGOUT'"))[0].n));
    });

    it('only the auditor reads everything; the security officer DENY and ADMIN only; everyone else is FORBIDDEN (and that is a DENY)', async () => {
      const all = nodesOf((await as('auditor', EVENTS, { first: 500 })).r);
      expect(new Set(all.map((n) => n.action)).size).toBeGreaterThan(5);

      const sec = nodesOf((await as('secofficer', EVENTS, { first: 500 })).r);
      expect(sec.length).toBeGreaterThan(0);
      expect(new Set(sec.map((n) => n.action))).toEqual(new Set(['DENY', 'ADMIN']));
      const [{ n }] = await sql("SELECT COUNT(*) AS n FROM audit_event WHERE action IN ('DENY', 'ADMIN')");
      expect(ok((await as('secofficer', EVENTS, { first: 1 })).r).auditEvents.totalCount).toBe(Number(n));
      expect(nodesOf((await as('secofficer', EVENTS, { first: 50, where: { action: ['READ', 'LOGIN'] } })).r)).toEqual([]);
      const secCsv = parseCsv(ok((await as('secofficer', EXPORT, { limit: 100000 })).r).auditExport.csv);
      expect(new Set(secCsv.slice(1).map((cells) => cells[secCsv[0].indexOf('action')]))).toEqual(new Set(['DENY', 'ADMIN']));
      expect(ok((await as('secofficer', INTEGRITY)).r).auditIntegrity.ok).toBe(true);

      for (const user of ['admin', 'gm', 'infosup', 'archivist', 'supervisor1', 'am1', 'finance1', 'viewer']) {
        for (const [query, vars] of [[EVENTS, { first: 5 }], [INTEGRITY, {}], [EXPORT, { limit: 5 }]] as const) {
          const t = await as(user, query, vars);
          expect({ user, query: query.slice(0, 20), codes: codes(t.r) }).toEqual({ user, query: query.slice(0, 20), codes: ['FORBIDDEN'] });
          expect(t.r.data).toBeNull();
          expect(only(t.events, 'DENY').actorUsername).toBe(user);
          expect(t.events.map((e) => e.action)).not.toContain('AUDIT_VIEW');
        }
      }
    });

    /** auditEvents with `where` against the same selection straight from the database (up to this query's own AUDIT_VIEW). */
    async function expectSameAsDatabase(where: Record<string, unknown>, condition: string, params: unknown[]): Promise<any[]> {
      const t = await as('auditor', EVENTS, { first: 500, where });
      const nodes = nodesOf(t.r);
      const own = only(t.events, 'AUDIT_VIEW').seq;
      const rows = await sql(`SELECT e.seq FROM audit_event e WHERE (${condition}) AND e.seq <= ? ORDER BY e.seq DESC LIMIT 500`, [...params, own]);
      expect(nodes.map((n) => n.seq)).toEqual(rows.map((r) => Number(r.seq)));
      return nodes;
    }

    it('filters: actor (username or id), action, outcome, minLevel, from/to, entity; newest first', async () => {
      expect((await expectSameAsDatabase({ actor: 'archivist' }, 'e.actor_user_id = ?', [ids.archivist])).length).toBeGreaterThan(0);
      await expectSameAsDatabase({ actor: ids.am1 }, 'e.actor_user_id = ?', [ids.am1]);
      await expectSameAsDatabase({ action: ['LOGIN', 'LOGOUT'] }, "e.action IN ('LOGIN', 'LOGOUT')", []);
      expect((await expectSameAsDatabase({ outcome: 'DENIED' }, "e.outcome = 'DENIED'", [])).every((n) => n.outcome === 'DENIED')).toBe(true);
      expect((await expectSameAsDatabase({ minLevel: 'CLASSIFIED' }, "e.max_level = 'CLASSIFIED'", [])).length).toBeGreaterThan(0);
      await expectSameAsDatabase({ minLevel: 'CONFIDENTIAL' }, "e.max_level IN ('CONFIDENTIAL', 'CLASSIFIED')", []);
      await expectSameAsDatabase({ entityType: 'Customer', entityId: c1, action: ['UPDATE', 'READ'] },
        "e.action IN ('UPDATE', 'READ') AND e.seq IN (SELECT seq FROM audit_target WHERE entity_type = 'Customer' AND entity_id = ?)", [c1]);
      await expectSameAsDatabase({ actor: 'am1', action: ['DENY'], outcome: 'DENIED' }, "e.actor_user_id = ? AND e.action = 'DENY' AND e.outcome = 'DENIED'", [ids.am1]);

      const from = new Date(Date.now() - 1);
      const marker = await as('gm', CUSTOMER('id annualRevenue'), { id: c1 });
      const to = new Date(Date.now() + 1);
      const window = await expectSameAsDatabase({ from: from.toISOString(), to: to.toISOString() }, 'e.at >= ? AND e.at < ?', [from, to]);
      expect(window.map((n) => n.seq)).toContain(marker.events[0].seq);
      for (const n of window) {
        expect(new Date(n.at).getTime()).toBeGreaterThanOrEqual(from.getTime());
        expect(new Date(n.at).getTime()).toBeLessThan(to.getTime());
      }

      // A window well inside the log (a tenth of it, with more than half after it) is read through the
      // time index rather than by walking seq back from the newest event: the answer must not change.
      const [{ n: logSize }] = await sql('SELECT COUNT(*) AS n FROM audit_event');
      const timeAt = async (share: number) => (await sql('SELECT at FROM audit_event ORDER BY seq LIMIT 1 OFFSET ?', [Math.floor(Number(logSize) * share)]))[0].at as Date;
      const [early, late] = [await timeAt(0.3), await timeAt(0.4)];
      const middle = await expectSameAsDatabase({ from: early.toISOString(), to: late.toISOString() }, 'e.at >= ? AND e.at < ?', [early, late]);
      expect(middle.length).toBeGreaterThan(0);
      await expectSameAsDatabase({ from: early.toISOString(), to: late.toISOString(), action: ['READ'] }, "e.at >= ? AND e.at < ? AND e.action = 'READ'", [early, late]);
      // An export is oldest first: a recent window is read through the time index, the same rows as the database's.
      const recent = await timeAt(0.9);
      const exported = await as('auditor', EXPORT, { limit: 100000, where: { from: recent.toISOString() } });
      const own = only(exported.events, 'EXPORT').seq; // the export's own event: what came before it is what it could see
      const csv = parseCsv(ok(exported.r).auditExport.csv).slice(1).map((cells) => Number(cells[0])).filter((seq) => seq < own);
      const expected = await sql('SELECT seq FROM audit_event WHERE at >= ? AND seq < ? ORDER BY seq', [recent, own]);
      expect(csv.length).toBeGreaterThan(0);
      expect(csv).toEqual(expected.map((r) => Number(r.seq)));
      // Unfiltered, the total is the chain's length.
      const [{ n: all }] = await sql('SELECT COUNT(*) AS n FROM audit_event');
      expect(ok((await as('auditor', EVENTS, { first: 1 })).r).auditEvents.totalCount).toBe(Number(all) + 1);

      const latest = await as('auditor', EVENTS, { first: 100 });
      const newest = nodesOf(latest.r).map((n) => n.seq);
      expect(newest).toEqual([...newest].sort((a, b) => b - a));
      expect(newest[0]).toBe(only(latest.events, 'AUDIT_VIEW').seq);
    });

    it('rejects a bad filter, page size or cursor with BAD_USER_INPUT', async () => {
      const auditor = await api.token('auditor');
      expect(codes(await api.gql(auditor, EVENTS, { first: 5, where: { entityId: c1 } }))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await api.gql(auditor, EVENTS, { first: 5, where: { action: ['PEEK'] } }))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await api.gql(auditor, EVENTS, { first: 0 }))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await api.gql(auditor, EVENTS, { first: 501 }))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await api.gql(auditor, EVENTS, { first: 5, after: 'not-a-cursor' }))).toEqual(['BAD_USER_INPUT']);
      const customerCursor = ok(await api.gql(await api.token('gm'), '{ customers(first: 1) { pageInfo { endCursor } } }')).customers.pageInfo.endCursor;
      expect(codes(await api.gql(auditor, EVENTS, { first: 5, after: customerCursor }))).toEqual(['BAD_USER_INPUT']);
    });

    it('keyset paging: pages follow each other without gaps or repeats, while new events are appended', async () => {
      const auditor = await api.token('auditor');
      const where = { action: ['LOGIN', 'LOGIN_FAILED', 'UPDATE', 'CREATE'] };
      const seen: number[] = [];
      let after: string | null = null;
      for (let page = 0; page < 200; page++) {
        const conn: any = ok(await api.gql(auditor, EVENTS, { first: 7, after, where })).auditEvents;
        seen.push(...conn.edges.map((x: any) => x.node.seq));
        if (page === 0) ok((await as(null, LOGIN, { u: 'am2', p: DEMO_PASSWORD })).r); // a new LOGIN lands on top
        expect(conn.edges.length).toBeLessThanOrEqual(7);
        if (!conn.pageInfo.hasNextPage) break;
        expect(conn.edges).toHaveLength(7);
        after = conn.pageInfo.endCursor;
      }
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual([...seen].sort((a, b) => b - a));
      const rows = await sql("SELECT seq FROM audit_event WHERE action IN ('LOGIN', 'LOGIN_FAILED', 'UPDATE', 'CREATE') AND seq <= ? ORDER BY seq DESC", [seen[0]]);
      expect(seen).toEqual(rows.map((r) => Number(r.seq)));
    });
  });

  describe('fail closed when the log cannot be written', () => {
    /** Makes every audit append fail (the table is renamed away) while `body` runs. */
    async function withAuditDown(body: () => Promise<void>): Promise<void> {
      await sql('RENAME TABLE audit_event TO audit_event_off');
      try {
        await body();
      } finally {
        await sql('RENAME TABLE audit_event_off TO audit_event');
      }
    }

    it('withholds CONFIDENTIAL and CLASSIFIED values (AUDIT_UNAVAILABLE), still returns the rest, and rolls back writes', async () => {
      const tokens = Object.fromEntries(await Promise.all(['archivist', 'gm', 'am1'].map(async (u) => [u, await api.token(u)] as const)));
      const [before] = await sql('SELECT version, phone FROM customer WHERE id = ?', [c1]);
      const code = uniqueName('OFF').toUpperCase();
      const h0 = await head();
      const results: Record<string, GqlResult> = {};
      await withAuditDown(async () => {
        results.classified = await api.gql(tokens.archivist, CUSTOMER('id code name archiveLevel bankAccount idNumber phone'), { id: c18 });
        results.confidential = await api.gql(tokens.gm, CUSTOMER('id name phone city annualRevenue taxId'), { id: c1 });
        results.update = await api.gql(tokens.am1, UPDATE_CUSTOMER, { input: { id: c1, version: before.version, phone: '021-00000000' } });
        results.create = await api.gql(tokens.am1, CREATE_CUSTOMER, { input: { code, name: '不应存在' } });
        results.login = await api.gql(null, LOGIN, { u: 'am2', p: DEMO_PASSWORD });
      });

      const classified = results.classified;
      expect(classified.data!.customer).toMatchObject({ id: c18, code: 'C000018', archiveLevel: 'CLASSIFIED', bankAccount: null, idNumber: null, phone: null });
      expect(classified.data!.customer.name).toEqual(expect.any(String));
      expect(new Set(codes(classified))).toEqual(new Set(['AUDIT_UNAVAILABLE']));
      expect(sorted(classified.errors!.map((e) => e.extensions.field))).toEqual(['Customer.bankAccount', 'Customer.idNumber', 'Customer.phone']);

      const confidential = results.confidential;
      expect(confidential.data!.customer).toMatchObject({ id: c1, annualRevenue: null, taxId: null });
      expect(confidential.data!.customer.phone).toEqual(expect.any(String));
      expect(confidential.data!.customer.city).toEqual(expect.any(String));
      expect(sorted(confidential.errors!.map((e) => e.extensions.field))).toEqual(['Customer.annualRevenue', 'Customer.taxId']);
      expect(new Set(codes(confidential))).toEqual(new Set(['AUDIT_UNAVAILABLE']));

      for (const w of [results.update, results.create, results.login]) {
        expect(codes(w)).toEqual(['AUDIT_UNAVAILABLE']);
        expect(w.data).toBeNull();
      }
      // Nothing changed: the write and its event went together.
      expect(await sql('SELECT version, phone FROM customer WHERE id = ?', [c1])).toEqual([before]);
      expect(await sql('SELECT id FROM customer WHERE code = ?', [code])).toEqual([]);
      expect(await head()).toEqual(h0);
      expect(await gapless()).toMatchObject({ count: h0.seq, max: h0.seq, distinct: h0.seq });

      // Back up: the same read is logged and answered.
      const again = await as('gm', CUSTOMER('id annualRevenue'), { id: c1 });
      expect(ok(again.r).customer.annualRevenue).not.toBeNull();
      expect(actions(again)).toEqual(['READ']);
      expect(ok(await api.gql(await api.token('auditor'), INTEGRITY)).auditIntegrity).toMatchObject({ ok: true, firstBrokenSeq: null });
    });
  });

  describe('50 concurrent sessions', () => {
    it('leave a gapless chain with every request\'s events, and auditIntegrity ok', async () => {
      const people = ['gm', 'am1', 'am2', 'supervisor1', 'finance1', 'archivist', 'am3', 'infosup'];
      const writers = new Set(['am1', 'am2', 'am3', 'supervisor1']);
      const expected: Array<{ requestId: string; actions: string[] }> = [];
      const h0 = await head();
      const internalIds = await Promise.all(['C000001', 'C000002', 'C000003', 'C000005'].map(customerId));

      const session = async (k: number): Promise<void> => {
        const user = people[k % people.length];
        const send = async (token: string | null, what: string, query: string, vars: Record<string, unknown>, acts: string[]) => {
          const r = await api.gql(token, query, vars, { 'x-request-id': newRequestId(`s${k}-${what}`), 'user-agent': UA });
          expected.push({ requestId: r.headers.get('x-request-id')!, actions: acts });
          return ok(r);
        };
        const token: string = (await send(null, 'login', LOGIN, { u: user, p: DEMO_PASSWORD }, ['LOGIN'])).login.token;
        if (writers.has(user)) {
          const created = (await send(token, 'create', CREATE_CUSTOMER,
            { input: { name: `并发客户 ${k}`, phone: `021-${String(k).padStart(8, '0')}`, annualRevenue: `${k}000.00` } }, ['CREATE'])).createCustomer;
          await send(token, 'update', UPDATE_CUSTOMER, { input: { id: created.id, version: created.version, grade: 'B', phone: `021-9${String(k).padStart(7, '0')}` } }, ['UPDATE']);
          await send(token, 'read', CUSTOMER('id name annualRevenue'), { id: created.id }, ['READ']);
        } else {
          const list = await send(token, 'list', 'query($ids: [ID!]) { customers(first: 10, where: {ids: $ids}) { edges { node { id name annualRevenue creditRating } } } }',
            { ids: internalIds }, ['READ']);
          expect(list.customers.edges).toHaveLength(internalIds.length);
          await send(token, 'read', CUSTOMER('id taxId registeredCapital'), { id: c1 }, ['READ']);
        }
        await send(token, 'logout', LOGOUT, {}, ['LOGOUT']);
      };
      await Promise.all(Array.from({ length: 50 }, (_, k) => session(k)));

      const g = await gapless();
      expect(g.min).toBe(1);
      expect(g.count).toBe(g.max);
      expect(g.distinct).toBe(g.count);
      expect(g.head).toBe(g.max);
      expect(g.max).toBeGreaterThanOrEqual(h0.seq + expected.length);
      for (const x of expected) {
        const events = await auditEventsOf(x.requestId);
        expect({ requestId: x.requestId, actions: events }).toEqual({ requestId: x.requestId, actions: x.actions });
      }
      expect(await recomputeChain()).toMatchObject({ firstBroken: null, checked: g.max });
      const integrity = ok(await api.gql(await api.token('auditor'), INTEGRITY)).auditIntegrity;
      expect(integrity).toMatchObject({ ok: true, firstBrokenSeq: null });
      expect(integrity.checked).toBe(integrity.headSeq);
    }, 120_000);

    async function auditEventsOf(requestId: string): Promise<string[]> {
      const rows = await sql('SELECT action FROM audit_event WHERE request_id = ? ORDER BY seq', [requestId]);
      return rows.map((r) => r.action);
    }
  });
});
