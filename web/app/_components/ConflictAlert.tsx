'use client';
import { Alert, Button } from 'antd';
import { useT } from '../_i18n/client';

/** Explains an optimistic-lock CONFLICT and offers to reload the latest version. */
export function ConflictAlert({ currentVersion, onReload, reloading }: { currentVersion?: number; onReload: () => void; reloading?: boolean }) {
  const t = useT();
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      data-testid="conflict"
      title={t('conflict.title')}
      description={t('conflict.body', { version: currentVersion ?? '?' })}
      action={<Button onClick={onReload} loading={reloading}>{t('common.reload')}</Button>}
      style={{ marginBottom: 16 }}
    />
  );
}
