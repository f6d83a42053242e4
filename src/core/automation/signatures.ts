import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * HMAC-SHA256 signatures: on webhook calls (a per-automation secret, over the timestamp and the
 * body, so a receiver can check both origin and freshness) and on unsubscribe links (a server
 * secret, over the workspace and customer, so a link needs no database row and cannot be forged
 * for another customer).
 */

/** A new webhook signing secret (`whsec_` and 32 random bytes, base64url). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** The hex HMAC-SHA256 of `${timestamp}.${body}`. */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/**
 * The `X-Waymark-Signature` header value: `t=<unix seconds>,v1=<hex signature>`.
 *
 * @example signatureHeader('whsec_x', 1700000000, '{}') // 't=1700000000,v1=…'
 */
export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${webhookSignature(secret, timestamp, body)}`;
}

const sameText = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Checks a signature header against a body, as a receiver would: the signature must match and
 * the timestamp lie within `toleranceSeconds` of `nowSeconds` (replay protection).
 */
export function verifySignatureHeader(
  secret: string,
  header: string,
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const parts = new Map(
    header.split(',').map((p) => {
      const i = p.indexOf('=');
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()] as const;
    }),
  );
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1');
  if (!Number.isInteger(t) || !v1) return false;
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  return sameText(v1, webhookSignature(secret, t, body));
}

/** Who an unsubscribe link belongs to. */
export interface UnsubscribeSubject {
  workspaceId: string;
  customerId: string;
}

const mac = (secret: string, payload: string) =>
  createHmac('sha256', secret).update(`unsubscribe.${payload}`).digest('base64url');

/**
 * A token for a customer's unsubscribe link: `<payload>.<signature>`, both base64url. It does not
 * expire: an unsubscribe link in an old email must keep working.
 */
export function unsubscribeToken(secret: string, subject: UnsubscribeSubject): string {
  const payload = Buffer.from(JSON.stringify([subject.workspaceId, subject.customerId])).toString(
    'base64url',
  );
  return `${payload}.${mac(secret, payload)}`;
}

/** The subject of a genuine token; undefined for a forged, altered or malformed one. */
export function readUnsubscribeToken(
  secret: string,
  token: string,
): UnsubscribeSubject | undefined {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return undefined;
  if (!sameText(signature, mac(secret, payload))) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
    const [workspaceId, customerId] = parsed as unknown[];
    if (typeof workspaceId !== 'string' || typeof customerId !== 'string') return undefined;
    return { workspaceId, customerId };
  } catch {
    return undefined;
  }
}
