/** @jest-environment jsdom */
import { screen, waitFor } from '@testing-library/react';
import { CustomerList } from '../../web/app/(app)/customers/CustomerList';
import { DEFAULT_STATE, ListState } from '../../web/app/_lib/customer-list';
import type { Connection, Customer } from '../../web/app/_lib/types';
import { callsOf, openSelect, optionTitles, pick, renderUi, stubOperations } from './dom';
import { classified, customer } from './fixtures';

const mockRouter = { push: jest.fn(), refresh: jest.fn(), replace: jest.fn(), back: jest.fn() };
jest.mock('next/navigation', () => ({ useRouter: () => mockRouter, usePathname: () => '/customers' }));

const me = { id: '9', username: 'am1', displayName: '客户经理 王芳', roles: ['SALES_SUPERVISOR'] };
const page = (nodes: Customer[], endCursor: string | null = null): Connection<Customer> => ({
  totalCount: 40, pageInfo: { endCursor, hasNextPage: Boolean(endCursor) }, edges: nodes.map((node, i) => ({ cursor: `c${i}`, node })),
});
const ownedBy = (c: Customer, id: string, displayName: string): Customer => ({ ...c, owner: { id, displayName } });

/** customerStats(groupBy: [OWNER]) over the whole scope: me, two colleagues, and rows nobody owns. */
const inScope = {
  data: {
    customerStats: {
      rows: [
        { ownerId: '9', owner: { id: '9', displayName: '客户经理 王芳' } },
        { ownerId: '12', owner: { id: '12', displayName: '客户经理 李强' } },
        { ownerId: '13', owner: { id: '13', displayName: '客户经理 赵敏' } },
        { ownerId: null, owner: null },
      ],
    },
  },
};

const list = (state: ListState, data: Connection<Customer>) => <CustomerList state={state} data={data} errors={[]} me={me} />;
const ownerFilter = () => screen.getByTestId('filter-owner');

let errors: jest.SpyInstance;
beforeEach(() => { errors = jest.spyOn(console, 'error'); jest.clearAllMocks(); });
afterEach(() => expect(errors).not.toHaveBeenCalled());

describe('CustomerList owner filter', () => {
  it('offers every owner in the caller’s scope, not only those on the page', async () => {
    const fetch = stubOperations({ OwnerOptions: inScope });
    renderUi(list(DEFAULT_STATE, page([customer])));
    await waitFor(() => expect(callsOf(fetch, 'OwnerOptions')).toHaveLength(1));
    await waitFor(async () => expect(optionTitles(await openSelect(ownerFilter()))).toEqual(['客户经理 王芳', '客户经理 李强', '客户经理 赵敏']));

    await pick(ownerFilter(), '客户经理 赵敏');
    expect(mockRouter.push).toHaveBeenCalledWith('/customers?owner=13');
  });

  it('asks the API once per page load, not again when the page or the filters change', async () => {
    const fetch = stubOperations({ OwnerOptions: inScope });
    const view = renderUi(list(DEFAULT_STATE, page([customer], 'c1')));
    await waitFor(() => expect(callsOf(fetch, 'OwnerOptions')).toHaveLength(1));
    view.rerender(list({ ...DEFAULT_STATE, after: 'c1', owner: ['12'] }, page([ownedBy(classified, '12', '客户经理 李强')])));
    view.rerender(list({ ...DEFAULT_STATE, status: ['SIGNED'] }, page([])));
    await waitFor(async () => expect(optionTitles(await openSelect(ownerFilter()))).toContain('客户经理 赵敏'));
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('falls back to the owners on the page when the API refuses, naming a chosen owner it cannot see by id', async () => {
    const fetch = stubOperations({ OwnerOptions: { data: null, errors: [{ message: 'Customer.owner is not readable', extensions: { code: 'FORBIDDEN' } }] } });
    renderUi(list({ ...DEFAULT_STATE, owner: ['77'] }, page([customer, ownedBy(classified, '12', '客户经理 李强')])));
    await waitFor(() => expect(callsOf(fetch, 'OwnerOptions')).toHaveLength(1));
    expect(optionTitles(await openSelect(ownerFilter()))).toEqual(['客户经理 王芳', '#77', '客户经理 李强']);
    expect(screen.queryByTestId('server-error')).toBeNull();
  });
});
