import type { Translate } from '../_i18n/messages';
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

/** BAD_USER_INPUT → one entry per offending input field, ready for antd `form.setFields`. */
export function fieldProblems(error: GqlError | undefined): FieldProblem[] {
  if (codeOf(error) !== 'BAD_USER_INPUT' || !error) return [];
  const byField = new Map<string, string[]>();
  for (const issue of error.extensions?.issues ?? []) {
    byField.set(issue.field, [...(byField.get(issue.field) ?? []), issue.message]);
  }
  const single = error.extensions?.field;
  if (single && !byField.has(single)) byField.set(single, [error.message]);
  return [...byField].map(([field, errors]) => ({ name: formPath(field), errors }));
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
