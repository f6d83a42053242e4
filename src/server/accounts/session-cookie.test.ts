import { describe, expect, it } from 'vitest';
import { readCookie, SESSION_COOKIE, sessionCookie } from './session-cookie.ts';

describe('session cookie', () => {
  it('reads one cookie among others, and nothing from an empty or absent one', () => {
    expect(readCookie(`a=1; ${SESSION_COOKIE}=tok; b=2`, SESSION_COOKIE)).toBe('tok');
    expect(readCookie(`x${SESSION_COOKIE}=no`, SESSION_COOKIE)).toBeUndefined();
    expect(readCookie(`${SESSION_COOKIE}=`, SESSION_COOKIE)).toBeUndefined();
    expect(readCookie(undefined, SESSION_COOKIE)).toBeUndefined();
  });

  it('marks the cookie Secure only for https requests', () => {
    expect(sessionCookie('t', true)).toBe(
      'waymark_session=t; HttpOnly; SameSite=Lax; Path=/; Max-Age=1209600; Secure',
    );
    expect(sessionCookie('t', false)).not.toContain('Secure');
  });
});
