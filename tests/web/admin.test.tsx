/** @jest-environment jsdom */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { AccountChangesAdmin } from '../../web/app/(app)/admin/account-changes/AccountChangesAdmin';
import { ArchivesAdmin } from '../../web/app/(app)/admin/archives/ArchivesAdmin';
import { DepartmentsAdmin } from '../../web/app/(app)/admin/departments/DepartmentsAdmin';
import { FieldLevelsAdmin } from '../../web/app/(app)/admin/fields/FieldLevelsAdmin';
import { RolesAdmin } from '../../web/app/(app)/admin/roles/RolesAdmin';
import { UsersAdmin } from '../../web/app/(app)/admin/users/UsersAdmin';
import type { AccountChange, AdminUser, ArchiveLevelChange, Department, FieldPolicy, RoleRow } from '../../web/app/_lib/ops-queries';
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
    expect(await saved()).toBeInTheDocument();
    await waitFor(() => expect(callsOf(fetch, 'RolesAdmin')).toHaveLength(2));
  });

  it('says when a widening waits for the security officer (the answer keeps the scope in force)', async () => {
    const fetch = stubOperations({ RolesAdmin: { data: { roles } }, UpdateRole: { data: { updateRole: roles[1] } } });
    renderUi(<RolesAdmin />);
    await pick(await screen.findByTestId('role-scope-SALES_SUPERVISOR'), 'ALL');
    expect(await screen.findByText('数据范围的扩大已提交，须经安全保密管理员审批后生效')).toBeInTheDocument();
    expect(screen.queryByText('已保存')).toBeNull();
    expect(callsOf(fetch, 'UpdateRole')).toEqual([{ input: { name: 'SALES_SUPERVISOR', scope: 'ALL' } }]);
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
  const none = { data: { accountChanges: [] } };

  it('the system administrator creates and edits users but does not set clearances', async () => {
    const fetch = stubOperations({ Users: { data: { users: [am1] } }, UserAdminMeta: meta, PendingAccountChanges: none });
    renderUi(<UsersAdmin roles={['SYSTEM_ADMIN']} />);
    expect(await screen.findByText('客户经理 王芳')).toBeInTheDocument();
    expect(screen.getByTestId('new-user')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /编辑/ })).toBeInTheDocument();
    expect(screen.queryByTestId('clearance-am1')).toBeNull();
    expect(callsOf(fetch, 'UserAdminMeta')).toHaveLength(1);
  });

  it('the security officer sets clearances, and gets no user editing', async () => {
    const fetch = stubOperations({ Users: { data: { users: [am1] } }, PendingAccountChanges: none, SetClearance: { data: { setClearance: { ...am1, clearance: 'CONFIDENTIAL' } } } });
    renderUi(<UsersAdmin roles={['SECURITY_OFFICER']} />);
    const clearance = await screen.findByTestId('clearance-am1');
    expect(screen.queryByTestId('new-user')).toBeNull();
    expect(screen.queryByRole('button', { name: /编辑/ })).toBeNull();
    expect(callsOf(fetch, 'UserAdminMeta')).toHaveLength(0);
    await pick(clearance, '机密');
    await waitFor(() => expect(callsOf(fetch, 'SetClearance')).toEqual([{ input: { userId: '9', clearance: 'CONFIDENTIAL' } }]));
  });

  it('edits a user by sending id, version and the changed fields only', async () => {
    const fetch = stubOperations({ Users: { data: { users: [am1] } }, UserAdminMeta: meta, PendingAccountChanges: none, UpdateUser: { data: { updateUser: { ...am1, displayName: '王芳', version: 5 } } } });
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
      PendingAccountChanges: none,
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
        : { data: { createUser: { initialPassword: 'Xy7-first-pass', passwordHalf: null, accountChange: null, user: { ...am1, id: '40', username: 'fin2', displayName: '财务 钱多' } } } }),
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
    expect(screen.queryByTestId('password-half')).toBeNull();
    expect(callsOf(fetch, 'CreateUser')[1].input).toMatchObject({ username: 'fin2', email: null });
  });

  const filed = { id: '70', kind: 'CREATE_USER', status: 'PENDING' };
  const newAuditor = { ...am1, id: '41', username: 'aud2', displayName: '审计 新人', roles: [], active: false };

  it('a sensitive new account: half A once, with the explanation that it waits for the security officer', async () => {
    stubOperations({
      Users: { data: { users: [am1] } }, UserAdminMeta: meta, PendingAccountChanges: none,
      CreateUser: { data: { createUser: { initialPassword: null, passwordHalf: 'hAlfA-123456', accountChange: filed, user: newAuditor } } },
    });
    renderUi(<UsersAdmin roles={['SYSTEM_ADMIN']} />);
    await click(await screen.findByTestId('new-user'));
    fireEvent.change(field('username'), { target: { value: 'aud2' } });
    fireEvent.change(field('displayName'), { target: { value: '审计 新人' } });
    await pick(field('roles'), '财务');
    await ok();
    expect(await screen.findByTestId('password-half')).toHaveTextContent('hAlfA-123456');
    expect(screen.getByTestId('awaiting-approval')).toHaveTextContent('待安全保密管理员审批');
    expect(screen.getByText(/请通过安全渠道将前半段交给 审计 新人 \(aud2\)/)).toBeInTheDocument();
    expect(screen.queryByTestId('initial-password')).toBeNull();
    expect(screen.getByText('初始密码前半段（仅显示这一次）')).toBeInTheDocument();
  });

  it('a filed reset shows half A; accounts with a pending change are tagged', async () => {
    const fetch = stubOperations({
      Users: { data: { users: [am1] } }, UserAdminMeta: meta,
      PendingAccountChanges: () => ({ data: { accountChanges: callsOf(fetch, 'ResetPassword').length ? [{ id: '71', kind: 'RESET_PASSWORD', target: { id: '9' } }] : [] } }),
      ResetPassword: { data: { resetPassword: { initialPassword: null, passwordHalf: 'hAlfA-654321', accountChange: { ...filed, kind: 'RESET_PASSWORD' }, user: am1 } } },
    });
    renderUi(<UsersAdmin roles={['SYSTEM_ADMIN']} />);
    await screen.findByText('客户经理 王芳');
    expect(screen.queryByTestId('pending-am1')).toBeNull();
    await click(screen.getByRole('button', { name: /重置密码/ }));
    await click(document.querySelector('.ant-popconfirm .ant-btn-primary')!);
    expect(await screen.findByTestId('password-half')).toHaveTextContent('hAlfA-654321');
    expect(await screen.findByTestId('pending-am1')).toHaveTextContent('待安全保密管理员审批');
  });

  it('a role change the server filed is announced as waiting for approval, not as saved', async () => {
    const fetch = stubOperations({ Users: { data: { users: [am1] } }, UserAdminMeta: meta, PendingAccountChanges: none, UpdateUser: { data: { updateUser: am1 } } });
    renderUi(<UsersAdmin roles={['SYSTEM_ADMIN']} />);
    await click(await screen.findByRole('button', { name: /编辑/ }));
    await pick(field('roles'), '财务');
    await ok();
    await waitFor(() => expect(callsOf(fetch, 'UpdateUser')).toEqual([{ input: { id: '9', version: 4, roles: ['ACCOUNT_MANAGER', 'FINANCE'] } }]));
    expect(await screen.findByText('角色变更已提交，须经安全保密管理员审批后生效')).toBeInTheDocument();
    expect(screen.queryByText('已保存')).toBeNull();
  });
});

describe('AccountChangesAdmin', () => {
  const roles = [{ name: 'ACCOUNT_MANAGER', labelZh: '客户经理', labelEn: 'Account manager' }, { name: 'AUDITOR', labelZh: '安全审计员', labelEn: 'Auditor' }];
  const base = { status: 'PENDING', requestedAt: '2026-11-20T02:00:00Z', requestedBy: { id: '1', username: 'admin', displayName: '系统管理员' } } as const;
  const changes: AccountChange[] = [
    { ...base, id: '70', kind: 'CREATE_USER', rolesBefore: [], rolesAfter: ['AUDITOR'], target: { id: '41', username: 'aud2', displayName: '审计 新人' } },
    {
      ...base, id: '71', kind: 'SET_ROLES', rolesBefore: ['ACCOUNT_MANAGER'], rolesAfter: ['AUDITOR'], voidsPassword: true,
      target: { id: '9', username: 'am1', displayName: '王芳' },
    },
  ];

  it('lists pending changes with before and after; approving a new account shows half B once', async () => {
    const fetch = stubOperations({
      AccountChanges: { data: { accountChanges: changes, roles } },
      ApproveAccountChange: { data: { approveAccountChange: { passwordHalf: 'hAlfB-999999', change: { ...changes[0], status: 'APPROVED' } } } },
    });
    renderUi(<AccountChangesAdmin />);
    const row = (await screen.findByText('审计 新人 (aud2)')).closest('tr')!;
    expect(row).toHaveTextContent('新建账户');
    expect(row).toHaveTextContent('安全审计员');
    expect(screen.getByText('王芳 (am1)').closest('tr')!).toHaveTextContent('客户经理');
    expect(screen.getByTestId('voids-password-71')).toHaveTextContent('批准后现有密码作废');
    expect(screen.queryByTestId('voids-password-70')).toBeNull();
    expect(callsOf(fetch, 'AccountChanges')).toEqual([{ where: { statusIn: ['PENDING'] } }]);
    fireEvent.change(screen.getByTestId('change-comment-70'), { target: { value: '入职单 42' } });
    await click(screen.getByTestId('approve-change-70'));
    await waitFor(() => expect(callsOf(fetch, 'ApproveAccountChange')).toEqual([{ input: { id: '70', comment: '入职单 42' } }]));
    expect(await screen.findByTestId('password-half-b')).toHaveTextContent('hAlfB-999999');
    expect(screen.getByText(/请通过安全渠道将后半段交给 审计 新人 \(aud2\)/)).toBeInTheDocument();
    await waitFor(() => expect(callsOf(fetch, 'AccountChanges')).toHaveLength(2));
  });

  it('a rejection needs a comment: without one nothing is sent', async () => {
    const fetch = stubOperations({
      AccountChanges: { data: { accountChanges: changes, roles } },
      RejectAccountChange: { data: { rejectAccountChange: { ...changes[1], status: 'REJECTED' } } },
    });
    renderUi(<AccountChangesAdmin />);
    await click(await screen.findByTestId('reject-change-71'));
    expect(screen.getByTestId('comment-required')).toHaveTextContent('驳回须说明理由');
    expect(callsOf(fetch, 'RejectAccountChange')).toHaveLength(0);
    fireEvent.change(screen.getByTestId('change-comment-71'), { target: { value: '未经申请' } });
    await click(screen.getByTestId('reject-change-71'));
    await waitFor(() => expect(callsOf(fetch, 'RejectAccountChange')).toEqual([{ input: { id: '71', comment: '未经申请' } }]));
    expect(screen.queryByTestId('password-half-b')).toBeNull();
  });

  it('shows the server’s refusal of its own account', async () => {
    stubOperations({
      AccountChanges: { data: { accountChanges: changes, roles } },
      ApproveAccountChange: forbidden('Nobody decides a change about themselves'),
    });
    renderUi(<AccountChangesAdmin />);
    await click(await screen.findByTestId('approve-change-71'));
    expect(await screen.findByTestId('server-error')).toHaveTextContent('您无权执行此操作 (FORBIDDEN)');
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
      ArchiveLevelChanges: { data: { archiveLevelChanges: [] } },
      SetArchiveLevel: { data: { setArchiveLevel: { ...entries[0], archiveLevel: 'CLASSIFIED' } } },
    });
    renderUi(<ArchivesAdmin roles={['SECURITY_OFFICER']} />);
    await click(await screen.findByRole('button', { name: '定密' }));
    await pick(document.getElementById('archive_archiveLevel')!, '绝密');
    const dialog = screen.getByRole('dialog');
    await click(dialog.querySelector('.ant-btn-primary')!);
    expect(await within(dialog).findByText('绝密档案必须指定保管人')).toBeInTheDocument();
    expect(within(dialog).getByText('请说明定密或降密的理由（记入审计日志）')).toBeInTheDocument();
    expect(callsOf(fetch, 'SetArchiveLevel')).toHaveLength(0);

    await pick(document.getElementById('archive_custodianId')!, '档案员 陈静 (archivist) · 绝密');
    fireEvent.change(document.getElementById('archive_reason')!, { target: { value: '并购尽调' } });
    await click(dialog.querySelector('.ant-btn-primary')!);
    await waitFor(() => expect(callsOf(fetch, 'SetArchiveLevel'))
      .toEqual([{ input: { customerId: '1', archiveLevel: 'CLASSIFIED', custodianId: '30', reason: '并购尽调' } }]));
    expect(await saved()).toBeInTheDocument();
  });

  const classified = { ...entries[0], archiveLevel: 'CLASSIFIED', custodian: { id: '30', username: 'archivist', displayName: '档案员 陈静' } };
  const proposal: ArchiveLevelChange = {
    id: '5', status: 'PENDING', levelBefore: 'CLASSIFIED', levelAfter: 'INTERNAL', reason: '项目结束', requestedAt: '2026-11-20T02:00:00Z',
    customer: classified as never, custodianAfter: null, requestedBy: { id: '7', username: 'infosup', displayName: '信息主管 钱敏' },
  };

  it('lowering a level is announced as waiting for a second archive administrator', async () => {
    const fetch = stubOperations({
      ArchiveEntries: { data: { archiveEntries: [classified] } },
      Custodians: people,
      ArchiveLevelChanges: { data: { archiveLevelChanges: [] } },
      SetArchiveLevel: { data: { setArchiveLevel: classified } },
    });
    renderUi(<ArchivesAdmin roles={['INFO_SUPERVISOR']} />);
    await click(await screen.findByRole('button', { name: '定密' }));
    await pick(document.getElementById('archive_archiveLevel')!, '内部');
    fireEvent.change(document.getElementById('archive_reason')!, { target: { value: '项目结束' } });
    await click(screen.getByRole('dialog').querySelector('.ant-btn-primary')!);
    await waitFor(() => expect(callsOf(fetch, 'SetArchiveLevel')).toHaveLength(1));
    expect(await screen.findByText('降密已提交，须由另一位档案管理员审批后生效')).toBeInTheDocument();
    expect(screen.queryByText('已保存')).toBeNull();
  });

  it('lists pending lowerings and approves one', async () => {
    const fetch = stubOperations({
      ArchiveEntries: { data: { archiveEntries: [classified] } },
      Custodians: people,
      ArchiveLevelChanges: { data: { archiveLevelChanges: [proposal] } },
      ApproveArchiveLevelChange: { data: { approveArchiveLevelChange: { id: '5', status: 'APPROVED' } } },
    });
    renderUi(<ArchivesAdmin roles={['SECURITY_OFFICER']} />);
    const card = await screen.findByTestId('pending-declassifications');
    expect(card).toHaveTextContent('项目结束');
    expect(card).toHaveTextContent('信息主管 钱敏');
    await click(screen.getByTestId('approve-level-5'));
    await waitFor(() => expect(callsOf(fetch, 'ApproveArchiveLevelChange')).toEqual([{ input: { id: '5', comment: null } }]));
    expect(await screen.findByText('已批准，变更已生效')).toBeInTheDocument();
  });
});
