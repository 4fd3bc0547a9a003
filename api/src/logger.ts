import pino from 'pino';

/**
 * No log line may carry a value above INTERNAL (docs/audit.md, "Logs"). Database errors are where
 * values leak: TypeORM's QueryFailedError and mysql2's errors carry the statement's `parameters`,
 * the `sql` with the values filled in, and a `sqlMessage` that quotes the offending value
 * ("Duplicate entry '13800000000' for key …", "Incorrect integer value: 'x' for column …").
 * Errors are logged through `safeError`: type, code, a message with quoted values replaced by '?',
 * and the stack frames — never parameters, SQL or the driver's own error object.
 */

/** A quoted literal in a driver message, unless it names a column, key, table or constraint. */
const QUOTED_VALUE = /(?<!\b(?:column|key|table|database|constraint|field|index|function|procedure|savepoint) )'(?:[^'\\]|\\.|'')*'/gi;

export function redactSqlMessage(message: string): string {
  return message.replace(QUOTED_VALUE, "'?'");
}

/** Properties of an error that never reach the log: they hold statement values. */
const DROPPED = new Set(['parameters', 'sql', 'query', 'sqlMessage', 'driverError', 'values', 'detail']);

interface LoggableError { type: string; message: string; stack?: string; code?: unknown; errno?: unknown; sqlState?: unknown; [k: string]: unknown }

export function safeError(err: unknown, depth = 0): LoggableError | unknown {
  if (!(err instanceof Error)) return err;
  const e = err as Error & Record<string, unknown>;
  const isDriver = 'sqlState' in e || 'errno' in e || 'driverError' in e || 'parameters' in e;
  const message = isDriver ? redactSqlMessage(e.message) : e.message;
  const frames = (e.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
  const out: LoggableError = { type: e.constructor?.name ?? 'Error', message, stack: [`${e.name}: ${message}`, ...frames].join('\n') };
  for (const [k, v] of Object.entries(e)) {
    if (DROPPED.has(k) || k in out) continue;
    if (['code', 'errno', 'sqlState', 'requestId', 'status', 'type'].includes(k)) out[k] = v;
    else if (isDriver) continue;
    else if (k === 'originalError' || k === 'cause') out[k] = depth < 3 ? safeError(v, depth + 1) : undefined;
    else if (k === 'extensions' || k === 'path') out[k] = v;
  }
  if (e.cause !== undefined && out.cause === undefined && depth < 3) out.cause = safeError(e.cause, depth + 1);
  return out;
}

export const logger = pino({
  level: process.env.LOG_LEVEL || (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  base: { service: 'custodian-api' },
  serializers: { err: safeError, error: safeError },
  // Belt and braces for objects logged under other keys.
  redact: ['req.headers.authorization', '*.password', '*.token', '*.parameters', '*.sql', '*.driverError', '*.sqlMessage'],
});
