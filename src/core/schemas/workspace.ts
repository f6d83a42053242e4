import { z } from 'zod';
import { ZId } from './common.ts';

export const ZWorkspace = z.object({
  id: ZId,
  name: z.string().min(1).max(200),
  timezone: z.string().min(1).max(64).default('UTC'),
  createdAt: z.string(),
});
export type TWorkspace = z.infer<typeof ZWorkspace>;

export const ZWorkspaceCreate = ZWorkspace.pick({ name: true, timezone: true }).partial({
  timezone: true,
});
export type TWorkspaceCreate = z.infer<typeof ZWorkspaceCreate>;

export const ZKeyKind = z.enum(['write', 'api']);
export type TKeyKind = z.infer<typeof ZKeyKind>;

/** A key as listed: the secret itself is shown once, at creation. */
export const ZKey = z.object({
  id: ZId,
  kind: ZKeyKind,
  name: z.string().max(200),
  prefix: z.string().meta({ description: 'First characters of the secret, to recognise it' }),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type TKey = z.infer<typeof ZKey>;

export const ZKeyCreate = z.object({ kind: ZKeyKind, name: z.string().max(200).default('') });
export const ZKeyCreated = ZKey.extend({ secret: z.string() });
export type TKeyCreated = z.infer<typeof ZKeyCreated>;
