import { codes, startApi, TestApi } from '../support/api';
import { closeDb, ok, sql, userId } from '../support/fixtures';

/**
 * Aggregates (issue 7): customerStats and salesStats count within the caller's aggregate scope
 * (SUMMARY sees its department subtree, never rows) and only over rows whose grouped, measured and
 * filtered fields the caller may read; a field readable nowhere refuses the operation.
 */

const CUSTOMER_STATS = `query($groupBy: [CustomerStatsDimension!]!, $where: CustomerWhere) {
  customerStats(groupBy: $groupBy, where: $where) { groupBy total truncated
    rows { status grade type kind industry region ownerId departmentId archiveLevel count owner { username } department { code } } } }`;
const SALES_STATS = `query($groupBy: [SalesStatsDimension!]!, $where: SalesStatsWhere) {
  salesStats(groupBy: $groupBy, where: $where) {
    rows { period year quarter month status grade ownerId departmentId currency count amount received outstanding }
    totals { count amount received outstanding } } }`;
const SET_LEVEL = 'mutation($input: SetFieldLevelInput!) { setFieldLevel(input: $input) { level } }';

interface CountRow { k: string | null; n: number }
type StatsRow = Record<string, string | number | null> & { count: number };

/** `{ value: count }` of a stats answer, keyed by one output field. */
const byKey = (rows: StatsRow[], key: string) => Object.fromEntries(rows.map((r) => [String(r[key]), r.count]));
const countsOf = (rows: CountRow[]) => Object.fromEntries(rows.map((r) => [String(r.k), Number(r.n)]));

/** Exact cents of a DECIMAL(…,2) string. */
const cents = (v: string | number | null) => {
  const [i, f = ''] = String(v ?? '0').split('.');
  return BigInt(i) * 100n + BigInt((f + '00').slice(0, 2)) * (i.startsWith('-') ? -1n : 1n);
};

describe('aggregates', () => {
  let api: TestApi;
  const tokens: Record<string, string> = {};
  const as = async (u: string) => (tokens[u] ??= await api.token(u));
  const gql = async (u: string, query: string, variables?: Record<string, unknown>) => api.gql(await as(u), query, variables);
  const customerStats = async (u: string, groupBy: string[], where?: Record<string, unknown>) =>
    ok(await gql(u, CUSTOMER_STATS, { groupBy, where })).customerStats as { total: number; truncated: boolean; rows: StatsRow[] };
  const salesStats = async (u: string, groupBy: string[], where?: Record<string, unknown>) =>
    ok(await gql(u, SALES_STATS, { groupBy, where })).salesStats as { rows: StatsRow[]; totals: StatsRow };

  beforeAll(async () => { api = await startApi(); });
  afterAll(async () => {
    await api.close();
    await closeDb();
  });

  describe('customerStats', () => {
    it('counts every customer the general manager may read the status of: CLASSIFIED archives only count for their custodian', async () => {
      const stats = await customerStats('gm', ['STATUS']);
      const expected = countsOf(await sql(`SELECT status AS k, COUNT(*) AS n FROM customer
        WHERE deleted_at IS NULL AND archive_level <> 'CLASSIFIED' GROUP BY status`));
      expect(byKey(stats.rows, 'status')).toEqual(expected);
      expect(stats.total).toBe(Object.values(expected).reduce((a, b) => a + b, 0));
      expect(stats.truncated).toBe(false);
    });

    it('includes the CLASSIFIED archives for their custodian', async () => {
      const stats = await customerStats('archivist', ['ARCHIVE_LEVEL']);
      expect(byKey(stats.rows, 'archiveLevel')).toEqual(countsOf(await sql(
        'SELECT archive_level AS k, COUNT(*) AS n FROM customer WHERE deleted_at IS NULL GROUP BY archive_level')));
    });

    it("counts an account manager's own scope, with their own CONFIDENTIAL archives but no CLASSIFIED one", async () => {
      const me = await userId('am1');
      const stats = await customerStats('am1', ['GRADE', 'OWNER']);
      const expected = await sql(`SELECT grade, owner_id, COUNT(*) AS n FROM customer WHERE deleted_at IS NULL
          AND (owner_id = ? OR second_manager_id = ?)
          AND (archive_level IN ('PUBLIC', 'INTERNAL') OR (archive_level = 'CONFIDENTIAL' AND owner_id = ?))
        GROUP BY grade, owner_id`, [me, me, me]);
      const got = stats.rows.map((r) => `${r.grade}/${r.ownerId}:${r.count}`).sort();
      expect(got).toEqual(expected.map((r) => `${r.grade}/${r.owner_id}:${r.n}`).sort());
      expect(stats.rows.some((r) => (r as { owner?: { username: string } }).owner?.username === 'am1')).toBe(true);
    });

    it("gives the report viewer (SUMMARY, CONFIDENTIAL) aggregates of its department subtree up to CONFIDENTIAL archives, and no rows", async () => {
      const stats = await customerStats('viewer', ['DEPARTMENT']);
      const expected = await sql(`SELECT d.code AS k, COUNT(*) AS n FROM customer c JOIN department d ON d.id = c.department_id
        WHERE c.deleted_at IS NULL AND c.archive_level IN ('PUBLIC', 'INTERNAL', 'CONFIDENTIAL')
          AND d.path LIKE CONCAT((SELECT path FROM department WHERE id = (SELECT department_id FROM app_user WHERE username = 'viewer')), '%')
        GROUP BY d.code`);
      expect(Object.fromEntries(stats.rows.map((r) => [(r as unknown as { department: { code: string } }).department.code, r.count]))).toEqual(countsOf(expected as unknown as CountRow[]));
      expect(codes(await gql('viewer', '{ customers(first: 5) { edges { node { id } } } }'))).toEqual(['FORBIDDEN']);
    });

    it.each(['admin', 'secofficer', 'auditor'])('refuses %s, who holds no business data (FORBIDDEN)', async (u) => {
      expect(codes(await gql(u, CUSTOMER_STATS, { groupBy: ['STATUS'] }))).toEqual(['FORBIDDEN']);
      expect(codes(await gql(u, SALES_STATS, { groupBy: ['MONTH'] }))).toEqual(['FORBIDDEN']);
    });

    it('filters with CustomerWhere, counting only rows where the filtered field is readable', async () => {
      const me = await userId('am1');
      const stats = await customerStats('am1', [], { annualRevenue: { gte: '0' } });
      const [expected] = await sql(`SELECT COUNT(*) AS n FROM customer WHERE deleted_at IS NULL AND annual_revenue >= 0
        AND (owner_id = ? OR second_manager_id = ?)
        AND ((archive_level IN ('PUBLIC', 'INTERNAL', 'CONFIDENTIAL') AND owner_id = ?))`, [me, me, me]);
      expect(stats.total).toBe(Number(expected.n));
      expect(stats.rows).toHaveLength(1);
    });

    it('refuses grouping by, or filtering on, a field the caller can read nowhere (FORBIDDEN), and accepts it again once restored', async () => {
      ok(await gql('secofficer', SET_LEVEL, { input: { typeName: 'Customer', field: 'industry', level: 'CLASSIFIED' } }));
      try {
        expect(codes(await gql('am1', CUSTOMER_STATS, { groupBy: ['INDUSTRY'] }))).toEqual(['FORBIDDEN']);
        expect(codes(await gql('am1', CUSTOMER_STATS, { groupBy: ['STATUS'], where: { industryIn: ['金融'] } }))).toEqual(['FORBIDDEN']);
        expect(codes(await gql('am1', SALES_STATS, { groupBy: ['MONTH'], where: { customer: { industryIn: ['金融'] } } }))).toEqual(['FORBIDDEN']);
      } finally {
        ok(await gql('secofficer', SET_LEVEL, { input: { typeName: 'Customer', field: 'industry', level: null } }));
      }
      expect(codes(await gql('am1', CUSTOMER_STATS, { groupBy: ['INDUSTRY'] }))).toEqual([]);
    });
  });

  describe('salesStats', () => {
    const ORDERS = `FROM sales_order o JOIN customer c ON c.id = o.customer_id AND c.deleted_at IS NULL
      WHERE o.deleted_at IS NULL AND c.archive_level <> 'CLASSIFIED'`;

    it('sums MONTH × GRADE exactly as the database does; amount = received + outstanding', async () => {
      const stats = await salesStats('gm', ['MONTH', 'GRADE']);
      const expected = await sql(`SELECT DATE_FORMAT(o.order_date, '%Y-%m') AS period, c.grade, COUNT(*) AS n, SUM(o.amount) AS amount,
        SUM(o.received_amount) AS received ${ORDERS} GROUP BY period, c.grade`);
      const key = (p: unknown, g: unknown) => `${p}/${g}`;
      const want = new Map(expected.map((r) => [key(r.period, r.grade), `${r.n}:${cents(r.amount)}:${cents(r.received)}`]));
      const got = new Map(stats.rows.map((r) => [key(r.period, r.grade), `${r.count}:${cents(r.amount)}:${cents(r.received)}`]));
      expect(got).toEqual(want);
      for (const r of stats.rows) {
        expect(cents(r.amount)).toBe(cents(r.received) + cents(r.outstanding));
        expect(r.quarter).toBe(Math.ceil(Number(r.month) / 3));
      }
      const [all] = await sql(`SELECT COUNT(*) AS n, SUM(o.amount) AS amount ${ORDERS}`);
      expect(stats.totals.count).toBe(Number(all.n));
      expect(cents(stats.totals.amount)).toBe(cents(all.amount));
    });

    it('rolls months up into quarters and years with the same totals', async () => {
      const months = await salesStats('gm', ['MONTH']);
      const quarters = await salesStats('gm', ['QUARTER']);
      const years = await salesStats('gm', ['YEAR']);
      const rollup = new Map<string, bigint>();
      for (const r of months.rows) {
        const q = `${r.year}-Q${Math.ceil(Number(r.month) / 3)}`;
        rollup.set(q, (rollup.get(q) ?? 0n) + cents(r.amount));
      }
      expect(new Map(quarters.rows.map((r) => [r.period, cents(r.amount)]))).toEqual(rollup);
      expect(years.rows.every((r) => r.period === String(r.year) && r.month === null)).toBe(true);
      expect(cents(years.totals.amount)).toBe(cents(months.totals.amount));
    });

    it('filters by order fields and by the customer', async () => {
      const stats = await salesStats('gm', ['STATUS', 'CURRENCY'], { statusIn: ['PAID', 'INVOICED'], customer: { gradeIn: ['A'] } });
      const expected = await sql(`SELECT o.status AS k, COUNT(*) AS n ${ORDERS} AND o.status IN ('PAID', 'INVOICED') AND c.grade = 'A' GROUP BY o.status`);
      expect(byKey(stats.rows, 'status')).toEqual(countsOf(expected as unknown as CountRow[]));
      expect(stats.rows.every((r) => r.currency === 'CNY')).toBe(true);
    });

    it("keeps an account manager's totals within their own customers", async () => {
      const me = await userId('am3');
      const stats = await salesStats('am3', ['OWNER', 'DEPARTMENT']);
      // Order amounts reveal line discounts (CONFIDENTIAL): an INTERNAL account manager sums them as owner only.
      const [expected] = await sql(`SELECT COUNT(*) AS n FROM sales_order o JOIN customer c ON c.id = o.customer_id AND c.deleted_at IS NULL
        WHERE o.deleted_at IS NULL AND c.owner_id = ? AND c.archive_level IN ('PUBLIC', 'INTERNAL', 'CONFIDENTIAL')`, [me]);
      expect(stats.totals.count).toBe(Number(expected.n));
    });

    it('sums orders a second manager shares only where it may read their amounts (am2 on am1\'s shared customers: not)', async () => {
      const [am1, am2] = [await userId('am1'), await userId('am2')];
      const shared = await sql(`SELECT o.id FROM sales_order o JOIN customer c ON c.id = o.customer_id
        WHERE o.deleted_at IS NULL AND c.deleted_at IS NULL AND c.owner_id = ? AND c.second_manager_id = ?`, [am1, am2]);
      expect(shared.length).toBeGreaterThan(0);
      const stats = await salesStats('am2', ['OWNER']);
      expect(stats.rows.map((r) => r.ownerId)).not.toContain(am1);
    });

    it('serves an API token within its scope and clearance: order amounts (which reveal discounts) need a CONFIDENTIAL token', async () => {
      const token = async (clearance: string) => ok(await gql('gm', `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }`, {
        input: { name: 'bi', clearance, scope: 'ALL', expiresAt: new Date(Date.now() + 3_600_000).toISOString() },
      })).createApiToken.token as string;
      const internal = await api.gql(await token('INTERNAL'), SALES_STATS, { groupBy: ['YEAR'] });
      expect(codes(internal)).toEqual(['FORBIDDEN']);
      expect(internal.errors![0].extensions.field).toBe('SalesOrder.amount');
      const r = ok(await api.gql(await token('CONFIDENTIAL'), SALES_STATS, { groupBy: ['YEAR'] })).salesStats;
      const [expected] = await sql(`SELECT COUNT(*) AS n FROM sales_order o JOIN customer c ON c.id = o.customer_id AND c.deleted_at IS NULL
        WHERE o.deleted_at IS NULL AND c.archive_level IN ('PUBLIC', 'INTERNAL', 'CONFIDENTIAL')`);
      expect(r.totals.count).toBe(Number(expected.n));
    });
  });
});
