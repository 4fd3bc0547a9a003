import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { readableCondition } from '../auth/policy';
import { ReadRule, readableWhere, restrictToReadable } from '../auth/scope';
import { KeysetOrder } from './keyset';

/** SQL condition under which a field of the filtered type is readable (side-channel rule); FALSE where readable nowhere. */
export type Readable = (field: string) => string;

export interface FilterSpec<Q> {
  /** Fields the filter reads: rows where any of them is unreadable are not matched. */
  fields: readonly string[];
  apply: (qb: Q, value: never, readable: Readable) => void;
}

/**
 * Applies a `where` input through its filter table. Every filter is restricted to rows where the
 * fields it reads are readable by the caller, so a hidden value never decides what is returned
 * (filters that OR several fields, like search, apply `readable` per field themselves).
 */
export function applyFilters<E extends ObjectLiteral, Q extends SelectQueryBuilder<E>>(
  qb: Q, filters: Record<string, FilterSpec<Q>>, where: object | undefined, rule: ReadRule, typeName: string, cu: string,
): void {
  if (!where) return;
  // A search ORs several fields: one readable nowhere simply matches nothing (the others still search).
  const readable: Readable = (field) => readableCondition(rule.actor, rule.levels, rule.grants, typeName, field, cu) ?? 'FALSE';
  for (const [key, value] of Object.entries(where)) {
    if (value === undefined || value === null) continue;
    const filter = filters[key];
    restrictToReadable(qb, rule, typeName, filter.fields, cu, 'where');
    (filter.apply as (qb: Q, v: unknown, readable: Readable) => void)(qb, value, readable);
  }
}

/**
 * Sorting by a field must not reveal hidden values: where the caller cannot read the field, the row
 * sorts as if the value were NULL (and its cursor carries NULL). Readable everywhere: the plain,
 * indexed column. Readable nowhere: FORBIDDEN.
 */
export function guardedOrder<T>(order: KeysetOrder<T>, rule: ReadRule, typeName: string, field: string, cu: string): KeysetOrder<T> {
  if (!order.column) return order;
  const cond = readableWhere(rule, typeName, field, cu, 'orderBy');
  return cond === 'TRUE' ? order : { ...order, column: `(CASE WHEN ${cond} THEN ${order.column} END)` };
}
