import { ErrorCode, Level, Permission, RoleName } from '@custodian/schema';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { Actor } from '../../auth/actor';
import { AccessFields, assertCanChangeAccessFields } from '../../auth/duties';
import { ArchiveFacts, archiveFacts, assertDeletable, assertPermission, assertWritable, maxPageSize } from '../../auth/policy';
import { scopeCustomers } from '../../auth/scope';
import { applyFilters, Readable, guardedOrder } from '../../common/filters';
import { Context } from '../../context';
import { AppError, badInput, notFound } from '../../errors';
import { KeysetOrder, keysetPage } from '../../common/keyset';
import { PageArgs } from '../../common/inputs';
import { projectedColumns } from '../../common/projection';
import { definedOnly, softDeleteVersioned, updateVersioned } from '../../common/records';
import { escapeLike, where } from '../../common/where';
import { translateDbError } from '../../db/sql-errors';
import { recordChange } from '../../audit/recorder';
import { DepartmentEntity } from '../user/department.entity';
import { UserEntity } from '../user/user.entity';
import { CustomerEntity } from './customer.entity';
import { CreateCustomerInput, CustomerOrder, CustomerOrderField, CustomerWhere, UpdateCustomerInput } from './customer.inputs';

type Qb = SelectQueryBuilder<CustomerEntity>;

/**
 * Each filter with the customer fields it reads and its SQL. The side-channel rule restricts the
 * filtered rows to those where the fields are readable (search applies it per field).
 * A filter missing here is a compile error.
 */
export const CUSTOMER_FILTERS: { [K in keyof Required<CustomerWhere>]: { fields: string[]; apply: (qb: Qb, v: NonNullable<CustomerWhere[K]>, readable: Readable) => void } } = {
  search: {
    fields: [],
    apply: (qb, v, readable) => {
      const text = escapeLike(v.trim());
      const phone = readable('phone');
      qb.andWhere(`(c.name LIKE :searchAny OR c.code LIKE :searchPrefix OR (c.phone LIKE :searchAny AND ${phone}))`,
        { searchAny: `%${text}%`, searchPrefix: `${text}%` });
    },
  },
  ids: { fields: ['id'], apply: (qb, v) => where.in(qb, 'c.id', v) },
  code: { fields: ['code'], apply: (qb, v) => where.eq(qb, 'c.code', v) },
  nameContains: { fields: ['name'], apply: (qb, v) => where.contains(qb, 'c.name', v) },
  kind: { fields: ['kind'], apply: (qb, v) => where.eq(qb, 'c.kind', v) },
  typeIn: { fields: ['type'], apply: (qb, v) => where.in(qb, 'c.type', v) },
  natureIn: { fields: ['nature'], apply: (qb, v) => where.in(qb, 'c.nature', v) },
  statusIn: { fields: ['status'], apply: (qb, v) => where.in(qb, 'c.status', v) },
  gradeIn: { fields: ['grade'], apply: (qb, v) => where.in(qb, 'c.grade', v) },
  industryIn: { fields: ['industry'], apply: (qb, v) => where.in(qb, 'c.industry', v) },
  regionIn: { fields: ['region'], apply: (qb, v) => where.in(qb, 'c.region', v) },
  provinceIn: { fields: ['province'], apply: (qb, v) => where.in(qb, 'c.province', v) },
  cityIn: { fields: ['city'], apply: (qb, v) => where.in(qb, 'c.city', v) },
  sourceIn: { fields: ['source'], apply: (qb, v) => where.in(qb, 'c.source', v) },
  ownerIdIn: { fields: ['owner'], apply: (qb, v) => where.in(qb, 'c.owner_id', v) },
  departmentIdIn: { fields: ['department'], apply: (qb, v) => where.in(qb, 'c.department_id', v) },
  archiveLevelIn: { fields: ['archiveLevel'], apply: (qb, v) => where.in(qb, 'c.archive_level', v) },
  creditRatingIn: { fields: ['creditRating'], apply: (qb, v) => where.in(qb, 'c.credit_rating', v) },
  annualRevenue: { fields: ['annualRevenue'], apply: (qb, v) => where.range(qb, 'c.annual_revenue', v) },
  registeredCapital: { fields: ['registeredCapital'], apply: (qb, v) => where.range(qb, 'c.registered_capital', v) },
  headcount: { fields: ['headcount'], apply: (qb, v) => where.range(qb, 'c.headcount', v) },
  createdAt: { fields: ['createdAt'], apply: (qb, v) => where.time(qb, 'c.created_at', v) },
  updatedAt: { fields: ['updatedAt'], apply: (qb, v) => where.time(qb, 'c.updated_at', v) },
};

/** Sortable columns with the customer field each one reveals. */
export const CUSTOMER_ORDERS: Record<CustomerOrderField, { field: string; column?: string; valueOf: (c: CustomerEntity) => unknown }> = {
  [CustomerOrderField.ID]: { field: 'id', valueOf: (c) => c.id },
  [CustomerOrderField.CODE]: { field: 'code', column: 'c.code', valueOf: (c) => c.code },
  [CustomerOrderField.NAME]: { field: 'name', column: 'c.name', valueOf: (c) => c.name },
  [CustomerOrderField.STATUS]: { field: 'status', column: 'c.status', valueOf: (c) => c.status },
  [CustomerOrderField.GRADE]: { field: 'grade', column: 'c.grade', valueOf: (c) => c.grade },
  [CustomerOrderField.CREATED_AT]: { field: 'createdAt', column: 'c.created_at', valueOf: (c) => c.createdAt },
  [CustomerOrderField.UPDATED_AT]: { field: 'updatedAt', column: 'c.updated_at', valueOf: (c) => c.updatedAt },
};

export function customerOrder(order: CustomerOrder | undefined): KeysetOrder<CustomerEntity> {
  const field = order?.field ?? CustomerOrderField.ID;
  const direction = order?.direction ?? 'ASC';
  const spec = CUSTOMER_ORDERS[field];
  return { key: `${field}_${direction}`, column: spec.column, idColumn: 'c.id', direction, valueOf: spec.valueOf, idOf: (c) => c.id };
}


export function pageSize(ctx: Context, actor: Actor, first: number | undefined): number {
  const limit = maxPageSize(actor, ctx.config);
  const n = first ?? 20;
  if (n < 1 || n > limit) throw badInput('first', `first must be between 1 and ${limit}`);
  return n;
}

/** Customers the actor may see, as a query builder aliased `c`. */
export function scopedCustomers(db: EntityManager, actor: Actor): Qb {
  return scopeCustomers(db.getRepository(CustomerEntity).createQueryBuilder('c'), actor, 'c');
}

/** Columns a customer needs whatever is asked: keys, archive facts (policy), scope and version. */
const CUSTOMER_ALWAYS = ['id', 'archiveLevel', 'ownerId', 'secondManagerId', 'departmentId', 'custodianId', 'version'];

export async function listCustomers(
  ctx: Context, actor: Actor, page: PageArgs, w?: CustomerWhere, order?: CustomerOrder, fieldNames?: ReadonlySet<string>,
) {
  const first = pageSize(ctx, actor, page.first);
  const qb = scopedCustomers(ctx.ds.manager, actor);
  if (fieldNames) qb.select(projectedColumns(ctx.ds, CustomerEntity, 'c', fieldNames, CUSTOMER_ALWAYS));
  const rule = { actor, levels: ctx.levels, grants: ctx.grants };
  applyFilters(qb, CUSTOMER_FILTERS, w, rule, 'Customer', 'c');
  const countQb = qb.clone();
  return keysetPage(qb, guardedOrder(customerOrder(order), rule, 'Customer', CUSTOMER_ORDERS[order?.field ?? CustomerOrderField.ID].field, 'c'), first, page.after, () => countQb.getCount());
}

export async function getCustomer(ctx: Context, actor: Actor, id: string): Promise<CustomerEntity> {
  const c = await scopedCustomers(ctx.ds.manager, actor).andWhere('c.id = :id', { id }).getOne();
  if (!c) throw notFound('Customer', id);
  return c;
}

async function assertStillInScope(tx: EntityManager, actor: Actor, id: string): Promise<CustomerEntity> {
  const c = await scopedCustomers(tx, actor).andWhere('c.id = :id', { id }).getOne();
  if (!c) throw new AppError(ErrorCode.FORBIDDEN, 'The customer would leave your scope: choose an owner and department you manage');
  return c;
}

async function ownerDepartment(tx: EntityManager, ownerId: string): Promise<string | null> {
  const owner = await tx.getRepository(UserEntity).findOneBy({ id: ownerId });
  if (!owner) throw badInput('ownerId', `User ${ownerId} does not exist`);
  return owner.departmentId;
}

const accessFieldsOf = (c: { ownerId?: unknown; secondManagerId?: unknown; departmentId?: unknown }): AccessFields => ({
  ownerId: c.ownerId ? String(c.ownerId) : null, secondManagerId: c.secondManagerId ? String(c.secondManagerId) : null,
  departmentId: c.departmentId ? String(c.departmentId) : null,
});

/**
 * Owner, second manager and department decide who reaches a customer: changing them needs the
 * right to make that access change (auth/duties.ts). Unknown people and departments are BAD_USER_INPUT.
 */
async function assertAccessFieldsChange(tx: EntityManager, actor: Actor, before: AccessFields, after: AccessFields): Promise<void> {
  const people = [after.ownerId, after.secondManagerId].filter((id): id is string => Boolean(id));
  const rows: Array<{ id: string; active: number | boolean; path: string | null; roles: string | null }> = people.length ? await tx.query(
    `SELECT u.id, u.active, d.path, GROUP_CONCAT(r.name) AS roles FROM app_user u
       LEFT JOIN department d ON d.id = u.department_id LEFT JOIN user_role ur ON ur.user_id = u.id LEFT JOIN role r ON r.id = ur.role_id
      WHERE u.id IN (?) AND u.deleted_at IS NULL GROUP BY u.id, u.active, d.path`, [people]) : [];
  const found = new Map(rows.map((r) => [String(r.id), {
    active: Boolean(Number(r.active)), departmentPath: r.path, roles: (r.roles ? r.roles.split(',') : []) as RoleName[],
  }]));
  for (const k of ['ownerId', 'secondManagerId'] as const) {
    const id = after[k];
    if (id && !found.has(id)) throw badInput(k, `User ${id} does not exist`);
  }
  const departments = new Map<string, string>();
  if (after.departmentId) {
    const dept = await tx.getRepository(DepartmentEntity).findOneBy({ id: after.departmentId });
    if (!dept) throw badInput('departmentId', `Department ${after.departmentId} does not exist`);
    departments.set(dept.id, dept.path);
  }
  assertCanChangeAccessFields(actor, before, after, { people: found, departments });
}

/** Input keys that name a different catalogue field. */
const FIELD_OF_INPUT: Record<string, string> = { ownerId: 'owner', secondManagerId: 'secondManager', departmentId: 'department' };

/** Writing a field needs the right to read it (DESIGN §3). */
function assertCustomerWritable(ctx: Context, actor: Actor, patch: Record<string, unknown>, facts: ArchiveFacts): void {
  const fields = Object.keys(patch).map((k) => FIELD_OF_INPUT[k] ?? k);
  assertWritable(actor, ctx.levels, ctx.grants, 'Customer', fields, facts);
}

function generatedCode(now: Date): string {
  return `C${now.getTime().toString(36).toUpperCase()}${Math.floor(Math.random() * 1296).toString(36).toUpperCase().padStart(2, '0')}`;
}

export async function createCustomer(ctx: Context, actor: Actor, input: CreateCustomerInput): Promise<CustomerEntity> {
  assertPermission(actor, Permission.CUSTOMER_WRITE);
  return ctx.ds.transaction(async (tx) => {
    const ownerId = input.ownerId ?? actor.userId;
    const ownersDepartment = await ownerDepartment(tx, ownerId);
    const departmentId = input.departmentId ?? ownersDepartment;
    // The defaults (the creator as owner, in the owner's department) are no access change; anything else is.
    const defaults = { ownerId: actor.userId, secondManagerId: null, departmentId: ownersDepartment };
    await assertAccessFieldsChange(tx, actor, defaults, accessFieldsOf({ ownerId, secondManagerId: input.secondManagerId, departmentId }));
    assertCustomerWritable(ctx, actor, definedOnly(input), { customerId: '', archiveLevel: Level.INTERNAL, ownerId, custodianId: null });
    const row = { ...definedOnly(input), ownerId, departmentId, code: input.code ?? generatedCode(ctx.clock.now()) };
    const id = await tx.getRepository(CustomerEntity).insert(row as Partial<CustomerEntity>)
      .then((r) => String(r.identifiers[0].id), (err) => translateDbError(err, `Customer code ${row.code}`));
    const created = await assertStillInScope(tx, actor, id);
    await recordChange(ctx, tx, 'CREATE', 'Customer', id, null, created);
    return created;
  });
}

export async function updateCustomer(ctx: Context, actor: Actor, input: UpdateCustomerInput): Promise<CustomerEntity> {
  assertPermission(actor, Permission.CUSTOMER_WRITE);
  return ctx.ds.transaction(async (tx) => {
    const before = await scopedCustomers(tx, actor).andWhere('c.id = :id', { id: input.id }).setLock('pessimistic_write').getOne();
    if (!before) throw notFound('Customer', input.id);
    const patch = definedOnly(input, ['id', 'version']);
    assertCustomerWritable(ctx, actor, patch, archiveFacts(before));
    if (patch.ownerId && !input.departmentId) patch.departmentId = await ownerDepartment(tx, String(patch.ownerId));
    await assertAccessFieldsChange(tx, actor, accessFieldsOf(before), accessFieldsOf({ ...before, ...patch }));
    await updateVersioned(tx, CustomerEntity, 'Customer', input.id, input.version, patch)
      .catch((err) => (err instanceof AppError ? Promise.reject(err) : translateDbError(err, 'Customer')));
    const after = await assertStillInScope(tx, actor, input.id);
    await recordChange(ctx, tx, 'UPDATE', 'Customer', input.id, before, after);
    return after;
  });
}

export async function deleteCustomer(ctx: Context, actor: Actor, id: string, version: number): Promise<string> {
  assertPermission(actor, Permission.CUSTOMER_DELETE);
  return ctx.ds.transaction(async (tx) => {
    const before = await scopedCustomers(tx, actor).andWhere('c.id = :id', { id }).getOne();
    if (!before) throw notFound('Customer', id);
    assertDeletable(actor, ctx.levels, ctx.grants, 'Customer', archiveFacts(before));
    await softDeleteVersioned(tx, CustomerEntity, 'Customer', id, version, ctx.clock.now());
    await recordChange(ctx, tx, 'DELETE', 'Customer', id, before, null);
    return id;
  });
}
