import { Permission } from '@custodian/schema';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { Actor } from '../../auth/actor';
import { recordChange } from '../../audit/recorder';
import { archiveFacts, assertDeletable, assertPermission, assertWritable } from '../../auth/policy';
import { scopeCustomers } from '../../auth/scope';
import { Context } from '../../context';
import { badInput, notFound } from '../../errors';
import { applyFilters, guardedOrder } from '../../common/filters';
import { KeysetOrder, keysetPage } from '../../common/keyset';
import { PageArgs } from '../../common/inputs';
import { definedOnly, softDeleteVersioned, updateVersioned, writtenFields } from '../../common/records';
import { where } from '../../common/where';
import { READ_COMMITTED } from '../../db/retry';
import { CustomerEntity } from '../customer/customer.entity';
import { pageSize } from '../customer/customer.service';
import {
  assertContactOfCustomer, assertUserExists, lockParentCustomer, rethrowDbError, withIsoDays,
} from '../contact/contact.service';
import { fromUnits, lineAmountUnits, MONEY_LIMIT, MONEY_SCALE } from './sales-order.amounts';
import { SalesOrderEntity } from './sales-order.entity';
import {
  CreateSalesOrderInput, SalesOrderLineInput, SalesOrderOrder, SalesOrderOrderField, SalesOrderWhere, UpdateSalesOrderInput,
} from './sales-order.inputs';
import { SalesOrderLineEntity } from './sales-order-line.entity';

type Qb = SelectQueryBuilder<SalesOrderEntity>;

const DAYS = ['orderDate', 'dueDate', 'receivedDate', 'reminderDate'];

/** Each filter with the order fields it reads (the side-channel rule checks them) and its SQL. */
export const SALES_ORDER_FILTERS: { [K in keyof Required<SalesOrderWhere>]: { fields: string[]; apply: (qb: Qb, v: NonNullable<SalesOrderWhere[K]>) => void } } = {
  search: { fields: ['orderNo'], apply: (qb, v) => where.contains(qb, 't.order_no', v.trim()) },
  ids: { fields: ['id'], apply: (qb, v) => where.in(qb, 't.id', v) },
  orderNo: { fields: ['orderNo'], apply: (qb, v) => where.eq(qb, 't.order_no', v) },
  customerId: { fields: ['customerId'], apply: (qb, v) => where.eq(qb, 't.customer_id', v) },
  customerIdIn: { fields: ['customerId'], apply: (qb, v) => where.in(qb, 't.customer_id', v) },
  contactId: { fields: ['contactId'], apply: (qb, v) => where.eq(qb, 't.contact_id', v) },
  ownerIdIn: { fields: ['owner'], apply: (qb, v) => where.in(qb, 't.owner_id', v) },
  statusIn: { fields: ['status'], apply: (qb, v) => where.in(qb, 't.status', v) },
  currencyIn: { fields: ['currency'], apply: (qb, v) => where.in(qb, 't.currency', v) },
  invoiced: { fields: ['invoiced'], apply: (qb, v) => where.eq(qb, 't.invoiced', v) },
  orderDate: { fields: ['orderDate'], apply: (qb, v) => where.time(qb, 't.order_date', v) },
  dueDate: { fields: ['dueDate'], apply: (qb, v) => where.time(qb, 't.due_date', v) },
  amount: { fields: ['amount'], apply: (qb, v) => where.range(qb, 't.amount', v) },
};

/** Sortable columns with the order field each one reveals. */
export const SALES_ORDER_ORDERS: Record<SalesOrderOrderField, { field: string; column?: string; valueOf: (o: SalesOrderEntity) => unknown }> = {
  [SalesOrderOrderField.ID]: { field: 'id', valueOf: (o) => o.id },
  [SalesOrderOrderField.ORDER_NO]: { field: 'orderNo', column: 't.order_no', valueOf: (o) => o.orderNo },
  [SalesOrderOrderField.ORDER_DATE]: { field: 'orderDate', column: 't.order_date', valueOf: (o) => o.orderDate },
  [SalesOrderOrderField.STATUS]: { field: 'status', column: 't.status', valueOf: (o) => o.status },
};

function salesOrderOrder(order: SalesOrderOrder | undefined): KeysetOrder<SalesOrderEntity> {
  const field = order?.field ?? SalesOrderOrderField.ID;
  const direction = order?.direction ?? 'ASC';
  const spec = SALES_ORDER_ORDERS[field];
  return { key: `salesOrder:${field}_${direction}`, column: spec.column, idColumn: 't.id', direction, valueOf: spec.valueOf, idOf: (o) => o.id };
}


/** Orders the actor may see (their customer is in scope and not deleted), aliased `t`, customer `cu`. */
export function scopedSalesOrders(db: EntityManager, actor: Actor): Qb {
  const qb = db.getRepository(SalesOrderEntity).createQueryBuilder('t')
    .innerJoin(CustomerEntity, 'cu', 'cu.id = t.customerId AND cu.deleted_at IS NULL');
  return scopeCustomers(qb, actor, 'cu', 'SalesOrder');
}

/** Line rows with server-computed amounts, and the order total (exact decimals). */
function priceLines(lines: SalesOrderLineInput[]): { rows: Array<Partial<SalesOrderLineEntity>>; amount: string } {
  let total = 0n;
  const rows = lines.map((l, i) => {
    const discount = l.discount ?? '0';
    const units = lineAmountUnits(l.quantity, l.unitPrice, discount);
    if (units >= MONEY_LIMIT) throw badInput(`lines.${i}.quantity`, 'The line amount exceeds the largest storable amount');
    total += units;
    return {
      lineNo: i + 1, product: l.product, model: l.model ?? null, quantity: l.quantity, unit: l.unit ?? null,
      unitPrice: l.unitPrice, costPrice: l.costPrice ?? null, discount, amount: fromUnits(units, MONEY_SCALE),
    };
  });
  if (total >= MONEY_LIMIT) throw badInput('lines', 'The order amount exceeds the largest storable amount');
  return { rows, amount: fromUnits(total, MONEY_SCALE) };
}

/**
 * Replaces an order's lines (the caller holds its customer's row lock, so no one else writes them, and
 * runs READ COMMITTED, so the lines read are the committed ones).
 * Lines are deleted by primary key: a `DELETE … WHERE order_id = ?` locks the index gap after the
 * order's lines, where concurrent new orders insert theirs — a deadlock with every concurrent create.
 */
async function replaceLines(tx: EntityManager, orderId: string, rows: Array<Partial<SalesOrderLineEntity>>, existing: boolean): Promise<void> {
  const repo = tx.getRepository(SalesOrderLineEntity);
  if (existing) {
    const old: Array<{ id: string }> = await tx.query('SELECT id FROM sales_order_line WHERE order_id = ?', [orderId]);
    if (old.length) await repo.delete(old.map((l) => String(l.id)));
  }
  if (rows.length) await repo.insert(rows.map((r) => ({ ...r, orderId })));
}

/** Writing needs the right to read: the order's fields, and each field given on a line. */
function assertOrderWritable(ctx: Context, actor: Actor, input: object & { lines?: object[] | null }, parent: CustomerEntity): void {
  const facts = archiveFacts(parent);
  assertWritable(actor, ctx.levels, ctx.grants, 'SalesOrder', writtenFields(input), facts);
  const lineFields = [...new Set((input.lines ?? []).flatMap((l) => writtenFields(l, [])))];
  assertWritable(actor, ctx.levels, ctx.grants, 'SalesOrderLine', lineFields, facts);
}

function generatedOrderNo(now: Date): string {
  return `SO${now.getTime().toString(36).toUpperCase()}${Math.floor(Math.random() * 36 ** 3).toString(36).toUpperCase().padStart(3, '0')}`;
}

export async function listSalesOrders(ctx: Context, actor: Actor, page: PageArgs, w?: SalesOrderWhere, order?: SalesOrderOrder) {
  const first = pageSize(ctx, actor, page.first);
  const qb = scopedSalesOrders(ctx.ds.manager, actor);
  const rule = { actor, levels: ctx.levels, grants: ctx.grants };
  applyFilters(qb, SALES_ORDER_FILTERS, w, rule, 'SalesOrder', 'cu');
  const countQb = qb.clone();
  return keysetPage(qb, guardedOrder(salesOrderOrder(order), rule, 'SalesOrder', SALES_ORDER_ORDERS[order?.field ?? SalesOrderOrderField.ID].field, 'cu'), first, page.after, () => countQb.getCount());
}

export async function getSalesOrder(ctx: Context, actor: Actor, id: string): Promise<SalesOrderEntity> {
  const o = await scopedSalesOrders(ctx.ds.manager, actor).andWhere('t.id = :id', { id }).getOne();
  if (!o) throw notFound('SalesOrder', id);
  return o;
}

export async function createSalesOrder(ctx: Context, actor: Actor, input: CreateSalesOrderInput): Promise<SalesOrderEntity> {
  assertPermission(actor, Permission.RECORD_WRITE);
  const { lines, ...fields } = input;
  const priced = priceLines(lines);
  return ctx.ds.transaction(READ_COMMITTED, async (tx) => {
    const parent = await lockParentCustomer(tx, actor, input.customerId);
    assertOrderWritable(ctx, actor, input, parent);
    await assertContactOfCustomer(tx, input.contactId, input.customerId);
    await assertUserExists(tx, 'ownerId', input.ownerId);
    const orderNo = input.orderNo ?? generatedOrderNo(ctx.clock.now());
    const row = { ...withIsoDays(definedOnly(fields), DAYS), ownerId: input.ownerId ?? actor.userId, orderNo, amount: priced.amount };
    const id = await tx.getRepository(SalesOrderEntity).insert(row as Partial<SalesOrderEntity>)
      .then((r) => String(r.identifiers[0].id), rethrowDbError(`Sales order ${orderNo}`));
    await replaceLines(tx, id, priced.rows, false);
    const created = await scopedSalesOrders(tx, actor).andWhere('t.id = :id', { id }).getOneOrFail();
    await recordChange(ctx, tx, 'CREATE', 'SalesOrder', id, null, { ...created, lines: priced.rows }, [{ entityType: 'Customer', entityId: parent.id }]);
    return created;
  });
}

export async function updateSalesOrder(ctx: Context, actor: Actor, input: UpdateSalesOrderInput): Promise<SalesOrderEntity> {
  assertPermission(actor, Permission.RECORD_WRITE);
  const { lines, ...fields } = input;
  const priced = lines ? priceLines(lines) : null;
  return ctx.ds.transaction(READ_COMMITTED, async (tx) => {
    const before = await scopedSalesOrders(tx, actor).andWhere('t.id = :id', { id: input.id }).getOne();
    if (!before) throw notFound('SalesOrder', input.id);
    const parent = await lockParentCustomer(tx, actor, before.customerId);
    assertOrderWritable(ctx, actor, input, parent);
    await assertContactOfCustomer(tx, input.contactId, before.customerId);
    await assertUserExists(tx, 'ownerId', input.ownerId);
    const patch = withIsoDays(definedOnly(fields, ['id', 'version']), DAYS);
    if (priced) patch.amount = priced.amount;
    await updateVersioned(tx, SalesOrderEntity, 'SalesOrder', input.id, input.version, patch)
      .catch(rethrowDbError(`Sales order ${input.orderNo ?? before.orderNo}`));
    if (priced) await replaceLines(tx, input.id, priced.rows, true);
    const after = await scopedSalesOrders(tx, actor).andWhere('t.id = :id', { id: input.id }).getOneOrFail();
    await recordChange(ctx, tx, 'UPDATE', 'SalesOrder', input.id, before, priced ? { ...after, lines: priced.rows } : after,
      [{ entityType: 'Customer', entityId: parent.id }]);
    return after;
  });
}

export async function deleteSalesOrder(ctx: Context, actor: Actor, id: string, version: number): Promise<string> {
  assertPermission(actor, Permission.RECORD_WRITE);
  return ctx.ds.transaction(async (tx) => {
    const before = await scopedSalesOrders(tx, actor).andWhere('t.id = :id', { id }).getOne();
    if (!before) throw notFound('SalesOrder', id);
    const parent = await lockParentCustomer(tx, actor, before.customerId);
    assertDeletable(actor, ctx.levels, ctx.grants, 'SalesOrder', archiveFacts(parent));
    await softDeleteVersioned(tx, SalesOrderEntity, 'SalesOrder', id, version, ctx.clock.now());
    await recordChange(ctx, tx, 'DELETE', 'SalesOrder', id, before, null, [{ entityType: 'Customer', entityId: parent.id }]);
    return id;
  });
}
