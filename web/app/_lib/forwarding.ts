/**
 * What the web server tells the API about the browser, for the audit log and the per-address rate
 * limit: the user agent, and the client's address — only when web/server.mjs is in front, which sets
 * X-Forwarded-For from the socket it saw (never what the browser sent). Under a plain `next start`
 * no address is forwarded; the API then records the web server's own.
 */
export function clientHeaders(get: (name: string) => string | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const ua = get('user-agent');
  if (ua) out['user-agent'] = ua;
  const ip = process.env.CUSTODIAN_WEB_FRONT === 'socket' ? get('x-forwarded-for') : null;
  if (ip && /^[0-9a-fA-F.:]{2,45}$/.test(ip)) out['x-forwarded-for'] = ip;
  return out;
}
