import { requireSession } from '../../_lib/server-api';
import { AuditPage } from './AuditPage';

export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { customer, actor } = await searchParams;
  const qs = new URLSearchParams({ ...(customer ? { customer } : {}), ...(actor ? { actor } : {}) }).toString();
  await requireSession(`/audit${qs ? `?${qs}` : ''}`);
  return <AuditPage initialCustomer={customer} initialActor={actor} />;
}
