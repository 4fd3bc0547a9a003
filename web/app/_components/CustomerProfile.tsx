'use client';
import { Card, Descriptions } from 'antd';
import dayjs from 'dayjs';
import { useT } from '../_i18n/client';
import { enumLabel } from '../_lib/enums';
import type { Customer, FieldAccess, UserRef } from '../_lib/types';
import { CUSTOMER_FIELDS, SECTIONS } from './customer-fields';
import { Guarded, LevelMark } from './FieldLock';

export interface CustomerProfileProps {
  customer: Customer;
  /** FIELD_CLASSIFIED errors of the response, keyed by field (used when a record has no fieldAccess). */
  fallback?: Map<string, FieldAccess>;
  onRequestAccess?: (field: string) => void;
}

const who = (v: unknown) => (v as UserRef).displayName;
const when = (v: unknown) => dayjs(v as string).format('YYYY-MM-DD HH:mm');
/** Decimal strings with digit grouping, keeping the exact digits the API sent. */
export const amount = (v: unknown) => String(v).replace(/^(-?\d+)/, (int) => int.replace(/\B(?=(\d{3})+(?!\d))/g, ','));

/** The archive, field by field; withheld fields show their level mark and 申请查阅. */
export function CustomerProfile({ customer, fallback, onRequestAccess }: CustomerProfileProps) {
  const t = useT();
  const show = (field: string, render?: (v: unknown) => React.ReactNode) => (
    <Guarded record={customer} field={field} fallback={fallback} onRequest={onRequestAccess}>{render}</Guarded>
  );
  return (
    <div data-testid="customer-profile">
      {SECTIONS.map((section) => (
        <Card key={section.key} title={t(section.label)} size="small" style={{ marginBottom: 16 }}>
          <Descriptions column={{ xs: 1, md: 2, lg: 3 }} size="small">
            {CUSTOMER_FIELDS.filter((s) => s.section === section.key).map((spec) => (
              <Descriptions.Item key={spec.name} label={t(spec.label)} span={spec.wide ? 'filled' : 1}>
                {show(spec.name, spec.enumName ? (v) => enumLabel(t, spec.enumName!, v as string) : spec.kind === 'decimal' ? amount : undefined)}
              </Descriptions.Item>
            ))}
          </Descriptions>
        </Card>
      ))}
      <Card title={t('section.archive')} size="small">
        <Descriptions column={{ xs: 1, md: 2, lg: 3 }} size="small">
          <Descriptions.Item label={t('f.archiveLevel')}><LevelMark level={customer.archiveLevel} /></Descriptions.Item>
          <Descriptions.Item label={t('f.custodian')}>{show('custodian', who)}</Descriptions.Item>
          <Descriptions.Item label={t('f.owner')}>{show('owner', who)}</Descriptions.Item>
          <Descriptions.Item label={t('f.secondManager')}>{show('secondManager', who)}</Descriptions.Item>
          <Descriptions.Item label={t('f.department')}>{show('department', (v) => (v as { name: string }).name)}</Descriptions.Item>
          <Descriptions.Item label={t('f.createdAt')}>{show('createdAt', when)}</Descriptions.Item>
          <Descriptions.Item label={t('f.updatedAt')}>{show('updatedAt', when)}</Descriptions.Item>
        </Descriptions>
      </Card>
    </div>
  );
}
