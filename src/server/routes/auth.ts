import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { decoyHash, hashPassword, verifyPassword } from '../../core/accounts/password.ts';
import { conflict, invalid, notFound, tooManyRequests, unauthorized } from '../../core/errors.ts';
import { type TUser, ZMembership, ZPassword, ZUser } from '../../core/schemas/account.ts';
import type { Store } from '../../store/port.ts';
import { FailureLimiter } from '../accounts/rate-limit.ts';
import {
  clearedSessionCookie,
  currentSession,
  requireCsrf,
  SESSION_TTL_MS,
  sessionCookie,
} from '../accounts/session-cookie.ts';
import type { ApiRegistry } from '../route.ts';

/** What sign-in, `me` and accepting an invite answer: who you are, where, and the CSRF token. */
export const ZAuthSession = z.object({
  user: ZUser.pick({ id: true, email: true, name: true }),
  memberships: z.array(ZMembership),
  csrfToken: z.string().meta({ description: 'Send as X-CSRF-Token with every change' }),
});

const ZLogin = z.object({
  email: z.string().trim().toLowerCase().min(1).max(320),
  password: z.string().min(1).max(1024),
});

const ZAcceptInvite = z.object({
  token: z.string().min(1).max(200),
  name: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'Required unless signed in' }),
  password: ZPassword.optional().meta({
    description: 'At least 10 characters; required unless signed in',
  }),
});

const FIFTEEN_MINUTES = 15 * 60 * 1000;

/**
 * Sign-in, sign-out, the current user, and accepting an invite. Sessions live in a cookie that
 * page scripts cannot read; changes made with it need the CSRF token these routes return.
 */
export function registerAuthRoutes(api: ApiRegistry, store: Store) {
  const tags = ['auth'];
  // Guessing one account's password from one address is slowed to 10 tries per 15 minutes; one
  // address trying many accounts to 100.
  const perAccount = new FailureLimiter({ limit: 10, windowMs: FIFTEEN_MINUTES });
  const perAddress = new FailureLimiter({ limit: 100, windowMs: FIFTEEN_MINUTES });

  const answer = async (user: Pick<TUser, 'id' | 'email' | 'name'>, csrfToken: string) => ({
    user: { id: user.id, email: user.email, name: user.name },
    memberships: await store.listMemberships(user.id),
    csrfToken,
  });

  const startSession = async (user: TUser, req: FastifyRequest, reply: FastifyReply) => {
    const { token, session } = await store.createSession(
      user.id,
      new Date(Date.now() + SESSION_TTL_MS),
    );
    void reply.header('set-cookie', sessionCookie(token, req.protocol === 'https'));
    return answer(user, session.csrfToken);
  };

  api.publicRoute(
    {
      method: 'POST',
      url: '/api/auth/login',
      summary: 'Sign in with email and password; sets the session cookie',
      tags,
      auth: 'public',
      body: ZLogin,
      response: ZAuthSession,
      status: 200,
    },
    async ({ body, req, reply }) => {
      const accountKey = `${body.email}\n${req.ip}`;
      const wait = Math.max(perAccount.blockedFor(accountKey), perAddress.blockedFor(req.ip));
      if (wait > 0) {
        void reply.header('retry-after', String(Math.ceil(wait / 1000)));
        throw tooManyRequests(
          `too many failed sign-ins: try again in ${Math.ceil(wait / 60_000)} minutes`,
        );
      }
      const found = await store.findUserByEmail(body.email);
      // An unknown email costs one hash check too, and answers the same as a wrong password.
      const ok = await verifyPassword(body.password, found?.passwordHash ?? (await decoyHash()));
      if (!found || !ok) {
        perAccount.fail(accountKey);
        perAddress.fail(req.ip);
        throw unauthorized('wrong email or password');
      }
      perAccount.reset(accountKey);
      const previous = await currentSession(store, req);
      if (previous) await store.revokeSession(previous.token);
      return startSession(found.user, req, reply);
    },
  );

  api.publicRoute(
    {
      method: 'POST',
      url: '/api/auth/logout',
      summary: 'Sign out: ends the session and clears the cookie',
      tags,
      auth: 'session',
      response: z.null(),
      status: 204,
    },
    async ({ req, reply }) => {
      const current = await currentSession(store, req);
      if (current) {
        requireCsrf(req, current.session);
        await store.revokeSession(current.token);
      }
      void reply.header('set-cookie', clearedSessionCookie(req.protocol === 'https'));
      return undefined;
    },
  );

  api.publicRoute(
    {
      method: 'GET',
      url: '/api/auth/me',
      summary: 'The signed-in user, their workspaces and the CSRF token',
      tags,
      auth: 'session',
      response: ZAuthSession,
    },
    async ({ req }) => {
      const current = await currentSession(store, req);
      const user = current && (await store.getUser(current.session.userId));
      if (!current || !user) throw unauthorized('not signed in');
      return answer(user, current.session.csrfToken);
    },
  );

  api.publicRoute(
    {
      method: 'POST',
      url: '/api/auth/accept-invite',
      summary:
        'Accept an invite: as the signed-in user, or as a new user with the invited email; signs in',
      tags,
      auth: 'public',
      body: ZAcceptInvite,
      response: ZAuthSession,
      status: 200,
    },
    async ({ body, req, reply }) => {
      const invite = await store.findInvite(body.token);
      if (!invite) throw notFound('invite (it may have expired or been used)');
      const current = await currentSession(store, req);
      if (current) {
        requireCsrf(req, current.session);
        const accepted = await store.acceptInvite(body.token, { userId: current.session.userId });
        if (!accepted) throw notFound('invite (it may have expired or been used)');
        return answer(accepted.user, current.session.csrfToken);
      }
      if (await store.findUserByEmail(invite.email)) {
        throw conflict(
          `${invite.email} already has an account: sign in, then open the invite link again`,
          { field: 'token' },
        );
      }
      const missing = [
        ...(body.name ? [] : [{ path: 'body.name', message: 'required for a new account' }]),
        ...(body.password
          ? []
          : [{ path: 'body.password', message: 'required for a new account' }]),
      ];
      if (missing.length > 0)
        throw invalid(`invalid body: ${missing.map((m) => m.path).join(', ')} missing`, missing);
      const accepted = await store.acceptInvite(body.token, {
        name: body.name!,
        passwordHash: await hashPassword(body.password!),
      });
      if (!accepted) throw notFound('invite (it may have expired or been used)');
      return startSession(accepted.user, req, reply);
    },
  );
}
