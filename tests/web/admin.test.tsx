/** @jest-environment jsdom */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ArchivesAdmin } from '../../web/app/(app)/admin/archives/ArchivesAdmin';
import { DepartmentsAdmin } from '../../web/app/(app)/admin/departments/DepartmentsAdmin';
import { FieldLevelsAdmin } from '../../web/app/(app)/admin/fields/FieldLevelsAdmin';
import { RolesAdmin } from '../../web/app/(app)/admin/roles/RolesAdmin';
import { UsersAdmin } from '../../web/app/(app)/admin/users/UsersAdmin';
import type { AdminUser, Department, FieldPolicy, RoleRow } from '../../web/app/_lib/ops-queries';
import { callsOf, pick, renderUi, stubOperations } from './dom';

jest.mock('next/navigation', () => ({ useRouter: () => ({ push: jest.fn() }), usePathname: () => '/admin' }));

const click = (element: Element) => act(async () => { fireEvent.click(element); });
const forbidden = (message: string) => ({ data: null, errors: [{ message, extensions: { code: 'FORBIDDEN' } }] });
const saved = () => screen.findByText('已保存', { selector: '.ant-message *' });

let errors: jest.SpyInstance;
beforeEach(() => { errors = jest.spyOn(console, 'error'); jest.clearAllMocks(); });
afterEach(() => expect(errors).not.toHaveBeenCalled());

describe('FieldLevelsAdmin', () => {
  const policies: FieldPolicy[] = [
    { typeName: 'Customer', field: 'bankAccount', defaultLevel: 'CLASSIFIED', level: 'CLASSIFIED', overridden: false },
    { typeName: 'Customer', field: 'phone', defaultLevel: 'INTERNAL', level: 'CONFIDENTIAL', overridden: true },
    { typeName: 'Contact', field: 'mobile', defaultLevel: 'CONFIDENTIAL', level: 'CONFIDENTIAL', overridden: false },
  ];

  it('sets a field’s level with setFieldLevel and reloads the policies', async () => {
    const fetch = stubOperations({
      FieldPolicies: { data: { fieldPolicies: policies } },
      SetFieldLevel: { data: { setFieldLevel: { ...policies[0], level: 'CONFIDENTIAL', overridden: true } } },
    });
    renderUi(<FieldLevelsAdmin roles={['SECURITY_OFFICER']} />);
    const select = await screen.findByTestId('level-Customer.bankAccount');
    expect(select).toHaveTextContent('绝密');
    await pick(select, '机密');
    await waitFor(() => expect(callsOf(fetch, 'SetFieldLevel')).toEqual([{ input: { typeName: 'Customer', field: 'bankAccount', level: 'CONFIDENTIAL' } }]));
    expect(await saved()).toBeInTheDocument();
    await waitFor(() => expect(callsOf(fetch, 'FieldPolicies')).toHaveLength(2));
  });

  it('restores the default of an overridden field by sending level null', async () => {
    const fetch = stubOperations({
      FieldPolicies: { data: { fieldPolicies: policies } },
      SetFieldLevel: { data: { setFieldLevel: { ...policies[1], level: 'INTERNAL', overridden: false } } },
    });
    renderUi(<FieldLevelsAdmin roles={['SECURITY_OFFICER']} />);
    await screen.findByTestId('level-Customer.phone');
    const restore = screen.getAllByRole('button', { name: '恢复默认' });
    expect(restore).toHaveLength(1);
    await click(restore[0]);
    await waitFor(() => expect(callsOf(fetch, 'SetFieldLevel')).toEqual([{ input: { typeName: 'Customer', field: 'phone', level: null } }]));
  });

  it('reports a refused change and does not reload', async () => {
    const fetch = stubOperations({
      FieldPolicies: { data: { fieldPolicies: policies } },
      SetFieldLevel: forbidden('This action needs the SECURITY_ADMIN permission'),
    });
    renderUi(<FieldLevelsAdmin roles={['INFO_SUPERVISOR']} />);
    await pick(await screen.findByTestId('level-Contact.mobile'), '内部');
    expect(await screen.findByText('您无权执行此操作 (FORBIDDEN)')).toBeInTheDocument();
    expect(callsOf(fetch, 'FieldPolicies')).toHaveLength(1);
  });
});

describe('RolesAdmin', () => {
  const roles: RoleRow[] = [
    { id: '1', name: 'ACCOUNT_MANAGER', labelZh: '客户经理', labelEn: 'Account manager', scope: 'OWN' },
    { id: '2', name: 'SALES_SUPERVISOR', labelZh: '销售主管', labelEn: 'Sales supervisor', scope: 'DEPARTMENT' },
  ];

  it('changes a role’s row scope with updateRole', async () => {
    const fetch = stubOperations({ RolesAdmin: { data: { roles } }, UpdateRole: { data: { updateRole: { ...roles[0], scope: 'DEPARTMENT' } } } });
    renderUi(<RolesAdmin />);
    await pick(await screen.findByTestId('role-scope-ACCOUNT_MANAGER'), 'DEPARTMENT');
    await waitFor(() => expect(callsOf(fetch, 'UpdateRole')).toEqual([{ input: { name: 'ACCOUNT_MANAGER', scope: 'DEPARTMENT' } }]));
    await waitFor(() => expect(callsOf(fetch, 'RolesAdmin')).toHaveLength(2));
  });

  it('shows the server’s refusal', async () => {
    stubOperations({ RolesAdmin: { data: { roles } }, UpdateRole: forbidden('This action needs the USER_ADMIN permission') });
    renderUi(<RolesAdmin />);
    await pick(await screen.findByTestId('role-scope-SALES_SUPERVISOR'), 'ALL');
    expect(await screen.findByTestId('server-error')).toHaveTextContent('您无权执行此操作 (FORBIDDEN)');
  });
});

describe('UsersAdmin', () => {
  const am1: AdminUser = {
    id: '9', username: 'am1', displayName: '客户经理 王芳', email: 'am1@example.com', phone: null, roles: ['ACCOUNT_MANAGER'], active: true,
    clearance: 'INTERNAL', lockedUntil: null, lastLoginAt: null, mustChangePassword: false, version: 4, departmentId: '2', department: { id: '2', name: '华东销售部' },
  };
  const meta = { data: { roles: [{ name: 'ACCOUNT_MANAGER', labelZh: '客户经理', labelEn: 'Account manager' }, { name: 'FINANCE', labelZh: '财务', labelEn: 'Finance' }], departments: [{ id: '2', code: 'EAST', name: '华东销售部', parentId: '1', version: 1 }] } };
  const field = (name: string) => document.getElementById(`user_${name}`) as HTMLInputElement;
  const itemOf = (name: string) => field(name).closest('.ant-form-item') as HTMLElement;
  const ok = () => click(document.querySelector('.ant-modal .ant-btn-primary')!);

  it('the system administrator creates and edits users but does not set clearances', async () => {
    const fetch = stubOperations({ Users: { data: { users: [am1] } }, UserAdminMeta: meta });
    renderUi(<UsersAdmin roles={['SYSTEM_ADMIN']} />);
    expect(await screen.findByText('客户经理 王芳')).toBeInTheDocument();
    expect(screen.getByTestId('new-user')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /编辑/ })).toBeInTheDocument();
    expect(screen.queryByTestId('clearance-am1')).toBeNull();
    expect(callsOf(fetch, 'UserAdminMeta')).toHaveLength(1);
  });

  it('the security officer sets clearances, and gets no user editing', async () => {
    const fetch = stubOperations({ Users: { data: { users: [am1] } }, SetClearance: { data: { setClearance: { ...am1, clearance: 'CONFIDENTIAL' } } } });
    renderUi(<UsersAdmin roles={['SECURITY_OFFICER']} />);
    const clearance = await screen.findByTestId('clearance-am1');
    expect(screen.queryByTestId('new-user')).toBeNull();
    expect(screen.queryByRole('button', { name: /编辑/ })).toBeNull();
    expect(callsOf(fetch, 'UserAdminMeta')).toHaveLength(0);
    await pick(clearance, '机密');
    await waitFor(() => expect(callsOf(fetch, 'SetClearance')).toEqual([{ input: { userId: '9', clearance: 'CONFIDENTIAL' } }]));
  });

  it('edits a user by sending id, version and the changed fields only', async () => {
    const fetch = stubOperations({ Users: { data: { users: [am1] } }, UserAdminMeta: meta, UpdateUser: { data: { updateUser: { ...am1, displayName: '王芳', version: 5 } } } });
    renderUi(<UsersAdmin roles={['SYSTEM_ADMIN']} />);
    await click(await screen.findByRole('button', { name: /编辑/ }));
    fireEvent.change(field('displayName'), { target: { value: '王芳' } });
    await ok();
    await waitFor(() => expect(callsOf(fetch, 'UpdateUser')).toEqual([{ input: { id: '9', version: 4, displayName: '王芳' } }]));
  });

  it('creates a user and shows the initial password once; validation problems land at their fields in the user’s language', async () => {
    let attempt = 0;
    const fetch = stubOperations({
      Users: { data: { users: [am1] } },
      UserAdminMeta: meta,
      CreateUser: () => (attempt++ === 0
        ? {
          data: null,
          errors: [{
            message: 'Invalid input: username: …; email: …', path: ['createUser'],
            extensions: {
              code: 'BAD_USER_INPUT', field: 'username', fields: ['username', 'email'],
              issues: [
                { field: 'username', message: 'username must be 2–64 lower-case letters, digits, _ . -', constraint: 'matches' },
                { field: 'email', message: 'email must be an email', constraint: 'isEmail' },
              ],
            },
          }],
        }
        : { data: { createUser: { initialPassword: 'Xy7-first-pass', user: { ...am1, id: '40', username: 'fin2', displayName: '财务 钱多' } } } }),
    });
    renderUi(<UsersAdmin roles={['SYSTEM_ADMIN']} />);
    await click(await screen.findByTestId('new-user'));
    fireEvent.change(field('username'), { target: { value: 'Fin 2' } });
    fireEvent.change(field('displayName'), { target: { value: '财务 钱多' } });
    fireEvent.change(field('email'), { target: { value: 'nope' } });
    await pick(field('roles'), '财务');
    await ok();
    await waitFor(() => expect(itemOf('username')).toHaveTextContent('须为 2–64 位小写字母、数字、_ . -，以字母开头'));
    expect(itemOf('email')).toHaveTextContent('请输入有效的电子邮箱地址');
    expect(callsOf(fetch, 'CreateUser')[0].input).toEqual({ username: 'Fin 2', displayName: '财务 钱多', email: 'nope', phone: null, departmentId: null, roles: ['FINANCE'] });

    fireEvent.change(field('username'), { target: { value: 'fin2' } });
    fireEvent.change(field('email'), { target: { value: '' } });
    await ok();
    expect(await screen.findByTestId('initial-password')).toHaveTextContent('Xy7-first-pass');
    expect(callsOf(fetch, 'CreateUser')[1].input).toMatchObject({ username: 'fin2', email: null });
  });
});

describe('DepartmentsAdmin', () => {
  const departments: Department[] = [
    { id: '1', code: 'HQ', name: '总部', parentId: null, headUserId: '50', version: 1 },
    { id: '2', code: 'EAST', name: '华东销售部', parentId: '1', headUserId: null, version: 3 },
  ];
  const users = { data: { users: [{ id: '50', username: 'gm', displayName: '总经理 孙立' }, { id: '20', username: 'supervisor1', displayName: '销售主管 周敏' }] } };

  it('shows the tree with heads, read-only for a role other than the system administrator', async () => {
    stubOperations({ Departments: { data: { departments } }, Users: forbidden('This action needs the USER_ADMIN permission') });
    renderUi(<DepartmentsAdmin roles={['SECURITY_OFFICER']} />);
    expect(await screen.findByText('华东销售部')).toBeInTheDocument();
    expect(screen.getByTestId('departments-page')).toHaveTextContent('#50');
    expect(screen.queryByRole('button', { name: /新建部门/ })).toBeNull();
    expect(screen.queryByTestId('edit-department-EAST')).toBeNull();
  });

  it('lets the system administrator rename a department and name its head', async () => {
    const fetch = stubOperations({
      Departments: { data: { departments } },
      Users: users,
      UpdateDepartment: { data: { updateDepartment: { ...departments[1], name: '华东大区', headUserId: '20', version: 4 } } },
    });
    renderUi(<DepartmentsAdmin roles={['SYSTEM_ADMIN']} />);
    await waitFor(() => expect(screen.getByTestId('departments-page')).toHaveTextContent('总经理 孙立'));
    await click(screen.getByTestId('edit-department-EAST'));
    fireEvent.change(document.getElementById('edit-department_name')!, { target: { value: ' 华东大区 ' } });
    await pick(document.getElementById('edit-department_headUserId')!, '销售主管 周敏 (supervisor1)');
    const dialog = screen.getAllByRole('dialog').find((d) => within(d).queryByText('编辑部门'))!;
    await click(dialog.querySelector('.ant-btn-primary')!);
    await waitFor(() => expect(callsOf(fetch, 'UpdateDepartment')).toEqual([{ input: { id: '2', version: 3, name: '华东大区', headUserId: '20' } }]));
    expect(await saved()).toBeInTheDocument();
  });
});

describe('ArchivesAdmin', () => {
  const entries = [
    { id: '1', code: 'C000001', name: '上海恒力建设集团有限公司', archiveLevel: 'INTERNAL', custodian: null },
  ];
  const people = { data: { users: [{ id: '30', username: 'archivist', displayName: '档案员 陈静', active: true, clearance: 'CLASSIFIED' }, { id: '31', username: 'gone', displayName: '离职 员工', active: false, clearance: 'CLASSIFIED' }] } };

  it('requires a custodian for a classified archive, then sets level and custodian', async () => {
    const fetch = stubOperations({
      ArchiveEntries: { data: { archiveEntries: entries } },
      Custodians: people,
      SetArchiveLevel: { data: { setArchiveLevel: { ...entries[0], archiveLevel: 'CLASSIFIED' } } },
    });
    renderUi(<ArchivesAdmin roles={['SECURITY_OFFICER']} />);
    await click(await screen.findByRole('button', { name: '定密' }));
    await pick(document.getElementById('archive_archiveLevel')!, '绝密');
    const dialog = screen.getByRole('dialog');
    await click(dialog.querySelector('.ant-btn-primary')!);
    expect(await within(dialog).findByText('绝密档案必须指定保管人')).toBeInTheDocument();
    expect(callsOf(fetch, 'SetArchiveLevel')).toHaveLength(0);

    await pick(document.getElementById('archive_custodianId')!, '档案员 陈静 (archivist) · 绝密');
    await click(dialog.querySelector('.ant-btn-primary')!);
    await waitFor(() => expect(callsOf(fetch, 'SetArchiveLevel')).toEqual([{ input: { customerId: '1', archiveLevel: 'CLASSIFIED', custodianId: '30' } }]));
  });
});
