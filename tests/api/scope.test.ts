import { codes, startApi, TestApi } from '../support/api';
import { closeDb, customerId, department, liveCustomerIds, ok, sortIds, sql, uniqueName, userId } from '../support/fixtures';

const LIST = 'query($where: CustomerWhere) { customers(first: 500, where: $where) { totalCount edges { node { id } } } }';
const GET = 'query($id: ID!) { customer(id: $id) { id code } }';
const UPDATE = 'mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { id version owner { username } department { code } } }';
const DELETE = 'mutation($id: ID!, $version: Int!) { deleteCustomer(input: {id: $id, version: $version}) }';
const CREATE = 'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id code version } }';

/** The customers each kind of scope covers, straight from the database. */
const inScope = {
  own: async (username: string) => {
    const me = await userId(username);
    return liveCustomerIds('c.owner_id = ? OR c.second_manager_id = ?', [me, me]);
  },
  department: async (username: string, dept: string) => {
    const me = await userId(username);
    const { path } = await department(dept);
    return liveCustomerIds('c.department_id IN (SELECT d.id FROM department d WHERE d.path LIKE ?) OR c.owner_id = ? OR c.second_manager_id = ?',
      [`${path}%`, me, me]);
  },
  all: () => liveCustomerIds(),
};

async function versionOf(id: string): Promise<{ version: number; owner_id: string; department_id: string; deleted_at: Date | null }> {
  const [row] = await sql('SELECT version, owner_id, department_id, deleted_at FROM customer WHERE id = ?', [id]);
  return { version: Number(row.version), owner_id: String(row.owner_id), department_id: String(row.department_id), deleted_at: row.deleted_at };
}

describe('row scope', () => {
  let api: TestApi;
  const tokens: Record<string, string> = {};
  const token = async (u: string) => (tokens[u] ??= await api.token(u));
  const listIds = async (u: string, where?: Record<string, unknown>) => {
    const conn = ok(await api.gql(await token(u), LIST, { where })).customers;
    expect(conn.totalCount).toBe(conn.edges.length);
    return sortIds(conn.edges.map((e: { node: { id: string } }) => e.node.id));
  };

  beforeAll(async () => { api = await startApi(); });
  afterAll(async () => {
    await api.close();
    await closeDb();
  });

  describe('customers list per role', () => {
    it.each(['am1', 'am2', 'am3'])('%s (OWN) sees exactly the customers it owns or is second manager of', async (u) => {
      const expected = await inScope.own(u);
      expect(expected.length).toBeGreaterThan(0);
      expect(await listIds(u)).toEqual(expected);
    });

    it('am1 sees East customers only', async () => {
      const east = new Set(await liveCustomerIds('c.department_id = ?', [(await department('EAST')).id]));
      const seen = await listIds('am1');
      expect(seen.filter((id) => !east.has(id))).toEqual([]);
      expect(seen.length).toBeLessThan(east.size);
    });

    it('am2 also sees the customers where it is only the second manager', async () => {
      const am2 = await userId('am2');
      const secondOnly = await liveCustomerIds('c.second_manager_id = ? AND c.owner_id <> ?', [am2, am2]);
      expect(secondOnly.length).toBeGreaterThan(0);
      expect(await listIds('am2')).toEqual(expect.arrayContaining(secondOnly));
    });

    it.each([['supervisor1', 'EAST'], ['supervisor2', 'WEST']])('%s (DEPARTMENT) sees all of %s', async (u, dept) => {
      const expected = await inScope.department(u, dept);
      expect(expected).toEqual(await liveCustomerIds('c.department_id = ?', [(await department(dept)).id]));
      expect(await listIds(u)).toEqual(expected);
    });

    it.each(['gm', 'infosup', 'archivist', 'finance1'])('%s (ALL) sees every customer', async (u) => {
      expect(await listIds(u)).toEqual(await inScope.all());
    });

    it.each(['admin', 'auditor', 'secofficer', 'viewer'])('%s holds no CUSTOMER_READ: customers and customer(id) are FORBIDDEN', async (u) => {
      const list = await api.gql(await token(u), LIST);
      expect(codes(list)).toEqual(['FORBIDDEN']);
      expect(list.data).toBeNull();
      const one = await api.gql(await token(u), GET, { id: await customerId('C000001') });
      expect(codes(one)).toEqual(['FORBIDDEN']);
    });
  });

  describe('customer(id)', () => {
    it.each([
      ['am1', () => inScope.own('am1')],
      ['am3', () => inScope.own('am3')],
      ['supervisor1', () => inScope.department('supervisor1', 'EAST')],
    ] as const)('for %s: found exactly when in scope, NOT_FOUND otherwise', async (u, scope) => {
      const visible = new Set(await scope());
      for (const id of await inScope.all()) {
        const r = await api.gql(await token(u), GET, { id });
        if (visible.has(id)) expect(ok(r).customer.id).toBe(id);
        else expect(codes(r)).toEqual(['NOT_FOUND']);
      }
    });
  });

  describe('filters cannot reach outside the scope', () => {
    it('ids and ownerIdIn naming out-of-scope customers match nothing extra', async () => {
      const all = await inScope.all();
      expect(await listIds('am1', { ids: all })).toEqual(await inScope.own('am1'));
      expect(await listIds('am1', { ownerIdIn: [await userId('am3')] })).toEqual([]);
      expect(await listIds('supervisor1', { departmentIdIn: [(await department('WEST')).id] })).toEqual([]);
    });
  });

  describe('writes outside the scope', () => {
    it('am1 cannot update a West customer or one of am2\'s (NOT_FOUND, nothing changes)', async () => {
      const am1Visible = new Set(await inScope.own('am1'));
      const am2 = await userId('am2');
      const [ofAm2] = (await liveCustomerIds('c.owner_id = ?', [am2])).filter((id) => !am1Visible.has(id));
      for (const id of [await customerId('C000040'), ofAm2]) {
        const before = await versionOf(id);
        const r = await api.gql(await token('am1'), UPDATE, { input: { id, version: before.version, name: '越权修改' } });
        expect(codes(r)).toEqual(['NOT_FOUND']);
        expect(await versionOf(id)).toEqual(before);
      }
    });

    it('supervisor2 cannot update an East customer (NOT_FOUND)', async () => {
      const id = await customerId('C000002');
      const before = await versionOf(id);
      expect(codes(await api.gql(await token('supervisor2'), UPDATE, { input: { id, version: before.version, name: '越权' } }))).toEqual(['NOT_FOUND']);
      expect(await versionOf(id)).toEqual(before);
    });

    it('supervisor1 cannot delete a West customer (NOT_FOUND, still there)', async () => {
      const id = await customerId('C000041');
      const before = await versionOf(id);
      expect(codes(await api.gql(await token('supervisor1'), DELETE, { id, version: before.version }))).toEqual(['NOT_FOUND']);
      expect(await versionOf(id)).toEqual(before);
      expect(before.deleted_at).toBeNull();
    });

    it('am1 cannot hand its customer to am3: FORBIDDEN and the customer stays as it was', async () => {
      const c = ok(await api.gql(await token('am1'), CREATE, { input: { name: '移交测试公司' } })).createCustomer;
      const before = await versionOf(c.id);
      const r = await api.gql(await token('am1'), UPDATE, { input: { id: c.id, version: c.version, ownerId: await userId('am3') } });
      expect(codes(r)).toEqual(['FORBIDDEN']);
      expect(await versionOf(c.id)).toEqual(before);
      expect(before.owner_id).toBe(await userId('am1'));
    });

    it('am1 cannot create a customer owned by am3: FORBIDDEN and nothing is stored', async () => {
      const code = uniqueName('XFER').toUpperCase();
      const r = await api.gql(await token('am1'), CREATE, { input: { code, name: '代建测试', ownerId: await userId('am3') } });
      expect(codes(r)).toEqual(['FORBIDDEN']);
      expect(await sql('SELECT id FROM customer WHERE code = ?', [code])).toEqual([]);
    });

    it('supervisor1 may move a customer within East but not to West', async () => {
      const c = ok(await api.gql(await token('supervisor1'), CREATE, { input: { name: '部门内移交' } })).createCustomer;
      const moved = ok(await api.gql(await token('supervisor1'), UPDATE, { input: { id: c.id, version: c.version, ownerId: await userId('am2') } })).updateCustomer;
      expect(moved).toMatchObject({ owner: { username: 'am2' }, department: { code: 'EAST' } });
      const before = await versionOf(c.id);
      expect(codes(await api.gql(await token('supervisor1'), UPDATE, { input: { id: c.id, version: moved.version, ownerId: await userId('am3') } })))
        .toEqual(['FORBIDDEN']);
      expect(await versionOf(c.id)).toEqual(before);
    });
  });

  describe('nested lists', () => {
    const NESTED = `{ customers(first: 500) { edges { node { id
      contacts(first: 50) { edges { node { id } } }
      activities(first: 50) { edges { node { id } } }
      salesOrders(first: 50) { edges { node { id } } }
    } } } }`;
    const CHILDREN: Record<string, string> = { contacts: 'contact', activities: 'activity', salesOrders: 'sales_order' };

    it.each(['am1', 'supervisor2'])('as %s, hold only children of customers in scope, each under its own customer, complete', async (u) => {
      const r = await api.gql(await token(u), NESTED);
      // Fields closed by classification come back null with FIELD_CLASSIFIED; nothing else may fail.
      expect(codes(r).filter((c) => c !== 'FIELD_CLASSIFIED')).toEqual([]);
      const visible = new Set(u === 'am1' ? await inScope.own(u) : await inScope.department(u, 'WEST'));
      let opened = 0;
      for (const { node } of r.data!.customers.edges) {
        expect(visible.has(node.id)).toBe(true);
        for (const [field, table] of Object.entries(CHILDREN)) {
          if (node[field] === null) continue;
          opened += 1;
          const rows = await sql<{ id: string }>(`SELECT id FROM ${table} WHERE customer_id = ? AND deleted_at IS NULL`, [node.id]);
          expect(sortIds(node[field].edges.map((e: { node: { id: string } }) => e.node.id))).toEqual(sortIds(rows.map((x) => String(x.id))));
        }
      }
      expect(opened).toBeGreaterThan(0);
    });

    it('an out-of-scope customer\'s children cannot be reached through customer(id)', async () => {
      const r = await api.gql(await token('am1'), `query($id: ID!) { customer(id: $id) { id contacts(first: 5) { edges { node { id } } } } }`,
        { id: await customerId('C000050') });
      expect(codes(r)).toEqual(['NOT_FOUND']);
      expect(r.data).toBeNull();
    });
  });
});
