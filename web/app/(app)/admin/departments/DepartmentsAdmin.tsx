'use client';
import { PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Modal, Select, Table } from 'antd';
import { useState } from 'react';
import { ServerError, useAction, useGqlQuery } from '../../../_components/ops';
import { useI18n } from '../../../_i18n/client';
import { CREATE_DEPARTMENT, DEPARTMENTS, type Department, UPDATE_DEPARTMENT, USERS } from '../../../_lib/ops-queries';

interface Values { code: string; name: string; parentId: string }
interface EditValues { name: string; headUserId?: string }

export function DepartmentsAdmin({ roles }: { roles: string[] }) {
  const { t } = useI18n();
  const q = useGqlQuery<{ departments: Department[] }>(DEPARTMENTS);
  const [open, setOpen] = useState(false);
  const { act, busy, error, setError } = useAction();
  const [form] = Form.useForm<Values>();
  const [editing, setEditing] = useState<Department>();
  const [editForm] = Form.useForm<EditValues>();
  const users = useGqlQuery<{ users: Array<{ id: string; username: string; displayName: string }> }>(USERS);

  const saveEdit = async (v: EditValues) => {
    if (!editing) return;
    await act(UPDATE_DEPARTMENT, { input: { id: editing.id, version: editing.version, name: v.name.trim(), headUserId: v.headUserId } },
      { form: editForm, show: 'inline', then: () => setEditing(undefined), reload: q.reload });
  };
  const depts = q.data?.departments ?? [];
  const byId = new Map(depts.map((d) => [d.id, d]));
  const depth = (d: Department): number => (d.parentId && byId.has(d.parentId) ? 1 + depth(byId.get(d.parentId)!) : 0);

  const save = (v: Values) => act(CREATE_DEPARTMENT, { input: { code: v.code.trim(), name: v.name.trim(), parentId: v.parentId } },
    { form, show: 'inline', then: () => setOpen(false), reload: q.reload });

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
        confirmLoading={busy === 'save'} okText={t('common.save')} cancelText={t('common.cancel')} forceRender>
        <ServerError error={editing ? error : undefined} />
        <Form<EditValues> form={editForm} layout="vertical" name="edit-department" onFinish={(v) => void saveEdit(v)}>
          <Form.Item name="name" label={t('admin.deptName')} rules={[{ required: true }]}><Input /></Form.Item>
          <Form.Item name="headUserId" label={t('admin.head')}>
            <Select allowClear showSearch optionFilterProp="label"
              options={(users.data?.users ?? []).map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }))} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={open} title={t('admin.newDepartment')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={busy === 'save'}
        okText={t('common.save')} cancelText={t('common.cancel')} forceRender>
        <ServerError error={open ? error : undefined} />
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
