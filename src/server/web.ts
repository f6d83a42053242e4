import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm install` (the root `prepare` script) puts the built web app. */
export const defaultWebDistDir = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Paths that belong to the server itself: never answered with the web app. */
const SERVER_PREFIXES = ['/api', '/v1', '/admin', '/health'];

/** Vite names the files under `assets/` by a hash of their content, so they never change. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

const isServerPath = (urlPath: string) =>
  SERVER_PREFIXES.some((p) => urlPath === p || urlPath.startsWith(`${p}/`));

const acceptsHtml = (req: FastifyRequest) => (req.headers.accept ?? '').includes('text/html');

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Waymark — web app not built</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1c2533}
code{background:#eef1f5;padding:.1em .35em;border-radius:4px}</style></head>
<body>
<h1>The Waymark web app is not built</h1>
<p>The server is running: the REST API is under <code>/api</code> and ingestion under
<code>/v1</code>. The web app is built by <code>npm install</code>; to build it again, run</p>
<p><code>npm run build --workspace web</code></p>
<p>and reload this page.</p>
</body>
</html>
`;

/**
 * Serves the built web app (`web/dist`) at `/`: files as they are, and `index.html` for any other
 * page a browser asks for (the app routes on the client). Hashed assets are cached for a year;
 * `index.html` is revalidated on every load so that a new build shows at once. API, ingestion,
 * admin and health paths are never answered with the app: an unknown one stays a JSON 404.
 *
 * When the app has not been built, pages answer a short HTML note saying how to build it.
 *
 * @example registerWebApp(fastify, { distDir: defaultWebDistDir });
 */
export function registerWebApp(fastify: FastifyInstance, options: { distDir: string }) {
  const root = path.resolve(options.distDir);

  const sendIndex = async (reply: FastifyReply) => {
    const index = await fileIn(root, 'index.html');
    if (!index) {
      return reply
        .status(503)
        .header('cache-control', 'no-store')
        .type('text/html')
        .send(NOT_BUILT_PAGE);
    }
    return reply
      .header('cache-control', 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .header('x-frame-options', 'DENY')
      .header('referrer-policy', 'same-origin')
      .sendFile('index.html', root, { cacheControl: false });
  };

  void fastify.register(async (scope) => {
    // `serve: false`: only `reply.sendFile` (ranges, ETag, content types); routing is below.
    await scope.register(fastifyStatic, {
      root,
      serve: false,
      suppressWarning: true,
      dotfiles: 'ignore',
    });

    scope.get('/*', async (req, reply) => {
      const urlPath = req.url.split('?')[0] ?? '/';
      if (isServerPath(urlPath)) return reply.callNotFound();

      const relative = (req.params as { '*': string })['*'] ?? '';
      if (relative !== '' && !relative.endsWith('/')) {
        const file = await fileIn(root, relative);
        if (file) {
          return reply
            .header('cache-control', relative.startsWith('assets/') ? IMMUTABLE : 'no-cache')
            .sendFile(file, root, { cacheControl: false });
        }
      }
      // A missing hashed asset is a 404 (a stale page must not get HTML for its script); anything
      // else is a page of the app when a browser asks for a page.
      if (relative === '' || (!relative.startsWith('assets/') && acceptsHtml(req))) {
        return sendIndex(reply);
      }
      return reply.callNotFound();
    });
  });
}

/**
 * The path of a regular file inside `root` (relative, with forward slashes), or undefined. Paths
 * that climb out of `root` are refused here, before `send` would refuse them too.
 */
async function fileIn(root: string, relative: string): Promise<string | undefined> {
  if (relative.includes('\0')) return undefined;
  const absolute = path.resolve(root, relative);
  if (absolute !== root && !absolute.startsWith(root + path.sep)) return undefined;
  try {
    const s = await stat(absolute);
    return s.isFile() ? path.relative(root, absolute).split(path.sep).join('/') : undefined;
  } catch {
    return undefined;
  }
}
