import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type SurveyTokenPayload, signSurveyToken, verifySurveyToken } from './survey-token.ts';

const SECRET = 'test-secret-0123456789-0123456789-abcdef';
const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
const payload: SurveyTokenPayload = {
  workspaceId: 'ws_a',
  surveyId: 'srv_b',
  customerId: 'cus_c',
  channel: 'link',
  expiresAt: NOW / 1000 + 3600,
  nonce: 'n0nce',
};

describe('survey tokens', () => {
  it('round-trips a payload signed with the same secret', () => {
    const token = signSurveyToken(payload, SECRET);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifySurveyToken(token, SECRET, NOW)).toEqual({ ok: true, payload });
  });

  it('refuses a token signed with another secret as forged', () => {
    const token = signSurveyToken(payload, 'another-secret-0123456789-0123456789');
    expect(verifySurveyToken(token, SECRET, NOW)).toEqual({ ok: false, problem: 'forged' });
  });

  it('refuses a payload changed after signing, even re-encoded, as forged', () => {
    const token = signSurveyToken(payload, SECRET);
    const [body, mac] = token.split('.') as [string, string];
    const fields = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown[];
    fields[3] = 'cus_someone_else';
    const tampered = `${Buffer.from(JSON.stringify(fields)).toString('base64url')}.${mac}`;
    expect(verifySurveyToken(tampered, SECRET, NOW)).toEqual({ ok: false, problem: 'forged' });
    // One flipped character of the MAC is enough.
    const flipped = `${body}.${mac.slice(0, -2)}${mac.at(-2) === 'A' ? 'B' : 'A'}${mac.at(-1)}`;
    expect(verifySurveyToken(flipped, SECRET, NOW).ok).toBe(false);
  });

  it('accepts a correct MAC computed independently over the documented format', () => {
    const body = Buffer.from(
      JSON.stringify([1, 'ws_a', 'srv_b', 'cus_c', 'email', payload.expiresAt, 'n0nce']),
    ).toString('base64url');
    const mac = createHmac('sha256', SECRET).update(`waymark-survey.${body}`).digest('base64url');
    expect(verifySurveyToken(`${body}.${mac}`, SECRET, NOW)).toEqual({
      ok: true,
      payload: { ...payload, channel: 'email' },
    });
  });

  it('expires at expiresAt exactly, and says which survey it was', () => {
    const token = signSurveyToken(payload, SECRET);
    expect(verifySurveyToken(token, SECRET, payload.expiresAt * 1000 - 1).ok).toBe(true);
    expect(verifySurveyToken(token, SECRET, payload.expiresAt * 1000)).toEqual({
      ok: false,
      problem: 'expired',
      payload,
    });
  });

  it('calls anything that is not a token malformed', () => {
    const token = signSurveyToken(payload, SECRET);
    for (const bad of [
      '',
      'abc',
      'a.b.c',
      `${token}x`,
      `.${token.split('.')[1]}`,
      'x'.repeat(2000),
    ]) {
      expect(verifySurveyToken(bad, SECRET, NOW).ok).toBe(false);
    }
    expect(verifySurveyToken('abc', SECRET, NOW)).toEqual({ ok: false, problem: 'malformed' });
    // Signed by us but not our payload shape: still refused.
    const body = Buffer.from(JSON.stringify({ hello: 1 })).toString('base64url');
    const mac = createHmac('sha256', SECRET).update(`waymark-survey.${body}`).digest('base64url');
    expect(verifySurveyToken(`${body}.${mac}`, SECRET, NOW)).toEqual({
      ok: false,
      problem: 'malformed',
    });
  });
});
