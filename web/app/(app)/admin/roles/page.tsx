import { requireSession } from '../../../_lib/server-api';
import { RolesAdmin } from './RolesAdmin';

export default async function Page() {
  await requireSession('/admin/roles');
  return <RolesAdmin />;
}
