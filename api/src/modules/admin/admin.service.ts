import { randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Permission, RoleName } from '@custodian/schema';
import { Actor } from '../../auth/actor';
import { hashPassword } from '../../auth/passwords';
import { assertAnyPermission, assertPermission, assertSeparationOfDuties } from '../../auth/policy';
import { Context } from '../../context';
import { badInput, notFound } from '../../errors';
import { definedOnly, updateVersioned } from '../../common/records';
import { translateDbError } from '../../db/sql-errors';
import { recordAdmin } from '../../audit/recorder';
import { SessionEntity } from '../session/session.entity';
import { DepartmentEntity } from '../user/department.entity';
import { RoleEntity } from '../user/role.entity';
import { UserEntity } from '../user/user.entity';
import { CreateDepartmentInput, CreateUserInput, UpdateDepartmentInput, UpdateRoleInput, UpdateUserInput } from './admin.inputs';

/** A random initial password meeting the password rule; the user must change it at first sign-in. */
function initialPassword(): string {
  return `${randomBytes(9).toString('base64url')}-${Math.floor(10 + Math.random() * 89)}`;
}

async function setRoles(tx: EntityManager, userId: string, roles: RoleName[]): Promise<void> {
  assertSeparationOfDuties(roles);
  const found = await tx.getRepository(RoleEntity).createQueryBuilder('r').where('r.name IN (:...roles)', { roles: roles.length ? roles : [''] }).getMany();
  if (found.length !== new Set(roles).size) throw badInput('roles', 'Unknown role');
  await tx.query('DELETE FROM user_role WHERE user_id = ?', [userId]);
  for (const r of found) await tx.query('INSERT INTO user_role (user_id, role_id) VALUES (?, ?)', [userId, r.id]);
}

async function assertDepartment(tx: EntityManager, id: string | undefined, field: string): Promise<void> {
  if (id && !(await tx.getRepository(DepartmentEntity).existsBy({ id }))) throw badInput(field, `Department ${id} does not exist`);
}

export function listUsers(ctx: Context, actor: Actor): Promise<UserEntity[]> {
  assertAnyPermission(actor, [Permission.USER_ADMIN, Permission.SECURITY_ADMIN]);
  return ctx.ds.getRepository(UserEntity).find({ order: { username: 'ASC' } });
}

export async function createUser(ctx: Context, actor: Actor, input: CreateUserInput) {
  assertPermission(actor, Permission.USER_ADMIN);
  const password = initialPassword();
  const hash = await hashPassword(password);
  const user = await ctx.ds.transaction(async (tx) => {
    await assertDepartment(tx, input.departmentId, 'departmentId');
    const { roles, ...fields } = input;
    const id = await tx.getRepository(UserEntity).insert({ ...definedOnly(fields), passwordHash: hash, mustChangePassword: true } as Partial<UserEntity>)
      .then((r) => String(r.identifiers[0].id), (err) => translateDbError(err, `User ${input.username}`));
    await setRoles(tx, id, roles);
    const created = await tx.getRepository(UserEntity).findOneByOrFail({ id });
    await recordAdmin(ctx, tx, 'createUser', 'User', id, null, created, { roles });
    return created;
  });
  return { user, initialPassword: password };
}

export async function updateUser(ctx: Context, actor: Actor, input: UpdateUserInput): Promise<UserEntity> {
  assertPermission(actor, Permission.USER_ADMIN);
  return ctx.ds.transaction(async (tx) => {
    await assertDepartment(tx, input.departmentId, 'departmentId');
    const { roles, id, version, ...fields } = input;
    const before = await tx.getRepository(UserEntity).findOneBy({ id });
    if (!before) throw notFound('User', id);
    await updateVersioned(tx, UserEntity, 'User', id, version, definedOnly(fields));
    if (roles) await setRoles(tx, id, roles);
    if (input.active === false) await tx.update(SessionEntity, { userId: id }, { revokedAt: ctx.clock.now() });
    const after = await tx.getRepository(UserEntity).findOneByOrFail({ id });
    await recordAdmin(ctx, tx, 'updateUser', 'User', id, before, after, roles ? { roles } : {});
    return after;
  });
}

export async function unlockUser(ctx: Context, actor: Actor, id: string): Promise<UserEntity> {
  assertPermission(actor, Permission.USER_ADMIN);
  const users = ctx.ds.getRepository(UserEntity);
  if (!(await users.existsBy({ id }))) throw notFound('User', id);
  await ctx.ds.transaction(async (tx) => {
    await tx.update(UserEntity, id, { failedLogins: 0, lockedUntil: null });
    await recordAdmin(ctx, tx, 'unlockUser', 'User', id);
  });
  return users.findOneByOrFail({ id });
}

export async function resetPassword(ctx: Context, actor: Actor, id: string) {
  assertPermission(actor, Permission.USER_ADMIN);
  const password = initialPassword();
  const hash = await hashPassword(password);
  const user = await ctx.ds.transaction(async (tx) => {
    const users = tx.getRepository(UserEntity);
    if (!(await users.existsBy({ id }))) throw notFound('User', id);
    await users.update(id, { passwordHash: hash, mustChangePassword: true, failedLogins: 0, lockedUntil: null });
    await tx.update(SessionEntity, { userId: id }, { revokedAt: ctx.clock.now() });
    await recordAdmin(ctx, tx, 'resetPassword', 'User', id);
    return users.findOneByOrFail({ id });
  });
  return { user, initialPassword: password };
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

export async function updateDepartment(ctx: Context, actor: Actor, input: UpdateDepartmentInput): Promise<DepartmentEntity> {
  assertPermission(actor, Permission.USER_ADMIN);
  return ctx.ds.transaction(async (tx) => {
    if (input.headUserId && !(await tx.getRepository(UserEntity).existsBy({ id: input.headUserId }))) throw badInput('headUserId', 'No such user');
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

export async function updateRole(ctx: Context, actor: Actor, input: UpdateRoleInput): Promise<RoleEntity> {
  assertPermission(actor, Permission.USER_ADMIN);
  const roles = ctx.ds.getRepository(RoleEntity);
  const role = await roles.findOneBy({ name: input.name });
  if (!role) throw notFound('Role', input.name);
  await ctx.ds.transaction(async (tx) => {
    await tx.update(RoleEntity, role.id, definedOnly(input, ['name']));
    await recordAdmin(ctx, tx, 'updateRole', 'Role', role.id, role, await tx.getRepository(RoleEntity).findOneByOrFail({ id: role.id }));
  });
  return roles.findOneByOrFail({ id: role.id });
}
