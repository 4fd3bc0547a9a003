import { RowScope } from '@custodian/schema';
import { Brackets, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Actor } from './actor';
import { FieldLevels } from './levels';
import { ActiveGrant, forbiddenField, readableCondition } from './policy';

/**
 * Row filters: the only place that turns an actor's scope into SQL. A record outside the scope
 * simply matches no row, so it does not exist for the actor.
 *
 * `customerAlias` is the alias of the customer table in the query (contacts, activities and orders
 * join their customer and take its scope); `recordType` is the type of the rows listed, since a field
 * grant opens only the child records of the types it names (docs/access.md "Grants").
 */
export function scopeCustomers<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>, actor: Actor, customerAlias: string, recordType = 'Customer',
): SelectQueryBuilder<E> {
  const a = customerAlias;
  const opened = recordType === 'Customer' ? actor.grantCustomerIds : actor.grantRecords?.[recordType] ?? [];
  const granted = opened.filter((id) => /^\d+$/.test(id));
  if (granted.length > 0 && actor.scope !== RowScope.ALL) {
    // Step 1: a record under an open grant exists for the actor even outside their scope.
    return qb.andWhere(new Brackets((w) => {
      w.where(`${a}.id IN (${granted.join(',')})`).orWhere(new Brackets((inner) => {
        scopeCustomers(inner as unknown as SelectQueryBuilder<E>, standingActor(actor), a);
      }));
    }));
  }
  switch (actor.scope) {
    case RowScope.ALL:
      return qb;
    case RowScope.DEPARTMENT:
      return qb.andWhere(new Brackets((w) => {
        w.where(`${a}.department_id IN (SELECT sd.id FROM department sd WHERE sd.path LIKE :scopeDeptPath)`, {
          scopeDeptPath: `${actor.departmentPath ?? '/nowhere/'}%`,
        }).orWhere(`${a}.owner_id = :scopeUserId OR ${a}.second_manager_id = :scopeUserId`, { scopeUserId: actor.userId });
      }));
    case RowScope.OWN:
      return qb.andWhere(`(${a}.owner_id = :scopeUserId OR ${a}.second_manager_id = :scopeUserId)`, { scopeUserId: actor.userId });
    case RowScope.SUMMARY:
    case RowScope.NONE:
      return qb.andWhere('1 = 0');
  }
}

/** The actor without their grants: their standing scope. */
export function standingActor(actor: Actor): Actor {
  return { ...actor, grantCustomerIds: [], grantRecords: {} };
}

/** Scope for aggregates: SUMMARY sees totals over its department subtree, never rows. */
export function scopeAggregates<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>, actor: Actor, customerAlias: string, recordType = 'Customer',
): SelectQueryBuilder<E> {
  if (actor.scope !== RowScope.SUMMARY) return scopeCustomers(qb, actor, customerAlias, recordType);
  return qb.andWhere(`${customerAlias}.department_id IN (SELECT sd.id FROM department sd WHERE sd.path LIKE :scopeDeptPath)`, {
    scopeDeptPath: `${actor.departmentPath ?? '/nowhere/'}%`,
  });
}

/** What the side-channel rule needs from a request. */
export interface ReadRule {
  actor: Actor;
  levels: FieldLevels;
  grants: readonly ActiveGrant[];
}

/**
 * The SQL condition (over customer alias `cu`) under which `typeName.field` is readable; throws
 * FORBIDDEN when it is readable nowhere. Used for where, orderBy, search, groupBy and aggregates.
 */
export function readableWhere(rule: ReadRule, typeName: string, field: string, cu: string, use: string): string {
  const cond = readableCondition(rule.actor, rule.levels, rule.grants, typeName, field, cu);
  if (cond === null) throw forbiddenField(typeName, field, use);
  return cond;
}

/** Restricts a query to rows where every listed field is readable (side channels closed). */
export function restrictToReadable<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>, rule: ReadRule, typeName: string, fields: readonly string[], cu: string, use: string,
): void {
  for (const field of fields) {
    const cond = readableWhere(rule, typeName, field, cu, use);
    if (cond !== 'TRUE') qb.andWhere(cond);
  }
}
