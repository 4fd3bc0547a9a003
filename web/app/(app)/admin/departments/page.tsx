import { NotForRole } from '../../../_components/NotForRole';
import { pageAllowed } from '../../../_lib/nav';
import { requireSession } from '../../../_lib/server-api';
import { DepartmentsAdmin } from './DepartmentsAdmin';

export default async function Page() {
  const session = await requireSession('/admin/departments');
  if (!pageAllowed('/admin/departments', session.user.roles)) return <NotForRole href="/admin/departments" />;
  return <DepartmentsAdmin roles={session.user.roles} />;
}
