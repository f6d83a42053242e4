import type { Customer, IdentityKind, StoredEvent } from '../types.ts';

export const customerPath = (id: string) => `/customers/${encodeURIComponent(id)}`;

/** How a person recognises an identity kind. */
export const IDENTITY_LABELS: Record<IdentityKind, string> = {
  email: 'Email',
  user_id: 'User id',
  anonymous_id: 'Anonymous id',
};

/** The order identities are shown in: the most recognisable first. */
export const IDENTITY_ORDER: IdentityKind[] = ['email', 'user_id', 'anonymous_id'];

/** The identity that names a customer best: an email, else a user id, else an anonymous id. */
export function bestIdentity(customer: Customer): { kind: IdentityKind | null; value: string } {
  for (const kind of IDENTITY_ORDER) {
    const found = customer.identities.find((i) => i.kind === kind);
    if (found) return { kind, value: found.value };
  }
  return { kind: null, value: customer.id };
}

/** A trait value as one line of text. */
export function traitText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Up to `count` traits worth showing in a list row (the email is already the row's name). */
export function previewTraits(customer: Customer, count = 3): [string, string][] {
  return Object.entries(customer.traits)
    .filter(([key]) => key !== 'email')
    .slice(0, count)
    .map(([key, value]) => [key, traitText(value)]);
}

const dateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
});

/** "2025-03-01T09:05:00.000Z" → "1 Mar 2025, 09:05 UTC"; null → "—". */
export function formatDateTime(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${dateTime.format(d)} UTC`;
}

/** What happened, in words: the event name, or the call type with its page name. */
export function eventTitle(event: StoredEvent): string {
  switch (event.type) {
    case 'track':
      return event.event || 'Track';
    case 'page':
      return event.event ? `Page: ${event.event}` : 'Page view';
    case 'screen':
      return event.event ? `Screen: ${event.event}` : 'Screen view';
    case 'identify':
      return 'Identified';
    case 'group':
      return 'Joined a group';
    case 'alias':
      return 'Alias';
  }
}
