import DataLoader from 'dataloader';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { OrderStatus } from '@custodian/schema';
import { Context } from '../../context';
import { hydrate } from '../../db/hydrate';
import { DecimalScalar } from '../../common/scalars';
import { ContactEntity } from '../contact/contact.entity';
import { CustomerEntity } from '../customer/customer.entity';

/** Orders still waiting for money: confirmed, shipped or invoiced. */
export const OPEN_ORDER_STATUSES: readonly OrderStatus[] = [OrderStatus.CONFIRMED, OrderStatus.SHIPPED, OrderStatus.INVOICED];

interface Summary { primaryContact: ContactEntity | null; lastActivityAt: Date | null; openOrderAmount: string }

/**
 * What a customer list page shows beside each customer — primary contact, last activity, open order
 * amount — in one statement for the whole page (correlated subqueries on the children's indexes).
 */
const summaries = (ctx: Context): DataLoader<string, Summary> => ctx.loaders.get('customerSummary', () => new DataLoader(async (ids) => {
  const open = OPEN_ORDER_STATUSES.map((s) => `'${s}'`).join(',');
  const rows: Array<Record<string, unknown>> = await ctx.ds.query(
    `SELECT ct.*, c.id AS cid__,
        (SELECT MAX(a.occurred_at) FROM activity a WHERE a.customer_id = c.id AND a.deleted_at IS NULL) AS last_activity__,
        (SELECT COALESCE(SUM(o.amount - o.received_amount), 0) FROM sales_order o
          WHERE o.customer_id = c.id AND o.deleted_at IS NULL AND o.status IN (${open})) AS open_amount__
       FROM customer c
       LEFT JOIN contact ct ON ct.id = (SELECT p.id FROM contact p WHERE p.customer_id = c.id AND p.deleted_at IS NULL
                                          ORDER BY p.is_primary DESC, p.id LIMIT 1)
      WHERE c.id IN (${ids.map(() => '?').join(',')})`, [...ids]);
  const contacts = hydrate(ctx.ds, ContactEntity, rows);
  const byId = new Map(rows.map((r, i) => [String(r.cid__), {
    primaryContact: r.id === null || r.id === undefined ? null : contacts[i],
    lastActivityAt: r.last_activity__ ? new Date(r.last_activity__ as string | Date) : null,
    openOrderAmount: String(r.open_amount__ ?? '0.00'),
  }]));
  return ids.map((id) => byId.get(id) ?? { primaryContact: null, lastActivityAt: null, openOrderAmount: '0.00' });
}));

@Resolver(() => CustomerEntity)
export class CustomerSummaryResolver {
  @FieldResolver(() => ContactEntity, { nullable: true, description: 'The primary contact (else the first one).' })
  async primaryContact(@Root() c: CustomerEntity, @Ctx() ctx: Context): Promise<ContactEntity | null> {
    return (await summaries(ctx).load(c.id)).primaryContact;
  }

  @FieldResolver(() => Date, { nullable: true, description: 'When the last activity with the customer took place.' })
  async lastActivityAt(@Root() c: CustomerEntity, @Ctx() ctx: Context): Promise<Date | null> {
    return (await summaries(ctx).load(c.id)).lastActivityAt;
  }

  @FieldResolver(() => DecimalScalar, { nullable: true, description: 'Amount not yet received of confirmed, shipped and invoiced orders.' })
  async openOrderAmount(@Root() c: CustomerEntity, @Ctx() ctx: Context): Promise<string> {
    return (await summaries(ctx).load(c.id)).openOrderAmount;
  }
}
