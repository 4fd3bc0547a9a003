import { clientHeaders } from '../../web/app/_lib/forwarding';
import { crossSiteRefusal } from '../../web/app/_lib/same-origin';

/** The web tier's CSRF check and what it tells the API about the browser (web/README.md). */

const headers = (h: Record<string, string>) => (name: string) => h[name] ?? null;

describe('same-origin check of /api/graphql', () => {
  it.each([
    [{ origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' }, null],
    [{ 'sec-fetch-site': 'same-origin', host: 'x' }, null],
    [{ origin: 'null', host: 'x' }, 'Requests from an opaque origin are refused'],
    [{ origin: 'http://evil.example', host: '127.0.0.1:3000' }, 'Cross-origin request refused'],
    [{ origin: '::not a url::', host: 'x' }, 'Malformed Origin'],
    [{ host: 'x' }, 'Cross-site request refused: no Origin, and not same-origin'],
    [{ 'sec-fetch-site': 'same-site', host: 'x' }, 'Cross-site request refused: no Origin, and not same-origin'],
    [{ 'sec-fetch-site': 'none', host: 'x' }, 'Cross-site request refused: no Origin, and not same-origin'],
  ])('%j: %s', (h, refusal) => {
    expect(crossSiteRefusal(headers(h))).toBe(refusal);
  });
});

describe('forwarded client headers', () => {
  const saved = process.env.CUSTODIAN_WEB_FRONT;
  afterEach(() => { process.env.CUSTODIAN_WEB_FRONT = saved; });

  it('forward X-Forwarded-For only when web/server.mjs set it from the socket', () => {
    const h = headers({ 'user-agent': 'UA', 'x-forwarded-for': '10.1.2.3' });
    delete process.env.CUSTODIAN_WEB_FRONT;
    expect(clientHeaders(h)).toEqual({ 'user-agent': 'UA' });
    process.env.CUSTODIAN_WEB_FRONT = 'socket';
    expect(clientHeaders(h)).toEqual({ 'user-agent': 'UA', 'x-forwarded-for': '10.1.2.3' });
    expect(clientHeaders(headers({ 'x-forwarded-for': '1.1.1.1, 2.2.2.2' }))).toEqual({});
  });
});
