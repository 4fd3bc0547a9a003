import { ErrorCode } from '@custodian/schema';
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
import { countAttempt, oneAtATime, settleFailure, settleSuccess } from './login-attempts';

/** Verifying against a throwaway hash keeps unknown usernames as slow as wrong passwords. */
let dummyHash: Promise<string> | null = null;

const wrongCredentials = (): AppError =>
  new AppError(ErrorCode.UNAUTHENTICATED, 'Wrong username or password', { reason: 'WRONG_CREDENTIALS' });

const accountLocked = (until: Date): AppError =>
  new AppError(ErrorCode.UNAUTHENTICATED, `This account is locked after repeated failed sign-ins until ${until.toISOString()}`,
    { reason: 'ACCOUNT_LOCKED', lockedUntil: until.toISOString() });

/**
 * Wrong credentials get one answer, whether the user exists, is locked or disabled, and take the
 * same path (a password hash is always verified). Only the right password learns that its account
 * is locked or disabled. Attempts are counted before the password is checked (login-attempts.ts).
 */
export function login(ctx: Context, username: string, password: string) {
  return oneAtATime(username, () => attemptLogin(ctx, username, password));
}

async function attemptLogin(ctx: Context, username: string, password: string) {
  const users = ctx.ds.getRepository(UserEntity);
  const user = await users.createQueryBuilder('u').addSelect('u.passwordHash').where('u.username = :username', { username }).getOne();
  const now = ctx.clock.now();
  const failed = (reason: string, extra: Record<string, unknown> = {}) => recordNow(ctx, {
    action: 'LOGIN_FAILED', outcome: 'DENIED', entityType: user ? 'User' : null, entityId: user?.id ?? null,
    subject: { userId: user?.id ?? null, username: username.slice(0, 64) }, detail: { reason, ...extra },
  });
  if (!user) {
    dummyHash ??= hashPassword('not-a-real-password-0');
    await verifyPassword(await dummyHash, password);
    await failed('WRONG_CREDENTIALS');
    throw wrongCredentials();
  }
  const counted = await countAttempt(ctx, user.id, now);
  const right = await verifyPassword(user.passwordHash, password);
  if (counted.kind === 'LOCKED') {
    await failed('ACCOUNT_LOCKED', { password: right ? 'RIGHT' : 'WRONG' });
    throw right ? accountLocked(counted.until) : wrongCredentials();
  }
  if (counted.kind === 'BUSY') {
    // Not counted, so its password must decide nothing: checking it would test one more.
    await failed('TOO_MANY_IN_FLIGHT');
    throw wrongCredentials();
  }
  if (!right) {
    const lockedNow = await settleFailure(ctx, user.id, now);
    await failed(lockedNow ? 'WRONG_PASSWORD_LOCKED' : 'WRONG_PASSWORD');
    throw wrongCredentials();
  }
  if (!user.active) {
    await failed('ACCOUNT_DISABLED');
    throw new AppError(ErrorCode.UNAUTHENTICATED, 'This account is disabled', { reason: 'ACCOUNT_DISABLED' });
  }

  const token = newSecret(SESSION_PREFIX);
  const expiresAt = new Date(now.getTime() + ctx.config.sessionHours * 3_600_000);
  await ctx.ds.transaction(async (tx) => {
    const lockedUntil = await settleSuccess(tx, user.id, now);
    if (lockedUntil) throw accountLocked(lockedUntil);
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
