import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

/** The widget script, read once: it ships beside this file and never changes while running. */
const WIDGET_JS = readFileSync(new URL('./widget.js', import.meta.url), 'utf8');

/**
 * `GET /widget.js`: the embeddable survey widget. Public and cacheable for a few minutes; sites
 * load it cross-origin with a plain script tag, so it needs no CORS headers.
 */
export function registerWidgetScript(app: FastifyInstance) {
  app.get('/widget.js', async (_req, reply) =>
    reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .header('x-content-type-options', 'nosniff')
      .send(WIDGET_JS),
  );
}
