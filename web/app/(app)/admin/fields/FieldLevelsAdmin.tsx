'use client';
import { Button, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { LevelMark } from '../../../_components/FieldLock';
import { ServerError, useAction, useGqlQuery } from '../../../_components/ops';
import { useI18n } from '../../../_i18n/client';
import { FIELD_POLICIES, SET_FIELD_LEVEL, type FieldPolicy } from '../../../_lib/ops-queries';
import { LEVELS, type Level } from '../../../_lib/types';
import { fieldLabel } from '../../access/labels';

export function FieldLevelsAdmin(_: { roles: string[] }) {
  const { t } = useI18n();
  const q = useGqlQuery<{ fieldPolicies: FieldPolicy[] }>(FIELD_POLICIES);
  const { act, busy } = useAction();
  const [type, setType] = useState<string>();
  const rows = q.data?.fieldPolicies ?? [];
  const types = [...new Set(rows.map((r) => r.typeName))];

  const set = async (p: FieldPolicy, level: Level | null) => {
    await act(SET_FIELD_LEVEL, { input: { typeName: p.typeName, field: p.field, level } }, { key: `${p.typeName}.${p.field}`, reload: q.reload });
  };

  return (
    <div data-testid="field-levels-page">
      <div className="page-head">
        <h1>{t('admin.fieldLevels')}</h1>
        <Select allowClear placeholder={t('admin.typeName')} style={{ width: 200 }} value={type} onChange={setType} options={types.map((x) => ({ value: x, label: x }))} />
      </div>
      <ServerError error={q.error} />
      <Table<FieldPolicy> rowKey={(p) => `${p.typeName}.${p.field}`} size="small" loading={q.loading}
        dataSource={type ? rows.filter((r) => r.typeName === type) : rows} pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('admin.typeName'), dataIndex: 'typeName', width: 150 },
          { title: t('admin.field'), render: (_, p) => <Space>{p.field}{p.typeName === 'Customer' && <span style={{ color: '#8c8c8c' }}>{fieldLabel(t, `Customer.${p.field}`)}</span>}</Space> },
          { title: t('admin.defaultLevel'), width: 110, render: (_, p) => <LevelMark level={p.defaultLevel} /> },
          {
            title: t('admin.level'), width: 260,
            render: (_, p) => (
              <Space>
                <Select<Level> size="small" value={p.level} style={{ width: 100 }} loading={busy === `${p.typeName}.${p.field}`}
                  data-testid={`level-${p.typeName}.${p.field}`}
                  options={LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))} onChange={(l) => void set(p, l)} />
                {p.overridden && <Tag color="gold">{t('admin.overridden')}</Tag>}
              </Space>
            ),
          },
          { title: '', width: 120, render: (_, p) => p.overridden && <Button size="small" type="link" onClick={() => void set(p, null)}>{t('admin.restoreDefault')}</Button> },
        ]} />
    </div>
  );
}
