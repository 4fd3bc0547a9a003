import { EntityManager } from 'typeorm';
import { ErrorCode, Level } from '@custodian/schema';
import { Actor } from '../../auth/actor';
import { assertCanDecideDeclassification, assertCanDecideDeclassifications } from '../../auth/duties';
import { recordAdmin } from '../../audit/recorder';
import { ChangeStatus } from '../../common/enums';
import { DecideChangeInput } from '../../common/inputs';
import { Context } from '../../context';
import { AppError, badInput, notFound } from '../../errors';
import { CustomerEntity } from '../customer/customer.entity';
import { ArchiveLevelChangeEntity } from './archive-level-change.entity';
import { assertCustodian, lockedArchive } from './archives';
import { ArchiveLevelChange, ArchiveLevelChangeWhere } from './security.types';

/**
 * Declassification (降密) under dual control (docs/access.md): lowering an archive's level is
 * proposed with a reason and applies only when a second archive administrator approves it.
 */

const conflict = (message: string) => new AppError(ErrorCode.CONFLICT, message);
const isId = (id: string) => /^\d{1,19}$/.test(id);

function toView(c: ArchiveLevelChangeEntity): ArchiveLevelChange {
  return {
    id: c.id, customerId: c.customerId, levelBefore: c.levelBefore, levelAfter: c.levelAfter, custodianBeforeId: c.custodianBefore,
    custodianAfterId: c.custodianAfter, reason: c.reason, status: c.status, requestedById: c.requestedBy, requestedAt: c.requestedAt,
    decidedById: c.decidedBy, decidedAt: c.decidedAt, comment: c.comment,
  };
}

/** Files the proposal in the caller's transaction (one pending proposal per archive), with its ADMIN event. */
export async function proposeDeclassification(
  ctx: Context, tx: EntityManager, actor: Actor, c: CustomerEntity, change: { levelAfter: Level; custodianAfter: string | null; reason: string },
): Promise<void> {
  const repo = tx.getRepository(ArchiveLevelChangeEntity);
  if (await repo.existsBy({ customerId: c.id, status: ChangeStatus.PENDING })) {
    throw conflict('A lowering of this archive\'s level already waits for approval');
  }
  const { identifiers } = await repo.insert({
    customerId: c.id, levelBefore: c.archiveLevel, levelAfter: change.levelAfter, custodianBefore: c.custodianId,
    custodianAfter: change.custodianAfter, reason: change.reason, status: ChangeStatus.PENDING, requestedBy: actor.userId,
    requestedAt: ctx.clock.now(),
  });
  await recordAdmin(ctx, tx, 'proposeArchiveLevel', 'Customer', c.id, null, null, {
    archiveLevelChange: String(identifiers[0].id), levelBefore: c.archiveLevel, levelAfter: change.levelAfter,
    custodianBefore: c.custodianId, custodianAfter: change.custodianAfter, reason: change.reason,
  });
}

export async function listArchiveLevelChanges(ctx: Context, actor: Actor, where: ArchiveLevelChangeWhere = {}): Promise<ArchiveLevelChange[]> {
  assertCanDecideDeclassifications(actor);
  const qb = ctx.ds.getRepository(ArchiveLevelChangeEntity).createQueryBuilder('c').orderBy('c.id', 'DESC').limit(200);
  if (where.statusIn?.length) qb.andWhere('c.status IN (:...statuses)', { statuses: where.statusIn });
  if (where.customerId) qb.andWhere('c.customer_id = :customer', { customer: isId(where.customerId) ? where.customerId : '0' });
  return (await qb.getMany()).map(toView);
}

async function decide(ctx: Context, actor: Actor, input: DecideChangeInput, approve: boolean): Promise<ArchiveLevelChange> {
  assertCanDecideDeclassifications(actor);
  const comment = input.comment?.trim() || null;
  if (!approve && !comment) throw badInput('comment', 'Say why the lowering is rejected');
  return ctx.ds.transaction(async (tx) => {
    const repo = tx.getRepository(ArchiveLevelChangeEntity);
    const change = isId(input.id) ? await repo.createQueryBuilder('c').where('c.id = :id', { id: input.id }).setLock('pessimistic_write').getOne() : null;
    if (!change) throw notFound('Archive level change', input.id);
    if (change.status !== ChangeStatus.PENDING) throw conflict(`This change is already ${change.status.toLowerCase()}`);
    const c = await lockedArchive(tx, change.customerId);
    assertCanDecideDeclassification(actor, {
      requestedBy: change.requestedBy, custodianAfter: change.custodianAfter, ownerId: c.ownerId, secondManagerId: c.secondManagerId,
    });
    const detail = { archiveLevelChange: change.id, requestedBy: change.requestedBy, reason: change.reason, comment };
    if (approve) {
      if (c.archiveLevel !== change.levelBefore || (c.custodianId ?? null) !== (change.custodianBefore ?? null)) {
        throw conflict('The archive changed since the proposal: reject it and propose again');
      }
      await assertCustodian(tx, actor, change.custodianAfter, change.levelAfter);
      await tx.update(CustomerEntity, c.id, { archiveLevel: change.levelAfter, custodianId: change.custodianAfter });
      await recordAdmin(ctx, tx, 'approveArchiveLevel', 'Customer', c.id, { archiveLevel: c.archiveLevel, custodianId: c.custodianId },
        { archiveLevel: change.levelAfter, custodianId: change.custodianAfter }, detail);
    } else {
      await recordAdmin(ctx, tx, 'rejectArchiveLevel', 'Customer', c.id, null, null, detail);
    }
    await tx.update(ArchiveLevelChangeEntity, change.id, {
      status: approve ? ChangeStatus.APPROVED : ChangeStatus.REJECTED, decidedBy: actor.userId, decidedAt: ctx.clock.now(), comment,
    });
    return toView(await repo.findOneByOrFail({ id: change.id }));
  });
}

export const approveArchiveLevelChange = (ctx: Context, actor: Actor, input: DecideChangeInput) => decide(ctx, actor, input, true);
export const rejectArchiveLevelChange = (ctx: Context, actor: Actor, input: DecideChangeInput) => decide(ctx, actor, input, false);
