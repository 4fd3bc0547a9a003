import { NextRequest, NextResponse } from 'next/server';

/**
 * Content-Security-Policy of every page, with a nonce per request: Next.js reads it from the request
 * header and puts it on its own scripts, so no other script runs ('strict-dynamic': what they load is
 * trusted). Styles may be inline: Ant Design writes its CSS-in-JS into <style> elements. No page may
 * be framed (frame-ancestors 'none', and X-Frame-Options in next.config.mjs for older browsers).
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const dev = process.env.NODE_ENV === 'development';
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
  const headers = new Headers(request.headers);
  headers.set('content-security-policy', csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', csp);
  return response;
}

export const config = {
  // Pages only: not the API routes, static files or the image optimiser.
  matcher: [{ source: '/((?!api/|_next/static|_next/image|icon.svg).*)' }],
};
