import { codes, startApi, TestApi } from '../support/api';
import { closeDb, ok, onlyError, sortIds, sql, uniqueName, userId } from '../support/fixtures';

const FIELDS = 'id customerId name title mobile email officePhone isPrimary version customer { id name }';
const CREATE = `mutation($input: CreateContactInput!) { createContact(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($input: UpdateContactInput!) { updateContact(input: $input) { ${FIELDS} } }`;
const DELETE = 'mutation($id: ID!, $version: Int!) { deleteContact(input: {id: $id, version: $version}) }';
const GET = `query($id: ID!) { contact(id: $id) { ${FIELDS} } }`;
const LIST_IDS = `query($first: Int, $after: String, $where: ContactWhere, $orderBy: ContactOrder) {
  contacts(first: $first, after: $after, where: $where, orderBy: $orderBy) {
    totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor }
  }
}`;
const CREATE_CUSTOMER = 'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id version } }';

/** A valid create input (customerId added per test); tests spread variants over it. */
const NEW_CONTACT = { name: '张伟', title: '采购经理', mobile: '13800138000', email: 'zhang.wei@example.cn', officePhone: '021-55501234' };

interface Conn { totalCount: number; edges: Array<{ cursor: string; node: { id: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } }

describe('contacts', () => {
  let api: TestApi;
  let am1: string;
  let am3: string;
  let gm: string;
  let supervisor1: string;
  /** Customers created for this suite: one of am1's, one of am3's (West, outside am1's scope). */
  let mine: string;
  let theirs: string;

  const newCustomer = async (token: string): Promise<{ id: string; version: number }> =>
    ok(await api.gql(token, CREATE_CUSTOMER, { input: { name: uniqueName('联系人测试客户') } })).createCustomer;
  const create = async (input: Record<string, unknown>, token = am1) =>
    ok(await api.gql(token, CREATE, { input: { ...NEW_CONTACT, customerId: mine, ...input } })).createContact;

  /** Follows endCursor to the end; returns every id in the order received. */
  async function walk(token: string, first: number, vars: Record<string, unknown> = {}): Promise<{ ids: string[]; totalCount: number }> {
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const conn: Conn = ok(await api.gql(token, LIST_IDS, { first, after, ...vars })).contacts;
      ids.push(...conn.edges.map((e) => e.node.id));
      if (!conn.pageInfo.hasNextPage) return { ids, totalCount: conn.totalCount };
      expect(conn.edges).toHaveLength(first);
      after = conn.pageInfo.endCursor;
    }
  }

  beforeAll(async () => {
    api = await startApi();
    [am1, am3, gm, supervisor1] = await Promise.all(['am1', 'am3', 'gm', 'supervisor1'].map((u) => api.token(u)));
    mine = (await newCustomer(am1)).id;
    theirs = (await newCustomer(am3)).id;
  });
  afterAll(async () => {
    await api.close();
    await closeDb();
  });

  describe('createContact', () => {
    it('adds a contact to a customer in scope, at version 1, with its customer', async () => {
      const c = await create({});
      expect(c).toMatchObject({ ...NEW_CONTACT, customerId: mine, isPrimary: false, version: 1, customer: { id: mine } });
      const [row] = await sql('SELECT name, mobile, customer_id FROM contact WHERE id = ?', [c.id]);
      expect(row).toMatchObject({ name: NEW_CONTACT.name, mobile: NEW_CONTACT.mobile, customer_id: mine });
    });

    it('refuses a customer outside the caller\'s scope with NOT_FOUND and stores nothing', async () => {
      const r = await api.gql(am1, CREATE, { input: { ...NEW_CONTACT, customerId: theirs } });
      expect(codes(r)).toEqual(['NOT_FOUND']);
      expect(await sql('SELECT id FROM contact WHERE customer_id = ?', [theirs])).toHaveLength(0);
    });

    it.each([
      ['email', { email: 'not-an-email' }],
      ['mobile', { mobile: 'call me' }],
      ['name', { name: '' }],
      ['decisionInfluence', { decisionInfluence: 'HUGE' }],
      ['title', { title: 'x'.repeat(65) }],
    ])('refuses an invalid %s with BAD_USER_INPUT naming the field', async (field, variant) => {
      const r = await api.gql(am1, CREATE, { input: { ...NEW_CONTACT, customerId: mine, ...variant } });
      expect(onlyError(r).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    });

    it('lets a sales supervisor add contacts to customers of their department subtree, not to others', async () => {
      const c = await create({}, supervisor1);
      expect(c.customerId).toBe(mine);
      expect(codes(await api.gql(supervisor1, CREATE, { input: { ...NEW_CONTACT, customerId: theirs } }))).toEqual(['NOT_FOUND']);
    });

    it('refuses callers without RECORD_WRITE with FORBIDDEN', async () => {
      const r = await api.gql(gm, CREATE, { input: { ...NEW_CONTACT, customerId: mine } });
      expect(codes(r)).toEqual(['FORBIDDEN']);
    });
  });

  describe('primary contact', () => {
    it('making a contact primary clears the flag on the customer\'s other contacts, and only theirs', async () => {
      const customer = (await newCustomer(am1)).id;
      const first = await create({ customerId: customer, isPrimary: true });
      const other = await create({ isPrimary: true });
      const second = await create({ customerId: customer, isPrimary: true });
      const primaries = ok(await api.gql(am1, LIST_IDS, { first: 50, where: { customerId: customer, isPrimary: true } })).contacts;
      expect(primaries.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([second.id]);
      const before = ok(await api.gql(am1, GET, { id: first.id })).contact;
      expect(before).toMatchObject({ isPrimary: false, version: 2 });
      expect(ok(await api.gql(am1, GET, { id: other.id })).contact.isPrimary).toBe(true);

      const switched = ok(await api.gql(am1, UPDATE, { input: { id: first.id, version: before.version, isPrimary: true } })).updateContact;
      expect(switched).toMatchObject({ isPrimary: true, version: 3 });
      expect(ok(await api.gql(am1, GET, { id: second.id })).contact.isPrimary).toBe(false);
    });
  });

  describe('contact', () => {
    it('returns a contact in scope', async () => {
      const c = await create({});
      expect(ok(await api.gql(am1, GET, { id: c.id })).contact).toMatchObject({ id: c.id, name: NEW_CONTACT.name });
    });

    it('is NOT_FOUND for a contact of a customer outside the caller\'s scope', async () => {
      const c = await create({ customerId: theirs }, am3);
      expect(codes(await api.gql(am1, GET, { id: c.id }))).toEqual(['NOT_FOUND']);
      expect(ok(await api.gql(gm, GET, { id: c.id })).contact.id).toBe(c.id);
    });

    it('is NOT_FOUND for an unknown id', async () => {
      expect(codes(await api.gql(am1, GET, { id: '987654321' }))).toEqual(['NOT_FOUND']);
    });

    it('hides the contacts of a soft-deleted customer', async () => {
      const customer = await newCustomer(am1);
      const c = await create({ customerId: customer.id });
      ok(await api.gql(supervisor1, 'mutation($id: ID!, $v: Int!) { deleteCustomer(input: {id: $id, version: $v}) }', { id: customer.id, v: customer.version }));
      expect(codes(await api.gql(am1, GET, { id: c.id }))).toEqual(['NOT_FOUND']);
      expect(ok(await api.gql(am1, LIST_IDS, { first: 10, where: { customerId: customer.id } })).contacts.totalCount).toBe(0);
      const r = await api.gql(am1, UPDATE, { input: { id: c.id, version: 1, name: '改名' } });
      expect(codes(r)).toEqual(['NOT_FOUND']);
    });
  });

  describe('updateContact', () => {
    it('changes the given fields only and bumps the version', async () => {
      const c = await create({});
      const u = ok(await api.gql(am1, UPDATE, { input: { id: c.id, version: c.version, title: '总监' } })).updateContact;
      expect(u).toMatchObject({ id: c.id, title: '总监', name: NEW_CONTACT.name, mobile: NEW_CONTACT.mobile, version: 2 });
    });

    it('clears a nullable field given as null', async () => {
      const c = await create({});
      const u = ok(await api.gql(am1, UPDATE, { input: { id: c.id, version: c.version, email: null } })).updateContact;
      expect(u.email).toBeNull();
    });

    it('refuses null for a required field with BAD_USER_INPUT naming it', async () => {
      const c = await create({});
      const r = await api.gql(am1, UPDATE, { input: { id: c.id, version: c.version, name: null } });
      expect(onlyError(r).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    });

    it('refuses a stale version with CONFLICT and keeps the row', async () => {
      const c = await create({});
      ok(await api.gql(am1, UPDATE, { input: { id: c.id, version: c.version, title: '第一次' } }));
      const r = await api.gql(am1, UPDATE, { input: { id: c.id, version: c.version, title: '第二次' } });
      expect(codes(r)).toEqual(['CONFLICT']);
      expect(ok(await api.gql(am1, GET, { id: c.id })).contact).toMatchObject({ title: '第一次', version: 2 });
    });

    it('is NOT_FOUND for a contact outside the caller\'s scope, which stays unchanged', async () => {
      const c = await create({ customerId: theirs }, am3);
      const r = await api.gql(am1, UPDATE, { input: { id: c.id, version: c.version, title: '越权' } });
      expect(codes(r)).toEqual(['NOT_FOUND']);
      const [row] = await sql('SELECT title, version FROM contact WHERE id = ?', [c.id]);
      expect(row).toMatchObject({ title: NEW_CONTACT.title, version: 1 });
    });
  });

  describe('deleteContact', () => {
    it('soft-deletes a contact: gone from reads, row kept', async () => {
      const c = await create({});
      expect(ok(await api.gql(am1, DELETE, { id: c.id, version: c.version })).deleteContact).toBe(c.id);
      expect(codes(await api.gql(am1, GET, { id: c.id }))).toEqual(['NOT_FOUND']);
      const [row] = await sql('SELECT deleted_at FROM contact WHERE id = ?', [c.id]);
      expect(row.deleted_at).not.toBeNull();
    });

    it('refuses a stale version with CONFLICT', async () => {
      const c = await create({});
      ok(await api.gql(am1, UPDATE, { input: { id: c.id, version: c.version, title: '新' } }));
      expect(codes(await api.gql(am1, DELETE, { id: c.id, version: c.version }))).toEqual(['CONFLICT']);
    });

    it('is NOT_FOUND for a contact outside the caller\'s scope', async () => {
      const c = await create({ customerId: theirs }, am3);
      expect(codes(await api.gql(am1, DELETE, { id: c.id, version: c.version }))).toEqual(['NOT_FOUND']);
      const [row] = await sql('SELECT deleted_at FROM contact WHERE id = ?', [c.id]);
      expect(row.deleted_at).toBeNull();
    });
  });

  describe('contacts', () => {
    /** Contacts am1 may see: of live customers am1 owns or is second manager of. */
    const am1Contacts = async (): Promise<string[]> => {
      const me = await userId('am1');
      const rows = await sql(`SELECT t.id FROM contact t JOIN customer c ON c.id = t.customer_id
        WHERE t.deleted_at IS NULL AND c.deleted_at IS NULL AND (c.owner_id = ? OR c.second_manager_id = ?)`, [me, me]);
      return sortIds(rows.map((r) => String(r.id)));
    };

    it('pages through every contact in scope exactly once, by id', async () => {
      const expected = await am1Contacts();
      expect(expected.length).toBeGreaterThan(20);
      const { ids, totalCount } = await walk(am1, 7);
      expect(ids).toEqual(expected);
      expect(totalCount).toBe(expected.length);
    });

    it.each([['NAME', 'ASC'], ['NAME', 'DESC'], ['UPDATED_AT', 'DESC'], ['ID', 'DESC']])(
      'pages through every contact exactly once ordered by %s %s', async (field, direction) => {
        const expected = await am1Contacts();
        const { ids } = await walk(am1, 6, { orderBy: { field, direction } });
        expect(new Set(ids).size).toBe(ids.length);
        expect(sortIds(ids)).toEqual(expected);
      });

    it('orders by name', async () => {
      const { ids } = await walk(am1, 500, { orderBy: { field: 'NAME', direction: 'ASC' } });
      // Names am1 may not read (CLASSIFIED archives it does not keep) sort as NULL, i.e. first when ascending.
      const rows = await sql(`SELECT t.id FROM contact t JOIN customer c ON c.id = t.customer_id WHERE t.id IN (${ids.map(() => '?').join(',')})
        ORDER BY CASE WHEN c.archive_level = 'CLASSIFIED' THEN NULL ELSE t.name END, t.id`, ids);
      expect(ids).toEqual(rows.map((r) => String(r.id)));
    });

    it('never lists contacts of customers outside the caller\'s scope', async () => {
      const c = await create({ customerId: theirs, name: uniqueName('西部') }, am3);
      const { ids } = await walk(am1, 500);
      expect(ids).not.toContain(c.id);
      expect(ok(await api.gql(am1, LIST_IDS, { first: 10, where: { customerId: theirs } })).contacts.totalCount).toBe(0);
      expect(ok(await api.gql(am3, LIST_IDS, { first: 10, where: { ids: [c.id] } })).contacts.totalCount).toBe(1);
    });

    it('searches name, mobile, office phone and email by partial match', async () => {
      const customer = (await newCustomer(am1)).id;
      const tag = uniqueName('q').toLowerCase();
      const byName = await create({ customerId: customer, name: `${tag}名` });
      const byMobile = await create({ customerId: customer, mobile: '13912345678' });
      const byEmail = await create({ customerId: customer, email: `${tag}@example.cn` });
      const byOffice = await create({ customerId: customer, officePhone: '010-87654321' });
      const search = async (text: string) => sortIds(ok(await api.gql(am1, LIST_IDS, { first: 50, where: { customerId: customer, search: text } }))
        .contacts.edges.map((e: { node: { id: string } }) => e.node.id));
      expect(await search(tag)).toEqual(sortIds([byName.id, byEmail.id]));
      expect(await search('9123456')).toEqual([byMobile.id]);
      expect(await search('87654')).toEqual([byOffice.id]);
      expect(await search('%')).toEqual([]);
    });

    it('filters by customer, name and decision influence', async () => {
      const customer = (await newCustomer(am1)).id;
      const high = await create({ customerId: customer, decisionInfluence: 'HIGH', name: '李高' });
      await create({ customerId: customer, decisionInfluence: 'LOW', name: '王低' });
      const list = async (where: Record<string, unknown>) => ok(await api.gql(am1, LIST_IDS, { first: 50, where: { customerId: customer, ...where } }))
        .contacts.edges.map((e: { node: { id: string } }) => e.node.id);
      expect(await list({})).toHaveLength(2);
      expect(await list({ decisionInfluenceIn: ['HIGH'] })).toEqual([high.id]);
      expect(await list({ nameContains: '高' })).toEqual([high.id]);
      expect(await list({ customerIdIn: [customer, theirs], decisionInfluenceIn: ['HIGH', 'MEDIUM'] })).toEqual([high.id]);
    });

    it('refuses a cursor of another ordering with BAD_USER_INPUT', async () => {
      const page = ok(await api.gql(am1, LIST_IDS, { first: 2, orderBy: { field: 'NAME', direction: 'ASC' } })).contacts;
      const r = await api.gql(am1, LIST_IDS, { first: 2, after: page.pageInfo.endCursor });
      expect(onlyError(r).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    });
  });

  describe('nested lists', () => {
    const NESTED = `query($first: Int) { customers(first: $first) { edges { node { id
      contacts(first: 5) { totalCount edges { node { id customer { id } } } }
      activities(first: 5) { edges { node { id contact { id } owner { username } customer { id } } } }
    } } } }`;

    it('a page of 50 customers with contacts and activities costs the same number of SQL statements as a page of 10', async () => {
      const small = await api.gql(gm, NESTED, { first: 10 });
      const large = await api.gql(gm, NESTED, { first: 50 });
      expect(large.data!.customers.edges).toHaveLength(50);
      expect(large.data!.customers.edges.some((e: { node: { contacts: { edges: unknown[] } } }) => e.node.contacts.edges.length > 0)).toBe(true);
      const statements = Number(large.headers.get('x-sql-statements'));
      expect(statements).toBeGreaterThan(0);
      expect(statements).toBe(Number(small.headers.get('x-sql-statements')));
      expect(statements).toBeLessThanOrEqual(20);
    });
  });
});
