'use client';
import { EditOutlined, KeyOutlined, PlusOutlined, UnlockOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { LevelMark } from '../../../_components/FieldLock';
import { errorText, run, ServerError, useGqlQuery } from '../../../_components/ops';
import { useI18n } from '../../../_i18n/client';
import { fieldProblems } from '../../../_lib/errors';
import {
  CREATE_USER, RESET_PASSWORD, SET_CLEARANCE, UNLOCK_USER, UPDATE_USER, USER_ADMIN_META, USERS,
  type AdminUser, type Department, type RoleInfo,
} from '../../../_lib/ops-queries';
import { LEVELS, type GqlError, type Level } from '../../../_lib/types';

interface UserValues { username?: string; displayName: string; email?: string; phone?: string; departmentId?: string; roles: string[]; active?: boolean }
const EDITABLE: Array<keyof UserValues> = ['displayName', 'email', 'phone', 'departmentId', 'roles', 'active'];

export function UsersAdmin({ roles }: { roles: string[] }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const isAdmin = roles.includes('SYSTEM_ADMIN');
  const isSecurity = roles.includes('SECURITY_OFFICER');
  const users = useGqlQuery<{ users: AdminUser[] }>(USERS);
  const meta = useGqlQuery<{ roles: RoleInfo[]; departments: Department[] }>(USER_ADMIN_META, undefined, !isAdmin);
  const [editing, setEditing] = useState<AdminUser | 'new'>();
  const [formError, setFormError] = useState<GqlError>();
  const [saving, setSaving] = useState(false);
  const [credentials, setCredentials] = useState<{ user: AdminUser; initialPassword: string }>();
  const [form] = Form.useForm<UserValues>();

  const roleLabel = (name: string) => {
    const r = meta.data?.roles.find((x) => x.name === name);
    return r ? (locale === 'en' ? r.labelEn : r.labelZh) : name;
  };

  const act = async (document: string, variables: Record<string, unknown>, done?: string) => {
    const r = await run<Record<string, unknown>>(document, variables);
    if (r.leaving) return undefined;
    if (r.error) { message.error(errorText(t, r.error)); return undefined; }
    if (done) message.success(done);
    await users.reload();
    return r.data;
  };

  const openEdit = (u: AdminUser | 'new') => {
    setFormError(undefined);
    form.resetFields();
    if (u !== 'new') form.setFieldsValue({ displayName: u.displayName, email: u.email ?? undefined, phone: u.phone ?? undefined, departmentId: u.departmentId ?? undefined, roles: u.roles, active: u.active });
    setEditing(u);
  };

  const save = async (v: UserValues) => {
    setSaving(true);
    setFormError(undefined);
    let r;
    if (editing === 'new') {
      r = await run<{ createUser: { user: AdminUser; initialPassword: string } }>(CREATE_USER, {
        input: { username: v.username?.trim(), displayName: v.displayName, email: v.email || null, phone: v.phone || null, departmentId: v.departmentId ?? null, roles: v.roles ?? [] },
      });
    } else if (editing) {
      const input: Record<string, unknown> = { id: editing.id, version: editing.version };
      for (const k of EDITABLE) {
        const before = (editing as unknown as Record<string, unknown>)[k] ?? null;
        const after = v[k] ?? null;
        if (JSON.stringify(before) !== JSON.stringify(after)) input[k] = after;
      }
      r = await run<{ updateUser: AdminUser }>(UPDATE_USER, { input });
    }
    setSaving(false);
    if (!r || r.leaving) return;
    if (r.error) {
      const problems = fieldProblems(t, r.error);
      form.setFields(problems.map((p) => ({ name: p.name[0] as never, errors: p.errors })));
      setFormError(r.error);
      return;
    }
    if (editing === 'new') setCredentials((r.data as { createUser: { user: AdminUser; initialPassword: string } }).createUser);
    else message.success(t('common.saved'));
    setEditing(undefined);
    await users.reload();
  };

  const now = dayjs();
  const columns: ColumnsType<AdminUser> = [
    { title: t('admin.username'), dataIndex: 'username', width: 120 },
    { title: t('admin.displayName'), dataIndex: 'displayName' },
    { title: t('admin.department'), render: (_, u) => u.department?.name ?? '—' },
    { title: t('admin.roles'), render: (_, u) => u.roles.map((r) => <Tag key={r}>{roleLabel(r)}</Tag>) },
    {
      title: t('admin.clearance'), width: 150,
      render: (_, u) => (isSecurity ? (
        <Select<Level> size="small" value={u.clearance} style={{ width: 110 }} data-testid={`clearance-${u.username}`}
          options={LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))}
          onChange={(clearance) => void act(SET_CLEARANCE, { input: { userId: u.id, clearance } }, t('common.saved'))} />
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
            <Button size="small" type="link" icon={<UnlockOutlined />} onClick={() => void act(UNLOCK_USER, { id: u.id }, t('admin.unlocked'))}>{t('admin.unlock')}</Button>
          )}
          <Popconfirm title={t('admin.resetConfirm')} onConfirm={async () => {
            const d = await act(RESET_PASSWORD, { id: u.id });
            if (d) setCredentials((d as { resetPassword: { user: AdminUser; initialPassword: string } }).resetPassword);
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
        onOk={() => form.submit()} confirmLoading={saving} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden forceRender>
        {formError && <Alert type="error" showIcon title={errorText(t, formError)} style={{ marginBottom: 12 }} />}
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

      <Modal open={!!credentials} title={t('admin.initialPassword')} onCancel={() => setCredentials(undefined)}
        footer={<Button type="primary" onClick={() => setCredentials(undefined)}>OK</Button>}>
        {credentials && (
          <>
            <Typography.Paragraph>{t('admin.initialPasswordNote', { user: `${credentials.user.displayName} (${credentials.user.username})` })}</Typography.Paragraph>
            <Typography.Text code copyable data-testid="initial-password" style={{ fontSize: 18 }}>{credentials.initialPassword}</Typography.Text>
          </>
        )}
      </Modal>
    </div>
  );
}
