import { requireSession } from '../../../_lib/server-api';
import { FieldLevelsAdmin } from './FieldLevelsAdmin';

export default async function Page() {
  const session = await requireSession('/admin/fields');
  return <FieldLevelsAdmin roles={session.user.roles} />;
}
