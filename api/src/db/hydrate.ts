import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/** Turns raw rows (snake_case columns) into entity instances, with the driver's type conversions. */
export function hydrate<T extends ObjectLiteral>(ds: DataSource, target: EntityTarget<T>, rows: Array<Record<string, unknown>>): T[] {
  const meta = ds.getMetadata(target);
  return rows.map((row) => {
    const entity = meta.create() as T;
    for (const column of meta.columns) {
      if (!(column.databaseName in row)) continue;
      (entity as Record<string, unknown>)[column.propertyName] = ds.driver.prepareHydratedValue(row[column.databaseName], column);
    }
    return entity;
  });
}
