/**
 * The one error model. Anything the user can cause is an AppError with a stable code and an HTTP
 * status; the server maps it once to `{ "error": { "code", "message", "details" } }` and the CLI
 * prints the message and exits non-zero. Anything else is a bug and becomes an opaque 500.
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export const badRequest = (message: string, details?: unknown) =>
  new AppError(400, 'bad_request', message, details);
export const invalid = (message: string, details?: unknown) =>
  new AppError(400, 'invalid', message, details);
export const unauthorized = (message = 'missing or invalid credentials') =>
  new AppError(401, 'unauthorized', message);
export const forbidden = (message: string) => new AppError(403, 'forbidden', message);
/** A cookie-authenticated change without the session's CSRF token (see server/accounts). */
export const csrfRejected = (message = 'send the X-CSRF-Token header that sign-in returned') =>
  new AppError(403, 'csrf', message);
export const tooManyRequests = (message: string, details?: unknown) =>
  new AppError(429, 'rate_limited', message, details);
/** Foreign ids answer exactly like missing ones, so that a key cannot probe other workspaces. */
export const notFound = (what: string, id?: string) =>
  new AppError(404, 'not_found', id ? `${what} ${id} not found` : `${what} not found`);
export const conflict = (message: string, details?: unknown) =>
  new AppError(409, 'conflict', message, details);
export const tooLarge = (message: string, details?: unknown) =>
  new AppError(413, 'payload_too_large', message, details);

/** One issue of a zod error, flattened to `{ path, message }` with the path dotted. */
export interface FieldIssue {
  path: string;
  message: string;
}

export function describeIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>) {
  return issues.map(
    (i): FieldIssue => ({
      path: i.path.map((p) => (typeof p === 'symbol' ? p.toString() : String(p))).join('.'),
      message: i.message,
    }),
  );
}
