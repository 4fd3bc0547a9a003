'use client';
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Select, Table } from 'antd';
import { useState } from 'react';
import { errorText, run, ServerError, useGqlQuery } from '../../../_components/ops';
import { useI18n } from '../../../_i18n/client';
import { fieldProblems } from '../../../_lib/errors';
import { CREATE_DEPARTMENT, DEPARTMENTS, type Department, UPDATE_DEPARTMENT, USERS } from '../../../_lib/ops-queries';
import type { GqlError } from '../../../_lib/types';

interface Values { code: string; name: string; parentId: string }
interface EditValues { name: string; headUserId?: string }

export function DepartmentsAdmin({ roles }: { roles: string[] }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const q = useGqlQuery<{ departments: Department[] }>(DEPARTMENTS);
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<GqlError>();
  const [form] = Form.useForm<Values>();
  const [editing, setEditing] = useState<Department>();
  const [editForm] = Form.useForm<EditValues>();
  const users = useGqlQuery<{ users: Array<{ id: string; username: string; displayName: string }> }>(USERS);

  const saveEdit = async (v: EditValues) => {
    if (!editing) return;
    setSaving(true);
    setError(undefined);
    const r = await run(UPDATE_DEPARTMENT, { input: { id: editing.id, version: editing.version, name: v.name.trim(), headUserId: v.headUserId } });
    setSaving(false);
    if (r.leaving) return;
    if (r.error) { setError(r.error); return; }
    message.success(t('common.saved'));
    setEditing(undefined);
    await q.reload();
  };
  const depts = q.data?.departments ?? [];
  const byId = new Map(depts.map((d) => [d.id, d]));
  const depth = (d: Department): number => (d.parentId && byId.has(d.parentId) ? 1 + depth(byId.get(d.parentId)!) : 0);

  const save = async (v: Values) => {
    setSaving(true);
    setError(undefined);
    const r = await run(CREATE_DEPARTMENT, { input: { code: v.code.trim(), name: v.name.trim(), parentId: v.parentId } });
    setSaving(false);
    if (r.leaving) return;
    if (r.error) {
      form.setFields(fieldProblems(t, r.error).map((p) => ({ name: p.name[0] as never, errors: p.errors })));
      setError(r.error);
      return;
    }
    message.success(t('common.saved'));
    setOpen(false);
    await q.reload();
  };

  return (
    <div data-testid="departments-page">
      <div className="page-head">
        <h1>{t('admin.departments')}</h1>
        {roles.includes('SYSTEM_ADMIN') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => { form.resetFields(); setError(undefined); setOpen(true); }}>{t('admin.newDepartment')}</Button>
        )}
      </div>
      <ServerError error={q.error} />
      <Table<Department> rowKey="id" size="middle" loading={q.loading} dataSource={depts} pagination={false}
        columns={[
          { title: t('admin.deptName'), render: (_, d) => <span style={{ paddingLeft: depth(d) * 20 }}>{d.name}</span> },
          { title: t('admin.deptCode'), dataIndex: 'code', width: 160 },
          { title: t('admin.parent'), render: (_, d) => (d.parentId ? byId.get(d.parentId)?.name ?? d.parentId : '—') },
          { title: t('admin.head'), render: (_, d) => users.data?.users.find((u) => u.id === d.headUserId)?.displayName ?? (d.headUserId ? `#${d.headUserId}` : '—') },
          ...(roles.includes('SYSTEM_ADMIN') ? [{
            title: t('common.actions'), width: 100,
            render: (_: unknown, d: Department) => (
              <Button size="small" data-testid={`edit-department-${d.code}`} onClick={() => {
                setError(undefined); setEditing(d); editForm.setFieldsValue({ name: d.name, headUserId: d.headUserId ?? undefined });
              }}>{t('common.edit')}</Button>
            ),
          }] : []),
        ]} />
      <Modal open={Boolean(editing)} title={t('admin.editDepartment')} onCancel={() => setEditing(undefined)} onOk={() => editForm.submit()}
        confirmLoading={saving} okText={t('common.save')} cancelText={t('common.cancel')} forceRender>
        {error && editing && <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 12 }} />}
        <Form<EditValues> form={editForm} layout="vertical" name="edit-department" onFinish={(v) => void saveEdit(v)}>
          <Form.Item name="name" label={t('admin.deptName')} rules={[{ required: true }]}><Input /></Form.Item>
          <Form.Item name="headUserId" label={t('admin.head')}>
            <Select allowClear showSearch optionFilterProp="label"
              options={(users.data?.users ?? []).map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }))} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={open} title={t('admin.newDepartment')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={saving}
        okText={t('common.save')} cancelText={t('common.cancel')} forceRender>
        {error && <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 12 }} />}
        <Form<Values> form={form} layout="vertical" name="department" onFinish={(v) => void save(v)}>
          <Form.Item name="code" label={t('admin.deptCode')} rules={[{ required: true }]}><Input /></Form.Item>
          <Form.Item name="name" label={t('admin.deptName')} rules={[{ required: true }]}><Input /></Form.Item>
          <Form.Item name="parentId" label={t('admin.parent')} rules={[{ required: true }]}>
            <Select options={depts.map((d) => ({ value: d.id, label: `${'— '.repeat(depth(d))}${d.name}` }))} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
