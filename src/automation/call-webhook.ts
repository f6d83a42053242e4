import { signatureHeader } from '../core/automation/signatures.ts';

export interface WebhookCall {
  url: string;
  body: string;
  secret: string;
  /** Constant across the retries of one step: receivers dedupe on it. */
  idempotencyKey: string;
  automationId: string;
  runId: string;
  timeoutMs: number;
}

export type WebhookResult =
  | { ok: true; status: number }
  | { ok: false; status: number | null; error: string; permanent: boolean };

/**
 * POSTs a signed JSON body. The signature's timestamp is the wall-clock time of the call (it is
 * for the receiver's replay check, not the engine's schedule). A 2xx answer succeeds; a 4xx other
 * than 408 and 429 is permanent (retrying the same request cannot help); anything else, a
 * timeout or a network error, is retried by the caller.
 */
export async function callWebhook(
  call: WebhookCall,
  fetchImpl: typeof fetch = fetch,
): Promise<WebhookResult> {
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const res = await fetchImpl(call.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(call.timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Waymark-Automations/1',
        'idempotency-key': call.idempotencyKey,
        'x-waymark-timestamp': String(timestamp),
        'x-waymark-signature': signatureHeader(call.secret, timestamp, call.body),
        'x-waymark-automation': call.automationId,
        'x-waymark-run': call.runId,
      },
      body: call.body,
    });
    // The answer's body is not needed; reading it releases the connection.
    await res.arrayBuffer().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
    const permanent =
      res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
    return { ok: false, status: res.status, error: `HTTP ${res.status}`, permanent };
  } catch (err) {
    const e = err as Error;
    const error = e.name === 'TimeoutError' ? `timed out after ${call.timeoutMs} ms` : e.message;
    return { ok: false, status: null, error, permanent: false };
  }
}
