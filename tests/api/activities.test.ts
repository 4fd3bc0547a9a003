import { codes, startApi, TestApi } from '../support/api';
import { closeDb, ok, onlyError, sortIds, sql, uniqueName, userId } from '../support/fixtures';

const FIELDS = 'id customerId contactId type method subject outcome occurredAt nextFollowUpAt version customer { id } contact { id name } owner { username }';
const CREATE = `mutation($input: CreateActivityInput!) { createActivity(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($input: UpdateActivityInput!) { updateActivity(input: $input) { ${FIELDS} } }`;
const DELETE = 'mutation($id: ID!, $version: Int!) { deleteActivity(input: {id: $id, version: $version}) }';
const GET = `query($id: ID!) { activity(id: $id) { ${FIELDS} } }`;
const LIST_IDS = `query($first: Int, $after: String, $where: ActivityWhere, $orderBy: ActivityOrder) {
  activities(first: $first, after: $after, where: $where, orderBy: $orderBy) {
    totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor }
  }
}`;
const CREATE_CUSTOMER = 'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id version } }';
const CREATE_CONTACT = 'mutation($input: CreateContactInput!) { createContact(input: $input) { id } }';

/** A valid create input (customerId added per test); tests spread variants over it. */
const NEW_ACTIVITY = { type: 'VISIT', method: '面谈', subject: '季度回访', outcome: '客户有意向', occurredAt: '2026-03-02T08:30:00.000Z' };

interface Conn { totalCount: number; edges: Array<{ node: { id: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } }

describe('activities', () => {
  let api: TestApi;
  let am1: string;
  let am3: string;
  let gm: string;
  let mine: string;
  let theirs: string;
  let myContact: string;
  let theirContact: string;

  const newCustomer = async (token: string): Promise<string> =>
    ok(await api.gql(token, CREATE_CUSTOMER, { input: { name: uniqueName('活动测试客户') } })).createCustomer.id;
  const newContact = async (token: string, customerId: string): Promise<string> =>
    ok(await api.gql(token, CREATE_CONTACT, { input: { customerId, name: '联系人' } })).createContact.id;
  const create = async (input: Record<string, unknown>, token = am1) =>
    ok(await api.gql(token, CREATE, { input: { ...NEW_ACTIVITY, customerId: mine, ...input } })).createActivity;
  const ids = (conn: Conn): string[] => conn.edges.map((e) => e.node.id);
  const list = async (where: Record<string, unknown>, token = am1): Promise<string[]> =>
    ids(ok(await api.gql(token, LIST_IDS, { first: 500, where })).activities);

  async function walk(token: string, first: number, vars: Record<string, unknown> = {}): Promise<string[]> {
    const all: string[] = [];
    let after: string | null = null;
    for (;;) {
      const conn: Conn = ok(await api.gql(token, LIST_IDS, { first, after, ...vars })).activities;
      all.push(...ids(conn));
      if (!conn.pageInfo.hasNextPage) return all;
      expect(conn.edges).toHaveLength(first);
      after = conn.pageInfo.endCursor;
    }
  }

  beforeAll(async () => {
    api = await startApi();
    [am1, am3, gm] = await Promise.all(['am1', 'am3', 'gm'].map((u) => api.token(u)));
    mine = await newCustomer(am1);
    theirs = await newCustomer(am3);
    myContact = await newContact(am1, mine);
    theirContact = await newContact(am3, theirs);
  });
  afterAll(async () => {
    await api.close();
    await closeDb();
  });

  describe('createActivity', () => {
    it('records an activity owned by the caller, with its customer and contact', async () => {
      const a = await create({ contactId: myContact });
      expect(a).toMatchObject({
        ...NEW_ACTIVITY, customerId: mine, contactId: myContact, version: 1, nextFollowUpAt: null,
        customer: { id: mine }, contact: { id: myContact }, owner: { username: 'am1' },
      });
      const [row] = await sql('SELECT owner_id, customer_id FROM activity WHERE id = ?', [a.id]);
      expect(String(row.owner_id)).toBe(await userId('am1'));
    });

    it('takes a given owner', async () => {
      const a = await create({ ownerId: await userId('am2') });
      expect(a.owner).toEqual({ username: 'am2' });
    });

    it('refuses a contact of another customer with BAD_USER_INPUT naming contactId', async () => {
      const other = await newContact(am1, await newCustomer(am1));
      for (const contactId of [other, theirContact, '987654321']) {
        const r = await api.gql(am1, CREATE, { input: { ...NEW_ACTIVITY, customerId: mine, contactId } });
        expect(onlyError(r).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contactId' });
      }
    });

    it('refuses an unknown owner with BAD_USER_INPUT naming ownerId', async () => {
      const r = await api.gql(am1, CREATE, { input: { ...NEW_ACTIVITY, customerId: mine, ownerId: '987654321' } });
      expect(onlyError(r).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ownerId' });
    });

    it.each([
      ['subject', { subject: '' }],
      ['subject', { subject: 'x'.repeat(201) }],
      ['method', { method: 'x'.repeat(65) }],
      ['type', { type: 'TELEPATHY' }],
      ['occurredAt', { occurredAt: 'yesterday' }],
    ])('refuses an invalid %s with BAD_USER_INPUT naming the field', async (field, variant) => {
      const r = await api.gql(am1, CREATE, { input: { ...NEW_ACTIVITY, customerId: mine, ...variant } });
      expect(onlyError(r).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    });

    it('refuses a customer outside the caller\'s scope with NOT_FOUND', async () => {
      expect(codes(await api.gql(am1, CREATE, { input: { ...NEW_ACTIVITY, customerId: theirs } }))).toEqual(['NOT_FOUND']);
      expect(await sql('SELECT id FROM activity WHERE customer_id = ?', [theirs])).toHaveLength(0);
    });

    it('refuses callers without RECORD_WRITE with FORBIDDEN', async () => {
      expect(codes(await api.gql(gm, CREATE, { input: { ...NEW_ACTIVITY, customerId: mine } }))).toEqual(['FORBIDDEN']);
    });
  });

  describe('activity', () => {
    it('is NOT_FOUND outside the caller\'s scope and for unknown ids', async () => {
      const a = await create({ customerId: theirs }, am3);
      expect(codes(await api.gql(am1, GET, { id: a.id }))).toEqual(['NOT_FOUND']);
      expect(codes(await api.gql(am1, GET, { id: '987654321' }))).toEqual(['NOT_FOUND']);
      expect(ok(await api.gql(am3, GET, { id: a.id })).activity.id).toBe(a.id);
    });
  });

  describe('updateActivity', () => {
    it('changes the given fields, bumps the version, and can clear the contact', async () => {
      const a = await create({ contactId: myContact });
      const u = ok(await api.gql(am1, UPDATE, {
        input: { id: a.id, version: 1, outcome: '已达成一致', nextFollowUpAt: '2026-04-01T00:00:00.000Z', contactId: null },
      })).updateActivity;
      expect(u).toMatchObject({ outcome: '已达成一致', nextFollowUpAt: '2026-04-01T00:00:00.000Z', contactId: null, contact: null, subject: NEW_ACTIVITY.subject, version: 2 });
    });

    it('refuses a contact of another customer with BAD_USER_INPUT naming contactId', async () => {
      const a = await create({});
      const r = await api.gql(am1, UPDATE, { input: { id: a.id, version: 1, contactId: theirContact } });
      expect(onlyError(r).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contactId' });
    });

    it('refuses null for a required field with BAD_USER_INPUT naming it', async () => {
      const a = await create({});
      const r = await api.gql(am1, UPDATE, { input: { id: a.id, version: 1, occurredAt: null } });
      expect(onlyError(r).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'occurredAt' });
    });

    it('refuses a stale version with CONFLICT', async () => {
      const a = await create({});
      ok(await api.gql(am1, UPDATE, { input: { id: a.id, version: 1, subject: '第一次' } }));
      expect(codes(await api.gql(am1, UPDATE, { input: { id: a.id, version: 1, subject: '第二次' } }))).toEqual(['CONFLICT']);
      expect(ok(await api.gql(am1, GET, { id: a.id })).activity).toMatchObject({ subject: '第一次', version: 2 });
    });

    it('is NOT_FOUND outside the caller\'s scope and leaves the row alone', async () => {
      const a = await create({ customerId: theirs }, am3);
      expect(codes(await api.gql(am1, UPDATE, { input: { id: a.id, version: 1, subject: '越权' } }))).toEqual(['NOT_FOUND']);
      const [row] = await sql('SELECT subject, version FROM activity WHERE id = ?', [a.id]);
      expect(row).toMatchObject({ subject: NEW_ACTIVITY.subject, version: 1 });
    });
  });

  describe('deleteActivity', () => {
    it('soft-deletes an activity', async () => {
      const a = await create({});
      expect(ok(await api.gql(am1, DELETE, { id: a.id, version: 1 })).deleteActivity).toBe(a.id);
      expect(codes(await api.gql(am1, GET, { id: a.id }))).toEqual(['NOT_FOUND']);
      expect(await list({ ids: [a.id] })).toEqual([]);
    });

    it('refuses a stale version with CONFLICT', async () => {
      const a = await create({});
      ok(await api.gql(am1, UPDATE, { input: { id: a.id, version: 1, subject: '新' } }));
      expect(codes(await api.gql(am1, DELETE, { id: a.id, version: 1 }))).toEqual(['CONFLICT']);
    });

    it('is NOT_FOUND outside the caller\'s scope', async () => {
      const a = await create({ customerId: theirs }, am3);
      expect(codes(await api.gql(am1, DELETE, { id: a.id, version: 1 }))).toEqual(['NOT_FOUND']);
    });
  });

  describe('activities', () => {
    const am1Activities = async (): Promise<string[]> => {
      const me = await userId('am1');
      const rows = await sql(`SELECT t.id FROM activity t JOIN customer c ON c.id = t.customer_id
        WHERE t.deleted_at IS NULL AND c.deleted_at IS NULL AND (c.owner_id = ? OR c.second_manager_id = ?)`, [me, me]);
      return sortIds(rows.map((r) => String(r.id)));
    };

    it('pages through every activity in scope exactly once, by id', async () => {
      const expected = await am1Activities();
      expect(expected.length).toBeGreaterThan(30);
      const got = await walk(am1, 9);
      expect(got).toEqual(expected);
      expect(ok(await api.gql(am1, LIST_IDS, { first: 1 })).activities.totalCount).toBe(expected.length);
    });

    it.each([['OCCURRED_AT', 'DESC'], ['OCCURRED_AT', 'ASC'], ['NEXT_FOLLOW_UP_AT', 'ASC'], ['NEXT_FOLLOW_UP_AT', 'DESC']])(
      'pages through every activity exactly once ordered by %s %s', async (field, direction) => {
        const expected = await am1Activities();
        const got = await walk(am1, 8, { orderBy: { field, direction } });
        expect(new Set(got).size).toBe(got.length);
        expect(sortIds(got)).toEqual(expected);
      });

    it('orders by occurrence time, newest first', async () => {
      const got = await walk(am1, 500, { orderBy: { field: 'OCCURRED_AT', direction: 'DESC' } });
      // Values am1 may not read (CLASSIFIED archives it does not keep) sort as NULL, i.e. last when descending.
      const rows = await sql(`SELECT a.id FROM activity a JOIN customer c ON c.id = a.customer_id WHERE a.id IN (${got.map(() => '?').join(',')})
        ORDER BY CASE WHEN c.archive_level = 'CLASSIFIED' THEN NULL ELSE a.occurred_at END DESC, a.id DESC`, got);
      expect(got).toEqual(rows.map((r) => String(r.id)));
    });

    it('filters by customer, type, owner, contact and time ranges', async () => {
      const customer = await newCustomer(am1);
      const contact = await newContact(am1, customer);
      const am2 = await userId('am2');
      const call = await create({ customerId: customer, type: 'CALL', occurredAt: '2025-01-10T00:00:00.000Z', nextFollowUpAt: '2025-02-01T00:00:00.000Z' });
      const visit = await create({ customerId: customer, type: 'VISIT', occurredAt: '2025-01-20T00:00:00.000Z', contactId: contact, ownerId: am2 });
      const mail = await create({ customerId: customer, type: 'EMAIL', occurredAt: '2025-02-05T00:00:00.000Z', nextFollowUpAt: '2025-03-01T00:00:00.000Z' });
      const w = (extra: Record<string, unknown>) => ({ customerId: customer, ...extra });
      expect(sortIds(await list(w({})))).toEqual(sortIds([call.id, visit.id, mail.id]));
      expect(await list(w({ typeIn: ['CALL', 'MEETING'] }))).toEqual([call.id]);
      expect(await list(w({ ownerIdIn: [am2] }))).toEqual([visit.id]);
      expect(await list(w({ contactId: contact }))).toEqual([visit.id]);
      expect(sortIds(await list(w({ occurredAt: { from: '2025-01-10T00:00:00.000Z', to: '2025-02-05T00:00:00.000Z' } })))).toEqual(sortIds([call.id, visit.id]));
      expect(await list(w({ nextFollowUpAt: { from: '2025-02-15T00:00:00.000Z' } }))).toEqual([mail.id]);
      expect(await list(w({ search: '季度' }))).toHaveLength(3);
      expect(await list({ customerIdIn: [customer, theirs], typeIn: ['EMAIL'] })).toEqual([mail.id]);
    });

    it('never lists activities of customers outside the caller\'s scope', async () => {
      const a = await create({ customerId: theirs }, am3);
      expect(await walk(am1, 500)).not.toContain(a.id);
      expect(await list({ customerId: theirs })).toEqual([]);
    });
  });

  describe('field resolvers', () => {
    const ALL = `query($first: Int) { activities(first: $first, orderBy: {field: OCCURRED_AT, direction: DESC}) {
      edges { node { id customer { id } contact { id } owner { username } } } } }`;

    it('resolve customer, contact and owner of a page with the same number of SQL statements for 5 or 60 rows', async () => {
      const small = await api.gql(gm, ALL, { first: 5 });
      const large = await api.gql(gm, ALL, { first: 60 });
      expect(large.data!.activities.edges).toHaveLength(60);
      expect(Number(large.headers.get('x-sql-statements'))).toBe(Number(small.headers.get('x-sql-statements')));
    });
  });
});
