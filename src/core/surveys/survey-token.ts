import { createHmac, timingSafeEqual } from 'node:crypto';
import type { TSurveyChannel } from '../schemas/survey.ts';

/** What a survey token carries: enough to answer without a database lookup to trust it. */
export interface SurveyTokenPayload {
  /** Workspace id. */
  workspaceId: string;
  surveyId: string;
  customerId: string;
  channel: TSurveyChannel;
  /** Expiry, epoch seconds. */
  expiresAt: number;
  /** The invitation's random id: a response stores it, so one token is answered once. */
  nonce: string;
}

/** Why a token was refused; each maps to its own 4xx (see docs/voice-of-customer.md). */
export type TokenProblem = 'malformed' | 'forged' | 'expired';

export type VerifiedToken =
  | { ok: true; payload: SurveyTokenPayload }
  | { ok: false; problem: TokenProblem; payload?: SurveyTokenPayload };

/** The token format version, first in the payload, so a format change can be told apart. */
const VERSION = 1;
/** HMAC-SHA256 output, bytes. */
const MAC_BYTES = 32;
/** Tokens are short enough for a URL path: anything longer is not one of ours. */
const MAX_TOKEN_CHARS = 1024;

const mac = (secret: string | Buffer, body: string) =>
  createHmac('sha256', secret).update(`waymark-survey.${body}`).digest();

/**
 * Signs a survey token: `base64url(JSON payload) + '.' + base64url(HMAC-SHA256(secret, …))`.
 * The payload is a JSON array (not an object) to keep links short. The MAC covers the encoded
 * payload exactly as sent, with a purpose prefix so that the secret signs nothing else.
 *
 * @example signSurveyToken(p, 'secret') // 'WzEsIndzXzEiLC…' + '.' + 'q3Xw…'
 */
export function signSurveyToken(payload: SurveyTokenPayload, secret: string | Buffer): string {
  const body = Buffer.from(
    JSON.stringify([
      VERSION,
      payload.workspaceId,
      payload.surveyId,
      payload.customerId,
      payload.channel,
      payload.expiresAt,
      payload.nonce,
    ]),
  ).toString('base64url');
  return `${body}.${mac(secret, body).toString('base64url')}`;
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length < 200;

/**
 * Verifies a token against the secret and a clock (epoch milliseconds). The MAC is checked first,
 * in constant time, before the payload is even parsed: nothing an attacker writes is read unless
 * it was signed by us. An expired token still returns its payload, so a page can say which
 * survey it was.
 */
export function verifySurveyToken(
  token: string,
  secret: string | Buffer,
  nowMs: number,
): VerifiedToken {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_CHARS) {
    return { ok: false, problem: 'malformed' };
  }
  const dot = token.indexOf('.');
  if (dot <= 0 || dot !== token.lastIndexOf('.')) return { ok: false, problem: 'malformed' };
  const body = token.slice(0, dot);
  const sent = Buffer.from(token.slice(dot + 1), 'base64url');
  if (!/^[A-Za-z0-9_-]+$/.test(body) || sent.length !== MAC_BYTES) {
    return { ok: false, problem: 'malformed' };
  }
  if (!timingSafeEqual(sent, mac(secret, body))) return { ok: false, problem: 'forged' };
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, problem: 'malformed' };
  }
  if (!Array.isArray(fields) || fields.length !== 7 || fields[0] !== VERSION) {
    return { ok: false, problem: 'malformed' };
  }
  const [, workspaceId, surveyId, customerId, channel, expiresAt, nonce] = fields as unknown[];
  if (
    !isText(workspaceId) ||
    !isText(surveyId) ||
    !isText(customerId) ||
    (channel !== 'link' && channel !== 'widget' && channel !== 'email') ||
    typeof expiresAt !== 'number' ||
    !Number.isInteger(expiresAt) ||
    !isText(nonce)
  ) {
    return { ok: false, problem: 'malformed' };
  }
  const payload: SurveyTokenPayload = {
    workspaceId,
    surveyId,
    customerId,
    channel,
    expiresAt,
    nonce,
  };
  if (nowMs >= expiresAt * 1000) return { ok: false, problem: 'expired', payload };
  return { ok: true, payload };
}
