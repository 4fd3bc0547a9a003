import { requireSession } from '../../../_lib/server-api';
import { UsersAdmin } from './UsersAdmin';

export default async function Page() {
  const session = await requireSession('/admin/users');
  return <UsersAdmin roles={session.user.roles} />;
}
