import { ErrorCode } from '@custodian/schema';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { hydrate } from '../db/hydrate';
import { AppError } from '../errors';

export type Direction = 'ASC' | 'DESC';

/** A keyset ordering: one sort column (may be null) and the primary key as tie-breaker. */
export interface KeysetOrder<T> {
  /** Stable name written into cursors so a cursor from another ordering is refused. */
  key: string;
  /** SQL expression of the sort column, alias included (`c.name`); omitted when sorting by id alone. */
  column?: string;
  idColumn: string;
  direction: Direction;
  valueOf: (row: T) => unknown;
  idOf: (row: T) => string;
}

function sqlValue(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString().replace('T', ' ').replace('Z', '');
  return v ?? null;
}

export function encodeCursor(key: string, values: unknown[]): string {
  return Buffer.from(JSON.stringify([key, ...values.map(sqlValue)])).toString('base64url');
}

const isScalar = (v: unknown): boolean => v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

export function decodeCursor(cursor: string, key: string, arity: number): unknown[] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed[0] === key && parsed.length === arity + 1) {
      const values = parsed.slice(1);
      // Only scalars go into SQL parameters; the last value is always the row id.
      if (values.every(isScalar) && /^\d{1,20}$/.test(String(values[values.length - 1]))) return values;
    }
  } catch {
    /* fall through to the error below */
  }
  throw new AppError(ErrorCode.BAD_USER_INPUT, 'The cursor in "after" is invalid or belongs to another ordering', { field: 'after' });
}

let paramSeq = 0;

/**
 * Adds ORDER BY and the "after cursor" predicate to a query. NULLs sort first ascending and last
 * descending (MySQL, MariaDB, TiDB and SQLite agree), and the predicate follows that.
 */
export function applyKeyset<E extends ObjectLiteral, T>(qb: SelectQueryBuilder<E>, order: KeysetOrder<T>, after?: string | null): void {
  const { column, idColumn, direction } = order;
  const cmp = direction === 'ASC' ? '>' : '<';
  if (column) qb.addOrderBy(column, direction);
  qb.addOrderBy(idColumn, direction);
  if (!after) return;
  const n = ++paramSeq;
  if (!column) {
    const [id] = decodeCursor(after, order.key, 1);
    qb.andWhere(`${idColumn} ${cmp} :kid${n}`, { [`kid${n}`]: id });
    return;
  }
  const [value, id] = decodeCursor(after, order.key, 2);
  const p = { [`kv${n}`]: value, [`kid${n}`]: id };
  if (value === null) {
    qb.andWhere(direction === 'ASC'
      ? `((${column} IS NULL AND ${idColumn} > :kid${n}) OR ${column} IS NOT NULL)`
      : `(${column} IS NULL AND ${idColumn} < :kid${n})`, p);
  } else {
    qb.andWhere(direction === 'ASC'
      ? `(${column} > :kv${n} OR (${column} = :kv${n} AND ${idColumn} > :kid${n}))`
      : `(${column} < :kv${n} OR (${column} = :kv${n} AND ${idColumn} < :kid${n}) OR ${column} IS NULL)`, p);
  }
}


/** Runs a keyset page: fetches first + 1 rows to learn whether another page follows. */
export async function keysetPage<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>, order: KeysetOrder<E>, first: number, after: string | null | undefined,
  count: () => Promise<number>,
) {
  applyKeyset(qb, order, after);
  // The cursor carries the sort expression's own value, so a value the caller may not read never leaves in it.
  if (order.column) qb.addSelect(`(${order.column})`, 'keyset_value');
  // Raw rows hydrated directly (the main alias only: scope joins select nothing).
  const raw: Array<Record<string, unknown>> = await qb.take(undefined).limit(first + 1).getRawMany();
  const rows = hydrate(qb.connection, qb.expressionMap.mainAlias!.target, raw, `${qb.alias}_`) as E[];
  const nodes = rows.slice(0, first);
  const cursors = order.column
    ? nodes.map((n, i) => encodeCursor(order.key, [raw[i].keyset_value, order.idOf(n)]))
    : nodes.map((n) => encodeCursor(order.key, [order.idOf(n)]));
  return { nodes, cursors, hasNextPage: rows.length > first, hasPreviousPage: Boolean(after), count };
}
