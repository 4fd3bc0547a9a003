import { CustomerForm } from '../../../_components/CustomerForm';
import { getT } from '../../../_i18n/server';
import { requireSession } from '../../../_lib/server-api';

export default async function NewCustomerPage() {
  const session = await requireSession('/customers/new');
  const t = await getT();
  return (
    <div>
      <div className="page-head"><h1>{t('customers.new')}</h1></div>
      <CustomerForm owner={session.user.username} />
    </div>
  );
}
