import { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/** Column types whose driver value is already the entity value (a string, or null). */
const PLAIN_TYPES = new Set<unknown>(['varchar', 'char', 'text', 'mediumtext', 'longtext', String]);

interface Slot { key: string; property: string; column: ColumnMetadata; plain: boolean; transformed: boolean }

/** Which row keys fill which properties, worked out once per entity, key prefix and set of row keys. */
const plans = new WeakMap<EntityMetadata, Map<string, Slot[]>>();

function planOf(meta: EntityMetadata, prefix: string, sample: Record<string, unknown>): Slot[] {
  let byShape = plans.get(meta);
  if (!byShape) plans.set(meta, (byShape = new Map()));
  const keys = Object.keys(sample);
  const shape = `${prefix}\u0000${keys.join(',')}`;
  let slots = byShape.get(shape);
  if (!slots) {
    const present = new Set(keys);
    slots = meta.columns.filter((c) => present.has(prefix + c.databaseName)).map((c) => ({
      key: prefix + c.databaseName, property: c.propertyName, column: c, plain: PLAIN_TYPES.has(c.type) && !c.transformer, transformed: Boolean(c.transformer),
    }));
    byShape.set(shape, slots);
  }
  return slots;
}

/**
 * Turns raw rows into entity instances with the driver's type conversions, for the columns the rows
 * hold: `prefix` is `alias_` for rows from a query builder's getRawMany, '' for plain snake_case
 * rows. Cheaper than the query builder's own transformer, which handles relations these rows never have.
 */
export function hydrate<T extends ObjectLiteral>(
  ds: DataSource, target: EntityTarget<T>, rows: Array<Record<string, unknown>>, prefix = '',
): T[] {
  if (rows.length === 0) return [];
  const meta = ds.getMetadata(target);
  const slots = planOf(meta, prefix, rows[0]);
  const proto = (meta.target as { prototype: object }).prototype;
  const driver = ds.driver;
  return rows.map((row) => {
    const entity = Object.create(proto) as Record<string, unknown>;
    for (const s of slots) {
      const v = row[s.key];
      entity[s.property] = s.plain || ((v === null || v === undefined) && !s.transformed) ? v : driver.prepareHydratedValue(v, s.column);
    }
    return entity as T;
  });
}
