import { lexicographicSortSchema, printSchema } from 'graphql';
import { appSchema } from './schema';

export { buildServer, connectWithRetry } from './server';
export type { Server, ServerOptions } from './server';
export { ManualClock, systemClock } from './clock';
export { createDataSource } from './db/data-source';
export { appSchema } from './schema';
export { recordExpiredGrants } from './modules/access/access.service';
export { verifyChain } from './audit/audit.service';
export { stringInputs } from './common/input-limits';
export type { StringInput } from './common/input-limits';
export { DEV_AUDIT_KEY, resolveAuditKey } from './audit/key';
export { redactSqlMessage, safeError } from './logger';

/** The schema as SDL, sorted so the committed file diffs cleanly. */
export async function printSchemaText(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await appSchema()))}\n`;
}
