import { NotForRole } from '../../../_components/NotForRole';
import { pageAllowed } from '../../../_lib/nav';
import { requireSession } from '../../../_lib/server-api';
import { ArchivesAdmin } from './ArchivesAdmin';

export default async function Page() {
  const session = await requireSession('/admin/archives');
  if (!pageAllowed('/admin/archives', session.user.roles)) return <NotForRole href="/admin/archives" />;
  return <ArchivesAdmin roles={session.user.roles} />;
}
