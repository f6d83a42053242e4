import { describe, expect, it } from 'vitest';
import type { AttributionReport, FunnelStepResult, PathFlow, PathsReport } from '../types.ts';
import {
  attributionOption,
  attributionRows,
  designedOrder,
  edgeLabel,
  fitnessHistogramOption,
  flowNodeColor,
  funnelOption,
  layoutByDesignedOrder,
  layoutByLayers,
  pathGraphOption,
  sankeyOption,
  selectGraph,
} from './charts.ts';

// biome-ignore lint/suspicious/noExplicitAny: reading into ECharts' loosely typed option objects
type Any = any;

const node = (key: string, count: number, touchpointId: string | null = key) => ({
  key,
  label: key === '$goal' ? 'Order Completed' : `Label ${key}`,
  touchpointId,
  count,
  sequences: count,
});

describe('designedOrder', () => {
  it('numbers touchpoints by stage order, then by position within the stage, closing gaps', () => {
    const stages = [{ id: 's2' }, { id: 's1' }];
    const order = designedOrder(stages, [
      { id: 'a', stageId: 's1', position: 0 },
      { id: 'b', stageId: 's2', position: 5 },
      { id: 'c', stageId: 's2', position: 2 },
      { id: 'x', stageId: 'gone', position: 0 },
    ]);
    expect(Object.fromEntries(order)).toEqual({
      c: { stage: 0, position: 0 },
      b: { stage: 0, position: 1 },
      a: { stage: 1, position: 0 },
    });
  });
});

describe('layoutByDesignedOrder', () => {
  it('gives strictly increasing x along the designed order and puts $goal after the last touchpoint', () => {
    const order = designedOrder(
      [{ id: 's1' }, { id: 's2' }],
      [
        { id: 't1', stageId: 's1', position: 0 },
        { id: 't2', stageId: 's1', position: 1 },
        { id: 't3', stageId: 's2', position: 0 },
      ],
    );
    // Listed out of order on purpose: the layout follows the map, not the answer's order.
    const pos = layoutByDesignedOrder(
      [node('$goal', 1, null), node('t3', 1), node('t1', 1), node('t2', 1)],
      order,
    );
    const x = (k: string) => pos.get(k)!.x;
    expect(x('t1')).toBe(0);
    expect(x('t2')).toBe(180);
    // A new stage adds its gap to the column width.
    expect(x('t3')).toBe(180 + 180 + 60);
    expect(x('$goal')).toBe(420 + 240);
    // Within a stage, the second touchpoint sits a row lower; a new stage starts at the top.
    expect([pos.get('t1')!.y, pos.get('t2')!.y, pos.get('t3')!.y]).toEqual([0, 90, 0]);
  });

  it('compacts the columns to the touchpoints that occur', () => {
    const order = designedOrder(
      [{ id: 's1' }],
      [
        { id: 't1', stageId: 's1', position: 0 },
        { id: 't2', stageId: 's1', position: 1 },
        { id: 't3', stageId: 's1', position: 2 },
      ],
    );
    const pos = layoutByDesignedOrder([node('t3', 1), node('t1', 1)], order);
    expect(pos.get('t1')).toEqual({ x: 0, y: 0 });
    expect(pos.get('t3')).toEqual({ x: 180, y: 180 });
  });
});

describe('layoutByLayers', () => {
  it('puts each node at its fewest hops from a start, the goal last and unreached nodes after the reached', () => {
    const nodes = [
      node('Home', 5, null),
      node('Search', 3, null),
      node('Product', 4, null),
      node('Cart', 2, null),
      node('Orphan', 1, null),
      node('$goal', 2, null),
    ];
    const edges = [
      { from: 'Home', to: 'Product', count: 3 },
      { from: 'Home', to: 'Search', count: 2 },
      { from: 'Search', to: 'Product', count: 2 },
      { from: 'Product', to: 'Cart', count: 2 },
      { from: 'Cart', to: '$goal', count: 2 },
      // A loop back must not pull Home forward.
      { from: 'Cart', to: 'Home', count: 1 },
    ];
    const pos = layoutByLayers(nodes, edges, [{ key: 'Home' }]);
    const col = (k: string) => pos.get(k)!.x / 180;
    expect(col('Home')).toBe(0);
    expect(col('Product')).toBe(1);
    expect(col('Search')).toBe(1);
    expect(col('Cart')).toBe(2);
    expect(col('Orphan')).toBe(3);
    expect(col('$goal')).toBe(4);
    // The busier node of a column comes first (above), the column centred on 0.
    expect(pos.get('Product')!.y).toBe(-45);
    expect(pos.get('Search')!.y).toBe(45);
  });
});

describe('the goal at event level', () => {
  it("is the goal event's own step: drawn green and in the last column", () => {
    const report: Pick<PathsReport, 'level' | 'nodes' | 'edges' | 'starts'> = {
      level: 'event',
      nodes: [node('Home', 3, null), node('Order Completed', 1, null), node('Blog', 1, null)],
      edges: [
        { from: 'Home', to: 'Order Completed', count: 1, medianHours: 1 },
        { from: 'Home', to: 'Blog', count: 1, medianHours: 1 },
      ],
      starts: [{ key: 'Home', count: 3 }],
    };
    const series = (
      pathGraphOption(report, { order: new Map(), goalEvent: 'Order Completed' }) as Any
    ).series[0];
    const byName = new Map(series.data.map((d: Any) => [d.name, d]));
    const goal = byName.get('Order Completed') as Any;
    expect(goal.itemStyle.color).toBe('#2e9d5b');
    expect(goal.value[0]).toBe(2 * 180);
    expect((byName.get('Blog') as Any).value[0]).toBe(180);
  });
});

describe('selectGraph', () => {
  it('keeps the most frequent nodes and the goal, and only edges between kept nodes, busiest first', () => {
    const report = {
      nodes: [node('a', 10), node('b', 8), node('c', 1), node('$goal', 1, null)],
      edges: [
        { from: 'a', to: 'b', count: 7, medianHours: 1 },
        { from: 'b', to: 'c', count: 1, medianHours: 2 },
        { from: 'b', to: '$goal', count: 1, medianHours: null },
        { from: 'a', to: '$goal', count: 3, medianHours: 4 },
      ],
    };
    const g = selectGraph(report, { maxNodes: 3, maxEdges: 2 });
    expect(g.nodes.map((n) => n.key)).toEqual(['a', 'b', '$goal']);
    expect(g.edges.map((e) => `${e.from}>${e.to}`)).toEqual(['a>b', 'a>$goal']);
    expect([g.hiddenNodes, g.hiddenEdges]).toEqual([1, 2]);
  });
});

describe('pathGraphOption', () => {
  const report: Pick<PathsReport, 'level' | 'nodes' | 'edges' | 'starts'> = {
    level: 'touchpoint',
    nodes: [node('t1', 10), node('t2', 5), node('$goal', 2, null)],
    edges: [
      { from: 't1', to: 't2', count: 4, medianHours: 2 },
      { from: 't2', to: 't1', count: 1, medianHours: 30 },
      { from: 't2', to: '$goal', count: 2, medianHours: 0.5 },
    ],
    starts: [{ key: 't1', count: 10 }],
  };
  const order = designedOrder(
    [{ id: 's' }],
    [
      { id: 't1', stageId: 's', position: 0 },
      { id: 't2', stageId: 's', position: 1 },
    ],
  );
  const series = (pathGraphOption(report, { order }) as Any).series[0];

  it('draws a graph with fixed positions, edge width by count and the goal highlighted', () => {
    expect(series.type).toBe('graph');
    expect(series.coordinateSystem).toBe('cartesian2d');
    const byName = new Map(series.data.map((d: Any) => [d.name, d]));
    const x = (name: string) => (byName.get(name) as Any).value[0];
    expect(x('t1')).toBeLessThan(x('t2'));
    expect(x('t2')).toBeLessThan(x('$goal'));
    expect((byName.get('$goal') as Any).itemStyle.color).toBe('#2e9d5b');
    expect((byName.get('t1') as Any).itemStyle.color).not.toBe('#2e9d5b');
    // Busiest first; width 1 + 9 × count / 4 (the busiest edge's count).
    const widths = series.links.map((l: Any) => [`${l.source}>${l.target}`, l.lineStyle.width]);
    expect(widths).toEqual([
      ['t1>t2', 10],
      ['t2>$goal', 5.5],
      ['t2>t1', 3.25],
    ]);
  });

  it('curves the edge that goes back against the designed order and labels edges with count and median', () => {
    const link = (from: string, to: string) =>
      series.links.find((l: Any) => l.source === from && l.target === to);
    const forward = link('t1', 't2');
    const back = link('t2', 't1');
    expect(forward.lineStyle.curveness).toBe(0);
    expect(back.lineStyle.curveness).toBeGreaterThan(0);
    expect(series.edgeLabel.formatter({ data: { edge: report.edges[0] } })).toBe('4 · 2.0 h');
    expect(edgeLabel({ count: 1200, medianHours: null })).toBe('1,200');
  });
});

describe('sankeyOption', () => {
  const flow: PathFlow = {
    journeyId: 'j',
    level: 'touchpoint',
    anchor: 't1',
    direction: 'forward',
    depth: 2,
    sequences: 10,
    nodes: [
      { id: '0:t1', step: 0, key: 't1', label: 'Landing', count: 10 },
      { id: '1:t2', step: 1, key: 't2', label: 'Checkout', count: 6 },
      { id: '1:$other', step: 1, key: '$other', label: 'Other', count: 1 },
      { id: '1:$end', step: 1, key: '$end', label: 'End', count: 3 },
    ],
    links: [
      { source: '0:t1', target: '1:t2', value: 6 },
      { source: '0:t1', target: '1:$other', value: 1 },
      { source: '0:t1', target: '1:$end', value: 3 },
    ],
  };

  it('styles $other, $end and $start apart from ordinary steps and the anchor', () => {
    const series = (sankeyOption(flow) as Any).series[0];
    const color = (id: string) => series.data.find((d: Any) => d.name === id).itemStyle.color;
    const colors = new Set([color('0:t1'), color('1:t2'), color('1:$other'), color('1:$end')]);
    expect(colors.size).toBe(4);
    expect(color('1:$other')).toBe('#b3bdc9');
    expect(series.data.find((d: Any) => d.name === '1:$other').itemStyle.borderType).toBe('dashed');
    expect(flowNodeColor({ step: 2, key: '$start' })).toBe('#8cc3a0');
    // The same key gets the same colour at every step.
    expect(flowNodeColor({ step: 1, key: 't9' })).toBe(flowNodeColor({ step: 3, key: 't9' }));
    expect(series.label.formatter({ name: '1:t2' })).toBe('Checkout (6)');
  });

  it('reads backward flows left to right in time: steps before the anchor count down to it', () => {
    const back: PathFlow = {
      ...flow,
      direction: 'backward',
      nodes: [
        { id: '-2:$start', step: -2, key: '$start', label: 'Start', count: 2 },
        { id: '-1:t1', step: -1, key: 't1', label: 'Landing', count: 5 },
        { id: '0:t2', step: 0, key: 't2', label: 'Checkout', count: 6 },
      ],
      links: [
        { source: '-2:$start', target: '-1:t1', value: 2 },
        { source: '-1:t1', target: '0:t2', value: 5 },
      ],
    };
    const series = (sankeyOption(back) as Any).series[0];
    expect(series.data.map((d: Any) => [d.name, d.depth])).toEqual([
      ['-2:$start', 0],
      ['-1:t1', 1],
      ['0:t2', 2],
    ]);
    expect(series.links).toEqual(back.links);
  });

  it('also puts the anchor last when backward steps are numbered upwards, reversing the links', () => {
    const back: PathFlow = {
      ...flow,
      direction: 'backward',
      nodes: [
        { id: '0:t2', step: 0, key: 't2', label: 'Checkout', count: 6 },
        { id: '1:t1', step: 1, key: 't1', label: 'Landing', count: 5 },
        { id: '1:$start', step: 1, key: '$start', label: 'Start', count: 1 },
      ],
      links: [
        { source: '0:t2', target: '1:t1', value: 5 },
        { source: '0:t2', target: '1:$start', value: 1 },
      ],
    };
    const series = (sankeyOption(back) as Any).series[0];
    expect(series.data.map((d: Any) => [d.name, d.depth])).toEqual([
      ['0:t2', 1],
      ['1:t1', 0],
      ['1:$start', 0],
    ]);
    expect(series.links).toEqual([
      { source: '1:t1', target: '0:t2', value: 5 },
      { source: '1:$start', target: '0:t2', value: 1 },
    ]);
  });
});

describe('funnelOption', () => {
  const steps: FunnelStepResult[] = [
    {
      index: 0,
      label: 'Landing',
      touchpointId: 't1',
      event: null,
      customers: 12,
      conversionFromPrevious: 1,
      conversionFromFirst: 1,
      medianHoursFromPrevious: null,
    },
    {
      index: 1,
      label: 'Checkout',
      touchpointId: 't2',
      event: null,
      customers: 6,
      conversionFromPrevious: 0.5,
      conversionFromFirst: 0.5,
      medianHoursFromPrevious: 1,
    },
    {
      index: 2,
      label: 'Order Completed',
      touchpointId: null,
      event: 'Order Completed',
      customers: 3,
      conversionFromPrevious: 0.5,
      conversionFromFirst: 0.25,
      medianHoursFromPrevious: 1,
    },
  ];

  it('draws one bar per step with customers, labelled with the conversion from the previous step', () => {
    const option = funnelOption(steps, null) as Any;
    expect(option.xAxis.data).toEqual(['1. Landing', '2. Checkout', '3. Order Completed']);
    const bars = option.series[0];
    expect(bars.data.map((d: Any) => d.value)).toEqual([12, 6, 3]);
    expect([0, 1, 2].map((i) => bars.label.formatter({ dataIndex: i }))).toEqual([
      '12',
      '6 (50%)',
      '3 (50%)',
    ]);
    const tip = option.tooltip.formatter([{ dataIndex: 2 }]);
    expect(tip).toContain('25% of the first');
    expect(tip).toContain('median 1.0 h');
  });

  it('marks the step whose drop-off is open', () => {
    const bars = (funnelOption(steps, 1) as Any).series[0];
    const colors = bars.data.map((d: Any) => d.itemStyle.color);
    expect(colors[1]).not.toBe(colors[0]);
    expect(colors[2]).toBe(colors[0]);
  });
});

describe('attribution', () => {
  const report: Pick<AttributionReport, 'keys' | 'models'> = {
    keys: [
      { key: 'web', label: 'web', channel: 'web' },
      { key: 'email', label: 'email', channel: 'email' },
    ],
    models: {
      first: [
        { key: 'web', conversions: 2, value: 200 },
        { key: 'email', conversions: 1, value: 50 },
      ],
      last: [{ key: 'email', conversions: 3, value: 250 }],
      linear: [
        { key: 'web', conversions: 1.5, value: 125 },
        { key: 'email', conversions: 1.5, value: 125 },
      ],
      timeDecay: [
        { key: 'web', conversions: 1.25, value: 100 },
        { key: 'email', conversions: 1.75, value: 150 },
      ],
      position: [
        { key: 'web', conversions: 1.5, value: 125 },
        { key: 'email', conversions: 1.5, value: 125 },
      ],
      markov: [
        { key: 'web', conversions: 1.2, value: 100, removalEffect: 0.4 },
        { key: 'email', conversions: 1.8, value: 150, removalEffect: 0.6 },
      ],
      shapley: null,
    },
  };

  it('puts every model side by side per key, with 0 where a model credits nothing', () => {
    const rows = attributionRows(report);
    expect(rows.map((r) => r.key)).toEqual(['web', 'email']);
    expect(rows[0]!.models.first).toEqual({ conversions: 2, value: 200 });
    expect(rows[0]!.models.last).toEqual({ conversions: 0, value: 0 });
    expect(rows[1]!.removalEffect).toBe(0.6);
    expect('shapley' in rows[0]!.models).toBe(false);
  });

  it('draws one bar series per model present, in conversions or in value', () => {
    const conv = attributionOption(report, 'conversions') as Any;
    expect(conv.series.map((s: Any) => s.name)).toEqual([
      'First touch',
      'Last touch',
      'Linear',
      'Time decay',
      'Position',
      'Markov',
    ]);
    expect(conv.xAxis.data).toEqual(['web', 'email']);
    expect(conv.series[0].data).toEqual([2, 1]);
    const value = attributionOption(report, 'value') as Any;
    expect(value.series[3].data).toEqual([100, 150]);
  });
});

describe('fitnessHistogramOption', () => {
  it('labels bins by their range and counts customers per bin', () => {
    const option = fitnessHistogramOption([
      { from: 0, to: 0.1, customers: 2 },
      { from: 0.9, to: 1, customers: 7 },
    ]) as Any;
    expect(option.xAxis.data).toEqual(['0.0–0.1', '0.9–1.0']);
    expect(option.series[0].data).toEqual([2, 7]);
  });
});
