import { requireSession } from '../../_lib/server-api';
import { AccessPage } from './AccessPage';

export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { tab } = await searchParams;
  await requireSession(`/access${tab ? `?tab=${tab}` : ''}`);
  return <AccessPage tab={tab === 'grants' ? 'grants' : 'requests'} />;
}
