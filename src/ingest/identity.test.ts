import { describe, expect, it } from 'vitest';
import { testEvent } from '../store/contract.ts';
import { identityKey, resolveIdentities } from './identity.ts';

let n = 0;
const resolve = (events: ReturnType<typeof testEvent>[], known: Record<string, string> = {}) =>
  resolveIdentities({
    workspaceId: 'ws',
    events,
    lookup: (k) => known[k],
    canonical: (id) => id,
    newCustomerId: () => `c${++n}`,
  });

describe('resolveIdentities', () => {
  it('gives a new visitor a new customer and keeps later events on it', () => {
    const r = resolve([testEvent({ anonymousId: 'a' }), testEvent({ anonymousId: 'a' })]);
    expect(r.newCustomers).toHaveLength(1);
    expect(r.customerIds[0]).toBe(r.customerIds[1]);
  });
  it('links an anonymous id to the user id it identifies as, without a merge', () => {
    const r = resolve([
      testEvent({ anonymousId: 'a' }),
      testEvent({ type: 'identify', anonymousId: 'a', userId: 'u', email: ' Ada@X.io ' }),
    ]);
    expect(r.merges).toEqual([]);
    expect(r.newIdentities.map((i) => `${i.kind}=${i.value}`).sort()).toEqual([
      'anonymous_id=a',
      'email=ada@x.io',
      'user_id=u',
    ]);
  });
  it('merges the anonymous profile into the known account when they meet', () => {
    const known = {
      [identityKey('ws', 'anonymous_id', 'a')]: 'anon-c',
      [identityKey('ws', 'user_id', 'u')]: 'user-c',
    };
    const r = resolve([testEvent({ anonymousId: 'a', userId: 'u' })], known);
    expect(r.merges).toEqual([expect.objectContaining({ from: 'anon-c', into: 'user-c' })]);
    expect(r.customerIds).toEqual(['user-c']);
  });
  it('links alias previousId to the new user id', () => {
    const known = { [identityKey('ws', 'anonymous_id', 'old')]: 'c-old' };
    const r = resolve(
      [testEvent({ type: 'alias', anonymousId: null, previousId: 'old', userId: 'new' })],
      known,
    );
    expect(r.customerIds).toEqual(['c-old']);
    expect(r.newIdentities).toEqual([{ kind: 'user_id', value: 'new', customerId: 'c-old' }]);
  });
});
