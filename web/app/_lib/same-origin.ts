/**
 * CSRF check of the state-changing routes: a request counts as the app's own when its Origin names
 * this host, or — without an Origin — when the browser says it is same-origin (Sec-Fetch-Site). An
 * `Origin: null` (sandboxed frames, some redirects), a malformed Origin, or neither header is
 * refused. Returns why it is refused, or null.
 */
export function crossSiteRefusal(get: (name: string) => string | null): string | null {
  const origin = get('origin');
  const host = get('host');
  if (origin !== null) {
    if (origin === 'null') return 'Requests from an opaque origin are refused';
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      return 'Malformed Origin';
    }
    return host && originHost === host ? null : 'Cross-origin request refused';
  }
  return get('sec-fetch-site') === 'same-origin' ? null : 'Cross-site request refused: no Origin, and not same-origin';
}
