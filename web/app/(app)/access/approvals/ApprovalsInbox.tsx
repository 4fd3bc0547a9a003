'use client';
import { CheckOutlined, CloseOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Empty, Input, Space, Spin, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { ServerError, useAction, useGqlQuery } from '../../../_components/ops';
import { LevelMark } from '../../../_components/FieldLock';
import { useI18n } from '../../../_i18n/client';
import { APPROVE, PENDING_APPROVALS, REJECT, type AccessPurpose, type AccessRequest } from '../../../_lib/ops-queries';
import { ApprovalSteps, ArchiveCell, FieldTags, purposeLabel } from '../labels';

const when = (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm');

export function ApprovalsInbox() {
  const { t, locale } = useI18n();
  const q = useGqlQuery<{ pendingApprovals: AccessRequest[]; accessPurposes: AccessPurpose[] }>(PENDING_APPROVALS);
  const [comments, setComments] = useState<Record<string, string>>({});
  const { act, busy } = useAction();

  const decide = async (r: AccessRequest, approve: boolean) => {
    await act(approve ? APPROVE : REJECT, { id: r.id, comment: comments[r.id]?.trim() || null },
      { key: `${r.id}:${approve}`, done: t(approve ? 'approvals.approved' : 'approvals.rejected'), reload: q.reload });
  };

  const list = q.data?.pendingApprovals ?? [];
  return (
    <div data-testid="approvals-page">
      <div className="page-head">
        <h1>{t('approvals.title')}</h1>
        <Button icon={<ReloadOutlined />} onClick={() => void q.reload()}>{t('common.refresh')}</Button>
      </div>
      <ServerError error={q.error} />
      {q.loading && !q.data ? <Spin /> : list.length === 0 ? <Card><Empty description={t('approvals.empty')} /></Card> : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {list.map((r) => (
            <Card key={r.id} data-testid={`approval-${r.id}`} data-request-id={r.id} className="approval-card"
              title={<Space wrap><ArchiveCell entry={r.customer} /></Space>}
              extra={<Space><LevelMark level={r.level} /><Typography.Text type="secondary">{when(r.createdAt)}</Typography.Text></Space>}>
              <Descriptions size="small" column={{ xs: 1, md: 2 }} items={[
                { key: 'requester', label: t('approvals.requester'), children: r.requester ? `${r.requester.displayName} (${r.requester.username})` : '—' },
                { key: 'purpose', label: t('access.purpose'), children: purposeLabel(q.data?.accessPurposes, r.purpose, locale) },
                { key: 'fields', label: t('access.fields'), children: <FieldTags t={t} fields={r.fields} /> },
                { key: 'hours', label: t('access.hours'), children: r.hours },
                { key: 'reason', label: t('access.reason'), span: 2, children: r.reason || '—' },
                { key: 'steps', label: t('access.steps'), span: 2, children: <ApprovalSteps t={t} steps={r.approvals} when={when} /> },
              ]} />
              <Space.Compact style={{ width: '100%', marginTop: 12 }}>
                <Input placeholder={t('approvals.commentPlaceholder')} value={comments[r.id] ?? ''} data-testid="approval-comment"
                  onChange={(e) => setComments((c) => ({ ...c, [r.id]: e.target.value }))} maxLength={500} />
                <Button type="primary" icon={<CheckOutlined />} loading={busy === `${r.id}:true`} onClick={() => void decide(r, true)} data-testid="approve">
                  {t('approvals.approve')}
                </Button>
                <Button danger icon={<CloseOutlined />} loading={busy === `${r.id}:false`} onClick={() => void decide(r, false)} data-testid="reject">
                  {t('approvals.reject')}
                </Button>
              </Space.Compact>
            </Card>
          ))}
        </Space>
      )}
    </div>
  );
}
