'use client';
import { Space, Tag, Typography } from 'antd';
import Link from 'next/link';
import type { MessageKey, Translate } from '../../_i18n/messages';
import type { AccessPurpose, Approval, ArchiveEntry } from '../../_lib/ops-queries';
import { LevelMark } from '../../_components/FieldLock';

/** "Customer.bankAccount" → 银行账号 (the customer's field labels), other types as the coordinate. */
export function fieldLabel(t: Translate, coordinate: string): string {
  const [type, name] = coordinate.includes('.') ? coordinate.split('.', 2) : ['Customer', coordinate];
  if (type !== 'Customer') return coordinate;
  const key = `f.${name}` as MessageKey;
  const label = t(key);
  return label === key ? coordinate : label;
}

export function FieldTags({ t, fields }: { t: Translate; fields: string[] }) {
  if (!fields.length) return <Tag color="purple">{t('access.wholeArchive')}</Tag>;
  return <>{fields.map((f) => <Tag key={f} title={f} data-field={f}>{fieldLabel(t, f)}</Tag>)}</>;
}

export function purposeLabel(purposes: AccessPurpose[] | undefined, code: string, locale: string): string {
  const p = purposes?.find((x) => x.code === code);
  return p ? (locale === 'en' ? p.labelEn : p.labelZh) : code;
}

export function ArchiveCell({ entry }: { entry?: ArchiveEntry | null }) {
  if (!entry) return <span>—</span>;
  return (
    <Space size={4} wrap>
      <Link href={`/customers/${entry.id}`}>{entry.name}</Link>
      <Typography.Text type="secondary">{entry.code}</Typography.Text>
      <LevelMark level={entry.archiveLevel} />
    </Space>
  );
}

const STATUS_COLOR: Record<string, string> = {
  PENDING: 'processing', APPROVED: 'success', REJECTED: 'error', ACTIVE: 'success', RETURNED: 'default', EXPIRED: 'warning', REVOKED: 'error', SKIPPED: 'default',
};

export function StatusTag({ t, prefix, value }: { t: Translate; prefix: 'access.status' | 'grant.status' | 'decision'; value: string }) {
  const key = `${prefix}.${value}` as MessageKey;
  const label = t(key);
  return <Tag color={STATUS_COLOR[value]} data-status={value}>{label === key ? value : label}</Tag>;
}

/** The approval chain: one line per step with role, approver, decision and comment. */
export function ApprovalSteps({ t, steps, when }: { t: Translate; steps: Approval[]; when: (v: string) => string }) {
  return (
    <ol className="approval-steps" style={{ margin: 0, paddingLeft: 18 }}>
      {[...steps].sort((a, b) => a.step - b.step).map((s) => {
        const role = t(`approverRole.${s.approverRole}` as MessageKey);
        const who = s.decidedBy?.displayName ?? s.approver?.displayName ?? t('access.anySupervisor');
        return (
          <li key={s.step} data-step={s.step} data-decision={s.decision}>
            <Space size={4} wrap>
              <span>{role.startsWith('approverRole.') ? s.approverRole : role}</span>
              <Typography.Text strong>{who}</Typography.Text>
              <StatusTag t={t} prefix="decision" value={s.decision} />
              {s.decidedAt && <Typography.Text type="secondary">{when(s.decidedAt)}</Typography.Text>}
              {s.comment && <Typography.Text type="secondary">“{s.comment}”</Typography.Text>}
            </Space>
          </li>
        );
      })}
    </ol>
  );
}
