import { Permission } from '@custodian/schema';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { Actor } from '../../auth/actor';
import { recordChange } from '../../audit/recorder';
import { archiveFacts, assertDeletable, assertPermission, assertWritable } from '../../auth/policy';
import { scopeCustomers } from '../../auth/scope';
import { Context } from '../../context';
import { AppError, badInput, notFound } from '../../errors';
import { applyFilters, Readable, guardedOrder } from '../../common/filters';
import { KeysetOrder, keysetPage } from '../../common/keyset';
import { PageArgs } from '../../common/inputs';
import { definedOnly, softDeleteVersioned, updateVersioned, writtenFields } from '../../common/records';
import { escapeLike, where } from '../../common/where';
import { READ_COMMITTED } from '../../db/retry';
import { translateDbError } from '../../db/sql-errors';
import { CustomerEntity } from '../customer/customer.entity';
import { pageSize, scopedCustomers } from '../customer/customer.service';
import { UserEntity } from '../user/user.entity';
import { ContactEntity } from './contact.entity';
import { ContactOrder, ContactOrderField, ContactWhere, CreateContactInput, UpdateContactInput } from './contact.inputs';

type Qb = SelectQueryBuilder<ContactEntity>;

/** Each filter with the contact fields it reads (the side-channel rule checks them) and its SQL. */
export const CONTACT_FILTERS: { [K in keyof Required<ContactWhere>]: { fields: string[]; apply: (qb: Qb, v: NonNullable<ContactWhere[K]>, readable: Readable) => void } } = {
  search: {
    fields: [],
    apply: (qb, v, readable) => {
      const text = `%${escapeLike(v.trim())}%`;
      const any = [['name', 't.name'], ['mobile', 't.mobile'], ['officePhone', 't.office_phone'], ['email', 't.email']]
        .map(([field, column]) => `(${column} LIKE :contactSearch AND ${readable(field)})`);
      qb.andWhere(`(${any.join(' OR ')})`, { contactSearch: text });
    },
  },
  ids: { fields: ['id'], apply: (qb, v) => where.in(qb, 't.id', v) },
  customerId: { fields: ['customerId'], apply: (qb, v) => where.eq(qb, 't.customer_id', v) },
  customerIdIn: { fields: ['customerId'], apply: (qb, v) => where.in(qb, 't.customer_id', v) },
  nameContains: { fields: ['name'], apply: (qb, v) => where.contains(qb, 't.name', v) },
  isPrimary: { fields: ['isPrimary'], apply: (qb, v) => where.eq(qb, 't.is_primary', v) },
  decisionInfluenceIn: { fields: ['decisionInfluence'], apply: (qb, v) => where.in(qb, 't.decision_influence', v) },
  updatedAt: { fields: ['updatedAt'], apply: (qb, v) => where.time(qb, 't.updated_at', v) },
};

/** Sortable columns with the contact field each one reveals. */
export const CONTACT_ORDERS: Record<ContactOrderField, { field: string; column?: string; valueOf: (c: ContactEntity) => unknown }> = {
  [ContactOrderField.ID]: { field: 'id', valueOf: (c) => c.id },
  [ContactOrderField.NAME]: { field: 'name', column: 't.name', valueOf: (c) => c.name },
  [ContactOrderField.UPDATED_AT]: { field: 'updatedAt', column: 't.updated_at', valueOf: (c) => c.updatedAt },
};

function contactOrder(order: ContactOrder | undefined): KeysetOrder<ContactEntity> {
  const field = order?.field ?? ContactOrderField.ID;
  const direction = order?.direction ?? 'ASC';
  const spec = CONTACT_ORDERS[field];
  return { key: `contact:${field}_${direction}`, column: spec.column, idColumn: 't.id', direction, valueOf: spec.valueOf, idOf: (c) => c.id };
}


/** Contacts the actor may see (their customer is in scope and not deleted), aliased `t`, customer `cu`. */
export function scopedContacts(db: EntityManager, actor: Actor): Qb {
  const qb = db.getRepository(ContactEntity).createQueryBuilder('t')
    .innerJoin(CustomerEntity, 'cu', 'cu.id = t.customerId AND cu.deleted_at IS NULL');
  return scopeCustomers(qb, actor, 'cu', 'Contact');
}

/**
 * Locks the parent customer of a child-record write (serialising writes per customer) and checks it
 * is in scope: a customer outside the scope does not exist.
 */
export async function lockParentCustomer(tx: EntityManager, actor: Actor, customerId: string): Promise<CustomerEntity> {
  const c = await scopedCustomers(tx, actor).andWhere('c.id = :parentId', { parentId: customerId }).setLock('pessimistic_write').getOne();
  if (!c) throw notFound('Customer', customerId);
  return c;
}

/** A contact referenced by an activity or an order must be a live contact of the same customer. */
export async function assertContactOfCustomer(tx: EntityManager, contactId: string | null | undefined, customerId: string): Promise<void> {
  if (contactId === undefined || contactId === null) return;
  const n = await tx.getRepository(ContactEntity).createQueryBuilder('t')
    .where('t.id = :contactId AND t.customer_id = :customerId', { contactId, customerId }).getCount();
  if (n === 0) throw badInput('contactId', `Contact ${contactId} is not a contact of customer ${customerId}`);
}

/** An owner given in an input must be an existing user. */
export async function assertUserExists(tx: EntityManager, field: string, userId: string | undefined): Promise<void> {
  if (userId === undefined) return;
  if (!(await tx.getRepository(UserEntity).existsBy({ id: userId }))) throw badInput(field, `User ${userId} does not exist`);
}

/** Calendar-date inputs arrive as Date (UTC midnight); store them as YYYY-MM-DD whatever the server's time zone. */
export function withIsoDays(patch: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  for (const k of keys) {
    const v = patch[k];
    if (v instanceof Date) patch[k] = v.toISOString().slice(0, 10);
  }
  return patch;
}

export const rethrowDbError = (what: string) => (err: unknown): never => {
  if (err instanceof AppError) throw err;
  return translateDbError(err, what);
};

export async function listContacts(ctx: Context, actor: Actor, page: PageArgs, w?: ContactWhere, order?: ContactOrder) {
  const first = pageSize(ctx, actor, page.first);
  const qb = scopedContacts(ctx.ds.manager, actor);
  const rule = { actor, levels: ctx.levels, grants: ctx.grants };
  applyFilters(qb, CONTACT_FILTERS, w, rule, 'Contact', 'cu');
  const countQb = qb.clone();
  return keysetPage(qb, guardedOrder(contactOrder(order), rule, 'Contact', CONTACT_ORDERS[order?.field ?? ContactOrderField.ID].field, 'cu'), first, page.after, () => countQb.getCount());
}

export async function getContact(ctx: Context, actor: Actor, id: string): Promise<ContactEntity> {
  const c = await scopedContacts(ctx.ds.manager, actor).andWhere('t.id = :id', { id }).getOne();
  if (!c) throw notFound('Contact', id);
  return c;
}

/**
 * One primary contact per customer. The caller holds the customer's row lock (no one else writes its
 * contacts) and runs READ COMMITTED, so the others are found with a plain read of what is committed
 * and updated by primary key: an UPDATE by
 * customer_id would lock the index gap next to that customer's contacts, where other customers'
 * new contacts go — a deadlock with every concurrent createContact.
 */
async function clearOtherPrimaries(tx: EntityManager, customerId: string, keepId: string): Promise<void> {
  const others: Array<{ id: string }> = await tx.query(
    'SELECT id FROM contact WHERE customer_id = ? AND id <> ? AND is_primary = TRUE AND deleted_at IS NULL', [customerId, keepId]);
  if (others.length === 0) return;
  await tx.createQueryBuilder().update(ContactEntity).set({ isPrimary: false }).whereInIds(others.map((o) => String(o.id))).execute();
}

export async function createContact(ctx: Context, actor: Actor, input: CreateContactInput): Promise<ContactEntity> {
  assertPermission(actor, Permission.RECORD_WRITE);
  return ctx.ds.transaction(READ_COMMITTED, async (tx) => {
    const parent = await lockParentCustomer(tx, actor, input.customerId);
    assertWritable(actor, ctx.levels, ctx.grants, 'Contact', writtenFields(input), archiveFacts(parent));
    const id = await tx.getRepository(ContactEntity).insert(withIsoDays(definedOnly(input), ['birthday']) as Partial<ContactEntity>)
      .then((r) => String(r.identifiers[0].id), rethrowDbError('Contact'));
    if (input.isPrimary) await clearOtherPrimaries(tx, input.customerId, id);
    const created = await scopedContacts(tx, actor).andWhere('t.id = :id', { id }).getOneOrFail();
    await recordChange(ctx, tx, 'CREATE', 'Contact', id, null, created, [{ entityType: 'Customer', entityId: parent.id }]);
    return created;
  });
}

export async function updateContact(ctx: Context, actor: Actor, input: UpdateContactInput): Promise<ContactEntity> {
  assertPermission(actor, Permission.RECORD_WRITE);
  return ctx.ds.transaction(READ_COMMITTED, async (tx) => {
    const before = await scopedContacts(tx, actor).andWhere('t.id = :id', { id: input.id }).getOne();
    if (!before) throw notFound('Contact', input.id);
    const parent = await lockParentCustomer(tx, actor, before.customerId);
    assertWritable(actor, ctx.levels, ctx.grants, 'Contact', writtenFields(input), archiveFacts(parent));
    await updateVersioned(tx, ContactEntity, 'Contact', input.id, input.version, withIsoDays(definedOnly(input, ['id', 'version']), ['birthday']))
      .catch(rethrowDbError('Contact'));
    if (input.isPrimary) await clearOtherPrimaries(tx, before.customerId, input.id);
    const after = await scopedContacts(tx, actor).andWhere('t.id = :id', { id: input.id }).getOneOrFail();
    await recordChange(ctx, tx, 'UPDATE', 'Contact', input.id, before, after, [{ entityType: 'Customer', entityId: parent.id }]);
    return after;
  });
}

export async function deleteContact(ctx: Context, actor: Actor, id: string, version: number): Promise<string> {
  assertPermission(actor, Permission.RECORD_WRITE);
  return ctx.ds.transaction(async (tx) => {
    const before = await scopedContacts(tx, actor).andWhere('t.id = :id', { id }).getOne();
    if (!before) throw notFound('Contact', id);
    const parent = await lockParentCustomer(tx, actor, before.customerId);
    assertDeletable(actor, ctx.levels, ctx.grants, 'Contact', archiveFacts(parent));
    await softDeleteVersioned(tx, ContactEntity, 'Contact', id, version, ctx.clock.now());
    await recordChange(ctx, tx, 'DELETE', 'Contact', id, before, null, [{ entityType: 'Customer', entityId: parent.id }]);
    return id;
  });
}
