import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installErrorHandling } from './errors.ts';
import { registerWebApp } from './web.ts';

const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

function appServing(distDir: string) {
  const app = Fastify({ logger: false });
  installErrorHandling(app);
  app.get('/api/workspace', async () => ({ id: 'ws_1' }));
  app.get('/health', async () => ({ ok: true }));
  registerWebApp(app, { distDir });
  return app;
}

describe('the web app', () => {
  let root: string;
  let dist: string;

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'waymark-web-'));
    dist = path.join(root, 'dist');
    mkdirSync(path.join(dist, 'assets'), { recursive: true });
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(path.join(root, 'secret.txt'), 'outside');
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('serves index.html at / and for any page a browser asks for', async () => {
    const app = appServing(dist);
    for (const url of ['/', '/journeys/jny_1?from=2025-01-01', '/workspaces']) {
      const res = await app.inject({ url, headers: html });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toContain('<title>app</title>');
    }
  });

  it('caches hashed assets for a year and other files only with revalidation', async () => {
    const app = appServing(dist);
    const asset = await app.inject({ url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-type']).toMatch(/javascript/);
    const icon = await app.inject({ url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('never answers server paths with the app: they keep their routes and JSON 404s', async () => {
    const app = appServing(dist);
    expect((await app.inject({ url: '/api/workspace', headers: html })).json()).toEqual({
      id: 'ws_1',
    });
    expect((await app.inject({ url: '/health', headers: html })).json()).toEqual({ ok: true });
    for (const url of ['/api/nope', '/v1/nope', '/admin/nope', '/health/x']) {
      const res = await app.inject({ url, headers: html });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
  });

  it('answers 404 to a missing asset and to non-page requests of unknown paths', async () => {
    const app = appServing(dist);
    expect((await app.inject({ url: '/assets/gone-123.js', headers: html })).statusCode).toBe(404);
    const res = await app.inject({ url: '/nope.json', headers: { accept: 'application/json' } });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });

  it('does not serve files from outside the build directory', async () => {
    const app = appServing(dist);
    for (const url of ['/../secret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e/secret.txt']) {
      const res = await app.inject({ url, headers: html });
      expect(res.body, url).not.toContain('outside');
    }
  });

  it('says how to build the app when it is not built', async () => {
    const app = appServing(path.join(root, 'missing'));
    const res = await app.inject({ url: '/', headers: html });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('npm run build --workspace web');
    expect((await app.inject({ url: '/api/workspace' })).statusCode).toBe(200);
  });
});
