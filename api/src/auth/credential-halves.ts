import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Split knowledge for credentials (docs/access.md): a password that opens sensitive access is two
 * random halves, A for the administrator who files the change and B for the security officer who
 * approves it; the password is A followed by B. Between filing and approval the server keeps A
 * encrypted (AES-256-GCM, key derived from the server secret), so the database alone never holds
 * a usable half; the ciphertext is erased when the change is decided.
 */

const ALGORITHM = 'aes-256-gcm';

/** A random half: 12 characters, letters and digits guaranteed (so A+B meets the password rule). */
export function passwordHalf(): string {
  const body = randomBytes(9).toString('base64url').slice(0, 10);
  const letters = 'abcdefghjkmnpqrstuvwxyz';
  return `${body}${letters[randomBytes(1)[0] % letters.length]}${randomBytes(1)[0] % 10}`;
}

function keyOf(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'custodian', 'account-change-half', 32));
}

/** `iv.tag.ciphertext`, base64url. */
export function sealHalf(secret: string, half: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, keyOf(secret), iv);
  const body = Buffer.concat([cipher.update(half, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
}

/** The half sealed by `sealHalf`, or null when it cannot be opened (another key, altered text). */
export function openHalf(secret: string, sealed: string): string | null {
  const [iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
  if (!iv || !tag || !body) return null;
  try {
    const decipher = createDecipheriv(ALGORITHM, keyOf(secret), iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
