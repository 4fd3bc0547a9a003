import { codes, startApi, TestApi } from '../support/api';
import {
  closeDb, customerId, department, insertCustomer, liveCustomerIds, ok, onlyError, sortIds, sql, uniqueName, userId,
} from '../support/fixtures';

const FIELDS = 'id code name kind status grade phone annualRevenue headcount version createdAt owner { username } department { code }';

const CREATE = `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { ${FIELDS} } }`;
const DELETE = 'mutation($id: ID!, $version: Int!) { deleteCustomer(input: {id: $id, version: $version}) }';
const GET = `query($id: ID!) { customer(id: $id) { ${FIELDS} } }`;
const LIST = `query($where: CustomerWhere, $orderBy: CustomerOrder, $first: Int) {
  customers(first: $first, where: $where, orderBy: $orderBy) { totalCount edges { node { id code name status grade annualRevenue } } }
}`;
/** Identity fields only: readable on every archive in scope, whatever its level. */
const LIST_IDS = `query($where: CustomerWhere, $orderBy: CustomerOrder, $first: Int) {
  customers(first: $first, where: $where, orderBy: $orderBy) { edges { node { id code name } } }
}`;

interface Edge { node: { id: string; grade: string | null; annualRevenue: string | null } }

/** A valid create input; tests spread variants over it. */
const NEW_CUSTOMER = {
  name: '测试星河科技有限公司',
  kind: 'ORGANIZATION',
  status: 'INTERESTED',
  grade: 'B',
  phone: '021-55501234',
  annualRevenue: '1234567.89',
  headcount: 120,
};

describe('customers', () => {
  let api: TestApi;
  let am1: string;
  let gm: string;
  let supervisor1: string;
  /** Reads every field of every archive (CLASSIFIED clearance, custodian of the classified ones): filters see all rows. */
  let archivist: string;

  beforeAll(async () => {
    api = await startApi();
    [am1, gm, supervisor1, archivist] = await Promise.all(['am1', 'gm', 'supervisor1', 'archivist'].map((u) => api.token(u)));
  });
  afterAll(async () => {
    await api.close();
    await closeDb();
  });

  const create = async (input: Record<string, unknown>) => ok(await api.gql(am1, CREATE, { input: { ...NEW_CUSTOMER, ...input } })).createCustomer;
  const list = async (token: string, vars: Record<string, unknown>) => ok(await api.gql(token, LIST, { first: 500, ...vars })).customers;
  const listIds = async (token: string, vars: Record<string, unknown>): Promise<string[]> =>
    ok(await api.gql(token, LIST_IDS, { first: 500, ...vars })).customers.edges.map((e: { node: { id: string } }) => e.node.id);

  describe('createCustomer', () => {
    it('generates a code, defaults the owner to the caller and the department to the owner\'s, and starts at version 1', async () => {
      const c = await create({});
      expect(c.code).toMatch(/^[A-Z0-9]{2,32}$/);
      expect(c).toMatchObject({ ...NEW_CUSTOMER, version: 1, owner: { username: 'am1' }, department: { code: 'EAST' } });
      const [row] = await sql('SELECT owner_id, department_id, code FROM customer WHERE id = ?', [c.id]);
      expect(String(row.owner_id)).toBe(await userId('am1'));
      expect(String(row.department_id)).toBe((await department('EAST')).id);
      expect(row.code).toBe(c.code);
    });

    it('generates distinct codes for customers created in a row', async () => {
      const made = await Promise.all([create({}), create({}), create({})]);
      expect(new Set(made.map((c) => c.code)).size).toBe(3);
    });

    it('keeps a code the client gives', async () => {
      const code = uniqueName('GIVEN').toUpperCase();
      expect((await create({ code })).code).toBe(code);
    });

    it('refuses a duplicate code with CONFLICT and stores nothing', async () => {
      const code = uniqueName('DUP').toUpperCase();
      await create({ code });
      const r = await api.gql(am1, CREATE, { input: { ...NEW_CUSTOMER, code, name: '重复编号公司' } });
      expect(codes(r)).toEqual(['CONFLICT']);
      expect(await sql('SELECT id FROM customer WHERE code = ?', [code])).toHaveLength(1);
    });

    it('refuses a code already taken by a seeded customer', async () => {
      expect(codes(await api.gql(am1, CREATE, { input: { ...NEW_CUSTOMER, code: 'C000001' } }))).toEqual(['CONFLICT']);
    });

    it('refuses an owner who does not exist, naming ownerId', async () => {
      const e = onlyError(await api.gql(supervisor1, CREATE, { input: { ...NEW_CUSTOMER, ownerId: '999999999' } }));
      expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ownerId' });
    });
  });

  describe('validation', () => {
    it.each([
      ['name', { name: '' }],
      ['code', { code: 'x' }],
      ['code', { code: 'has space' }],
      ['phone', { phone: 'call me' }],
      ['headcount', { headcount: -1 }],
      ['taxId', { taxId: 'short' }],
      ['bankAccount', { bankAccount: 'IBAN?' }],
      ['idNumber', { idNumber: '123' }],
      ['website', { website: 'not a url' }],
    ])('names %s in extensions.field', async (field, variant) => {
      const r = await api.gql(am1, CREATE, { input: { ...NEW_CUSTOMER, ...variant } });
      const e = onlyError(r);
      expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(r.data).toBeNull();
    });

    it.each([
      ['annualRevenue', { annualRevenue: '1.999' }],
      ['annualRevenue', { annualRevenue: '9999999999999999.9999' }],
      ['annualRevenue', { annualRevenue: '-5' }],
      ['registeredCapital', { registeredCapital: '0.001' }],
    ])('refuses money %s that DECIMAL(18,2) cannot hold exactly: %j', async (field, variant) => {
      const e = onlyError(await api.gql(am1, CREATE, { input: { ...NEW_CUSTOMER, ...variant } }));
      expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    });

    it('stores the largest amount DECIMAL(18,2) holds', async () => {
      expect((await create({ annualRevenue: '9999999999999999.99' })).annualRevenue).toBe('9999999999999999.99');
    });

    it.each(['name', 'kind', 'type', 'status', 'ownerId', 'departmentId'])('refuses %s: null on create and update (BAD_USER_INPUT naming it)', async (field) => {
      const created = onlyError(await api.gql(am1, CREATE, { input: { ...NEW_CUSTOMER, [field]: null } }));
      expect(created.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      const c = await create({});
      const updated = onlyError(await api.gql(am1, UPDATE, { input: { id: c.id, version: c.version, [field]: null } }));
      expect(updated.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(ok(await api.gql(am1, GET, { id: c.id })).customer).toEqual(c);
    });

    it('clears an optional field sent as null', async () => {
      const c = await create({});
      const u = ok(await api.gql(am1, UPDATE, { input: { id: c.id, version: c.version, grade: null, phone: null } })).updateCustomer;
      expect(u).toMatchObject({ grade: null, phone: null, name: c.name });
    });

    it('names a malformed decimal in extensions.field', async () => {
      const e = onlyError(await api.gql(am1, CREATE, { input: { ...NEW_CUSTOMER, annualRevenue: 'lots' } }));
      expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'annualRevenue' });
    });

    it('names every invalid field when several are wrong', async () => {
      const e = onlyError(await api.gql(am1, CREATE, { input: { ...NEW_CUSTOMER, name: '', phone: 'x' } }));
      expect(e.extensions.code).toBe('BAD_USER_INPUT');
      expect([...e.extensions.fields].sort()).toEqual(['name', 'phone']);
    });

    it('validates updates the same way', async () => {
      const c = await create({});
      const e = onlyError(await api.gql(am1, UPDATE, { input: { id: c.id, version: c.version, headcount: -5 } }));
      expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'headcount' });
    });
  });

  describe('customer(id)', () => {
    it('returns what was created', async () => {
      const c = await create({ code: uniqueName('GET').toUpperCase() });
      expect(ok(await api.gql(am1, GET, { id: c.id })).customer).toEqual(c);
    });

    it('is NOT_FOUND for an id that does not exist', async () => {
      const r = await api.gql(gm, GET, { id: '987654321' });
      expect(codes(r)).toEqual(['NOT_FOUND']);
      expect(r.data).toBeNull();
    });
  });

  describe('updateCustomer', () => {
    it('applies the change and bumps the version', async () => {
      const c = await create({});
      const u = ok(await api.gql(am1, UPDATE, { input: { id: c.id, version: c.version, name: '改名后的公司', grade: 'A' } })).updateCustomer;
      expect(u).toMatchObject({ id: c.id, name: '改名后的公司', grade: 'A', phone: NEW_CUSTOMER.phone, version: c.version + 1 });
      expect(ok(await api.gql(am1, GET, { id: c.id })).customer).toMatchObject({ name: '改名后的公司', version: c.version + 1 });
    });

    it('refuses a stale version with CONFLICT carrying the current version, and changes nothing', async () => {
      const c = await create({});
      ok(await api.gql(am1, UPDATE, { input: { id: c.id, version: c.version, name: '第一次修改' } }));
      const e = onlyError(await api.gql(am1, UPDATE, { input: { id: c.id, version: c.version, name: '过期的修改' } }));
      expect(e.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: c.version + 1 });
      expect(ok(await api.gql(am1, GET, { id: c.id })).customer).toMatchObject({ name: '第一次修改', version: c.version + 1 });
    });

    it('gives exactly one of two concurrent updates of the same version the win', async () => {
      const c = await create({});
      const results = await Promise.all(['甲', '乙'].map((n) => api.gql(am1, UPDATE, { input: { id: c.id, version: c.version, name: `并发${n}` } })));
      expect(results.map((r) => codes(r)).sort()).toEqual([[], ['CONFLICT']]);
      expect(ok(await api.gql(am1, GET, { id: c.id })).customer.version).toBe(c.version + 1);
    });

    it('accepts an update that changes no field', async () => {
      const c = await create({});
      const r = await api.gql(am1, UPDATE, { input: { id: c.id, version: c.version } });
      expect(codes(r)).toEqual([]);
      expect(r.data!.updateCustomer).toMatchObject({ id: c.id, name: c.name });
    });

    it('is NOT_FOUND for an id that does not exist', async () => {
      expect(codes(await api.gql(am1, UPDATE, { input: { id: '987654321', version: 1, name: 'x' } }))).toEqual(['NOT_FOUND']);
    });

    it('does not let the code be changed (no such input field: BAD_USER_INPUT)', async () => {
      const c = await create({});
      const r = await api.gql(am1, UPDATE, { input: { id: c.id, version: c.version, name: 'x', code: 'C000001' } });
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    });
  });

  describe('deleteCustomer', () => {
    it('soft-deletes: NOT_FOUND by id, absent from lists and search, row kept with deleted_at', async () => {
      const c = await create({ code: uniqueName('DEL').toUpperCase(), name: uniqueName('删除测试') });
      expect(ok(await api.gql(supervisor1, DELETE, { id: c.id, version: c.version })).deleteCustomer).toBe(c.id);

      expect(codes(await api.gql(am1, GET, { id: c.id }))).toEqual(['NOT_FOUND']);
      expect(codes(await api.gql(gm, GET, { id: c.id }))).toEqual(['NOT_FOUND']);
      expect(await listIds(gm, {})).not.toContain(c.id);
      expect(await listIds(am1, { where: { ids: [c.id] } })).toEqual([]);
      expect(await listIds(gm, { where: { search: c.name } })).toEqual([]);
      expect(await listIds(gm, { where: { code: c.code } })).toEqual([]);

      const [row] = await sql('SELECT deleted_at FROM customer WHERE id = ?', [c.id]);
      expect(row.deleted_at).toBeInstanceOf(Date);
    });

    it('refuses to update or delete again what was deleted (NOT_FOUND)', async () => {
      const c = await create({});
      ok(await api.gql(supervisor1, DELETE, { id: c.id, version: c.version }));
      expect(codes(await api.gql(am1, UPDATE, { input: { id: c.id, version: c.version + 1, name: '复活' } }))).toEqual(['NOT_FOUND']);
      expect(codes(await api.gql(supervisor1, DELETE, { id: c.id, version: c.version + 1 }))).toEqual(['NOT_FOUND']);
    });

    it('refuses a stale version with CONFLICT and keeps the customer', async () => {
      const c = await create({});
      ok(await api.gql(am1, UPDATE, { input: { id: c.id, version: c.version, name: '删除前修改' } }));
      const e = onlyError(await api.gql(supervisor1, DELETE, { id: c.id, version: c.version }));
      expect(e.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: c.version + 1 });
      expect(ok(await api.gql(am1, GET, { id: c.id })).customer.id).toBe(c.id);
    });

    it('needs the CUSTOMER_DELETE permission (account managers lack it)', async () => {
      const c = await create({});
      expect(codes(await api.gql(am1, DELETE, { id: c.id, version: c.version }))).toEqual(['FORBIDDEN']);
      expect(ok(await api.gql(am1, GET, { id: c.id })).customer.id).toBe(c.id);
    });
  });

  describe('filters', () => {
    it('statusIn returns exactly the customers with those statuses', async () => {
      const statuses = ['ACTIVE', 'LOST'];
      const got = sortIds(await listIds(archivist, { where: { statusIn: statuses } }));
      expect(got.length).toBeGreaterThan(0);
      expect(got).toEqual(await liveCustomerIds('c.status IN (?)', [statuses]));
    });

    it('gradeIn returns exactly the customers with those grades', async () => {
      const got = sortIds(await listIds(archivist, { where: { gradeIn: ['A'] } }));
      expect(got.length).toBeGreaterThan(0);
      expect(got).toEqual(await liveCustomerIds("c.grade = 'A'"));
    });

    it('combines filters with AND', async () => {
      const got = sortIds(await listIds(archivist, { where: { statusIn: ['ACTIVE', 'SIGNED'], gradeIn: ['A', 'B'] } }));
      expect(got).toEqual(await liveCustomerIds("c.status IN ('ACTIVE', 'SIGNED') AND c.grade IN ('A', 'B')"));
    });

    it('an empty statusIn matches nothing', async () => {
      expect(await listIds(archivist, { where: { statusIn: [] } })).toEqual([]);
    });

    it('annualRevenue range is inclusive at both ends', async () => {
      const revenues = (await sql<{ r: string }>('SELECT DISTINCT annual_revenue AS r FROM customer WHERE deleted_at IS NULL AND annual_revenue IS NOT NULL ORDER BY annual_revenue'))
        .map((x) => x.r);
      expect(revenues.length).toBeGreaterThan(4);
      const [gte, lte] = [revenues[1], revenues[revenues.length - 2]];
      const got = sortIds(await listIds(archivist, { where: { annualRevenue: { gte, lte } } }));
      expect(got).toEqual(await liveCustomerIds('c.annual_revenue >= ? AND c.annual_revenue <= ?', [gte, lte]));
      const rows = (await list(archivist, { where: { annualRevenue: { gte, lte } } })).edges.map((e: Edge) => Number(e.node.annualRevenue));
      expect(rows).toContain(Number(gte));
      expect(rows).toContain(Number(lte));
      expect(rows.every((v: number) => v >= Number(gte) && v <= Number(lte))).toBe(true);
      expect(sortIds(await listIds(archivist, { where: { annualRevenue: { gte } } }))).toEqual(await liveCustomerIds('c.annual_revenue >= ?', [gte]));
    });

    it('createdAt range includes from and excludes to', async () => {
      const tag = uniqueName('T').toUpperCase();
      const at = (d: string) => new Date(`2020-01-${d}T08:00:00.000Z`);
      const ids = [];
      for (const d of ['10', '11', '12']) ids.push(await insertCustomer({ code: `${tag}${d}`, name: `${tag} 建档 ${d}`, created_at: at(d) }));
      const got = sortIds(await listIds(archivist, { where: { createdAt: { from: at('10').toISOString(), to: at('12').toISOString() } } }));
      expect(got).toEqual(ids.slice(0, 2));
      expect(sortIds(await listIds(archivist, { where: { createdAt: { to: at('11').toISOString() } } })))
        .toEqual(await liveCustomerIds('c.created_at < ?', [at('11')]));
    });

    describe('search', () => {
      let all: Array<{ id: string; code: string; name: string; phone: string | null }>;
      beforeAll(async () => {
        all = (await sql<{ id: string; code: string; name: string; phone: string | null }>('SELECT id, code, name, phone FROM customer WHERE deleted_at IS NULL'))
          .map((r) => ({ ...r, id: String(r.id) }));
      });
      const expected = (text: string) => sortIds(all.filter((c) => c.name.toUpperCase().includes(text.toUpperCase())
        || c.code.toUpperCase().startsWith(text.toUpperCase()) || (c.phone ?? '').includes(text)).map((c) => c.id));

      it('finds customers by the first two characters of a company name', async () => {
        const target = all.find((c) => c.code === 'C000001')!;
        const text = target.name.slice(0, 2);
        const got = sortIds(await listIds(archivist, { where: { search: text } }));
        expect(got).toContain(target.id);
        expect(got).toEqual(expected(text));
      });

      it('finds customers by a code prefix', async () => {
        const got = sortIds(await listIds(archivist, { where: { search: 'C00001' } }));
        expect(got).toEqual(sortIds(await Promise.all(['C000010', 'C000011', 'C000012', 'C000013', 'C000014', 'C000015', 'C000016', 'C000017', 'C000018', 'C000019'].map(customerId))));
        expect(got).toEqual(expected('C00001'));
      });

      it('finds customers by a fragment of a phone number', async () => {
        const target = all.find((c) => c.code === 'C000020')!;
        const text = target.phone!.slice(-7, -2);
        const got = sortIds(await listIds(archivist, { where: { search: text } }));
        expect(got).toContain(target.id);
        expect(got).toEqual(expected(text));
      });

      it('treats LIKE wildcards in the search text literally', async () => {
        expect(await listIds(archivist, { where: { search: '%' } })).toEqual(expected('%'));
        expect(await listIds(archivist, { where: { search: '_' } })).toEqual(expected('_'));
      });

      it('searches only within the caller\'s scope', async () => {
        const west = all.find((c) => c.code === 'C000040')!;
        expect(await listIds(am1, { where: { search: west.code } })).toEqual([]);
      });
    });
  });

  describe('orderBy', () => {
    const COLUMNS: Record<string, string> = {
      ID: 'c.id', CODE: 'c.code', NAME: 'c.name', STATUS: 'c.status', GRADE: 'c.grade', CREATED_AT: 'c.created_at', UPDATED_AT: 'c.updated_at',
    };
    const cases = Object.keys(COLUMNS).flatMap((field) => (['ASC', 'DESC'] as const).map((direction) => [field, direction] as const));

    beforeAll(async () => {
      // A NULL grade, so GRADE ordering shows where NULLs go.
      const tag = uniqueName('NG').toUpperCase();
      await insertCustomer({ code: tag, name: `${tag} 无等级`, grade: null });
    });

    it.each(cases)('sorts by %s %s with id as tie-breaker', async (field, direction) => {
      const got = await listIds(archivist, { orderBy: { field, direction } });
      const rows = await sql<{ id: string }>(
        `SELECT c.id FROM customer c WHERE c.deleted_at IS NULL ORDER BY ${COLUMNS[field]} ${direction}, c.id ${direction}`);
      expect(got).toEqual(rows.map((r) => String(r.id)));
    });

    it('puts NULL grades first ascending and last descending', async () => {
      const asc = (await list(archivist, { orderBy: { field: 'GRADE', direction: 'ASC' } })).edges.map((e: Edge) => e.node.grade);
      const desc = (await list(archivist, { orderBy: { field: 'GRADE', direction: 'DESC' } })).edges.map((e: Edge) => e.node.grade);
      expect(asc[0]).toBeNull();
      expect(desc[desc.length - 1]).toBeNull();
      expect(asc.filter((g: string | null) => g !== null)).toEqual([...asc.filter((g: string | null) => g !== null)].sort());
    });

    it('counts the whole filtered list in totalCount', async () => {
      const conn = await list(archivist, { first: 3, where: { gradeIn: ['A', 'B'] } });
      expect(conn.edges).toHaveLength(3);
      expect(conn.totalCount).toBe((await liveCustomerIds("c.grade IN ('A', 'B')")).length);
    });
  });

  describe('fieldAccess(fields)', () => {
    const ACCESS = (args: string) => `{ customers(first: 100) { edges { node { id fieldAccess${args} { field level readable reason requestable } } } } }`;
    type Access = { field: string; readable: boolean };
    const byNode = (data: { customers: { edges: Array<{ node: { id: string; fieldAccess: Access[] } }> } }) =>
      new Map(data.customers.edges.map((e) => [e.node.id, e.node.fieldAccess]));

    it('answers for the named fields only, exactly as the full answer does', async () => {
      const am2 = await api.token('am2');
      const full = byNode(ok(await api.gql(am2, ACCESS(''))) as never);
      const some = byNode(ok(await api.gql(am2, ACCESS('(fields: ["phone", "bankAccount", "name"])'))) as never);
      expect(some.size).toBe(full.size);
      let closed = 0;
      for (const [id, entries] of some) {
        expect(entries.map((a) => a.field).sort()).toEqual(['bankAccount', 'name', 'phone']);
        for (const a of entries) {
          expect(a).toEqual(full.get(id)!.find((f) => f.field === a.field));
          if (!a.readable) closed += 1;
        }
      }
      // am2 cannot read bank accounts (CONFIDENTIAL, not the owner of every archive): some entries are closed.
      expect(closed).toBeGreaterThan(0);
    });

    it('refuses a field the type does not have', async () => {
      const r = await api.gql(am1, ACCESS('(fields: ["phone", "noSuchField"])'));
      expect(codes(r)).toContain('BAD_USER_INPUT');
      expect(r.errors![0].extensions.field).toBe('fields');
      expect(r.errors![0].message).toMatch(/noSuchField/);
    });
  });
});
