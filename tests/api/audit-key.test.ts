import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEV_AUDIT_KEY, resolveAuditKey } from '@custodian/api';
import { DEMO_PASSWORD, TEST_DATABASE_URL } from '../support/db';
import { keyedHash } from '../support/audit';
import { closeDb, sql } from '../support/fixtures';
import { freePort } from '../support/net';

/**
 * The audit HMAC key (docs/audit.md): the public development key never applies in production. A
 * production start without AUDIT_HMAC_KEY generates a per-deployment key into a file outside the
 * database (mode 0600) and keeps using it; whatever cannot give a secret key stops the start.
 */

const MAIN = join(__dirname, '../../api/dist/main.js');
const dir = () => mkdtempSync(join(tmpdir(), 'custodian-key-'));

describe('audit HMAC key', () => {
  afterAll(closeDb);

  describe('resolution', () => {
    it('development and tests: AUDIT_HMAC_KEY or the dev key', () => {
      expect(resolveAuditKey({ NODE_ENV: 'test' }).key).toBe(DEV_AUDIT_KEY);
      expect(resolveAuditKey({ NODE_ENV: 'development', AUDIT_HMAC_KEY: 'mine' }).key).toBe('mine');
    });

    it('production without a key: generated once into the key file (0600), then read back', () => {
      const file = join(dir(), 'data', 'audit-hmac.key');
      const first = resolveAuditKey({ NODE_ENV: 'production', AUDIT_HMAC_KEY_FILE: file });
      expect(first.key).toMatch(/^[0-9a-f]{64}$/);
      expect(first.notice).toContain(file);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8').trim()).toBe(first.key);
      const second = resolveAuditKey({ NODE_ENV: 'production', AUDIT_HMAC_KEY_FILE: file });
      expect(second).toEqual({ key: first.key, notice: null });
    });

    it('production refuses the dev key, a short key, a key file others can read, a place no key file can be written', () => {
      expect(() => resolveAuditKey({ NODE_ENV: 'production', AUDIT_HMAC_KEY: DEV_AUDIT_KEY })).toThrow(/public development key/);
      expect(() => resolveAuditKey({ NODE_ENV: 'production', AUDIT_HMAC_KEY: 'short' })).toThrow(/at least 16/);
      const open = join(dir(), 'open.key');
      writeFileSync(open, 'a'.repeat(64));
      chmodSync(open, 0o644);
      expect(() => resolveAuditKey({ NODE_ENV: 'production', AUDIT_HMAC_KEY_FILE: open })).toThrow(/readable by other users/);
      const blocker = join(dir(), 'a-file');
      writeFileSync(blocker, 'x');
      expect(() => resolveAuditKey({ NODE_ENV: 'production', AUDIT_HMAC_KEY_FILE: join(blocker, 'audit-hmac.key') })).toThrow(/no key file can be written/);
      expect(resolveAuditKey({ NODE_ENV: 'production', AUDIT_HMAC_KEY: 'x'.repeat(32) }).key).toBe('x'.repeat(32));
    });
  });

  describe('the API process in production', () => {
    it('refuses to start when no key can be had: clear message, exit code 1', async () => {
      const blocker = join(dir(), 'a-file');
      writeFileSync(blocker, 'x');
      const child = spawn(process.execPath, [MAIN], {
        env: { ...process.env, NODE_ENV: 'production', AUDIT_HMAC_KEY: '', AUDIT_HMAC_KEY_FILE: join(blocker, 'k'), API_PORT: String(await freePort()), DATABASE_URL: TEST_DATABASE_URL },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
      child.stderr!.on('data', (b: Buffer) => { out += b.toString(); });
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(1);
      expect(out).toMatch(/the API could not start: AUDIT_HMAC_KEY: not set, and no key file can be written/);
    }, 30_000);

    it('starts with a generated key file, says so, and hashes CLASSIFIED values with that key', async () => {
      const file = join(dir(), 'audit-hmac.key');
      const port = await freePort();
      const env = {
        ...process.env, NODE_ENV: 'production', AUDIT_HMAC_KEY: '', AUDIT_HMAC_KEY_FILE: file, API_PORT: String(port), API_HOST: '127.0.0.1',
        DATABASE_URL: TEST_DATABASE_URL, LOG_LEVEL: 'info',
      };
      const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
      try {
        for (let i = 0; i < 150; i++) {
          try { if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break; } catch { /* starting */ }
          await new Promise((r) => setTimeout(r, 200));
        }
        expect(existsSync(file)).toBe(true);
        expect(out).toContain('generated this deployment\'s audit key');
        const key = readFileSync(file, 'utf8').trim();
        const post = async (query: string, variables: Record<string, unknown>, token?: string) => (await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: 'POST', body: JSON.stringify({ query, variables }),
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        })).json() as Promise<{ data?: any; errors?: unknown[] }>;
        const token = (await post('mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { token } }', { u: 'archivist', p: DEMO_PASSWORD })).data.login.token;
        const [c] = await sql(`SELECT c.id, c.version FROM customer c JOIN app_user u ON u.id = c.custodian_id
          WHERE u.username = 'archivist' AND c.archive_level = 'CLASSIFIED' ORDER BY c.id DESC LIMIT 1`);
        const notes = `key-file test ${Date.now()}`;
        const r = await post('mutation($i: UpdateCustomerInput!) { updateCustomer(input: $i) { id } }', { i: { id: String(c.id), version: c.version, notes } }, token);
        expect(r.errors).toBeUndefined();
        const [event] = await sql("SELECT changes FROM audit_event WHERE action = 'UPDATE' AND entity_type = 'Customer' AND entity_id = ? ORDER BY seq DESC LIMIT 1", [String(c.id)]);
        const after = JSON.parse(event.changes).notes.after;
        expect(after).toBe(keyedHash(key, notes));
        expect(after).not.toBe(keyedHash(DEV_AUDIT_KEY, notes));
      } finally {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
    }, 60_000);
  });
});
