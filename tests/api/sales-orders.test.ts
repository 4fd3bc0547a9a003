import { codes, startApi, TestApi } from '../support/api';
import { closeDb, ok, onlyError, sortIds, sql, uniqueName, userId } from '../support/fixtures';

const LINE_FIELDS = 'lineNo product model quantity unit unitPrice costPrice discount amount';
const FIELDS = `id orderNo customerId contactId orderDate amount currency status invoiced receivedAmount dueDate notes version
  customer { id } contact { id } owner { username } lines { ${LINE_FIELDS} }`;
const CREATE = `mutation($input: CreateSalesOrderInput!) { createSalesOrder(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($input: UpdateSalesOrderInput!) { updateSalesOrder(input: $input) { ${FIELDS} } }`;
const DELETE = 'mutation($id: ID!, $version: Int!) { deleteSalesOrder(input: {id: $id, version: $version}) }';
const GET = `query($id: ID!) { salesOrder(id: $id) { ${FIELDS} } }`;
const LIST_IDS = `query($first: Int, $after: String, $where: SalesOrderWhere, $orderBy: SalesOrderOrder) {
  salesOrders(first: $first, after: $after, where: $where, orderBy: $orderBy) {
    totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor }
  }
}`;
const CREATE_CUSTOMER = 'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id version } }';
const CREATE_CONTACT = 'mutation($input: CreateContactInput!) { createContact(input: $input) { id } }';

/** The example of the brief: 3 × 19.99 with 10% off is 53.973, stored as 53.97. */
const LINE = { product: '工业传感器', model: 'TS-100', quantity: '3', unit: '台', unitPrice: '19.99', costPrice: '12.00', discount: '0.1' };
const NEW_ORDER = { orderDate: '2026-03-15', lines: [LINE] };

interface Conn { totalCount: number; edges: Array<{ node: { id: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } }

describe('sales orders', () => {
  let api: TestApi;
  let am1: string;
  let am3: string;
  let gm: string;
  let mine: string;
  let theirs: string;

  const newCustomer = async (token: string): Promise<string> =>
    ok(await api.gql(token, CREATE_CUSTOMER, { input: { name: uniqueName('订单测试客户') } })).createCustomer.id;
  const create = async (input: Record<string, unknown>, token = am1) =>
    ok(await api.gql(token, CREATE, { input: { ...NEW_ORDER, customerId: mine, ...input } })).createSalesOrder;
  const ids = (conn: Conn): string[] => conn.edges.map((e) => e.node.id);
  const list = async (where: Record<string, unknown>, token = am1): Promise<string[]> =>
    ids(ok(await api.gql(token, LIST_IDS, { first: 500, where })).salesOrders);
  const amountOf = async (lines: Array<Record<string, unknown>>): Promise<{ amount: string; lines: Array<{ amount: string }> }> =>
    create({ lines: lines.map((l) => ({ product: '商品', ...l })) });

  async function walk(token: string, first: number, vars: Record<string, unknown> = {}): Promise<string[]> {
    const all: string[] = [];
    let after: string | null = null;
    for (;;) {
      const conn: Conn = ok(await api.gql(token, LIST_IDS, { first, after, ...vars })).salesOrders;
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
  });
  afterAll(async () => {
    await api.close();
    await closeDb();
  });

  describe('createSalesOrder', () => {
    it('computes line and order amounts on the server, generates an order number, and defaults currency, status and owner', async () => {
      const o = await create({});
      expect(o).toMatchObject({
        customerId: mine, orderDate: '2026-03-15', amount: '53.97', currency: 'CNY', status: 'DRAFT', invoiced: false,
        receivedAmount: '0.00', version: 1, customer: { id: mine }, owner: { username: 'am1' },
        lines: [{ lineNo: 1, product: LINE.product, quantity: '3.000', unitPrice: '19.99', costPrice: '12.00', discount: '0.1000', amount: '53.97' }],
      });
      expect(o.orderNo).toMatch(/^SO[A-Z0-9]+$/);
      const [row] = await sql('SELECT amount, owner_id FROM sales_order WHERE id = ?', [o.id]);
      expect(row.amount).toBe('53.97');
      expect(String(row.owner_id)).toBe(await userId('am1'));
    });

    it.each([
      [[{ quantity: '3', unitPrice: '1.15', discount: '0.5' }], '1.73', ['1.73']],
      [[{ quantity: '1.5', unitPrice: '33.33', discount: '0.0333' }], '48.33', ['48.33']],
      [[{ quantity: '0.001', unitPrice: '4.99' }], '0.00', ['0.00']],
      [[{ quantity: '1', unitPrice: '0.05', discount: '0.5' }], '0.03', ['0.03']],
      [[{ quantity: '3', unitPrice: '19.99', discount: '0.1' }, { quantity: '1.5', unitPrice: '33.33', discount: '0.0333' }, { quantity: '10', unitPrice: '0.10' }],
        '103.30', ['53.97', '48.33', '1.00']],
      [[{ quantity: '999999', unitPrice: '9999999.99', discount: '1' }], '0.00', ['0.00']],
      [[{ quantity: '100000000', unitPrice: '99999999.99' }], '9999999999000000.00', ['9999999999000000.00']],
    ])('prices %j exactly: total %s', async (lines, total, lineAmounts) => {
      const o = await amountOf(lines);
      expect(o.amount).toBe(total);
      expect(o.lines.map((l) => l.amount)).toEqual(lineAmounts);
    });

    it('keeps the given order number, currency, status and contact', async () => {
      const contact = ok(await api.gql(am1, CREATE_CONTACT, { input: { customerId: mine, name: '订单联系人' } })).createContact.id;
      const orderNo = uniqueName('SO-T');
      const o = await create({ orderNo, currency: 'USD', status: 'CONFIRMED', contactId: contact, dueDate: '2026-04-30' });
      expect(o).toMatchObject({ orderNo, currency: 'USD', status: 'CONFIRMED', contactId: contact, contact: { id: contact }, dueDate: '2026-04-30' });
    });

    it('refuses a duplicate order number with CONFLICT', async () => {
      const orderNo = uniqueName('SO-D');
      await create({ orderNo });
      expect(codes(await api.gql(am1, CREATE, { input: { ...NEW_ORDER, customerId: mine, orderNo } }))).toEqual(['CONFLICT']);
      expect(await sql('SELECT id FROM sales_order WHERE order_no = ?', [orderNo])).toHaveLength(1);
    });

    it.each([
      ['lines.0.discount', { lines: [{ ...LINE, discount: '1.5' }] }],
      ['lines.0.discount', { lines: [{ ...LINE, discount: '-0.1' }] }],
      ['lines.0.unitPrice', { lines: [{ ...LINE, unitPrice: '1.005' }] }],
      ['lines.0.quantity', { lines: [{ ...LINE, quantity: '0' }] }],
      ['lines.1.product', { lines: [LINE, { ...LINE, product: '' }] }],
      ['lines', { lines: [] }],
      ['currency', { currency: 'yuan' }],
      ['orderNo', { orderNo: 'bad no!' }],
      ['receivedAmount', { receivedAmount: '-5' }],
      ['lines.0.quantity', { lines: [{ ...LINE, quantity: '1000000000', unitPrice: '99999999.99', discount: '0' }] }],
      ['lines', { lines: [{ ...LINE, quantity: '100000000', unitPrice: '99999999.99', discount: '0' }, { ...LINE, quantity: '100000000', unitPrice: '99999999.99', discount: '0' }] }],
    ])('refuses an invalid %s with BAD_USER_INPUT naming the field', async (field, variant) => {
      const r = await api.gql(am1, CREATE, { input: { ...NEW_ORDER, customerId: mine, ...variant } });
      expect(onlyError(r).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    });

    it('refuses a contact of another customer with BAD_USER_INPUT naming contactId', async () => {
      const other = ok(await api.gql(am3, CREATE_CONTACT, { input: { customerId: theirs, name: '西部联系人' } })).createContact.id;
      const r = await api.gql(am1, CREATE, { input: { ...NEW_ORDER, customerId: mine, contactId: other } });
      expect(onlyError(r).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contactId' });
    });

    it('refuses a customer outside the caller\'s scope with NOT_FOUND and stores nothing', async () => {
      expect(codes(await api.gql(am1, CREATE, { input: { ...NEW_ORDER, customerId: theirs } }))).toEqual(['NOT_FOUND']);
      expect(await sql('SELECT id FROM sales_order WHERE customer_id = ?', [theirs])).toHaveLength(0);
    });

    it('refuses callers without RECORD_WRITE with FORBIDDEN', async () => {
      expect(codes(await api.gql(gm, CREATE, { input: { ...NEW_ORDER, customerId: mine } }))).toEqual(['FORBIDDEN']);
    });
  });

  describe('updateSalesOrder', () => {
    it('replaces the lines and recomputes the amount when lines are given', async () => {
      const o = await create({});
      const u = ok(await api.gql(am1, UPDATE, {
        input: { id: o.id, version: 1, lines: [{ product: 'A', quantity: '2', unitPrice: '10.00' }, { product: 'B', quantity: '1', unitPrice: '0.99', discount: '0.5' }] },
      })).updateSalesOrder;
      expect(u.amount).toBe('20.50');
      expect(u.lines.map((l: { lineNo: number; product: string; amount: string }) => [l.lineNo, l.product, l.amount])).toEqual([[1, 'A', '20.00'], [2, 'B', '0.50']]);
      expect(u.version).toBe(2);
      expect(await sql('SELECT id FROM sales_order_line WHERE order_id = ?', [o.id])).toHaveLength(2);
    });

    it('keeps lines and amount when lines are not given', async () => {
      const o = await create({});
      const u = ok(await api.gql(am1, UPDATE, { input: { id: o.id, version: 1, status: 'SHIPPED', notes: '已发货' } })).updateSalesOrder;
      expect(u).toMatchObject({ status: 'SHIPPED', notes: '已发货', amount: '53.97', version: 2 });
      expect(u.lines).toHaveLength(1);
    });

    it('refuses a stale version with CONFLICT and keeps the lines', async () => {
      const o = await create({});
      ok(await api.gql(am1, UPDATE, { input: { id: o.id, version: 1, status: 'CONFIRMED' } }));
      const r = await api.gql(am1, UPDATE, { input: { id: o.id, version: 1, lines: [{ product: 'X', quantity: '1', unitPrice: '1.00' }] } });
      expect(codes(r)).toEqual(['CONFLICT']);
      expect(ok(await api.gql(am1, GET, { id: o.id })).salesOrder).toMatchObject({ amount: '53.97', status: 'CONFIRMED', version: 2 });
    });

    it('refuses null for a required field with BAD_USER_INPUT naming it', async () => {
      const o = await create({});
      const r = await api.gql(am1, UPDATE, { input: { id: o.id, version: 1, status: null } });
      expect(onlyError(r).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'status' });
    });

    it('is NOT_FOUND outside the caller\'s scope', async () => {
      const o = await create({ customerId: theirs }, am3);
      expect(codes(await api.gql(am1, UPDATE, { input: { id: o.id, version: 1, notes: '越权' } }))).toEqual(['NOT_FOUND']);
      const [row] = await sql('SELECT notes, version FROM sales_order WHERE id = ?', [o.id]);
      expect(row).toMatchObject({ notes: null, version: 1 });
    });
  });

  describe('deleteSalesOrder', () => {
    it('soft-deletes an order', async () => {
      const o = await create({});
      expect(ok(await api.gql(am1, DELETE, { id: o.id, version: 1 })).deleteSalesOrder).toBe(o.id);
      expect(codes(await api.gql(am1, GET, { id: o.id }))).toEqual(['NOT_FOUND']);
    });

    it('refuses a stale version with CONFLICT', async () => {
      const o = await create({});
      ok(await api.gql(am1, UPDATE, { input: { id: o.id, version: 1, notes: '改' } }));
      expect(codes(await api.gql(am1, DELETE, { id: o.id, version: 1 }))).toEqual(['CONFLICT']);
    });

    it('is NOT_FOUND outside the caller\'s scope', async () => {
      const o = await create({ customerId: theirs }, am3);
      expect(codes(await api.gql(am1, DELETE, { id: o.id, version: 1 }))).toEqual(['NOT_FOUND']);
      expect(codes(await api.gql(am1, GET, { id: o.id }))).toEqual(['NOT_FOUND']);
    });
  });

  describe('salesOrders', () => {
    const am1Orders = async (): Promise<string[]> => {
      const me = await userId('am1');
      const rows = await sql(`SELECT t.id FROM sales_order t JOIN customer c ON c.id = t.customer_id
        WHERE t.deleted_at IS NULL AND c.deleted_at IS NULL AND (c.owner_id = ? OR c.second_manager_id = ?)`, [me, me]);
      return sortIds(rows.map((r) => String(r.id)));
    };

    it('pages through every order in scope exactly once, by id', async () => {
      const expected = await am1Orders();
      expect(expected.length).toBeGreaterThan(20);
      expect(await walk(am1, 7)).toEqual(expected);
      expect(ok(await api.gql(am1, LIST_IDS, { first: 1 })).salesOrders.totalCount).toBe(expected.length);
    });

    it.each([['ORDER_DATE', 'DESC'], ['ORDER_DATE', 'ASC'], ['ORDER_NO', 'ASC'], ['STATUS', 'DESC']])(
      'pages through every order exactly once ordered by %s %s', async (field, direction) => {
        const expected = await am1Orders();
        const got = await walk(am1, 5, { orderBy: { field, direction } });
        expect(new Set(got).size).toBe(got.length);
        expect(sortIds(got)).toEqual(expected);
      });

    it('orders by order date, newest first', async () => {
      const got = await walk(am1, 500, { orderBy: { field: 'ORDER_DATE', direction: 'DESC' } });
      // Values am1 may not read (CLASSIFIED archives it does not keep) sort as NULL, i.e. last when descending.
      const rows = await sql(`SELECT o.id FROM sales_order o JOIN customer c ON c.id = o.customer_id WHERE o.id IN (${got.map(() => '?').join(',')})
        ORDER BY CASE WHEN c.archive_level = 'CLASSIFIED' THEN NULL ELSE o.order_date END DESC, o.id DESC`, got);
      expect(got).toEqual(rows.map((r) => String(r.id)));
    });

    it('filters by order number, status, dates, amount and invoicing', async () => {
      const customer = await newCustomer(am1);
      const tag = uniqueName('F');
      const small = await create({ customerId: customer, orderNo: `${tag}-1`, orderDate: '2025-01-05', lines: [{ product: 'p', quantity: '1', unitPrice: '10.00' }] });
      const big = await create({ customerId: customer, orderNo: `${tag}-2`, orderDate: '2025-02-10', status: 'PAID', invoiced: true,
        lines: [{ product: 'p', quantity: '100', unitPrice: '10.00' }] });
      const mid = await create({ customerId: customer, orderNo: `${tag}-3`, orderDate: '2025-03-15', status: 'CONFIRMED', dueDate: '2025-04-01',
        lines: [{ product: 'p', quantity: '10', unitPrice: '10.00' }] });
      const w = (extra: Record<string, unknown>) => ({ customerId: customer, ...extra });
      expect(sortIds(await list({ search: tag }))).toEqual(sortIds([small.id, big.id, mid.id]));
      expect(await list({ orderNo: `${tag}-2` })).toEqual([big.id]);
      expect(await list(w({ statusIn: ['PAID', 'CANCELLED'] }))).toEqual([big.id]);
      expect(sortIds(await list(w({ orderDate: { from: '2025-02-10', to: '2025-03-15' } })))).toEqual(sortIds([big.id, mid.id]));
      expect(sortIds(await list(w({ amount: { gte: '10.00', lte: '100.00' } })))).toEqual(sortIds([small.id, mid.id]));
      expect(await list(w({ amount: { gte: '100.01' } }))).toEqual([big.id]);
      expect(await list(w({ invoiced: true }))).toEqual([big.id]);
      expect(await list(w({ dueDate: { from: '2025-03-01' } }))).toEqual([mid.id]);
      expect(await list(w({ ownerIdIn: [await userId('am2')] }))).toEqual([]);
      expect(await list({ customerIdIn: [customer, theirs], currencyIn: ['CNY'], statusIn: ['CONFIRMED'] })).toEqual([mid.id]);
    });

    it('never lists orders of customers outside the caller\'s scope', async () => {
      const o = await create({ customerId: theirs }, am3);
      expect(await walk(am1, 500)).not.toContain(o.id);
      expect(await list({ customerId: theirs })).toEqual([]);
      expect(await list({ customerId: theirs }, am3)).toContain(o.id);
    });
  });

  describe('field resolvers', () => {
    const ALL = `query($first: Int) { salesOrders(first: $first) {
      edges { node { id customer { id } contact { id } owner { username } lines { lineNo amount } } } } }`;

    it('resolve customer, contact, owner and lines of a page with the same number of SQL statements for 5 or 100 rows', async () => {
      const small = await api.gql(gm, ALL, { first: 5 });
      const large = await api.gql(gm, ALL, { first: 100 });
      expect(large.data!.salesOrders.edges).toHaveLength(100);
      expect(Number(large.headers.get('x-sql-statements'))).toBe(Number(small.headers.get('x-sql-statements')));
    });

    it('lists the seeded lines of an order in line order, summing to the order amount', async () => {
      const [seeded] = await sql('SELECT o.id, o.amount, COUNT(*) AS n FROM sales_order o JOIN sales_order_line l ON l.order_id = o.id GROUP BY o.id, o.amount HAVING n = 3 LIMIT 1');
      const o = ok(await api.gql(gm, `query($id: ID!) { salesOrder(id: $id) { amount lines { lineNo amount } } }`, { id: String(seeded.id) })).salesOrder;
      expect(o.lines.map((l: { lineNo: number }) => l.lineNo)).toEqual([1, 2, 3]);
      const cents = o.lines.reduce((s: bigint, l: { amount: string }) => s + BigInt(l.amount.replace('.', '')), 0n);
      expect(cents).toBe(BigInt(o.amount.replace('.', '')));
    });
  });
});
