import { describe, expect, it } from 'vitest';
import { assembleFlow } from './assemble-flow.ts';

const label = (key: string) => key.toUpperCase();

describe('assembleFlow', () => {
  it('counts each step from the links into it and keeps every key under the top', () => {
    const flow = assembleFlow(
      {
        anchor: 'a',
        direction: 'forward',
        sequences: 3,
        links: [
          { step: 0, from: 'a', to: 'b', count: 2 },
          { step: 0, from: 'a', to: '$end', count: 1 },
          { step: 1, from: 'b', to: 'c', count: 2 },
        ],
      },
      8,
      label,
    );
    expect(flow.nodes).toEqual([
      { id: '0:a', step: 0, key: 'a', label: 'A', count: 3 },
      { id: '1:b', step: 1, key: 'b', label: 'B', count: 2 },
      { id: '1:$end', step: 1, key: '$end', label: 'End', count: 1 },
      { id: '2:c', step: 2, key: 'c', label: 'C', count: 2 },
    ]);
    expect(flow.links).toEqual([
      { source: '0:a', target: '1:b', value: 2 },
      { source: '0:a', target: '1:$end', value: 1 },
      { source: '1:b', target: '2:c', value: 2 },
    ]);
  });

  it('merges the keys beyond the top of a step into $other and adds up their links', () => {
    const flow = assembleFlow(
      {
        anchor: 'a',
        direction: 'forward',
        sequences: 6,
        links: [
          { step: 0, from: 'a', to: 'b', count: 3 },
          { step: 0, from: 'a', to: 'c', count: 2 },
          { step: 0, from: 'a', to: 'd', count: 1 },
          { step: 1, from: 'c', to: 'e', count: 2 },
          { step: 1, from: 'd', to: 'e', count: 1 },
        ],
      },
      1,
      label,
    );
    // Step 1 keeps b (3); c and d become one $other node of 3, whose links to e add up.
    expect(flow.nodes.map((n) => [n.id, n.count])).toEqual([
      ['0:a', 6],
      ['1:b', 3],
      ['1:$other', 3],
      ['2:e', 3],
    ]);
    expect(flow.links).toEqual([
      { source: '0:a', target: '1:$other', value: 3 },
      { source: '0:a', target: '1:b', value: 3 },
      { source: '1:$other', target: '2:e', value: 3 },
    ]);
  });

  it('counts backward steps from the links out of them, with $start never merged', () => {
    const flow = assembleFlow(
      {
        anchor: 'z',
        direction: 'backward',
        sequences: 4,
        links: [
          { step: -1, from: 'y', to: 'z', count: 1 },
          { step: -1, from: 'x', to: 'z', count: 1 },
          { step: -1, from: '$start', to: 'z', count: 2 },
        ],
      },
      1,
      label,
    );
    // x and y tie at 1: x comes first by key and is kept; y is Other; $start stays.
    expect(flow.nodes.map((n) => [n.id, n.count])).toEqual([
      ['-1:x', 1],
      ['-1:$other', 1],
      ['-1:$start', 2],
      ['0:z', 4],
    ]);
    expect(flow.links[0]).toEqual({ source: '-1:$start', target: '0:z', value: 2 });
  });

  it('is empty when no sequence holds the anchor', () => {
    expect(
      assembleFlow({ anchor: 'a', direction: 'forward', sequences: 0, links: [] }, 8, label),
    ).toEqual({ nodes: [], links: [] });
  });
});
