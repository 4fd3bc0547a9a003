'use client';
import { PlusOutlined, ReloadOutlined, RollbackOutlined } from '@ant-design/icons';
import { Button, Popconfirm, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import Link from 'next/link';
import { useState } from 'react';
import { durationText, ServerError, useAction, useGqlQuery } from '../../_components/ops';
import { useI18n } from '../../_i18n/client';
import { MY_ACCESS, RETURN_GRANT, type AccessGrant, type AccessPurpose, type AccessRequest } from '../../_lib/ops-queries';
import { ApprovalSteps, ArchiveCell, FieldTags, purposeLabel, StatusTag } from './labels';

const when = (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm');

export function AccessPage({ tab: initial }: { tab: 'requests' | 'grants' }) {
  const { t, locale } = useI18n();
  const [tab, setTab] = useState(initial);
  const q = useGqlQuery<{ myAccessRequests: AccessRequest[]; myGrants: AccessGrant[]; accessPurposes: AccessPurpose[] }>(MY_ACCESS);
  const { act, busy } = useAction();
  const purposes = q.data?.accessPurposes;

  const returnGrant = async (id: string) => {
    await act(RETURN_GRANT, { id }, { key: id, done: t('access.returned'), reload: q.reload });
  };

  const requestColumns: ColumnsType<AccessRequest> = [
    { title: t('access.customer'), render: (_, r) => <ArchiveCell entry={r.customer} /> },
    { title: t('access.fields'), render: (_, r) => <FieldTags t={t} fields={r.fields} /> },
    { title: t('access.purpose'), render: (_, r) => purposeLabel(purposes, r.purpose, locale) },
    { title: t('access.reason'), dataIndex: 'reason', ellipsis: true },
    { title: t('access.hours'), dataIndex: 'hours', width: 90, align: 'right' },
    { title: t('access.status'), width: 90, render: (_, r) => <span data-testid="request-status"><StatusTag t={t} prefix="access.status" value={r.status} /></span> },
    { title: t('access.steps'), render: (_, r) => <ApprovalSteps t={t} steps={r.approvals} when={when} /> },
    { title: t('access.createdAt'), width: 140, render: (_, r) => when(r.createdAt) },
  ];
  const grantColumns: ColumnsType<AccessGrant> = [
    { title: t('access.customer'), render: (_, g) => <ArchiveCell entry={g.customer} /> },
    { title: t('access.fields'), render: (_, g) => <FieldTags t={t} fields={g.fields} /> },
    { title: t('access.purpose'), render: (_, g) => purposeLabel(purposes, g.purpose, locale) },
    {
      title: t('access.status'), width: 150,
      render: (_, g) => <Space size={4} data-testid="grant-status"><StatusTag t={t} prefix="grant.status" value={g.status} />{g.overdue && <Tag color="red">{t('access.overdue')}</Tag>}</Space>,
    },
    {
      title: t('access.timeLeft'), width: 140,
      render: (_, g) => (g.status === 'ACTIVE' ? <span data-testid="time-left">{t('access.left', { time: durationText(g.secondsLeft, locale) })}</span> : '—'),
    },
    { title: t('access.expiresAt'), width: 140, render: (_, g) => when(g.expiresAt) },
    {
      title: t('common.actions'), width: 100,
      render: (_, g) => g.status === 'ACTIVE' && (
        <Popconfirm title={t('access.returnConfirm')} onConfirm={() => returnGrant(g.id)}>
          <Button size="small" icon={<RollbackOutlined />} loading={busy === g.id} data-testid={`return-${g.id}`}>{t('access.return')}</Button>
        </Popconfirm>
      ),
    },
  ];

  const switchTab = (key: string) => {
    setTab(key as 'requests' | 'grants');
    window.history.replaceState(null, '', key === 'requests' ? window.location.pathname : `?tab=${key}`);
  };

  return (
    <div data-testid="access-page">
      <div className="page-head">
        <h1>{t('access.title')}</h1>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => void q.reload()}>{t('common.refresh')}</Button>
          <Link href="/access/request"><Button type="primary" icon={<PlusOutlined />}>{t('access.newRequest')}</Button></Link>
        </Space>
      </div>
      <ServerError error={q.error} />
      <Tabs activeKey={tab} onChange={switchTab} items={[
        {
          key: 'requests', label: t('access.requests'),
          children: <Table<AccessRequest> rowKey="id" size="middle" loading={q.loading} columns={requestColumns} data-testid="my-requests"
            dataSource={q.data?.myAccessRequests ?? []} pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: <Typography.Text type="secondary">{t('access.noRequests')}</Typography.Text> }} />,
        },
        {
          key: 'grants', label: t('access.grants'),
          children: <Table<AccessGrant> rowKey="id" size="middle" loading={q.loading} columns={grantColumns} data-testid="my-grants"
            dataSource={q.data?.myGrants ?? []} pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: <Typography.Text type="secondary">{t('access.noGrants')}</Typography.Text> }} />,
        },
      ]} />
    </div>
  );
}
