'use client';
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { LevelMark } from '../../../_components/FieldLock';
import { ServerError, useAction, useGqlQuery } from '../../../_components/ops';
import { useI18n } from '../../../_i18n/client';
import {
  APPROVE_ARCHIVE_LEVEL_CHANGE, ARCHIVE_ENTRIES, ARCHIVE_LEVEL_CHANGES, CUSTODIAN_CANDIDATES, REJECT_ARCHIVE_LEVEL_CHANGE, SET_ARCHIVE_LEVEL,
  type ArchiveEntry, type ArchiveLevelChange,
} from '../../../_lib/ops-queries';
import { LEVELS, type Level } from '../../../_lib/types';

interface Values { archiveLevel: Level; custodianId?: string; reason: string }

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
  const pending = useGqlQuery<{ archiveLevelChanges: ArchiveLevelChange[] }>(ARCHIVE_LEVEL_CHANGES, { where: { statusIn: ['PENDING'] } });
  const [comments, setComments] = useState<Record<string, string>>({});
  const { message } = App.useApp();
  const reload = async () => { await Promise.all([q.reload(), pending.reload()]); };

  const save = async (v: Values) => {
    if (!editing) return;
    // Lowering a level waits for a second archive administrator (the answer keeps the current level).
    const lowering = LEVELS.indexOf(v.archiveLevel) < LEVELS.indexOf(editing.archiveLevel);
    const input = { customerId: editing.id, archiveLevel: v.archiveLevel, custodianId: v.custodianId || null, reason: v.reason };
    await act(SET_ARCHIVE_LEVEL, { input }, {
      form, show: 'inline', done: lowering ? null : undefined, reload,
      then: () => {
        setEditing(undefined);
        if (lowering) void message.info(t('admin.declassFiled'));
      },
    });
  };

  const decide = async (c: ArchiveLevelChange, approve: boolean) => {
    await act(approve ? APPROVE_ARCHIVE_LEVEL_CHANGE : REJECT_ARCHIVE_LEVEL_CHANGE, { input: { id: c.id, comment: comments[c.id]?.trim() || null } },
      { key: `${c.id}:${approve}`, done: t(approve ? 'changes.approved' : 'changes.rejected'), reload });
  };
  const proposals = pending.data?.archiveLevelChanges ?? [];

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
      {proposals.length > 0 && (
        <Card size="small" title={t('admin.pendingDeclass')} style={{ marginBottom: 12 }} data-testid="pending-declassifications">
          <Table<ArchiveLevelChange> rowKey="id" size="small" pagination={false} dataSource={proposals} columns={[
            { title: t('f.code'), render: (_, c) => `${c.customer?.name ?? ''} (${c.customer?.code ?? ''})` },
            { title: t('admin.levelChange'), render: (_, c) => <Space size={4}><LevelMark level={c.levelBefore} />→<LevelMark level={c.levelAfter} /></Space> },
            { title: t('admin.custodian'), render: (_, c) => (c.custodianAfter ? `${c.custodianAfter.displayName} (${c.custodianAfter.username})` : '—') },
            { title: t('admin.reason'), dataIndex: 'reason' },
            { title: t('changes.requestedBy'), render: (_, c) => <Typography.Text>{c.requestedBy?.displayName ?? '—'}</Typography.Text> },
            {
              title: t('common.actions'), width: 300,
              render: (_, c) => (
                <Space.Compact style={{ width: '100%' }}>
                  <Input placeholder={t('changes.comment')} value={comments[c.id] ?? ''} maxLength={1000}
                    onChange={(e) => setComments((m) => ({ ...m, [c.id]: e.target.value }))} />
                  <Button type="primary" icon={<CheckOutlined />} loading={busy === `${c.id}:true`} data-testid={`approve-level-${c.id}`}
                    onClick={() => void decide(c, true)}>{t('changes.approve')}</Button>
                  <Button danger icon={<CloseOutlined />} loading={busy === `${c.id}:false`} data-testid={`reject-level-${c.id}`}
                    onClick={() => void decide(c, false)}>{t('changes.reject')}</Button>
                </Space.Compact>
              ),
            },
          ]} />
        </Card>
      )}
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
              form.setFieldsValue({ archiveLevel: e.archiveLevel, custodianId: e.custodian?.id, reason: '' });
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
          <Form.Item name="reason" label={t('admin.reason')} rules={[{ required: true, whitespace: true, message: t('admin.reasonRequired') }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
