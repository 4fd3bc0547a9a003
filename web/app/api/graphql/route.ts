import { NextRequest, NextResponse } from 'next/server';
import { apiUrl } from '../../_lib/config';
import { apiToken, clientHeaders } from '../../_lib/server-api';
import { crossSiteRefusal } from '../../_lib/same-origin';

export const dynamic = 'force-dynamic';

const refuse = (status: number, code: string, message: string) =>
  NextResponse.json({ errors: [{ message, extensions: { code } }], data: null }, { status });

/**
 * The browser's only door to the API: attaches the bearer token from the encrypted session cookie.
 * JSON only and same-origin only (_lib/same-origin.ts), so another site cannot ride the cookie.
 */
export async function POST(req: NextRequest) {
  const crossSite = crossSiteRefusal((name) => req.headers.get(name));
  if (crossSite) return refuse(403, 'FORBIDDEN', crossSite);
  if (!req.headers.get('content-type')?.includes('application/json')) return refuse(415, 'BAD_USER_INPUT', 'Send application/json');
  const token = await apiToken(req);
  if (!token) return refuse(401, 'UNAUTHENTICATED', 'Not signed in');
  try {
    const res = await fetch(apiUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...clientHeaders(req.headers) },
      body: await req.text(),
      cache: 'no-store',
    });
    return new NextResponse(await res.text(), { status: res.status, headers: { 'content-type': 'application/json; charset=utf-8' } });
  } catch {
    return refuse(502, 'NETWORK', 'The API is unreachable');
  }
}
