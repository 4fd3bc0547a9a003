/** @jest-environment jsdom */
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { CustomerForm } from '../../web/app/_components/CustomerForm';
import { navigation } from '../../web/app/_lib/client-api';
import { renderUi, sentVariables, stubGraphql } from './dom';
import { customer } from './fixtures';

const mockRouter = { push: jest.fn(), refresh: jest.fn(), replace: jest.fn(), back: jest.fn() };
jest.mock('next/navigation', () => ({ useRouter: () => mockRouter }));

const field = (id: string) => document.getElementById(`customer_${id}`) as HTMLInputElement;
const itemOf = (id: string) => field(id).closest('.ant-form-item') as HTMLElement;
const type = (id: string, value: string) => fireEvent.change(field(id), { target: { value } });
const save = () => act(async () => { fireEvent.click(screen.getByTestId('customer-save')); });

beforeEach(() => {
  sessionStorage.clear();
  jest.clearAllMocks();
});

describe('CustomerForm', () => {
  it('shows the server’s validation messages at the offending fields', async () => {
    stubGraphql({
      data: null,
      errors: [{
        message: 'Invalid input: phone: …; website: …', path: ['createCustomer'],
        extensions: {
          code: 'BAD_USER_INPUT', field: 'phone', fields: ['phone', 'website'],
          issues: [{ field: 'phone', message: 'phone may contain digits, spaces and + - ( ) only' }, { field: 'website', message: 'website must be a URL' }],
        },
      }],
    });
    renderUi(<CustomerForm owner="am1" />);
    type('name', '测试客户');
    type('phone', 'call me');
    type('website', 'nope');
    await save();
    await waitFor(() => expect(itemOf('phone')).toHaveClass('ant-form-item-has-error'));
    expect(itemOf('phone')).toHaveTextContent('phone may contain digits, spaces and + - ( ) only');
    expect(itemOf('website')).toHaveTextContent('website must be a URL');
    expect(itemOf('name')).not.toHaveClass('ant-form-item-has-error');
    expect(screen.getByTestId('form-error')).toHaveTextContent('请检查标出的字段');
    expect(mockRouter.push).not.toHaveBeenCalled();
  });

  it('says the server’s validation issues in the user’s language when it knows the constraint', async () => {
    const error = {
      data: null,
      errors: [{
        message: 'Invalid input: name: …; phone: …; headcount: …', path: ['createCustomer'],
        extensions: {
          code: 'BAD_USER_INPUT', field: 'name', fields: ['name', 'phone', 'headcount'],
          issues: [
            { field: 'name', message: 'name must be shorter than or equal to 200 characters', constraint: 'isLength', args: [1, 200] },
            { field: 'phone', message: 'phone may contain digits, spaces and + - ( ) only', constraint: 'matches' },
            { field: 'headcount', message: 'headcount must not be less than 0', constraint: 'min', args: [0] },
          ],
        },
      }],
    };
    stubGraphql(error);
    const zh = renderUi(<CustomerForm owner="am1" />);
    type('name', '测'.repeat(201));
    await save();
    await waitFor(() => expect(itemOf('name')).toHaveClass('ant-form-item-has-error'));
    expect(itemOf('name')).toHaveTextContent('长度须为 1–200 个字符');
    expect(itemOf('phone')).toHaveTextContent('只能包含数字、空格和 + - ( )');
    expect(itemOf('name')).not.toHaveTextContent('characters');
    zh.unmount();
    sessionStorage.clear();

    stubGraphql(error);
    renderUi(<CustomerForm owner="am1" />, 'en');
    type('name', 'x'.repeat(201));
    await save();
    await waitFor(() => expect(itemOf('name')).toHaveTextContent('Must be 1–200 characters'));
    expect(itemOf('phone')).toHaveTextContent('Digits, spaces and + - ( ) only');
  });

  it('names a problem with a field that is not on the form above the form', async () => {
    stubGraphql({ errors: [{ message: 'departmentId: no such department', extensions: { code: 'BAD_USER_INPUT', field: 'input.departmentId' } }] });
    renderUi(<CustomerForm owner="am1" />);
    type('name', '测试客户');
    await save();
    expect(await screen.findByTestId('form-error')).toHaveTextContent('departmentId: no such department');
  });

  it('edits by sending id, version and only the changed fields, never the withheld ones', async () => {
    const fetch = stubGraphql({ data: { updateCustomer: { ...customer, version: 4 } } });
    renderUi(<CustomerForm customer={customer} owner="am1" />);
    expect(field('bankAccount')).toBeNull();
    expect(document.querySelector('[data-locked-field="bankAccount"]')).not.toBeNull();
    type('address', '上海市新地址 1 号');
    await save();
    await waitFor(() => expect(fetch).toHaveBeenCalled());
    expect(sentVariables(fetch).input).toEqual({ id: '1', version: 3, address: '上海市新地址 1 号' });
    await waitFor(() => expect(mockRouter.push).toHaveBeenCalledWith('/customers/1'));
  });

  it('explains a conflict, reloads the latest version and keeps the user’s own changes', async () => {
    const latest = { ...customer, version: 5, phone: '021-00000000' };
    const fetch = stubGraphql(
      { data: null, errors: [{ message: 'changed by someone else', extensions: { code: 'CONFLICT', currentVersion: 5 } }] },
      { data: { customer: latest } },
      { data: { updateCustomer: latest } },
    );
    renderUi(<CustomerForm customer={customer} owner="am1" />);
    type('address', '我的新地址');
    await save();
    const alert = await screen.findByTestId('conflict');
    expect(alert).toHaveTextContent('该记录已被他人修改');
    expect(alert).toHaveTextContent('当前版本 5');

    await act(async () => { fireEvent.click(screen.getByRole('button', { name: /重新加载/ })); });
    expect(await screen.findByTestId('conflict-reloaded')).toHaveTextContent('地址');
    expect(field('phone').value).toBe('021-00000000');
    expect(field('address').value).toBe('我的新地址');
    expect(screen.queryByTestId('conflict')).toBeNull();

    await save();
    await waitFor(() => expect(fetch).toHaveBeenCalledTimes(3));
    expect(sentVariables(fetch, 2).input).toEqual({ id: '1', version: 5, address: '我的新地址' });
  });

  it('keeps what was typed in a draft and restores it on the next visit', async () => {
    const first = renderUi(<CustomerForm owner="am1" />);
    type('name', '草稿客户');
    first.unmount();
    renderUi(<CustomerForm owner="am1" />);
    expect(await screen.findByTestId('draft-restored')).toBeInTheDocument();
    expect(field('name').value).toBe('草稿客户');
  });

  it('does not hand one user’s draft to another', async () => {
    const first = renderUi(<CustomerForm owner="am1" />);
    type('name', '别人的草稿');
    first.unmount();
    renderUi(<CustomerForm owner="am2" />);
    expect(field('name').value).toBe('');
    expect(screen.queryByTestId('draft-restored')).toBeNull();
  });

  it('sends the user to sign-in when the session has expired, keeping the draft', async () => {
    stubGraphql({ data: null, errors: [{ message: 'Your session expired', extensions: { code: 'UNAUTHENTICATED' } }] });
    const assign = jest.spyOn(navigation, 'assign').mockImplementation(() => undefined);
    window.history.replaceState(null, '', '/customers/new');
    renderUi(<CustomerForm owner="am1" />);
    type('name', '过期前填写');
    await save();
    await waitFor(() => expect(assign).toHaveBeenCalledWith('/signin?reason=expired&callbackUrl=%2Fcustomers%2Fnew'));
    expect(sessionStorage.getItem('custodian:draft:customer:new')).toContain('过期前填写');
    expect(screen.queryByTestId('form-error')).toBeNull();
  });
});
