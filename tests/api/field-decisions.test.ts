import { codes, GqlResult, startApi, TestApi } from '../support/api';
import { arrangeGrant, closeDb, customerId, ok, sql, userId } from '../support/fixtures';

/**
 * Field decisions (docs/access.md, issue 11 items 3, 5, 9, 14 and 15d), each reproducer of the
 * attack turned into the safe outcome: the clearance caps tokens and custodians, a field grant opens
 * its fields and the identity only, a derived value does not give away the discount, and deleting
 * needs the right to read.
 */

const CUSTOMER = `query($id: ID!) { customer(id: $id) { id code name website archiveLevel phone address creditRating bankAccount idNumber
  contacts(first: 5) { edges { node { id mobile homePhone } } } } }`;
const TOKEN = 'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }';

/** What a caller sees: the data and the errors (which denied occurrence an error points at varies with resolution order). */
const seenBy = (r: GqlResult): string => JSON.stringify({
  data: r.data, errors: (r.errors ?? []).map((e) => ({ ...e.extensions, message: e.message })).sort((a, b) => a.message.localeCompare(b.message)),
});

/** `Type.field` coordinates denied in a response (FIELD_CLASSIFIED errors). */
const denied = (r: GqlResult): string[] => [...new Set((r.errors ?? []).filter((e) => e.extensions.code === 'FIELD_CLASSIFIED')
  .map((e) => e.extensions.field as string))].sort();

describe('field decisions', () => {
  let api: TestApi;
  const as = (u: string) => api.token(u);
  const gql = async (u: string, query: string, variables?: Record<string, unknown>) => api.gql(await as(u), query, variables);
  const token = async (u: string, clearance: string, scope: string): Promise<string> => ok(await gql(u, TOKEN, {
    input: { name: `fd-${clearance}`, clearance, scope, expiresAt: new Date(Date.now() + 3_600_000).toISOString() },
  })).createApiToken.token;

  /** Sets a customer's custodian (and optionally level) in SQL for `fn`, then restores them. */
  async function withCustodian<T>(code: string, username: string, level: string | null, fn: (id: string) => Promise<T>): Promise<T> {
    const id = await customerId(code);
    const [before] = await sql('SELECT custodian_id, archive_level FROM customer WHERE id = ?', [id]);
    await sql('UPDATE customer SET custodian_id = ?, archive_level = COALESCE(?, archive_level) WHERE id = ?', [await userId(username), level, id]);
    try {
      return await fn(id);
    } finally {
      await sql('UPDATE customer SET custodian_id = ?, archive_level = ? WHERE id = ?', [before.custodian_id, before.archive_level, id]);
    }
  }

  beforeAll(async () => { api = await startApi(); });
  afterAll(async () => {
    await api.close();
    await closeDb();
  });

  describe('item 3: custodianship does not lift a clearance', () => {
    it('infosup (CONFIDENTIAL) as custodian of C000028, even lowered to CONFIDENTIAL, reads nothing CLASSIFIED', async () => {
      const [row] = await sql("SELECT bank_account, tax_id FROM customer WHERE code = 'C000028'");
      for (const level of [null, 'CONFIDENTIAL']) {
        await withCustodian('C000028', 'infosup', level, async (id) => {
          const r = await gql('infosup', CUSTOMER, { id });
          expect(r.data!.customer.bankAccount).toBeNull();
          expect(JSON.stringify(r.data)).not.toContain(row.bank_account);
          expect(denied(r)).toEqual(expect.arrayContaining(level ? ['Customer.bankAccount', 'Contact.homePhone'] : ['Customer.bankAccount', 'Customer.phone']));
          for (const e of (r.errors ?? []).filter((x) => x.extensions.field === 'Customer.bankAccount')) expect(e.extensions.level).toBe('CLASSIFIED');
        });
      }
      // Control: lowered to CONFIDENTIAL, its CONFIDENTIAL values are within infosup's clearance.
      await withCustodian('C000028', 'infosup', 'CONFIDENTIAL', async (id) => {
        const r = await gql('infosup', 'query($id: ID!) { customer(id: $id) { taxId } }', { id });
        expect(r.data!.customer.taxId).toBe(row.tax_id);
      });
    });

    it('am1 (INTERNAL) as custodian of C000001 reads no bank account, no CONFIDENTIAL value beyond what it owns, and fieldAccess says so', async () => {
      const [row] = await sql("SELECT bank_account FROM customer WHERE code = 'C000001'");
      await withCustodian('C000001', 'am1', null, async (id) => {
        const r = await gql('am1', `query($id: ID!) { customer(id: $id) { bankAccount idNumber
          fieldAccess(fields: ["bankAccount"]) { readable reason requestable } } }`, { id });
        expect(r.data!.customer).toMatchObject({ bankAccount: null, idNumber: null });
        expect(r.data!.customer.fieldAccess).toEqual([{ readable: false, reason: 'CLEARANCE', requestable: true }]);
        expect(JSON.stringify(r)).not.toContain(row.bank_account);
      });
    });

    it('control: archivist (CLASSIFIED) as custodian reads the bank account', async () => {
      const [row] = await sql("SELECT id, bank_account FROM customer WHERE code = 'C000028'");
      const r = await gql('archivist', 'query($id: ID!) { customer(id: $id) { bankAccount } }', { id: String(row.id) });
      expect(ok(r).customer.bankAccount).toBe(row.bank_account);
    });
  });

  describe('item 5: a token never reads above its own clearance', () => {
    it.each(['INTERNAL', 'PUBLIC'])('am1\'s PUBLIC token reads PUBLIC values only on am1\'s own %s archive — no INTERNAL, no CONFIDENTIAL through ownership',
      async (archive) => {
        const pub = await token('am1', 'PUBLIC', 'OWN');
        const [c] = await sql(`SELECT id, code, name, website, phone, credit_rating, archive_level FROM customer
          WHERE owner_id = ? AND archive_level = 'INTERNAL' AND website IS NOT NULL AND deleted_at IS NULL ORDER BY id LIMIT 1`, [await userId('am1')]);
        await sql('UPDATE customer SET archive_level = ? WHERE id = ?', [archive, c.id]);
        try {
          const mine = (await gql('am1', CUSTOMER, { id: String(c.id) })).data!.customer;
          expect({ phone: mine.phone, creditRating: mine.creditRating }).toEqual({ phone: c.phone, creditRating: c.credit_rating });
          const r = await api.gql(pub, `query($id: ID!) { customer(id: $id) { code name website phone address creditRating
            fieldAccess(fields: ["phone", "creditRating"]) { field readable requestable } } }`, { id: String(c.id) });
          // website is PUBLIC by field; an INTERNAL archive raises it to INTERNAL.
          const website = archive === 'PUBLIC' ? c.website : null;
          expect(r.data!.customer).toEqual({
            code: c.code, name: c.name, website, phone: null, address: null, creditRating: null,
            fieldAccess: [{ field: 'phone', readable: false, requestable: false }, { field: 'creditRating', readable: false, requestable: false }],
          });
          expect(denied(r)).toEqual(['Customer.address', 'Customer.creditRating', 'Customer.phone', ...(website ? [] : ['Customer.website'])]);
        } finally {
          await sql('UPDATE customer SET archive_level = ? WHERE id = ?', [c.archive_level, c.id]);
        }
      });

    it.each(['INTERNAL', 'CLASSIFIED'])('archivist\'s %s token reads no CLASSIFIED value of the archives archivist keeps', async (clearance) => {
      const t = await token('archivist', clearance, 'ALL');
      const [c] = await sql("SELECT id, bank_account, phone FROM customer WHERE code = 'C000008'");
      const r = await api.gql(t, CUSTOMER, { id: String(c.id) });
      expect(r.data!.customer).toMatchObject({ code: 'C000008', bankAccount: null, phone: null });
      expect(JSON.stringify(r.data)).not.toContain(c.bank_account);
      expect(denied(r)).toEqual(expect.arrayContaining(['Customer.bankAccount', 'Customer.phone']));
      // The same archivist in person does.
      expect(ok(await gql('archivist', CUSTOMER, { id: String(c.id) })).customer.bankAccount).toBe(c.bank_account);
    });
  });

  describe('item 9: a hidden discount is not recomputable', () => {
    /** An order of am1's customer shared with am2, with lines; its customer id. */
    async function sharedOrder(): Promise<{ order: string; customer: string }> {
      const [o] = await sql(`SELECT o.id, o.customer_id FROM sales_order o JOIN customer c ON c.id = o.customer_id
        WHERE c.owner_id = ? AND c.second_manager_id = ? AND c.archive_level = 'INTERNAL' AND o.deleted_at IS NULL
          AND o.status IN ('CONFIRMED', 'SHIPPED', 'INVOICED') ORDER BY o.id LIMIT 1`, [await userId('am1'), await userId('am2')]);
      if (!o) throw new Error('no open order of a shared customer in the demo data');
      return { order: String(o.id), customer: String(o.customer_id) };
    }

    /** Re-prices every line of the order with another discount in SQL (amounts consistent), runs `fn`, restores. */
    async function withDiscount<T>(order: string, discount: string, fn: () => Promise<T>): Promise<T> {
      const lines = await sql('SELECT id, discount, amount FROM sales_order_line WHERE order_id = ?', [order]);
      const [o] = await sql('SELECT amount FROM sales_order WHERE id = ?', [order]);
      await sql('UPDATE sales_order_line SET discount = ?, amount = ROUND(quantity * unit_price * (1 - ?), 2) WHERE order_id = ?', [discount, discount, order]);
      await sql(`UPDATE sales_order SET amount = (SELECT SUM(l.amount) FROM sales_order_line l WHERE l.order_id = sales_order.id),
        updated_at = updated_at WHERE id = ?`, [order]);
      try {
        return await fn();
      } finally {
        for (const l of lines) await sql('UPDATE sales_order_line SET discount = ?, amount = ? WHERE id = ?', [l.discount, l.amount, l.id]);
        await sql('UPDATE sales_order SET amount = ?, updated_at = updated_at WHERE id = ?', [o.amount, order]);
      }
    }

    const VIEW = `query($id: ID!, $order: ID!) {
      customer(id: $id) { openOrderAmount salesOrders(first: 50) { edges { node { id amount receivedAmount lines { quantity unitPrice amount discount } } } } }
      salesOrder(id: $order) { amount lines { quantity unitPrice amount discount costPrice } }
      byAmount: salesOrders(first: 50, where: { customerId: $id, amount: { gte: "0" } }) { totalCount }
      salesStats(groupBy: [STATUS], where: { customer: { ids: [$id] } }) { rows { status count amount outstanding } totals { amount } } }`;

    it('am2 (second manager, INTERNAL) and an INTERNAL token see nothing move when the discount changes; the owner does', async () => {
      const { order, customer } = await sharedOrder();
      const internalToken = await token('gm', 'INTERNAL', 'ALL');
      const seen: Record<string, Set<string>> = { am2: new Set(), token: new Set(), am1: new Set() };
      for (const discount of ['0.0000', '0.1234']) {
        await withDiscount(order, discount, async () => {
          const am2 = await gql('am2', VIEW, { id: customer, order });
          expect(am2.data!.salesOrder.lines.every((l: Record<string, unknown>) => l.quantity !== null && l.unitPrice !== null && l.amount === null)).toBe(true);
          seen.am2.add(seenBy(am2));
          const t = await api.gql(internalToken, VIEW.replace(/salesStats[^]*totals \{ amount \} \}/, ''), { id: customer, order });
          seen.token.add(seenBy(t));
          seen.am1.add(JSON.stringify((await gql('am1', VIEW, { id: customer, order })).data));
        });
      }
      expect({ am2: seen.am2.size, token: seen.token.size, owner: seen.am1.size }).toEqual({ am2: 1, token: 1, owner: 2 });
    });

    it('fieldAccess gives the line amount, the order amount and openOrderAmount the discount\'s level', async () => {
      const { order, customer } = await sharedOrder();
      const r = ok(await gql('am2', `query($id: ID!, $order: ID!) {
        customer(id: $id) { fieldAccess(fields: ["openOrderAmount"]) { level readable } }
        salesOrder(id: $order) { fieldAccess(fields: ["amount"]) { level readable } lines { fieldAccess(fields: ["amount", "quantity"]) { field level readable } } } }`,
      { id: customer, order }));
      expect(r.customer.fieldAccess).toEqual([{ level: 'CONFIDENTIAL', readable: false }]);
      expect(r.salesOrder.fieldAccess).toEqual([{ level: 'CONFIDENTIAL', readable: false }]);
      expect(r.salesOrder.lines[0].fieldAccess).toEqual([
        { field: 'quantity', level: 'INTERNAL', readable: true }, { field: 'amount', level: 'CONFIDENTIAL', readable: false }]);
    });
  });

  describe('item 14: a field grant opens the named fields and the identity, nothing else', () => {
    let east: { id: string; code: string; phone: string; bank_account: string; status: string; grade: string };
    let remove: () => Promise<void>;
    beforeAll(async () => {
      [east] = await sql(`SELECT c.id, c.code, c.phone, c.bank_account, c.status, c.grade FROM customer c JOIN department d ON d.id = c.department_id
        WHERE d.code = 'EAST' AND c.archive_level = 'INTERNAL' AND c.deleted_at IS NULL ORDER BY c.id LIMIT 1`);
      east.id = String(east.id);
      remove = await arrangeGrant('am3', east.id, ['Customer.bankAccount']);
    });
    afterAll(async () => { await remove(); });

    it('am3 reads bankAccount and the identity; phone, address, contacts, activities and orders stay closed (requestable)', async () => {
      const r = await gql('am3', `query($id: ID!) { customer(id: $id) { id code name archiveLevel bankAccount phone address
        contacts { totalCount } activities { totalCount } salesOrders { totalCount }
        fieldAccess(fields: ["phone", "bankAccount"]) { field readable requestable } } }`, { id: east.id });
      expect(r.data!.customer).toMatchObject({
        id: east.id, code: east.code, bankAccount: east.bank_account, phone: null, address: null, contacts: null, activities: null, salesOrders: null,
      });
      expect(r.data!.customer.fieldAccess).toEqual([
        { field: 'phone', readable: false, requestable: true }, { field: 'bankAccount', readable: true, requestable: false }]);
      expect(denied(r)).toEqual(['Customer.activities', 'Customer.address', 'Customer.contacts', 'Customer.phone', 'Customer.salesOrders']);
    });

    it('the archive\'s contacts, activities and orders do not exist for am3 in the root lists or by id', async () => {
      const lists = ok(await gql('am3', `query($c: [ID!]) {
        contacts(first: 500, where: { customerIdIn: $c }) { totalCount } activities(first: 500) { edges { node { id } } }
        salesOrders(first: 500) { edges { node { id } } } }`, { c: [east.id] }));
      expect(lists.contacts.totalCount).toBe(0);
      const [order] = await sql('SELECT id FROM sales_order WHERE customer_id = ? AND deleted_at IS NULL LIMIT 1', [east.id]);
      const [activity] = await sql('SELECT id FROM activity WHERE customer_id = ? AND deleted_at IS NULL LIMIT 1', [east.id]);
      expect(lists.salesOrders.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(String(order.id));
      expect(lists.activities.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(String(activity.id));
      expect(codes(await gql('am3', 'query($id: ID!) { salesOrder(id: $id) { id } }', { id: String(order.id) }))).toEqual(['NOT_FOUND']);
    });

    it('lists and stats do not use its hidden values: search by phone, filters, sorting and customerStats do not move', async () => {
      const LIST = `query($w: CustomerWhere, $o: CustomerOrder) { customers(first: 500, where: $w, orderBy: $o) { totalCount edges { node { id } } } }`;
      const STATS = 'query($g: [CustomerStatsDimension!]!) { customerStats(groupBy: $g) { rows { status grade count } total } }';
      const answers = new Map<string, Set<string>>();
      const note = (k: string, v: unknown) => { if (!answers.has(k)) answers.set(k, new Set()); answers.get(k)!.add(JSON.stringify(v)); };
      for (const [status, grade] of [[east.status, east.grade], ['LOST', 'D'], ['PROSPECT', 'A']]) {
        await sql('UPDATE customer SET status = ?, grade = ?, updated_at = updated_at WHERE id = ?', [status, grade, east.id]);
        try {
          note('phone', ok(await gql('am3', LIST, { w: { search: east.phone.slice(-8) } })).customers);
          note('status', ok(await gql('am3', LIST, { w: { statusIn: [east.status], ids: [east.id] } })).customers);
          note('grade', ok(await gql('am3', LIST, { w: { gradeIn: ['A', 'D'], ids: [east.id] } })).customers);
          note('sort', ok(await gql('am3', LIST, { o: { field: 'STATUS', direction: 'ASC' } })).customers);
          note('stats', ok(await gql('am3', STATS, { g: ['STATUS', 'GRADE'] })).customerStats);
        } finally {
          await sql('UPDATE customer SET status = ?, grade = ?, updated_at = updated_at WHERE id = ?', [east.status, east.grade, east.id]);
        }
      }
      expect(Object.fromEntries([...answers].map(([k, v]) => [k, v.size]))).toEqual({ phone: 1, status: 1, grade: 1, sort: 1, stats: 1 });
      // It is listed by what it is granted and by its identity.
      expect(ok(await gql('am3', LIST, { w: { code: east.code } })).customers.totalCount).toBe(1);
    });

    it('a Contact.mobile grant opens the contacts with their identity and mobile only', async () => {
      const removeMobile = await arrangeGrant('am3', east.id, ['Contact.mobile']);
      try {
        const contacts = await sql('SELECT id, mobile FROM contact WHERE customer_id = ? AND deleted_at IS NULL ORDER BY id', [east.id]);
        const r = await gql('am3', `query($c: [ID!]) { contacts(first: 50, where: { ids: $c }) { edges { node { id mobile name email customer { id } } } } }`,
          { c: contacts.map((c) => String(c.id)) });
        expect(r.data!.contacts.edges.map((e: { node: unknown }) => e.node)).toEqual(contacts.map((c) => ({
          id: String(c.id), mobile: c.mobile, name: null, email: null, customer: null })));
        expect(denied(r)).toEqual(['Contact.customer', 'Contact.email', 'Contact.name']);
      } finally {
        await removeMobile();
      }
    });
  });

  describe('item 15d: deleting needs the right to read the archive', () => {
    const DELETE_CUSTOMER = 'mutation($id: ID!, $v: Int!) { deleteCustomer(input: { id: $id, version: $v }) }';
    const DELETE = (what: string) => `mutation($id: ID!, $v: Int!) { delete${what}(input: { id: $id, version: $v }) }`;

    it('supervisor1 (CONFIDENTIAL) cannot soft-delete an East CLASSIFIED archive: FIELD_CLASSIFIED, nothing changes', async () => {
      const [c] = await sql(`SELECT c.id, c.version FROM customer c JOIN department d ON d.id = c.department_id
        WHERE d.code = 'EAST' AND c.archive_level = 'CLASSIFIED' AND c.deleted_at IS NULL ORDER BY c.id LIMIT 1`);
      const r = await gql('supervisor1', DELETE_CUSTOMER, { id: String(c.id), v: c.version });
      expect(codes(r)).toEqual(['FIELD_CLASSIFIED']);
      const [after] = await sql('SELECT deleted_at, version FROM customer WHERE id = ?', [c.id]);
      expect(after).toEqual({ deleted_at: null, version: c.version });
    });

    it.each([['Contact', 'contact'], ['Activity', 'activity'], ['SalesOrder', 'sales_order']])(
      'the owner (am1) cannot delete a %s of its CLASSIFIED archive; the custodian can', async (what, table) => {
        const [row] = await sql(`SELECT t.id, t.version FROM ${table} t JOIN customer c ON c.id = t.customer_id
          WHERE c.owner_id = ? AND c.archive_level = 'CLASSIFIED' AND t.deleted_at IS NULL ORDER BY t.id LIMIT 1`, [await userId('am1')]);
        const r = await gql('am1', DELETE(what), { id: String(row.id), v: row.version });
        expect(codes(r)).toEqual(['FIELD_CLASSIFIED']);
        expect((await sql(`SELECT deleted_at FROM ${table} WHERE id = ?`, [row.id]))[0].deleted_at).toBeNull();
        const byKeeper = await gql('archivist', DELETE(what), { id: String(row.id), v: row.version });
        try {
          expect(codes(byKeeper)).toEqual([]);
          expect((await sql(`SELECT deleted_at FROM ${table} WHERE id = ?`, [row.id]))[0].deleted_at).not.toBeNull();
        } finally {
          await sql(`UPDATE ${table} SET deleted_at = NULL WHERE id = ?`, [row.id]);
        }
      });
  });
});
