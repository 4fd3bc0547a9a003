import { DataSource } from 'typeorm';
import { BUSINESS_TABLES } from './migrations/1764000000002-Audit';

export const APP_DB_USER = process.env.APP_DB_USER || 'custodian_app';
export const APP_DB_PASSWORD = process.env.APP_DB_PASSWORD || 'custodian-app-dev';

/**
 * Creates the application's own database account: full use of business tables, but only INSERT and
 * SELECT on the audit log (audit_event, audit_target) — it can neither alter nor delete an entry.
 * audit_head, the chain-head pointer, is SELECT and UPDATE. Needs an account with GRANT OPTION.
 */
export async function ensureAppAccount(ds: DataSource, database: string): Promise<void> {
  const user = APP_DB_USER.replace(/[^A-Za-z0-9_]/g, '');
  for (const host of ['localhost', '127.0.0.1', '%']) {
    const who = `'${user}'@'${host}'`;
    await ds.query(`CREATE USER IF NOT EXISTS ${who} IDENTIFIED BY ?`, [APP_DB_PASSWORD]);
    for (const t of BUSINESS_TABLES) await ds.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON \`${database}\`.\`${t}\` TO ${who}`);
    for (const t of ['audit_event', 'audit_target']) await ds.query(`GRANT SELECT, INSERT ON \`${database}\`.\`${t}\` TO ${who}`);
    await ds.query(`GRANT SELECT, UPDATE ON \`${database}\`.\`audit_head\` TO ${who}`);
    await ds.query(`GRANT SELECT ON \`${database}\`.\`schema_migration\` TO ${who}`);
  }
}
