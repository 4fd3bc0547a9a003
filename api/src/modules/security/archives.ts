import { EntityManager } from 'typeorm';
import { Level } from '@custodian/schema';
import { Actor } from '../../auth/actor';
import { assertCustodianEligible } from '../../auth/duties';
import { badInput, notFound } from '../../errors';
import { CustomerEntity } from '../customer/customer.entity';
import { rolesOf } from '../user/user.accounts';
import { UserEntity } from '../user/user.entity';
import { ArchiveEntry } from './security.types';

/** Archive levels and custodians: the row, the custodian check and the finding-aid entry shared by setArchiveLevel and its approvals. */

export const toEntry = (c: CustomerEntity): ArchiveEntry => ({ id: c.id, code: c.code, name: c.name, archiveLevel: c.archiveLevel, custodianId: c.custodianId });

/** The archive row setArchiveLevel and its approvals work on, under a write lock. */
export async function lockedArchive(tx: EntityManager, customerId: string): Promise<CustomerEntity> {
  const c = /^\d{1,19}$/.test(customerId) ? await tx.getRepository(CustomerEntity).createQueryBuilder('c')
    .select(['c.id', 'c.code', 'c.archiveLevel', 'c.custodianId', 'c.ownerId', 'c.secondManagerId'])
    .where('c.id = :id AND c.deleted_at IS NULL', { id: customerId }).setLock('pessimistic_write').getOne() : null;
  if (!c) throw notFound('Customer', customerId);
  return c;
}

/** Checks a custodian-to-be (auth/duties.ts): somebody else, active, no duty role, cleared for the level. */
export async function assertCustodian(tx: EntityManager, actor: Actor, custodianId: string | null, archiveLevel: Level): Promise<void> {
  if (archiveLevel === Level.CLASSIFIED && !custodianId) throw badInput('custodianId', 'A CLASSIFIED archive needs a custodian (保管人)');
  if (!custodianId) return;
  const keeper = await tx.getRepository(UserEntity).findOneBy({ id: custodianId });
  if (!keeper) throw badInput('custodianId', `User ${custodianId} does not exist`);
  assertCustodianEligible(actor, { id: keeper.id, active: keeper.active, clearance: keeper.clearance, roles: await rolesOf(tx, keeper.id) }, archiveLevel);
}

export const entryOf = async (tx: EntityManager, id: string): Promise<ArchiveEntry> => toEntry(await tx.getRepository(CustomerEntity)
  .createQueryBuilder('c').select(['c.id', 'c.code', 'c.name', 'c.archiveLevel', 'c.custodianId']).where('c.id = :id', { id }).getOneOrFail());

