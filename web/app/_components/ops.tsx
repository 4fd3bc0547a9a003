'use client';
import { Alert, App } from 'antd';
import type { FormInstance } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useT } from '../_i18n/client';
import type { Translate } from '../_i18n/messages';
import { gql } from '../_lib/client-api';
import { badInputText, blockingErrors, codeOf, describeError, fieldProblems } from '../_lib/errors';
import type { GqlError } from '../_lib/types';

/** The error's sentence with the server's code, e.g. "您无权执行此操作 (FORBIDDEN)". */
export function errorText(t: Translate, error: GqlError | undefined): string {
  const code = codeOf(error) ?? 'ERROR';
  const text = code === 'BAD_USER_INPUT' ? badInputText(t, error) : code === 'CONFLICT' ? error?.message ?? '' : describeError(t, error);
  return `${text} (${code})`;
}

export function ServerError({ error, style }: { error?: GqlError; style?: React.CSSProperties }) {
  const t = useT();
  if (!error) return null;
  return <Alert type="error" showIcon data-testid="server-error" data-code={codeOf(error)} title={errorText(t, error)} style={{ marginBottom: 12, ...style }} />;
}

export interface QueryState<T> { data?: T; error?: GqlError; loading: boolean; reload: () => Promise<void> }

/** Runs a query from the browser on mount (and on `reload`); FIELD_CLASSIFIED notices do not count as errors. */
export function useGqlQuery<T>(document: string, variables?: Record<string, unknown>, skip = false): QueryState<T> {
  const [state, setState] = useState<{ data?: T; error?: GqlError; loading: boolean }>({ loading: !skip });
  const key = JSON.stringify(variables ?? {});
  const reload = useCallback(async () => {
    setState((s) => ({ ...s, loading: true }));
    const res = await gql<T>(document, JSON.parse(key));
    if (res.leaving) return;
    setState({ data: res.data ?? undefined, error: blockingErrors(res.errors)[0], loading: false });
  }, [document, key]);
  useEffect(() => {
    if (!skip) void reload();
  }, [reload, skip]);
  return { ...state, reload };
}

/** A mutation from the browser: its data, or the first blocking error. */
export async function run<T>(document: string, variables: Record<string, unknown>): Promise<{ data?: T; error?: GqlError; leaving?: boolean }> {
  const res = await gql<T>(document, variables);
  if (res.leaving) return { leaving: true };
  const error = blockingErrors(res.errors)[0];
  return error || !res.data ? { error: error ?? { message: 'empty response', extensions: { code: 'INTERNAL' } } } : { data: res.data };
}

export interface ActionOptions<T> {
  /** What is busy while it runs (a row's id); `'save'` when not given. */
  key?: string;
  /** BAD_USER_INPUT problems go to this form's fields: those in `fields` (all when not given), renamed by `rename`. */
  form?: FormInstance;
  fields?: string[];
  rename?: Record<string, string>;
  /** The error is kept in `error` for an alert beside the form (`inline`), or shown as a message (default). */
  show?: 'inline' | 'message';
  /** The success message: `common.saved` when not given, none when null. */
  done?: string | null;
  /** After success: close a modal, show a result, go elsewhere. Runs before `reload`. */
  then?: (data: T) => void | Promise<void>;
  /** After success: the page's query, reloaded. */
  reload?: () => Promise<unknown>;
}

/**
 * One mutation from a page, done the same way everywhere: what is `busy`, the error shown (at the
 * fields, inline or as a message), then on success a message, `then` and the page's reload. Returns
 * the data, or undefined when it failed or the user is leaving (signed out).
 */
export function useAction() {
  const t = useT();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<GqlError>();

  const act = useCallback(async <T,>(document: string, variables: Record<string, unknown>, o: ActionOptions<T> = {}): Promise<T | undefined> => {
    setBusy(o.key ?? 'save');
    setError(undefined);
    const r = await run<T>(document, variables);
    setBusy(undefined);
    if (r.leaving) return undefined;
    if (r.error || !r.data) {
      if (o.form) {
        const problems = fieldProblems(t, r.error).filter((p) => !o.fields || o.fields.includes(String(p.name[0])));
        o.form.setFields(problems.map((p) => ({ name: (o.rename?.[String(p.name[0])] ?? p.name[0]) as never, errors: p.errors })));
      }
      if (o.show === 'inline') setError(r.error);
      else message.error(errorText(t, r.error));
      return undefined;
    }
    if (o.done !== null) message.success(o.done ?? t('common.saved'));
    await o.then?.(r.data);
    await o.reload?.();
    return r.data;
  }, [t, message]);

  return { act, busy, error, setError };
}

/** "2 天 3 小时" / "2d 3h" from seconds. */
export function durationText(seconds: number, locale: string): string {
  const s = Math.max(0, Math.round(seconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const zh = locale !== 'en';
  const parts: string[] = [];
  if (d) parts.push(zh ? `${d} 天` : `${d}d`);
  if (h) parts.push(zh ? `${h} 小时` : `${h}h`);
  if (!d) parts.push(zh ? `${m} 分钟` : `${m}m`);
  return parts.join(' ');
}
