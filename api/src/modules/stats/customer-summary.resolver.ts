import DataLoader from 'dataloader';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { OrderStatus } from '@custodian/schema';
import { readableCondition } from '../../auth/policy';
import { Context } from '../../context';
import { hydrate } from '../../db/hydrate';
import { DecimalScalar } from '../../common/scalars';
import { ContactEntity } from '../contact/contact.entity';
import { CustomerEntity } from '../customer/customer.entity';

/** Orders still waiting for money: confirmed, shipped or invoiced. */
export const OPEN_ORDER_STATUSES: readonly OrderStatus[] = [OrderStatus.CONFIRMED, OrderStatus.SHIPPED, OrderStatus.INVOICED];

interface Summary { primaryContact: ContactEntity | null; lastActivityAt: Date | null; openOrderAmount: string | null }

/**
 * The SQL condition (customer alias `c`) under which the caller may read every listed source field;
 * 'FALSE' when one is readable nowhere. A derived value is computed only where its sources are
 * readable, so it never reveals a value the caller could not read itself (DESIGN §3 side channels).
 */
function sourcesReadable(ctx: Context, typeName: string, fields: string[]): string {
  const conds = fields.map((f) => readableCondition(ctx.actor!, ctx.levels, ctx.grants, typeName, f, 'c'));
  if (conds.some((c) => c === null)) return 'FALSE';
  const real = conds.filter((c) => c !== 'TRUE');
  return real.length ? real.join(' AND ') : 'TRUE';
}

/**
 * What a customer list page shows beside each customer — primary contact, last activity, open order
 * amount — in one statement for the whole page (correlated subqueries on the children's indexes).
 */
const summaries = (ctx: Context): DataLoader<string, Summary> => ctx.loaders.get('customerSummary', () => new DataLoader(async (ids) => {
  const open = OPEN_ORDER_STATUSES.map((s) => `'${s}'`).join(',');
  const occurred = sourcesReadable(ctx, 'Activity', ['occurredAt']);
  const amounts = sourcesReadable(ctx, 'SalesOrder', ['amount', 'receivedAmount', 'status']);
  const primary = sourcesReadable(ctx, 'Contact', ['isPrimary']);
  const rows: Array<Record<string, unknown>> = await ctx.ds.query(
    `SELECT ct.*, c.id AS cid__,
        CASE WHEN ${occurred} THEN (SELECT MAX(a.occurred_at) FROM activity a WHERE a.customer_id = c.id AND a.deleted_at IS NULL) END AS last_activity__,
        CASE WHEN ${amounts} THEN (SELECT COALESCE(SUM(o.amount - o.received_amount), 0) FROM sales_order o
          WHERE o.customer_id = c.id AND o.deleted_at IS NULL AND o.status IN (${open})) END AS open_amount__
       FROM customer c
       LEFT JOIN contact ct ON ct.id = (SELECT p.id FROM contact p WHERE p.customer_id = c.id AND p.deleted_at IS NULL
                                          ORDER BY CASE WHEN ${primary} THEN p.is_primary END DESC, p.id LIMIT 1)
      WHERE c.id IN (${ids.map(() => '?').join(',')})`, [...ids]);
  const contacts = hydrate(ctx.ds, ContactEntity, rows);
  const byId = new Map(rows.map((r, i) => [String(r.cid__), {
    primaryContact: r.id === null || r.id === undefined ? null : contacts[i],
    lastActivityAt: r.last_activity__ ? new Date(r.last_activity__ as string | Date) : null,
    openOrderAmount: r.open_amount__ === null || r.open_amount__ === undefined ? null : String(r.open_amount__),
  }]));
  return ids.map((id) => byId.get(id) ?? { primaryContact: null, lastActivityAt: null, openOrderAmount: null });
}));

@Resolver(() => CustomerEntity)
export class CustomerSummaryResolver {
  @FieldResolver(() => ContactEntity, { nullable: true, description: 'The primary contact (else the first one).' })
  async primaryContact(@Root() c: CustomerEntity, @Ctx() ctx: Context): Promise<ContactEntity | null> {
    return (await summaries(ctx).load(c.id)).primaryContact;
  }

  @FieldResolver(() => Date, { nullable: true, description: 'When the last activity with the customer took place; null where activity times are not readable to the caller.' })
  async lastActivityAt(@Root() c: CustomerEntity, @Ctx() ctx: Context): Promise<Date | null> {
    return (await summaries(ctx).load(c.id)).lastActivityAt;
  }

  @FieldResolver(() => DecimalScalar, { nullable: true, description: 'Amount not yet received of confirmed, shipped and invoiced orders; null where the order amounts are not readable to the caller.' })
  async openOrderAmount(@Root() c: CustomerEntity, @Ctx() ctx: Context): Promise<string | null> {
    return (await summaries(ctx).load(c.id)).openOrderAmount;
  }
}
