import { describe, expect, it } from 'vitest';
import { PHASES, ZTouchpointCreate } from '../schemas/touchpoint.ts';
import { getTouchpointTemplate, listTouchpointTemplates, TOUCHPOINT_CATALOG } from './catalog.ts';
import { ZTouchpointTemplate } from './touchpoint-template.ts';

const ZTouchpointCreateWithoutStage = ZTouchpointCreate.omit({ stageId: true });

/** The touchpoints every team expects to find, by phase. */
const REQUIRED: Record<(typeof PHASES)[number], string[]> = {
  before: [
    'social-media',
    'display-ads',
    'search-ads',
    'content-blog',
    'events-webinars',
    'peer-referral',
    'review-sites',
  ],
  during: [
    'sales-conversation',
    'product-catalog',
    'product-pages',
    'checkout-flow',
    'point-of-sale',
    'product-reviews',
    'retargeting',
    'direct-mail',
  ],
  after: [
    'thank-you',
    'feedback-survey',
    'upsell-email',
    'billing',
    'subscription-renewal',
    'onboarding',
    'loyalty-program',
    'newsletter',
  ],
  service: [
    'support-chat',
    'support-email',
    'support-phone',
    'support-social',
    'customer-success',
    'knowledge-base',
    'chatbot',
    'community-forum',
  ],
};

describe('touchpoint catalog', () => {
  it('holds at least 28 touchpoints', () => {
    expect(TOUCHPOINT_CATALOG.length).toBeGreaterThanOrEqual(28);
  });

  it('parses every entry with the template schema', () => {
    for (const entry of TOUCHPOINT_CATALOG) {
      const result = ZTouchpointTemplate.safeParse(entry);
      expect(result.error, entry.key).toBeUndefined();
    }
  });

  it('turns every entry into a valid touchpoint create payload', () => {
    for (const { key, checklist, ...payload } of TOUCHPOINT_CATALOG) {
      const result = ZTouchpointCreateWithoutStage.safeParse(payload);
      expect(result.error, key).toBeUndefined();
      expect(checklist.length, key).toBeGreaterThanOrEqual(3);
      expect(checklist.length, key).toBeLessThanOrEqual(6);
    }
  });

  it('uses unique keys', () => {
    const keys = TOUCHPOINT_CATALOG.map((t) => t.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('gives every entry at least one match rule and one KPI target', () => {
    for (const entry of TOUCHPOINT_CATALOG) {
      expect(entry.matchRules.length, entry.key).toBeGreaterThan(0);
      expect(entry.kpis.length, entry.key).toBeGreaterThan(0);
    }
  });

  it('keeps rates and shares in KPI targets between 0 and 1', () => {
    const fractions = new Set(['conversionRate', 'dropOffRate', 'reachShare']);
    for (const entry of TOUCHPOINT_CATALOG) {
      for (const kpi of entry.kpis.filter((k) => fractions.has(k.metric))) {
        expect(kpi.value, `${entry.key} ${kpi.metric}`).toBeGreaterThan(0);
        expect(kpi.value, `${entry.key} ${kpi.metric}`).toBeLessThan(1);
      }
    }
  });

  it.each(PHASES)('covers the required %s-phase touchpoints in that phase', (phase) => {
    const keys = listTouchpointTemplates(phase).map((t) => t.key);
    for (const required of REQUIRED[phase]) expect(keys).toContain(required);
  });

  it('lists only the asked phase, and everything without one', () => {
    for (const phase of PHASES) {
      const listed = listTouchpointTemplates(phase);
      expect(listed.length).toBeGreaterThan(0);
      expect(listed.every((t) => t.phase === phase)).toBe(true);
    }
    expect(listTouchpointTemplates()).toHaveLength(TOUCHPOINT_CATALOG.length);
  });

  it('finds an entry by key and answers undefined for an unknown key', () => {
    expect(getTouchpointTemplate('checkout-flow')?.channel).toBe('web');
    expect(getTouchpointTemplate('no-such-touchpoint')).toBeUndefined();
  });

  it('refuses changes to the shared catalog', () => {
    const entry = getTouchpointTemplate('billing')!;
    expect(() => {
      (entry as { name: string }).name = 'changed';
    }).toThrow(TypeError);
    expect(() => {
      (entry.matchRules as unknown[]).push({ event: 'X' });
    }).toThrow(TypeError);
  });

  it('rejects a template key that is not kebab-case', () => {
    const entry = { ...getTouchpointTemplate('billing')!, key: 'Billing_Page' };
    expect(ZTouchpointTemplate.safeParse(entry).success).toBe(false);
  });
});
