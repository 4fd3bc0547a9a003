import { ErrorCode, FIELD_CATALOGUE, Level, Permission } from '@custodian/schema';
import { Actor } from '../../auth/actor';
import { assertAnyPermission, assertCanSetClearance, assertCustodianEligible, assertPermission } from '../../auth/policy';
import { Context } from '../../context';
import { AppError, badInput, notFound } from '../../errors';
import { escapeLike } from '../../common/where';
import { CustomerEntity } from '../customer/customer.entity';
import { recordAdmin } from '../../audit/recorder';
import { SessionEntity } from '../session/session.entity';
import { UserEntity } from '../user/user.entity';
import { ArchiveEntry, ArchiveEntryWhere, FieldPolicy, SetArchiveLevelInput, SetClearanceInput, SetFieldLevelInput } from './security.types';

export async function setClearance(ctx: Context, actor: Actor, input: SetClearanceInput): Promise<UserEntity> {
  assertCanSetClearance(actor, input.userId);
  const users = ctx.ds.getRepository(UserEntity);
  const target = await users.findOneBy({ id: input.userId });
  if (!target) throw notFound('User', input.userId);
  await ctx.ds.transaction(async (tx) => {
    await tx.update(UserEntity, input.userId, { clearance: input.clearance });
    await recordAdmin(ctx, tx, 'setClearance', 'User', input.userId, { clearance: target.clearance }, { clearance: input.clearance });
    // A lowered clearance takes effect at once: the user signs in again.
    await tx.update(SessionEntity, { userId: input.userId }, { revokedAt: ctx.clock.now() });
  });
  return users.findOneByOrFail({ id: input.userId });
}

export function listFieldPolicies(ctx: Context, actor: Actor): FieldPolicy[] {
  assertPermission(actor, Permission.SECURITY_ADMIN);
  return Object.entries(FIELD_CATALOGUE).flatMap(([typeName, fields]) => Object.entries(fields).map(([field, defaultLevel]) => {
    const override = ctx.levels.overrideOf(typeName, field);
    return { typeName, field, defaultLevel, level: override ?? defaultLevel, overridden: Boolean(override) };
  }));
}

export async function setFieldLevel(ctx: Context, actor: Actor, input: SetFieldLevelInput): Promise<FieldPolicy> {
  assertPermission(actor, Permission.SECURITY_ADMIN);
  const defaultLevel = FIELD_CATALOGUE[input.typeName]?.[input.field];
  if (!defaultLevel) throw badInput('field', `${input.typeName}.${input.field} is not a classified field`);
  if (input.field === 'id' || input.field === 'fieldAccess') throw badInput('field', 'Identifiers and fieldAccess cannot be reclassified');
  const before = ctx.levels.overrideOf(input.typeName, input.field) ?? defaultLevel;
  await ctx.ds.transaction(async (tx) => {
    await recordAdmin(ctx, tx, 'setFieldLevel', 'FieldPolicy', `${input.typeName}.${input.field}`, { level: before }, { level: input.level ?? defaultLevel });
    await tx.query('DELETE FROM field_policy WHERE type_name = ? AND field_name = ?', [input.typeName, input.field]);
    if (input.level) {
      await tx.query('INSERT INTO field_policy (type_name, field_name, level, updated_by) VALUES (?, ?, ?, ?)',
        [input.typeName, input.field, input.level, actor.userId]);
    }
    await tx.query('UPDATE policy_version SET version = version + 1 WHERE id = 1');
  });
  const [{ version }] = await ctx.ds.query('SELECT version FROM policy_version WHERE id = 1');
  await ctx.levels.sync(ctx.ds, Number(version));
  const level = input.level ?? defaultLevel;
  return { typeName: input.typeName, field: input.field, defaultLevel, level, overridden: Boolean(input.level) };
}

export async function listArchiveEntries(ctx: Context, actor: Actor, where: ArchiveEntryWhere | undefined, first: number): Promise<ArchiveEntry[]> {
  assertPermission(actor, Permission.ARCHIVE_ADMIN);
  const qb = ctx.ds.getRepository(CustomerEntity).createQueryBuilder('c')
    .select(['c.id', 'c.code', 'c.name', 'c.archiveLevel', 'c.custodianId']).orderBy('c.id', 'ASC').limit(Math.min(Math.max(first, 1), 500));
  if (where?.search) qb.andWhere('(c.name LIKE :s OR c.code LIKE :p)', { s: `%${escapeLike(where.search)}%`, p: `${escapeLike(where.search)}%` });
  if (where?.archiveLevelIn?.length) qb.andWhere('c.archive_level IN (:...lv)', { lv: where.archiveLevelIn });
  return (await qb.getMany()).map(toEntry);
}

/** Finding aid by exact customer code: business users (to ask for access) and auditors (to look up a history). */
export async function archiveEntryByCode(ctx: Context, actor: Actor, code: string): Promise<ArchiveEntry> {
  assertAnyPermission(actor, [Permission.CUSTOMER_READ, Permission.AUDIT_READ]);
  const c = await ctx.ds.getRepository(CustomerEntity).createQueryBuilder('c')
    .select(['c.id', 'c.code', 'c.name', 'c.archiveLevel', 'c.custodianId']).where('c.code = :code', { code }).getOne();
  if (!c) throw notFound('Customer code', code);
  return toEntry(c);
}

const toEntry = (c: CustomerEntity): ArchiveEntry => ({ id: c.id, code: c.code, name: c.name, archiveLevel: c.archiveLevel, custodianId: c.custodianId });

export async function setArchiveLevel(ctx: Context, actor: Actor, input: SetArchiveLevelInput): Promise<ArchiveEntry> {
  assertPermission(actor, Permission.ARCHIVE_ADMIN);
  return ctx.ds.transaction(async (tx) => {
    const customers = tx.getRepository(CustomerEntity);
    const c = await customers.createQueryBuilder('c').select(['c.id', 'c.archiveLevel', 'c.custodianId']).where('c.id = :id', { id: input.customerId }).setLock('pessimistic_write').getOne();
    if (!c) throw notFound('Customer', input.customerId);
    const custodianId = input.custodianId ?? null;
    if (input.archiveLevel === Level.CLASSIFIED && !custodianId) throw badInput('custodianId', 'A CLASSIFIED archive needs a custodian (保管人)');
    if (custodianId) {
      const keeper = await tx.getRepository(UserEntity).findOneBy({ id: custodianId });
      if (!keeper || !keeper.active) throw badInput('custodianId', `User ${custodianId} cannot be a custodian`);
      assertCustodianEligible(keeper.clearance, input.archiveLevel);
    }
    const result = await customers.update(input.customerId, { archiveLevel: input.archiveLevel, custodianId });
    if (result.affected !== 1) throw new AppError(ErrorCode.CONFLICT, 'The customer changed meanwhile; try again');
    await recordAdmin(ctx, tx, 'setArchiveLevel', 'Customer', input.customerId,
      { archiveLevel: c.archiveLevel, custodianId: c.custodianId }, { archiveLevel: input.archiveLevel, custodianId });
    return toEntry((await customers.createQueryBuilder('c').select(['c.id', 'c.code', 'c.name', 'c.archiveLevel', 'c.custodianId'])
      .where('c.id = :id', { id: input.customerId }).getOneOrFail()));
  });
}
