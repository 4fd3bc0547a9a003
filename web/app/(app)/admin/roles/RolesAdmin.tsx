'use client';
import { Alert, App, Select, Table } from 'antd';
import { ServerError, useAction, useGqlQuery } from '../../../_components/ops';
import { useI18n } from '../../../_i18n/client';
import { ROLES_ADMIN, type RoleRow, UPDATE_ROLE } from '../../../_lib/ops-queries';

const SCOPES = ['OWN', 'DEPARTMENT', 'ALL', 'SUMMARY', 'NONE'];

/** Roles as data: the system administrator sets each role's row scope (the API audits the change). */
export function RolesAdmin() {
  const { t, locale } = useI18n();
  const q = useGqlQuery<{ roles: RoleRow[] }>(ROLES_ADMIN);
  const { act, busy, error } = useAction();
  const { message } = App.useApp();

  /** updateRole answers with the scope in force: a widening that would open more to cleared holders waits for the security officer. */
  const setScope = async (role: RoleRow, scope: string) => {
    await act<{ updateRole: RoleRow }>(UPDATE_ROLE, { input: { name: role.name, scope } }, {
      key: role.name, show: 'inline', done: null, reload: q.reload,
      then: (d) => { void (d.updateRole.scope === scope ? message.success(t('common.saved')) : message.info(t('admin.scopeFiled'))); },
    });
  };

  return (
    <div data-testid="roles-page">
      <div className="page-head"><h1>{t('admin.rolesPage')}</h1></div>
      <Alert type="info" showIcon title={t('admin.rolesNote')} style={{ marginBottom: 12 }} />
      <ServerError error={q.error} />
      <ServerError error={error} />
      <Table<RoleRow> rowKey="id" size="middle" loading={q.loading} dataSource={q.data?.roles ?? []} pagination={false}
        columns={[
          { title: t('admin.roleName'), render: (_, r) => (locale === 'en' ? r.labelEn : r.labelZh) },
          { title: 'Code', dataIndex: 'name', width: 200 },
          { title: t('admin.labelZh'), dataIndex: 'labelZh' },
          { title: t('admin.labelEn'), dataIndex: 'labelEn' },
          {
            title: t('admin.scope'), width: 180,
            render: (_, r) => (
              <Select size="small" value={r.scope} style={{ width: 150 }} data-testid={`role-scope-${r.name}`} loading={busy === r.name}
                options={SCOPES.map((s) => ({ value: s, label: s }))} onChange={(s) => void setScope(r, s)} />
            ),
          },
        ]} />
    </div>
  );
}
