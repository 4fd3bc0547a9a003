'use client';
import { CheckOutlined, CloseOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { ServerError, useAction, useGqlQuery } from '../../../_components/ops';
import { useI18n } from '../../../_i18n/client';
import {
  ACCOUNT_CHANGES, APPROVE_ACCOUNT_CHANGE, REJECT_ACCOUNT_CHANGE, type AccountChange, type ChangeStatus, type RoleInfo,
} from '../../../_lib/ops-queries';

const when = (v?: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—');
const STATUS_COLOR: Record<ChangeStatus, string> = { PENDING: 'gold', APPROVED: 'green', REJECTED: 'default' };
const who = (u?: { displayName: string; username?: string } | null) => (u ? `${u.displayName} (${u.username ?? ''})` : '—');

/**
 * The security officer's side of dual control (docs/access.md): account changes the administrator
 * filed, with what they change; approve (half B of a new password is shown once) or reject with a comment.
 */
export function AccountChangesAdmin() {
  const { t, locale } = useI18n();
  const [status, setStatus] = useState<ChangeStatus | 'ALL'>('PENDING');
  const q = useGqlQuery<{ accountChanges: AccountChange[]; roles: RoleInfo[] }>(ACCOUNT_CHANGES,
    { where: status === 'ALL' ? null : { statusIn: [status] } });
  const [comments, setComments] = useState<Record<string, string>>({});
  const [half, setHalf] = useState<{ change: AccountChange; passwordHalf: string }>();
  const [needComment, setNeedComment] = useState(false);
  const { act, busy, error } = useAction();

  const roleLabel = (name: string) => {
    const r = q.data?.roles.find((x) => x.name === name);
    return r ? (locale === 'en' ? r.labelEn : r.labelZh) : name;
  };
  const roleTags = (roles?: string[] | null) => (roles?.length ? roles.map((r) => <Tag key={r}>{roleLabel(r)}</Tag>) : '—');
  const side = (c: AccountChange, after: boolean) => {
    if (c.kind === 'SET_ROLE_SCOPE') return <Tag>{after ? c.scopeAfter : c.scopeBefore}</Tag>;
    if (c.kind === 'RESET_PASSWORD') return after ? t('changes.newPassword') : '—';
    if (!after || !c.voidsPassword) return roleTags(after ? c.rolesAfter : c.rolesBefore);
    return <>{roleTags(c.rolesAfter)}<Tag color="red" data-testid={`voids-password-${c.id}`}>{t('changes.voidsPassword')}</Tag></>;
  };

  const decide = async (c: AccountChange, approve: boolean) => {
    const comment = comments[c.id]?.trim() || null;
    setNeedComment(!approve && !comment);
    if (!approve && !comment) return;
    await act<{ approveAccountChange: { passwordHalf: string | null; change: AccountChange } }>(
      approve ? APPROVE_ACCOUNT_CHANGE : REJECT_ACCOUNT_CHANGE, { input: { id: c.id, comment } }, {
        key: `${c.id}:${approve}`, show: 'inline', done: t(approve ? 'changes.approved' : 'changes.rejected'), reload: q.reload,
        then: (d) => {
          const passwordHalf = d.approveAccountChange?.passwordHalf;
          if (passwordHalf) setHalf({ change: c, passwordHalf });
        },
      });
  };

  return (
    <div data-testid="account-changes-page">
      <div className="page-head">
        <h1>{t('changes.title')}</h1>
        <Space>
          <Select<ChangeStatus | 'ALL'> value={status} onChange={setStatus} style={{ width: 140 }} data-testid="change-status"
            options={[...(['PENDING', 'APPROVED', 'REJECTED'] as const).map((s) => ({ value: s, label: t(`changes.status.${s}`) })),
              { value: 'ALL' as const, label: t('changes.all') }]} />
          <Button icon={<ReloadOutlined />} onClick={() => void q.reload()}>{t('common.refresh')}</Button>
        </Space>
      </div>
      <Alert type="info" showIcon title={t('changes.note')} style={{ marginBottom: 12 }} />
      <ServerError error={q.error ?? error} />
      {needComment && <Alert type="warning" showIcon title={t('changes.commentRequired')} style={{ marginBottom: 12 }} data-testid="comment-required" />}
      <Table<AccountChange> rowKey="id" size="middle" loading={q.loading} dataSource={q.data?.accountChanges ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }} scroll={{ x: 1100 }}
        columns={[
          { title: t('changes.kindLabel'), width: 120, render: (_, c) => t(`changes.kind.${c.kind}`) },
          { title: t('changes.target'), render: (_, c) => (c.kind === 'SET_ROLE_SCOPE' ? roleLabel(c.roleName ?? '') : who(c.target)) },
          { title: t('changes.before'), render: (_, c) => side(c, false) },
          { title: t('changes.after'), render: (_, c) => side(c, true) },
          { title: t('changes.requestedBy'), render: (_, c) => who(c.requestedBy) },
          { title: t('changes.requestedAt'), width: 140, render: (_, c) => when(c.requestedAt) },
          {
            title: t('access.status'), width: 110,
            render: (_, c) => <Tag color={STATUS_COLOR[c.status]} data-testid={`change-status-${c.id}`}>{t(`changes.status.${c.status}`)}</Tag>,
          },
          {
            title: t('common.actions'), width: 320,
            render: (_, c) => (c.status === 'PENDING' ? (
              <Space.Compact style={{ width: '100%' }}>
                <Input placeholder={t('changes.comment')} value={comments[c.id] ?? ''} maxLength={1000} data-testid={`change-comment-${c.id}`}
                  onChange={(e) => setComments((m) => ({ ...m, [c.id]: e.target.value }))} />
                <Button type="primary" icon={<CheckOutlined />} loading={busy === `${c.id}:true`} data-testid={`approve-change-${c.id}`}
                  onClick={() => void decide(c, true)}>{t('changes.approve')}</Button>
                <Button danger icon={<CloseOutlined />} loading={busy === `${c.id}:false`} data-testid={`reject-change-${c.id}`}
                  onClick={() => void decide(c, false)}>{t('changes.reject')}</Button>
              </Space.Compact>
            ) : <Typography.Text type="secondary">{who(c.decidedBy)} {when(c.decidedAt)} {c.comment ?? ''}</Typography.Text>),
          },
        ]} />
      <Modal open={!!half} title={t('changes.halfB')} onCancel={() => setHalf(undefined)}
        footer={<Button type="primary" onClick={() => setHalf(undefined)}>OK</Button>}>
        {half && (
          <>
            <Typography.Paragraph>{t('changes.halfBNote', { user: who(half.change.target) })}</Typography.Paragraph>
            <Typography.Text code copyable data-testid="password-half-b" style={{ fontSize: 18 }}>{half.passwordHalf}</Typography.Text>
          </>
        )}
      </Modal>
    </div>
  );
}
