'use client';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input } from 'antd';
import dayjs from 'dayjs';
import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { useT } from '../_i18n/client';
import type { Translate } from '../_i18n/messages';

/** next-auth passes the authorize() error as `REASON[:detail]`. */
export function signInError(t: Translate, error: string): string {
  const [reason, ...rest] = error.split(':');
  const detail = rest.join(':');
  switch (reason) {
    case 'WRONG_CREDENTIALS':
    case 'CredentialsSignin':
      return t('signin.wrong');
    case 'ACCOUNT_LOCKED':
      return t('signin.locked', { time: detail ? dayjs(detail).format('YYYY-MM-DD HH:mm') : '?' });
    case 'ACCOUNT_DISABLED':
      return t('signin.disabled');
    case 'NETWORK':
      return t('error.network');
    default:
      return t('signin.failed', { message: detail || reason });
  }
}

export function SignInForm({ callbackUrl, reason, error }: { callbackUrl: string; reason?: string; error?: string }) {
  const t = useT();
  const [failure, setFailure] = useState<string | undefined>(error ? signInError(t, error) : undefined);
  const [busy, setBusy] = useState(false);

  const submit = async ({ username, password }: { username: string; password: string }) => {
    setBusy(true);
    setFailure(undefined);
    const res = await signIn('credentials', { username, password, redirect: false });
    if (!res || res.error) {
      setFailure(signInError(t, res?.error ?? 'NETWORK'));
      setBusy(false);
      return;
    }
    // A full navigation, so the server renders the next page with the new session cookie.
    window.location.assign(callbackUrl);
  };

  return (
    <Card title={t('signin.title')}>
      {reason === 'expired' && <Alert type="info" showIcon title={t('signin.expired')} style={{ marginBottom: 16 }} data-testid="expired-notice" />}
      {reason === 'signedOut' && <Alert type="success" showIcon title={t('signin.signedOut')} style={{ marginBottom: 16 }} />}
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} role="alert" data-testid="signin-error" />}
      <Form layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="username" label={t('signin.username')} rules={[{ required: true, message: t('signin.required') }]}>
          <Input prefix={<UserOutlined />} autoComplete="username" autoFocus id="username" />
        </Form.Item>
        <Form.Item name="password" label={t('signin.password')} rules={[{ required: true, message: t('signin.required') }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" id="password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy} data-testid="signin-submit">{t('signin.submit')}</Button>
      </Form>
    </Card>
  );
}
