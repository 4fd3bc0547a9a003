import type { MessageKey, Translate } from '../_i18n/messages';
import type { FieldAccess, FieldDenyReason, GqlError, Level } from './types';

export const codeOf = (e: GqlError | undefined): string | undefined => e?.extensions?.code;

/** Errors that make the operation fail, as opposed to per-field FIELD_CLASSIFIED notices next to data. */
export const blockingErrors = (errors: GqlError[] | undefined): GqlError[] =>
  (errors ?? []).filter((e) => codeOf(e) !== 'FIELD_CLASSIFIED');

export const isExpired = (errors: GqlError[] | undefined): boolean =>
  (errors ?? []).some((e) => codeOf(e) === 'UNAUTHENTICATED');

export const mustChangePassword = (errors: GqlError[] | undefined): boolean =>
  (errors ?? []).some((e) => codeOf(e) === 'FORBIDDEN' && e.extensions?.reason === 'PASSWORD_CHANGE_REQUIRED');

/** `input.lines.0.quantity` → `['lines', 0, 'quantity']`: a form field name. */
export function formPath(field: string): Array<string | number> {
  const parts = field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  return parts[0] === 'input' ? parts.slice(1) : parts;
}

export interface FieldProblem { name: Array<string | number>; errors: string[] }

type Issue = NonNullable<NonNullable<GqlError['extensions']>['issues']>[number];

/** Constraints said the same way whatever the field; `{min}`/`{max}` come from the issue's `args`. */
const BY_CONSTRAINT: Record<string, { key: MessageKey; vars?: (args: unknown[]) => Record<string, string | number> }> = {
  isDefined: { key: 'validation.isDefined' },
  isLength: { key: 'validation.isLength', vars: ([min, max]) => ({ min: String(min), max: String(max) }) },
  maxLength: { key: 'validation.maxLength', vars: ([max]) => ({ max: String(max) }) },
  min: { key: 'validation.min', vars: ([min]) => ({ min: String(min) }) },
  max: { key: 'validation.max', vars: ([max]) => ({ max: String(max) }) },
  isEmail: { key: 'validation.isEmail' },
  isUrl: { key: 'validation.isUrl' },
  isIn: { key: 'validation.isIn' },
  isBoolean: { key: 'validation.isBoolean' },
  arrayMinSize: { key: 'validation.arrayMinSize', vars: ([min]) => ({ min: String(min) }) },
  arrayMaxSize: { key: 'validation.arrayMaxSize', vars: ([max]) => ({ max: String(max) }) },
};

/** Patterns (`matches`) and decimal bounds (`decimalIn`) carry no plain arguments: they are said per field. */
const FORMAT_OF: Record<string, MessageKey> = {
  phone: 'validation.format.phone', officePhone: 'validation.format.phone', mobile: 'validation.format.phone', homePhone: 'validation.format.phone',
  annualRevenue: 'validation.format.money', registeredCapital: 'validation.format.money', unitPrice: 'validation.format.money',
  costPrice: 'validation.format.money', receivedAmount: 'validation.format.money',
  quantity: 'validation.format.quantity', discount: 'validation.format.discount',
  taxId: 'validation.format.taxId', bankAccount: 'validation.format.bankAccount', idNumber: 'validation.format.idNumber',
  orderNo: 'validation.format.orderNo', currency: 'validation.format.currency', username: 'validation.format.username',
};

/** One validation issue in the user's language; the server's (English) text when the constraint is not known here. */
export function issueText(t: Translate, issue: Issue): string {
  const known = issue.constraint ? BY_CONSTRAINT[issue.constraint] : undefined;
  if (known) {
    if (!known.vars) return t(known.key);
    if (issue.args?.length) return t(known.key, known.vars(issue.args));
    return issue.message;
  }
  if (issue.constraint === 'matches' || issue.constraint === 'decimalIn') {
    const format = FORMAT_OF[issue.field.split('.').pop() ?? ''];
    if (format) return t(format);
  }
  return issue.message;
}

/** BAD_USER_INPUT → one entry per offending input field, ready for antd `form.setFields`. */
export function fieldProblems(t: Translate, error: GqlError | undefined): FieldProblem[] {
  if (codeOf(error) !== 'BAD_USER_INPUT' || !error) return [];
  const byField = new Map<string, string[]>();
  for (const issue of error.extensions?.issues ?? []) {
    const seen = byField.get(issue.field) ?? [];
    const text = issueText(t, issue);
    byField.set(issue.field, seen.includes(text) ? seen : [...seen, text]);
  }
  const single = error.extensions?.field;
  if (single && !byField.has(single)) byField.set(single, [error.message]);
  return [...byField].map(([field, errors]) => ({ name: formPath(field), errors }));
}

/** A BAD_USER_INPUT with issues as one line in the user's language (`name: 最多 200 个字符; …`); else its message. */
export function badInputText(t: Translate, error: GqlError | undefined): string {
  if (!error?.extensions?.issues?.length) return error?.message ?? '';
  return fieldProblems(t, error).map((p) => `${p.name.join('.')}: ${p.errors.join(', ')}`).join('; ');
}

/** A sentence for an error the user can do nothing about at a field. */
export function describeError(t: Translate, error: GqlError | undefined): string {
  switch (codeOf(error)) {
    case 'FORBIDDEN': return t('error.FORBIDDEN');
    case 'NOT_FOUND': return t('error.NOT_FOUND');
    case 'RATE_LIMITED': return t('error.RATE_LIMITED');
    case 'AUDIT_UNAVAILABLE': return t('error.AUDIT_UNAVAILABLE');
    case 'INTERNAL': return t('error.INTERNAL', { id: String(error?.extensions?.requestId ?? '?') });
    case 'NETWORK': return t('error.network');
    default: return t('error.generic', { message: error?.message ?? '?' });
  }
}

/**
 * FIELD_CLASSIFIED errors under `prefix` (e.g. `['customer']`), keyed by field name. The API sends one
 * per field coordinate with the first path, so in lists this says "this column is withheld somewhere";
 * `fieldAccess` is the per-record truth and wins whenever the schema has it.
 */
export function classifiedFields(errors: GqlError[] | undefined, prefix: Array<string | number> = []): Map<string, FieldAccess> {
  const out = new Map<string, FieldAccess>();
  for (const e of errors ?? []) {
    if (codeOf(e) !== 'FIELD_CLASSIFIED' || !e.path?.length) continue;
    if (!prefix.every((p, i) => e.path![i] === p)) continue;
    const field = String(e.path[e.path.length - 1]);
    out.set(field, {
      field,
      level: (e.extensions?.level as Level | undefined) ?? 'CONFIDENTIAL',
      readable: false,
      reason: (e.extensions?.reason as FieldDenyReason | undefined) ?? null,
      requestable: Boolean(e.extensions?.requestable),
    });
  }
  return out;
}

/**
 * The lock for `field` of a record: from its fieldAccess when it has one, else from a FIELD_CLASSIFIED
 * error when the value is absent.
 */
export function lockOf(
  record: { fieldAccess?: FieldAccess[] | null } & object,
  field: string,
  fallback?: Map<string, FieldAccess>,
): FieldAccess | undefined {
  if (record.fieldAccess) {
    // Authoritative when present, even trimmed to the closed fields only.
    const access = record.fieldAccess.find((a) => a.field === field);
    return access && !access.readable ? access : undefined;
  }
  const value = (record as Record<string, unknown>)[field];
  return value == null ? fallback?.get(field) : undefined;
}

/** Only the closed fields' entries: what a list needs to draw its locks, at a fraction of the payload. */
export const closedOnly = <R extends { fieldAccess?: FieldAccess[] | null }>(record: R): R =>
  record.fieldAccess ? { ...record, fieldAccess: record.fieldAccess.filter((a) => !a.readable) } : record;
