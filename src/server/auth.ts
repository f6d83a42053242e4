import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { invalid, notFound, unauthorized } from '../core/errors.ts';
import type { TRole } from '../core/schemas/account.ts';
import type { TKeyKind } from '../core/schemas/workspace.ts';
import type { Store } from '../store/port.ts';
import { requireCsrf, sessionTokenOf } from './accounts/session-cookie.ts';

/** How a request may prove who it is: a write key, an API key, or a signed-in user's cookie. */
export type CredentialKind = TKeyKind | 'session';

export interface Principal {
  workspaceId: string;
  kind: CredentialKind;
  /** API keys (and the CLI's admin token) act as owners of their workspace. */
  role: TRole;
  /** The signed-in user, for session requests. */
  userId?: string;
}

export const WORKSPACE_HEADER = 'x-waymark-workspace';

/** The secret from `Authorization: Bearer <key>` or `Basic base64(<key>:)`. */
export function credentialOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme, value] = header.split(' ', 2);
  if (!value) return undefined;
  if (scheme?.toLowerCase() === 'bearer') return value.trim();
  if (scheme?.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const user = decoded.includes(':') ? decoded.slice(0, decoded.indexOf(':')) : decoded;
    return user || undefined;
  }
  return undefined;
}

/**
 * Authenticates a request (see createAuthenticator). API routes take API keys and sessions (a
 * write key, which ships inside web pages and apps, must never read data); ingestion takes write
 * keys, API keys, and the `writeKey` body field that Segment's spec also accepts.
 */
export type Authenticator = (
  req: FastifyRequest,
  accept: readonly CredentialKind[],
  bodyWriteKey?: unknown,
) => Promise<Principal>;

const sameSecret = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * An `Authorization` header wins over a cookie: a key is never sent by a browser on its own, so a
 * request that carries one needs no CSRF token even if the browser also attaches a cookie.
 *
 * The local admin token (written to the data directory, readable only by its owner) lets the
 * `waymark` CLI act on any workspace of a running server, named by `X-Waymark-Workspace`; that
 * is how commands work while the server holds the database.
 */
export function createAuthenticator(store: Store, adminToken?: string): Authenticator {
  return async (req, accept, bodyWriteKey) => {
    let secret = credentialOf(req.headers.authorization);
    if (!secret && typeof bodyWriteKey === 'string' && bodyWriteKey.length > 0)
      secret = bodyWriteKey;
    if (!secret) {
      const token = accept.includes('session') ? sessionTokenOf(req) : undefined;
      if (token) return resolveSession(store, req, token);
      throw unauthorized(
        accept.includes('session')
          ? 'missing credentials: sign in, or send an API key as Authorization: Bearer'
          : 'missing credentials: send an API key as Authorization: Bearer, or a write key as the Basic user',
      );
    }
    if (adminToken && sameSecret(secret, adminToken)) {
      const workspaceId = String(req.headers[WORKSPACE_HEADER] ?? '');
      if (!workspaceId || !(await store.getWorkspace(workspaceId)))
        throw notFound('workspace', workspaceId);
      return { workspaceId, kind: 'api', role: 'owner' };
    }
    return resolveSecret(store, secret, accept);
  };
}

async function resolveSecret(
  store: Store,
  secret: string,
  accept: readonly CredentialKind[],
): Promise<Principal> {
  const found = await store.resolveKey(secret);
  if (!found || !accept.includes(found.kind)) {
    throw unauthorized(
      found ? `a ${found.kind} key cannot be used here` : 'unknown or revoked key',
    );
  }
  return { ...found, role: 'owner' };
}

/**
 * A signed-in user acts on the workspace named by `X-Waymark-Workspace`, with their role there.
 * A workspace they are not a member of answers 404, exactly like one that does not exist.
 */
async function resolveSession(
  store: Store,
  req: FastifyRequest,
  token: string,
): Promise<Principal> {
  const session = await store.resolveSession(token);
  if (!session) throw unauthorized('the session has ended: sign in again');
  requireCsrf(req, session);
  const header = req.headers[WORKSPACE_HEADER];
  const workspaceId = typeof header === 'string' ? header.trim() : '';
  if (!workspaceId) {
    throw invalid('name the workspace in the X-Waymark-Workspace header', [
      { path: `headers.${WORKSPACE_HEADER}`, message: 'required with a session' },
    ]);
  }
  const role = await store.getMemberRole(workspaceId, session.userId);
  if (!role) throw notFound('workspace', workspaceId);
  return { workspaceId, kind: 'session', role, userId: session.userId };
}
