import { describe, expect, it } from 'vitest';
import { eventStepKey } from './event-step-key.ts';

describe('eventStepKey', () => {
  it('keys track calls by name, pages by path, screens by name, with prefixes', () => {
    expect(eventStepKey('track', 'Order Completed', '/ignored')).toBe('Order Completed');
    expect(eventStepKey('page', 'Pricing', '/pricing')).toBe('page:/pricing');
    expect(eventStepKey('screen', 'Home', null)).toBe('screen:Home');
  });

  it('falls back to the page name when a page has no path, and skips non-interactions', () => {
    expect(eventStepKey('page', 'Pricing', null)).toBe('page:Pricing');
    expect(eventStepKey('page', 'Pricing', '')).toBe('page:Pricing');
    expect(eventStepKey('identify', '', null)).toBeNull();
    expect(eventStepKey('alias', '', null)).toBeNull();
  });
});
