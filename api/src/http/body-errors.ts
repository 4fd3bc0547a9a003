import { NextFunction, Request, Response } from 'express';
import { ErrorCode } from '@custodian/schema';

/** body-parser's error types with the message the client gets. */
const BODY_ERRORS: Record<string, string> = {
  'entity.parse.failed': 'Malformed JSON in the request body',
  'entity.too.large': 'Request body is too large',
  'charset.unsupported': 'Unsupported charset: send the body as UTF-8',
  'encoding.unsupported': 'Unsupported Content-Encoding: send gzip, deflate, br or identity',
  'request.aborted': 'The request body was cut off',
  'request.size.invalid': 'The request body is not as long as Content-Length says',
  'stream.encoding.set': 'The request body cannot be read',
};

/**
 * Errors of reading the request body (before GraphQL sees it) are the client's: 4xx with a stable
 * code and `extensions.reason` = body-parser's type. A gzip body that does not inflate is one.
 */
export function bodyErrorHandler(err: Error & { type?: string; status?: number }, _req: Request, res: Response, next: NextFunction): void {
  const status = Number(err.status);
  if (res.headersSent || !(status >= 400 && status < 500)) return next(err);
  const reason = err.type ?? 'body.unreadable';
  const message = BODY_ERRORS[reason] ?? 'The request body cannot be read';
  res.status(status).json({ errors: [{ message, extensions: { code: ErrorCode.BAD_USER_INPUT, reason } }] });
}

/**
 * No automatic persisted queries (Apollo's APQ): clients send their documents. A request carrying a
 * persistedQuery extension, or extensions that are not an object, is refused with 400.
 */
export function refusePersistedQueries(req: Request, res: Response, next: NextFunction): void {
  const body = req.body as { extensions?: unknown } | undefined;
  const ext = body && typeof body === 'object' && !Array.isArray(body) ? body.extensions : undefined;
  if (ext === undefined || ext === null) return next();
  const reason = typeof ext !== 'object' || Array.isArray(ext) ? 'EXTENSIONS_NOT_AN_OBJECT'
    : 'persistedQuery' in ext ? 'PERSISTED_QUERY_NOT_SUPPORTED' : null;
  if (!reason) return next();
  const message = reason === 'PERSISTED_QUERY_NOT_SUPPORTED' ? 'Persisted queries are not supported: send the query' : 'extensions must be an object';
  res.status(400).json({ errors: [{ message, extensions: { code: ErrorCode.BAD_USER_INPUT, reason } }] });
}
