'use client';
import { Button, Form, Input, Modal, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { LevelMark } from '../../../_components/FieldLock';
import { ServerError, useAction, useGqlQuery } from '../../../_components/ops';
import { useI18n } from '../../../_i18n/client';
import { ARCHIVE_ENTRIES, CUSTODIAN_CANDIDATES, SET_ARCHIVE_LEVEL, type ArchiveEntry } from '../../../_lib/ops-queries';
import { LEVELS, type Level } from '../../../_lib/types';

interface Values { archiveLevel: Level; custodianId?: string }

export function ArchivesAdmin(_: { roles: string[] }) {
  const { t } = useI18n();
  const [search, setSearch] = useState<string>();
  const [levels, setLevels] = useState<Level[]>();
  const q = useGqlQuery<{ archiveEntries: ArchiveEntry[] }>(ARCHIVE_ENTRIES, { first: 200, where: { search: search || null, archiveLevelIn: levels?.length ? levels : null } });
  // users is open to security officers; an information supervisor enters a custodian's id instead.
  const people = useGqlQuery<{ users: Array<{ id: string; username: string; displayName: string; active: boolean; clearance: Level }> }>(CUSTODIAN_CANDIDATES);
  const [editing, setEditing] = useState<ArchiveEntry>();
  const { act, busy, error, setError } = useAction();
  const [form] = Form.useForm<Values>();
  const level = Form.useWatch('archiveLevel', form);

  const save = async (v: Values) => {
    if (!editing) return;
    await act(SET_ARCHIVE_LEVEL, { input: { customerId: editing.id, archiveLevel: v.archiveLevel, custodianId: v.custodianId || null } },
      { form, show: 'inline', then: () => setEditing(undefined), reload: q.reload });
  };

  const candidates = people.data?.users.filter((u) => u.active) ?? [];
  return (
    <div data-testid="archives-page">
      <div className="page-head">
        <h1>{t('admin.archives')}</h1>
        <Space wrap>
          <Input.Search allowClear placeholder={t('admin.archiveSearch')} style={{ width: 240 }} onSearch={(v) => setSearch(v.trim() || undefined)} />
          <Select<Level[]> mode="multiple" allowClear placeholder={t('admin.archiveLevel')} style={{ minWidth: 180 }} value={levels} onChange={setLevels}
            options={LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))} />
        </Space>
      </div>
      <ServerError error={q.error} />
      <Table<ArchiveEntry> rowKey="id" size="middle" loading={q.loading} dataSource={q.data?.archiveEntries ?? []} pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('f.code'), dataIndex: 'code', width: 120 },
          { title: t('f.name'), dataIndex: 'name' },
          { title: t('admin.archiveLevel'), width: 120, render: (_, e) => <LevelMark level={e.archiveLevel} /> },
          { title: t('admin.custodian'), render: (_, e) => (e.custodian ? `${e.custodian.displayName} (${e.custodian.username})` : '—') },
          {
            title: t('common.actions'), width: 100,
            render: (_, e) => <Button size="small" type="link" onClick={() => {
              setError(undefined);
              form.setFieldsValue({ archiveLevel: e.archiveLevel, custodianId: e.custodian?.id });
              setEditing(e);
            }}>{t('admin.setArchive')}</Button>,
          },
        ]} />
      <Modal open={!!editing} title={editing ? `${t('admin.setArchive')}: ${editing.name} (${editing.code})` : ''} onCancel={() => setEditing(undefined)}
        onOk={() => form.submit()} confirmLoading={busy === 'save'} okText={t('common.save')} cancelText={t('common.cancel')} forceRender>
        <ServerError error={error} />
        <Form<Values> form={form} layout="vertical" name="archive" onFinish={(v) => void save(v)}>
          <Form.Item name="archiveLevel" label={t('admin.archiveLevel')} rules={[{ required: true }]}>
            <Select options={LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))} />
          </Form.Item>
          <Form.Item name="custodianId" label={t('admin.custodian')} rules={[{ required: level === 'CLASSIFIED', message: t('admin.custodianRequired') }]}>
            {candidates.length ? (
              <Select allowClear showSearch={{ optionFilterProp: 'label' }}
                options={candidates.map((u) => ({ value: u.id, label: `${u.displayName} (${u.username}) · ${t(`level.${u.clearance}`)}` }))} />
            ) : <Input placeholder="ID" />}
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
