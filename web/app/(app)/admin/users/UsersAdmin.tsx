'use client';
import { EditOutlined, KeyOutlined, PlusOutlined, UnlockOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { LevelMark } from '../../../_components/FieldLock';
import { ServerError, useAction, useGqlQuery } from '../../../_components/ops';
import { useI18n } from '../../../_i18n/client';
import {
  CREATE_USER, PENDING_ACCOUNT_CHANGES, RESET_PASSWORD, SET_CLEARANCE, UNLOCK_USER, UPDATE_USER, USER_ADMIN_META, USERS,
  type AdminUser, type Department, type RoleInfo,
} from '../../../_lib/ops-queries';
import { LEVELS, type Level } from '../../../_lib/types';

interface UserValues { username?: string; displayName: string; email?: string; phone?: string; departmentId?: string; roles: string[]; active?: boolean }
/** A new or reset password: whole (applied at once), or half A of it while the security officer's approval is pending. */
type Credentials = { user: AdminUser; initialPassword: string | null; passwordHalf?: string | null };
const sameSet = (a: string[], b: string[]) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
const EDITABLE: Array<keyof UserValues> = ['displayName', 'email', 'phone', 'departmentId', 'roles', 'active'];

export function UsersAdmin({ roles }: { roles: string[] }) {
  const { t, locale } = useI18n();
  const isAdmin = roles.includes('SYSTEM_ADMIN');
  const isSecurity = roles.includes('SECURITY_OFFICER');
  const users = useGqlQuery<{ users: AdminUser[] }>(USERS);
  const meta = useGqlQuery<{ roles: RoleInfo[]; departments: Department[] }>(USER_ADMIN_META, undefined, !isAdmin);
  const pending = useGqlQuery<{ accountChanges: Array<{ id: string; target?: { id: string } | null }> }>(PENDING_ACCOUNT_CHANGES);
  const awaiting = new Set((pending.data?.accountChanges ?? []).map((c) => c.target?.id));
  const { message } = App.useApp();
  const reload = async () => { await Promise.all([users.reload(), pending.reload()]); };
  const [editing, setEditing] = useState<AdminUser | 'new'>();
  const [credentials, setCredentials] = useState<Credentials>();
  const { act, busy, error: formError, setError: setFormError } = useAction();
  const [form] = Form.useForm<UserValues>();

  const roleLabel = (name: string) => {
    const r = meta.data?.roles.find((x) => x.name === name);
    return r ? (locale === 'en' ? r.labelEn : r.labelZh) : name;
  };

  const openEdit = (u: AdminUser | 'new') => {
    setFormError(undefined);
    form.resetFields();
    if (u !== 'new') form.setFieldsValue({ displayName: u.displayName, email: u.email ?? undefined, phone: u.phone ?? undefined, departmentId: u.departmentId ?? undefined, roles: u.roles, active: u.active });
    setEditing(u);
  };

  const save = async (v: UserValues) => {
    const done = { form, show: 'inline' as const, reload };
    if (editing === 'new') {
      await act<{ createUser: Credentials }>(CREATE_USER, {
        input: { username: v.username?.trim(), displayName: v.displayName, email: v.email || null, phone: v.phone || null, departmentId: v.departmentId ?? null, roles: v.roles ?? [] },
      }, { ...done, done: null, then: (d) => { setCredentials(d.createUser); setEditing(undefined); } });
    } else if (editing) {
      const input: Record<string, unknown> = { id: editing.id, version: editing.version };
      for (const k of EDITABLE) {
        const before = (editing as unknown as Record<string, unknown>)[k] ?? null;
        const after = v[k] ?? null;
        if (JSON.stringify(before) !== JSON.stringify(after)) input[k] = after;
      }
      const roles = input.roles as string[] | undefined;
      await act<{ updateUser: AdminUser }>(UPDATE_USER, { input }, {
        ...done, done: null,
        then: (d) => {
          setEditing(undefined);
          // updateUser answers with the roles in force: a sensitive role change waits for the security officer.
          if (roles && !sameSet(roles, d.updateUser.roles)) void message.info(t('admin.rolesFiled'));
          else void message.success(t('common.saved'));
        },
      });
    }
  };

  const now = dayjs();
  const columns: ColumnsType<AdminUser> = [
    { title: t('admin.username'), dataIndex: 'username', width: 120 },
    { title: t('admin.displayName'), dataIndex: 'displayName' },
    { title: t('admin.department'), render: (_, u) => u.department?.name ?? '—' },
    {
      title: t('admin.roles'),
      render: (_, u) => (
        <>
          {u.roles.map((r) => <Tag key={r}>{roleLabel(r)}</Tag>)}
          {awaiting.has(u.id) && <Tag color="gold" data-testid={`pending-${u.username}`}>{t('admin.pendingApproval')}</Tag>}
        </>
      ),
    },
    {
      title: t('admin.clearance'), width: 150,
      render: (_, u) => (isSecurity ? (
        <Select<Level> size="small" value={u.clearance} style={{ width: 110 }} data-testid={`clearance-${u.username}`}
          options={LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))}
          onChange={(clearance) => void act(SET_CLEARANCE, { input: { userId: u.id, clearance } }, { key: u.id, reload })} />
      ) : <LevelMark level={u.clearance} />),
    },
    {
      title: t('access.status'), width: 170,
      render: (_, u) => (
        <Space size={4} wrap>
          {u.active ? <Tag color="green">{t('admin.active')}</Tag> : <Tag>{t('admin.inactive')}</Tag>}
          {u.lockedUntil && dayjs(u.lockedUntil).isAfter(now) && <Tag color="red">{t('admin.locked', { time: dayjs(u.lockedUntil).format('MM-DD HH:mm') })}</Tag>}
        </Space>
      ),
    },
    { title: t('admin.lastLogin'), width: 130, render: (_, u) => (u.lastLoginAt ? dayjs(u.lastLoginAt).format('MM-DD HH:mm') : '—') },
    ...(isAdmin ? [{
      title: t('common.actions'), width: 260,
      render: (_: unknown, u: AdminUser) => (
        <Space size={0} wrap>
          <Button size="small" type="link" icon={<EditOutlined />} onClick={() => openEdit(u)}>{t('common.edit')}</Button>
          {u.lockedUntil && dayjs(u.lockedUntil).isAfter(now) && (
            <Button size="small" type="link" icon={<UnlockOutlined />} onClick={() => void act(UNLOCK_USER, { id: u.id }, { key: u.id, done: t('admin.unlocked'), reload })}>{t('admin.unlock')}</Button>
          )}
          <Popconfirm title={t('admin.resetConfirm')} onConfirm={async () => {
            await act<{ resetPassword: Credentials }>(RESET_PASSWORD, { id: u.id }, { key: u.id, done: null, then: (d) => setCredentials(d.resetPassword), reload });
          }}>
            <Button size="small" type="link" icon={<KeyOutlined />}>{t('admin.resetPassword')}</Button>
          </Popconfirm>
        </Space>
      ),
    }] : []),
  ];

  return (
    <div data-testid="users-page">
      <div className="page-head">
        <h1>{t('admin.users')}</h1>
        {isAdmin && <Button type="primary" icon={<PlusOutlined />} onClick={() => openEdit('new')} data-testid="new-user">{t('admin.newUser')}</Button>}
      </div>
      <ServerError error={users.error ?? meta.error} />
      <Table<AdminUser> rowKey="id" size="middle" loading={users.loading} columns={columns} dataSource={users.data?.users ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }} scroll={{ x: 1100 }} />

      <Modal open={!!editing} title={editing === 'new' ? t('admin.newUser') : t('admin.editUser')} onCancel={() => setEditing(undefined)}
        onOk={() => form.submit()} confirmLoading={busy === 'save'} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden forceRender>
        <ServerError error={formError} />
        <Form<UserValues> form={form} layout="vertical" name="user" onFinish={(v) => void save(v)}>
          {editing === 'new' && <Form.Item name="username" label={t('admin.username')} rules={[{ required: true }]}><Input autoComplete="off" /></Form.Item>}
          <Form.Item name="displayName" label={t('admin.displayName')} rules={[{ required: true }]}><Input /></Form.Item>
          <Form.Item name="email" label={t('admin.email')}><Input /></Form.Item>
          <Form.Item name="phone" label={t('admin.phone')}><Input /></Form.Item>
          <Form.Item name="departmentId" label={t('admin.department')}>
            <Select allowClear options={(meta.data?.departments ?? []).map((d) => ({ value: d.id, label: `${d.name} (${d.code})` }))} />
          </Form.Item>
          <Form.Item name="roles" label={t('admin.roles')} rules={[{ required: true }]}>
            <Select mode="multiple" options={(meta.data?.roles ?? []).map((r) => ({ value: r.name, label: roleLabel(r.name) }))} />
          </Form.Item>
          {editing !== 'new' && <Form.Item name="active" label={t('admin.active')} valuePropName="checked"><Switch /></Form.Item>}
        </Form>
      </Modal>

      <Modal open={!!credentials} title={credentials?.passwordHalf ? t('admin.passwordHalfA') : t('admin.initialPassword')}
        onCancel={() => setCredentials(undefined)} footer={<Button type="primary" onClick={() => setCredentials(undefined)}>OK</Button>}>
        {credentials && (credentials.passwordHalf ? (
          <>
            <Alert type="warning" showIcon title={t('admin.pendingApproval')} style={{ marginBottom: 12 }} data-testid="awaiting-approval" />
            <Typography.Paragraph>{t('admin.passwordHalfANote', { user: `${credentials.user.displayName} (${credentials.user.username})` })}</Typography.Paragraph>
            <Typography.Text code copyable data-testid="password-half" style={{ fontSize: 18 }}>{credentials.passwordHalf}</Typography.Text>
          </>
        ) : (
          <>
            <Typography.Paragraph>{t('admin.initialPasswordNote', { user: `${credentials.user.displayName} (${credentials.user.username})` })}</Typography.Paragraph>
            <Typography.Text code copyable data-testid="initial-password" style={{ fontSize: 18 }}>{credentials.initialPassword}</Typography.Text>
          </>
        ))}
      </Modal>
    </div>
  );
}
