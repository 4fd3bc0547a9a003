'use client';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import { CustomerProfile } from '../../../_components/CustomerProfile';
import { Guarded, LevelMark } from '../../../_components/FieldLock';
import { activityKind, contactKind, orderKind } from '../../../_components/record-kinds';
import { ActivityFields, ContactFields, OrderFields } from '../../../_components/RecordForms';
import { draftKeyOf, RecordKind, RecordModal } from '../../../_components/RecordModal';
import { useRequestAccess } from '../../../_components/useRequestAccess';
import { useT } from '../../../_i18n/client';
import { hasDraft } from '../../../_lib/draft';
import { enumLabel } from '../../../_lib/enums';
import { blockingErrors, classifiedFields, describeError } from '../../../_lib/errors';
import type { Activity, Connection, Contact, Customer, GqlResult, SalesOrder, SalesOrderLine, SessionUser } from '../../../_lib/types';
import type { DetailTab } from './page';

interface Props {
  me: SessionUser;
  tab: DetailTab;
  customer: GqlResult<{ customer: Customer }>;
  contacts: GqlResult<{ contacts: Connection<Contact> }>;
  activities: GqlResult<{ activities: Connection<Activity> }>;
  orders: GqlResult<{ salesOrders: Connection<SalesOrder> }>;
}

type Editing =
  | { kind: 'contact'; record?: Contact }
  | { kind: 'activity'; record?: Activity }
  | { kind: 'order'; record?: SalesOrder };

const TAB_OF: Record<Editing['kind'], DetailTab> = { contact: 'contacts', activity: 'activities', order: 'orders' };
const when = (v: unknown) => dayjs(v as string).format('YYYY-MM-DD HH:mm');
const day = (v: unknown) => dayjs(v as string).format('YYYY-MM-DD');

export function CustomerDetail({ me, tab: initialTab, customer: customerResult, contacts, activities, orders }: Props) {
  const t = useT();
  const router = useRouter();
  const [tab, setTab] = useState<DetailTab>(initialTab);
  const [editing, setEditing] = useState<Editing>();
  const customer = customerResult.data?.customer;
  const onRequestAccess = useRequestAccess(customer?.id);
  const contactRows = useMemo(() => contacts.data?.contacts.edges.map((e) => e.node) ?? [], [contacts]);
  const activityRows = useMemo(() => activities.data?.activities.edges.map((e) => e.node) ?? [], [activities]);
  const orderRows = useMemo(() => orders.data?.salesOrders.edges.map((e) => e.node) ?? [], [orders]);

  // A form left open when the session expired comes back after sign-in, with its draft.
  useEffect(() => {
    if (!customer) return;
    const candidates: Editing[] = [
      { kind: 'activity' }, { kind: 'contact' }, { kind: 'order' },
      ...activityRows.map((record) => ({ kind: 'activity' as const, record })),
      ...contactRows.map((record) => ({ kind: 'contact' as const, record })),
      ...orderRows.map((record) => ({ kind: 'order' as const, record })),
    ];
    const open = candidates.find((c) => hasDraft(draftKeyOf(c.kind, customer.id, c.record), me.username));
    if (open) {
      setTab(TAB_OF[open.kind]);
      setEditing(open);
    }
  }, []); // once, on arrival

  const switchTab = (key: string) => {
    setTab(key as DetailTab);
    window.history.replaceState(null, '', key === 'profile' ? window.location.pathname : `?tab=${key}`);
  };
  const saved = () => {
    setEditing(undefined);
    router.refresh();
  };

  if (!customer) {
    return <Alert type="error" showIcon title={describeError(t, blockingErrors(customerResult.errors)[0])} action={<Link href="/customers">{t('common.back')}</Link>} />;
  }

  const listError = (r: GqlResult<unknown>) => {
    const e = blockingErrors(r.errors)[0];
    return e ? <Alert type="error" showIcon title={describeError(t, e)} style={{ marginBottom: 12 }} /> : null;
  };
  const cell = <R extends object>(field: string, render?: (v: unknown) => React.ReactNode) =>
    function Cell(_: unknown, record: R) {
      return <Guarded record={record} field={field} compact>{render}</Guarded>;
    };
  const editButton = (e: Editing) => (
    <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(e)}>{t('common.edit')}</Button>
  );

  const contactColumns: ColumnsType<Contact> = [
    { title: t('f.contactName'), render: (_, c) => <Space><Guarded record={c} field="name" compact />{c.isPrimary && <Tag color="green">{t('f.isPrimary')}</Tag>}</Space> },
    { title: t('f.title'), render: cell('title') },
    { title: t('f.contactDepartment'), render: cell('department') },
    { title: t('f.mobile'), render: cell('mobile') },
    { title: t('f.officePhone'), render: cell('officePhone') },
    { title: t('f.email'), render: cell('email') },
    { title: t('f.birthday'), render: cell('birthday', day) },
    { title: t('f.decisionInfluence'), render: cell('decisionInfluence', (v) => enumLabel(t, 'influence', v as string)) },
    { title: t('common.actions'), width: 90, render: (_, record) => editButton({ kind: 'contact', record }) },
  ];
  const activityColumns: ColumnsType<Activity> = [
    { title: t('f.occurredAt'), width: 150, render: cell('occurredAt', when) },
    { title: t('f.activityType'), width: 100, render: cell('type', (v) => <Tag>{enumLabel(t, 'activityType', v as string)}</Tag>) },
    { title: t('f.subject'), render: cell('subject') },
    { title: t('f.contact'), render: cell('contact', (v) => (v as Contact).name) },
    { title: t('f.outcome'), render: cell('outcome') },
    {
      title: t('f.nextFollowUpAt'), width: 150,
      render: cell('nextFollowUpAt', (v) => <span style={{ color: dayjs(v as string).isBefore(dayjs()) ? '#cf1322' : undefined }}>{when(v)}</span>),
    },
    { title: t('common.actions'), width: 90, render: (_, record) => editButton({ kind: 'activity', record }) },
  ];
  const orderColumns: ColumnsType<SalesOrder> = [
    { title: t('f.orderNo'), render: cell('orderNo') },
    { title: t('f.orderDate'), render: cell('orderDate', day) },
    { title: t('f.orderStatus'), render: cell('status', (v) => <Tag>{enumLabel(t, 'orderStatus', v as string)}</Tag>) },
    { title: t('f.amount'), align: 'right', render: (_, o) => <Guarded record={o} field="amount" compact>{(v) => `${o.currency ?? ''} ${v}`}</Guarded> },
    { title: t('f.receivedAmount'), align: 'right', render: cell('receivedAmount') },
    { title: t('f.dueDate'), render: cell('dueDate', day) },
    { title: t('f.invoiced'), render: cell('invoiced', (v) => (v ? t('common.yes') : t('common.no'))) },
    { title: t('common.actions'), width: 90, render: (_, record) => editButton({ kind: 'order', record }) },
  ];
  const lineColumns: ColumnsType<SalesOrderLine> = [
    { title: t('f.product'), render: cell('product') },
    { title: t('f.model'), render: cell('model') },
    { title: t('f.quantity'), align: 'right', render: cell('quantity') },
    { title: t('f.unit'), render: cell('unit') },
    { title: t('f.unitPrice'), align: 'right', render: cell('unitPrice') },
    { title: t('f.discount'), align: 'right', render: cell('discount', (v) => `${Number(v) * 100}%`) },
    { title: t('order.lineAmount'), align: 'right', render: cell('amount') },
  ];

  const addButton = (kind: Editing['kind'], label: string) => (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ kind })} data-testid={`add-${kind}`} style={{ marginBottom: 12 }}>{label}</Button>
  );

  const modal = editing && (() => {
    const common = { customerId: customer.id, owner: me.username, onClose: () => setEditing(undefined), onSaved: saved };
    switch (editing.kind) {
      case 'contact':
        return (
          <RecordModal kind={contactKind} record={editing.record} title={t(editing.record ? 'contact.edit' : 'contact.new')} {...common}>
            {(_form, base) => <ContactFields record={base} />}
          </RecordModal>
        );
      case 'activity':
        return (
          <RecordModal kind={activityKind} record={editing.record} title={t(editing.record ? 'activity.edit' : 'activity.new')} {...common}>
            {(_form, base) => <ActivityFields record={base} contacts={contactRows} />}
          </RecordModal>
        );
      case 'order':
        return (
          <RecordModal kind={orderKind as RecordKind<SalesOrder>} record={editing.record} width={960}
            title={t(editing.record ? 'order.edit' : 'order.new')} {...common}>
            {(form, base) => <OrderFields form={form} record={base} contacts={contactRows} />}
          </RecordModal>
        );
    }
  })();

  return (
    <div>
      <div className="page-head">
        <Space align="center" wrap>
          <h1 data-testid="customer-name">{customer.name}</h1>
          <Typography.Text type="secondary">{customer.code}</Typography.Text>
          <LevelMark level={customer.archiveLevel} />
          <Guarded record={customer} field="status" compact>{(v) => <Tag color="blue">{enumLabel(t, 'status', v as string)}</Tag>}</Guarded>
        </Space>
        <Space>
          <Link href="/customers"><Button>{t('common.back')}</Button></Link>
          <Link href={`/customers/${customer.id}/edit`}><Button type="primary" icon={<EditOutlined />}>{t('common.edit')}</Button></Link>
        </Space>
      </div>
      {customer.fieldAccess?.some((a) => !a.readable && a.reason === 'ARCHIVE_LEVEL') && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="archive-closed"
          title={t('archive.closed', { level: t(`level.${customer.archiveLevel}`) })} />
      )}
      <Tabs activeKey={tab} onChange={switchTab} items={[
        {
          key: 'profile', label: t('tab.profile'),
          children: <CustomerProfile customer={customer} fallback={classifiedFields(customerResult.errors, ['customer'])} onRequestAccess={onRequestAccess} />,
        },
        {
          key: 'contacts', label: `${t('tab.contacts')} (${contacts.data?.contacts.totalCount ?? 0})`,
          children: (
            <>
              {addButton('contact', t('contact.new'))}
              {listError(contacts)}
              <Table rowKey="id" size="small" columns={contactColumns} dataSource={contactRows} pagination={false} scroll={{ x: 900 }} />
            </>
          ),
        },
        {
          key: 'activities', label: `${t('tab.activities')} (${activities.data?.activities.totalCount ?? 0})`,
          children: (
            <>
              {addButton('activity', t('activity.new'))}
              {listError(activities)}
              <Table rowKey="id" size="small" columns={activityColumns} dataSource={activityRows} pagination={false} scroll={{ x: 900 }} data-testid="activity-table" />
            </>
          ),
        },
        {
          key: 'orders', label: `${t('tab.orders')} (${orders.data?.salesOrders.totalCount ?? 0})`,
          children: (
            <>
              {addButton('order', t('order.new'))}
              {listError(orders)}
              <Table rowKey="id" size="small" columns={orderColumns} dataSource={orderRows} pagination={false} scroll={{ x: 900 }}
                expandable={{ expandedRowRender: (o) => <Table rowKey="id" size="small" columns={lineColumns} dataSource={o.lines ?? []} pagination={false} /> }} />
            </>
          ),
        },
      ]} />
      {modal}
    </div>
  );
}
