import { NotForRole } from '../../../_components/NotForRole';
import { pageAllowed } from '../../../_lib/nav';
import { requireSession } from '../../../_lib/server-api';
import { UsersAdmin } from './UsersAdmin';

export default async function Page() {
  const session = await requireSession('/admin/users');
  if (!pageAllowed('/admin/users', session.user.roles)) return <NotForRole href="/admin/users" />;
  return <UsersAdmin roles={session.user.roles} />;
}
