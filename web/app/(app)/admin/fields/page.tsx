import { NotForRole } from '../../../_components/NotForRole';
import { pageAllowed } from '../../../_lib/nav';
import { requireSession } from '../../../_lib/server-api';
import { FieldLevelsAdmin } from './FieldLevelsAdmin';

export default async function Page() {
  const session = await requireSession('/admin/fields');
  if (!pageAllowed('/admin/fields', session.user.roles)) return <NotForRole href="/admin/fields" />;
  return <FieldLevelsAdmin roles={session.user.roles} />;
}
