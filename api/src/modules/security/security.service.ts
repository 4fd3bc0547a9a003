import { ErrorCode, FIELD_CATALOGUE, Level, Permission } from '@custodian/schema';
import { Actor } from '../../auth/actor';
import { assertClearanceKeepsCustody, isDeclassification } from '../../auth/duties';
import { assertAnyPermission, assertCanSetClearance, assertPermission } from '../../auth/policy';
import { Context } from '../../context';
import { AppError, badInput, notFound } from '../../errors';
import { escapeLike } from '../../common/where';
import { CustomerEntity } from '../customer/customer.entity';
import { recordAdmin } from '../../audit/recorder';
import { SessionEntity } from '../session/session.entity';
import { UserEntity } from '../user/user.entity';
import { proposeDeclassification } from './archive-level-change.service';
import { assertCustodian, entryOf, lockedArchive, toEntry } from './archives';
import { ArchiveEntry, ArchiveEntryWhere, FieldPolicy, SetArchiveLevelInput, SetClearanceInput, SetFieldLevelInput } from './security.types';

/** Sets a clearance; never one's own, never below the level of an archive the user keeps as custodian. */
export async function setClearance(ctx: Context, actor: Actor, input: SetClearanceInput): Promise<UserEntity> {
  assertCanSetClearance(actor, input.userId);
  const users = ctx.ds.getRepository(UserEntity);
  const target = await users.findOneBy({ id: input.userId });
  if (!target) throw notFound('User', input.userId);
  await ctx.ds.transaction(async (tx) => {
    const kept: Array<{ code: string; archive_level: Level }> = await tx.query(
      'SELECT code, archive_level FROM customer WHERE custodian_id = ? AND deleted_at IS NULL ORDER BY code FOR UPDATE', [input.userId]);
    assertClearanceKeepsCustody(input.clearance, kept.map((k) => ({ code: k.code, archiveLevel: k.archive_level })));
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


/**
 * Sets an archive's level and custodian. Raising (or keeping) the level applies at once; lowering it
 * (declassification) is proposed and waits for a second archive administrator.
 */
export async function setArchiveLevel(ctx: Context, actor: Actor, input: SetArchiveLevelInput): Promise<ArchiveEntry> {
  assertPermission(actor, Permission.ARCHIVE_ADMIN);
  const reason = input.reason.trim();
  if (!reason) throw badInput('reason', 'Say why the archive level changes');
  return ctx.ds.transaction(async (tx) => {
    const c = await lockedArchive(tx, input.customerId);
    const custodianId = input.custodianId ?? null;
    await assertCustodian(tx, actor, custodianId, input.archiveLevel);
    if (isDeclassification(c.archiveLevel, input.archiveLevel)) {
      await proposeDeclassification(ctx, tx, actor, c, { levelAfter: input.archiveLevel, custodianAfter: custodianId, reason });
      return entryOf(tx, c.id);
    }
    const result = await tx.getRepository(CustomerEntity).update(c.id, { archiveLevel: input.archiveLevel, custodianId });
    if (result.affected !== 1) throw new AppError(ErrorCode.CONFLICT, 'The customer changed meanwhile; try again');
    await recordAdmin(ctx, tx, 'setArchiveLevel', 'Customer', c.id,
      { archiveLevel: c.archiveLevel, custodianId: c.custodianId }, { archiveLevel: input.archiveLevel, custodianId }, { reason });
    return entryOf(tx, c.id);
  });
}
