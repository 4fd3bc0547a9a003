import type { FormInstance } from 'antd';
import type { Translate } from '../_i18n/messages';
import { gql } from '../_lib/client-api';
import { badInputText, blockingErrors, codeOf, describeError, fieldProblems } from '../_lib/errors';

export type Outcome<T> =
  | { ok: true; data: T }
  | { ok: false; conflict?: { currentVersion?: number }; message?: string; leaving?: boolean };

/**
 * Runs a mutation for a form: validation problems go to their fields (and to `message` when a field
 * is not on the form), CONFLICT is returned for the caller to explain, anything else becomes `message`.
 */
export async function mutate<T>(
  form: FormInstance, t: Translate, document: string, input: Record<string, unknown>, formFields: string[],
): Promise<Outcome<T>> {
  const res = await gql<T>(document, { input });
  if (res.leaving) return { ok: false, leaving: true };
  const error = blockingErrors(res.errors)[0];
  if (!error && res.data) return { ok: true, data: res.data };
  if (codeOf(error) === 'CONFLICT') return { ok: false, conflict: { currentVersion: error?.extensions?.currentVersion } };
  if (codeOf(error) === 'BAD_USER_INPUT') {
    const problems = fieldProblems(t, error);
    const onForm = problems.filter((p) => formFields.includes(String(p.name[0])));
    form.setFields(onForm.map((p) => ({ name: p.name as never, errors: p.errors })));
    const elsewhere = problems.filter((p) => !onForm.includes(p));
    return {
      ok: false,
      message: elsewhere.length || !onForm.length ? badInputText(t, error) : t('error.badInput'),
    };
  }
  return { ok: false, message: describeError(t, error) };
}
