import { AsyncLocalStorage } from 'node:async_hooks';
import { AbstractLogger, LogLevel, LogMessage, QueryRunner } from 'typeorm';
import { logger } from '../logger';

/** Per-request facts carried through async calls: request id and SQL statement count. */
export const requestStore = new AsyncLocalStorage<{ requestId: string; statements: number }>();

/** TypeORM logger that counts statements for the current request and sends problems to pino. */
export class CountingLogger extends AbstractLogger {
  override logQuery(): void {
    const scope = requestStore.getStore();
    if (scope) scope.statements += 1;
  }
  override logQueryError(error: string | Error, query: string): void {
    this.logQuery();
    logger.debug({ err: error, query: query.slice(0, 500) }, 'query failed');
  }
  protected writeLog(level: LogLevel, message: LogMessage | LogMessage[], _q?: QueryRunner): void {
    if (level === 'warn' || level === 'error') logger.warn({ typeorm: message }, 'typeorm');
  }
}
