'use client';
import { Alert, Button, Card, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useRouter } from 'next/navigation';
import { LevelMark } from '../../../_components/FieldLock';
import { errorText, useAction, useGqlQuery } from '../../../_components/ops';
import { useI18n } from '../../../_i18n/client';
import { ACCESS_PURPOSES, REQUEST_ACCESS, type AccessPurpose } from '../../../_lib/ops-queries';
import type { Level } from '../../../_lib/types';
import { fieldLabel } from '../labels';

interface Values { customerCode?: string; fields: string[]; purpose?: string; reason?: string; hours: number }

/** 申请查阅: the access-request form, prefilled with the customer and the locked field it was opened from. */
export function RequestForm({ customer, field }: { username: string; customer?: { id: string; code: string; name: string; archiveLevel: Level }; field?: string }) {
  const { t, locale } = useI18n();
  const router = useRouter();
  const [form] = Form.useForm<Values>();
  const { act, busy, error } = useAction();
  const purposes = useGqlQuery<{ accessPurposes: AccessPurpose[] }>(ACCESS_PURPOSES);

  const submit = async (v: Values) => {
    const input = {
      ...(customer ? { customerId: customer.id } : { customerCode: v.customerCode?.trim() }),
      fields: v.fields ?? [], purpose: v.purpose, reason: v.reason?.trim() ?? '', hours: v.hours,
    };
    await act(REQUEST_ACCESS, { input }, {
      form, fields: ['fields', 'purpose', 'reason', 'hours', 'customerCode', 'customerId'], rename: { customerId: 'customerCode' },
      show: 'inline', done: t('access.submitted'), then: () => router.push('/access'),
    });
  };

  return (
    <div data-testid="access-request-page">
      <div className="page-head"><h1>{t('access.requestTitle')}</h1></div>
      <Card style={{ maxWidth: 760 }}>
        {customer && (
          <Space style={{ marginBottom: 16 }} wrap>
            <Typography.Text strong data-testid="request-customer">{t('access.requestFor', { name: customer.name, code: customer.code })}</Typography.Text>
            <LevelMark level={customer.archiveLevel} />
          </Space>
        )}
        {error && <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 16 }} data-testid="request-error" />}
        <Form<Values> form={form} layout="vertical" name="access" onFinish={submit}
          initialValues={{ fields: field ? [field] : [], hours: 24 }}>
          {!customer && (
            <Form.Item name="customerCode" label={t('access.customerCode')} extra={t('access.customerCodeHelp')} rules={[{ required: true, message: t('access.customerCode') }]}>
              <Input placeholder="C000008" />
            </Form.Item>
          )}
          <Form.Item name="fields" label={t('access.fields')} extra={t('access.fieldsHelp')}>
            <Select mode="tags" tokenSeparators={[',', ' ']} placeholder={t('access.wholeArchive')} data-testid="request-fields"
              options={field ? [{ value: field, label: `${fieldLabel(t, field)} (${field})` }] : []} />
          </Form.Item>
          <Form.Item name="purpose" label={t('access.purpose')} rules={[{ required: true, message: t('access.purposeRequired') }]}>
            <Select loading={purposes.loading} data-testid="request-purpose"
              options={(purposes.data?.accessPurposes ?? []).map((p) => ({ value: p.code, label: locale === 'en' ? p.labelEn : p.labelZh }))} />
          </Form.Item>
          <Form.Item name="reason" label={t('access.reason')} rules={[{ required: true, whitespace: true, message: t('access.reasonRequired') }]}>
            <Input.TextArea rows={3} maxLength={1000} showCount />
          </Form.Item>
          <Form.Item name="hours" label={t('access.hours')} extra={t('access.hoursHelp')} rules={[{ required: true }]}>
            <InputNumber min={1} max={72} precision={0} style={{ width: 160 }} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={busy === 'save'} data-testid="request-submit">{t('access.submit')}</Button>
            <Button onClick={() => router.back()}>{t('common.cancel')}</Button>
          </Space>
        </Form>
      </Card>
    </div>
  );
}
