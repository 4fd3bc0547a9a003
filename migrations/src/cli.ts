import { DataSource } from 'typeorm';
import { connectionOptions, databaseUrl, migrate, migrateUrl } from './data-source';
import { seedDemo } from './seed';

async function main(command: string): Promise<void> {
  if (command === 'migrate' || command === 'setup') {
    const ran = await migrate();
    console.log(ran.length ? `migrated: ${ran.join(', ')}` : 'database schema is up to date');
  }
  if (command === 'seed' || command === 'setup') {
    const ds = new DataSource(connectionOptions(migrateUrl()));
    await ds.initialize();
    try {
      console.log((await seedDemo(ds)) ? 'demo data seeded' : 'demo data already present');
    } finally {
      await ds.destroy();
    }
  }
  if (!['migrate', 'seed', 'setup'].includes(command)) {
    throw new Error(`unknown command "${command}" (migrate | seed | setup)`);
  }
}

main(process.argv[2] ?? 'setup').catch((err: Error & { code?: string }) => {
  const where = databaseUrl().replace(/\/\/[^@]*@/, '//***@');
  console.error(`custodian: ${err.code === 'ECONNREFUSED' ? `cannot reach the database at ${where}` : err.message}`);
  process.exit(1);
});
