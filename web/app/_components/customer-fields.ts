import dayjs, { Dayjs } from 'dayjs';
import type { MessageKey } from '../_i18n/messages';
import type { EnumName } from '../_lib/enums';
import { SUGGESTIONS } from '../_lib/enums';
import type { Customer } from '../_lib/types';

export type FieldKind = 'text' | 'textarea' | 'enum' | 'suggest' | 'int' | 'decimal' | 'date';
export type Section = 'basic' | 'business' | 'individual';

export interface FieldSpec {
  name: keyof Customer & string;
  label: MessageKey;
  kind: FieldKind;
  section: Section;
  enumName?: EnumName;
  suggest?: keyof typeof SUGGESTIONS;
  required?: boolean;
  /** Set once at creation (the code is generated when left empty). */
  createOnly?: boolean;
  wide?: boolean;
}

/** The editable customer fields, in form order. The read view and the form share this list. */
export const CUSTOMER_FIELDS: FieldSpec[] = [
  { name: 'code', label: 'f.code', kind: 'text', section: 'basic', createOnly: true },
  { name: 'name', label: 'f.name', kind: 'text', section: 'basic', required: true },
  { name: 'kind', label: 'f.kind', kind: 'enum', enumName: 'kind', section: 'basic' },
  { name: 'type', label: 'f.type', kind: 'enum', enumName: 'type', section: 'basic' },
  { name: 'nature', label: 'f.nature', kind: 'enum', enumName: 'nature', section: 'basic' },
  { name: 'status', label: 'f.status', kind: 'enum', enumName: 'status', section: 'basic' },
  { name: 'lossReason', label: 'f.lossReason', kind: 'text', section: 'basic' },
  { name: 'grade', label: 'f.grade', kind: 'enum', enumName: 'grade', section: 'basic' },
  { name: 'industry', label: 'f.industry', kind: 'suggest', suggest: 'industry', section: 'basic' },
  { name: 'source', label: 'f.source', kind: 'suggest', suggest: 'source', section: 'basic' },
  { name: 'region', label: 'f.region', kind: 'suggest', suggest: 'region', section: 'basic' },
  { name: 'province', label: 'f.province', kind: 'text', section: 'basic' },
  { name: 'city', label: 'f.city', kind: 'text', section: 'basic' },
  { name: 'phone', label: 'f.phone', kind: 'text', section: 'basic' },
  { name: 'website', label: 'f.website', kind: 'text', section: 'basic' },
  { name: 'address', label: 'f.address', kind: 'text', section: 'basic', wide: true },
  { name: 'notes', label: 'f.notes', kind: 'textarea', section: 'basic', wide: true },
  { name: 'creditRating', label: 'f.creditRating', kind: 'suggest', suggest: 'creditRating', section: 'business' },
  { name: 'annualRevenue', label: 'f.annualRevenue', kind: 'decimal', section: 'business' },
  { name: 'headcount', label: 'f.headcount', kind: 'int', section: 'business' },
  { name: 'legalRepresentative', label: 'f.legalRepresentative', kind: 'text', section: 'business' },
  { name: 'registeredCapital', label: 'f.registeredCapital', kind: 'decimal', section: 'business' },
  { name: 'taxId', label: 'f.taxId', kind: 'text', section: 'business' },
  { name: 'bankName', label: 'f.bankName', kind: 'text', section: 'business' },
  { name: 'bankAccount', label: 'f.bankAccount', kind: 'text', section: 'business' },
  { name: 'financialNotes', label: 'f.financialNotes', kind: 'textarea', section: 'business', wide: true },
  { name: 'idNumber', label: 'f.idNumber', kind: 'text', section: 'individual' },
  { name: 'birthday', label: 'f.birthday', kind: 'date', section: 'individual' },
  { name: 'gender', label: 'f.gender', kind: 'enum', enumName: 'gender', section: 'individual' },
];

export const SECTIONS: Array<{ key: Section; label: MessageKey }> = [
  { key: 'basic', label: 'section.basic' },
  { key: 'business', label: 'section.business' },
  { key: 'individual', label: 'section.individual' },
];

export type FormValues = Record<string, unknown>;

/** A record's value as the form edits it. */
export function toFormValue(spec: FieldSpec, value: unknown): unknown {
  if (value == null) return undefined;
  if (spec.kind === 'date') return dayjs(value as string);
  return value;
}

/** A form value as the API takes it; empty means null. */
export function toInputValue(spec: FieldSpec, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (spec.kind === 'date') return dayjs.isDayjs(value) ? (value as Dayjs).format('YYYY-MM-DD') : String(value);
  if (spec.kind === 'int') return typeof value === 'number' ? value : String(value).trim() === '' ? null : Number(value);
  const text = String(value).trim();
  return text === '' ? null : text;
}

export const customerFormValues = (c: Customer): FormValues =>
  Object.fromEntries(CUSTOMER_FIELDS.map((s) => [s.name, toFormValue(s, c[s.name])]));

/**
 * The input of createCustomer (no base: every filled field) or updateCustomer (only the fields
 * that differ from `base`, so withheld and untouched fields are never written).
 */
export function customerInput(values: FormValues, base?: Customer, skip: (field: string) => boolean = () => false): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of CUSTOMER_FIELDS) {
    if (skip(spec.name) || (base && spec.createOnly)) continue;
    const next = toInputValue(spec, values[spec.name]);
    if (!base) {
      if (next !== null) out[spec.name] = next;
      continue;
    }
    const before = toInputValue(spec, toFormValue(spec, base[spec.name]));
    if (next !== before) out[spec.name] = next;
  }
  return out;
}
