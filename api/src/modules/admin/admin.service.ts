import { randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { ErrorCode, isLevel, Level, Permission, RoleName } from '@custodian/schema';
import { Actor } from '../../auth/actor';
import {
  assertMayHeadDepartment, assertNotOwnAccount, assertRoleScopeChangeable, isSensitiveRoleChange, isSensitiveScopeChange,
  opensSensitiveAccess,
} from '../../auth/duties';
import { hashPassword } from '../../auth/passwords';
import { assertAnyPermission, assertPermission } from '../../auth/policy';
import { Context } from '../../context';
import { AppError, badInput, notFound } from '../../errors';
import { definedOnly, updateVersioned } from '../../common/records';
import { translateDbError } from '../../db/sql-errors';
import { recordAdmin } from '../../audit/recorder';
import { AccountChangeKind } from '../account-change/account-change.entity';
import { awaitsCreation, fileAccountChange, NO_PASSWORD } from '../account-change/account-change.service';
import { DepartmentEntity } from '../user/department.entity';
import { RoleEntity } from '../user/role.entity';
import { accountFacts, assertAssignableRoles, endCredentials, rolesOf, setRoles } from '../user/user.accounts';
import { UserEntity } from '../user/user.entity';
import { CreateDepartmentInput, CreateUserInput, UpdateDepartmentInput, UpdateRoleInput, UpdateUserInput, UserCredentialsPayload } from './admin.inputs';

/**
 * System administration: accounts, departments, roles. What would open sensitive access is filed
 * for the security officer instead of applied (docs/access.md, "Separation of duties and administration").
 */

/** A random initial password meeting the password rule; the user must change it at first sign-in. */
function initialPassword(): string {
  return `${randomBytes(9).toString('base64url')}-${Math.floor(10 + Math.random() * 89)}`;
}

const sameRoles = (a: readonly RoleName[], b: readonly RoleName[]): boolean =>
  JSON.stringify([...new Set(a)].sort()) === JSON.stringify([...new Set(b)].sort());

const awaitingCreation = () => new AppError(ErrorCode.CONFLICT, 'This account waits for the security officer to approve its creation');

async function assertDepartment(tx: EntityManager, id: string | undefined, field: string): Promise<void> {
  if (id && !(await tx.getRepository(DepartmentEntity).existsBy({ id }))) throw badInput(field, `Department ${id} does not exist`);
}

export function listUsers(ctx: Context, actor: Actor): Promise<UserEntity[]> {
  assertAnyPermission(actor, [Permission.USER_ADMIN, Permission.SECURITY_ADMIN]);
  return ctx.ds.getRepository(UserEntity).find({ order: { username: 'ASC' } });
}

/** A new account: at once when it opens nothing sensitive; otherwise inactive, without roles, until the security officer approves. */
export async function createUser(ctx: Context, actor: Actor, input: CreateUserInput): Promise<UserCredentialsPayload> {
  assertPermission(actor, Permission.USER_ADMIN);
  const password = initialPassword();
  const hash = await hashPassword(password);
  return ctx.ds.transaction(async (tx) => {
    await assertDepartment(tx, input.departmentId, 'departmentId');
    const { roles, ...fields } = input;
    await assertAssignableRoles(tx, null, roles);
    const id = await tx.getRepository(UserEntity)
      .insert({ ...definedOnly(fields), passwordHash: NO_PASSWORD, mustChangePassword: true, active: false } as Partial<UserEntity>)
      .then((r) => String(r.identifiers[0].id), (err) => translateDbError(err, `User ${input.username}`));
    const fresh = await tx.getRepository(UserEntity).findOneByOrFail({ id });
    const clearance = isLevel(fresh.clearance) ? fresh.clearance : Level.CLASSIFIED;
    const sensitive = opensSensitiveAccess({ roles, clearance, custodian: false, managesSensitiveArchive: false });
    if (!sensitive) {
      await tx.update(UserEntity, id, { passwordHash: hash, active: true });
      await setRoles(tx, id, roles);
    }
    const created = await tx.getRepository(UserEntity).findOneByOrFail({ id });
    await recordAdmin(ctx, tx, 'createUser', 'User', id, null, created, { roles: sensitive ? [] : roles });
    if (!sensitive) return { user: created, initialPassword: password, passwordHalf: null, accountChange: null };
    const filed = await fileAccountChange(ctx, tx, actor, { kind: AccountChangeKind.CREATE_USER, targetUserId: id, payload: { roles } });
    return { user: created, initialPassword: null, passwordHalf: filed.half, accountChange: filed.change };
  });
}

/** Names, contacts, department and the active flag apply at once; a sensitive role change is filed. */
export async function updateUser(ctx: Context, actor: Actor, input: UpdateUserInput): Promise<UserEntity> {
  assertPermission(actor, Permission.USER_ADMIN);
  const { roles, id, version, ...fields } = input;
  if (roles !== undefined) assertNotOwnAccount(actor, id, 'roles');
  if (fields.active !== undefined) assertNotOwnAccount(actor, id, 'active flag');
  if (fields.departmentId !== undefined) assertNotOwnAccount(actor, id, 'department');
  return ctx.ds.transaction(async (tx) => {
    await assertDepartment(tx, input.departmentId, 'departmentId');
    const before = await tx.getRepository(UserEntity).findOneBy({ id });
    if (!before) throw notFound('User', id);
    const rolesBefore = await rolesOf(tx, id);
    const changeRoles = roles !== undefined && !sameRoles(roles, rolesBefore);
    if (roles && changeRoles) await assertAssignableRoles(tx, id, roles);
    if ((roles || fields.active !== undefined) && (await awaitsCreation(tx, id))) throw awaitingCreation();
    const facts = changeRoles ? await accountFacts(tx, id) : null;
    const file = roles !== undefined && facts !== null && isSensitiveRoleChange(facts, roles);
    await updateVersioned(tx, UserEntity, 'User', id, version, definedOnly(fields));
    if (roles && changeRoles && !file) await setRoles(tx, id, roles);
    if (fields.active === false) await endCredentials(tx, id, ctx.clock.now(), { tokens: true, by: actor.userId });
    const after = await tx.getRepository(UserEntity).findOneByOrFail({ id });
    await recordAdmin(ctx, tx, 'updateUser', 'User', id, before, after, roles && !file ? { roles } : {});
    if (roles && file) {
      // A plain account's password may be known to the administrator: it does not survive becoming sensitive.
      const voidsPassword = !opensSensitiveAccess(facts!);
      await fileAccountChange(ctx, tx, actor, { kind: AccountChangeKind.SET_ROLES, targetUserId: id, payload: { roles, rolesBefore, voidsPassword } });
    }
    return after;
  });
}

export async function unlockUser(ctx: Context, actor: Actor, id: string): Promise<UserEntity> {
  assertPermission(actor, Permission.USER_ADMIN);
  assertNotOwnAccount(actor, id, 'lock');
  const users = ctx.ds.getRepository(UserEntity);
  if (!(await users.existsBy({ id }))) throw notFound('User', id);
  await ctx.ds.transaction(async (tx) => {
    await tx.update(UserEntity, id, { failedLogins: 0, lockedUntil: null });
    await recordAdmin(ctx, tx, 'unlockUser', 'User', id);
  });
  return users.findOneByOrFail({ id });
}

/**
 * A new initial password. For an account that opens sensitive access the reset is filed: the
 * account stays as it is until the security officer approves, and the password is split in halves.
 * Applied, it ends the account's sessions and API tokens.
 */
export async function resetPassword(ctx: Context, actor: Actor, id: string): Promise<UserCredentialsPayload> {
  assertPermission(actor, Permission.USER_ADMIN);
  assertNotOwnAccount(actor, id, 'password by a reset (use changePassword)');
  const password = initialPassword();
  const hash = await hashPassword(password);
  return ctx.ds.transaction(async (tx) => {
    const users = tx.getRepository(UserEntity);
    const user = await users.findOneBy({ id });
    if (!user) throw notFound('User', id);
    if (await awaitsCreation(tx, id)) throw awaitingCreation();
    if (opensSensitiveAccess(await accountFacts(tx, id))) {
      const filed = await fileAccountChange(ctx, tx, actor, { kind: AccountChangeKind.RESET_PASSWORD, targetUserId: id, payload: {} });
      return { user, initialPassword: null, passwordHalf: filed.half, accountChange: filed.change };
    }
    await users.update(id, { passwordHash: hash, mustChangePassword: true, failedLogins: 0, lockedUntil: null });
    await endCredentials(tx, id, ctx.clock.now(), { tokens: true, by: actor.userId });
    await recordAdmin(ctx, tx, 'resetPassword', 'User', id);
    return { user: await users.findOneByOrFail({ id }), initialPassword: password, passwordHalf: null, accountChange: null };
  });
}

export function listDepartments(ctx: Context): Promise<DepartmentEntity[]> {
  return ctx.ds.getRepository(DepartmentEntity).find({ order: { path: 'ASC' } });
}

export async function createDepartment(ctx: Context, actor: Actor, input: CreateDepartmentInput): Promise<DepartmentEntity> {
  assertPermission(actor, Permission.USER_ADMIN);
  return ctx.ds.transaction(async (tx) => {
    const parent = await tx.getRepository(DepartmentEntity).findOneBy({ id: input.parentId });
    if (!parent) throw badInput('parentId', `Department ${input.parentId} does not exist`);
    const id = await tx.getRepository(DepartmentEntity).insert({ code: input.code, name: input.name, parentId: parent.id, path: 'pending' })
      .then((r) => String(r.identifiers[0].id), (err) => translateDbError(err, `Department ${input.code}`));
    await tx.update(DepartmentEntity, id, { path: `${parent.path}${id}/` });
    const created = await tx.getRepository(DepartmentEntity).findOneByOrFail({ id });
    await recordAdmin(ctx, tx, 'createDepartment', 'Department', id, null, created);
    return created;
  });
}

/** A head is an active account without a duty role: heads decide access requests. */
export async function updateDepartment(ctx: Context, actor: Actor, input: UpdateDepartmentInput): Promise<DepartmentEntity> {
  assertPermission(actor, Permission.USER_ADMIN);
  return ctx.ds.transaction(async (tx) => {
    if (input.headUserId) {
      const head = await tx.getRepository(UserEntity).findOneBy({ id: input.headUserId });
      if (!head) throw badInput('headUserId', 'No such user');
      assertMayHeadDepartment({ active: head.active, roles: await rolesOf(tx, head.id) });
    }
    const before = await tx.getRepository(DepartmentEntity).findOneBy({ id: input.id });
    await updateVersioned(tx, DepartmentEntity, 'Department', input.id, input.version, definedOnly(input, ['id', 'version']));
    const after = await tx.getRepository(DepartmentEntity).findOneByOrFail({ id: input.id });
    await recordAdmin(ctx, tx, 'updateDepartment', 'Department', input.id, before, after);
    return after;
  });
}

export function listRoles(ctx: Context): Promise<RoleEntity[]> {
  return ctx.ds.getRepository(RoleEntity).find({ order: { id: 'ASC' } });
}

/** Clearance and custody of everyone holding a role (what a wider scope would open to them). */
async function holdersOf(tx: EntityManager, roleId: string): Promise<Array<{ clearance: Level; custodian: boolean }>> {
  const rows: Array<{ clearance: string; custodian: string | number }> = await tx.query(
    `SELECT u.clearance, EXISTS (SELECT 1 FROM customer c WHERE c.custodian_id = u.id AND c.deleted_at IS NULL) AS custodian
       FROM user_role ur JOIN app_user u ON u.id = ur.user_id WHERE ur.role_id = ?`, [roleId]);
  return rows.map((r) => ({ clearance: isLevel(r.clearance) ? r.clearance : Level.CLASSIFIED, custodian: Boolean(Number(r.custodian)) }));
}

/** Labels apply at once; a scope that widens what cleared holders read is filed for the security officer. */
export async function updateRole(ctx: Context, actor: Actor, input: UpdateRoleInput): Promise<RoleEntity> {
  assertPermission(actor, Permission.USER_ADMIN);
  const roles = ctx.ds.getRepository(RoleEntity);
  const role = await roles.findOneBy({ name: input.name });
  if (!role) throw notFound('Role', input.name);
  await ctx.ds.transaction(async (tx) => {
    const scope = input.scope ?? role.scope;
    assertRoleScopeChangeable(role.name, role.scope, scope);
    const file = scope !== role.scope && isSensitiveScopeChange(role.scope, scope, await holdersOf(tx, role.id));
    const patch = definedOnly(input, file || !input.scope ? ['name', 'scope'] : ['name']);
    if (Object.keys(patch).length) await tx.update(RoleEntity, role.id, patch);
    await recordAdmin(ctx, tx, 'updateRole', 'Role', role.id, role, await tx.getRepository(RoleEntity).findOneByOrFail({ id: role.id }));
    if (file) {
      const payload = { scope, scopeBefore: role.scope };
      await fileAccountChange(ctx, tx, actor, { kind: AccountChangeKind.SET_ROLE_SCOPE, targetRole: role.name, payload });
    }
  });
  return roles.findOneByOrFail({ id: role.id });
}
