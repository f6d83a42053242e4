import { describe, expect, it } from 'vitest';
import { reasonKey, summarizeContacts, type TContact, trendOf } from './summarize-contacts.ts';

const DAY = 86_400_000;
const contact = (customerId: string, day: number, key: string, text = key, confidence = 0.9) =>
  ({ customerId, at: day * DAY, key, name: key, text, confidence }) satisfies TContact;

describe('summarizeContacts', () => {
  const periods = { previousFrom: 0, from: 30 * DAY, to: 60 * DAY };
  const contacts = [
    // This period: a wrote twice about cards, b once; c once about refunds.
    contact('a', 31, 'card', 'my card', 0.5),
    contact('a', 40, 'card', 'card again', 0.95),
    contact('b', 41, 'card', 'my card', 0.7),
    contact('c', 42, 'refund'),
    // The previous period: one card contact, three refund ones.
    contact('d', 2, 'card'),
    contact('e', 3, 'refund'),
    contact('e', 4, 'refund'),
    contact('f', 5, 'refund'),
    // Outside both periods.
    contact('g', 61, 'card'),
  ];

  it('counts volume, share, customers and repeat customers in the current period', () => {
    const s = summarizeContacts(contacts, periods);
    expect(s).toMatchObject({ contacts: 4, previousContacts: 4, customers: 3, repeatRate: 1 / 3 });
    expect(s.reasons[0]).toEqual({
      key: 'card',
      name: 'card',
      volume: 3,
      share: 0.75,
      trend: { previous: 1, change: 2, relativeChange: 2, direction: 'up' },
      customers: 2,
      repeatCustomers: 1,
      repeatRate: 0.5,
      // The most confident first; the same text only once.
      examples: ['card again', 'my card'],
    });
    expect(s.reasons[1]).toMatchObject({
      key: 'refund',
      volume: 1,
      trend: { previous: 3, change: -2, relativeChange: -2 / 3, direction: 'down' },
    });
  });

  it('lists a reason seen only in the previous period, with volume 0', () => {
    const s = summarizeContacts([contact('x', 1, 'gone')], periods);
    expect(s.reasons).toEqual([
      expect.objectContaining({ key: 'gone', volume: 0, share: 0, repeatRate: 0, examples: [] }),
    ]);
  });

  it('has no relative change when the previous period had none', () => {
    expect(trendOf(5, 0)).toEqual({
      previous: 0,
      change: 5,
      relativeChange: null,
      direction: 'up',
    });
    expect(trendOf(3, 3).direction).toBe('flat');
  });
});

describe('reasonKey', () => {
  it('makes a URL-safe key from a name', () => {
    expect(reasonKey('reason', 'Password reset')).toBe('reason-password-reset');
    expect(reasonKey('theme', 'email / password / reset')).toBe('theme-email-password-reset');
    expect(reasonKey('reason', 'Café ☕ problems!')).toBe('reason-cafe-problems');
    expect(reasonKey('reason', '!!!')).toBe('reason-none');
  });
});
