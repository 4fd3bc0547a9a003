import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { freePort } from '../support/net';

const ROOT = join(__dirname, '../..');

/** The e2e suite's own database: dropped and set up fresh on every run. */
export const E2E_DATABASE_URL = process.env.E2E_DATABASE_URL || 'mysql://root@127.0.0.1:3306/custodian_e2e';

export interface Stack {
  webUrl: string;
  apiUrl: string;
  /** A connection to the e2e database, for arranging what the UI cannot (an idle session). */
  sql(statement: string, params?: unknown[]): Promise<unknown>;
  stop(): Promise<void>;
}

async function waitFor(url: string, child: ChildProcess, log: () => string, timeoutMs = 90_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}) before ${url} answered:\n${log()}`);
    try {
      const res = await fetch(url, { redirect: 'manual' });
      if (res.status < 500) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000}s:\n${log()}`);
}

async function dropDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.slice(1));
  u.pathname = '/';
  const conn = await createConnection(u.toString());
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await conn.end();
  }
}

/**
 * What `npm start` runs (scripts/start.mjs: migrate, seed, API, `next start`) on free ports against the
 * e2e database. The build is npm test's first step; this only checks that it is there.
 */
export async function startStack(): Promise<Stack> {
  if (process.env.E2E_WEB_URL) return attach(process.env.E2E_WEB_URL, process.env.E2E_API_URL ?? '');
  if (!existsSync(join(ROOT, 'web/.next/BUILD_ID')) || !existsSync(join(ROOT, 'api/dist/main.js'))) {
    throw new Error('Build first (npm run build): the e2e suite serves the built API and web app');
  }
  await dropDatabase(E2E_DATABASE_URL);
  const [apiPort, webPort] = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: E2E_DATABASE_URL,
    API_PORT: String(apiPort),
    WEB_PORT: String(webPort),
    API_URL: `http://127.0.0.1:${apiPort}/graphql`,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET || 'e2e-only-secret-0123456789abcdef0123456789abcdef',
  };
  delete env.MIGRATE_DATABASE_URL;
  const child = spawn(process.execPath, [join(ROOT, 'scripts/start.mjs')], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => { output = (output + chunk.toString()).slice(-20_000); };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);

  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try { process.kill(-child.pid!, 'SIGTERM'); } catch { /* already gone */ }
    const timer = setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } }, 5000);
    await exited;
    clearTimeout(timer);
  };

  try {
    await waitFor(`http://127.0.0.1:${apiPort}/healthz`, child, () => output);
    await waitFor(`http://127.0.0.1:${webPort}/signin`, child, () => output);
  } catch (err) {
    await stop();
    throw err;
  }

  const conn = await createConnection(E2E_DATABASE_URL);
  return {
    webUrl: `http://127.0.0.1:${webPort}`,
    apiUrl: env.API_URL!,
    sql: async (statement, params = []) => (await conn.query(statement, params))[0],
    async stop() {
      await conn.end();
      await stop();
    },
  };
}

/** Runs against servers that are already up (E2E_WEB_URL, E2E_DATABASE_URL behind them): for working on the suite. */
async function attach(webUrl: string, apiUrl: string): Promise<Stack> {
  const conn = await createConnection(E2E_DATABASE_URL);
  return {
    webUrl, apiUrl,
    sql: async (statement, params = []) => (await conn.query(statement, params))[0],
    stop: () => conn.end(),
  };
}
