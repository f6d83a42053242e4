import { z } from 'zod';
import { ZEmail, ZId, ZMember, ZRole } from '../../core/schemas/index.ts';
import type { Store } from '../../store/port.ts';
import { type ApiRegistry, found } from '../route.ts';

const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const ZUserParam = z.object({ userId: ZId });

/** An invitation as its sender sees it: the URL holds the token and is shown only here. */
const ZInviteSent = z.object({
  invite: z.object({
    email: z.string(),
    role: ZRole,
    expiresAt: z.string(),
    url: z.string().meta({ description: 'Path of the web app page that accepts the invite' }),
  }),
});

/** Who may use a workspace, and with which role. Owners only (API keys act as owners). */
export function registerMemberRoutes(api: ApiRegistry, store: Store) {
  const tags = ['members'];
  api.route(
    {
      method: 'GET',
      url: '/api/members',
      summary: 'List the members of the workspace',
      tags,
      auth: ['api'],
      role: 'owner',
      response: z.array(ZMember),
    },
    ({ principal }) => store.listMembers(principal.workspaceId),
  );
  api.route(
    {
      method: 'POST',
      url: '/api/members',
      summary: 'Add a user by email, or invite the email when no user has it yet',
      tags,
      auth: ['api'],
      role: 'owner',
      body: z.object({ email: ZEmail, role: ZRole }),
      response: z.union([ZMember, ZInviteSent]),
    },
    async ({ principal, body }) => {
      const existing = await store.findUserByEmail(body.email);
      if (existing) return store.addMember(principal.workspaceId, existing.user.id, body.role);
      const { token, invite } = await store.createInvite({
        workspaceId: principal.workspaceId,
        email: body.email,
        role: body.role,
        invitedBy: principal.userId ?? null,
        expiresAt: new Date(Date.now() + INVITE_TTL_MS),
      });
      return {
        invite: {
          email: invite.email,
          role: invite.role,
          expiresAt: invite.expiresAt,
          url: `/invite/${token}`,
        },
      };
    },
  );
  api.route(
    {
      method: 'PATCH',
      url: '/api/members/:userId',
      summary: "Change a member's role (409 when it would leave no owner)",
      tags,
      auth: ['api'],
      role: 'owner',
      params: ZUserParam,
      body: z.object({ role: ZRole }),
      response: ZMember,
    },
    async ({ principal, params, body }) =>
      found(
        await store.updateMemberRole(principal.workspaceId, params.userId, body.role),
        'member',
        params.userId,
      ),
  );
  api.route(
    {
      method: 'DELETE',
      url: '/api/members/:userId',
      summary: 'Remove a member (409 for the last owner)',
      tags,
      auth: ['api'],
      role: 'owner',
      params: ZUserParam,
      response: z.null(),
      status: 204,
    },
    async ({ principal, params }) => {
      found(
        await store.removeMember(principal.workspaceId, params.userId),
        'member',
        params.userId,
      );
      return undefined;
    },
  );
}
