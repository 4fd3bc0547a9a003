import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { TEST_DATABASE_URL } from '../support/db';

/**
 * The benchmark is a tool, not a test: CI only checks that it runs. A tiny generated dataset in its
 * own database, every scenario for 2 seconds, and a results file with positive numbers throughout.
 */

const run = promisify(execFile);
const root = join(__dirname, '..', '..');
const url = new URL(TEST_DATABASE_URL);
url.pathname = `${url.pathname}_bench`;
const BENCH_DATABASE_URL = url.toString();

interface BenchRow {
  scenario: string; rps: number; p50Ms: number; p99Ms: number; sqlPerRequest: number;
  baselineRps: number | null; ratio: number | null; auditOffRps: number | null; rssMb: number;
}

/** Counts, money and names of the generated archive: equal for equal seeds. */
async function fingerprint(): Promise<string> {
  const ds = new DataSource({ type: 'mysql', url: BENCH_DATABASE_URL });
  await ds.initialize();
  try {
    const [c] = await ds.query('SELECT COUNT(*) AS n, MD5(GROUP_CONCAT(name, archive_level, owner_id ORDER BY id)) AS h FROM customer');
    const [o] = await ds.query('SELECT COUNT(*) AS n, SUM(amount) AS a FROM sales_order');
    const [l] = await ds.query('SELECT COUNT(*) AS n, SUM(amount) AS a FROM sales_order_line');
    const [a] = await ds.query('SELECT COUNT(*) AS n FROM activity');
    expect(o.a).toBe(l.a);
    return JSON.stringify([c, o, l, a]);
  } finally {
    await ds.destroy();
  }
}

async function dropDatabase(): Promise<void> {
  const server = new URL(BENCH_DATABASE_URL);
  const name = server.pathname.slice(1);
  server.pathname = '/';
  const ds = new DataSource({ type: 'mysql', url: server.toString() });
  await ds.initialize();
  await ds.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await ds.destroy();
}

describe('benchmark smoke run', () => {
  it('generates a tiny dataset deterministically and benchmarks every scenario against it', async () => {
    await dropDatabase();
    const env = { ...process.env, DATABASE_URL: BENCH_DATABASE_URL, MIGRATE_DATABASE_URL: '' };
    await run(process.execPath, [join(root, 'migrations/dist/cli.js'), 'generate', '--scale', 'tiny'], { env });
    const first = await fingerprint();
    // A second run refuses to overwrite the archive without --force, and with it makes the same data again.
    await expect(run(process.execPath, [join(root, 'migrations/dist/cli.js'), 'generate', '--scale', 'tiny'], { env })).rejects.toThrow(/--force/);
    await run(process.execPath, [join(root, 'migrations/dist/cli.js'), 'generate', '--scale', 'tiny', '--force'], { env });
    expect(await fingerprint()).toBe(first);

    const out = join(mkdtempSync(join(tmpdir(), 'bench-')), 'tiny.json');
    await run(process.execPath, [join(root, 'tests/bench/run.mjs'), '--scale', 'tiny', '--duration', '2', '--connections', '4', '--out', out],
      { env, timeout: 150_000 });
    const rows: BenchRow[] = JSON.parse(readFileSync(out, 'utf8'));
    expect(rows.map((r) => r.scenario)).toEqual(['list', 'detail', 'export', 'stats', 'write']);
    for (const r of rows) {
      for (const key of ['rps', 'p99Ms', 'sqlPerRequest', 'rssMb'] as const) expect([r.scenario, key, r[key] > 0]).toEqual([r.scenario, key, true]);
    }
    for (const r of rows.filter((x) => ['list', 'detail', 'export'].includes(x.scenario))) {
      for (const key of ['baselineRps', 'ratio', 'auditOffRps'] as const) expect([r.scenario, key, (r[key] ?? 0) > 0]).toEqual([r.scenario, key, true]);
    }
    expect(rows.find((r) => r.scenario === 'list')!.sqlPerRequest).toBeLessThanOrEqual(4);
    await dropDatabase();
  }, 240_000);
});
