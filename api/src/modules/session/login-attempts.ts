import { EntityManager } from 'typeorm';
import { Context } from '../../context';
import { UserEntity } from '../user/user.entity';

/**
 * Sign-in attempts and lockout (MAX_FAILED_LOGINS within one lock, LOCK_MINUTES). Every attempt is
 * counted before its password is verified, under the user row's lock, so that however many are
 * sent at once only MAX_FAILED_LOGINS passwords are ever checked before the account locks:
 *
 * - attempts for one username run one after another in this process (no database connection is
 *   held while they wait), so concurrent right passwords never lock anyone out;
 * - across processes the count taken up front caps what is in flight: an attempt that finds the
 *   count at the limit is not checked at all.
 *
 * Sign-in bookkeeping is not a change of the account: it never bumps `version` (an administrator's
 * concurrent updateUser must not get a CONFLICT) nor `updated_at`.
 */

const queues = new Map<string, Promise<unknown>>();

/** Runs `work` after every earlier attempt for the same username in this process has finished. */
export function oneAtATime<T>(username: string, work: () => Promise<T>): Promise<T> {
  const key = username.toLowerCase();
  const run = (queues.get(key) ?? Promise.resolve()).then(work, work);
  const tail = run.then(() => undefined, () => undefined);
  queues.set(key, tail);
  void tail.then(() => { if (queues.get(key) === tail) queues.delete(key); });
  return run;
}

const lockedUser = (tx: EntityManager, id: string): Promise<UserEntity> =>
  tx.getRepository(UserEntity).createQueryBuilder('u').setLock('pessimistic_write').where('u.id = :id', { id }).getOneOrFail();

const setLoginState = (tx: EntityManager, id: string, failedLogins: number, lockedUntil: Date | null, lastLoginAt?: Date) =>
  tx.query(`UPDATE app_user SET failed_logins = ?, locked_until = ?${lastLoginAt ? ', last_login_at = ?' : ''} WHERE id = ?`,
    [failedLogins, lockedUntil, ...(lastLoginAt ? [lastLoginAt] : []), id]);

export type Counted =
  | { kind: 'COUNTED' }
  /** The account is locked: the attempt is not counted and its password decides nothing. */
  | { kind: 'LOCKED'; until: Date }
  /** As many attempts as the limit are in flight (other processes): this one is not checked. */
  | { kind: 'BUSY' };

export function countAttempt(ctx: Context, userId: string, now: Date): Promise<Counted> {
  return ctx.ds.transaction(async (tx) => {
    const user = await lockedUser(tx, userId);
    if (user.lockedUntil && user.lockedUntil > now) return { kind: 'LOCKED', until: user.lockedUntil };
    if (user.failedLogins >= ctx.config.maxFailedLogins) return { kind: 'BUSY' };
    await setLoginState(tx, userId, user.failedLogins + 1, null);
    return { kind: 'COUNTED' };
  });
}

/** A counted attempt had a wrong password: its count stays; the one at the limit locks the account. Returns the lock, if it set one. */
export function settleFailure(ctx: Context, userId: string, now: Date): Promise<Date | null> {
  return ctx.ds.transaction(async (tx) => {
    const user = await lockedUser(tx, userId);
    if (user.lockedUntil && user.lockedUntil > now) return null;
    if (user.failedLogins < ctx.config.maxFailedLogins) return null;
    const until = new Date(now.getTime() + ctx.config.lockMinutes * 60_000);
    await setLoginState(tx, userId, 0, until);
    return until;
  });
}

/**
 * A counted attempt had the right password: in the sign-in's transaction, the count goes back to
 * zero — unless another attempt locked the account meanwhile (then its end is returned).
 */
export async function settleSuccess(tx: EntityManager, userId: string, now: Date): Promise<Date | null> {
  const user = await lockedUser(tx, userId);
  if (user.lockedUntil && user.lockedUntil > now) return user.lockedUntil;
  await setLoginState(tx, userId, 0, null, now);
  return null;
}
