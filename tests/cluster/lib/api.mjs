// API processes (the built api/dist/main.js, configured by environment) and a GraphQL client.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_NODE_FLAGS } from '../../../scripts/api-node-flags.mjs';
import { track } from './servers.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const DEMO_PASSWORD = process.env.DEMO_PASSWORD || 'Custodian-demo-1';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const freePort = () => new Promise((resolve, reject) => {
  const s = createServer();
  s.once('error', reject);
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

export function assertBuilt() {
  for (const f of ['api/dist/main.js', 'migrations/dist/cli.js']) {
    if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing: build first (npx turbo run build)`);
  }
}

/** `setup` (migrate and seed) through one server. */
export function migrateAndSeed(url) {
  const child = track(spawn(process.execPath, [join(ROOT, 'migrations/dist/cli.js'), 'setup'], {
    env: { ...process.env, DATABASE_URL: url, MIGRATE_DATABASE_URL: url }, stdio: ['ignore', 'pipe', 'pipe'],
  }));
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  return new Promise((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`migrate/seed on ${url} failed: ${out}`)))));
}

/** One API process; its JSON log lines are kept (parsed) for the figures the suites report. */
export class ApiProcess {
  constructor(name, env) {
    this.name = name;
    this.env = env;
    this.logs = [];
    this.child = null;
  }

  get url() {
    return `http://127.0.0.1:${this.port}/graphql`;
  }

  async start() {
    this.port ??= await freePort();
    const child = track(spawn(process.execPath, [...API_NODE_FLAGS, join(ROOT, 'api/dist/main.js')], {
      env: {
        ...process.env, NODE_ENV: 'production', API_HOST: '127.0.0.1', API_PORT: String(this.port), LOG_LEVEL: 'info',
        RATE_LIMIT_PER_TOKEN: '0', RATE_LIMIT_PER_IP: '0', DATABASE_READ_URL: '', ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }));
    let partial = '';
    child.stdout.on('data', (d) => {
      const lines = (partial + d).split('\n');
      partial = lines.pop();
      for (const line of lines) {
        try { this.logs.push(JSON.parse(line)); } catch { this.logs.push({ msg: line, time: Date.now() }); }
      }
    });
    let err = '';
    child.stderr.on('data', (d) => { err = (err + d).slice(-4000); });
    this.stderr = () => err;
    this.child = child;
    await this.healthy();
  }

  async healthy(timeoutMs = 60_000) {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (this.child.exitCode !== null) throw new Error(`${this.name} exited ${this.child.exitCode}: ${this.stderr()}`);
      try {
        if ((await fetch(`http://127.0.0.1:${this.port}/healthz`, { signal: AbortSignal.timeout(2000) })).ok) return;
      } catch { /* not up yet */ }
      await sleep(100);
    }
    throw new Error(`${this.name} did not become healthy: ${this.stderr()}`);
  }

  async stop() {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }

  /** Keeps the JSON log (for CI artefacts): tests/cluster/logs/<suite>-<name>.log. */
  keepLog(suite) {
    const dir = join(ROOT, 'tests', 'cluster', 'logs');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${suite}-${this.name}.log`), this.logs.map((l) => JSON.stringify(l)).join('\n'));
  }

  /** Log lines with this message. */
  logged(msg) {
    return this.logs.filter((l) => l.msg === msg);
  }
}

/** One GraphQL request: { status, data, errors, requestId }; throws only when no answer came. */
export async function gql(url, token, query, variables = {}, timeoutMs = 15_000) {
  const res = await fetch(url, {
    method: 'POST', signal: AbortSignal.timeout(timeoutMs),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  return { status: res.status, requestId: res.headers.get('x-request-id'), ...body };
}

const LOGIN = 'mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { token } }';

export async function login(url, username) {
  const r = await gql(url, null, LOGIN, { u: username, p: DEMO_PASSWORD });
  if (!r.data?.login?.token) throw new Error(`login ${username} failed: ${JSON.stringify(r.errors)}`);
  return r.data.login.token;
}

export const INTEGRITY = '{ auditIntegrity { ok checked headSeq headHash firstBrokenSeq } }';

/** auditIntegrity through a short-lived API pointed at exactly one server. */
export async function integrityOn(name, url) {
  const api = new ApiProcess(`verifier-${name}`, { DATABASE_URL: url });
  await api.start();
  try {
    const token = await login(api.url, 'auditor');
    const r = await gql(api.url, token, INTEGRITY, {}, 120_000);
    if (!r.data) throw new Error(`auditIntegrity on ${name}: ${JSON.stringify(r.errors)}`);
    return r.data.auditIntegrity;
  } finally {
    await api.stop();
  }
}
