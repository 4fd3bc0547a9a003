import { requireSession } from '../../../_lib/server-api';
import { ApprovalsInbox } from './ApprovalsInbox';

export default async function Page() {
  await requireSession('/access/approvals');
  return <ApprovalsInbox />;
}
