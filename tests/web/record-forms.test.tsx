/** @jest-environment jsdom */
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { activityKind, orderKind } from '../../web/app/_components/record-kinds';
import { ActivityFields, OrderFields } from '../../web/app/_components/RecordForms';
import { RecordModal } from '../../web/app/_components/RecordModal';
import type { Activity, SalesOrder } from '../../web/app/_lib/types';
import { renderUi, sentVariables, stubGraphql } from './dom';

const input = (id: string) => document.getElementById(id) as HTMLInputElement;
const type = (id: string, value: string) => fireEvent.change(input(id), { target: { value } });
const save = (kind: string) => act(async () => { fireEvent.click(screen.getByTestId(`${kind}-save`)); });

beforeEach(() => sessionStorage.clear());

describe('activity form', () => {
  const open = (onSaved = jest.fn()) => renderUi(
    <RecordModal kind={activityKind} customerId="1" owner="am1" title="记录联系活动" onClose={jest.fn()} onSaved={onSaved}>
      {(_form, base) => <ActivityFields record={base} contacts={[{ id: '5', name: '张伟', title: '经理' }]} />}
    </RecordModal>,
  );

  it('creates an activity for the customer with its next follow-up date', async () => {
    const created: Activity = { id: '77', subject: '季度回访' };
    const fetch = stubGraphql({ data: { createActivity: created } });
    const onSaved = jest.fn();
    open(onSaved);
    type('activity_subject', '季度回访');
    const next = activityKind.toInput({ nextFollowUpAt: undefined });
    expect(next.nextFollowUpAt).toBeNull();
    await save('activity');
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(created));
    const sent = sentVariables(fetch).input;
    expect(sent).toMatchObject({ customerId: '1', type: 'CALL', subject: '季度回访' });
    expect(typeof sent.occurredAt).toBe('string');
    expect(sent).not.toHaveProperty('nextFollowUpAt');
  });

  it('requires a subject before sending anything', async () => {
    const fetch = stubGraphql();
    open();
    await save('activity');
    expect(await screen.findByText('主题?')).toBeInTheDocument();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('shows a server validation message at the field', async () => {
    stubGraphql({ errors: [{ message: 'Invalid input', extensions: { code: 'BAD_USER_INPUT', field: 'input.subject', issues: [{ field: 'input.subject', message: 'subject must be shorter than or equal to 200 characters' }] } }] });
    open();
    type('activity_subject', 'x'.repeat(201));
    await save('activity');
    expect(await screen.findByText('subject must be shorter than or equal to 200 characters')).toBeInTheDocument();
  });
});

describe('order form', () => {
  const order: SalesOrder = {
    id: '30', orderNo: 'SO-1', orderDate: '2026-11-01', currency: 'CNY', status: 'CONFIRMED', invoiced: false, version: 2,
    receivedAmount: '0.00', amount: '180.00',
    lines: [{ id: '1', product: '服务器', quantity: '2.000', unitPrice: '100.00', discount: '0.1000', amount: '180.00' }],
  };
  const open = (record?: SalesOrder) => renderUi(
    <RecordModal kind={orderKind} customerId="1" owner="am1" record={record} title="订单" onClose={jest.fn()} onSaved={jest.fn()}>
      {(form, base) => <OrderFields form={form} record={base} contacts={[]} />}
    </RecordModal>,
  );

  it('estimates the total live from quantity, price and discount', async () => {
    open();
    type('order_lines_0_product', '服务器');
    type('order_lines_0_quantity', '3');
    type('order_lines_0_unitPrice', '99.99');
    type('order_lines_0_discount', '5');
    await waitFor(() => expect(screen.getByTestId('order-estimate')).toHaveTextContent('CNY 284.97'));
  });

  it('leaves unchanged lines out of an update and sends the version it read', async () => {
    const fetch = stubGraphql({ data: { updateSalesOrder: { ...order, version: 3 } } });
    open(order);
    expect(screen.getByTestId('order-estimate')).toHaveTextContent('CNY 180.00');
    type('order_notes', '加急');
    await save('order');
    await waitFor(() => expect(fetch).toHaveBeenCalled());
    expect(sentVariables(fetch).input).toEqual({ id: '30', version: 2, notes: '加急' });
  });

  it('sends all lines, discounts as fractions, when one changes', async () => {
    const fetch = stubGraphql({ data: { updateSalesOrder: order } });
    open(order);
    type('order_lines_0_quantity', '4');
    await save('order');
    await waitFor(() => expect(fetch).toHaveBeenCalled());
    expect(sentVariables(fetch).input.lines).toEqual([
      { product: '服务器', model: null, quantity: '4', unit: null, unitPrice: '100', costPrice: null, discount: '0.1' },
    ]);
  });
});
