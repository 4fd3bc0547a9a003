/** @jest-environment jsdom */
import { fireEvent, screen } from '@testing-library/react';
import { CustomerDetail } from '../../web/app/(app)/customers/[id]/CustomerDetail';
import { CustomerList } from '../../web/app/(app)/customers/CustomerList';
import { Workbench } from '../../web/app/(app)/workbench/Workbench';
import { DEFAULT_STATE } from '../../web/app/_lib/customer-list';
import type { Connection } from '../../web/app/_lib/types';
import { aggregate } from '../../web/app/_lib/workbench';
import { renderUi } from './dom';
import { classified, customer } from './fixtures';

const mockRouter = { push: jest.fn(), refresh: jest.fn(), replace: jest.fn(), back: jest.fn() };
jest.mock('next/navigation', () => ({ useRouter: () => mockRouter, usePathname: () => '/customers' }));
jest.mock('../../web/app/(app)/workbench/StatusGradeChart', () => ({ StatusGradeChart: () => null }));

const me = { id: '9', username: 'am1', displayName: '客户经理 王芳', roles: ['ACCOUNT_MANAGER'] };
const page = <T,>(nodes: T[], hasNextPage = false): Connection<T> => ({
  totalCount: nodes.length, pageInfo: { endCursor: hasNextPage ? 'c2' : null, hasNextPage }, edges: nodes.map((node, i) => ({ cursor: `c${i}`, node })),
});

let errors: jest.SpyInstance;
beforeEach(() => { errors = jest.spyOn(console, 'error'); jest.clearAllMocks(); });
afterEach(() => expect(errors).not.toHaveBeenCalled());

describe('pages render their data without warnings', () => {
  it('customer list: rows, locks in cells, keyset next page', () => {
    const { container } = renderUi(<CustomerList state={DEFAULT_STATE} data={page([customer, classified], true)} errors={[]} me={me} />);
    expect(screen.getAllByTestId('customer-link')).toHaveLength(2);
    expect(container.querySelector('[data-locked-field="phone"]')).not.toBeNull();
    fireEvent.click(screen.getByTestId('next-page'));
    expect(mockRouter.push).toHaveBeenCalledWith('/customers?after=c2');
  });

  it('customer detail: header, profile and tab counts; a closed archive is explained', () => {
    const empty = { data: { contacts: page([]) } };
    renderUi(<CustomerDetail me={me} tab="profile" customer={{ data: { customer: classified } }} contacts={empty}
      activities={{ data: { activities: page([{ id: '1', subject: '季度回访', occurredAt: '2026-11-01T00:00:00Z' }]) } }}
      orders={{ data: { salesOrders: page([]) } }} />);
    expect(screen.getByTestId('customer-name')).toHaveTextContent(classified.name);
    expect(screen.getByTestId('archive-closed')).toHaveTextContent('绝密');
    expect(screen.getByRole('tab', { name: '联系活动 (1)' })).toBeInTheDocument();
  });

  it('customer detail: NOT_FOUND is a message, not a crash', () => {
    renderUi(<CustomerDetail me={me} tab="profile" customer={{ data: null, errors: [{ message: 'nope', extensions: { code: 'NOT_FOUND' } }] }}
      contacts={{}} activities={{}} orders={{}} />);
    expect(screen.getByText('记录不存在，或不在您的权限范围内')).toBeInTheDocument();
  });

  it('workbench: follow-ups and birthdays', () => {
    renderUi(<Workbench user={me} matrix={aggregate([{ status: 'ACTIVE', grade: 'A' }])}
      followUps={page([{ id: '1', subject: '季度回访', type: 'VISIT', nextFollowUpAt: '2020-01-01T00:00:00Z', customer: { id: '1', name: customer.name } }])}
      birthdays={[{ id: '2', name: '张伟', title: '经理', on: '2026-11-25', customer: { id: '1', name: customer.name } }]} birthdaysLimited={0} />);
    expect(screen.getByTestId('follow-ups')).toHaveTextContent('已逾期');
    expect(screen.getByTestId('birthdays')).toHaveTextContent('张伟');
  });
});
