import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import { BatchingWriter } from '../ingest/batcher.ts';
import type { Store } from '../store/port.ts';
import { createAuthenticator } from './auth.ts';
import { installErrorHandling } from './errors.ts';
import { ApiRegistry } from './route.ts';
import { registerAdminRoutes } from './routes/admin.ts';
import { registerAttributionRoutes } from './routes/attribution.ts';
import { registerAuthRoutes } from './routes/auth.ts';
import { type AutomationRouteOptions, registerAutomationRoutes } from './routes/automations.ts';
import { registerConformanceRoutes } from './routes/conformance.ts';
import { registerCustomerRoutes } from './routes/customers.ts';
import { registerFunnelRoutes } from './routes/funnels.ts';
import { registerIngestRoutes } from './routes/ingest.ts';
import { registerJourneyFileRoutes } from './routes/journey-files.ts';
import { registerJourneyRoutes } from './routes/journeys.ts';
import { registerListeningRoutes } from './routes/listening.ts';
import { registerMemberRoutes } from './routes/members.ts';
import { registerMetricsRoutes } from './routes/metrics.ts';
import { registerPathRoutes } from './routes/paths.ts';
import { registerPersonaRoutes } from './routes/personas.ts';
import { registerSurveys, type SurveyAppOptions } from './routes/survey-public.ts';
import { registerTaskRoutes } from './routes/tasks.ts';
import { registerTemplateRoutes } from './routes/templates.ts';
import { registerTouchpointDetailRoutes } from './routes/touchpoint-detail.ts';
import { registerWorkspaceRoutes } from './routes/workspace.ts';
import { defaultWebDistDir, registerWebApp } from './web.ts';

export interface App {
  fastify: FastifyInstance;
  writer: BatchingWriter;
  registry: ApiRegistry;
}

/** Builds the HTTP app over a store: the Segment-compatible ingestion API and the REST API. */
export function buildApp(
  store: Store,
  config: Pick<Config, 'flushIntervalMs' | 'maxBatchEvents' | 'logLevel'>,
  options: {
    adminToken?: string;
    surveys?: SurveyAppOptions;
    automations?: AutomationRouteOptions;
  } = {},
): App {
  const fastify = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    // Segment clients and browsers send JSON as text/plain too (sendBeacon).
    bodyLimit: 1024 * 1024,
    // Property names are customer data: a `__proto__` or `constructor` key must be stored as it
    // was sent, not refused. JSON.parse makes such keys own properties (no prototype is touched),
    // and everything downstream copies them with defineProperty, never by assignment.
    onProtoPoisoning: 'ignore',
    onConstructorPoisoning: 'ignore',
  });
  fastify.addContentTypeParser('text/plain', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch (err) {
      (err as { statusCode?: number }).statusCode = 400;
      done(err as Error, undefined);
    }
  });
  installErrorHandling(fastify);
  const writer = new BatchingWriter(store, config);
  const authenticate = createAuthenticator(store, options.adminToken);
  const registry = new ApiRegistry(fastify, authenticate);

  fastify.get('/health', async () => ({ ok: true, engine: store.engine }));
  registerIngestRoutes(fastify, authenticate, writer);
  if (options.adminToken) registerAdminRoutes(fastify, store, writer, options.adminToken);
  registerAuthRoutes(registry, store);
  registerWorkspaceRoutes(registry, store);
  registerMemberRoutes(registry, store);
  registerPersonaRoutes(registry, store);
  registerTemplateRoutes(registry, store);
  registerJourneyRoutes(registry, store);
  registerJourneyFileRoutes(registry, store);
  registerMetricsRoutes(registry, store);
  registerTouchpointDetailRoutes(registry, store);
  registerPathRoutes(registry, store);
  registerFunnelRoutes(registry, store);
  registerConformanceRoutes(registry, store);
  registerAttributionRoutes(registry, store);
  registerCustomerRoutes(registry, store);
  registerTaskRoutes(registry, store);
  registerListeningRoutes(fastify, registry, store);
  registerSurveys(fastify, registry, store, options.surveys);
  registerAutomationRoutes(fastify, registry, store, options.automations);
  fastify.get('/api/openapi.json', async () => registry.openApi());
  registerWebApp(fastify, { distDir: defaultWebDistDir });
  return { fastify, writer, registry };
}
