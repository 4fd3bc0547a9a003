import { connectionOf } from '../../common/connection';
import { ChildList } from '../../common/nested';
import { SalesOrderEntity } from './sales-order.entity';
import { SalesOrderLineEntity } from './sales-order-line.entity';

export const SalesOrderConnection = connectionOf(SalesOrderEntity, 'SalesOrder');
export type SalesOrderConnection = InstanceType<typeof SalesOrderConnection>;

/** A customer's orders, newest order date first. */
export const ORDERS_OF_CUSTOMER: ChildList<SalesOrderEntity> = {
  name: 'ordersOfCustomer', entity: SalesOrderEntity, table: 'sales_order', parentColumn: 'customer_id',
  parentOf: (o) => o.customerId, column: 'order_date', direction: 'DESC', valueOf: (o) => o.orderDate, softDelete: true,
};

/** An order's lines in line order (at most 1000 per order). */
export const LINES_OF_ORDER: ChildList<SalesOrderLineEntity> = {
  name: 'linesOfOrder', entity: SalesOrderLineEntity, table: 'sales_order_line', parentColumn: 'order_id',
  parentOf: (l) => l.orderId, column: 'line_no', direction: 'ASC', valueOf: (l) => l.lineNo, softDelete: false,
};
