import { closedOnly } from '../../_lib/errors';
import { parseListState, toQueryString, toVariables } from '../../_lib/customer-list';
import { CUSTOMERS } from '../../_lib/queries';
import { requireSession, serverGql } from '../../_lib/server-api';
import type { Connection, Customer } from '../../_lib/types';
import { CustomerList } from './CustomerList';

export default async function CustomersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const state = parseListState(await searchParams);
  const qs = toQueryString(state);
  const from = `/customers${qs ? `?${qs}` : ''}`;
  const session = await requireSession(from);
  const res = await serverGql<{ customers: Connection<Customer> }>(CUSTOMERS, toVariables(state, session.user.id), from);
  const data = res.data?.customers;
  const rows = data ? { ...data, edges: data.edges.map((e) => ({ ...e, node: closedOnly(e.node) })) } : null;
  return <CustomerList state={state} data={rows} errors={res.errors ?? []} me={session.user} />;
}
