import { getServerSession, Session } from 'next-auth';
import { cache } from 'react';
import { getToken } from 'next-auth/jwt';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { NextRequest } from 'next/server';
import { authOptions } from './auth';
import { apiUrl, authSecret } from './config';
import { isExpired, mustChangePassword } from './errors';
import type { GqlResult } from './types';
import { clientHeaders as forwardedHeaders } from './forwarding';

async function tokenOf(req: NextRequest): Promise<string | undefined> {
  return (await getToken({ req, secret: authSecret() }))?.apiToken;
}

/** The request's decrypted session cookie, once per server render. */
const renderToken = cache(async () => tokenOf({ cookies: await cookies(), headers: await headers() } as unknown as NextRequest));

/** The signed-in session, once per server render (the layout and the page both ask). */
export const currentSession = cache(() => getServerSession(authOptions));

/** The API bearer token from the encrypted session cookie (server side only). */
export async function apiToken(req?: NextRequest): Promise<string | undefined> {
  return req ? tokenOf(req) : renderToken();
}

export const signInPath = (from: string, reason?: 'expired') =>
  `/signin?${new URLSearchParams({ ...(reason ? { reason } : {}), callbackUrl: from })}`;

/** The signed-in user, or a redirect to sign-in (or to the forced password change). */
export async function requireSession(from: string): Promise<Session> {
  const session = await currentSession();
  if (!session?.user?.id) redirect(signInPath(from));
  if (session.mustChangePassword) redirect('/change-password');
  return session;
}

/** Headers that let the API log the real client (it trusts X-Forwarded-For from loopback only): _lib/forwarding.ts. */
export const clientHeaders = (h: Headers): Record<string, string> => forwardedHeaders((name) => h.get(name));

/**
 * GraphQL from a server component. Partial results come back as they are (data + FIELD_CLASSIFIED
 * errors); an expired session redirects to sign-in and back to `from` afterwards.
 */
export async function serverGql<T>(query: string, variables: Record<string, unknown> | undefined, from: string): Promise<GqlResult<T>> {
  const token = await apiToken();
  if (!token) redirect(signInPath(from));
  let body: GqlResult<T>;
  try {
    const res = await fetch(apiUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...clientHeaders(await headers()) },
      body: JSON.stringify({ query, variables }),
      cache: 'no-store',
    });
    body = await res.json();
  } catch {
    return { errors: [{ message: 'API unreachable', extensions: { code: 'NETWORK' } }] };
  }
  if (isExpired(body.errors)) redirect(signInPath(from, 'expired'));
  if (mustChangePassword(body.errors)) redirect('/change-password');
  return body;
}
