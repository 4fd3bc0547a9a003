'use client';
import { Alert, Card, Col, Empty, Row, Statistic, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import Link from 'next/link';
import { useI18n } from '../../_i18n/client';
import { enumLabel } from '../../_lib/enums';
import { describeError } from '../../_lib/errors';
import type { Activity, Connection, GqlError, SessionUser } from '../../_lib/types';
import type { Reminder } from '../../_lib/ops-queries';
import type { StatusGradeMatrix } from '../../_lib/workbench';
import { Reminders } from '../access/Reminders';
import { StatusGradeChart } from './StatusGradeChart';

export interface Birthday { id: string; name: string; title: string | null; on: string; customer: { id: string; name: string } | null }

interface Props {
  user: SessionUser;
  matrix?: StatusGradeMatrix;
  matrixError?: GqlError;
  followUps: Connection<Activity> | null;
  followUpsError?: GqlError;
  birthdays: Birthday[];
  birthdaysLimited: number;
  /** 待办提醒 (access requests, grants, follow-ups), when the page fetched them. */
  reminders?: { items: Reminder[]; error?: GqlError };
}

export function Workbench({ user, matrix, matrixError, followUps, followUpsError, birthdays, birthdaysLimited, reminders }: Props) {
  const { t, locale } = useI18n();
  const now = dayjs();
  return (
    <div>
      <div className="page-head"><h1>{t('workbench.title')}</h1><Typography.Text type="secondary">{user.displayName}</Typography.Text></div>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t('workbench.chart')} extra={matrix && <Statistic value={matrix.total} suffix={t('workbench.myCustomers')} styles={{ content: { fontSize: 16 } }} />}>
            {matrixError && <Alert type="error" showIcon title={describeError(t, matrixError)} />}
            {matrix && <StatusGradeChart matrix={matrix} />}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          {reminders && <Reminders items={reminders.items} error={reminders.error} />}
          <Card title={t('workbench.followUps')} style={{ marginBottom: 16 }} data-testid="follow-ups">
            {followUpsError && <Alert type="error" showIcon title={describeError(t, followUpsError)} />}
            {followUps && (followUps.edges.length === 0 ? <Empty description={t('workbench.noFollowUps')} /> : (
              <ul className="plain-list">
                {followUps.edges.map(({ node: a }) => {
                  const due = a.nextFollowUpAt ? dayjs(a.nextFollowUpAt) : undefined;
                  return (
                    <li key={a.id}>
                      <div>
                        <div className="plain-list-title">{a.customer ? <Link href={`/customers/${a.customer.id}?tab=activities`}>{a.customer.name}</Link> : '—'}</div>
                        <div className="plain-list-desc">
                          {a.type && <Tag>{enumLabel(t, 'activityType', a.type)}</Tag>}{a.subject}
                          {due?.isBefore(now) && <Tag color="red" style={{ marginLeft: 8 }}>{t('workbench.overdue')}</Tag>}
                        </div>
                      </div>
                      {due && <span style={{ color: due.isBefore(now) ? '#cf1322' : undefined }}>{due.format('MM-DD HH:mm')}</span>}
                    </li>
                  );
                })}
              </ul>
            ))}
          </Card>
          <Card title={t('workbench.birthdays')} data-testid="birthdays"
            extra={birthdaysLimited ? <Typography.Text type="secondary">{t('workbench.birthdaysLimited', { n: birthdaysLimited })}</Typography.Text> : null}>
            {birthdays.length === 0 ? <Empty description={t('workbench.noBirthdays')} /> : (
              <ul className="plain-list">
                {birthdays.map((b) => (
                  <li key={b.id}>
                    <div>
                      <div className="plain-list-title">{b.name}{b.title && <Typography.Text type="secondary"> · {b.title}</Typography.Text>}</div>
                      {b.customer && <div className="plain-list-desc"><Link href={`/customers/${b.customer.id}?tab=contacts`}>{b.customer.name}</Link></div>}
                    </div>
                    <span>{dayjs(b.on).locale(locale === 'en' ? 'en' : 'zh-cn').format('MM-DD ddd')}</span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
