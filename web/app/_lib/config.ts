import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** GraphQL endpoint of the API; the browser never calls it directly. */
export const apiUrl = (): string => process.env.API_URL || 'http://127.0.0.1:4000/graphql';

let cachedSecret: string | undefined;

/**
 * The key that encrypts the session cookie. NEXTAUTH_SECRET wins (set it, identical, on every web
 * instance). Without it, a local run generates one into `.nextauth-secret` (mode 600, gitignored) so
 * sessions survive restarts; if that file cannot be written the key lives in memory only.
 */
export function authSecret(): string {
  if (cachedSecret) return cachedSecret;
  const fromEnv = process.env.NEXTAUTH_SECRET || process.env.AUTH_SECRET;
  if (fromEnv) return (cachedSecret = fromEnv);
  const file = process.env.NEXTAUTH_SECRET_FILE || join(process.cwd(), '.nextauth-secret');
  try {
    cachedSecret = readFileSync(/*turbopackIgnore: true*/ file, 'utf8').trim();
    if (cachedSecret) return cachedSecret;
  } catch { /* not there yet */ }
  const fresh = randomBytes(32).toString('base64url');
  try {
    writeFileSync(/*turbopackIgnore: true*/ file, fresh, { flag: 'wx', mode: 0o600 });
    cachedSecret = fresh;
  } catch {
    try {
      cachedSecret = readFileSync(/*turbopackIgnore: true*/ file, 'utf8').trim() || fresh;
    } catch {
      console.warn('custodian-web: NEXTAUTH_SECRET is not set and .nextauth-secret cannot be written; sessions end when the server restarts');
      cachedSecret = fresh;
    }
  }
  return cachedSecret;
}
