import { TableColumnOptions } from 'typeorm';

/** Column builders for the schema-builder migrations: portable types only. */
export const col = {
  id: (name = 'id'): TableColumnOptions => ({ name, type: 'bigint', isPrimary: true, isGenerated: true, generationStrategy: 'increment', unsigned: true }),
  ref: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'bigint', unsigned: true, isNullable: nullable }),
  str: (name: string, length = 255, nullable = true): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable }),
  text: (name: string): TableColumnOptions => ({ name, type: 'text', isNullable: true }),
  int: (name: string, nullable = true, dflt?: number): TableColumnOptions => ({ name, type: 'int', isNullable: nullable, default: dflt }),
  bool: (name: string, dflt = false): TableColumnOptions => ({ name, type: 'boolean', isNullable: false, default: dflt }),
  money: (name: string, nullable = true): TableColumnOptions => ({ name, type: 'decimal', precision: 18, scale: 2, isNullable: nullable }),
  decimal: (name: string, precision: number, scale: number, nullable = true): TableColumnOptions => ({ name, type: 'decimal', precision, scale, isNullable: nullable }),
  date: (name: string): TableColumnOptions => ({ name, type: 'date', isNullable: true }),
  time: (name: string, nullable = true): TableColumnOptions => ({ name, type: 'datetime', precision: 3, isNullable: nullable }),
  enumStr: (name: string, dflt: string, length = 32): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: false, default: `'${dflt}'` }),
  created: (): TableColumnOptions => ({ name: 'created_at', type: 'datetime', precision: 3, isNullable: false, default: 'CURRENT_TIMESTAMP(3)' }),
  updated: (): TableColumnOptions => ({ name: 'updated_at', type: 'datetime', precision: 3, isNullable: false, default: 'CURRENT_TIMESTAMP(3)' }),
  deleted: (): TableColumnOptions => ({ name: 'deleted_at', type: 'datetime', precision: 3, isNullable: true }),
  version: (): TableColumnOptions => ({ name: 'version', type: 'int', isNullable: false, default: 1 }),
};

/** created_at, updated_at, deleted_at, version: the columns every business row carries. */
export const businessRow = (): TableColumnOptions[] => [col.created(), col.updated(), col.deleted(), col.version()];
