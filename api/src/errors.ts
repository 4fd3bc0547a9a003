import { getMetadataStorage } from 'class-validator';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { ErrorCode, ERROR_HTTP_STATUS } from '@custodian/schema';
import { clientFaultOf } from './db/driver-errors';
import { logger } from './logger';

/** The one error type services and the policy throw. */
export class AppError extends GraphQLError {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    extra: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { code, ...extra } });
  }
}

export const notFound = (what: string, id?: string): AppError =>
  new AppError(ErrorCode.NOT_FOUND, id ? `${what} ${id} not found` : `${what} not found`);

export const badInput = (field: string, message: string): AppError =>
  new AppError(ErrorCode.BAD_USER_INPUT, message, { field });

const KNOWN = new Set<string>(Object.values(ErrorCode));

/** Codes graphql-js / Apollo produce before execution; all are the client's fault. */
const CLIENT_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE']);

interface ValidationIssue { property: string; target?: object; constraints?: Record<string, string>; children?: ValidationIssue[] }

/**
 * One failed constraint of one input field. `constraint` is class-validator's name (`maxLength`,
 * `isLength`, `matches`, …) and `args` its numeric/text arguments (`[200]`, `[1, 200]`), so a client
 * can say it in the user's language; `message` is the English text.
 */
export interface InputIssue { field: string; message: string; constraint: string; args?: Array<string | number | boolean> }

type Primitive = string | number | boolean;
const isPrimitive = (v: unknown): v is Primitive => ['string', 'number', 'boolean'].includes(typeof v);

/** The decorator's arguments, when they are plain values (a pattern or a list is left out). */
function argsOf(target: object | undefined, property: string, constraint: string): Primitive[] | undefined {
  if (!target) return undefined;
  const meta = getMetadataStorage().getTargetValidationMetadatas(target.constructor, '', true, false)
    .find((m) => m.propertyName === property && (m.name ?? m.type) === constraint);
  const args = meta?.constraints;
  return args?.length && args.every(isPrimitive) ? args : undefined;
}

function flattenValidation(issues: ValidationIssue[], prefix = ''): InputIssue[] {
  return issues.flatMap((v) => {
    const field = prefix ? `${prefix}.${v.property}` : v.property;
    const own = Object.entries(v.constraints ?? {}).map(([constraint, message]): InputIssue => {
      const args = argsOf(v.target, v.property, constraint);
      return { field, message, constraint, ...(args ? { args } : {}) };
    });
    return [...own, ...flattenValidation(v.children ?? [], field)];
  });
}

/**
 * graphql-js names the offending input of a variable only in its message: `Variable "$input" got
 * invalid value … at "input.annualRevenue"; …`, or `Field "x" is not defined by type "…"`. The
 * field is given relative to the argument, as class-validator errors give it.
 */
function inputFieldOf(message: string): string | undefined {
  const at = / at "\$?\w+((?:\.\w+|\[\d+\])+)"; /.exec(message);
  const path = at?.[1].replace(/^\./, '');
  const unknown = /(?:^|; )Field "(\w+)" is not defined by type "\w+"/.exec(message);
  if (unknown) return path ? `${path}.${unknown[1]}` : unknown[1];
  return path ?? /^Variable "\$(\w+)" got invalid value /.exec(message)?.[1];
}

/**
 * Maps every error leaving the API to a stable code. Unknown errors are masked as INTERNAL with the
 * request id and logged with their stack; nothing internal reaches the client.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, requestId?: string): GraphQLFormattedError {
  const original = (error as { originalError?: unknown })?.originalError ?? error;
  const code = formatted.extensions?.code as string | undefined;
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

  if (original instanceof AppError || (code && KNOWN.has(code) && code !== ErrorCode.INTERNAL && code !== ErrorCode.BAD_USER_INPUT)) {
    const { stacktrace: _s, ...extensions } = formatted.extensions ?? {};
    return { ...base, extensions };
  }
  const validation = (original as { extensions?: { validationErrors?: ValidationIssue[] } })?.extensions?.validationErrors
    ?? (formatted.extensions?.validationErrors as ValidationIssue[] | undefined);
  if (validation) {
    const issues = flattenValidation(validation);
    const fields = [...new Set(issues.map((i) => i.field))];
    return {
      ...base,
      message: `Invalid input: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
      extensions: { code: ErrorCode.BAD_USER_INPUT, field: fields[0], fields, issues },
    };
  }
  // graphql-js gives up on variables after 50 invalid values, in an error without a code.
  if (formatted.message.startsWith('Too many errors processing variables')) {
    return { ...base, extensions: { code: ErrorCode.BAD_USER_INPUT, reason: 'TOO_MANY_INVALID_VALUES' } };
  }
  if (code && CLIENT_CODES.has(code)) {
    const field = inputFieldOf(formatted.message);
    return { ...base, extensions: { code: ErrorCode.BAD_USER_INPUT, reason: code, ...(field ? { field } : {}) } };
  }
  const fault = clientFaultOf(original);
  if (fault) {
    logger.info({ err: original, requestId }, 'database refused a change');
    return { ...base, message: fault.message, extensions: { code: fault.code, reason: 'DATABASE' } };
  }
  logger.error({ err: original, requestId, path: formatted.path }, 'unexpected error');
  return {
    message: `Internal error (request ${requestId ?? 'unknown'})`,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL, requestId },
  };
}

export function httpStatusOf(code: ErrorCode): number {
  return ERROR_HTTP_STATUS[code];
}
