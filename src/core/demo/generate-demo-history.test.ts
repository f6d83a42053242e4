import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { AppError } from '../errors.ts';
import type { ZMatchRule, ZPropertyCondition } from '../schemas/touchpoint.ts';
import { expandJourneyTemplate } from '../templates/expand-journey-template.ts';
import { getJourneyTemplate } from '../templates/journey-templates.ts';
import type { TDemoPayload } from './demo-payload.ts';
import { DEMO_DISCLAIMER, generateDemoHistory } from './generate-demo-history.ts';

const END = Date.UTC(2025, 5, 1);
const DAY = 86_400_000;

// ---------------------------------------------------------------------------------------------
// A tiny matcher for this test only: the match-rule semantics as the schema describes them.
// Every stated condition must hold; text compares ignore case; `*` is a wildcard.

const globs = new Map<string, RegExp>();
function glob(pattern: string): RegExp {
  const cached = globs.get(pattern);
  if (cached) return cached;
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const regex = new RegExp(`^${body}$`, 'i');
  globs.set(pattern, regex);
  return regex;
}

function textMatches(pattern: string | undefined, value: string | null | undefined): boolean {
  if (pattern === undefined) return true;
  return value !== null && value !== undefined && glob(pattern).test(value);
}

function propertyAt(properties: Record<string, unknown>, key: string): unknown {
  let value: unknown = properties;
  for (const part of key.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Rules as written in a create payload: `op` may be left out and means `eq`. */
type RuleInput = z.input<typeof ZMatchRule>;

function conditionHolds(
  c: z.input<typeof ZPropertyCondition>,
  properties: Record<string, unknown>,
): boolean {
  const actual = propertyAt(properties, c.key);
  const same = (a: unknown, b: unknown) =>
    typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : a === b;
  switch (c.op ?? 'eq') {
    case 'exists':
      return actual !== undefined && actual !== null;
    case 'eq':
      return same(actual, c.value);
    case 'neq':
      return !same(actual, c.value);
    case 'contains':
      return String(actual ?? '')
        .toLowerCase()
        .includes(String(c.value ?? '').toLowerCase());
    case 'gt':
      return Number(actual) > Number(c.value);
    case 'lt':
      return Number(actual) < Number(c.value);
  }
}

function ruleMatches(rule: RuleInput, e: TDemoPayload): boolean {
  const channel = e.context.channel ?? (e.properties.channel as string | undefined);
  const event = e.type === 'track' ? e.event : e.type === 'page' ? (e.name ?? '') : '';
  return (
    (rule.type === undefined || rule.type === e.type) &&
    textMatches(rule.event, event) &&
    textMatches(rule.path, e.context.page?.path ?? (e.properties.path as string | undefined)) &&
    textMatches(rule.utmSource, e.context.campaign?.source) &&
    textMatches(rule.utmMedium, e.context.campaign?.medium) &&
    textMatches(rule.utmCampaign, e.context.campaign?.name) &&
    textMatches(rule.channel, channel) &&
    (rule.properties ?? []).every((c) => conditionHolds(c, e.properties))
  );
}
// ---------------------------------------------------------------------------------------------

function digest(events: TDemoPayload[]): string {
  return createHash('sha256').update(JSON.stringify(events)).digest('hex');
}

describe('generateDemoHistory', () => {
  const events = generateDemoHistory({ seed: 42, end: END });

  it('produces between 40,000 and 80,000 events for 3000 customers over 180 days', () => {
    expect(events.length).toBeGreaterThanOrEqual(40_000);
    expect(events.length).toBeLessThanOrEqual(80_000);
  });

  it('gives the same history for the same seed', () => {
    const again = generateDemoHistory({ seed: 42, end: END });
    expect(again.length).toBe(events.length);
    expect(digest(again)).toBe(digest(events));
  });

  it('gives a different history for a different seed', () => {
    const other = generateDemoHistory({ seed: 43, end: END, customers: 200 });
    const same = generateDemoHistory({ seed: 42, end: END, customers: 200 });
    expect(digest(other)).not.toBe(digest(same));
    expect(other.slice(0, 50).map((e) => e.anonymousId)).not.toEqual(
      same.slice(0, 50).map((e) => e.anonymousId),
    );
  });

  it('keeps the first customers unchanged when more are asked for', () => {
    const few = generateDemoHistory({ seed: 7, end: END, customers: 50 });
    const more = generateDemoHistory({ seed: 7, end: END, customers: 80 });
    const ids = new Set(few.map((e) => e.messageId));
    expect(more.filter((e) => ids.has(e.messageId))).toEqual(few);
  });

  it('sorts events by timestamp, all within the period', () => {
    const start = END - 180 * DAY;
    const times = events.map((e) => Date.parse(e.timestamp));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(start);
    expect(Math.max(...times)).toBeLessThan(END);
    expect(times.every((at, i) => i === 0 || at >= times[i - 1])).toBe(true);
  });

  it('writes well-formed Segment payloads labelled as demo data', () => {
    const problems = (e: TDemoPayload): string[] =>
      [
        !(e.userId || e.anonymousId) && 'no userId or anonymousId',
        e.properties.demo !== true && 'properties.demo is not true',
        (e.context.library.name !== 'waymark-demo' || e.context.library.version !== '1') &&
          'wrong context.library',
        new Date(e.timestamp).toISOString() !== e.timestamp && 'timestamp is not ISO',
        e.type === 'track' && !e.event && 'track without event',
        e.type === 'page' && !e.context.page?.path.startsWith('/') && 'page without path',
        e.type === 'identify' && !(e.userId && e.traits?.email) && 'identify without user',
        e.type === 'alias' && !(e.previousId && e.userId) && 'alias without ids',
      ].filter((p): p is string => typeof p === 'string');
    const bad = events.flatMap((e) => problems(e).map((p) => `${e.messageId}: ${p}`));
    expect(bad.slice(0, 5)).toEqual([]);
    expect(DEMO_DISCLAIMER).toMatch(/synthetic/);
  });

  it('uses each messageId once', () => {
    expect(new Set(events.map((e) => e.messageId)).size).toBe(events.length);
  });

  it('mixes visitors who identify with visitors who stay anonymous', () => {
    const identified = new Set(
      events.filter((e) => e.type === 'identify').map((e) => e.anonymousId),
    );
    const anonymous = new Set(events.filter((e) => !e.userId).map((e) => e.anonymousId));
    const neverIdentified = [...anonymous].filter((id) => !identified.has(id));
    expect(identified.size).toBeGreaterThan(500);
    expect(neverIdentified.length).toBeGreaterThan(1000);
    const traits = events.find((e) => e.type === 'identify')?.traits;
    expect(Object.keys(traits ?? {})).toEqual(
      expect.arrayContaining(['email', 'name', 'country', 'loyaltyTier']),
    );
  });

  it('arrives through several campaign sources and organic search', () => {
    const sources = new Set(events.map((e) => e.context.campaign?.source).filter(Boolean));
    for (const source of ['facebook', 'google', 'newsletter', 'referral']) {
      expect(sources).toContain(source);
    }
    const organic = events.filter(
      (e) =>
        e.type === 'page' &&
        !e.context.campaign &&
        e.context.page?.referrer === 'https://www.google.com/',
    );
    expect(organic.length).toBeGreaterThan(100);
  });

  it('shows checkout friction: abandoned checkouts and failed payments', () => {
    const count = (name: string) => events.filter((e) => e.event === name).length;
    const started = count('Checkout Started');
    const online = events.filter((e) => e.event === 'Order Completed' && !e.properties.store_id);
    expect(started).toBeGreaterThan(500);
    expect(online.length / started).toBeGreaterThan(0.4);
    expect(online.length / started).toBeLessThan(0.8);
    expect(online.every((e) => typeof e.properties.revenue === 'number')).toBe(true);
    const atCheckout = events.filter(
      (e) => e.event === 'Payment Failed' && e.context.page?.path.startsWith('/checkout'),
    );
    const inBilling = events.filter(
      (e) => e.event === 'Payment Failed' && e.context.channel === 'billing',
    );
    expect(atCheckout.length).toBeGreaterThan(50);
    expect(inBilling.length).toBeGreaterThan(10);
  });

  it('has support messages with text, some customers writing repeatedly', () => {
    const messages = events.filter(
      (e) => e.event === 'Live Chat Message Sent' || e.event === 'Support Email Received',
    );
    expect(messages.every((e) => typeof e.properties.text === 'string')).toBe(true);
    const perCustomer = new Map<string, number>();
    for (const e of messages) {
      const who = (e.userId ?? e.anonymousId)!;
      perCustomer.set(who, (perCustomer.get(who) ?? 0) + 1);
    }
    expect([...perCustomer.values()].filter((n) => n >= 2).length).toBeGreaterThan(20);
    const topics = ['password', 'refund', 'parcel|deliver|arrive'];
    for (const topic of topics) {
      expect(messages.some((e) => new RegExp(topic, 'i').test(String(e.properties.text)))).toBe(
        true,
      );
    }
  });

  it('has repeat buyers and customers who go silent', () => {
    const orders = new Map<string, number>();
    for (const e of events.filter((x) => x.event === 'Order Completed')) {
      orders.set(e.userId!, (orders.get(e.userId!) ?? 0) + 1);
    }
    expect([...orders.values()].filter((n) => n >= 2).length).toBeGreaterThan(50);
    const lastSeen = new Map<string, number>();
    for (const e of events) lastSeen.set((e.anonymousId ?? e.userId)!, Date.parse(e.timestamp));
    const silentFor60Days = [...lastSeen.values()].filter((at) => at < END - 60 * DAY);
    expect(silentFor60Days.length).toBeGreaterThan(500);
  });

  describe('against the e-commerce retail template', () => {
    const { stages } = expandJourneyTemplate(getJourneyTemplate('ecommerce-retail')!);
    const touchpoints = stages.flatMap((s) => s.touchpoints);

    it('matches at least one touchpoint rule for most events', () => {
      const matched = events.filter((e) =>
        touchpoints.some((tp) => (tp.matchRules ?? []).some((rule) => ruleMatches(rule, e))),
      );
      expect(matched.length / events.length).toBeGreaterThan(0.5);
    });

    it('gives every touchpoint of the template a real volume of events', () => {
      const thin = touchpoints
        .map((tp) => ({
          name: tp.name,
          hits: events.filter((e) => (tp.matchRules ?? []).some((r) => ruleMatches(r, e))).length,
        }))
        .filter((tp) => tp.hits < 20);
      expect(thin).toEqual([]);
    });

    it('records the conversions the journey goal counts', () => {
      const goal = getJourneyTemplate('ecommerce-retail')!.goal;
      const conversions = events.filter((e) => e.event === goal.event);
      expect(conversions.length).toBeGreaterThan(300);
      expect(conversions.every((e) => Number(e.properties[goal.valueProperty!]) > 0)).toBe(true);
    });
  });

  it('refuses options that make no sense', () => {
    expect(() => generateDemoHistory({ seed: 1.5, end: END })).toThrow(AppError);
    expect(() => generateDemoHistory({ seed: 1, end: END, customers: 0 })).toThrow(AppError);
    expect(() => generateDemoHistory({ seed: 1, end: END, days: -3 })).toThrow(AppError);
    expect(() => generateDemoHistory({ seed: 1, end: Number.NaN })).toThrow(AppError);
  });
});
