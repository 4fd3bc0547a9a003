import { NotForRole } from '../../../_components/NotForRole';
import { pageAllowed } from '../../../_lib/nav';
import { requireSession } from '../../../_lib/server-api';
import { AccountChangesAdmin } from './AccountChangesAdmin';

export default async function Page() {
  const session = await requireSession('/admin/account-changes');
  if (!pageAllowed('/admin/account-changes', session.user.roles)) return <NotForRole href="/admin/account-changes" />;
  return <AccountChangesAdmin />;
}
