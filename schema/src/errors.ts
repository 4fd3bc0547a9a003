/** Stable error codes carried in `extensions.code` of every GraphQL error. */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  FIELD_CLASSIFIED = 'FIELD_CLASSIFIED',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONFLICT = 'CONFLICT',
  RATE_LIMITED = 'RATE_LIMITED',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  AUDIT_UNAVAILABLE = 'AUDIT_UNAVAILABLE',
  INTERNAL = 'INTERNAL',
}

/** HTTP status used when an error refuses the whole request before execution. */
export const ERROR_HTTP_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.FIELD_CLASSIFIED]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.QUERY_TOO_COMPLEX]: 400,
  [ErrorCode.AUDIT_UNAVAILABLE]: 503,
  [ErrorCode.INTERNAL]: 500,
};
