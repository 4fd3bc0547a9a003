// npm start: migrate, seed demo data into an empty database, then serve the API and the web app.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_NODE_FLAGS } from './api-node-flags.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, NODE_ENV: process.env.NODE_ENV || 'production' };
env.API_PORT ||= '4000';
env.WEB_PORT ||= '3000';
env.API_URL ||= `http://127.0.0.1:${env.API_PORT}/graphql`;

const setup = spawnSync(process.execPath, [join(root, 'migrations/dist/cli.js'), 'setup'], { stdio: 'inherit', env });
if (setup.status !== 0) process.exit(setup.status ?? 1);

const children = [
  spawn(process.execPath, [...API_NODE_FLAGS, join(root, 'api/dist/main.js')], { stdio: 'inherit', env }),
  // web/server.mjs: Next.js behind a front that sets X-Forwarded-For from the socket (never the browser's).
  spawn(process.execPath, [join(root, 'web/server.mjs')], { stdio: 'inherit', env: { ...env, WEB_HOST: '127.0.0.1' }, cwd: join(root, 'web') }),
];
console.log(`Custodian: API http://127.0.0.1:${env.API_PORT}/graphql · web http://127.0.0.1:${env.WEB_PORT}`);

let stopping = false;
const stop = (code) => {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  // The API finishes the requests in flight before it exits (at most ~10 s): wait for it.
  const done = () => children.every((c) => c.exitCode !== null || c.signalCode !== null) && process.exit(code);
  for (const c of children) c.on('exit', done);
  done();
  setTimeout(() => process.exit(code), 12_000).unref();
};
for (const c of children) c.on('exit', (code) => stop(code ?? 1));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
