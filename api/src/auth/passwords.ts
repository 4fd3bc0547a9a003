import * as argon2 from 'argon2';

/** argon2id hashes for user passwords. */
export const hashPassword = (plain: string): Promise<string> => argon2.hash(plain, { type: argon2.argon2id });

export async function verifyPassword(hash: string, plain: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, plain);
  } catch {
    return false;
  }
}

/** Password rule for new passwords: at least 10 characters with letters and digits. */
export function passwordProblem(plain: string): string | null {
  if (plain.length < 10) return 'must be at least 10 characters';
  if (plain.length > 128) return 'must be at most 128 characters';
  if (!/[A-Za-z]/.test(plain) || !/\d/.test(plain)) return 'must contain letters and digits';
  return null;
}
