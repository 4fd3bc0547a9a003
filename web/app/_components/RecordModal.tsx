'use client';
import { Alert, App, Button, Form, FormInstance, Modal } from 'antd';
import { ReactNode, useState } from 'react';
import { useT } from '../_i18n/client';
import { gql } from '../_lib/client-api';
import { blockingErrors, describeError } from '../_lib/errors';
import { ConflictAlert } from './ConflictAlert';
import { mutate } from './mutate';
import { useDraft } from './useDraft';

export type FormValues = Record<string, unknown>;

/** How one kind of record (contact, activity, order) maps between the API and its form. */
export interface RecordKind<R> {
  name: 'contact' | 'activity' | 'order';
  create: string;
  update: string;
  /** Query of one record by id, for reloading after a CONFLICT. */
  fetch: string;
  /** Result field of create/update/fetch, e.g. `createActivity`. */
  keys: { create: string; update: string; fetch: string };
  /** Top-level form field names (validation errors on other fields are shown above the form). */
  fields: string[];
  toValues(record: R): FormValues;
  /** Every field in API form; empty ones null. */
  toInput(values: FormValues): Record<string, unknown>;
  defaults?(): FormValues;
}

/** Fields of `next` that differ from `before` (compared as JSON, so arrays of lines compare whole). */
export function changedInput(next: Record<string, unknown>, before: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(next).filter(([k, v]) => JSON.stringify(v ?? null) !== JSON.stringify(before[k] ?? null)));
}

export const draftKeyOf = (kind: string, customerId: string, record?: { id: string }) =>
  record ? `${kind}:${record.id}:edit` : `${kind}:new:${customerId}`;

interface Props<R extends { id: string; version?: number | null }> {
  kind: RecordKind<R>;
  customerId: string;
  owner: string;
  record?: R;
  title: string;
  width?: number;
  onClose(): void;
  onSaved(record: R): void;
  children: (form: FormInstance<FormValues>, record?: R) => ReactNode;
}

/** A modal form that creates or edits one record of a customer, with drafts, field errors and conflicts. */
export function RecordModal<R extends { id: string; version?: number | null }>({
  kind, customerId, owner, record, title, width = 720, onClose, onSaved, children,
}: Props<R>) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [base, setBase] = useState<R | undefined>(record);
  const [failure, setFailure] = useState<string>();
  const [conflict, setConflict] = useState<{ currentVersion?: number }>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);
  const draft = useDraft(form, draftKeyOf(kind.name, customerId, record), owner);

  // A restored draft wins over these: the form store keeps values set before the Form mounts.
  const [initialValues] = useState(() => (record ? kind.toValues(record) : kind.defaults?.() ?? {}));

  const close = () => {
    draft.clear();
    onClose();
  };

  const submit = async (values: FormValues) => {
    setBusy(true);
    setFailure(undefined);
    setNotice(undefined);
    const full = kind.toInput(values);
    const input = base
      ? { id: base.id, version: base.version, ...changedInput(full, kind.toInput(kind.toValues(base))) }
      : { customerId, ...Object.fromEntries(Object.entries(full).filter(([, v]) => v !== null)) };
    const outcome = await mutate<Record<string, R>>(form, t, base ? kind.update : kind.create, input, kind.fields);
    setBusy(false);
    if (outcome.ok) {
      draft.clear();
      message.success(t('common.saved'));
      onSaved(outcome.data[base ? kind.keys.update : kind.keys.create]);
    } else if (outcome.conflict) setConflict(outcome.conflict);
    else if (!outcome.leaving) setFailure(outcome.message);
  };

  const reload = async () => {
    if (!base) return;
    setBusy(true);
    const values = form.getFieldsValue(true);
    const mine = Object.keys(changedInput(kind.toInput(values), kind.toInput(kind.toValues(base))));
    const res = await gql<Record<string, R>>(kind.fetch, { id: base.id });
    setBusy(false);
    if (res.leaving) return;
    const latest = res.data?.[kind.keys.fetch];
    if (!latest) {
      setFailure(describeError(t, blockingErrors(res.errors)[0]));
      return;
    }
    setBase(latest);
    setConflict(undefined);
    form.setFieldsValue({ ...kind.toValues(latest), ...Object.fromEntries(mine.map((f) => [f, values[f]])) });
    if (mine.length) setNotice(t('conflict.reloaded', { fields: mine.join(', ') }));
  };

  return (
    <Modal open title={title} width={width} onCancel={close} mask={{ closable: false }} destroyOnHidden
      footer={[
        <Button key="cancel" onClick={close}>{t('common.cancel')}</Button>,
        <Button key="save" type="primary" loading={busy} onClick={() => form.submit()} data-testid={`${kind.name}-save`}>{t('common.save')}</Button>,
      ]}>
      {draft.restored && <Alert type="info" showIcon title={t('common.draftRestored')} style={{ marginBottom: 16 }} data-testid="draft-restored" />}
      {conflict && <ConflictAlert currentVersion={conflict.currentVersion} onReload={reload} reloading={busy} />}
      {notice && <Alert type="info" showIcon title={notice} style={{ marginBottom: 16 }} />}
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} role="alert" data-testid="form-error" />}
      <Form form={form} name={kind.name} layout="vertical" initialValues={initialValues} onFinish={submit} onValuesChange={draft.onValuesChange}>
        {children(form, base)}
      </Form>
    </Modal>
  );
}
