import { ErrorCode } from '@custodian/schema';
import { EntityManager } from 'typeorm';
import { Context } from '../../context';
import { AppError, badInput } from '../../errors';
import { hashPassword, passwordProblem, verifyPassword } from '../../auth/passwords';
import { newSecret, SESSION_PREFIX, tokenHash } from '../../auth/tokens';
import { Actor } from '../../auth/actor';
import { assertCanChangePassword } from '../../auth/duties';
import { recordInTx, recordNow } from '../../audit/recorder';
import { endCredentials } from '../user/user.accounts';
import { UserEntity } from '../user/user.entity';
import { SessionEntity } from './session.entity';

/** Verifying against a throwaway hash keeps unknown usernames as slow as wrong passwords. */
let dummyHash: Promise<string> | null = null;

const wrongCredentials = (): AppError =>
  new AppError(ErrorCode.UNAUTHENTICATED, 'Wrong username or password', { reason: 'WRONG_CREDENTIALS' });

const accountLocked = (until: Date): AppError =>
  new AppError(ErrorCode.UNAUTHENTICATED, `This account is locked after repeated failed sign-ins until ${until.toISOString()}`,
    { reason: 'ACCOUNT_LOCKED', lockedUntil: until.toISOString() });

/** The user row under a write lock, so parallel sign-ins see each other's failures. */
const lockedUser = (tx: EntityManager, id: string): Promise<UserEntity> =>
  tx.getRepository(UserEntity).createQueryBuilder('u').setLock('pessimistic_write').where('u.id = :id', { id }).getOneOrFail();

/**
 * Counts a failed sign-in; the one that reaches the limit locks the account. Returns the end of the
 * lock when the account is (now or already) locked. Counted under a row lock: failures sent at
 * once cannot overwrite each other's count and slip past the limit.
 */
async function recordFailure(ctx: Context, userId: string, now: Date): Promise<Date | null> {
  return ctx.ds.transaction(async (tx) => {
    const user = await lockedUser(tx, userId);
    if (user.lockedUntil && user.lockedUntil > now) return user.lockedUntil;
    const failures = user.failedLogins + 1;
    const lockedUntil = failures >= ctx.config.maxFailedLogins ? new Date(now.getTime() + ctx.config.lockMinutes * 60_000) : null;
    await tx.update(UserEntity, userId, { failedLogins: lockedUntil ? 0 : failures, lockedUntil });
    return lockedUntil;
  });
}

export async function login(ctx: Context, username: string, password: string) {
  const users = ctx.ds.getRepository(UserEntity);
  const user = await users.createQueryBuilder('u').addSelect('u.passwordHash').where('u.username = :username', { username }).getOne();
  const now = ctx.clock.now();
  const failed = (reason: string) => recordNow(ctx, {
    action: 'LOGIN_FAILED', outcome: 'DENIED', entityType: user ? 'User' : null, entityId: user?.id ?? null,
    subject: { userId: user?.id ?? null, username: username.slice(0, 64) }, detail: { reason },
  });
  if (!user) {
    dummyHash ??= hashPassword('not-a-real-password-0');
    await verifyPassword(await dummyHash, password);
    await failed('WRONG_CREDENTIALS');
    throw wrongCredentials();
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    await failed('ACCOUNT_LOCKED');
    throw accountLocked(user.lockedUntil);
  }
  if (!user.active) {
    await failed('ACCOUNT_DISABLED');
    throw new AppError(ErrorCode.UNAUTHENTICATED, 'This account is disabled', { reason: 'ACCOUNT_DISABLED' });
  }

  if (!(await verifyPassword(user.passwordHash, password))) {
    const lockedUntil = await recordFailure(ctx, user.id, now);
    await failed(lockedUntil ? 'WRONG_PASSWORD_LOCKED' : 'WRONG_PASSWORD');
    throw lockedUntil ? accountLocked(lockedUntil) : wrongCredentials();
  }

  const token = newSecret(SESSION_PREFIX);
  const expiresAt = new Date(now.getTime() + ctx.config.sessionHours * 3_600_000);
  await ctx.ds.transaction(async (tx) => {
    // A failure recorded while the password was being verified may have locked the account.
    const current = await lockedUser(tx, user.id);
    if (current.lockedUntil && current.lockedUntil > now) throw accountLocked(current.lockedUntil);
    await tx.update(UserEntity, user.id, { failedLogins: 0, lockedUntil: null, lastLoginAt: now });
    await tx.insert(SessionEntity, { tokenHash: tokenHash(token), userId: user.id, expiresAt, lastSeenAt: now, ip: ctx.ip, userAgent: ctx.userAgent?.slice(0, 255) ?? null });
    await recordInTx(ctx, tx, { action: 'LOGIN', entityType: 'User', entityId: user.id, subject: { userId: user.id, username: user.username } });
  });
  return { token, expiresAt, mustChangePassword: user.mustChangePassword, user };
}

export async function logout(ctx: Context, actor: Actor): Promise<boolean> {
  if (!actor.sessionId) return false;
  await ctx.ds.transaction(async (tx) => {
    await tx.update(SessionEntity, actor.sessionId!, { revokedAt: ctx.clock.now() });
    await recordInTx(ctx, tx, { action: 'LOGOUT', entityType: 'User', entityId: actor.userId });
  });
  return true;
}

/** A password change ends the account's other sessions (the one in use stays signed in). */
export async function changePassword(ctx: Context, actor: Actor, currentPassword: string, newPassword: string): Promise<boolean> {
  assertCanChangePassword(actor);
  const users = ctx.ds.getRepository(UserEntity);
  const user = await users.createQueryBuilder('u').addSelect('u.passwordHash').where('u.id = :id', { id: actor.userId }).getOneOrFail();
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, 'The current password is wrong', { field: 'currentPassword' });
  }
  const problem = passwordProblem(newPassword);
  if (problem) throw badInput('newPassword', `The new password ${problem}`);
  if (newPassword === currentPassword) throw badInput('newPassword', 'The new password must differ from the current one');
  const passwordHash = await hashPassword(newPassword);
  await ctx.ds.transaction(async (tx) => {
    await tx.update(UserEntity, user.id, { passwordHash, mustChangePassword: false });
    await endCredentials(tx, user.id, ctx.clock.now(), { tokens: false, by: actor.userId, keepSession: actor.sessionId });
    await recordInTx(ctx, tx, { action: 'ADMIN', entityType: 'User', entityId: user.id, detail: { change: 'password' } });
  });
  return true;
}
