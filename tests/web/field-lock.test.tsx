/** @jest-environment jsdom */
import { fireEvent, screen, within } from '@testing-library/react';
import { CustomerProfile } from '../../web/app/_components/CustomerProfile';
import { FieldLock, Guarded } from '../../web/app/_components/FieldLock';
import { classifiedFields } from '../../web/app/_lib/errors';
import type { GqlError } from '../../web/app/_lib/types';
import { renderUi } from './dom';
import { classified, customer } from './fixtures';

const lockOf = (container: HTMLElement, field: string) => container.querySelector(`[data-locked-field="${field}"]`) as HTMLElement | null;

describe('FieldLock', () => {
  it('shows the level mark 绝密 and a 申请查阅 button for a requestable classified field', () => {
    renderUi(<FieldLock access={customer.fieldAccess![5]} />);
    expect(screen.getByText('绝密')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '申请查阅' })).toBeInTheDocument();
  });

  it('disables 申请查阅 until there is an access-request page, and calls it with the field when there is', () => {
    const { unmount } = renderUi(<FieldLock access={customer.fieldAccess![5]} />);
    expect(screen.getByRole('button', { name: '申请查阅' })).toBeDisabled();
    unmount();
    const onRequest = jest.fn();
    renderUi(<FieldLock access={customer.fieldAccess![5]} onRequest={onRequest} />);
    fireEvent.click(screen.getByRole('button', { name: '申请查阅' }));
    expect(onRequest).toHaveBeenCalledWith('bankAccount');
  });

  it('offers no request for a field the API says cannot be requested', () => {
    renderUi(<FieldLock access={customer.fieldAccess![6]} />);
    expect(screen.getByText('机密')).toBeInTheDocument();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('labels levels in English when the locale is en', () => {
    renderUi(<FieldLock access={customer.fieldAccess![5]} />, 'en');
    expect(screen.getByText('Classified')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Request access' })).toBeInTheDocument();
  });

  it('keeps table cells to the mark alone', () => {
    renderUi(<FieldLock access={customer.fieldAccess![5]} compact />);
    expect(screen.getByText('绝密')).toBeInTheDocument();
    expect(screen.queryByRole('button')).toBeNull();
  });
});

describe('Guarded', () => {
  it('renders a readable value and a dash for an empty one', () => {
    renderUi(<><Guarded record={customer} field="phone" /><Guarded record={customer} field="website" /></>);
    expect(screen.getByText('057-08358584')).toBeInTheDocument();
    expect(screen.getByText('—')).toBeInTheDocument();
  });

  it('trusts fieldAccess over the value: a withheld field is locked even if a value came along', () => {
    const { container } = renderUi(<Guarded record={{ ...customer, bankAccount: '6222' }} field="bankAccount" />);
    expect(lockOf(container, 'bankAccount')).not.toBeNull();
    expect(screen.queryByText('6222')).toBeNull();
  });

  it('falls back to FIELD_CLASSIFIED errors for a record without fieldAccess', () => {
    const errors: GqlError[] = [{
      message: 'Customer.taxId is Confidential', path: ['customer', 'taxId'],
      extensions: { code: 'FIELD_CLASSIFIED', field: 'Customer.taxId', level: 'CONFIDENTIAL', count: 1, requestable: true, reason: 'CLEARANCE' },
    }];
    const { fieldAccess: _omit, ...bare } = customer;
    const { container } = renderUi(<Guarded record={{ ...bare, taxId: null }} field="taxId" fallback={classifiedFields(errors, ['customer'])} />);
    expect(within(lockOf(container, 'taxId')!).getByText('机密')).toBeInTheDocument();
  });
});

describe('CustomerProfile', () => {
  it('locks exactly the fields fieldAccess closes', () => {
    const { container } = renderUi(<CustomerProfile customer={customer} />);
    expect(lockOf(container, 'bankAccount')).not.toBeNull();
    expect(lockOf(container, 'idNumber')).not.toBeNull();
    expect(lockOf(container, 'phone')).toBeNull();
    expect(screen.getByText('191,930,000.00')).toBeInTheDocument();
  });

  it('shows a classified archive as its catalogue entry with every closed field marked 绝密', () => {
    const { container } = renderUi(<CustomerProfile customer={classified} />);
    expect(screen.getAllByText('上海恒力建设集团有限公司').length).toBeGreaterThan(0);
    for (const field of ['status', 'phone', 'address']) {
      expect(within(lockOf(container, field)!).getByText('绝密')).toBeInTheDocument();
      expect(within(lockOf(container, field)!).getByRole('button', { name: '申请查阅' })).toBeInTheDocument();
    }
  });
});

describe('Guarded with trimmed fieldAccess', () => {
  it('treats a present fieldAccess as the whole truth: an empty readable field is not locked by another row’s error', () => {
    const fallback = classifiedFields([{ message: '', path: ['customers', 'edges', 3, 'node', 'website'], extensions: { code: 'FIELD_CLASSIFIED', level: 'CLASSIFIED' } }]);
    const { container } = renderUi(<Guarded record={{ ...customer, website: null, fieldAccess: [] }} field="website" fallback={fallback} />);
    expect(lockOf(container, 'website')).toBeNull();
    expect(screen.getByText('—')).toBeInTheDocument();
  });
});
