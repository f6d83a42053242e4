import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { describeIssues, invalid, notFound, unauthorized } from '../../core/errors.ts';
import { ZUserCreateInWorkspace } from '../../core/schemas/account.ts';
import { type TNormalizedEvent, ZEventType } from '../../core/schemas/event.ts';
import type { BatchingWriter } from '../../ingest/batcher.ts';
import type { Store } from '../../store/port.ts';
import { createUserInWorkspace, createWorkspaceWithKeys } from '../../store/setup.ts';
import { credentialOf } from '../auth.ts';

const ZCreate = z.object({ name: z.string().min(1).max(200) });

/** The CLI normalized these already; the server still checks the fields the store relies on. */
const ZNormalizedBatch = z.object({
  events: z
    .array(
      z.looseObject({
        messageId: z.string().min(1).max(100),
        type: ZEventType,
        event: z.string(),
        userId: z.string().nullable(),
        anonymousId: z.string().nullable(),
        timestamp: z.number().finite(),
        receivedAt: z.number().finite(),
        properties: z.record(z.string(), z.unknown()),
        traits: z.record(z.string(), z.unknown()),
        context: z.record(z.string(), z.unknown()),
      }),
    )
    .max(100_000),
});

/**
 * Routes for the local `waymark` CLI while this server holds the database: workspace creation
 * and listing, user creation, event import, authorized by the admin token in the data directory. Not part of the public API.
 */
export function registerAdminRoutes(
  app: FastifyInstance,
  store: Store,
  writer: BatchingWriter,
  adminToken: string,
) {
  const check = (header: string | undefined) => {
    if (credentialOf(header) !== adminToken) throw unauthorized('admin token required');
  };
  app.get('/admin/workspaces', async (req) => {
    check(req.headers.authorization);
    return store.listWorkspaces();
  });
  app.post('/admin/workspaces', async (req, reply) => {
    check(req.headers.authorization);
    const parsed = ZCreate.safeParse(req.body);
    if (!parsed.success) throw invalid('invalid body', describeIssues(parsed.error.issues));
    return reply.status(201).send(await createWorkspaceWithKeys(store, parsed.data.name));
  });
  // `waymark user create`: the password travels to this loopback server once, to be hashed here.
  app.post('/admin/users', async (req, reply) => {
    check(req.headers.authorization);
    const parsed = ZUserCreateInWorkspace.safeParse(req.body);
    if (!parsed.success) throw invalid('invalid body', describeIssues(parsed.error.issues));
    return reply.status(201).send(await createUserInWorkspace(store, parsed.data));
  });
  // Events the CLI has already validated and normalized (`waymark import events`).
  app.post('/admin/events', { bodyLimit: 64 * 1024 * 1024 }, async (req) => {
    check(req.headers.authorization);
    const workspaceId = String(req.headers['x-waymark-workspace'] ?? '');
    if (!(await store.getWorkspace(workspaceId))) throw notFound('workspace', workspaceId);
    const parsed = ZNormalizedBatch.safeParse(req.body);
    if (!parsed.success) throw invalid('invalid events', describeIssues(parsed.error.issues));
    const events = parsed.data.events as unknown as TNormalizedEvent[];
    await writer.write(events.map((event) => ({ workspaceId, event })));
    return { accepted: events.length };
  });
}
