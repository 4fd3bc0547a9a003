'use client';
import { Alert, Card, Col, Empty, List, Row, Statistic, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import Link from 'next/link';
import { useT } from '../../_i18n/client';
import { enumLabel } from '../../_lib/enums';
import { describeError } from '../../_lib/errors';
import type { Activity, Connection, GqlError, SessionUser } from '../../_lib/types';
import type { StatusGradeMatrix } from '../../_lib/workbench';
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
}

export function Workbench({ user, matrix, matrixError, followUps, followUpsError, birthdays, birthdaysLimited }: Props) {
  const t = useT();
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
          <Card title={t('workbench.followUps')} style={{ marginBottom: 16 }} data-testid="follow-ups">
            {followUpsError && <Alert type="error" showIcon title={describeError(t, followUpsError)} />}
            {followUps && (followUps.edges.length === 0 ? <Empty description={t('workbench.noFollowUps')} /> : (
              <List size="small" dataSource={followUps.edges.map((e) => e.node)} renderItem={(a) => {
                const due = a.nextFollowUpAt ? dayjs(a.nextFollowUpAt) : undefined;
                return (
                  <List.Item extra={due && <span style={{ color: due.isBefore(now) ? '#cf1322' : undefined }}>{due.format('MM-DD HH:mm')}</span>}>
                    <List.Item.Meta
                      title={a.customer ? <Link href={`/customers/${a.customer.id}?tab=activities`}>{a.customer.name}</Link> : '—'}
                      description={<>{a.type && <Tag>{enumLabel(t, 'activityType', a.type)}</Tag>}{a.subject}{due?.isBefore(now) && <Tag color="red" style={{ marginLeft: 8 }}>{t('workbench.overdue')}</Tag>}</>}
                    />
                  </List.Item>
                );
              }} />
            ))}
          </Card>
          <Card title={t('workbench.birthdays')} data-testid="birthdays"
            extra={birthdaysLimited ? <Typography.Text type="secondary">{t('workbench.birthdaysLimited', { n: birthdaysLimited })}</Typography.Text> : null}>
            {birthdays.length === 0 ? <Empty description={t('workbench.noBirthdays')} /> : (
              <List size="small" dataSource={birthdays} renderItem={(b) => (
                <List.Item extra={dayjs(b.on).format('MM-DD ddd')}>
                  <List.Item.Meta
                    title={<>{b.name}{b.title && <Typography.Text type="secondary"> · {b.title}</Typography.Text>}</>}
                    description={b.customer && <Link href={`/customers/${b.customer.id}?tab=contacts`}>{b.customer.name}</Link>}
                  />
                </List.Item>
              )} />
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
