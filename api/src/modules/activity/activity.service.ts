import { Permission } from '@custodian/schema';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { Actor } from '../../auth/actor';
import { recordChange } from '../../audit/recorder';
import { archiveFacts, assertDeletable, assertPermission, assertWritable } from '../../auth/policy';
import { scopeCustomers } from '../../auth/scope';
import { Context } from '../../context';
import { notFound } from '../../errors';
import { applyFilters, guardedOrder } from '../../common/filters';
import { KeysetOrder, keysetPage } from '../../common/keyset';
import { PageArgs } from '../../common/inputs';
import { definedOnly, softDeleteVersioned, updateVersioned, writtenFields } from '../../common/records';
import { where } from '../../common/where';
import { CustomerEntity } from '../customer/customer.entity';
import { pageSize } from '../customer/customer.service';
import { assertContactOfCustomer, assertUserExists, lockParentCustomer, rethrowDbError } from '../contact/contact.service';
import { ActivityEntity } from './activity.entity';
import { ActivityOrder, ActivityOrderField, ActivityWhere, CreateActivityInput, UpdateActivityInput } from './activity.inputs';

type Qb = SelectQueryBuilder<ActivityEntity>;

/** Each filter with the activity fields it reads (the side-channel rule checks them) and its SQL. */
export const ACTIVITY_FILTERS: { [K in keyof Required<ActivityWhere>]: { fields: string[]; apply: (qb: Qb, v: NonNullable<ActivityWhere[K]>) => void } } = {
  search: { fields: ['subject'], apply: (qb, v) => where.contains(qb, 't.subject', v.trim()) },
  ids: { fields: ['id'], apply: (qb, v) => where.in(qb, 't.id', v) },
  customerId: { fields: ['customerId'], apply: (qb, v) => where.eq(qb, 't.customer_id', v) },
  customerIdIn: { fields: ['customerId'], apply: (qb, v) => where.in(qb, 't.customer_id', v) },
  contactId: { fields: ['contactId'], apply: (qb, v) => where.eq(qb, 't.contact_id', v) },
  ownerIdIn: { fields: ['owner'], apply: (qb, v) => where.in(qb, 't.owner_id', v) },
  typeIn: { fields: ['type'], apply: (qb, v) => where.in(qb, 't.type', v) },
  occurredAt: { fields: ['occurredAt'], apply: (qb, v) => where.time(qb, 't.occurred_at', v) },
  nextFollowUpAt: { fields: ['nextFollowUpAt'], apply: (qb, v) => where.time(qb, 't.next_follow_up_at', v) },
};

/** Sortable columns with the activity field each one reveals. */
export const ACTIVITY_ORDERS: Record<ActivityOrderField, { field: string; column?: string; valueOf: (a: ActivityEntity) => unknown }> = {
  [ActivityOrderField.ID]: { field: 'id', valueOf: (a) => a.id },
  [ActivityOrderField.OCCURRED_AT]: { field: 'occurredAt', column: 't.occurred_at', valueOf: (a) => a.occurredAt },
  [ActivityOrderField.NEXT_FOLLOW_UP_AT]: { field: 'nextFollowUpAt', column: 't.next_follow_up_at', valueOf: (a) => a.nextFollowUpAt },
};

function activityOrder(order: ActivityOrder | undefined): KeysetOrder<ActivityEntity> {
  const field = order?.field ?? ActivityOrderField.ID;
  const direction = order?.direction ?? 'ASC';
  const spec = ACTIVITY_ORDERS[field];
  return { key: `activity:${field}_${direction}`, column: spec.column, idColumn: 't.id', direction, valueOf: spec.valueOf, idOf: (a) => a.id };
}


/** Activities the actor may see (their customer is in scope and not deleted), aliased `t`, customer `cu`. */
export function scopedActivities(db: EntityManager, actor: Actor): Qb {
  const qb = db.getRepository(ActivityEntity).createQueryBuilder('t')
    .innerJoin(CustomerEntity, 'cu', 'cu.id = t.customerId AND cu.deleted_at IS NULL');
  return scopeCustomers(qb, actor, 'cu', 'Activity');
}

export async function listActivities(ctx: Context, actor: Actor, page: PageArgs, w?: ActivityWhere, order?: ActivityOrder) {
  const first = pageSize(ctx, actor, page.first);
  const qb = scopedActivities(ctx.ds.manager, actor);
  const rule = { actor, levels: ctx.levels, grants: ctx.grants };
  applyFilters(qb, ACTIVITY_FILTERS, w, rule, 'Activity', 'cu');
  const countQb = qb.clone();
  return keysetPage(qb, guardedOrder(activityOrder(order), rule, 'Activity', ACTIVITY_ORDERS[order?.field ?? ActivityOrderField.ID].field, 'cu'), first, page.after, () => countQb.getCount());
}

export async function getActivity(ctx: Context, actor: Actor, id: string): Promise<ActivityEntity> {
  const a = await scopedActivities(ctx.ds.manager, actor).andWhere('t.id = :id', { id }).getOne();
  if (!a) throw notFound('Activity', id);
  return a;
}

export async function createActivity(ctx: Context, actor: Actor, input: CreateActivityInput): Promise<ActivityEntity> {
  assertPermission(actor, Permission.RECORD_WRITE);
  return ctx.ds.transaction(async (tx) => {
    const parent = await lockParentCustomer(tx, actor, input.customerId);
    assertWritable(actor, ctx.levels, ctx.grants, 'Activity', writtenFields(input), archiveFacts(parent));
    await assertContactOfCustomer(tx, input.contactId, input.customerId);
    const ownerId = input.ownerId ?? actor.userId;
    await assertUserExists(tx, 'ownerId', input.ownerId);
    const id = await tx.getRepository(ActivityEntity).insert({ ...definedOnly(input), ownerId } as Partial<ActivityEntity>)
      .then((r) => String(r.identifiers[0].id), rethrowDbError('Activity'));
    const created = await scopedActivities(tx, actor).andWhere('t.id = :id', { id }).getOneOrFail();
    await recordChange(ctx, tx, 'CREATE', 'Activity', id, null, created, [{ entityType: 'Customer', entityId: parent.id }]);
    return created;
  });
}

export async function updateActivity(ctx: Context, actor: Actor, input: UpdateActivityInput): Promise<ActivityEntity> {
  assertPermission(actor, Permission.RECORD_WRITE);
  return ctx.ds.transaction(async (tx) => {
    const before = await scopedActivities(tx, actor).andWhere('t.id = :id', { id: input.id }).getOne();
    if (!before) throw notFound('Activity', input.id);
    const parent = await lockParentCustomer(tx, actor, before.customerId);
    assertWritable(actor, ctx.levels, ctx.grants, 'Activity', writtenFields(input), archiveFacts(parent));
    await assertContactOfCustomer(tx, input.contactId, before.customerId);
    await assertUserExists(tx, 'ownerId', input.ownerId);
    await updateVersioned(tx, ActivityEntity, 'Activity', input.id, input.version, definedOnly(input, ['id', 'version']))
      .catch(rethrowDbError('Activity'));
    const after = await scopedActivities(tx, actor).andWhere('t.id = :id', { id: input.id }).getOneOrFail();
    await recordChange(ctx, tx, 'UPDATE', 'Activity', input.id, before, after, [{ entityType: 'Customer', entityId: parent.id }]);
    return after;
  });
}

export async function deleteActivity(ctx: Context, actor: Actor, id: string, version: number): Promise<string> {
  assertPermission(actor, Permission.RECORD_WRITE);
  return ctx.ds.transaction(async (tx) => {
    const before = await scopedActivities(tx, actor).andWhere('t.id = :id', { id }).getOne();
    if (!before) throw notFound('Activity', id);
    const parent = await lockParentCustomer(tx, actor, before.customerId);
    assertDeletable(actor, ctx.levels, ctx.grants, 'Activity', archiveFacts(parent));
    await softDeleteVersioned(tx, ActivityEntity, 'Activity', id, version, ctx.clock.now());
    await recordChange(ctx, tx, 'DELETE', 'Activity', id, before, null, [{ entityType: 'Customer', entityId: parent.id }]);
    return id;
  });
}
