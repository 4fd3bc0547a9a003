import DataLoader from 'dataloader';
import { Context } from '../../context';
import { connectionOf } from '../../common/connection';
import { ChildList } from '../../common/nested';
import { childPages } from '../customer/customer.loaders';
import { SalesOrderEntity } from './sales-order.entity';
import { SalesOrderLineEntity } from './sales-order-line.entity';

export const SalesOrderConnection = connectionOf(SalesOrderEntity, 'SalesOrder');
export type SalesOrderConnection = InstanceType<typeof SalesOrderConnection>;

/** A customer's orders, newest order date first. */
export const ORDERS_OF_CUSTOMER: ChildList<SalesOrderEntity> = {
  name: 'ordersOfCustomer', entity: SalesOrderEntity, table: 'sales_order', parentColumn: 'customer_id',
  parentOf: (o) => o.customerId, column: 'order_date', direction: 'DESC', valueOf: (o) => o.orderDate, softDelete: true,
};

/** Most lines an order may have (the create and update inputs enforce it). */
export const MAX_LINES = 1000;

/** An order's lines in line order (at most 1000 per order). */
export const LINES_OF_ORDER: ChildList<SalesOrderLineEntity> = {
  name: 'linesOfOrder', entity: SalesOrderLineEntity, table: 'sales_order_line', parentColumn: 'order_id',
  parentOf: (l) => l.orderId, column: 'line_no', direction: 'ASC', valueOf: (l) => l.lineNo, softDelete: false,
};

/** All lines of each order in the batch, one query for every order of the response. */
export const linesOfOrder = (ctx: Context): DataLoader<string, { nodes: SalesOrderLineEntity[] }> =>
  childPages(ctx, LINES_OF_ORDER, MAX_LINES);
