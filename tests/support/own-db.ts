import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createPool, Pool } from 'mysql2/promise';
import { TEST_DATABASE_URL } from './db';

/**
 * A suite's own database `<test db>_<suffix>`, dropped, migrated and seeded with the demo data: for
 * suites whose writes would change what other suites count (bulk creates, fuzzed mutations).
 */
export async function ownDatabase(suffix: string): Promise<{ url: string; pool: Pool }> {
  const name = `${decodeURIComponent(new URL(TEST_DATABASE_URL).pathname.slice(1))}_${suffix}`.slice(0, 64);
  const url = (() => { const u = new URL(TEST_DATABASE_URL); u.pathname = `/${name}`; return u.toString(); })();
  const root = (() => { const u = new URL(TEST_DATABASE_URL); u.pathname = '/'; return u.toString(); })();
  const admin = createPool({ uri: root, connectionLimit: 1 });
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.end();
  const setup = spawnSync(process.execPath, [join(__dirname, '../../migrations/dist/cli.js'), 'setup'], {
    env: { ...process.env, DATABASE_URL: url, MIGRATE_DATABASE_URL: url }, encoding: 'utf8', timeout: 90_000,
  });
  if (setup.status !== 0) throw new Error(`setup of ${name} failed: ${setup.stdout}${setup.stderr}`);
  const pool = createPool({ uri: url, timezone: 'Z', supportBigNumbers: true, bigNumberStrings: true, connectionLimit: 2 });
  return { url, pool };
}
