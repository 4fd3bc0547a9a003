import { EntityManager } from 'typeorm';
import { ErrorCode, RoleName } from '@custodian/schema';
import { Actor } from '../../auth/actor';
import { openHalf, passwordHalf, sealHalf } from '../../auth/credential-halves';
import {
  accountChangesVisibleTo, assertCanDecideAccountChange, assertCanDecideAccountChanges, assertRoleScopeChangeable,
} from '../../auth/duties';
import { hashPassword } from '../../auth/passwords';
import { recordAdmin } from '../../audit/recorder';
import { ChangeStatus } from '../../common/enums';
import { Context } from '../../context';
import { DecideChangeInput } from '../../common/inputs';
import { AppError, badInput, notFound } from '../../errors';
import { RoleEntity } from '../user/role.entity';
import { endCredentials, rolesOf, setRoles } from '../user/user.accounts';
import { UserEntity } from '../user/user.entity';
import { AccountChangeEntity, AccountChangeKind, AccountChangePayload } from './account-change.entity';
import { AccountChange, AccountChangeWhere } from './account-change.types';

/**
 * Dual control of account changes (docs/access.md): the administrator files, the security officer
 * approves or rejects; nothing applies before the approval. Credentials are split: half A goes to
 * the filer, half B to the approver.
 */

export interface FileSpec {
  kind: AccountChangeKind;
  targetUserId?: string;
  targetRole?: RoleName;
  payload: AccountChangePayload;
}

/** Stored until an approval sets a real password: no password verifies against it. */
export const NO_PASSWORD = '!awaiting-approval';

const conflict = (message: string) => new AppError(ErrorCode.CONFLICT, message);
const isId = (id: string) => /^\d{1,19}$/.test(id);

export function toView(c: AccountChangeEntity): AccountChange {
  return {
    id: c.id, kind: c.kind, status: c.status, targetUserId: c.targetUserId, roleName: c.targetRole,
    rolesBefore: c.payload.rolesBefore ?? (c.kind === AccountChangeKind.CREATE_USER ? [] : null), rolesAfter: c.payload.roles ?? null,
    scopeBefore: c.payload.scopeBefore ?? null, scopeAfter: c.payload.scope ?? null, voidsPassword: Boolean(c.payload.voidsPassword),
    requestedById: c.requestedBy, requestedAt: c.requestedAt, decidedById: c.decidedBy, decidedAt: c.decidedAt, comment: c.comment,
  };
}

/** The entity an account change is about, for its audit events: the user, or the role (by id). */
async function subjectOf(tx: EntityManager, c: { targetUserId?: string | null; targetRole?: RoleName | null }): Promise<['User' | 'Role', string]> {
  if (c.targetUserId) return ['User', c.targetUserId];
  const role = await tx.getRepository(RoleEntity).findOneBy({ name: c.targetRole ?? undefined });
  return ['Role', role?.id ?? String(c.targetRole)];
}

/** Whether an account was created under dual control and still waits for its approval. */
export async function awaitsCreation(tx: EntityManager, userId: string): Promise<boolean> {
  return tx.getRepository(AccountChangeEntity).existsBy({ targetUserId: userId, kind: AccountChangeKind.CREATE_USER, status: ChangeStatus.PENDING });
}

/**
 * Files a change in the caller's transaction (one pending change per kind and target) with its
 * ADMIN event. For a credential change, returns half A: the filer's half of the new password.
 */
export async function fileAccountChange(ctx: Context, tx: EntityManager, actor: Actor, spec: FileSpec): Promise<{ change: AccountChange; half: string | null }> {
  const repo = tx.getRepository(AccountChangeEntity);
  const target = spec.targetUserId ? { targetUserId: spec.targetUserId } : { targetRole: spec.targetRole };
  if (await repo.existsBy({ ...target, kind: spec.kind, status: ChangeStatus.PENDING })) {
    throw conflict(`A ${spec.kind} change for this ${spec.targetUserId ? 'account' : 'role'} already waits for the security officer`);
  }
  const credential = spec.kind === AccountChangeKind.CREATE_USER || spec.kind === AccountChangeKind.RESET_PASSWORD;
  const half = credential ? passwordHalf() : null;
  const { identifiers } = await repo.insert({
    kind: spec.kind, targetUserId: spec.targetUserId ?? null, targetRole: spec.targetRole ?? null, payload: spec.payload,
    secret: half ? sealHalf(ctx.config.auditKey, half) : null, status: ChangeStatus.PENDING, requestedBy: actor.userId,
    requestedAt: ctx.clock.now(),
  });
  const id = String(identifiers[0].id);
  await recordAdmin(ctx, tx, 'fileAccountChange', ...(await subjectOf(tx, spec)), null, null, { accountChange: id, kind: spec.kind, ...spec.payload });
  return { change: toView(await repo.findOneByOrFail({ id })), half };
}

export async function listAccountChanges(ctx: Context, actor: Actor, where: AccountChangeWhere = {}): Promise<AccountChange[]> {
  const visible = accountChangesVisibleTo(actor);
  const qb = ctx.ds.getRepository(AccountChangeEntity).createQueryBuilder('c').orderBy('c.id', 'DESC').limit(200);
  if (visible === 'FILED') qb.andWhere('c.requested_by = :me', { me: actor.userId });
  if (where.statusIn?.length) qb.andWhere('c.status IN (:...statuses)', { statuses: where.statusIn });
  if (where.kind) qb.andWhere('c.kind = :kind', { kind: where.kind });
  if (where.targetUserId) qb.andWhere('c.target_user_id = :target', { target: isId(where.targetUserId) ? where.targetUserId : '0' });
  return (await qb.getMany()).map(toView);
}

async function lockedPending(tx: EntityManager, id: string): Promise<AccountChangeEntity> {
  const c = isId(id) ? await tx.getRepository(AccountChangeEntity).createQueryBuilder('c').addSelect('c.secret')
    .where('c.id = :id', { id }).setLock('pessimistic_write').getOne() : null;
  if (!c) throw notFound('Account change', id);
  if (c.status !== ChangeStatus.PENDING) throw conflict(`This change is already ${c.status.toLowerCase()}`);
  return c;
}

/** A new password from half A (sealed at filing) and a fresh half B; the account must change it at first sign-in. */
async function setSplitPassword(ctx: Context, tx: EntityManager, c: AccountChangeEntity, userId: string): Promise<string> {
  const halfA = c.secret ? openHalf(ctx.config.auditKey, c.secret) : null;
  if (!halfA) throw conflict('The filed half of the password cannot be opened (the server key changed): reject this change and file it again');
  const halfB = passwordHalf();
  await tx.update(UserEntity, userId, {
    passwordHash: await hashPassword(halfA + halfB), mustChangePassword: true, failedLogins: 0, lockedUntil: null,
  });
  return halfB;
}

/** Applies an approved change; returns half B for credential changes. */
async function apply(ctx: Context, tx: EntityManager, actor: Actor, c: AccountChangeEntity): Promise<string | null> {
  const now = ctx.clock.now();
  if (c.kind === AccountChangeKind.SET_ROLE_SCOPE) {
    const role = await tx.getRepository(RoleEntity).findOneBy({ name: c.targetRole ?? undefined });
    if (!role || !c.payload.scope) throw notFound('Role', c.targetRole ?? '');
    assertRoleScopeChangeable(role.name, role.scope, c.payload.scope);
    await tx.update(RoleEntity, role.id, { scope: c.payload.scope });
    await recordAdmin(ctx, tx, 'approveAccountChange', 'Role', role.id, { scope: role.scope }, { scope: c.payload.scope },
      { accountChange: c.id, kind: c.kind, role: role.name });
    return null;
  }
  const userId = c.targetUserId ?? '';
  const before = await tx.getRepository(UserEntity).findOneBy({ id: userId });
  if (!before) throw notFound('User', userId);
  const rolesBefore = await rolesOf(tx, userId);
  let half: string | null = null;
  if (c.kind === AccountChangeKind.CREATE_USER || c.kind === AccountChangeKind.SET_ROLES) await setRoles(tx, userId, c.payload.roles ?? []);
  if (c.payload.voidsPassword) {
    await tx.update(UserEntity, userId, { passwordHash: NO_PASSWORD, mustChangePassword: true });
    await endCredentials(tx, userId, now, { tokens: true, by: actor.userId });
  }
  if (c.kind === AccountChangeKind.CREATE_USER) {
    half = await setSplitPassword(ctx, tx, c, userId);
    await tx.update(UserEntity, userId, { active: true });
  }
  if (c.kind === AccountChangeKind.RESET_PASSWORD) {
    half = await setSplitPassword(ctx, tx, c, userId);
    await endCredentials(tx, userId, now, { tokens: true, by: actor.userId });
  }
  const after = await tx.getRepository(UserEntity).findOneByOrFail({ id: userId });
  await recordAdmin(ctx, tx, 'approveAccountChange', 'User', userId, { ...before, roles: rolesBefore },
    { ...after, roles: await rolesOf(tx, userId) }, { accountChange: c.id, kind: c.kind, requestedBy: c.requestedBy });
  return half;
}

async function decide(ctx: Context, actor: Actor, input: DecideChangeInput, approve: boolean) {
  assertCanDecideAccountChanges(actor);
  const comment = input.comment?.trim() || null;
  if (!approve && !comment) throw badInput('comment', 'Say why the change is rejected');
  return ctx.ds.transaction(async (tx) => {
    const c = await lockedPending(tx, input.id);
    assertCanDecideAccountChange(actor, { requestedBy: c.requestedBy, targetUserId: c.targetUserId });
    let half: string | null = null;
    if (approve) half = await apply(ctx, tx, actor, c);
    else {
      await recordAdmin(ctx, tx, 'rejectAccountChange', ...(await subjectOf(tx, c)), null, null,
        { accountChange: c.id, kind: c.kind, requestedBy: c.requestedBy, comment });
    }
    await tx.update(AccountChangeEntity, c.id, {
      status: approve ? ChangeStatus.APPROVED : ChangeStatus.REJECTED, decidedBy: actor.userId, decidedAt: ctx.clock.now(), comment, secret: null,
    });
    return { change: toView(await tx.getRepository(AccountChangeEntity).findOneByOrFail({ id: c.id })), passwordHalf: half };
  });
}

export const approveAccountChange = (ctx: Context, actor: Actor, input: DecideChangeInput) => decide(ctx, actor, input, true);
export const rejectAccountChange = async (ctx: Context, actor: Actor, input: DecideChangeInput) => (await decide(ctx, actor, input, false)).change;
