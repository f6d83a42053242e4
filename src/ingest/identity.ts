import type { TIdentityKind } from '../core/schemas/customer.ts';
import type { TNormalizedEvent } from '../core/schemas/event.ts';

export interface IdentityRef {
  kind: TIdentityKind;
  value: string;
}

export const identityKey = (workspaceId: string, kind: TIdentityKind, value: string) =>
  `${workspaceId}\u0000${kind}\u0000${value}`;

/** What identity resolution reads of an event. */
export type IdentityFields = Pick<
  TNormalizedEvent,
  'type' | 'messageId' | 'userId' | 'anonymousId' | 'email' | 'previousId'
>;

/** The ids an event carries, strongest first: user id, email, anonymous id. */
export function identitiesOf(e: IdentityFields): IdentityRef[] {
  const out: IdentityRef[] = [];
  if (e.userId) out.push({ kind: 'user_id', value: e.userId });
  if (e.email) out.push({ kind: 'email', value: e.email.trim().toLowerCase() });
  if (e.anonymousId) out.push({ kind: 'anonymous_id', value: e.anonymousId });
  // alias: previousId is the id the customer was known by before (anonymous or user id).
  if (e.type === 'alias' && e.previousId) {
    out.push({ kind: 'user_id', value: e.previousId });
    out.push({ kind: 'anonymous_id', value: e.previousId });
  }
  return out;
}

export interface Resolution {
  /** The customer each event belongs to (a canonical id at resolution time). */
  customerIds: string[];
  newCustomers: string[];
  newIdentities: Array<IdentityRef & { customerId: string }>;
  merges: Array<{ from: string; into: string; reason: string }>;
}

export interface ResolveInput {
  workspaceId: string;
  events: readonly IdentityFields[];
  /** Known identity → customer id (raw, possibly merged since). */
  lookup: (key: string) => string | undefined;
  /** Customer id → the customer it was merged into, if any (followed transitively). */
  canonical: (customerId: string) => string;
  newCustomerId: () => string;
}

/**
 * Assigns every event to a customer, linking ids seen together into one customer. When an event
 * links ids that belong to different customers (an anonymous visitor who logs in to an existing
 * account), the customers are merged into the one that owns the strongest id. Pure: the caller
 * persists the result in the same transaction as the events.
 *
 * Alias events link only `previousId` with `userId`; `previousId` is looked up both as an
 * anonymous id and as a user id, but only registered under the kind it was found as (or as an
 * anonymous id if unknown).
 */
export function resolveIdentities(input: ResolveInput): Resolution {
  const local = new Map<string, string>();
  const localCanonical = new Map<string, string>();
  const result: Resolution = { customerIds: [], newCustomers: [], newIdentities: [], merges: [] };

  const canon = (id: string): string => {
    let cur = id;
    for (let i = 0; i < 64; i++) {
      const next = localCanonical.get(cur);
      if (next === undefined) break;
      cur = next;
    }
    const stored = input.canonical(cur);
    return stored === cur ? cur : canon(stored);
  };
  const find = (ref: IdentityRef) => {
    const k = identityKey(input.workspaceId, ref.kind, ref.value);
    const raw = local.get(k) ?? input.lookup(k);
    return raw === undefined ? undefined : canon(raw);
  };

  // Most events repeat ids already resolved in this call. Such an event can neither add an
  // identity nor merge (its ids were linked at their first occurrence), so while no merge has
  // happened since, it belongs to the same customer and the look-ups can be skipped.
  const seen = new Map<string, { target: string; merges: number }>();

  for (const e of input.events) {
    const plain = e.type === 'track' || e.type === 'page' || e.type === 'screen';
    const pairKey = plain
      ? `${e.userId ?? ''}\u0000${e.email ?? ''}\u0000${e.anonymousId ?? ''}`
      : '';
    if (plain) {
      const hit = seen.get(pairKey);
      if (hit && hit.merges === result.merges.length) {
        result.customerIds.push(hit.target);
        continue;
      }
    }
    let refs = identitiesOf(e);
    if (e.type === 'alias' && e.previousId) {
      // Register previousId only under the kind it is already known as (default: anonymous).
      const prevUser = { kind: 'user_id' as const, value: e.previousId };
      const prevAnon = { kind: 'anonymous_id' as const, value: e.previousId };
      const knownAsUser = find(prevUser) !== undefined;
      const knownAsAnon = find(prevAnon) !== undefined;
      refs = refs.filter(
        (r) =>
          r.value !== e.previousId ||
          (r.kind === 'user_id'
            ? knownAsUser
            : r.kind === 'anonymous_id'
              ? knownAsAnon || !knownAsUser
              : true),
      );
    }
    const found: string[] = [];
    for (const r of refs) {
      const c = find(r);
      if (c !== undefined && !found.includes(c)) found.push(c);
    }
    let target: string;
    if (found.length === 0) {
      target = input.newCustomerId();
      result.newCustomers.push(target);
    } else {
      // The survivor owns the event's strongest id (user id, then email, then anonymous id), so a
      // logged-in account absorbs the anonymous profile that led to it, not the other way round.
      target = found[0]!;
      for (const other of found) {
        if (other === target) continue;
        localCanonical.set(other, target);
        result.merges.push({
          from: other,
          into: target,
          reason: `${e.type} ${e.messageId} linked ${refs.map((r) => `${r.kind}=${r.value}`).join(', ')}`,
        });
      }
    }
    for (const r of refs) {
      const k = identityKey(input.workspaceId, r.kind, r.value);
      if (local.get(k) === undefined && input.lookup(k) === undefined) {
        local.set(k, target);
        result.newIdentities.push({ ...r, customerId: target });
      }
    }
    result.customerIds.push(target);
    if (plain) seen.set(pairKey, { target, merges: result.merges.length });
  }
  return result;
}
