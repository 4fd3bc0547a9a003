import { CUSTOMER, CUSTOMER_ACTIVITIES, CUSTOMER_CONTACTS, CUSTOMER_ORDERS } from '../../../_lib/queries';
import { requireSession, serverGql } from '../../../_lib/server-api';
import type { Activity, Connection, Contact, Customer, SalesOrder } from '../../../_lib/types';
import { CustomerDetail } from './CustomerDetail';

const TABS = ['profile', 'contacts', 'activities', 'orders'] as const;
export type DetailTab = (typeof TABS)[number];

export default async function CustomerPage({ params, searchParams }: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { id } = await params;
  const { tab } = await searchParams;
  const from = `/customers/${id}${tab ? `?tab=${tab}` : ''}`;
  const session = await requireSession(from);
  // Separate requests: a failure in one list must not blank the whole page.
  const [customer, contacts, activities, orders] = await Promise.all([
    serverGql<{ customer: Customer }>(CUSTOMER, { id }, from),
    serverGql<{ contacts: Connection<Contact> }>(CUSTOMER_CONTACTS, { id, first: 100 }, from),
    serverGql<{ activities: Connection<Activity> }>(CUSTOMER_ACTIVITIES, { id, first: 50 }, from),
    serverGql<{ salesOrders: Connection<SalesOrder> }>(CUSTOMER_ORDERS, { id, first: 50 }, from),
  ]);
  return (
    <CustomerDetail
      me={session.user}
      tab={TABS.includes(tab as DetailTab) ? (tab as DetailTab) : 'profile'}
      customer={customer}
      contacts={contacts}
      activities={activities}
      orders={orders}
    />
  );
}
