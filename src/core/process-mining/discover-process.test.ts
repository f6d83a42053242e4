import { describe, expect, it } from 'vitest';
import { discoverProcess, orderCaseEvents } from './discover-process.ts';

describe('process discovery', () => {
  it('orders a case by timestamp, keeping file order for ties', () => {
    const events = [
      { a: 'x', timestamp: 3 },
      { a: 'y', timestamp: 1 },
      { a: 'z', timestamp: 1 },
      { a: 'w', timestamp: 2 },
    ];
    expect(orderCaseEvents(events).map((e) => e.a)).toEqual(['y', 'z', 'w', 'x']);
  });

  it('keeps file order for a case with an undated event', () => {
    const events = [
      { a: 'x', timestamp: 3 },
      { a: 'y', timestamp: null },
    ];
    expect(orderCaseEvents(events).map((e) => e.a)).toEqual(['x', 'y']);
  });

  it('counts cases, events, start and end activities, edges and variants', () => {
    expect(discoverProcess([['a', 'b', 'b'], ['a', 'b', 'b'], ['a', 'c'], ['c']])).toEqual({
      cases: 4,
      events: 9,
      activities: 3,
      start: { a: 3, c: 1 },
      end: { b: 2, c: 2 },
      edges: [
        { from: 'a', to: 'b', count: 2 },
        { from: 'b', to: 'b', count: 2 },
        { from: 'a', to: 'c', count: 1 },
      ],
      variants: [
        { activities: ['a', 'b', 'b'], count: 2 },
        { activities: ['a', 'c'], count: 1 },
        { activities: ['c'], count: 1 },
      ],
    });
  });

  it('keeps activity names that contain commas apart', () => {
    const s = discoverProcess([
      ['a,b', 'c'],
      ['a', 'b,c'],
    ]);
    expect(s.variants.map((v) => v.activities)).toEqual([
      ['a', 'b,c'],
      ['a,b', 'c'],
    ]);
  });
});
