import 'reflect-metadata';
import { DataSource, DataSourceOptions } from 'typeorm';
import { Init1764000000000 } from './migrations/1764000000000-Init';
import { Security1764000000001 } from './migrations/1764000000001-Security';
import { Audit1764000000002 } from './migrations/1764000000002-Audit';
import { Access1764000000003 } from './migrations/1764000000003-Access';
import { Analytics1764000000004 } from './migrations/1764000000004-Analytics';
import { RateLimits1764000000005 } from './migrations/1764000000005-RateLimits';
import { AuditWideText1764000000006 } from './migrations/1764000000006-AuditWideText';
import { AuditTargetsHash1764000000007 } from './migrations/1764000000007-AuditTargetsHash';
import { DualControl1764000000008 } from './migrations/1764000000008-DualControl';
import { AuditClientRequestId1764000000030 } from './migrations/1764000000030-AuditClientRequestId';
import { ensureAppAccount } from './app-account';
import { firstHostUrl } from './hosts';

/** Every migration, in order. */
export const MIGRATIONS = [Init1764000000000, Security1764000000001, Audit1764000000002, Access1764000000003, Analytics1764000000004, RateLimits1764000000005, AuditWideText1764000000006, AuditTargetsHash1764000000007,
  DualControl1764000000008, AuditClientRequestId1764000000030];

export const DEFAULT_DATABASE_URL = 'mysql://root@127.0.0.1:3306/custodian';

export function databaseUrl(): string {
  return process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
}

/** The account that migrates (needs DDL and GRANT): MIGRATE_DATABASE_URL, else DATABASE_URL. */
export function migrateUrl(): string {
  return process.env.MIGRATE_DATABASE_URL || databaseUrl();
}

/** Connection options shared by the migration runner and the API (a host list: its first host). */
export function connectionOptions(url = databaseUrl()): DataSourceOptions {
  return {
    type: 'mysql',
    url: firstHostUrl(url),
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    extra: { connectionLimit: Number(process.env.DATABASE_POOL_SIZE ?? 10) },
  };
}

/** Creates the database named in the URL when it does not exist yet. */
export async function ensureDatabase(url = databaseUrl()): Promise<void> {
  const parsed = new URL(firstHostUrl(url));
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`invalid database name in DATABASE_URL: ${name}`);
  parsed.pathname = '/';
  const ds = new DataSource({ type: 'mysql', url: parsed.toString() });
  await ds.initialize();
  try {
    await ds.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await ds.destroy();
  }
}

/** Creates the database if needed and runs pending migrations. */
export async function migrate(url = migrateUrl()): Promise<string[]> {
  await ensureDatabase(url);
  const ds = new DataSource(connectionOptions(url));
  await ds.initialize();
  try {
    const ran = await ds.runMigrations({ transaction: 'each' });
    const database = decodeURIComponent(new URL(firstHostUrl(url)).pathname.replace(/^\//, ''));
    await ensureAppAccount(ds, database).catch((err: Error) => {
      console.warn(`custodian: could not create the application database account (${err.message}); the API can still run with DATABASE_URL's account`);
    });
    return ran.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
