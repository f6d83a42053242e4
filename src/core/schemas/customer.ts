import { z } from 'zod';
import { ZId, ZJsonObject } from './common.ts';

export const ZIdentityKind = z.enum(['anonymous_id', 'user_id', 'email']);
export type TIdentityKind = z.infer<typeof ZIdentityKind>;

export const ZIdentity = z.object({ kind: ZIdentityKind, value: z.string() });
export type TIdentity = z.infer<typeof ZIdentity>;

export const ZCustomer = z.object({
  id: ZId,
  workspaceId: ZId,
  traits: ZJsonObject,
  identities: z.array(ZIdentity),
  firstSeen: z.string().nullable(),
  lastSeen: z.string().nullable(),
  mergedIds: z.array(ZId).meta({ description: 'Customers merged into this one' }),
});
export type TCustomer = z.infer<typeof ZCustomer>;

export const ZMerge = z.object({
  id: ZId,
  fromCustomerId: ZId,
  intoCustomerId: ZId,
  reason: z.string(),
  createdAt: z.string(),
  undoneAt: z.string().nullable(),
});
export type TMerge = z.infer<typeof ZMerge>;
