import { DataSource } from 'typeorm';
import { connectionOptions, migrate, seedDemo } from '@custodian/migrations';
import { TEST_DATABASE_URL } from './db';

/** A fresh test database for each run: dropped, migrated and seeded with the demo data. */
export default async function globalSetup(): Promise<void> {
  process.env.NODE_ENV = 'test';
  const url = new URL(TEST_DATABASE_URL);
  const name = url.pathname.slice(1);
  url.pathname = '/';
  const admin = new DataSource({ type: 'mysql', url: url.toString() });
  await admin.initialize();
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.destroy();
  await migrate(TEST_DATABASE_URL);
  const ds = new DataSource(connectionOptions(TEST_DATABASE_URL));
  await ds.initialize();
  await seedDemo(ds);
  await ds.destroy();
}
