import dayjs, { Dayjs } from 'dayjs';
import {
  ACTIVITY, CONTACT, CREATE_ACTIVITY, CREATE_CONTACT, CREATE_ORDER, ORDER, UPDATE_ACTIVITY, UPDATE_CONTACT, UPDATE_ORDER,
} from '../_lib/queries';
import type { Activity, Contact, SalesOrder, SalesOrderLine } from '../_lib/types';
import type { FormValues, RecordKind } from './RecordModal';

const text = (v: unknown): string | null => (v == null || String(v).trim() === '' ? null : String(v).trim());
const date = (v: unknown): string | null => (v ? (v as Dayjs).format('YYYY-MM-DD') : null);
const instant = (v: unknown): string | null => (v ? (v as Dayjs).toISOString() : null);
const toDay = (v: string | null | undefined) => (v ? dayjs(v) : undefined);

/** "2.500" → "2.5": decimals compare by value, not by how many zeros the server padded. */
export function canonDecimal(v: unknown): string | null {
  const s = text(v);
  if (s === null || !/^-?\d+(\.\d+)?$/.test(s)) return s;
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** The API keeps discounts as fractions (0.05); people type percentages (5). */
export const percentOf = (fraction: string | null | undefined): string | undefined =>
  fraction == null ? undefined : canonDecimal((Number(fraction) * 100).toFixed(2)) ?? undefined;
export const fractionOf = (percent: unknown): string | null => {
  const p = canonDecimal(percent);
  return p === null || Number.isNaN(Number(p)) ? p : canonDecimal((Number(p) / 100).toFixed(4));
};

export const contactKind: RecordKind<Contact> = {
  name: 'contact',
  create: CREATE_CONTACT, update: UPDATE_CONTACT, fetch: CONTACT,
  keys: { create: 'createContact', update: 'updateContact', fetch: 'contact' },
  fields: ['name', 'salutation', 'department', 'title', 'officePhone', 'mobile', 'email', 'homePhone', 'homeAddress', 'birthday',
    'hobbies', 'decisionInfluence', 'importantDates', 'receiveEmail', 'receiveSms', 'isPrimary', 'notes'],
  toValues: (c) => ({ ...c, birthday: toDay(c.birthday) }),
  toInput: (v) => ({
    name: text(v.name), salutation: text(v.salutation), department: text(v.department), title: text(v.title),
    officePhone: text(v.officePhone), mobile: text(v.mobile), email: text(v.email), homePhone: text(v.homePhone),
    homeAddress: text(v.homeAddress), birthday: date(v.birthday), hobbies: text(v.hobbies),
    decisionInfluence: text(v.decisionInfluence), importantDates: text(v.importantDates),
    receiveEmail: Boolean(v.receiveEmail), receiveSms: Boolean(v.receiveSms), isPrimary: Boolean(v.isPrimary), notes: text(v.notes),
  }),
  defaults: () => ({ receiveEmail: true, receiveSms: false, isPrimary: false }),
};

export const activityKind: RecordKind<Activity> = {
  name: 'activity',
  create: CREATE_ACTIVITY, update: UPDATE_ACTIVITY, fetch: ACTIVITY,
  keys: { create: 'createActivity', update: 'updateActivity', fetch: 'activity' },
  fields: ['type', 'occurredAt', 'contactId', 'method', 'subject', 'content', 'outcome', 'nextFollowUpAt'],
  toValues: (a) => ({
    type: a.type ?? undefined, occurredAt: toDay(a.occurredAt), contactId: a.contactId ?? undefined, method: a.method ?? undefined,
    subject: a.subject ?? undefined, content: a.content ?? undefined, outcome: a.outcome ?? undefined, nextFollowUpAt: toDay(a.nextFollowUpAt),
  }),
  toInput: (v) => ({
    type: text(v.type), occurredAt: instant(v.occurredAt), contactId: text(v.contactId), method: text(v.method),
    subject: text(v.subject), content: text(v.content), outcome: text(v.outcome), nextFollowUpAt: instant(v.nextFollowUpAt),
  }),
  defaults: () => ({ type: 'CALL', occurredAt: dayjs().second(0).millisecond(0) }),
};

export interface LineValues { product?: string; model?: string; quantity?: string; unit?: string; unitPrice?: string; costPrice?: string; discount?: string }

const lineValues = (l: SalesOrderLine): LineValues => ({
  product: l.product ?? undefined, model: l.model ?? undefined, quantity: canonDecimal(l.quantity) ?? undefined, unit: l.unit ?? undefined,
  unitPrice: canonDecimal(l.unitPrice) ?? undefined, costPrice: canonDecimal(l.costPrice) ?? undefined, discount: percentOf(l.discount),
});

const lineInput = (l: LineValues) => ({
  product: text(l.product), model: text(l.model), quantity: canonDecimal(l.quantity), unit: text(l.unit),
  unitPrice: canonDecimal(l.unitPrice), costPrice: canonDecimal(l.costPrice), discount: fractionOf(l.discount) ?? '0',
});

/** round(quantity × unitPrice × (1 − discount%), 2), like the server; display only, the server's amount is authoritative. */
export function lineEstimate(l: LineValues | undefined): number {
  const q = Number(l?.quantity);
  const p = Number(l?.unitPrice);
  const d = Number(l?.discount || 0) / 100;
  if (!Number.isFinite(q) || !Number.isFinite(p) || !Number.isFinite(d)) return 0;
  return Math.round(q * p * (1 - d) * 100) / 100;
}

export const orderEstimate = (lines: LineValues[] | undefined): number =>
  Math.round((lines ?? []).reduce((sum, l) => sum + lineEstimate(l), 0) * 100) / 100;

export const orderKind: RecordKind<SalesOrder> = {
  name: 'order',
  create: CREATE_ORDER, update: UPDATE_ORDER, fetch: ORDER,
  keys: { create: 'createSalesOrder', update: 'updateSalesOrder', fetch: 'salesOrder' },
  fields: ['orderNo', 'orderDate', 'contactId', 'currency', 'status', 'dueDate', 'invoiced', 'receivedAmount', 'notes', 'lines'],
  toValues: (o) => ({
    orderNo: o.orderNo ?? undefined, orderDate: toDay(o.orderDate), contactId: o.contactId ?? undefined, currency: o.currency ?? undefined,
    status: o.status ?? undefined, dueDate: toDay(o.dueDate), invoiced: Boolean(o.invoiced),
    receivedAmount: canonDecimal(o.receivedAmount) ?? undefined, notes: o.notes ?? undefined, lines: (o.lines ?? []).map(lineValues),
  }),
  toInput: (v) => ({
    orderNo: text(v.orderNo), orderDate: date(v.orderDate), contactId: text(v.contactId), currency: text(v.currency),
    status: text(v.status), dueDate: date(v.dueDate), invoiced: Boolean(v.invoiced), receivedAmount: canonDecimal(v.receivedAmount),
    notes: text(v.notes), lines: ((v.lines as LineValues[] | undefined) ?? []).map(lineInput),
  }),
  defaults: () => ({ orderDate: dayjs(), currency: 'CNY', status: 'DRAFT', invoiced: false, lines: [{ quantity: '1' }] }),
};

export type { FormValues };
