import { ErrorCode } from '@custodian/schema';
import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { AppError, notFound } from '../errors';

/**
 * Optimistic-locked update: applies `patch` only if the row still has `version`. TypeORM bumps
 * version and updated_at itself. A missing row is NOT_FOUND, a changed one CONFLICT.
 */
export async function updateVersioned<E extends ObjectLiteral>(
  tx: EntityManager, target: EntityTarget<E>, what: string, id: string, version: number, patch: Record<string, unknown>,
): Promise<void> {
  const result = await tx.createQueryBuilder().update(target).set(patch as never)
    .where('id = :id AND version = :version AND deleted_at IS NULL', { id, version }).execute();
  if (result.affected === 1) return;
  const current = await tx.createQueryBuilder(target, 't').select('t.version', 'version').where('t.id = :id', { id }).getRawOne();
  if (!current) throw notFound(what, id);
  throw new AppError(ErrorCode.CONFLICT, `${what} ${id} was changed by someone else (version ${current.version}, you sent ${version}); reload and try again`,
    { currentVersion: Number(current.version) });
}

/** Soft delete with the same version check. */
export async function softDeleteVersioned<E extends ObjectLiteral>(
  tx: EntityManager, target: EntityTarget<E>, what: string, id: string, version: number, now: Date,
): Promise<void> {
  await updateVersioned(tx, target, what, id, version, { deletedAt: now });
}

/** Drops undefined keys so a partial input becomes a patch. */
export function definedOnly<T extends object>(input: T, omit: string[] = []): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([k, v]) => v !== undefined && !omit.includes(k)));
}

/** Input keys that name a different catalogue field (foreign keys → the object field). */
const FIELD_OF_INPUT: Record<string, string> = {
  ownerId: 'owner', secondManagerId: 'secondManager', departmentId: 'department', contactId: 'contact', custodianId: 'custodian',
};

/** The catalogue fields a write input touches (undefined keys and bookkeeping are not writes). */
export function writtenFields(input: object, omit: string[] = ['id', 'version']): string[] {
  return Object.entries(input).filter(([k, v]) => v !== undefined && !omit.includes(k)).map(([k]) => FIELD_OF_INPUT[k] ?? k);
}
