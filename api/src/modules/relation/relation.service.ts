import { ErrorCode, Permission } from '@custodian/schema';
import { EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { Actor } from '../../auth/actor';
import { ArchiveFacts, archiveFacts, assertPermission, assertRelationDeletable, assertRelationWritable } from '../../auth/policy';
import { scopeCustomers } from '../../auth/scope';
import { Context } from '../../context';
import { AppError, badInput, notFound } from '../../errors';
import { recordAdmin, recordChange } from '../../audit/recorder';
import { definedOnly, softDeleteVersioned } from '../../common/records';
import { CustomerEntity } from '../customer/customer.entity';
import { scopedCustomers } from '../customer/customer.service';
import { lockParentCustomer, rethrowDbError } from '../contact/contact.service';
import { CustomerRelationEntity, RelationTypeEntity } from './relation.entity';
import { CreateCustomerRelationInput, CreateRelationTypeInput } from './relation.inputs';

/** Most relations listed for one customer. */
const MAX_RELATIONS = 500;

/** Relations whose two customers are both in the actor's scope (and not deleted); ends aliased `cu` and `cu_to`. */
export function scopedRelations(db: EntityManager, actor: Actor): SelectQueryBuilder<CustomerRelationEntity> {
  const qb = db.getRepository(CustomerRelationEntity).createQueryBuilder('r')
    .innerJoin(CustomerEntity, 'cu', 'cu.id = r.fromCustomerId AND cu.deleted_at IS NULL')
    .innerJoin(CustomerEntity, 'cu_to', 'cu_to.id = r.toCustomerId AND cu_to.deleted_at IS NULL');
  return scopeCustomers(scopeCustomers(qb, actor, 'cu', 'CustomerRelation'), actor, 'cu_to', 'CustomerRelation');
}

export function listRelationTypes(ctx: Context): Promise<RelationTypeEntity[]> {
  return ctx.ds.getRepository(RelationTypeEntity).find({ order: { name: 'ASC' } });
}

export async function createRelationType(ctx: Context, actor: Actor, input: CreateRelationTypeInput): Promise<RelationTypeEntity> {
  assertPermission(actor, Permission.USER_ADMIN);
  return ctx.ds.transaction(async (tx) => {
    const repo = tx.getRepository(RelationTypeEntity);
    const id = await repo.insert(definedOnly(input) as Partial<RelationTypeEntity>)
      .then((r) => String(r.identifiers[0].id), rethrowDbError(`Relation type ${input.name}`));
    const created = await repo.findOneByOrFail({ id });
    await recordAdmin(ctx, tx, 'createRelationType', 'RelationType', id, null, created);
    return created;
  });
}

export async function listCustomerRelations(ctx: Context, actor: Actor, customerId: string): Promise<CustomerRelationEntity[]> {
  const visible = await scopedCustomers(ctx.ds.manager, actor).andWhere('c.id = :customerId', { customerId }).getCount();
  if (!visible) throw notFound('Customer', customerId);
  return scopedRelations(ctx.ds.manager, actor)
    .andWhere('(r.from_customer_id = :customerId OR r.to_customer_id = :customerId)', { customerId })
    .orderBy('r.id', 'ASC').limit(MAX_RELATIONS).getMany();
}

export async function createCustomerRelation(ctx: Context, actor: Actor, input: CreateCustomerRelationInput): Promise<CustomerRelationEntity> {
  assertPermission(actor, Permission.CUSTOMER_WRITE);
  if (input.fromCustomerId === input.toCustomerId) throw badInput('toCustomerId', 'A customer cannot be related to itself');
  return ctx.ds.transaction(async (tx) => {
    // Lock in id order so two requests relating the same pair cannot deadlock.
    const locked = new Map<string, ArchiveFacts>();
    for (const id of [input.fromCustomerId, input.toCustomerId].sort((a, b) => a.length - b.length || a.localeCompare(b))) {
      locked.set(id, archiveFacts(await lockParentCustomer(tx, actor, id)));
    }
    // A relation's type and note are data about both archives: writing them needs reading them there.
    assertRelationWritable(actor, ctx.levels, ctx.grants, ['relationType', ...(input.note === undefined ? [] : ['note'])],
      [locked.get(input.fromCustomerId)!, locked.get(input.toCustomerId)!]);
    if (!(await tx.getRepository(RelationTypeEntity).existsBy({ id: input.relationTypeId }))) {
      throw badInput('relationTypeId', `Relation type ${input.relationTypeId} does not exist`);
    }
    const existing = await tx.getRepository(CustomerRelationEntity).existsBy({
      fromCustomerId: input.fromCustomerId, toCustomerId: input.toCustomerId, relationTypeId: input.relationTypeId,
    });
    if (existing) throw new AppError(ErrorCode.CONFLICT, 'These customers already have this relation');
    const id = await tx.getRepository(CustomerRelationEntity).insert(definedOnly(input) as Partial<CustomerRelationEntity>)
      .then((r) => String(r.identifiers[0].id), rethrowDbError('Customer relation'));
    const created = await scopedRelations(tx, actor).andWhere('r.id = :id', { id }).getOneOrFail();
    await recordChange(ctx, tx, 'CREATE', 'CustomerRelation', id, null, created, [
      { entityType: 'Customer', entityId: input.fromCustomerId }, { entityType: 'Customer', entityId: input.toCustomerId }]);
    return created;
  });
}

export async function deleteCustomerRelation(ctx: Context, actor: Actor, id: string, version: number): Promise<string> {
  assertPermission(actor, Permission.CUSTOMER_WRITE);
  return ctx.ds.transaction(async (tx) => {
    const before = await scopedRelations(tx, actor).andWhere('r.id = :id', { id }).getOne();
    if (!before) throw notFound('CustomerRelation', id);
    const ends = await tx.getRepository(CustomerEntity).findBy({ id: In([before.fromCustomerId, before.toCustomerId]) });
    const factsOf = (cid: string) => archiveFacts(ends.find((c) => String(c.id) === String(cid))!);
    assertRelationDeletable(actor, ctx.levels, ctx.grants, [factsOf(before.fromCustomerId), factsOf(before.toCustomerId)]);
    await softDeleteVersioned(tx, CustomerRelationEntity, 'CustomerRelation', id, version, ctx.clock.now());
    await recordChange(ctx, tx, 'DELETE', 'CustomerRelation', id, before, null, [
      { entityType: 'Customer', entityId: before.fromCustomerId }, { entityType: 'Customer', entityId: before.toCustomerId }]);
    return id;
  });
}
