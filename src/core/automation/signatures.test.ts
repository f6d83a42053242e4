import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  readUnsubscribeToken,
  signatureHeader,
  unsubscribeToken,
  verifySignatureHeader,
} from './signatures.ts';

describe('signatures', () => {
  it('signs timestamp and body with HMAC-SHA256, as a receiver recomputes it', () => {
    const header = signatureHeader('whsec_test', 1_700_000_000, '{"a":1}');
    const expected = createHmac('sha256', 'whsec_test').update('1700000000.{"a":1}').digest('hex');
    expect(header).toBe(`t=1700000000,v1=${expected}`);
    expect(verifySignatureHeader('whsec_test', header, '{"a":1}', 1_700_000_100)).toBe(true);
    expect(verifySignatureHeader('whsec_test', header, '{"a":2}', 1_700_000_100)).toBe(false);
    expect(verifySignatureHeader('whsec_other', header, '{"a":1}', 1_700_000_100)).toBe(false);
    // Too old: a replay.
    expect(verifySignatureHeader('whsec_test', header, '{"a":1}', 1_700_001_000)).toBe(false);
  });

  it('reads back genuine unsubscribe tokens and refuses altered ones', () => {
    const token = unsubscribeToken('s3cret', { workspaceId: 'ws_1', customerId: 'cus_1' });
    expect(readUnsubscribeToken('s3cret', token)).toEqual({
      workspaceId: 'ws_1',
      customerId: 'cus_1',
    });
    expect(readUnsubscribeToken('other', token)).toBeUndefined();
    const forged = `${Buffer.from('["ws_1","cus_2"]').toString('base64url')}.${token.split('.')[1]}`;
    expect(readUnsubscribeToken('s3cret', forged)).toBeUndefined();
    expect(readUnsubscribeToken('s3cret', 'garbage')).toBeUndefined();
  });
});
