import { describe, expect, it } from 'vitest';
import { compileMatchRule, compileSegmentRule, compileTouchpointCase } from './rules.ts';

describe('rule compilation', () => {
  it('binds every name and value as a parameter, never as SQL text', () => {
    const evil = "x' OR 1=1 --";
    const f = compileMatchRule({ event: evil, properties: [{ key: evil, op: 'eq', value: evil }] });
    expect(f.sql).not.toContain(evil);
    expect(f.params).toContain(evil);
    const s = compileSegmentRule({
      match: 'all',
      conditions: [{ trait: evil, op: 'in', value: [evil, 'b'] }],
    });
    expect(s.sql).not.toContain(evil);
    expect(s.params).toEqual(['$."x\' OR 1=1 --"', evil, 'b']);
  });
  it('turns * wildcards into escaped LIKE patterns and exact names into case-insensitive equality', () => {
    expect(compileMatchRule({ path: '/check_out*' }).params).toEqual(['/check\\_out%']);
    expect(compileMatchRule({ event: 'Order Completed' }).sql).toBe('(lower(e.event) = lower(?))');
  });
  it('makes the first matching touchpoint win and skips touchpoints without rules', () => {
    const c = compileTouchpointCase([[{ event: 'A' }], [], [{ event: 'B' }, { path: '/b' }]]);
    expect(c.sql).toMatch(/^CASE WHEN .* THEN 0 WHEN .* THEN 2 END$/);
    expect(c.params).toEqual(['A', 'B', '/b']);
  });
  it('matches every customer with an empty segment rule', () => {
    expect(compileSegmentRule({ match: 'all', conditions: [] })).toEqual({
      sql: 'true',
      params: [],
    });
  });
});
