'use client';
import { LockOutlined } from '@ant-design/icons';
import { Button, Space, Tag, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../_i18n/client';
import { lockOf } from '../_lib/errors';
import type { FieldAccess, Level } from '../_lib/types';

const LEVEL_COLOR: Record<Level, string> = { PUBLIC: 'default', INTERNAL: 'blue', CONFIDENTIAL: 'orange', CLASSIFIED: 'red' };

/** 公开 / 内部 / 机密 / 绝密 as a coloured tag. */
export function LevelMark({ level }: { level: Level }) {
  const t = useT();
  return <Tag color={LEVEL_COLOR[level]} data-level={level}>{t(`level.${level}`)}</Tag>;
}

export interface FieldLockProps {
  access: FieldAccess;
  /** Opens the access-request form for this field; without it the button is shown disabled. */
  onRequest?: (field: string) => void;
  /** Table cells: the mark only, the request button lives on the record's page. */
  compact?: boolean;
}

/** A withheld field: its level mark, why (from the API), and 申请查阅 when the API says it can be requested. */
export function FieldLock({ access, onRequest, compact }: FieldLockProps) {
  const t = useT();
  const why = access.reason ? t(`lock.reason.${access.reason}`) : t('lock.denied');
  const buttonTip = !access.requestable ? t('lock.notRequestable') : onRequest ? undefined : t('lock.requestSoon');
  return (
    <Space size={4} className="field-lock" data-testid={`lock-${access.field}`} data-locked-field={access.field}>
      <Tooltip title={why}>
        <span aria-label={why}>
          <LockOutlined style={{ color: access.level === 'CLASSIFIED' ? '#cf1322' : '#d46b08' }} />
        </span>
      </Tooltip>
      <LevelMark level={access.level} />
      {access.requestable && !compact && (
        <Tooltip title={buttonTip}>
          <Button size="small" disabled={!onRequest} onClick={() => onRequest?.(access.field)}>
            {t('lock.request')}
          </Button>
        </Tooltip>
      )}
    </Space>
  );
}

export interface GuardedProps<R extends object> {
  record: R & { fieldAccess?: FieldAccess[] | null };
  field: string;
  /** FIELD_CLASSIFIED errors of the response, for APIs without fieldAccess. */
  fallback?: Map<string, FieldAccess>;
  onRequest?: (field: string) => void;
  compact?: boolean;
  children?: (value: unknown) => ReactNode;
}

/** Renders a record's field, or its lock when the API withheld it. */
export function Guarded<R extends object>({ record, field, fallback, onRequest, compact, children }: GuardedProps<R>) {
  const t = useT();
  const lock = lockOf(record, field, fallback);
  if (lock) return <FieldLock access={lock} onRequest={onRequest} compact={compact} />;
  const value = (record as Record<string, unknown>)[field];
  if (value == null || value === '') return <span className="empty">{t('common.none')}</span>;
  return <>{children ? children(value) : String(value)}</>;
}
