import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TRole } from '../src/core/schemas/account.ts';
import { createUserInWorkspace } from '../src/store/setup.ts';
import { call, startTestServer, type TestServer } from './helpers/server.ts';
import { asBrowser, type Browser, cookiePair, postForSession, signIn } from './helpers/session.ts';

let srv: TestServer;
let ws: string;
const PASSWORD = 'a long enough password';

/** Creates a member of the test workspace and signs them in. */
async function member(role: TRole, email = `${role}-${Math.random().toString(36).slice(2)}@t.io`) {
  await createUserInWorkspace(srv.store, {
    email,
    name: role,
    password: PASSWORD,
    workspaceId: ws,
    role,
  });
  return signIn(srv.url, email, PASSWORD);
}

const as = (
  b: Browser,
  path: string,
  init: { method?: string; body?: unknown; csrf?: boolean | string } = {},
) => asBrowser(srv.url, b, ws, path, init);

beforeAll(async () => {
  srv = await startTestServer();
  ws = srv.workspaceId;
});
afterAll(async () => {
  await srv?.close();
});

describe('sign-in sessions', () => {
  it('signs in, answers me with the same body, and signs out for good', async () => {
    const owner = await member('owner', 'Ann@Example.com');
    expect(owner.body).toEqual({
      user: { id: expect.stringMatching(/^usr_/), email: 'ann@example.com', name: 'owner' },
      memberships: [{ workspaceId: ws, workspaceName: 'Test', role: 'owner' }],
      csrfToken: expect.any(String),
    });
    const me = await asBrowser(srv.url, owner, undefined, '/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual(owner.body);

    const noCsrf = await asBrowser(srv.url, owner, undefined, '/api/auth/logout', {
      method: 'POST',
      csrf: false,
    });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error.code).toBe('csrf');

    const res = await fetch(`${srv.url}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie: owner.cookie, 'x-csrf-token': owner.csrfToken },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/^waymark_session=;.*Max-Age=0/);
    const after = await asBrowser(srv.url, owner, undefined, '/api/auth/me');
    expect(after.status).toBe(401);
    expect((await as(owner, '/api/journeys')).status).toBe(401);
    expect((await call(`${srv.url}/api/auth/me`)).status).toBe(401);
  });

  it('sets the session cookie HttpOnly, SameSite=Lax, for the whole site, for 14 days', async () => {
    const b = await member('viewer');
    const flags = b.setCookie.split(';').map((f) => f.trim());
    expect(flags[0]).toMatch(/^waymark_session=[\w-]{40,}$/);
    expect(flags).toEqual(
      expect.arrayContaining(['HttpOnly', 'SameSite=Lax', 'Path=/', `Max-Age=${14 * 24 * 3600}`]),
    );
    // Plain http here: Secure would make browsers drop the cookie.
    expect(flags).not.toContain('Secure');
  });

  it('answers a wrong password and an unknown email alike, and slows down guessing', async () => {
    const email = 'guess@t.io';
    await createUserInWorkspace(srv.store, {
      email,
      name: 'G',
      password: PASSWORD,
      workspaceId: ws,
      role: 'viewer',
    });
    const login = (e: string, password: string) =>
      postForSession(`${srv.url}/api/auth/login`, { email: e, password });
    const wrong = await login(email, 'not the password');
    const unknown = await login('nobody@t.io', 'not the password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toEqual({
      error: { code: 'unauthorized', message: 'wrong email or password' },
    });
    expect(wrong.setCookie).toBe('');
    for (let i = 1; i < 10; i++) expect((await login(email, `wrong ${i}`)).status).toBe(401);
    const blocked = await login(email, PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('rate_limited');
    expect(Number(blocked.retryAfter)).toBeGreaterThan(0);
    // Other accounts from the same address are not locked out by it.
    expect((await member('viewer')).csrfToken).toBeTruthy();
  });
});

describe('CSRF and API keys', () => {
  it('requires the CSRF token for changes made with the cookie, not for reads', async () => {
    const editor = await member('editor');
    const persona = { name: 'P', segment: { conditions: [] } };
    const none = await as(editor, '/api/personas', { body: persona, csrf: false });
    expect(none.status).toBe(403);
    expect(none.body).toEqual({ error: { code: 'csrf', message: expect.any(String) } });
    const wrong = await as(editor, '/api/personas', { body: persona, csrf: 'x'.repeat(43) });
    expect(wrong.status).toBe(403);
    expect((await as(editor, '/api/personas', { csrf: false })).status).toBe(200);
    expect((await as(editor, '/api/personas', { body: persona })).status).toBe(201);
  });

  it('keeps Bearer API keys working without a CSRF token, even beside a cookie', async () => {
    const viewer = await member('viewer');
    const res = await call(`${srv.url}/api/personas`, {
      body: { name: 'By key', segment: { conditions: [] } },
      headers: { authorization: `Bearer ${srv.apiKey}`, cookie: viewer.cookie },
    });
    expect(res.status).toBe(201);
    const keys = await call(`${srv.url}/api/keys`, { auth: `Bearer ${srv.apiKey}` });
    expect(keys.status).toBe(200);
    const members = await call(`${srv.url}/api/members`, { auth: `Bearer ${srv.apiKey}` });
    expect(members.status).toBe(200);
    const write = await call(`${srv.url}/api/journeys`, { auth: `Bearer ${srv.writeKey}` });
    expect(write.status).toBe(401);
  });

  it('needs the workspace header with a session', async () => {
    const viewer = await member('viewer');
    const res = await asBrowser(srv.url, viewer, undefined, '/api/journeys');
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('headers.x-waymark-workspace');
  });
});

describe('roles', () => {
  it('lets a viewer read but not change anything', async () => {
    const viewer = await member('viewer');
    expect((await as(viewer, '/api/journeys')).status).toBe(200);
    expect((await as(viewer, '/api/workspace')).body.id).toBe(ws);
    for (const [method, path, body] of [
      ['POST', '/api/journeys', { name: 'No' }],
      ['POST', '/api/personas', { name: 'No', segment: { conditions: [] } }],
      ['POST', '/api/journeys/from-template', { template: 'b2b-saas' }],
      ['DELETE', '/api/touchpoints/tp_x'],
      ['POST', '/api/merges/mrg_x/undo'],
    ] as const) {
      const res = await as(viewer, path, { method, body });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body).toEqual({
        error: { code: 'forbidden', message: 'this needs the editor role' },
      });
    }
  });

  it('lets an editor change the model but not keys or members', async () => {
    const editor = await member('editor');
    const j = await as(editor, '/api/journeys', { body: { name: 'Edited' } });
    expect(j.status).toBe(201);
    expect((await as(editor, `/api/journeys/${j.body.id}`, { method: 'DELETE' })).status).toBe(204);
    for (const [method, path, body] of [
      ['GET', '/api/keys'],
      ['POST', '/api/keys', { kind: 'api' }],
      ['GET', '/api/members'],
      ['POST', '/api/members', { email: 'x@t.io', role: 'viewer' }],
    ] as const) {
      const res = await as(editor, path, { method, body });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.message).toBe('this needs the owner role');
    }
  });
});

describe('members and invites', () => {
  it('invites by email; the invite signs the new member in once, and they can read', async () => {
    const owner = await member('owner');
    const sent = await as(owner, '/api/members', {
      body: { email: 'New.Person@T.io', role: 'viewer' },
    });
    expect(sent.status).toBe(201);
    expect(sent.body.invite).toEqual({
      email: 'new.person@t.io',
      role: 'viewer',
      expiresAt: expect.any(String),
      url: expect.stringMatching(/^\/invite\/[\w-]{40,}$/),
    });
    const token = sent.body.invite.url.slice('/invite/'.length);
    const short = await postForSession(`${srv.url}/api/auth/accept-invite`, {
      token,
      name: 'New',
      password: 'short',
    });
    expect(short.status).toBe(400);
    expect(short.body.error.details[0].path).toBe('body.password');
    const accepted = await postForSession(`${srv.url}/api/auth/accept-invite`, {
      token,
      name: 'New Person',
      password: PASSWORD,
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.memberships).toEqual([
      { workspaceId: ws, workspaceName: 'Test', role: 'viewer' },
    ]);
    expect(accepted.setCookie).toContain('HttpOnly');
    const newcomer: Browser = {
      cookie: cookiePair(accepted.setCookie),
      csrfToken: accepted.body.csrfToken,
      setCookie: accepted.setCookie,
      body: accepted.body,
    };
    expect((await as(newcomer, '/api/journeys')).status).toBe(200);
    const again = await postForSession(`${srv.url}/api/auth/accept-invite`, {
      token,
      name: 'Twice',
      password: PASSWORD,
    });
    expect(again.status).toBe(404);
    expect((await signIn(srv.url, 'new.person@t.io', PASSWORD)).body.user.name).toBe('New Person');

    const list = await as(owner, '/api/members');
    expect(list.body.map((m: { email: string }) => m.email)).toContain('new.person@t.io');
    const userId = accepted.body.user.id;
    const promoted = await as(owner, `/api/members/${userId}`, {
      method: 'PATCH',
      body: { role: 'editor' },
    });
    expect(promoted.body).toMatchObject({ userId, role: 'editor' });
    expect((await as(newcomer, '/api/personas', { body: { name: 'Mine' } })).status).toBe(201);
    expect((await as(owner, `/api/members/${userId}`, { method: 'DELETE' })).status).toBe(204);
    expect((await as(newcomer, '/api/journeys')).status).toBe(404);
  });

  it('adds an existing user directly, and a signed-in user can accept an invite', async () => {
    const owner = await member('owner');
    const other = await srv.store.createWorkspace({ name: 'Second' });
    const elsewhere = await createUserInWorkspace(srv.store, {
      email: 'elsewhere@t.io',
      name: 'E',
      password: PASSWORD,
      workspaceId: other.id,
      role: 'owner',
    });
    const added = await as(owner, '/api/members', {
      body: { email: 'elsewhere@t.io', role: 'editor' },
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ userId: elsewhere.id, role: 'editor' });
    const dup = await as(owner, '/api/members', {
      body: { email: 'elsewhere@t.io', role: 'viewer' },
    });
    expect(dup.status).toBe(409);

    const invite = await call(`${srv.url}/api/members`, {
      body: { email: 'someone@else.io', role: 'viewer' },
      headers: { authorization: `Bearer ${srv.apiKey}` },
    });
    const token = invite.body.invite.url.split('/').pop();
    const e = await signIn(srv.url, 'elsewhere@t.io', PASSWORD);
    const byThirdWs = await asBrowser(srv.url, e, undefined, '/api/auth/accept-invite', {
      body: { token },
    });
    expect(byThirdWs.status).toBe(200);
    expect(byThirdWs.body.user.id).toBe(elsewhere.id);
    expect(byThirdWs.body.memberships.map((m: { role: string }) => m.role).sort()).toEqual([
      'editor',
      'owner',
    ]);
  });

  it('never removes or demotes the last owner', async () => {
    const lone = await srv.store.createWorkspace({ name: 'Lone' });
    const u = await createUserInWorkspace(srv.store, {
      email: 'lone@t.io',
      name: 'L',
      password: PASSWORD,
      workspaceId: lone.id,
      role: 'owner',
    });
    const b = await signIn(srv.url, 'lone@t.io', PASSWORD);
    const at = (path: string, init: { method?: string; body?: unknown }) =>
      asBrowser(srv.url, b, lone.id, path, init);
    const demote = await at(`/api/members/${u.id}`, { method: 'PATCH', body: { role: 'viewer' } });
    expect(demote.status).toBe(409);
    expect(demote.body.error.code).toBe('conflict');
    expect((await at(`/api/members/${u.id}`, { method: 'DELETE' })).status).toBe(409);
    expect((await at('/api/members', {})).body).toEqual([
      expect.objectContaining({ userId: u.id, role: 'owner' }),
    ]);
    expect((await at('/api/members/usr_nobody', { method: 'DELETE' })).status).toBe(404);
  });

  it('keeps a member of one workspace out of every other one', async () => {
    const a = await member('owner');
    const b = await srv.store.createWorkspace({ name: 'Other company' });
    const secret = await srv.store.createPersona(b.id, {
      name: 'Theirs',
      segment: { match: 'all', conditions: [] },
    });
    for (const [method, path, body] of [
      ['GET', '/api/journeys'],
      ['GET', '/api/workspace'],
      ['GET', `/api/personas/${secret.id}`],
      ['POST', '/api/personas', { name: 'Injected', segment: { conditions: [] } }],
      ['GET', '/api/members'],
    ] as const) {
      const res = await asBrowser(srv.url, a, b.id, path, { method, body });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body).toEqual({
        error: { code: 'not_found', message: `workspace ${b.id} not found` },
      });
    }
    const nowhere = await asBrowser(srv.url, a, 'ws_doesnotexist', '/api/journeys');
    expect(nowhere.body.error.message).toBe('workspace ws_doesnotexist not found');
    expect((await as(a, `/api/personas/${secret.id}`)).status).toBe(404);
  });
});

describe('OpenAPI', () => {
  it('documents the auth and member routes and the session security scheme', async () => {
    const doc = (await call(`${srv.url}/api/openapi.json`)).body;
    expect(doc.paths['/api/auth/login'].post.requestBody).toBeDefined();
    expect(doc.paths['/api/auth/login'].post.security).toEqual([]);
    expect(Object.keys(doc.paths['/api/members/{userId}'])).toEqual(['patch', 'delete']);
    expect(doc.components.securitySchemes.session).toMatchObject({ in: 'cookie' });
    expect(doc.paths['/api/keys'].get['x-waymark-role']).toBe('owner');
    expect(doc.paths['/api/journeys'].post['x-waymark-role']).toBe('editor');
    expect(doc.paths['/api/personas'].post.security).toEqual([
      { apiKey: [] },
      { session: [], workspace: [], csrf: [] },
    ]);
  });
});
