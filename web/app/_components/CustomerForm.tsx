'use client';
import { Alert, App, AutoComplete, Button, Card, Col, DatePicker, Form, Input, InputNumber, Row, Select, Space } from 'antd';
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { useT } from '../_i18n/client';
import type { Translate } from '../_i18n/messages';
import { gql } from '../_lib/client-api';
import { enumOptions, SUGGESTIONS } from '../_lib/enums';
import { blockingErrors, describeError, lockOf } from '../_lib/errors';
import { CREATE_CUSTOMER, CUSTOMER, UPDATE_CUSTOMER } from '../_lib/queries';
import type { Customer, FieldAccess } from '../_lib/types';
import { ConflictAlert } from './ConflictAlert';
import { CUSTOMER_FIELDS, customerFormValues, customerInput, FieldSpec, FormValues, SECTIONS, toFormValue } from './customer-fields';
import { FieldLock } from './FieldLock';
import { mutate } from './mutate';
import { useDraft } from './useDraft';
import { useRequestAccess } from './useRequestAccess';

export interface CustomerFormProps {
  /** The record being edited; a new customer when absent. */
  customer?: Customer;
  /** Username of the signed-in user: drafts belong to them. */
  owner: string;
}

const FIELD_NAMES = CUSTOMER_FIELDS.map((f) => f.name as string);

/** The control for a field; an element (not a component) so Form.Item can hand it value and onChange. */
function fieldInput(spec: FieldSpec, t: Translate) {
  switch (spec.kind) {
    case 'textarea': return <Input.TextArea rows={3} />;
    case 'enum': return <Select allowClear options={enumOptions(t, spec.enumName!)} />;
    case 'suggest': return <AutoComplete allowClear options={SUGGESTIONS[spec.suggest!].map((v) => ({ value: v }))} />;
    case 'int': return <InputNumber style={{ width: '100%' }} min={0} precision={0} />;
    case 'decimal': return <Input inputMode="decimal" />;
    case 'date': return <DatePicker style={{ width: '100%' }} />;
    default: return <Input />;
  }
}

export function CustomerForm({ customer, owner }: CustomerFormProps) {
  const t = useT();
  const router = useRouter();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [base, setBase] = useState<Customer | undefined>(customer);
  const [failure, setFailure] = useState<string>();
  const [conflict, setConflict] = useState<{ currentVersion?: number }>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);
  const draftKey = customer ? `customer:${customer.id}:edit` : 'customer:new';
  const draft = useDraft(form, draftKey, owner);
  const onRequestAccess = useRequestAccess(customer?.id);

  const locks = useMemo(() => {
    const out = new Map<string, FieldAccess>();
    if (base) for (const spec of CUSTOMER_FIELDS) {
      const lock = lockOf(base, spec.name);
      if (lock) out.set(spec.name, lock);
    }
    return out;
  }, [base]);
  const initialValues = useMemo(
    () => (customer ? customerFormValues(customer) : { kind: 'ORGANIZATION', type: 'ORDINARY', status: 'PROSPECT' }),
    [customer],
  );

  const submit = async (values: FormValues) => {
    setBusy(true);
    setFailure(undefined);
    setNotice(undefined);
    const skip = (field: string) => locks.has(field);
    if (!base) {
      const outcome = await mutate<{ createCustomer: { id: string } }>(form, t, CREATE_CUSTOMER, customerInput(values), FIELD_NAMES);
      setBusy(false);
      if (outcome.ok) {
        draft.clear();
        message.success(t('customers.created'));
        router.push(`/customers/${outcome.data.createCustomer.id}`);
      } else if (!outcome.leaving) setFailure(outcome.message);
      return;
    }
    const changes = customerInput(values, base, skip);
    if (Object.keys(changes).length === 0) {
      draft.clear();
      router.push(`/customers/${base.id}`);
      return;
    }
    const outcome = await mutate<{ updateCustomer: Customer }>(
      form, t, UPDATE_CUSTOMER, { id: base.id, version: base.version, ...changes }, FIELD_NAMES,
    );
    setBusy(false);
    if (outcome.ok) {
      draft.clear();
      message.success(t('common.saved'));
      router.push(`/customers/${base.id}`);
      router.refresh();
    } else if (outcome.conflict) setConflict(outcome.conflict);
    else if (!outcome.leaving) setFailure(outcome.message);
  };

  /** Loads the latest version and puts the user's own changes back on top of it. */
  const reload = async () => {
    if (!base) return;
    setBusy(true);
    const mine = customerInput(form.getFieldsValue(true), base, (f) => locks.has(f));
    const res = await gql<{ customer: Customer }>(CUSTOMER, { id: base.id });
    setBusy(false);
    if (res.leaving) return;
    const latest = res.data?.customer;
    if (!latest) {
      setFailure(describeError(t, blockingErrors(res.errors)[0]));
      return;
    }
    setBase(latest);
    setConflict(undefined);
    const merged = customerFormValues(latest);
    for (const [field, value] of Object.entries(mine)) {
      const spec = CUSTOMER_FIELDS.find((s) => s.name === field)!;
      merged[field] = toFormValue(spec, value);
    }
    form.resetFields();
    form.setFieldsValue(merged);
    const names = Object.keys(mine).map((f) => t(CUSTOMER_FIELDS.find((s) => s.name === f)!.label));
    if (names.length) setNotice(t('conflict.reloaded', { fields: names.join('、') }));
  };

  const cancel = () => {
    draft.clear();
    router.push(base ? `/customers/${base.id}` : '/customers');
  };

  return (
    <Form form={form} name="customer" layout="vertical" initialValues={initialValues} onFinish={submit} onValuesChange={draft.onValuesChange}
      scrollToFirstError data-testid="customer-form">
      {draft.restored && (
        <Alert type="info" showIcon title={t('common.draftRestored')} style={{ marginBottom: 16 }} data-testid="draft-restored"
          action={<Button size="small" onClick={() => { draft.clear(); form.resetFields(); }}>{t('common.discardDraft')}</Button>} />
      )}
      {conflict && <ConflictAlert currentVersion={conflict.currentVersion} onReload={reload} reloading={busy} />}
      {notice && <Alert type="info" showIcon title={notice} style={{ marginBottom: 16 }} data-testid="conflict-reloaded" />}
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} role="alert" data-testid="form-error" />}
      {SECTIONS.map((section) => (
        <Card key={section.key} title={t(section.label)} size="small" style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            {CUSTOMER_FIELDS.filter((s) => s.section === section.key && !(base && s.createOnly)).map((spec) => {
              const lock = locks.get(spec.name);
              return (
                <Col key={spec.name} xs={24} md={spec.wide ? 24 : 12} lg={spec.wide ? 24 : 8}>
                  {lock ? (
                    <Form.Item label={t(spec.label)}>
                      <FieldLock access={lock} onRequest={onRequestAccess} />
                    </Form.Item>
                  ) : (
                    <Form.Item name={spec.name} label={t(spec.label)}
                      rules={spec.required ? [{ required: true, whitespace: true, message: `${t(spec.label)}?` }] : undefined}
                      normalize={spec.kind === 'decimal' ? (v: string) => v?.replace(/[^\d.-]/g, '') : undefined}>
                      {fieldInput(spec, t)}
                    </Form.Item>
                  )}
                </Col>
              );
            })}
          </Row>
        </Card>
      ))}
      <Space>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="customer-save">{t('common.save')}</Button>
        <Button onClick={cancel}>{t('common.cancel')}</Button>
      </Space>
    </Form>
  );
}

