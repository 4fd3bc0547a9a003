import { DataSource } from 'typeorm';
import { connectionOptions, databaseUrl, migrate, migrateUrl } from './data-source';
import { seedDemo } from './seed';
import { generate, SCALE_CUSTOMERS, Scale } from './generate';

/** `generate --scale small|medium|large [--force] [--seed N]` */
async function generateCommand(args: string[]): Promise<void> {
  const opt = (name: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : undefined; };
  const scale = (opt('scale') ?? 'small') as Scale;
  if (!(scale in SCALE_CUSTOMERS)) throw new Error(`--scale must be one of ${Object.keys(SCALE_CUSTOMERS).join(', ')}`);
  const seed = opt('seed') === undefined ? undefined : Number(opt('seed'));
  const ran = await migrate();
  if (ran.length) console.log(`migrated: ${ran.join(', ')}`);
  const ds = new DataSource(connectionOptions(migrateUrl()));
  await ds.initialize();
  try {
    const r = await generate(ds, { scale, force: args.includes('--force'), seed });
    console.log(`generated ${r.customers + r.contacts + r.activities + r.orders + r.lines} rows in ${r.seconds.toFixed(1)}s`);
  } finally {
    await ds.destroy();
  }
}

async function main(command: string): Promise<void> {
  if (command === 'generate') return generateCommand(process.argv.slice(3));
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
    throw new Error(`unknown command "${command}" (migrate | seed | setup | generate)`);
  }
}

main(process.argv[2] ?? 'setup').catch((err: Error & { code?: string }) => {
  const where = databaseUrl().replace(/\/\/[^@]*@/, '//***@');
  console.error(`custodian: ${err.code === 'ECONNREFUSED' ? `cannot reach the database at ${where}` : err.message}`);
  process.exit(1);
});
