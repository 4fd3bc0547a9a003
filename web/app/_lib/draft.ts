import dayjs, { Dayjs } from 'dayjs';

/**
 * Unsent form input kept in sessionStorage (this tab only), so an idle session that expires
 * mid-form costs the user nothing: sign in again and the form comes back filled.
 */
const storageKey = (key: string) => `custodian:draft:${key}`;

interface Stored { owner: string; values: unknown }

function encode(value: unknown): unknown {
  if (dayjs.isDayjs(value)) return { $date: (value as Dayjs).toISOString() };
  if (Array.isArray(value)) return value.map(encode);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)]));
  return value;
}

function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (value && typeof value === 'object') {
    const date = (value as { $date?: unknown }).$date;
    if (typeof date === 'string') return dayjs(date);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v)]));
  }
  return value;
}

export function saveDraft(key: string, owner: string, values: unknown): void {
  try {
    sessionStorage.setItem(storageKey(key), JSON.stringify({ owner, values: encode(values) } satisfies Stored));
  } catch { /* storage full or disabled: nothing to keep */ }
}

/** The draft of `owner` under `key`; another user's draft in the same tab is not theirs to see. */
export function loadDraft<T = Record<string, unknown>>(key: string, owner: string): T | undefined {
  try {
    const raw = sessionStorage.getItem(storageKey(key));
    if (!raw) return undefined;
    const stored = JSON.parse(raw) as Stored;
    return stored.owner === owner ? (decode(stored.values) as T) : undefined;
  } catch {
    return undefined;
  }
}

export const hasDraft = (key: string, owner: string): boolean => loadDraft(key, owner) !== undefined;

export function clearDraft(key: string): void {
  try {
    sessionStorage.removeItem(storageKey(key));
  } catch { /* ignore */ }
}
