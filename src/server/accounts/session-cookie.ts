import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { csrfRejected } from '../../core/errors.ts';
import type { TSession } from '../../core/schemas/account.ts';
import type { Store } from '../../store/port.ts';

export const SESSION_COOKIE = 'waymark_session';
export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;
export const CSRF_HEADER = 'x-csrf-token';

/**
 * The value of one cookie from a `Cookie` header, or undefined.
 *
 * @example readCookie('a=1; waymark_session=abc', 'waymark_session') === 'abc'
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return value.length > 0 ? value : undefined;
  }
  return undefined;
}

/**
 * The `Set-Cookie` value that carries a session. HttpOnly keeps it from page scripts; SameSite=Lax
 * keeps browsers from sending it with cross-site posts; Secure when the request came over https.
 */
export function sessionCookie(token: string, secure: boolean, maxAgeMs = SESSION_TTL_MS): string {
  return [
    `${SESSION_COOKIE}=${token}`,
    'HttpOnly',
    'SameSite=Lax',
    'Path=/',
    `Max-Age=${Math.floor(maxAgeMs / 1000)}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

/** The `Set-Cookie` value that removes the session cookie. */
export const clearedSessionCookie = (secure: boolean) => sessionCookie('', secure, 0);

/** The session token the request's cookie carries, if any. */
export const sessionTokenOf = (req: FastifyRequest) =>
  readCookie(req.headers.cookie, SESSION_COOKIE);

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A browser attaches the session cookie to any request for this origin, including ones another
 * site makes it send; only our own pages know the session's CSRF token (sign-in returns it), so a
 * change made with the cookie must echo it in a header that a cross-site form cannot set.
 */
export function requireCsrf(req: FastifyRequest, session: TSession): void {
  if (SAFE_METHODS.has(req.method)) return;
  const sent = req.headers[CSRF_HEADER];
  const value = typeof sent === 'string' ? sent : undefined;
  const expected = Buffer.from(session.csrfToken);
  if (!value || value.length !== session.csrfToken.length) throw csrfRejected();
  if (!timingSafeEqual(Buffer.from(value), expected)) throw csrfRejected();
}

/** The live session of the request's cookie, with its token; undefined without one. */
export async function currentSession(
  store: Store,
  req: FastifyRequest,
): Promise<{ token: string; session: TSession } | undefined> {
  const token = sessionTokenOf(req);
  if (!token) return undefined;
  const session = await store.resolveSession(token);
  return session ? { token, session } : undefined;
}
