import { ErrorCode } from '@custodian/schema';
import { AppError } from '../errors';

/** Translates driver errors at the service boundary; anything unrecognised is rethrown. */
export function translateDbError(err: unknown, what: string): never {
  const e = err as { code?: string; driverError?: { code?: string }; message?: string };
  const code = e.code ?? e.driverError?.code;
  if (code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE') {
    throw new AppError(ErrorCode.CONFLICT, `${what} already exists (duplicate value)`);
  }
  if (code === 'ER_NO_REFERENCED_ROW_2' || code === 'ER_NO_REFERENCED_ROW') {
    throw new AppError(ErrorCode.BAD_USER_INPUT, `${what} refers to a record that does not exist`);
  }
  if (code === 'ER_BAD_NULL_ERROR') {
    throw new AppError(ErrorCode.BAD_USER_INPUT, `${what}: a required value is missing`);
  }
  if (code === 'ER_WARN_DATA_OUT_OF_RANGE' || code === 'ER_TRUNCATED_WRONG_VALUE' || code === 'ER_TRUNCATED_WRONG_VALUE_FOR_FIELD') {
    throw new AppError(ErrorCode.BAD_USER_INPUT, `${what}: a value is out of range`);
  }
  if (code === 'ER_DATA_TOO_LONG') {
    throw new AppError(ErrorCode.BAD_USER_INPUT, `${what}: a value is too long`);
  }
  throw err;
}

/**
 * A transaction lost a race and was rolled back, so running it again is safe: a deadlock, a lock
 * wait timeout, or — on Galera — a certification failure, which MariaDB reports as a deadlock (1213).
 */
export function isTransientConflict(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; driverError?: { code?: string; errno?: number } } | null;
  const code = e?.code ?? e?.driverError?.code;
  const errno = e?.errno ?? e?.driverError?.errno;
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT' || errno === 1213 || errno === 1205;
}
