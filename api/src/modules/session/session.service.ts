import { ErrorCode } from '@custodian/schema';
import { Context } from '../../context';
import { AppError, badInput } from '../../errors';
import { hashPassword, passwordProblem, verifyPassword } from '../../auth/passwords';
import { newSecret, SESSION_PREFIX, tokenHash } from '../../auth/tokens';
import { Actor } from '../../auth/actor';
import { UserEntity } from '../user/user.entity';
import { SessionEntity } from './session.entity';

/** Verifying against a throwaway hash keeps unknown usernames as slow as wrong passwords. */
let dummyHash: Promise<string> | null = null;

const wrongCredentials = (): AppError =>
  new AppError(ErrorCode.UNAUTHENTICATED, 'Wrong username or password', { reason: 'WRONG_CREDENTIALS' });

export async function login(ctx: Context, username: string, password: string) {
  const users = ctx.ds.getRepository(UserEntity);
  const user = await users.createQueryBuilder('u').addSelect('u.passwordHash').where('u.username = :username', { username }).getOne();
  const now = ctx.clock.now();
  if (!user) {
    dummyHash ??= hashPassword('not-a-real-password-0');
    await verifyPassword(await dummyHash, password);
    throw wrongCredentials();
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    throw new AppError(ErrorCode.UNAUTHENTICATED, `This account is locked after repeated failed sign-ins until ${user.lockedUntil.toISOString()}`,
      { reason: 'ACCOUNT_LOCKED', lockedUntil: user.lockedUntil.toISOString() });
  }
  if (!user.active) throw new AppError(ErrorCode.UNAUTHENTICATED, 'This account is disabled', { reason: 'ACCOUNT_DISABLED' });

  if (!(await verifyPassword(user.passwordHash, password))) {
    const failures = user.failedLogins + 1;
    const lock = failures >= ctx.config.maxFailedLogins;
    const lockedUntil = lock ? new Date(now.getTime() + ctx.config.lockMinutes * 60_000) : null;
    await users.update(user.id, { failedLogins: lock ? 0 : failures, lockedUntil });
    if (lock) {
      throw new AppError(ErrorCode.UNAUTHENTICATED, `Too many failed sign-ins: the account is locked for ${ctx.config.lockMinutes} minutes`,
        { reason: 'ACCOUNT_LOCKED', lockedUntil: lockedUntil!.toISOString() });
    }
    throw wrongCredentials();
  }

  const token = newSecret(SESSION_PREFIX);
  const expiresAt = new Date(now.getTime() + ctx.config.sessionHours * 3_600_000);
  await ctx.ds.transaction(async (tx) => {
    await tx.update(UserEntity, user.id, { failedLogins: 0, lockedUntil: null, lastLoginAt: now });
    await tx.insert(SessionEntity, { tokenHash: tokenHash(token), userId: user.id, expiresAt, lastSeenAt: now, ip: ctx.ip, userAgent: ctx.userAgent?.slice(0, 255) ?? null });
  });
  return { token, expiresAt, mustChangePassword: user.mustChangePassword, user };
}

export async function logout(ctx: Context, actor: Actor): Promise<boolean> {
  if (!actor.sessionId) return false;
  await ctx.ds.getRepository(SessionEntity).update(actor.sessionId, { revokedAt: ctx.clock.now() });
  return true;
}

export async function changePassword(ctx: Context, actor: Actor, currentPassword: string, newPassword: string): Promise<boolean> {
  const users = ctx.ds.getRepository(UserEntity);
  const user = await users.createQueryBuilder('u').addSelect('u.passwordHash').where('u.id = :id', { id: actor.userId }).getOneOrFail();
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, 'The current password is wrong', { field: 'currentPassword' });
  }
  const problem = passwordProblem(newPassword);
  if (problem) throw badInput('newPassword', `The new password ${problem}`);
  if (newPassword === currentPassword) throw badInput('newPassword', 'The new password must differ from the current one');
  await users.update(user.id, { passwordHash: await hashPassword(newPassword), mustChangePassword: false });
  return true;
}
