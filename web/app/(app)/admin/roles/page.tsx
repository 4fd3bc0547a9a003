import { NotForRole } from '../../../_components/NotForRole';
import { pageAllowed } from '../../../_lib/nav';
import { requireSession } from '../../../_lib/server-api';
import { RolesAdmin } from './RolesAdmin';

export default async function Page() {
  const session = await requireSession('/admin/roles');
  if (!pageAllowed('/admin/roles', session.user.roles)) return <NotForRole href="/admin/roles" />;
  return <RolesAdmin />;
}
