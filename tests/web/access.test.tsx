/** @jest-environment jsdom */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { AccessPage } from '../../web/app/(app)/access/AccessPage';
import { ApprovalsInbox } from '../../web/app/(app)/access/approvals/ApprovalsInbox';
import { RequestForm } from '../../web/app/(app)/access/request/RequestForm';
import { callsOf, pick, renderUi, stubOperations } from './dom';
import { activeGrant, pendingRequest, purposes, returnedGrant } from './fixtures';

const mockRouter = { push: jest.fn(), refresh: jest.fn(), replace: jest.fn(), back: jest.fn() };
jest.mock('next/navigation', () => ({ useRouter: () => mockRouter, usePathname: () => '/access' }));

const forbidden = { data: null, errors: [{ message: 'This action needs the ACCESS_APPROVE permission', extensions: { code: 'FORBIDDEN' } }] };
const click = (element: Element) => act(async () => { fireEvent.click(element); });

let errors: jest.SpyInstance;
beforeEach(() => { errors = jest.spyOn(console, 'error'); jest.clearAllMocks(); });
afterEach(() => expect(errors).not.toHaveBeenCalled());

describe('AccessPage', () => {
  const myAccess = { data: { myAccessRequests: [pendingRequest], myGrants: [activeGrant, returnedGrant], accessPurposes: purposes } };

  it('lists my requests with their status and approval chain, purposes by label', async () => {
    stubOperations({ MyAccess: myAccess });
    renderUi(<AccessPage tab="requests" />);
    const table = await screen.findByTestId('my-requests');
    await waitFor(() => expect(within(table).getByTestId('request-status')).toHaveTextContent('审批中'));
    expect(table).toHaveTextContent('杭州西湖文旅集团');
    expect(table).toHaveTextContent('银行账号');
    expect(table).toHaveTextContent('信用评估');
    const steps = table.querySelectorAll('.approval-steps li');
    expect(steps[0]).toHaveTextContent('销售主管 周敏');
    expect(steps[0]).toHaveTextContent('“同意，限本次核对”');
    expect(steps[0]).toHaveAttribute('data-decision', 'APPROVED');
    expect(steps[1]).toHaveTextContent('档案员 陈静');
    expect(steps[1]).toHaveAttribute('data-decision', 'PENDING');
  });

  it('shows my grants with the time left, and offers return only for an active one', async () => {
    stubOperations({ MyAccess: myAccess });
    renderUi(<AccessPage tab="grants" />);
    const table = await screen.findByTestId('my-grants');
    await waitFor(() => expect(within(table).getAllByTestId('grant-status')).toHaveLength(2));
    expect(within(table).getByTestId('time-left')).toHaveTextContent('剩余 2 小时 5 分钟');
    expect(screen.getByTestId('return-3')).toBeInTheDocument();
    expect(screen.queryByTestId('return-2')).toBeNull();
  });

  it('returns a grant after confirmation and reloads the list', async () => {
    const fetch = stubOperations({
      MyAccess: myAccess,
      ReturnGrant: { data: { returnGrant: { id: '3', status: 'RETURNED' } } },
    });
    renderUi(<AccessPage tab="grants" />);
    await click(await screen.findByTestId('return-3'));
    expect(callsOf(fetch, 'ReturnGrant')).toHaveLength(0);
    await click(document.querySelector('.ant-popconfirm .ant-btn-primary')!);
    await waitFor(() => expect(callsOf(fetch, 'ReturnGrant')).toEqual([{ id: '3' }]));
    expect(await screen.findByText('已归还', { selector: '.ant-message *' })).toBeInTheDocument();
    await waitFor(() => expect(callsOf(fetch, 'MyAccess')).toHaveLength(2));
  });
});

describe('ApprovalsInbox', () => {
  const pending = { data: { pendingApprovals: [pendingRequest], accessPurposes: purposes } };

  it('shows who asks for what, why and for how long', async () => {
    stubOperations({ PendingApprovals: pending });
    renderUi(<ApprovalsInbox />);
    const card = await screen.findByTestId('approval-5');
    expect(card).toHaveTextContent('客户经理 李强 (am2)');
    expect(card).toHaveTextContent('信用评估');
    expect(card).toHaveTextContent('银行账号');
    expect(card).toHaveTextContent('核对回款账户');
    expect(card).toHaveTextContent('24');
  });

  it('approves with the comment typed, then reloads the inbox', async () => {
    let served = 0;
    const fetch = stubOperations({
      PendingApprovals: () => (served++ === 0 ? pending : { data: { pendingApprovals: [], accessPurposes: purposes } }),
      Approve: { data: { approveAccessRequest: { id: '5', status: 'PENDING' } } },
    });
    renderUi(<ApprovalsInbox />);
    const card = await screen.findByTestId('approval-5');
    fireEvent.change(within(card).getByTestId('approval-comment'), { target: { value: '  已核实用途  ' } });
    await click(within(card).getByTestId('approve'));
    await waitFor(() => expect(callsOf(fetch, 'Approve')).toEqual([{ id: '5', comment: '已核实用途' }]));
    expect(await screen.findByText('没有等待您审批的申请')).toBeInTheDocument();
    expect(callsOf(fetch, 'Reject')).toHaveLength(0);
  });

  it('rejects without a comment as null', async () => {
    const fetch = stubOperations({ PendingApprovals: pending, Reject: { data: { rejectAccessRequest: { id: '5', status: 'REJECTED' } } } });
    renderUi(<ApprovalsInbox />);
    await click(within(await screen.findByTestId('approval-5')).getByTestId('reject'));
    await waitFor(() => expect(callsOf(fetch, 'Reject')).toEqual([{ id: '5', comment: null }]));
    expect(await screen.findByText('已驳回', { selector: '.ant-message *' })).toBeInTheDocument();
  });

  it('says why a decision was refused and keeps the request', async () => {
    const fetch = stubOperations({ PendingApprovals: pending, Approve: forbidden });
    renderUi(<ApprovalsInbox />);
    await click(within(await screen.findByTestId('approval-5')).getByTestId('approve'));
    expect(await screen.findByText('您无权执行此操作 (FORBIDDEN)')).toBeInTheDocument();
    expect(callsOf(fetch, 'PendingApprovals')).toHaveLength(1);
    expect(screen.getByTestId('approval-5')).toBeInTheDocument();
  });
});

describe('RequestForm', () => {
  const target = { id: '8', code: 'C000008', name: '杭州西湖文旅集团', archiveLevel: 'CLASSIFIED' as const };
  const hours = () => document.getElementById('access_hours') as HTMLInputElement;
  const reason = () => document.getElementById('access_reason') as HTMLTextAreaElement;
  const itemOf = (el: HTMLElement) => el.closest('.ant-form-item') as HTMLElement;
  const submit = () => click(screen.getByTestId('request-submit'));

  it('is prefilled with the archive and the locked field it was opened from, and submits them', async () => {
    const fetch = stubOperations({ AccessPurposes: { data: { accessPurposes: purposes } }, RequestAccess: { data: { requestAccess: { id: '6', status: 'PENDING' } } } });
    renderUi(<RequestForm username="am2" customer={target} field="Customer.bankAccount" />);
    expect(screen.getByTestId('request-customer')).toHaveTextContent('申请查阅 杭州西湖文旅集团（C000008）');
    expect(document.getElementById('access_customerCode')).toBeNull();
    expect(screen.getByTestId('request-fields')).toHaveTextContent('银行账号 (Customer.bankAccount)');
    expect(hours().value).toBe('24');

    await waitFor(() => expect(callsOf(fetch, 'AccessPurposes')).toHaveLength(1));
    await pick(screen.getByTestId('request-purpose'), '信用评估');
    fireEvent.change(reason(), { target: { value: '  核对回款账户  ' } });
    await submit();
    await waitFor(() => expect(callsOf(fetch, 'RequestAccess')).toHaveLength(1));
    expect(callsOf(fetch, 'RequestAccess')[0].input).toEqual({
      customerId: '8', fields: ['Customer.bankAccount'], purpose: 'CREDIT_CHECK', reason: '核对回款账户', hours: 24,
    });
    await waitFor(() => expect(mockRouter.push).toHaveBeenCalledWith('/access'));
  });

  it('keeps the hours within 1–72', async () => {
    const fetch = stubOperations({ AccessPurposes: { data: { accessPurposes: purposes } }, RequestAccess: { data: { requestAccess: { id: '6', status: 'PENDING' } } } });
    renderUi(<RequestForm username="am2" customer={target} />);
    await pick(screen.getByTestId('request-purpose'), '客户服务');
    fireEvent.change(reason(), { target: { value: '客户来电核对开户信息' } });
    fireEvent.change(hours(), { target: { value: '100' } });
    fireEvent.blur(hours());
    await waitFor(() => expect(hours().value).toBe('72'));
    await submit();
    await waitFor(() => expect(callsOf(fetch, 'RequestAccess')).toHaveLength(1));
    expect(callsOf(fetch, 'RequestAccess')[0].input).toMatchObject({ customerId: '8', fields: [], hours: 72 });
  });

  it('asks for the archive code when not opened from an archive, and shows the server’s limits at the fields', async () => {
    const fetch = stubOperations({
      AccessPurposes: { data: { accessPurposes: purposes } },
      RequestAccess: {
        data: null,
        errors: [{
          message: 'Invalid input: reason: reason must be 5–2000 characters', path: ['requestAccess'],
          extensions: { code: 'BAD_USER_INPUT', field: 'reason', fields: ['reason'], issues: [{ field: 'reason', message: 'reason must be 5–2000 characters', constraint: 'isLength', args: [5, 2000] }] },
        }],
      },
    });
    renderUi(<RequestForm username="am2" />);
    await submit();
    await waitFor(() => expect(itemOf(document.getElementById('access_customerCode')!)).toHaveClass('ant-form-item-has-error'));
    expect(callsOf(fetch, 'RequestAccess')).toHaveLength(0);

    fireEvent.change(document.getElementById('access_customerCode')!, { target: { value: ' C000008 ' } });
    await pick(screen.getByTestId('request-purpose'), '信用评估');
    fireEvent.change(reason(), { target: { value: '核对' } });
    await submit();
    await waitFor(() => expect(itemOf(reason())).toHaveTextContent('长度须为 5–2000 个字符'));
    expect(callsOf(fetch, 'RequestAccess')[0].input).toMatchObject({ customerCode: 'C000008', reason: '核对' });
    expect(screen.getByTestId('request-error')).toHaveTextContent('reason: 长度须为 5–2000 个字符 (BAD_USER_INPUT)');
    expect(mockRouter.push).not.toHaveBeenCalled();
  });
});
