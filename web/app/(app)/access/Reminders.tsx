'use client';
import { BellOutlined } from '@ant-design/icons';
import { Card, Empty, Tag } from 'antd';
import dayjs from 'dayjs';
import Link from 'next/link';
import { ServerError } from '../../_components/ops';
import { useT } from '../../_i18n/client';
import type { MessageKey } from '../../_i18n/messages';
import type { Reminder } from '../../_lib/ops-queries';
import type { GqlError } from '../../_lib/types';

const COLOR: Record<string, string> = { PENDING_APPROVAL: 'blue', REQUEST_WAITING: 'default', GRANT_OVERDUE: 'red', GRANT_EXPIRING: 'orange', FOLLOW_UP_DUE: 'gold' };

const hrefOf = (r: Reminder): string | undefined =>
  r.kind === 'PENDING_APPROVAL' ? '/access/approvals'
    : r.grantId ? '/access?tab=grants'
      : r.requestId ? '/access'
        : r.customerId ? `/customers/${r.customerId}${r.activityId ? '?tab=activities' : ''}` : undefined;

/** The workbench's 待办提醒: approvals waiting on me, my requests waiting, grants ending or overdue, follow-ups due. */
export function Reminders({ items, error }: { items: Reminder[]; error?: GqlError }) {
  const t = useT();
  const list = items;
  return (
    <Card title={<><BellOutlined /> {t('reminders.title')}</>} style={{ marginBottom: 16 }} data-testid="reminders">
      <ServerError error={error} />
      {list.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reminders.empty')} /> : (
        <ul className="plain-list">
          {list.slice(0, 8).map((r, i) => {
            const key = `reminder.${r.kind}` as MessageKey;
            const href = hrefOf(r);
            return (
              <li key={i} data-kind={r.kind}>
                <div>
                  <Tag color={COLOR[r.kind]}>{t(key) === key ? r.kind : t(key)}</Tag>
                  {href ? <Link href={href}>{r.message}</Link> : r.message}
                </div>
                <span style={{ whiteSpace: 'nowrap' }}>{dayjs(r.at).format('MM-DD HH:mm')}</span>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
