import { requireSession } from '../../../_lib/server-api';
import { ArchivesAdmin } from './ArchivesAdmin';

export default async function Page() {
  const session = await requireSession('/admin/archives');
  return <ArchivesAdmin roles={session.user.roles} />;
}
