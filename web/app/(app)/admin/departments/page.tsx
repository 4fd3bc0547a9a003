import { requireSession } from '../../../_lib/server-api';
import { DepartmentsAdmin } from './DepartmentsAdmin';

export default async function Page() {
  const session = await requireSession('/admin/departments');
  return <DepartmentsAdmin roles={session.user.roles} />;
}
