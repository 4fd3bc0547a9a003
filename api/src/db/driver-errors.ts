/** MariaDB/MySQL: 1213 deadlock (the transaction was rolled back), 1205 lock wait timeout. */
const LOCK_CODES = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);
const LOCK_ERRNOS = new Set([1213, 1205]);

/** Whether a driver error is a routine lock conflict between concurrent transactions. */
export function isLockConflict(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; driverError?: { code?: string; errno?: number } } | null;
  if (!e || typeof e !== 'object') return false;
  return LOCK_CODES.has(String(e.code ?? e.driverError?.code)) || LOCK_ERRNOS.has(Number(e.errno ?? e.driverError?.errno));
}

const driverCode = (err: unknown): string | undefined => {
  const e = err as { code?: string; driverError?: { code?: string } } | null;
  return e && typeof e === 'object' ? (e.code ?? e.driverError?.code) : undefined;
};

/** Driver errors that are the client's doing or a routine conflict, with the code they answer. */
const CLIENT_FAULTS: Record<string, { code: 'BAD_USER_INPUT' | 'CONFLICT'; message: string }> = {
  ER_DUP_ENTRY: { code: 'CONFLICT', message: 'A record with this value already exists' },
  ER_DATA_TOO_LONG: { code: 'BAD_USER_INPUT', message: 'A value is too long' },
  ER_WARN_DATA_OUT_OF_RANGE: { code: 'BAD_USER_INPUT', message: 'A value is out of range' },
  ER_TRUNCATED_WRONG_VALUE: { code: 'BAD_USER_INPUT', message: 'A value has the wrong form' },
  ER_TRUNCATED_WRONG_VALUE_FOR_FIELD: { code: 'BAD_USER_INPUT', message: 'A value has the wrong form' },
  ER_NO_REFERENCED_ROW_2: { code: 'BAD_USER_INPUT', message: 'A value refers to a record that does not exist' },
  ER_BAD_NULL_ERROR: { code: 'BAD_USER_INPUT', message: 'A required value is missing' },
};

/**
 * The last line of defence in formatError: a driver error that services did not translate but that
 * is still the client's fault (or a lock conflict) is not INTERNAL.
 */
export function clientFaultOf(err: unknown): { code: 'BAD_USER_INPUT' | 'CONFLICT'; message: string } | null {
  if (isLockConflict(err)) return { code: 'CONFLICT', message: 'The records are being changed by someone else right now; try again' };
  const code = driverCode(err);
  return code ? CLIENT_FAULTS[code] ?? null : null;
}
