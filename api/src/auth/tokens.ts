import { createHash, randomBytes } from 'node:crypto';

/** Prefixes tell a session token from an API token at a glance (and in secret scanners). */
export const SESSION_PREFIX = 'cus_s_';
export const API_TOKEN_PREFIX = 'cus_t_';

export function newSecret(prefix: string): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** Tokens are stored only as SHA-256: a database leak does not leak usable tokens. */
export function tokenHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function bearerOf(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return m ? m[1] : null;
}
