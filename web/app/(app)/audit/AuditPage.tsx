'use client';
import { DownloadOutlined, SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Descriptions, Drawer, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { LevelMark } from '../../_components/FieldLock';
import { errorText, run, useAction } from '../../_components/ops';
import { useI18n } from '../../_i18n/client';
import type { MessageKey, Translate } from '../../_i18n/messages';
import { codeOf } from '../../_lib/errors';
import {
  ARCHIVE_ENTRIES, ARCHIVE_ENTRY, AUDIT_EVENTS, AUDIT_EXPORT, AUDIT_INTEGRITY, type ArchiveEntry, type AuditEvent, type AuditIntegrity, type AuditWhere,
} from '../../_lib/ops-queries';
import { LEVELS, type Connection, type GqlError, type Level } from '../../_lib/types';

const ACTIONS = ['LOGIN', 'LOGIN_FAILED', 'LOGOUT', 'READ', 'CREATE', 'UPDATE', 'DELETE', 'DENY', 'EXPORT', 'ACCESS_REQUEST', 'ACCESS_APPROVE',
  'ACCESS_REJECT', 'GRANT_RETURN', 'GRANT_EXPIRE', 'GRANT_REVOKE', 'ADMIN', 'AUDIT_VIEW'];
const OUTCOMES = ['SUCCESS', 'DENIED', 'FAILURE'];
const PAGE = 50;

interface Filters { actor?: string; customer?: string; action?: string[]; minLevel?: Level; outcome?: string; range?: [Dayjs | null, Dayjs | null] | null }

const label = (t: Translate, prefix: string, v: string) => {
  const key = `${prefix}.${v}` as MessageKey;
  const s = t(key);
  return s === key ? v : s;
};
const when = (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss');
const show = (v: unknown): string => (v === undefined ? '' : v === null ? 'null' : typeof v === 'string' ? v : JSON.stringify(v));

export function AuditPage({ initialCustomer, initialActor }: { initialCustomer?: string; initialActor?: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Filters>();
  const [where, setWhere] = useState<AuditWhere>();
  const [customer, setCustomer] = useState<ArchiveEntry | { id: string; code?: undefined; name?: undefined }>();
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [page, setPage] = useState<Connection<AuditEvent>>();
  const [error, setError] = useState<GqlError>();
  const [loading, setLoading] = useState(false);
  const [open, setOpen] = useState<AuditEvent>();
  const [integrity, setIntegrity] = useState<AuditIntegrity>();
  const { act, busy } = useAction();

  const load = async (w: AuditWhere, after: string | null) => {
    setLoading(true);
    const r = await run<{ auditEvents: Connection<AuditEvent> }>(AUDIT_EVENTS, { first: PAGE, after, where: w, withTotal: after === null });
    setLoading(false);
    if (r.leaving) return;
    setError(r.error);
    const got = r.data?.auditEvents;
    // Later pages of the same search keep the total of its first page.
    setPage((was) => (got && after !== null ? { ...got, totalCount: got.totalCount ?? was?.totalCount ?? 0 } : got));
  };

  /** Code → archive: archiveEntry (business roles), else the finding aid (archive administrators); an auditor enters the id. */
  const resolveCode = async (code: string): Promise<ArchiveEntry | undefined> => {
    const r = await run<{ archiveEntry: ArchiveEntry }>(ARCHIVE_ENTRY, { code });
    if (r.data) return r.data.archiveEntry;
    if (r.leaving) return undefined;
    if (codeOf(r.error) === 'FORBIDDEN') {
      const list = await run<{ archiveEntries: ArchiveEntry[] }>(ARCHIVE_ENTRIES, { first: 5, where: { search: code } });
      const hit = list.data?.archiveEntries.find((e) => e.code.toUpperCase() === code.toUpperCase());
      if (hit) return hit;
      if (list.leaving) return undefined;
      if (codeOf(list.error) === 'FORBIDDEN') message.warning(t('audit.codeForbidden', { code: 'FORBIDDEN' }));
      else if (list.error) message.error(errorText(t, list.error));
      else message.error(t('audit.noCustomer', { code }));
      return undefined;
    }
    if (codeOf(r.error) === 'NOT_FOUND') message.error(t('audit.noCustomer', { code }));
    else message.error(errorText(t, r.error));
    return undefined;
  };

  const search = async (f: Filters) => {
    const w: AuditWhere = {};
    if (f.actor?.trim()) w.actor = f.actor.trim();
    if (f.action?.length) w.action = f.action;
    if (f.minLevel) w.minLevel = f.minLevel;
    if (f.outcome) w.outcome = f.outcome;
    if (f.range?.[0]) w.from = f.range[0].toISOString();
    if (f.range?.[1]) w.to = f.range[1].toISOString();
    const c = f.customer?.trim();
    setCustomer(undefined);
    if (c) {
      let id = c;
      if (!/^\d+$/.test(c)) {
        const entry = await resolveCode(c);
        if (!entry) return;
        id = entry.id;
        setCustomer(entry);
      } else setCustomer({ id });
      w.entityType = 'Customer';
      w.entityId = id;
    }
    setWhere(w);
    setCursors([null]);
    await load(w, null);
  };

  useEffect(() => {
    form.setFieldsValue({ customer: initialCustomer, actor: initialActor });
    void search({ customer: initialCustomer, actor: initialActor });
  }, []); // once, on arrival

  const next = async () => {
    if (!where || !page?.pageInfo.endCursor) return;
    setCursors((c) => [...c, page.pageInfo.endCursor]);
    await load(where, page.pageInfo.endCursor);
  };
  const prev = async () => {
    if (!where || cursors.length < 2) return;
    const c = cursors.slice(0, -1);
    setCursors(c);
    await load(where, c[c.length - 1]);
  };

  const check = async () => {
    await act<{ auditIntegrity: AuditIntegrity }>(AUDIT_INTEGRITY, {}, { key: 'check', done: null, then: (d) => setIntegrity(d.auditIntegrity) });
  };

  const exportCsv = async () => {
    const r = await act<{ auditExport: { filename: string; csv: string; rows: number } }>(AUDIT_EXPORT, { input: { where: where ?? {}, limit: 10000 } }, { key: 'export', done: null });
    if (!r) return;
    const { filename, csv, rows } = r.auditExport;
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    message.success(t('audit.exported', { rows }));
  };

  if (codeOf(error) === 'FORBIDDEN') {
    return (
      <div>
        <div className="page-head"><h1>{t('audit.title')}</h1></div>
        <Alert type="warning" showIcon data-testid="audit-forbidden" title={t('audit.forbidden', { code: 'FORBIDDEN' })} description={error?.message} />
      </div>
    );
  }

  const columns: ColumnsType<AuditEvent> = [
    { title: t('audit.seq'), dataIndex: 'seq', width: 80 },
    { title: t('audit.at'), width: 170, render: (_, e) => when(e.at) },
    { title: t('audit.actor'), width: 130, render: (_, e) => e.actorUsername ?? e.actorUserId ?? '—' },
    { title: t('audit.action'), width: 120, render: (_, e) => <Tag data-action={e.action}>{label(t, 'auditAction', e.action)}</Tag> },
    {
      title: t('audit.outcome'), width: 90,
      render: (_, e) => <Tag color={e.outcome === 'SUCCESS' ? 'green' : e.outcome === 'DENIED' ? 'red' : 'orange'}>{label(t, 'outcome', e.outcome)}</Tag>,
    },
    { title: t('audit.entity'), width: 150, render: (_, e) => (e.entityType ? `${e.entityType}${e.entityId ? ` #${e.entityId}` : ''}` : '—') },
    { title: t('audit.fields'), ellipsis: true, render: (_, e) => (e.fields ?? []).join(', ') || '—' },
    { title: t('access.level'), width: 80, render: (_, e) => (e.maxLevel ? <LevelMark level={e.maxLevel} /> : '—') },
    { title: t('audit.purpose'), width: 150, render: (_, e) => (e.purpose ? <span data-testid="event-purpose">{e.purpose}{e.grantId && <Typography.Text type="secondary"> · {t('audit.grant')} {e.grantId}</Typography.Text>}</span> : '—') },
    { title: '', width: 70, render: (_, e) => <Button size="small" type="link" onClick={() => setOpen(e)} data-testid="event-detail">{t('common.detail')}</Button> },
  ];

  const changes = open?.changes && typeof open.changes === 'object' ? Object.entries(open.changes) : [];

  return (
    <div data-testid="audit-page">
      <div className="page-head">
        <h1>{t('audit.title')}</h1>
        <Space>
          <Button icon={<SafetyCertificateOutlined />} loading={busy === 'check'} onClick={() => void check()} data-testid="integrity-check">{t('audit.integrity')}</Button>
          <Button icon={<DownloadOutlined />} loading={busy === 'export'} onClick={() => void exportCsv()} data-testid="audit-export">{t('audit.export')}</Button>
        </Space>
      </div>
      {integrity && (
        <Alert style={{ marginBottom: 16 }} showIcon closable={{ onClose: () => setIntegrity(undefined) }} type={integrity.ok ? 'success' : 'error'} data-testid="integrity-result" data-ok={integrity.ok}
          title={integrity.ok
            ? t('audit.integrityOk', { checked: integrity.checked, headSeq: integrity.headSeq })
            : t('audit.integrityBroken', { seq: integrity.firstBrokenSeq ?? '?', checked: integrity.checked })}
          description={<Typography.Text code copyable>{`${t('audit.headHash')}: ${integrity.headHash}`}</Typography.Text>} />
      )}
      <Card style={{ marginBottom: 16 }}>
        <Form<Filters> form={form} layout="inline" name="audit" onFinish={(f) => void search(f)} style={{ rowGap: 12 }}>
          <Form.Item name="actor" label={t('audit.actor')}><Input allowClear placeholder={t('audit.actorPlaceholder')} style={{ width: 170 }} /></Form.Item>
          <Form.Item name="customer" label={t('audit.customer')}><Input allowClear placeholder={t('audit.customerPlaceholder')} style={{ width: 250 }} data-testid="audit-customer" /></Form.Item>
          <Form.Item name="action" label={t('audit.action')}>
            <Select mode="multiple" allowClear style={{ minWidth: 200 }} maxTagCount="responsive" options={ACTIONS.map((a) => ({ value: a, label: label(t, 'auditAction', a) }))} data-testid="audit-action" />
          </Form.Item>
          <Form.Item name="minLevel" label={t('audit.minLevel')}>
            <Select allowClear style={{ width: 110 }} options={LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))} />
          </Form.Item>
          <Form.Item name="outcome" label={t('audit.outcome')}>
            <Select allowClear style={{ width: 110 }} options={OUTCOMES.map((o) => ({ value: o, label: label(t, 'outcome', o) }))} />
          </Form.Item>
          <Form.Item name="range" label={t('audit.time')}><DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowEmpty={[true, true]} /></Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">{t('common.search')}</Button>
              <Button onClick={() => { form.resetFields(); void search({}); }}>{t('common.reset')}</Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      {customer && (
        <Alert style={{ marginBottom: 12 }} type="info" showIcon data-testid="audit-history"
          title={t('audit.history', { customer: customer.code ? `${customer.name} (${customer.code}, #${customer.id})` : `#${customer.id}` })}
          action={<Button size="small" onClick={() => { form.setFieldValue('customer', undefined); void search({ ...form.getFieldsValue(), customer: undefined }); }}>{t('audit.clearHistory')}</Button>} />
      )}
      {error && <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 12 }} data-testid="server-error" />}
      <Table<AuditEvent> rowKey="seq" size="small" loading={loading} columns={columns} dataSource={page?.edges.map((e) => e.node) ?? []}
        data-testid="audit-table" pagination={false} scroll={{ x: 1200 }} locale={{ emptyText: t('audit.empty') }}
        onRow={(e) => ({ onDoubleClick: () => setOpen(e) })} />
      <Space style={{ marginTop: 12, justifyContent: 'space-between', width: '100%' }}>
        <Typography.Text type="secondary">{page ? t('common.total', { n: page.totalCount }) : ''}</Typography.Text>
        <Space>
          <Button disabled={cursors.length < 2 || loading} onClick={() => void prev()}>{t('common.prev')}</Button>
          <Button disabled={!page?.pageInfo.hasNextPage || loading} onClick={() => void next()} data-testid="audit-next">{t('common.next')}</Button>
        </Space>
      </Space>

      <Drawer open={!!open} onClose={() => setOpen(undefined)} size={720} title={open ? t('audit.eventTitle', { seq: open.seq }) : ''} data-testid="event-drawer">
        {open && (
          <>
            <Descriptions size="small" column={1} bordered items={[
              { key: 'at', label: t('audit.at'), children: when(open.at) },
              { key: 'actor', label: t('audit.actor'), children: `${open.actorUsername ?? '—'}${open.actorUserId ? ` (#${open.actorUserId})` : ''}${open.actorTokenId ? ` · token ${open.actorTokenId}` : ''}` },
              { key: 'action', label: t('audit.action'), children: `${label(t, 'auditAction', open.action)} (${open.action}) · ${label(t, 'outcome', open.outcome)}` },
              { key: 'entity', label: t('audit.entity'), children: open.entityType ? `${open.entityType} #${open.entityId ?? ''}` : '—' },
              { key: 'fields', label: t('audit.fields'), children: (open.fields ?? []).join(', ') || '—' },
              { key: 'level', label: t('access.level'), children: open.maxLevel ? <LevelMark level={open.maxLevel} /> : '—' },
              { key: 'purpose', label: t('audit.purpose'), children: open.purpose ?? '—' },
              { key: 'grant', label: t('audit.grant'), children: open.grantId ?? '—' },
              { key: 'op', label: t('audit.operation'), children: open.operation ?? '—' },
              { key: 'req', label: t('audit.request'), children: open.requestId ?? '—' },
              { key: 'ip', label: t('audit.ip'), children: open.ip ?? '—' },
              { key: 'ua', label: t('audit.userAgent'), children: <Typography.Text style={{ fontSize: 12 }}>{open.userAgent ?? '—'}</Typography.Text> },
              { key: 'hash', label: t('audit.hash'), children: <Typography.Text code style={{ fontSize: 11, wordBreak: 'break-all' }}>{open.hash}</Typography.Text> },
              { key: 'prev', label: t('audit.prevHash'), children: <Typography.Text code style={{ fontSize: 11, wordBreak: 'break-all' }}>{open.prevHash}</Typography.Text> },
            ]} />
            {changes.length > 0 && (
              <>
                <h3 style={{ marginTop: 16 }}>{t('audit.changes')}</h3>
                <Table size="small" pagination={false} rowKey="field" data-testid="event-changes"
                  dataSource={changes.map(([field, c]) => ({ field, before: show((c as { before?: unknown })?.before), after: show((c as { after?: unknown })?.after) }))}
                  columns={[
                    { title: t('audit.fields'), dataIndex: 'field', width: 160 },
                    { title: t('audit.before'), dataIndex: 'before', render: (v: string) => <Typography.Text delete type="secondary" style={{ wordBreak: 'break-all' }}>{v}</Typography.Text> },
                    { title: t('audit.after'), dataIndex: 'after', render: (v: string) => <Typography.Text style={{ wordBreak: 'break-all' }}>{v}</Typography.Text> },
                  ]} />
              </>
            )}
            <h3 style={{ marginTop: 16 }}>{t('audit.targets')}</h3>
            <ul data-testid="event-targets">
              {open.targets.map((x, i) => <li key={i}>{x.entityType} #{x.entityId}{x.fields?.length ? `: ${x.fields.join(', ')}` : ''}</li>)}
            </ul>
            {open.detail != null && (
              <>
                <h3 style={{ marginTop: 16 }}>{t('audit.detailJson')}</h3>
                <pre style={{ background: '#fafafa', padding: 12, fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{JSON.stringify(open.detail, null, 2)}</pre>
              </>
            )}
          </>
        )}
      </Drawer>
    </div>
  );
}
