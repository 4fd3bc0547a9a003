import { isExpired, mustChangePassword } from './errors';
import type { GqlResult } from './types';

export const SESSION_EXPIRED_EVENT = 'custodian:session-expired';

/** Full-page navigation, replaceable in component tests (jsdom cannot navigate). */
export const navigation = { assign: (url: string) => window.location.assign(url) };

/** Sends the user to sign-in and back here afterwards; open forms save their drafts on the event first. */
export function leaveForSignIn(): void {
  window.dispatchEvent(new Event(SESSION_EXPIRED_EVENT));
  const from = window.location.pathname + window.location.search;
  navigation.assign(`/signin?${new URLSearchParams({ reason: 'expired', callbackUrl: from })}`);
}

export interface ClientResult<T> extends GqlResult<T> {
  /** The session ended and the page is on its way to sign-in: show nothing. */
  leaving?: boolean;
}

/** GraphQL from the browser, through the web app's /api/graphql route (which holds the token). */
export async function gql<T>(query: string, variables?: Record<string, unknown>): Promise<ClientResult<T>> {
  let res: Response;
  try {
    res = await fetch('/api/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    return { errors: [{ message: 'network', extensions: { code: 'NETWORK' } }] };
  }
  const body: GqlResult<T> = await res.json().catch(() => ({ errors: [{ message: `HTTP ${res.status}`, extensions: { code: 'INTERNAL' } }] }));
  if (isExpired(body.errors)) {
    leaveForSignIn();
    return { ...body, leaving: true };
  }
  if (mustChangePassword(body.errors)) {
    navigation.assign('/change-password');
    return { ...body, leaving: true };
  }
  return body;
}
