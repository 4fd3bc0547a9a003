/** Longest client request id kept (the audit column is VARCHAR(64)). */
export const CLIENT_REQUEST_ID_MAX = 64;

/**
 * The `x-request-id` a client sent, kept for correlation only (audit `client_request_id`, never the
 * request id): printable ASCII, at most 64 characters, trimmed; anything else is not kept.
 */
export function clientRequestId(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  const id = header.trim();
  return id.length > 0 && id.length <= CLIENT_REQUEST_ID_MAX && /^[\x20-\x7e]+$/.test(id) ? id : null;
}
