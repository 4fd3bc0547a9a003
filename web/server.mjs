// The web app's HTTP server (npm start runs it instead of `next start`): Next.js behind a front that
// decides the client's address from the socket. Next.js itself keeps a browser-sent X-Forwarded-For,
// which the API would then record as the client (and count for its per-address rate limit); here
// every request's X-Forwarded-For is replaced by the address this server saw — or, when that peer
// is a proxy listed in WEB_TRUST_PROXY, by the nearest address that proxy reported.
//
//   node web/server.mjs  (WEB_PORT, default 3000; WEB_HOST, default 127.0.0.1)
/* global process, console */
import { createServer } from 'node:http';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import next from 'next';

const dir = dirname(fileURLToPath(import.meta.url));
const port = Number(process.env.WEB_PORT || 3000);
const hostname = process.env.WEB_HOST || '127.0.0.1';

const LOOPBACK = (a) => a === '::1' || a.startsWith('127.') || a.startsWith('::ffff:127.');
const trusted = (process.env.WEB_TRUST_PROXY || '').split(',').map((s) => s.trim()).filter(Boolean);
const isTrusted = (a) => trusted.some((t) => (t === 'loopback' ? LOOPBACK(a) : t === a));

/** The client's address: the socket's peer, or through trusted proxies the last address they did not add. */
export function clientAddress(peer, forwardedFor) {
  let address = peer || '';
  const hops = String(forwardedFor || '').split(',').map((s) => s.trim()).filter(Boolean);
  while (isTrusted(address) && hops.length) address = hops.pop();
  return address.replace(/^::ffff:/, '');
}

// Tells the routes (app/_lib/forwarding.ts) that X-Forwarded-For is this server's and may be forwarded.
process.env.CUSTODIAN_WEB_FRONT = 'socket';

const app = next({ dev: false, dir, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();
const server = createServer((req, res) => {
  const address = clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for']);
  delete req.headers['x-real-ip'];
  req.headers['x-forwarded-for'] = address;
  handle(req, res);
});
server.listen(port, hostname, () => console.log(`Custodian web at http://${hostname}:${port}`));
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
