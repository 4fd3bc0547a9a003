import { Permission } from '@custodian/schema';
import { SelectQueryBuilder } from 'typeorm';
import { Actor } from '../../auth/actor';
import { assertPermission } from '../../auth/policy';
import { ReadRule, restrictToReadable, scopeAggregates } from '../../auth/scope';
import { applyFilters, FilterSpec } from '../../common/filters';
import { where } from '../../common/where';
import { Context } from '../../context';
import { CustomerEntity } from '../customer/customer.entity';
import { CUSTOMER_FILTERS } from '../customer/customer.service';
import { fromUnits, MONEY_SCALE, toUnits } from '../sales-order/sales-order.amounts';
import { SalesOrderEntity } from '../sales-order/sales-order.entity';
import {
  CustomerStats, CustomerStatsDimension, CustomerStatsRow, SalesStats, SalesStatsDimension, SalesStatsRow, SalesStatsWhere,
} from './stats.types';

/**
 * Aggregates (DESIGN §3): rows come from the caller's aggregate scope (`scopeAggregates`), and every
 * grouped, measured or filtered field restricts them to rows where the caller may read it, so a
 * hidden value never shapes a count. A field readable nowhere refuses the operation (FORBIDDEN).
 */

/** Most groups returned; totals always cover every group. */
export const MAX_STATS_ROWS = 10_000;

type Dim<K extends string> = { field: string; column: string; key: K };

const CUSTOMER_DIMENSIONS: Record<CustomerStatsDimension, Dim<keyof CustomerStatsRow>> = {
  [CustomerStatsDimension.STATUS]: { field: 'status', column: 'c.status', key: 'status' },
  [CustomerStatsDimension.GRADE]: { field: 'grade', column: 'c.grade', key: 'grade' },
  [CustomerStatsDimension.TYPE]: { field: 'type', column: 'c.type', key: 'type' },
  [CustomerStatsDimension.KIND]: { field: 'kind', column: 'c.kind', key: 'kind' },
  [CustomerStatsDimension.INDUSTRY]: { field: 'industry', column: 'c.industry', key: 'industry' },
  [CustomerStatsDimension.REGION]: { field: 'region', column: 'c.region', key: 'region' },
  [CustomerStatsDimension.OWNER]: { field: 'owner', column: 'c.owner_id', key: 'ownerId' },
  [CustomerStatsDimension.DEPARTMENT]: { field: 'department', column: 'c.department_id', key: 'departmentId' },
  [CustomerStatsDimension.ARCHIVE_LEVEL]: { field: 'archiveLevel', column: 'c.archive_level', key: 'archiveLevel' },
};

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function ruleOf(ctx: Context, actor: Actor): ReadRule {
  return { actor, levels: ctx.levels, grants: ctx.grants };
}

export async function customerStats(ctx: Context, actor: Actor, groupBy: CustomerStatsDimension[], w?: object): Promise<CustomerStats> {
  assertPermission(actor, Permission.STATS_READ);
  const dims = [...new Set(groupBy)];
  const rule = ruleOf(ctx, actor);
  const qb = scopeAggregates(ctx.ds.getRepository(CustomerEntity).createQueryBuilder('c'), actor, 'c');
  restrictToReadable(qb, rule, 'Customer', dims.map((d) => CUSTOMER_DIMENSIONS[d].field), 'c', 'groupBy');
  applyFilters(qb, CUSTOMER_FILTERS, w, rule, 'Customer', 'c');
  qb.select('COUNT(*)', 'n');
  dims.forEach((d, i) => {
    qb.addSelect(CUSTOMER_DIMENSIONS[d].column, `d${i}`).addGroupBy(CUSTOMER_DIMENSIONS[d].column).addOrderBy(CUSTOMER_DIMENSIONS[d].column);
  });
  const raw: Array<Record<string, unknown>> = await qb.getRawMany();
  const rows = raw.map((r) => {
    const row: Record<string, unknown> = {
      status: null, grade: null, type: null, kind: null, industry: null, region: null, ownerId: null, departmentId: null, archiveLevel: null,
      count: Number(r.n),
    };
    dims.forEach((d, i) => { row[CUSTOMER_DIMENSIONS[d].key] = str(r[`d${i}`]); });
    return row as unknown as CustomerStatsRow;
  });
  const total = rows.reduce((s, r) => s + r.count, 0);
  return { groupBy: dims, rows: rows.slice(0, MAX_STATS_ROWS), total, truncated: rows.length > MAX_STATS_ROWS };
}

type OrderQb = SelectQueryBuilder<SalesOrderEntity>;

/** salesStats' own filters: order fields, checked against the order's archive (customer alias `c`). */
const SALES_STATS_FILTERS: Record<Exclude<keyof SalesStatsWhere, 'customer'>, FilterSpec<OrderQb>> = {
  orderDate: { fields: ['orderDate'], apply: (qb, v) => where.time(qb, 'o.order_date', v) },
  statusIn: { fields: ['status'], apply: (qb, v) => where.in(qb, 'o.status', v) },
  currencyIn: { fields: ['currency'], apply: (qb, v) => where.in(qb, 'o.currency', v) },
  ownerIdIn: { fields: ['owner'], apply: (qb, v) => where.in(qb, 'o.owner_id', v) },
  invoiced: { fields: ['invoiced'], apply: (qb, v) => where.eq(qb, 'o.invoiced', v) },
};

/** Non-date dimensions: the type and field the grouped value belongs to, its column and output key. */
const SALES_DIMENSIONS: Partial<Record<SalesStatsDimension, Dim<keyof SalesStatsRow> & { type: 'SalesOrder' | 'Customer' }>> = {
  [SalesStatsDimension.STATUS]: { type: 'SalesOrder', field: 'status', column: 'o.status', key: 'status' },
  [SalesStatsDimension.OWNER]: { type: 'SalesOrder', field: 'owner', column: 'o.owner_id', key: 'ownerId' },
  [SalesStatsDimension.CURRENCY]: { type: 'SalesOrder', field: 'currency', column: 'o.currency', key: 'currency' },
  [SalesStatsDimension.GRADE]: { type: 'Customer', field: 'grade', column: 'c.grade', key: 'grade' },
  [SalesStatsDimension.DEPARTMENT]: { type: 'Customer', field: 'department', column: 'c.department_id', key: 'departmentId' },
};

const DATE_DIMENSIONS = [SalesStatsDimension.YEAR, SalesStatsDimension.QUARTER, SalesStatsDimension.MONTH];

interface Acc { row: SalesStatsRow; amount: bigint; received: bigint }

function emptyRow(): SalesStatsRow {
  return {
    period: null, year: null, quarter: null, month: null, status: null, grade: null, ownerId: null, departmentId: null, currency: null,
    count: 0, amount: '0.00', received: '0.00', outstanding: '0.00',
  };
}

function finish(acc: Acc): SalesStatsRow {
  return { ...acc.row, amount: fromUnits(acc.amount, MONEY_SCALE), received: fromUnits(acc.received, MONEY_SCALE), outstanding: fromUnits(acc.amount - acc.received, MONEY_SCALE) };
}

/** SUM() of DECIMAL(18,2) as exact units (MySQL and MariaDB may add decimals; they are zeros). */
function units(v: unknown): bigint {
  if (v === null || v === undefined) return 0n;
  const [int, frac = ''] = String(v).split('.');
  return toUnits(`${int}.${frac.padEnd(MONEY_SCALE, '0').slice(0, MONEY_SCALE)}`, MONEY_SCALE);
}

export async function salesStats(ctx: Context, actor: Actor, groupBy: SalesStatsDimension[], w?: SalesStatsWhere): Promise<SalesStats> {
  assertPermission(actor, Permission.STATS_READ);
  const dims = [...new Set(groupBy)];
  const rule = ruleOf(ctx, actor);
  const qb = ctx.ds.getRepository(SalesOrderEntity).createQueryBuilder('o')
    .innerJoin(CustomerEntity, 'c', 'c.id = o.customer_id AND c.deleted_at IS NULL');
  scopeAggregates(qb, actor, 'c', 'SalesOrder');
  const dated = dims.filter((d) => DATE_DIMENSIONS.includes(d));
  const plain = dims.filter((d) => !DATE_DIMENSIONS.includes(d)).map((d) => SALES_DIMENSIONS[d]!);
  // Measures and date buckets read these order fields; grouped fields read theirs.
  restrictToReadable(qb, rule, 'SalesOrder', ['amount', 'receivedAmount', ...(dated.length ? ['orderDate'] : [])], 'c', 'aggregates');
  for (const d of plain) restrictToReadable(qb, rule, d.type, [d.field], 'c', 'groupBy');
  if (w) {
    const { customer, ...own } = w;
    applyFilters(qb, SALES_STATS_FILTERS, own, rule, 'SalesOrder', 'c');
    applyFilters(qb as unknown as SelectQueryBuilder<CustomerEntity>, CUSTOMER_FILTERS, customer, rule, 'Customer', 'c');
  }
  qb.select('COUNT(*)', 'n').addSelect('SUM(o.amount)', 'amount').addSelect('SUM(o.received_amount)', 'received');
  // Months are rolled up to quarters here, so the SQL needs only EXTRACT(YEAR|MONTH), which every target dialect but SQLite has.
  const byMonth = dated.includes(SalesStatsDimension.MONTH) || dated.includes(SalesStatsDimension.QUARTER);
  const groups: string[] = [];
  if (dated.length) groups.push('EXTRACT(YEAR FROM o.order_date)');
  if (byMonth) groups.push('EXTRACT(MONTH FROM o.order_date)');
  groups.push(...plain.map((d) => d.column));
  groups.forEach((g, i) => { qb.addSelect(g, `g${i}`).addGroupBy(g); });
  const raw: Array<Record<string, unknown>> = await qb.getRawMany();

  const buckets = new Map<string, Acc>();
  const all: Acc = { row: emptyRow(), amount: 0n, received: 0n };
  for (const r of raw) {
    const row = emptyRow();
    let g = 0;
    if (dated.length) {
      const year = Number(r[`g${g++}`]);
      const month = byMonth ? Number(r[`g${g++}`]) : null;
      row.year = year;
      if (dated.includes(SalesStatsDimension.MONTH)) {
        row.month = month;
        row.quarter = Math.ceil(month! / 3);
        row.period = `${year}-${String(month).padStart(2, '0')}`;
      } else if (dated.includes(SalesStatsDimension.QUARTER)) {
        row.quarter = Math.ceil(month! / 3);
        row.period = `${year}-Q${row.quarter}`;
      } else {
        row.period = String(year);
      }
    }
    for (const d of plain) (row as unknown as Record<string, unknown>)[d.key] = str(r[`g${g++}`]);
    const key = JSON.stringify([row.period, ...plain.map((d) => row[d.key])]);
    const acc = buckets.get(key) ?? { row, amount: 0n, received: 0n };
    const n = Number(r.n);
    const amount = units(r.amount);
    const received = units(r.received);
    acc.row.count += n;
    acc.amount += amount;
    acc.received += received;
    all.row.count += n;
    all.amount += amount;
    all.received += received;
    buckets.set(key, acc);
  }
  const rows = [...buckets.values()].map(finish).sort(compareRows(plain.map((d) => d.key)));
  return { groupBy: dims, rows: rows.slice(0, MAX_STATS_ROWS), totals: finish(all), truncated: rows.length > MAX_STATS_ROWS };
}

function compareRows(keys: Array<keyof SalesStatsRow>): (a: SalesStatsRow, b: SalesStatsRow) => number {
  return (a, b) => {
    for (const k of ['year', 'month', 'quarter', ...keys] as Array<keyof SalesStatsRow>) {
      const x = a[k];
      const y = b[k];
      if (x === y) continue;
      if (x === null) return -1;
      if (y === null) return 1;
      return x < y ? -1 : 1;
    }
    return 0;
  };
}
