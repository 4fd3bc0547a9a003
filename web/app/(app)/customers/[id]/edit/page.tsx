import { Alert } from 'antd';
import { CustomerForm } from '../../../../_components/CustomerForm';
import { getT } from '../../../../_i18n/server';
import { blockingErrors, describeError } from '../../../../_lib/errors';
import { CUSTOMER } from '../../../../_lib/queries';
import { requireSession, serverGql } from '../../../../_lib/server-api';
import type { Customer } from '../../../../_lib/types';

export default async function EditCustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const from = `/customers/${id}/edit`;
  const session = await requireSession(from);
  const t = await getT();
  const res = await serverGql<{ customer: Customer }>(CUSTOMER, { id }, from);
  const customer = res.data?.customer;
  return (
    <div>
      <div className="page-head"><h1>{t('customers.edit')}{customer ? ` · ${customer.name}` : ''}</h1></div>
      {customer
        ? <CustomerForm customer={customer} owner={session.user.username} />
        : <Alert type="error" showIcon title={describeError(t, blockingErrors(res.errors)[0])} />}
    </div>
  );
}
