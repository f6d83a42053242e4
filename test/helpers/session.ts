import { call } from './server.ts';

/** A signed-in browser, reduced to what matters here: its cookie and the CSRF token. */
export interface Browser {
  cookie: string;
  csrfToken: string;
  /** The `Set-Cookie` header of the sign-in answer, to check its flags. */
  setCookie: string;
  // biome-ignore lint/suspicious/noExplicitAny: parsed JSON of arbitrary shape
  body: any;
}

/** The `name=value` pair of a `Set-Cookie` header. */
export const cookiePair = (setCookie: string) => setCookie.split(';', 1)[0]!.trim();

/** POSTs JSON and keeps the session cookie the answer sets (fetch exposes `set-cookie`). */
export async function postForSession(url: string, body: unknown, cookie?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (cookie) headers.cookie = cookie;
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await res.text();
  return {
    status: res.status,
    setCookie: res.headers.get('set-cookie') ?? '',
    retryAfter: res.headers.get('retry-after'),
    body: text ? JSON.parse(text) : undefined,
  };
}

/** Signs in and returns the browser state; throws unless the sign-in succeeded. */
export async function signIn(base: string, email: string, password: string): Promise<Browser> {
  const res = await postForSession(`${base}/api/auth/login`, { email, password });
  if (res.status !== 200)
    throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    cookie: cookiePair(res.setCookie),
    csrfToken: res.body.csrfToken,
    setCookie: res.setCookie,
    body: res.body,
  };
}

/**
 * A request as the web app makes it: the cookie, the workspace header, and (unless `csrf` is
 * false or another token is given) the CSRF token.
 */
export function asBrowser(
  base: string,
  browser: Browser,
  workspaceId: string | undefined,
  path: string,
  init: { method?: string; body?: unknown; csrf?: boolean | string } = {},
) {
  const headers: Record<string, string> = { cookie: browser.cookie };
  if (workspaceId) headers['x-waymark-workspace'] = workspaceId;
  if (init.csrf !== false)
    headers['x-csrf-token'] = typeof init.csrf === 'string' ? init.csrf : browser.csrfToken;
  return call(`${base}${path}`, { method: init.method, body: init.body, headers });
}
