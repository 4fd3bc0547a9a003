import { codes, GqlResult, startApi, TestApi } from '../support/api';
import { arrangeGrant, closeDb, ok, sql, userId } from '../support/fixtures';

/**
 * Side channels (DESIGN §3): a field the caller cannot read cannot be used in `where`, `orderBy` or
 * `search`, cannot be written, and is never returned — whatever route reaches it (nested paths,
 * aliases, fragments). Filters are tested differentially: the hidden value is changed behind the
 * API's back and the answer must not change with it.
 */

const LIST = `query($where: CustomerWhere, $orderBy: CustomerOrder) {
  customers(first: 500, where: $where, orderBy: $orderBy) { totalCount edges { node { id } } } }`;

const ids = (r: GqlResult): string[] => ok(r).customers.edges.map((e: { node: { id: string } }) => e.node.id);

describe('side channels are closed', () => {
  let api: TestApi;
  const tokens: Record<string, string> = {};
  const as = async (u: string) => (tokens[u] ??= await api.token(u));
  const gql = async (u: string, query: string, variables?: Record<string, unknown>) => api.gql(await as(u), query, variables);

  /** Demo archives: CLASSIFIED ones kept by archivist, owned by am1 (shared with am2), am2 and am3. */
  let classifiedOfAm1: string;
  let classifiedOfAm2: string;
  let classifiedWest: string;
  let internalOfAm1Shared: string;
  let confidentialOfAm2: string;

  const row = async (id: string) => (await sql('SELECT * FROM customer WHERE id = ?', [id]))[0];

  /** Sets a hidden value behind the API's back (keeping updated_at), runs `fn`, restores it. */
  async function withHidden<T>(id: string, column: string, value: unknown, fn: () => Promise<T>): Promise<T> {
    const [before] = await sql(`SELECT ${column} AS v FROM customer WHERE id = ?`, [id]);
    await sql(`UPDATE customer SET ${column} = ?, updated_at = updated_at WHERE id = ?`, [value, id]);
    try {
      return await fn();
    } finally {
      await sql(`UPDATE customer SET ${column} = ?, updated_at = updated_at WHERE id = ?`, [before.v, id]);
    }
  }

  async function withFieldLevel<T>(typeName: string, field: string, level: string, fn: () => Promise<T>): Promise<T> {
    const SET = 'mutation($input: SetFieldLevelInput!) { setFieldLevel(input: $input) { level } }';
    ok(await gql('secofficer', SET, { input: { typeName, field, level } }));
    try {
      return await fn();
    } finally {
      ok(await gql('secofficer', SET, { input: { typeName, field, level: null } }));
    }
  }

  /** The response must not contain the secret anywhere (data, errors, extensions). */
  const leaks = (r: GqlResult, secret: string): boolean => JSON.stringify({ data: r.data, errors: r.errors }).includes(secret);

  beforeAll(async () => {
    api = await startApi();
    const [am1, am2, am3] = await Promise.all(['am1', 'am2', 'am3'].map(userId));
    const one = async (where: string, params: unknown[]) => {
      const [r] = await sql(`SELECT id FROM customer c WHERE c.deleted_at IS NULL AND ${where} ORDER BY id LIMIT 1`, params);
      if (!r) throw new Error(`no demo customer where ${where}`);
      return String(r.id);
    };
    classifiedOfAm1 = await one(`c.archive_level = 'CLASSIFIED' AND c.owner_id = ? AND c.second_manager_id = ?`, [am1, am2]);
    classifiedOfAm2 = await one(`c.archive_level = 'CLASSIFIED' AND c.owner_id = ?`, [am2]);
    classifiedWest = await one(`c.archive_level = 'CLASSIFIED' AND c.owner_id = ?`, [am3]);
    internalOfAm1Shared = await one(`c.archive_level = 'INTERNAL' AND c.owner_id = ? AND c.second_manager_id = ?`, [am1, am2]);
    confidentialOfAm2 = await one(`c.archive_level = 'CONFIDENTIAL' AND c.owner_id = ?`, [am2]);
  });

  afterAll(async () => {
    await api.close();
    await closeDb();
  });

  describe('where', () => {
    it('am2 filtering annualRevenue: its own CLASSIFIED archive is matched the same whatever the hidden value', async () => {
      const base = await row(classifiedOfAm2);
      expect(base.annual_revenue).not.toBeNull();
      const v = Number(base.annual_revenue);
      // In scope: listed without the filter.
      expect(ids(await gql('am2', LIST, { where: { ids: [classifiedOfAm2] } }))).toEqual([classifiedOfAm2]);
      const answers: string[][] = [];
      for (const range of [{ gte: String(v), lte: String(v) }, { gte: String(v + 1) }, { lte: String(v - 1) }, { gte: '0' }]) {
        for (const hidden of [String(v), '1.00', '999999999.00']) {
          answers.push(await withHidden(classifiedOfAm2, 'annual_revenue', hidden, async () =>
            ids(await gql('am2', LIST, { where: { ids: [classifiedOfAm2], annualRevenue: range } }))));
        }
      }
      expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    });

    it('am2 filtering creditRatingIn: same answer for the true rating and any other', async () => {
      const { credit_rating: rating } = await row(classifiedOfAm2);
      const answers: string[][] = [];
      for (const asked of [[rating], ['ZZZ'], ['AAA', 'AA', 'A', 'BBB', 'BB']]) {
        answers.push(ids(await gql('am2', LIST, { where: { ids: [classifiedOfAm2], creditRatingIn: asked } })));
      }
      expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    });

    it('control: on its own CONFIDENTIAL archive (which am2 may read as owner) the same filters do work', async () => {
      const { annual_revenue: revenue, credit_rating: rating } = await row(confidentialOfAm2);
      const v = Number(revenue);
      const list = async (where: Record<string, unknown>) => ids(await gql('am2', LIST, { where: { ids: [confidentialOfAm2], ...where } }));
      expect(await list({ annualRevenue: { gte: String(v), lte: String(v) } })).toEqual([confidentialOfAm2]);
      expect(await list({ annualRevenue: { gte: String(v + 1) } })).toEqual([]);
      expect(await list({ creditRatingIn: [rating] })).toEqual([confidentialOfAm2]);
      expect(await list({ creditRatingIn: ['ZZZ'] })).toEqual([]);
    });

    it('gm (CONFIDENTIAL clearance) filtering annualRevenue cannot tell CLASSIFIED archives apart by their hidden revenue', async () => {
      for (const id of [classifiedOfAm1, classifiedWest]) {
        const v = Number((await row(id)).annual_revenue);
        const answers = new Set<string>();
        for (const hidden of [String(v), '3.00']) {
          for (const range of [{ gte: String(v), lte: String(v) }, { gte: '2.00', lte: '4.00' }]) {
            answers.add(await withHidden(id, 'annual_revenue', hidden, async () =>
              JSON.stringify(ids(await gql('gm', LIST, { where: { ids: [id], annualRevenue: range } })))));
          }
        }
        expect(answers.size).toBe(1);
      }
    });

    it('a field readable nowhere gives FORBIDDEN for the whole operation (creditRating raised to CLASSIFIED, gm filters on it)', async () => {
      await withFieldLevel('Customer', 'creditRating', 'CLASSIFIED', async () => {
        const r = await gql('gm', LIST, { where: { creditRatingIn: ['AAA'] } });
        expect(codes(r)).toEqual(['FORBIDDEN']);
        expect(r.data ?? null).toBeNull();
      });
      // Back at its default level the same filter is allowed again.
      expect(codes(await gql('gm', LIST, { where: { creditRatingIn: ['AAA'] } }))).toEqual([]);
    });

    it('a range filter on a field readable nowhere (annualRevenue raised to CLASSIFIED) gives FORBIDDEN', async () => {
      await withFieldLevel('Customer', 'annualRevenue', 'CLASSIFIED', async () => {
        for (const u of ['gm', 'finance1', 'supervisor1']) {
          const r = await gql(u, LIST, { where: { annualRevenue: { gte: '0' } } });
          expect({ u, codes: codes(r) }).toEqual({ u, codes: ['FORBIDDEN'] });
        }
      });
    });

    it('salesOrders(where: {amount}) does not match the orders of a CLASSIFIED archive by their hidden amount (am1, its owner)', async () => {
      const orders = await sql('SELECT id, amount FROM sales_order WHERE customer_id = ? AND deleted_at IS NULL', [classifiedOfAm1]);
      expect(orders.length).toBeGreaterThan(0);
      const Q = 'query($w: SalesOrderWhere) { salesOrders(first: 500, where: $w) { totalCount edges { node { id } } } }';
      for (const o of orders) {
        const exact = await gql('am1', Q, { w: { ids: [String(o.id)], amount: { gte: o.amount, lte: o.amount } } });
        const other = await gql('am1', Q, { w: { ids: [String(o.id)], amount: { gte: String(Number(o.amount) + 1) } } });
        expect(ok(exact).salesOrders).toEqual(ok(other).salesOrders);
      }
    });

    it('contacts(where: {search}) does not find a contact by a mobile the caller cannot read', async () => {
      const Q = 'query($s: String) { contacts(first: 500, where: {search: $s}) { edges { node { id } } } }';
      const found = async (u: string, text: string) => ok(await gql(u, Q, { s: text })).contacts.edges.map((e: { node: { id: string } }) => e.node.id);
      // am1 owns the CLASSIFIED archive but is not its custodian: mobile is CLASSIFIED there.
      const [hidden] = await sql('SELECT id, mobile FROM contact WHERE customer_id = ? AND deleted_at IS NULL AND mobile IS NOT NULL LIMIT 1', [classifiedOfAm1]);
      expect(await found('am1', hidden.mobile)).not.toContain(String(hidden.id));
      // am2 shares am1's INTERNAL customer but is not its owner: mobile (CONFIDENTIAL) is closed to it.
      const [shared] = await sql('SELECT id, mobile FROM contact WHERE customer_id = ? AND deleted_at IS NULL AND mobile IS NOT NULL LIMIT 1', [internalOfAm1Shared]);
      expect(await found('am2', shared.mobile)).not.toContain(String(shared.id));
      // Control: the owner finds it by the same mobile.
      expect(await found('am1', shared.mobile)).toContain(String(shared.id));
    });
  });

  describe('orderBy', () => {
    const order = async (u: string, field: string, direction: string) => ids(await gql(u, LIST, { orderBy: { field, direction } }));

    it.each(['GRADE', 'STATUS'])('gm ordering by %s: the result does not move when a CLASSIFIED archive\'s hidden value changes', async (field) => {
      const column = field.toLowerCase();
      const values = field === 'GRADE' ? ['A', 'D'] : ['PROSPECT', 'LOST'];
      for (const direction of ['ASC', 'DESC']) {
        const seen = new Set<string>();
        for (const v of values) {
          seen.add(await withHidden(classifiedOfAm1, column, v, async () => JSON.stringify(await order('gm', field, direction))));
        }
        expect(seen.size).toBe(1);
      }
    });

    it('ordering by a field readable nowhere (grade raised to CLASSIFIED) is FORBIDDEN', async () => {
      await withFieldLevel('Customer', 'grade', 'CLASSIFIED', async () => {
        const r = await gql('gm', LIST, { orderBy: { field: 'GRADE', direction: 'ASC' } });
        expect(codes(r)).toEqual(['FORBIDDEN']);
        expect(r.data ?? null).toBeNull();
      });
    });
  });

  describe('search', () => {
    const SEARCH = `query($s: String) { customers(first: 500, where: {search: $s}) {
      edges { node { id code name archiveLevel custodian { id } phone annualRevenue bankAccount } } } }`;

    it('gm searching the digits of a CLASSIFIED archive\'s phone does not find it; a name search lists it with identity fields only', async () => {
      const c = await row(classifiedOfAm1);
      expect(c.phone).toMatch(/\d{6}/);
      const digits = c.phone.replace(/\D/g, '').slice(-8);
      const byPhone = await gql('gm', SEARCH, { s: digits });
      expect(byPhone.data!.customers.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(classifiedOfAm1);
      expect(leaks(byPhone, c.phone)).toBe(false);

      // Control: the phone of an INTERNAL archive is found by the same kind of search.
      const open = await row(internalOfAm1Shared);
      const openHit = await gql('gm', SEARCH, { s: open.phone.replace(/\D/g, '').slice(-8) });
      expect(openHit.data!.customers.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(internalOfAm1Shared);

      const byName = await gql('gm', SEARCH, { s: c.name });
      const node = byName.data!.customers.edges.map((e: { node: Record<string, any> }) => e.node).find((n: { id: string }) => n.id === classifiedOfAm1);
      expect(node).toEqual({
        id: classifiedOfAm1, code: c.code, name: c.name, archiveLevel: 'CLASSIFIED', custodian: { id: String(c.custodian_id) },
        phone: null, annualRevenue: null, bankAccount: null,
      });
      expect(new Set(codes(byName))).toEqual(new Set(['FIELD_CLASSIFIED']));
      expect(leaks(byName, c.phone)).toBe(false);
    });
  });

  describe('groupBy and aggregates', () => {
    const CUSTOMER_STATS = 'query($g: [CustomerStatsDimension!]!) { customerStats(groupBy: $g) { rows { grade status count } total } }';
    const SALES_STATS = 'query { salesStats(groupBy: [STATUS]) { rows { status count amount received outstanding } totals { count amount received outstanding } } }';

    it.each([['gm', 'classifiedOfAm1'], ['viewer', 'classifiedOfAm2'], ['supervisor1', 'classifiedOfAm2']])(
      'customerStats grouped by GRADE and STATUS as %s: the counts do not move with %s\'s hidden grade and status', async (u, which) => {
        const id = ({ classifiedOfAm1, confidentialOfAm2, classifiedOfAm2 } as Record<string, string>)[which];
        for (const [g, column, values] of [[['GRADE'], 'grade', ['A', 'D']], [['STATUS'], 'status', ['PROSPECT', 'LOST']]] as const) {
          const seen = new Set<string>();
          for (const v of values) {
            seen.add(await withHidden(id, column, v, async () => {
              const r = await gql(u, CUSTOMER_STATS, { g });
              expect(codes(r)).toEqual([]);
              return JSON.stringify(r.data);
            }));
          }
          expect({ u, g, distinct: seen.size }).toEqual({ u, g, distinct: 1 });
        }
      });

    it('grouping by a field readable nowhere (grade raised to CLASSIFIED) is FORBIDDEN', async () => {
      await withFieldLevel('Customer', 'grade', 'CLASSIFIED', async () => {
        const r = await gql('gm', CUSTOMER_STATS, { g: ['GRADE'] });
        expect(codes(r)).toEqual(['FORBIDDEN']);
        expect(r.data ?? null).toBeNull();
      });
    });

    it.each(['gm', 'viewer', 'am1'])('salesStats totals as %s do not move with the hidden amounts of a CLASSIFIED archive\'s orders', async (u) => {
      const [order] = await sql('SELECT id, amount, received_amount FROM sales_order WHERE customer_id = ? AND deleted_at IS NULL ORDER BY id LIMIT 1', [classifiedOfAm1]);
      const seen = new Set<string>();
      for (const amount of [order.amount, '987654.00']) {
        await sql('UPDATE sales_order SET amount = ?, updated_at = updated_at WHERE id = ?', [amount, order.id]);
        try {
          const r = await gql(u, SALES_STATS);
          expect(codes(r)).toEqual([]);
          seen.add(JSON.stringify(r.data));
        } finally {
          await sql('UPDATE sales_order SET amount = ?, updated_at = updated_at WHERE id = ?', [order.amount, order.id]);
        }
      }
      expect(seen.size).toBe(1);
    });
  });

  describe('the clearance caps what filters, sorts and aggregates may use (tokens, low-cleared custodians, grant-only archives)', () => {
    const STATS = 'query($g: [CustomerStatsDimension!]!) { customerStats(groupBy: $g) { rows { grade status count } total } }';
    const SALES = 'query { salesStats(groupBy: [STATUS]) { rows { status count amount } totals { count amount } } }';
    const TOKEN = 'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }';
    const makeToken = async (u: string, clearance: string, scope: string): Promise<string> => ok(await gql(u, TOKEN, {
      input: { name: `sc-${clearance}`, clearance, scope, expiresAt: new Date(Date.now() + 3_600_000).toISOString() },
    })).createApiToken.token;

    /** What a caller gets (data and error codes) for each hidden grade/status of `id`: must be one answer. */
    async function answers(id: string, ask: () => Promise<GqlResult>): Promise<number> {
      const seen = new Set<string>();
      for (const [grade, status] of [['A', 'PROSPECT'], ['D', 'LOST']]) {
        await withHidden(id, 'grade', grade, () => withHidden(id, 'status', status, async () => {
          const r = await ask();
          seen.add(JSON.stringify({ data: r.data ?? null, codes: codes(r) }));
        }));
      }
      return seen.size;
    }

    /** Lists that filter, sort, search and group by fields of archive `id`. */
    const probes = (id: string, c: Record<string, any>) => ({
      statusIn: (t: string) => api.gql(t, LIST, { where: { ids: [id], statusIn: ['PROSPECT'] } }),
      gradeIn: (t: string) => api.gql(t, LIST, { where: { ids: [id], gradeIn: ['A'] } }),
      orderByGrade: (t: string) => api.gql(t, LIST, { where: { ids: [id, internalOfAm1Shared] }, orderBy: { field: 'GRADE', direction: 'ASC' } }),
      phoneSearch: (t: string) => api.gql(t, LIST, { where: { search: c.phone.replace(/\D/g, '').slice(-8) } }),
      stats: (t: string) => api.gql(t, STATS, { g: ['GRADE', 'STATUS'] }),
    });

    it.each([
      ['am1', 'PUBLIC', 'OWN', 'internalOfAm1Shared'],
      ['am1', 'INTERNAL', 'OWN', 'classifiedOfAm1'],
      ['archivist', 'INTERNAL', 'ALL', 'classifiedWest'],
      ['archivist', 'CLASSIFIED', 'ALL', 'classifiedWest'],
    ])('%s\'s %s %s token: hidden values of %s move nothing', async (u, clearance, scope, which) => {
      const id = ({ internalOfAm1Shared, classifiedOfAm1, classifiedWest } as Record<string, string>)[which];
      const t = await makeToken(u, clearance, scope);
      const c = await row(id);
      for (const [name, probe] of Object.entries(probes(id, c))) {
        expect({ name, answers: await answers(id, () => probe(t)) }).toEqual({ name, answers: 1 });
      }
      // A PUBLIC token uses no INTERNAL field at all: FORBIDDEN, not an empty answer. Its name search still works.
      if (clearance === 'PUBLIC') {
        expect(codes(await probes(id, c).statusIn(t))).toEqual(['FORBIDDEN']);
        // Other suites may have given am1 customers whose names contain this one: the search finds it among them.
        expect(ids(await api.gql(t, LIST, { where: { search: c.name } }))).toContain(id);
      }
    });

    it('control: am1 in person does see its INTERNAL archive move with its status (the probe can tell)', async () => {
      expect(await answers(internalOfAm1Shared, async () => gql('am1', LIST, { where: { ids: [internalOfAm1Shared], statusIn: ['PROSPECT'] } }))).toBe(2);
    });

    it('a custodian below CLASSIFIED (infosup keeps a CLASSIFIED archive): its hidden values move nothing, sales totals neither', async () => {
      const [before] = await sql('SELECT custodian_id FROM customer WHERE id = ?', [classifiedWest]);
      await sql('UPDATE customer SET custodian_id = ? WHERE id = ?', [await userId('infosup'), classifiedWest]);
      try {
        const c = await row(classifiedWest);
        const t = await as('infosup');
        for (const [name, probe] of Object.entries(probes(classifiedWest, c))) {
          expect({ name, answers: await answers(classifiedWest, () => probe(t)) }).toEqual({ name, answers: 1 });
        }
        const [order] = await sql('SELECT id, amount FROM sales_order WHERE customer_id = ? AND deleted_at IS NULL ORDER BY id LIMIT 1', [classifiedWest]);
        const totals = new Set<string>();
        for (const amount of [order.amount, '987654.00']) {
          await sql('UPDATE sales_order SET amount = ?, updated_at = updated_at WHERE id = ?', [amount, order.id]);
          try {
            totals.add(JSON.stringify(ok(await gql('infosup', SALES))));
          } finally {
            await sql('UPDATE sales_order SET amount = ?, updated_at = updated_at WHERE id = ?', [order.amount, order.id]);
          }
        }
        expect(totals.size).toBe(1);
      } finally {
        await sql('UPDATE customer SET custodian_id = ? WHERE id = ?', [before.custodian_id, classifiedWest]);
      }
    });

    it('an archive am3 sees only through a bankAccount grant: its hidden grade, status and phone move nothing', async () => {
      const remove = await arrangeGrant('am3', internalOfAm1Shared, ['Customer.bankAccount']);
      try {
        const c = await row(internalOfAm1Shared);
        const t = await as('am3');
        expect(ids(await gql('am3', LIST, { where: { ids: [internalOfAm1Shared] } }))).toEqual([internalOfAm1Shared]);
        for (const [name, probe] of Object.entries(probes(internalOfAm1Shared, c))) {
          expect({ name, answers: await answers(internalOfAm1Shared, () => probe(t)) }).toEqual({ name, answers: 1 });
        }
        expect(ids(await gql('am3', LIST, { where: { search: c.phone.replace(/\D/g, '').slice(-8) } }))).not.toContain(internalOfAm1Shared);
      } finally {
        await remove();
      }
    });
  });

  describe('readableCondition agrees with decideField: a filter matches exactly the rows fieldAccess calls readable', () => {
    /** [where key, field, column]: each filter is given every stored value, so it matches every readable non-null row. */
    const LISTED: Array<[string, string, string]> = [
      ['statusIn', 'status', 'status'], ['gradeIn', 'grade', 'grade'], ['industryIn', 'industry', 'industry'], ['cityIn', 'city', 'city'],
      ['sourceIn', 'source', 'source'], ['creditRatingIn', 'creditRating', 'credit_rating'], ['archiveLevelIn', 'archiveLevel', 'archive_level'],
      ['ownerIdIn', 'owner', 'owner_id'], ['departmentIdIn', 'department', 'department_id'],
    ];
    const RANGES: Array<[string, string, string, unknown]> = [
      ['annualRevenue', 'annualRevenue', 'annual_revenue', { gte: '0' }], ['registeredCapital', 'registeredCapital', 'registered_capital', { gte: '0' }],
      ['headcount', 'headcount', 'headcount', { gte: 0 }],
    ];
    const ACCESS = `query($w: CustomerWhere) { customers(first: 500, where: $w) { edges { node { id fieldAccess { field readable } } } } }`;
    const TOKEN = 'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }';

    it('for people, tokens, low-cleared custodians and grantees alike', async () => {
      const restore: Array<() => Promise<void>> = [];
      const keep = async (id: string, username: string) => {
        const [b] = await sql('SELECT custodian_id FROM customer WHERE id = ?', [id]);
        await sql('UPDATE customer SET custodian_id = ? WHERE id = ?', [await userId(username), id]);
        restore.push(async () => { await sql('UPDATE customer SET custodian_id = ? WHERE id = ?', [b.custodian_id, id]); });
      };
      try {
        await keep(classifiedWest, 'infosup');
        await keep(internalOfAm1Shared, 'am1');
        restore.push(await arrangeGrant('am3', internalOfAm1Shared, ['Customer.annualRevenue', 'Customer.status']));
        restore.push(await arrangeGrant('am3', classifiedOfAm2, null));
        const token = async (u: string, clearance: string, scope: string) => ok(await gql(u, TOKEN, {
          input: { name: 'agree', clearance, scope, expiresAt: new Date(Date.now() + 3_600_000).toISOString() } })).createApiToken.token as string;
        const callers: Array<[string, string]> = [
          ...await Promise.all(['gm', 'am1', 'am2', 'am3', 'supervisor1', 'archivist', 'infosup'].map(async (u) => [u, await as(u)] as [string, string])),
          ['am1 PUBLIC token', await token('am1', 'PUBLIC', 'OWN')], ['gm INTERNAL token', await token('gm', 'INTERNAL', 'ALL')],
          ['archivist INTERNAL token', await token('archivist', 'INTERNAL', 'ALL')],
          ['archivist CLASSIFIED token', await token('archivist', 'CLASSIFIED', 'ALL')],
        ];
        const rows = new Map((await sql('SELECT * FROM customer WHERE deleted_at IS NULL')).map((r) => [String(r.id), r]));
        const values = (column: string) => [...new Set([...rows.values()].map((r) => r[column]).filter((v) => v !== null).map(String))];
        const problems: string[] = [];
        for (const [label, bearer] of callers) {
          const nodes: Array<{ id: string; fieldAccess: Array<{ field: string; readable: boolean }> }> =
            ok(await api.gql(bearer, ACCESS)).customers.edges.map((e: { node: unknown }) => e.node);
          expect({ label, rows: nodes.length > 0 }).toEqual({ label, rows: true });
          for (const [key, field, column, range] of [...LISTED.map(([k, f, c]) => [k, f, c, values(c)] as const), ...RANGES]) {
            const expected = nodes.filter((n) => n.fieldAccess.find((a) => a.field === field)!.readable && rows.get(n.id)![column] !== null)
              .map((n) => n.id).sort();
            const r = await api.gql(bearer, LIST, { where: { [key]: range } });
            const got = r.data?.customers ? ids(r).sort() : 'FORBIDDEN';
            if (got === 'FORBIDDEN' && (codes(r).join() !== 'FORBIDDEN' || expected.length > 0)) problems.push(`${label} ${key}: ${codes(r)}, readable on ${expected}`);
            if (got !== 'FORBIDDEN' && JSON.stringify(got) !== JSON.stringify(expected)) problems.push(`${label} ${key}: matched ${got}, readable ${expected}`);
          }
        }
        expect(problems).toEqual([]);
      } finally {
        for (const undo of restore.reverse()) await undo();
      }
    });
  });

  describe('derived fields', () => {
    /** A customer gm reads in full, with an open order (confirmed, shipped or invoiced). */
    async function openOrder(): Promise<{ customer: string; order: string; amount: string }> {
      const [o] = await sql(`SELECT o.id, o.customer_id, o.amount FROM sales_order o JOIN customer c ON c.id = o.customer_id
        WHERE c.archive_level = 'INTERNAL' AND c.deleted_at IS NULL AND o.deleted_at IS NULL AND o.status IN ('CONFIRMED', 'SHIPPED', 'INVOICED')
        ORDER BY o.id LIMIT 1`);
      if (!o) throw new Error('no open order in the demo data');
      return { customer: String(o.customer_id), order: String(o.id), amount: o.amount };
    }

    it('Customer.openOrderAmount does not reveal SalesOrder.amount once that is raised above the reader (gm, amount → CLASSIFIED)', async () => {
      const { customer, order, amount } = await openOrder();
      const Q = 'query($id: ID!) { customer(id: $id) { openOrderAmount salesOrders { edges { node { id amount } } } } }';
      await withFieldLevel('SalesOrder', 'amount', 'CLASSIFIED', async () => {
        const seen = new Set<string>();
        for (const hidden of [amount, '123456.00']) {
          await sql('UPDATE sales_order SET amount = ?, updated_at = updated_at WHERE id = ?', [hidden, order]);
          try {
            const r = await gql('gm', Q, { id: customer });
            const nodes = r.data!.customer.salesOrders.edges.map((e: { node: { amount: string | null } }) => e.node.amount);
            expect(nodes.every((a: string | null) => a === null)).toBe(true);
            seen.add(JSON.stringify(r.data!.customer.openOrderAmount));
          } finally {
            await sql('UPDATE sales_order SET amount = ?, updated_at = updated_at WHERE id = ?', [amount, order]);
          }
        }
        expect({ openOrderAmountAnswers: seen.size }).toEqual({ openOrderAmountAnswers: 1 });
      });
    });

    it('Customer.lastActivityAt does not reveal Activity.occurredAt once that is raised above the reader (gm, occurredAt → CLASSIFIED)', async () => {
      const [a] = await sql(`SELECT a.id, a.customer_id, a.occurred_at FROM activity a JOIN customer c ON c.id = a.customer_id
        WHERE c.archive_level = 'INTERNAL' AND a.deleted_at IS NULL ORDER BY a.occurred_at DESC LIMIT 1`);
      const Q = 'query($id: ID!) { customer(id: $id) { lastActivityAt activities { edges { node { occurredAt } } } } }';
      await withFieldLevel('Activity', 'occurredAt', 'CLASSIFIED', async () => {
        const seen = new Set<string>();
        for (const hidden of [a.occurred_at, new Date(Date.UTC(2030, 0, 1))]) {
          await sql('UPDATE activity SET occurred_at = ?, updated_at = updated_at WHERE id = ?', [hidden, a.id]);
          try {
            const r = await gql('gm', Q, { id: String(a.customer_id) });
            expect(r.data!.customer.activities.edges.every((e: { node: { occurredAt: string | null } }) => e.node.occurredAt === null)).toBe(true);
            seen.add(JSON.stringify(r.data!.customer.lastActivityAt));
          } finally {
            await sql('UPDATE activity SET occurred_at = ?, updated_at = updated_at WHERE id = ?', [a.occurred_at, a.id]);
          }
        }
        expect({ lastActivityAtAnswers: seen.size }).toEqual({ lastActivityAtAnswers: 1 });
      });
    });
  });

  describe('writes', () => {
    const UPDATE = 'mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { id version } }';

    it.each([
      ['am1', 'classifiedOfAm1', { annualRevenue: '1.00' }],
      ['am1', 'classifiedOfAm1', { phone: '010-12345678' }],
      ['am2', 'classifiedOfAm2', { creditRating: 'BB' }],
      ['am2', 'internalOfAm1Shared', { creditRating: 'BB' }],
    ])('%s writing a field it cannot read on %s (%j) → FIELD_CLASSIFIED, nothing changed', async (u, which, patch) => {
      const id = ({ classifiedOfAm1, classifiedOfAm2, internalOfAm1Shared } as Record<string, string>)[which];
      const before = await row(id);
      const r = await gql(u, UPDATE, { input: { id, version: before.version, ...patch } });
      expect(codes(r)).toEqual(['FIELD_CLASSIFIED']);
      expect(r.data ?? null).toBeNull();
      expect(await row(id)).toEqual(before);
    });

    it('am1 writing a contact field of its CLASSIFIED archive (mobile) → FIELD_CLASSIFIED, nothing changed', async () => {
      const [before] = await sql('SELECT * FROM contact WHERE customer_id = ? AND deleted_at IS NULL LIMIT 1', [classifiedOfAm1]);
      const r = await gql('am1', 'mutation($input: UpdateContactInput!) { updateContact(input: $input) { id } }',
        { input: { id: String(before.id), version: before.version, mobile: '13900000000' } });
      expect(codes(r)).toEqual(['FIELD_CLASSIFIED']);
      expect((await sql('SELECT * FROM contact WHERE id = ?', [before.id]))[0]).toEqual(before);
    });

    it('control: the owner writes a field it can read (name, an identity field) on the same archive', async () => {
      const before = await row(classifiedOfAm1);
      const r = await gql('am1', 'mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { id name } }',
        { input: { id: classifiedOfAm1, version: before.version, name: `${before.name}*` } });
      try {
        expect(codes(r)).toEqual([]);
        expect((await row(classifiedOfAm1)).name).toBe(`${before.name}*`);
      } finally {
        await sql('UPDATE customer SET name = ? WHERE id = ?', [before.name, classifiedOfAm1]);
      }
    });
  });

  describe('the same field through every route: always null + FIELD_CLASSIFIED, never the value', () => {
    /** Routes to Customer.bankAccount (and annualRevenue) of customer `$id`, with its child ids as variables. */
    const routes: Array<[string, string]> = [
      ['customer(id)', 'query($id: ID!) { customer(id: $id) { id bankAccount annualRevenue } }'],
      ['aliases', 'query($id: ID!) { customer(id: $id) { id a: bankAccount b: bankAccount r: annualRevenue } }'],
      ['named fragment', 'query($id: ID!) { customer(id: $id) { id ...Secret } } fragment Secret on Customer { bankAccount annualRevenue }'],
      ['inline fragment', 'query($id: ID!) { customer(id: $id) { id ... on Customer { bankAccount annualRevenue } } }'],
      ['customers list', 'query($id: ID!) { customers(first: 5, where: {ids: [$id]}) { edges { node { bankAccount annualRevenue } } } }'],
      ['contacts → customer', 'query($contacts: [ID!]) { contacts(first: 50, where: {ids: $contacts}) { edges { node { id customer { id bankAccount annualRevenue } } } } }'],
      ['salesOrders → customer', 'query($orders: [ID!]) { salesOrders(first: 50, where: {ids: $orders}) { edges { node { id customer { id bankAccount annualRevenue } } } } }'],
      ['activities → customer', 'query($activities: [ID!]) { activities(first: 50, where: {ids: $activities}) { edges { node { id customer { id bankAccount annualRevenue } } } } }'],
      ['salesOrder(id) → customer', 'query($order: ID!) { salesOrder(id: $order) { id customer { id bankAccount annualRevenue } } }'],
      ['contact(id) → customer', 'query($contact: ID!) { contact(id: $contact) { id customer { id bankAccount annualRevenue } } }'],
      ['salesOrder(id) → contact → customer (fragment)', 'query($order: ID!) { salesOrder(id: $order) { contact { customer { ...on Customer { x: bankAccount } } } } }'],
      ['customer → contacts → customer', 'query($id: ID!) { customer(id: $id) { contacts { edges { node { customer { bankAccount annualRevenue } } } } } }'],
      ['customerRelations → other customer', `query($from: ID!) { customerRelations(customerId: $from) {
        fromCustomer { id bankAccount annualRevenue } toCustomer { id bankAccount annualRevenue } } }`],
    ];

    async function variables(id: string) {
      const [order] = await sql('SELECT id FROM sales_order WHERE customer_id = ? AND deleted_at IS NULL AND contact_id IS NOT NULL LIMIT 1', [id]);
      const [contact] = await sql('SELECT id FROM contact WHERE customer_id = ? AND deleted_at IS NULL LIMIT 1', [id]);
      const [rel] = await sql('SELECT from_customer_id, to_customer_id FROM customer_relation WHERE (from_customer_id = ? OR to_customer_id = ?) AND deleted_at IS NULL LIMIT 1', [id, id]);
      const all = async (table: string) => (await sql(`SELECT id FROM ${table} WHERE customer_id = ? AND deleted_at IS NULL`, [id])).map((r) => String(r.id));
      return {
        id, order: String(order.id), contact: String(contact.id), from: String(rel ? rel.from_customer_id : id),
        contacts: await all('contact'), orders: await all('sales_order'), activities: await all('activity'),
      };
    }

    /** Cases: [user, customer, what it is]; revenue is secret too except on the INTERNAL archive, where gm may read it. */
    const cases = () => [
      ['gm', classifiedWest, 'a CLASSIFIED archive (West, kept by archivist)'],
      ['am3', classifiedWest, 'its own CLASSIFIED archive'],
      ['am1', classifiedOfAm1, 'its own CLASSIFIED archive'],
      ['gm', internalOfAm1Shared, 'an INTERNAL archive (bankAccount is CLASSIFIED by field)'],
    ] as const;

    it.each(routes)('%s', async (_name, query) => {
      for (const [u, id, what] of cases()) {
        const c = await row(id);
        if (query.includes('customerRelations') && !(await sql('SELECT 1 FROM customer_relation WHERE from_customer_id = ? OR to_customer_id = ?', [id, id])).length) continue;
        const vars = await variables(id);
        const r = await gql(u, query, Object.fromEntries(Object.entries(vars).filter(([k]) => query.includes(`$${k}:`))));
        const label = `${u} on ${what}`;
        expect({ label, leaked: leaks(r, c.bank_account) }).toEqual({ label, leaked: false });
        if (id !== internalOfAm1Shared) expect({ label, leaked: leaks(r, c.annual_revenue) }).toEqual({ label, leaked: false });
        expect({ label, codes: [...new Set(codes(r))] }).toEqual({ label, codes: ['FIELD_CLASSIFIED'] });
        expect(r.data).not.toBeNull();
      }
    });

    it('two aliases of a denied field count as two occurrences of one coordinate', async () => {
      const r = await gql('gm', 'query($id: ID!) { customer(id: $id) { a: bankAccount b: bankAccount } }', { id: internalOfAm1Shared });
      expect(r.data!.customer).toEqual({ a: null, b: null });
      expect(codes(r)).toEqual(['FIELD_CLASSIFIED']);
      expect(r.errors![0].extensions).toMatchObject({ count: 2, level: 'CLASSIFIED' });
    });

    it('control: the custodian (archivist) gets the value through the same nested route', async () => {
      const c = await row(classifiedWest);
      const v = await variables(classifiedWest);
      const r = await gql('archivist', 'query($contact: ID!) { contact(id: $contact) { customer { bankAccount annualRevenue } } }', v);
      expect(ok(r).contact.customer).toEqual({ bankAccount: c.bank_account, annualRevenue: c.annual_revenue });
    });
  });
});
