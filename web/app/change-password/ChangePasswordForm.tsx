'use client';
import { Alert, App, Button, Card, Form, Input } from 'antd';
import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { useT } from '../_i18n/client';
import { gql } from '../_lib/client-api';
import { blockingErrors, codeOf, describeError, fieldProblems } from '../_lib/errors';

const CHANGE = 'mutation ChangePassword($input: ChangePasswordInput!) { changePassword(input: $input) }';

interface Values { currentPassword: string; newPassword: string; confirm: string }

export function ChangePasswordForm({ username, forced }: { username: string; forced: boolean }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async ({ currentPassword, newPassword }: Values) => {
    setBusy(true);
    setFailure(undefined);
    const res = await gql<{ changePassword: boolean }>(CHANGE, { input: { currentPassword, newPassword } });
    if (res.leaving) return;
    const error = blockingErrors(res.errors)[0];
    if (error) {
      setBusy(false);
      if (codeOf(error) === 'BAD_USER_INPUT') {
        form.setFields(fieldProblems(t, error).map((p) => ({ name: p.name as never, errors: p.errors })));
      } else {
        setFailure(describeError(t, error));
      }
      return;
    }
    message.success(t('password.done'));
    // A fresh API session under the new password replaces the one that was limited to this page.
    await gql('mutation { logout }');
    const again = await signIn('credentials', { username, password: newPassword, redirect: false });
    window.location.assign(again?.ok ? '/workbench' : '/signin');
  };

  return (
    <Card title={t('password.title')}>
      {forced && <Alert type="warning" showIcon title={t('password.forced')} style={{ marginBottom: 16 }} data-testid="forced-change" />}
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} role="alert" />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('password.new')} rules={[{ required: true }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="confirm" label={t('password.confirm')} dependencies={['newPassword']}
          rules={[{ required: true }, ({ getFieldValue }) => ({
            validator: (_r, v) => (!v || v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch')))),
          })]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>{t('password.submit')}</Button>
      </Form>
    </Card>
  );
}
