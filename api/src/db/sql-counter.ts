import { AsyncLocalStorage } from 'node:async_hooks';
import { AbstractLogger, LogLevel, LogMessage, QueryRunner } from 'typeorm';
import { logger, redactSqlMessage } from '../logger';

/** Per-request facts carried through async calls: request id and SQL statement count. */
export const requestStore = new AsyncLocalStorage<{ requestId: string; statements: number }>();

/** TypeORM logger that counts statements for the current request and sends problems to pino. */
export class CountingLogger extends AbstractLogger {
  override logQuery(): void {
    const scope = requestStore.getStore();
    if (scope) scope.statements += 1;
  }
  /** The statement with its placeholders, never its parameters (they may be CLASSIFIED values: logger.ts). */
  override logQueryError(error: string | Error, query: string): void {
    this.logQuery();
    logger.debug({ err: typeof error === 'string' ? new Error(redactSqlMessage(error)) : error, query: query.slice(0, 500) }, 'query failed');
  }
  override logQuerySlow(time: number, query: string): void {
    logger.warn({ time, query: query.slice(0, 500) }, 'slow query');
  }
  protected writeLog(level: LogLevel, message: LogMessage | LogMessage[], _q?: QueryRunner): void {
    if (level !== 'warn' && level !== 'error') return;
    const messages = (Array.isArray(message) ? message : [message])
      .map((m) => ({ type: m.type, message: typeof m.message === 'string' ? m.message.slice(0, 500) : undefined }));
    logger.warn({ typeorm: messages }, 'typeorm');
  }
}
