import DataLoader from 'dataloader';
import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { hydrate } from '../db/hydrate';
import { Direction, encodeCursor, decodeCursor } from './keyset';
import { Page } from './connection';

/** How the children of a parent are listed: table, parent column and keyset ordering. */
export interface ChildList<E extends ObjectLiteral> {
  name: string;
  entity: EntityTarget<E>;
  table: string;
  parentColumn: string;
  parentOf: (row: E) => string;
  /** Sort column (snake_case) before the id tie-breaker; omitted: by id. Never NULL. */
  column?: string;
  direction: Direction;
  valueOf?: (row: E) => unknown;
  softDelete: boolean;
}

const cursorOf = <E extends ObjectLiteral>(spec: ChildList<E>, row: E): string =>
  spec.column ? encodeCursor(spec.name, [spec.valueOf!(row), row.id]) : encodeCursor(spec.name, [row.id]);

/**
 * One query for the first `first` children of every parent in the batch (window function, portable
 * to MySQL 8, MariaDB 10.2+, TiDB and SQLite 3.25+), whatever the number of parents.
 */
export function childPageLoader<E extends ObjectLiteral>(
  ds: DataSource, spec: ChildList<E>, first: number, after: string | undefined, count: (parentId: string) => Promise<number>,
): DataLoader<string, Page<E>> {
  return new DataLoader(async (parentIds) => {
    const dir = spec.direction;
    const cmp = dir === 'ASC' ? '>' : '<';
    const order = spec.column ? `t.${spec.column} ${dir}, t.id ${dir}` : `t.id ${dir}`;
    const params: unknown[] = [...parentIds];
    let predicate = '';
    if (after) {
      if (spec.column) {
        const [v, id] = decodeCursor(after, spec.name, 2);
        predicate = ` AND (t.${spec.column} ${cmp} ? OR (t.${spec.column} = ? AND t.id ${cmp} ?))`;
        params.push(v, v, id);
      } else {
        const [id] = decodeCursor(after, spec.name, 1);
        predicate = ` AND t.id ${cmp} ?`;
        params.push(id);
      }
    }
    params.push(first + 1);
    const rows: Array<Record<string, unknown>> = await ds.query(
      `SELECT * FROM (SELECT t.*, ROW_NUMBER() OVER (PARTITION BY t.${spec.parentColumn} ORDER BY ${order}) AS rn__${after ? '' : `,
              COUNT(*) OVER (PARTITION BY t.${spec.parentColumn}) AS total__`}
         FROM ${spec.table} t
        WHERE t.${spec.parentColumn} IN (${parentIds.map(() => '?').join(',')})${spec.softDelete ? ' AND t.deleted_at IS NULL' : ''}${predicate}) x
        WHERE x.rn__ <= ? ORDER BY x.rn__`,
      params,
    );
    const byParent = new Map<string, E[]>();
    // A first page counts its parent's children in the same statement (the window sees them all anyway).
    const totals = new Map<string, number>();
    hydrate(ds, spec.entity, rows).forEach((entity, i) => {
      const key = spec.parentOf(entity);
      const list = byParent.get(key);
      if (list) list.push(entity);
      else byParent.set(key, [entity]);
      if (!after) totals.set(key, Number(rows[i].total__));
    });
    return parentIds.map((pid) => {
      const all = byParent.get(pid) ?? [];
      const nodes = all.slice(0, first);
      const counted = after ? undefined : totals.get(pid) ?? 0;
      return {
        nodes, cursors: nodes.map((n) => cursorOf(spec, n)), hasNextPage: all.length > first, hasPreviousPage: Boolean(after),
        count: counted === undefined ? () => count(pid) : () => Promise.resolve(counted),
      };
    });
  });
}

/** Counts children per parent in one grouped query. */
export function childCountLoader<E extends ObjectLiteral>(ds: DataSource, spec: ChildList<E>): DataLoader<string, number> {
  return new DataLoader(async (parentIds) => {
    const rows: Array<{ p: string; n: string }> = await ds.query(
      `SELECT t.${spec.parentColumn} AS p, COUNT(*) AS n FROM ${spec.table} t
        WHERE t.${spec.parentColumn} IN (${parentIds.map(() => '?').join(',')})${spec.softDelete ? ' AND t.deleted_at IS NULL' : ''}
        GROUP BY t.${spec.parentColumn}`,
      [...parentIds],
    );
    const counts = new Map(rows.map((r) => [String(r.p), Number(r.n)]));
    return parentIds.map((id) => counts.get(id) ?? 0);
  });
}

/** Loads rows by primary key in one query. */
export function byIdLoader<E extends ObjectLiteral>(ds: DataSource, entity: EntityTarget<E>): DataLoader<string, E | null> {
  return new DataLoader(async (ids) => {
    const rows = await ds.getRepository(entity).createQueryBuilder('t').where('t.id IN (:...ids)', { ids: [...ids] }).getMany();
    const map = new Map(rows.map((r) => [String(r.id), r]));
    return ids.map((id) => map.get(id) ?? null);
  });
}
