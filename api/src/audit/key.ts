import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/** The key of development and test runs: public, so it never applies with NODE_ENV=production. */
export const DEV_AUDIT_KEY = 'custodian-dev-audit-key';

/** Where a production run keeps its generated key unless AUDIT_HMAC_KEY_FILE says otherwise (the repository's data/). */
export const DEFAULT_KEY_FILE = join(__dirname, '../../../data/audit-hmac.key');

export interface AuditKey {
  key: string;
  /** What a production start says about its key (null: nothing to say). */
  notice: string | null;
}

const MIN_KEY_LENGTH = 16;

function problem(message: string): Error {
  return new Error(`AUDIT_HMAC_KEY: ${message}`);
}

function readKeyFile(file: string): string | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (['ENOENT', 'ENOTDIR'].includes(String((err as NodeJS.ErrnoException).code))) return null;
    throw problem(`cannot read the key file ${file} (${(err as Error).message})`);
  }
  const key = text.trim();
  if (key.length < MIN_KEY_LENGTH) throw problem(`the key file ${file} holds no usable key (at least ${MIN_KEY_LENGTH} characters)`);
  if ((statSync(file).mode & 0o077) !== 0) throw problem(`the key file ${file} is readable by other users: chmod 600 it`);
  return key;
}

/**
 * The key of the keyed hashes that stand in for CLASSIFIED values in the audit log (docs/audit.md).
 * Development and tests: AUDIT_HMAC_KEY or the public dev key. Production (NODE_ENV=production):
 * AUDIT_HMAC_KEY, else the key file (AUDIT_HMAC_KEY_FILE, default data/audit-hmac.key), generated
 * on the first start with mode 0600. Whatever cannot give a secret key stops the start.
 */
export function resolveAuditKey(env: NodeJS.ProcessEnv = process.env): AuditKey {
  const fromEnv = env.AUDIT_HMAC_KEY;
  if (env.NODE_ENV !== 'production') return { key: fromEnv || DEV_AUDIT_KEY, notice: null };
  if (fromEnv) {
    if (fromEnv === DEV_AUDIT_KEY) throw problem('the public development key cannot be used in production');
    if (fromEnv.length < MIN_KEY_LENGTH) throw problem(`at least ${MIN_KEY_LENGTH} characters in production`);
    return { key: fromEnv, notice: null };
  }
  const file = env.AUDIT_HMAC_KEY_FILE ? (isAbsolute(env.AUDIT_HMAC_KEY_FILE) ? env.AUDIT_HMAC_KEY_FILE : resolve(env.AUDIT_HMAC_KEY_FILE)) : DEFAULT_KEY_FILE;
  const existing = readKeyFile(file);
  if (existing) return { key: existing, notice: null };
  const key = randomBytes(32).toString('hex');
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // wx: two processes starting at once never overwrite each other's key.
    writeFileSync(file, `${key}\n`, { flag: 'wx', mode: 0o600 });
    chmodSync(file, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      const raced = readKeyFile(file);
      if (raced) return { key: raced, notice: null };
    }
    throw problem(`not set, and no key file can be written at ${file} (${(err as Error).message}); set AUDIT_HMAC_KEY or AUDIT_HMAC_KEY_FILE`);
  }
  return {
    key,
    notice: `AUDIT_HMAC_KEY is not set: generated this deployment's audit key into ${file} (mode 0600). Keep the file `
      + 'with the database backups, outside the database: without it no keyed hash in the audit log can be checked.',
  };
}
