'use client';
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Select, Space, Table, Tag } from 'antd';
import type { ColumnsType, SorterResult } from 'antd/es/table/interface';
import dayjs from 'dayjs';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useState, useTransition } from 'react';
import { Guarded, LevelMark } from '../../_components/FieldLock';
import { useT } from '../../_i18n/client';
import { gql } from '../../_lib/client-api';
import { ListState, PAGE_SIZES, SORT_FIELDS, SortField, toQueryString } from '../../_lib/customer-list';
import { enumLabel, enumOptions, SUGGESTIONS } from '../../_lib/enums';
import { blockingErrors, classifiedFields, describeError } from '../../_lib/errors';
import { OWNER_OPTIONS } from '../../_lib/queries';
import type { Connection, Customer, GqlError, SessionUser, UserRef } from '../../_lib/types';

interface Props {
  state: ListState;
  data: Connection<Customer> | null;
  errors: GqlError[];
  me: SessionUser;
}

const COLUMN_SORT: Record<string, SortField> = { code: 'CODE', name: 'NAME', status: 'STATUS', grade: 'GRADE', updatedAt: 'UPDATED_AT' };

/**
 * The owners in the caller's scope, fetched once when the list is first shown (paging and filtering
 * keep this component mounted). Undefined until they arrive, or when the API refuses (e.g. FORBIDDEN):
 * the filter then offers the owners of the rows on the page.
 */
function useScopeOwners(): UserRef[] | undefined {
  const [owners, setOwners] = useState<UserRef[]>();
  useEffect(() => {
    let live = true;
    void gql<{ customerStats: { rows: Array<{ ownerId: string | null; owner: UserRef | null }> } }>(OWNER_OPTIONS).then((res) => {
      const stats = res.data?.customerStats;
      if (!live || !stats) return;
      setOwners(stats.rows.flatMap((r) => (r.ownerId ? [{ id: r.ownerId, displayName: r.owner?.displayName ?? `#${r.ownerId}` }] : [])));
    });
    return () => { live = false; };
  }, []);
  return owners;
}

export function CustomerList({ state, data, errors, me }: Props) {
  const t = useT();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [search, setSearch] = useState(state.q);
  useEffect(() => setSearch(state.q), [state.q]); // back/forward changes the URL under the box
  // Cursors of the pages before this one, for 上一页 (keyset paging has no page numbers).
  const [previous, setPrevious] = useState<Array<string | undefined>>([]);

  const failure = blockingErrors(errors)[0];
  const locks = useMemo(() => classifiedFields(errors), [errors]);
  const rows = useMemo(() => data?.edges.map((e) => e.node) ?? [], [data]);

  const go = (next: ListState) => startTransition(() => {
    const qs = toQueryString(next);
    router.push(`/customers${qs ? `?${qs}` : ''}`);
  });
  /** A changed filter or sort starts again at the first page. */
  const refine = (patch: Partial<ListState>) => {
    setPrevious([]);
    go({ ...state, ...patch, after: undefined });
  };

  const scopeOwners = useScopeOwners();
  const owners = useMemo(() => {
    const others = new Map<string, string>();
    for (const o of scopeOwners ?? []) others.set(o.id, o.displayName);
    for (const r of rows) if (r.owner) others.set(r.owner.id, r.owner.displayName);
    others.delete(me.id);
    for (const id of state.owner) if (id !== 'me' && !others.has(id)) others.set(id, `#${id}`);
    const sorted = [...others].sort(([, a], [, b]) => a.localeCompare(b, 'zh-CN'));
    return [{ value: 'me', label: me.displayName }, ...sorted.map(([value, label]) => ({ value, label }))];
  }, [scopeOwners, rows, me, state.owner]);

  const sortOrder = (key: string) =>
    COLUMN_SORT[key] === state.sort ? (state.dir === 'ASC' ? 'ascend' as const : 'descend' as const) : null;
  const guarded = (field: keyof Customer, render?: (v: unknown) => React.ReactNode) =>
    function Cell(_: unknown, record: Customer) {
      return <Guarded record={record} field={field} fallback={locks} compact>{render}</Guarded>;
    };

  const columns: ColumnsType<Customer> = [
    { key: 'code', dataIndex: 'code', title: t('f.code'), width: 110, fixed: 'left', sorter: true, sortOrder: sortOrder('code') },
    {
      key: 'name', dataIndex: 'name', title: t('f.name'), width: 240, sorter: true, sortOrder: sortOrder('name'),
      render: (name: string, r) => <Link href={`/customers/${r.id}`} data-testid="customer-link">{name}</Link>,
    },
    { key: 'archiveLevel', title: t('f.archiveLevel'), width: 100, render: (_, r) => <LevelMark level={r.archiveLevel} /> },
    { key: 'type', title: t('f.type'), width: 110, render: guarded('type', (v) => enumLabel(t, 'type', v as string)) },
    {
      key: 'status', title: t('f.status'), width: 110, sorter: true, sortOrder: sortOrder('status'),
      render: guarded('status', (v) => <Tag>{enumLabel(t, 'status', v as string)}</Tag>),
    },
    { key: 'grade', title: t('f.grade'), width: 100, sorter: true, sortOrder: sortOrder('grade'), render: guarded('grade') },
    { key: 'industry', title: t('f.industry'), width: 120, render: guarded('industry') },
    { key: 'region', title: t('f.region'), width: 90, render: guarded('region') },
    { key: 'phone', title: t('f.phone'), width: 140, render: guarded('phone') },
    { key: 'owner', title: t('f.owner'), width: 140, render: guarded('owner', (v) => (v as Customer['owner'])?.displayName) },
    {
      key: 'updatedAt', title: t('f.updatedAt'), width: 150, sorter: true, sortOrder: sortOrder('updatedAt'),
      render: guarded('updatedAt', (v) => dayjs(v as string).format('YYYY-MM-DD HH:mm')),
    },
  ];

  const onTableChange = (_p: unknown, _f: unknown, sorter: SorterResult<Customer> | SorterResult<Customer>[]) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = COLUMN_SORT[String(s?.columnKey)];
    if (!field || !s.order) return refine({ sort: 'UPDATED_AT', dir: 'DESC' });
    refine({ sort: SORT_FIELDS.includes(field) ? field : 'UPDATED_AT', dir: s.order === 'ascend' ? 'ASC' : 'DESC' });
  };

  const multi = (key: 'status' | 'grade' | 'type' | 'industry' | 'region' | 'owner', placeholder: string, options: Array<{ value: string; label: string }>, tags = false) => (
    <Select
      mode={tags ? 'tags' : 'multiple'} allowClear maxTagCount="responsive" placeholder={placeholder} options={options}
      showSearch={key === 'owner' ? { optionFilterProp: 'label' } : undefined}
      value={state[key]} onChange={(v: string[]) => refine({ [key]: v })} data-testid={`filter-${key}`} style={{ minWidth: 150 }}
    />
  );

  return (
    <div>
      <div className="page-head">
        <h1>{t('customers.title')}</h1>
        <Link href="/customers/new"><Button type="primary" icon={<PlusOutlined />}>{t('customers.new')}</Button></Link>
      </div>
      <div className="filters">
        <Input.Search
          allowClear placeholder={t('customers.searchPlaceholder')} style={{ width: 320 }} value={search}
          onChange={(e) => setSearch(e.target.value)} onSearch={(q) => refine({ q: q.trim() })} enterButton={t('common.search')}
          data-testid="customer-search" loading={pending}
        />
        {multi('status', t('f.status'), enumOptions(t, 'status'))}
        {multi('grade', t('f.grade'), enumOptions(t, 'grade'))}
        {multi('type', t('f.type'), enumOptions(t, 'type'))}
        {multi('industry', t('f.industry'), SUGGESTIONS.industry.map((v) => ({ value: v, label: v })), true)}
        {multi('region', t('f.region'), SUGGESTIONS.region.map((v) => ({ value: v, label: v })), true)}
        {multi('owner', t('customers.filterOwner'), owners)}
        <Button onClick={() => { setSearch(''); refine({ q: '', status: [], grade: [], type: [], industry: [], region: [], owner: [] }); }}>
          {t('common.reset')}
        </Button>
      </div>
      {failure && <Alert type="error" showIcon title={describeError(t, failure)} style={{ marginBottom: 12 }} />}
      <Table<Customer>
        rowKey="id" size="middle" columns={columns} dataSource={rows} loading={pending} pagination={false}
        onChange={onTableChange} scroll={{ x: 1500 }} data-testid="customer-table"
        showSorterTooltip={false}
      />
      <div className="pager" data-testid="pager">
        <span>{t('common.total', { n: data?.totalCount ?? 0 })}</span>
        <Select
          size="small" value={state.size} style={{ width: 110 }}
          options={PAGE_SIZES.map((n) => ({ value: n, label: t('common.pageSize', { n }) }))}
          onChange={(size: number) => refine({ size })}
        />
        <Space.Compact>
          <Button disabled={!state.after} onClick={() => refine({})}>{t('common.first')}</Button>
          <Button
            disabled={!state.after || previous.length === 0}
            onClick={() => { const before = previous.slice(0, -1); const after = previous[previous.length - 1]; setPrevious(before); go({ ...state, after }); }}
          >
            {t('common.prev')}
          </Button>
          <Button
            disabled={!data?.pageInfo.hasNextPage} data-testid="next-page"
            onClick={() => { setPrevious([...previous, state.after]); go({ ...state, after: data?.pageInfo.endCursor ?? undefined }); }}
          >
            {t('common.next')}
          </Button>
        </Space.Compact>
      </div>
    </div>
  );
}
