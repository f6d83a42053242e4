import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { notFound, unauthorized } from '../core/errors.ts';
import type { TKeyKind } from '../core/schemas/workspace.ts';
import type { Store } from '../store/port.ts';

export interface Principal {
  workspaceId: string;
  kind: TKeyKind;
}

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
 * Authenticates a request (see createAuthenticator). API routes take API keys only (a write key, which ships inside web
 * pages and apps, must never read data); ingestion takes write keys, API keys, and the
 * `writeKey` body field that Segment's spec also accepts.
 */
export type Authenticator = (
  req: FastifyRequest,
  accept: readonly TKeyKind[],
  bodyWriteKey?: unknown,
) => Promise<Principal>;

const sameSecret = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
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
      throw unauthorized(
        'missing credentials: send an API key as Authorization: Bearer, or a write key as the Basic user',
      );
    }
    if (adminToken && sameSecret(secret, adminToken)) {
      const workspaceId = String(req.headers['x-waymark-workspace'] ?? '');
      if (!workspaceId || !(await store.getWorkspace(workspaceId)))
        throw notFound('workspace', workspaceId);
      return { workspaceId, kind: 'api' };
    }
    return resolveSecret(store, secret, accept);
  };
}

async function resolveSecret(
  store: Store,
  secret: string,
  accept: readonly TKeyKind[],
): Promise<Principal> {
  const found = await store.resolveKey(secret);
  if (!found || !accept.includes(found.kind)) {
    throw unauthorized(
      found ? `a ${found.kind} key cannot be used here` : 'unknown or revoked key',
    );
  }
  return found;
}
