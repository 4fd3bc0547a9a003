import { CUSTOMER_IDENTITY } from '../../../_lib/ops-queries';
import { requireSession, serverGql } from '../../../_lib/server-api';
import type { Level } from '../../../_lib/types';
import { RequestForm } from './RequestForm';

export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { customerId, field } = await searchParams;
  const qs = new URLSearchParams({ ...(customerId ? { customerId } : {}), ...(field ? { field } : {}) }).toString();
  const from = `/access/request${qs ? `?${qs}` : ''}`;
  const session = await requireSession(from);
  let customer: { id: string; code: string; name: string; archiveLevel: Level } | undefined;
  if (customerId) {
    const res = await serverGql<{ customer: { id: string; code: string; name: string; archiveLevel: Level } }>(CUSTOMER_IDENTITY, { id: customerId }, from);
    customer = res.data?.customer ?? undefined;
  }
  const coordinate = field ? (field.includes('.') ? field : `Customer.${field}`) : undefined;
  return <RequestForm username={session.user.username} customer={customer} field={coordinate} />;
}
