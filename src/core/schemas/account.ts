import { z } from 'zod';
import { ZId } from './common.ts';

/**
 * A member's role in a workspace. Each role includes the ones after it: an `owner` may do what an
 * `editor` may, and an `editor` what a `viewer` may.
 */
export const ZRole = z.enum(['owner', 'editor', 'viewer']).meta({
  description: 'viewer: read only; editor: also change the model; owner: also keys and members',
});
export type TRole = z.infer<typeof ZRole>;

const RANK: Readonly<Record<TRole, number>> = { viewer: 0, editor: 1, owner: 2 };

/**
 * Whether a member with role `have` may do what needs role `need`.
 *
 * @example roleAllows('owner', 'editor') === true; roleAllows('viewer', 'editor') === false
 */
export function roleAllows(have: TRole, need: TRole): boolean {
  return RANK[have] >= RANK[need];
}

/** Emails are compared lower-cased and trimmed, so that `Ann@X.io` and `ann@x.io` are one user. */
export const ZEmail = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email().max(320))
  .meta({ description: 'Email address (stored lower-cased)' });

/** Passwords: at least 10 characters; the upper bound keeps hashing cheap to refuse. */
export const ZPassword = z.string().min(10).max(1024);

export const ZUser = z.object({
  id: ZId,
  email: z.string(),
  name: z.string().min(1).max(200),
  createdAt: z.string(),
});
export type TUser = z.infer<typeof ZUser>;

export const ZUserCreate = z.object({
  email: ZEmail,
  name: z.string().trim().min(1).max(200),
  password: ZPassword,
});

/** A user created by an administrator (`waymark user create`) with a first membership. */
export const ZUserCreateInWorkspace = ZUserCreate.extend({
  workspaceId: ZId,
  role: ZRole.default('owner'),
});

/** A member of a workspace, as its owners see it. */
export const ZMember = z.object({
  userId: ZId,
  email: z.string(),
  name: z.string(),
  role: ZRole,
  createdAt: z.string(),
});
export type TMember = z.infer<typeof ZMember>;

/** A workspace the signed-in user belongs to. */
export const ZMembership = z.object({
  workspaceId: ZId,
  workspaceName: z.string(),
  role: ZRole,
});
export type TMembership = z.infer<typeof ZMembership>;

/** A pending invitation; the token itself only ever appears in the invite URL, once. */
export const ZInvite = z.object({
  workspaceId: ZId,
  email: z.string(),
  role: ZRole,
  invitedBy: ZId.nullable(),
  expiresAt: z.string(),
});
export type TInvite = z.infer<typeof ZInvite>;

/** A live session as the server reads it from the presented cookie. */
export interface TSession {
  userId: string;
  csrfToken: string;
  expiresAt: string;
}
