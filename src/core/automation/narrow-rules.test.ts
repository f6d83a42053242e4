import { describe, expect, it } from 'vitest';
import { narrowRules, patternMatches } from './narrow-rules.ts';

describe('narrowing a touchpoint rules to one event', () => {
  it('matches wildcard patterns ignoring case', () => {
    expect(patternMatches('Live Chat *', 'live chat conversation started')).toBe(true);
    expect(patternMatches('Live Chat *', 'Support Email Sent')).toBe(false);
    expect(patternMatches('a.b', 'axb')).toBe(false);
  });

  it('keeps the rules that admit the name, with the name, and adds property conditions', () => {
    const rules = [
      { event: 'Live Chat *' },
      { event: 'Ticket Created', channel: 'chat' },
      { path: '/help*' },
    ];
    const extra = [{ key: 'topic', op: 'eq' as const, value: 'refund' }];
    expect(narrowRules(rules, 'Live Chat Conversation Started', extra)).toEqual([
      { event: 'Live Chat Conversation Started', properties: extra },
      { path: '/help*', event: 'Live Chat Conversation Started', properties: extra },
    ]);
    expect(narrowRules(rules, undefined)).toEqual(rules);
  });
});
