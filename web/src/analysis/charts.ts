import type { ChartOption } from '../insights/charts.ts';
import { formatCount, formatHours, formatRate } from '../lib/format.ts';
import type {
  AttributionModel,
  AttributionReport,
  ConformanceReport,
  FunnelStepResult,
  PathEdge,
  PathFlow,
  PathNode,
  PathsReport,
  Stage,
  Touchpoint,
} from '../types.ts';

/**
 * ECharts options of the analysis page and the map's conformance section: plain data in, plain
 * option objects out (the chart component only draws them), so each is tested on its own.
 */

const AXIS = { color: '#4a5567', fontSize: 11 };
const LINE = { lineStyle: { color: '#c9d1db' } };
const COLORS = {
  primary: '#2f6fae',
  anchor: '#174a7c',
  goal: '#2e9d5b',
  other: '#b3bdc9',
  end: '#d98b8b',
  start: '#8cc3a0',
  selected: '#d9822b',
  muted: '#9fb8d3',
};
/** The series colours of the attribution models, in MODELS order. */
const MODEL_COLORS = ['#2f6fae', '#7a5cc0', '#2e9d5b', '#d99a12', '#3ba7b8', '#d64545', '#6b7789'];
/** Colours of ordinary Sankey steps: one per key, the same key the same colour at every step. */
const KEY_PALETTE = ['#5b8fc7', '#8f7ad0', '#4fb07a', '#e0a93a', '#4bb3c4', '#c9738f', '#7f8ea3'];

/** The step keys the server uses for what is not a touchpoint or an event name. */
export const GOAL_KEY = '$goal';
export const OTHER_KEY = '$other';
export const END_KEY = '$end';
export const START_KEY = '$start';

// --- Directly-follows graph ----------------------------------------------------------------

/** Where a node sits in the drawing (ECharts data units; the series scales them to fit). */
export interface NodePosition {
  x: number;
  y: number;
}

/** Horizontal and vertical spacing of the graph's grid. */
const COLUMN = 180;
const STAGE_GAP = 60;
const ROW = 90;

/**
 * Each touchpoint's place in the designed order: `[stage index, position in stage]`, from the
 * journey's stages (in map order) and touchpoints.
 */
export function designedOrder(
  stages: Pick<Stage, 'id'>[],
  touchpoints: Pick<Touchpoint, 'id' | 'stageId' | 'position'>[],
): Map<string, { stage: number; position: number }> {
  const stageIndex = new Map(stages.map((s, i) => [s.id, i]));
  const placed = touchpoints
    .filter((t) => stageIndex.has(t.stageId))
    .map((t) => ({ id: t.id, stage: stageIndex.get(t.stageId)!, position: t.position }))
    .sort((a, b) => a.stage - b.stage || a.position - b.position);
  const out = new Map<string, { stage: number; position: number }>();
  // Positions are renumbered 0.. within each stage: stored positions may have gaps.
  let stage = -1;
  let position = 0;
  for (const p of placed) {
    position = p.stage === stage ? position + 1 : 0;
    stage = p.stage;
    out.set(p.id, { stage, position });
  }
  return out;
}

/**
 * Touchpoint level: x follows the designed order (stage, then position in stage), strictly
 * increasing along it, with a wider gap between stages; y steps down within a stage so that edges
 * between neighbours do not run on top of each other. Nodes outside the map (`$goal`, a
 * touchpoint of no stage) come last, in one column.
 */
export function layoutByDesignedOrder(
  nodes: Pick<PathNode, 'key' | 'touchpointId'>[],
  order: Map<string, { stage: number; position: number }>,
): Map<string, NodePosition> {
  const designed = nodes
    .filter((n) => n.touchpointId !== null && order.has(n.touchpointId))
    .map((n) => ({ key: n.key, ...order.get(n.touchpointId!)! }))
    .sort((a, b) => a.stage - b.stage || a.position - b.position);
  const out = new Map<string, NodePosition>();
  let x = 0;
  designed.forEach((n, i) => {
    if (i > 0) x += COLUMN + (n.stage !== designed[i - 1]!.stage ? STAGE_GAP : 0);
    out.set(n.key, { x, y: n.position * ROW });
  });
  const rest = nodes.filter((n) => !out.has(n.key));
  const lastX = designed.length > 0 ? x + COLUMN + STAGE_GAP : 0;
  rest.forEach((n, i) => {
    out.set(n.key, { x: lastX, y: i * ROW });
  });
  return out;
}

/**
 * Event level: breadth-first layers from the start steps (a node's column is its fewest hops
 * from any start), nodes no start reaches after them and the goal (`goalKey`) last; within a
 * column, the most frequent first, centred on y = 0.
 */
export function layoutByLayers(
  nodes: Pick<PathNode, 'key' | 'count'>[],
  edges: Pick<PathEdge, 'from' | 'to' | 'count'>[],
  starts: { key: string }[],
  goalKey: string = GOAL_KEY,
): Map<string, NodePosition> {
  const known = new Set(nodes.map((n) => n.key));
  const next = new Map<string, string[]>();
  for (const e of [...edges].sort((a, b) => b.count - a.count)) {
    if (!known.has(e.from) || !known.has(e.to)) continue;
    const list = next.get(e.from) ?? [];
    list.push(e.to);
    next.set(e.from, list);
  }
  const layer = new Map<string, number>();
  let frontier = starts.map((s) => s.key).filter((k) => known.has(k) && k !== goalKey);
  for (const k of frontier) layer.set(k, 0);
  for (let depth = 1; frontier.length > 0; depth++) {
    const found: string[] = [];
    for (const k of frontier) {
      for (const to of next.get(k) ?? []) {
        if (layer.has(to) || to === goalKey) continue;
        layer.set(to, depth);
        found.push(to);
      }
    }
    frontier = found;
  }
  const deepest = Math.max(-1, ...layer.values());
  for (const n of nodes) if (!layer.has(n.key) && n.key !== goalKey) layer.set(n.key, deepest + 1);
  const last = Math.max(-1, ...layer.values());
  if (known.has(goalKey)) layer.set(goalKey, last + 1);

  const columns = new Map<number, Pick<PathNode, 'key' | 'count'>[]>();
  for (const n of nodes) {
    const l = layer.get(n.key)!;
    columns.set(l, [...(columns.get(l) ?? []), n]);
  }
  const out = new Map<string, NodePosition>();
  for (const [l, list] of columns) {
    list.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
    list.forEach((n, i) => {
      out.set(n.key, { x: l * COLUMN, y: (i - (list.length - 1) / 2) * ROW });
    });
  }
  return out;
}

/** The part of a path graph worth drawing: the most frequent nodes and the edges between them. */
export function selectGraph(
  report: Pick<PathsReport, 'nodes' | 'edges'>,
  limits: { maxNodes: number; maxEdges: number },
  goalKey: string = GOAL_KEY,
): { nodes: PathNode[]; edges: PathEdge[]; hiddenNodes: number; hiddenEdges: number } {
  const byCount = [...report.nodes].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  // The goal is what the graph is read for: it stays whatever its count.
  const goal = byCount.find((n) => n.key === goalKey);
  let nodes = byCount.filter((n) => n.key !== goalKey).slice(0, limits.maxNodes - (goal ? 1 : 0));
  if (goal) nodes.push(goal);
  const kept = new Set(nodes.map((n) => n.key));
  const edges = report.edges
    .filter((e) => kept.has(e.from) && kept.has(e.to))
    .sort((a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to))
    .slice(0, limits.maxEdges);
  // Keep the original order of nodes for a stable drawing.
  nodes = report.nodes.filter((n) => kept.has(n.key));
  return {
    nodes,
    edges,
    hiddenNodes: report.nodes.length - nodes.length,
    hiddenEdges: report.edges.length - edges.length,
  };
}

/**
 * The goal's step key: `$goal` at touchpoint level, the goal event's own name at event level
 * (where it is a step like any other).
 */
export const graphGoalKey = (level: PathsReport['level'], goalEvent: string | undefined) =>
  level === 'event' && goalEvent ? goalEvent : GOAL_KEY;

/** "12 · 3.5 h": an edge's count and the median time between its two steps. */
export const edgeLabel = (e: Pick<PathEdge, 'count' | 'medianHours'>) =>
  e.medianHours === null
    ? formatCount(e.count)
    : `${formatCount(e.count)} · ${formatHours(e.medianHours)}`;

/**
 * The directly-follows graph laid out left to right: node size by steps, edge width by count,
 * edge labels with the count and median time, the goal in green. Edges that go back (or stay in
 * a column) curve, so that they do not hide the forward ones.
 */
export function pathGraphOption(
  report: Pick<PathsReport, 'level' | 'nodes' | 'edges' | 'starts'>,
  options: {
    order: Map<string, { stage: number; position: number }>;
    /** The journey's goal event: at event level, the step drawn as the goal. */
    goalEvent?: string;
    maxNodes?: number;
    maxEdges?: number;
  },
): ChartOption {
  const goalKey = graphGoalKey(report.level, options.goalEvent);
  const { nodes, edges } = selectGraph(
    report,
    { maxNodes: options.maxNodes ?? 30, maxEdges: options.maxEdges ?? 40 },
    goalKey,
  );
  const positions =
    report.level === 'touchpoint'
      ? layoutByDesignedOrder(nodes, options.order)
      : layoutByLayers(nodes, edges, report.starts, goalKey);
  const maxNode = Math.max(1, ...nodes.map((n) => n.count));
  const maxEdge = Math.max(1, ...edges.map((e) => e.count));
  const labels = new Map(nodes.map((n) => [n.key, n.label]));
  const showEdgeLabels = edges.length <= 30;
  const xs = [...positions.values()].map((p) => p.x);
  const ys = [...positions.values()].map((p) => p.y);
  return {
    animationDuration: 300,
    // Hidden value axes place the nodes: unlike the graph's own view, they scale x and y apart
    // without stretching the circles and labels. A row of room above and below takes the arcs.
    grid: { left: 70, right: 80, top: 30, bottom: 40 },
    xAxis: { type: 'value', show: false, min: Math.min(0, ...xs), max: Math.max(0, ...xs) },
    yAxis: {
      type: 'value',
      show: false,
      inverse: true,
      min: Math.min(0, ...ys) - ROW,
      max: Math.max(0, ...ys) + ROW,
    },
    tooltip: {
      trigger: 'item',
      formatter: (p: {
        dataType: string;
        data: { name?: string; count?: number; sequences?: number; edge?: PathEdge };
      }) => {
        if (p.dataType === 'edge' && p.data.edge) {
          const e = p.data.edge;
          return `${escapeHtml(labels.get(e.from) ?? e.from)} → ${escapeHtml(labels.get(e.to) ?? e.to)}<br>${formatCount(e.count)} times, median ${formatHours(e.medianHours)}`;
        }
        return `${escapeHtml(labels.get(p.data.name ?? '') ?? '')}<br>${formatCount(p.data.count ?? 0)} steps in ${formatCount(p.data.sequences ?? 0)} sequences`;
      },
    },
    series: [
      {
        type: 'graph',
        layout: 'none',
        coordinateSystem: 'cartesian2d',
        edgeSymbol: ['none', 'arrow'],
        edgeSymbolSize: 8,
        label: { show: true, position: 'bottom', color: '#1c2533', fontSize: 11 },
        edgeLabel: {
          show: showEdgeLabels,
          fontSize: 10,
          color: '#4a5567',
          formatter: (p: { data: { edge?: PathEdge } }) =>
            p.data.edge ? edgeLabel(p.data.edge) : '',
        },
        emphasis: { focus: 'adjacency', edgeLabel: { show: true } },
        data: nodes.map((n) => {
          const pos = positions.get(n.key) ?? { x: 0, y: 0 };
          const goal = n.key === goalKey;
          return {
            name: n.key,
            value: [pos.x, pos.y],
            count: n.count,
            sequences: n.sequences,
            symbol: goal ? 'roundRect' : 'circle',
            symbolSize: Math.round(16 + 28 * Math.sqrt(n.count / maxNode)),
            itemStyle: goal
              ? { color: COLORS.goal, borderColor: '#1f6e3f', borderWidth: 3 }
              : { color: COLORS.primary },
            label: {
              formatter: `${labelText(n.label)}\n${formatCount(n.count)}`,
              fontWeight: goal ? 'bold' : 'normal',
              width: 130,
              overflow: 'truncate',
            },
          };
        }),
        links: edges.map((e) => {
          const from = positions.get(e.from);
          const to = positions.get(e.to);
          const backward = !from || !to || to.x <= from.x;
          const long = !backward && from && to && to.x - from.x > COLUMN + STAGE_GAP;
          return {
            source: e.from,
            target: e.to,
            edge: e,
            lineStyle: {
              width: Number((1 + 9 * (e.count / maxEdge)).toFixed(2)),
              color: e.to === goalKey ? COLORS.goal : backward ? '#c98b8b' : '#8da4bd',
              opacity: 0.8,
              curveness: e.from === e.to ? 0.6 : backward ? 0.35 : long ? 0.2 : 0,
            },
          };
        }),
      },
    ],
  };
}

/** Rich-text braces in a plain string would be read as styles by ECharts. */
const labelText = (text: string) => text.replace(/[{}]/g, '');

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** What the graph shows, in words (a chart is an image to a screen reader). */
export function describePathGraph(report: Pick<PathsReport, 'sequences' | 'nodes' | 'edges'>) {
  if (report.sequences === 0) return 'No sequences in this range.';
  const labels = new Map(report.nodes.map((n) => [n.key, n.label]));
  const top = [...report.edges].sort((a, b) => b.count - a.count).slice(0, 3);
  const tops = top
    .map((e) => `${labels.get(e.from) ?? e.from} to ${labels.get(e.to) ?? e.to} (${e.count})`)
    .join(', ');
  return `${formatCount(report.sequences)} sequences over ${report.nodes.length} steps and ${report.edges.length} transitions${tops ? `; most frequent: ${tops}` : ''}.`;
}

// --- Sankey ----------------------------------------------------------------------------------

/** The colour of a Sankey node: the anchor, the merged rest, ends and starts stand apart. */
export function flowNodeColor(node: Pick<PathFlow['nodes'][number], 'step' | 'key'>): string {
  if (node.step === 0) return COLORS.anchor;
  if (node.key === OTHER_KEY) return COLORS.other;
  if (node.key === END_KEY) return COLORS.end;
  if (node.key === START_KEY) return COLORS.start;
  if (node.key === GOAL_KEY) return COLORS.goal;
  let hash = 0;
  for (const ch of node.key) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return KEY_PALETTE[hash % KEY_PALETTE.length]!;
}

/**
 * The flow from (or to) the anchor as a Sankey read left to right in time: forward, the anchor
 * is the first column; backward, the last, and links are drawn from the earlier step to the
 * later whichever way the server lists them.
 */
export function sankeyOption(flow: PathFlow): ChartOption {
  const step = new Map(flow.nodes.map((n) => [n.id, n.step]));
  const minStep = Math.min(0, ...flow.nodes.map((n) => n.step));
  const maxStep = Math.max(0, ...flow.nodes.map((n) => n.step));
  // Backward steps count -1, -2, … before the anchor (or 1, 2, … in an older answer's form).
  const column = (s: number) =>
    minStep < 0 ? s - minStep : flow.direction === 'forward' ? s : maxStep - s;
  const labels = new Map(flow.nodes.map((n) => [n.id, n]));
  return {
    animationDuration: 300,
    tooltip: { trigger: 'item' },
    series: [
      {
        type: 'sankey',
        left: 8,
        right: 120,
        top: 12,
        bottom: 12,
        nodeGap: 10,
        nodeAlign: flow.direction === 'forward' ? 'left' : 'right',
        layoutIterations: 0,
        emphasis: { focus: 'adjacency' },
        lineStyle: { color: 'gradient', opacity: 0.35, curveness: 0.5 },
        label: {
          color: '#1c2533',
          fontSize: 11,
          formatter: (p: { name: string }) => {
            const n = labels.get(p.name);
            return n ? `${labelText(n.label)} (${formatCount(n.count)})` : '';
          },
        },
        tooltip: {
          formatter: (p: {
            dataType: string;
            name: string;
            data: { source?: string; target?: string; value?: number };
          }) => {
            if (p.dataType === 'edge') {
              const s = labels.get(p.data.source ?? '');
              const t = labels.get(p.data.target ?? '');
              return `${escapeHtml(s?.label ?? '')} → ${escapeHtml(t?.label ?? '')}: ${formatCount(p.data.value ?? 0)}`;
            }
            const n = labels.get(p.name);
            return n ? `${escapeHtml(n.label)}: ${formatCount(n.count)}` : '';
          },
        },
        data: flow.nodes.map((n) => ({
          name: n.id,
          depth: column(n.step),
          value: n.count,
          itemStyle: {
            color: flowNodeColor(n),
            borderColor: n.key === OTHER_KEY ? '#8a94a4' : undefined,
            borderType: n.key === OTHER_KEY ? 'dashed' : undefined,
          },
          label: n.key.startsWith('$') && n.key !== GOAL_KEY ? { fontStyle: 'italic' } : undefined,
        })),
        links: flow.links.map((l) => {
          const s = step.get(l.source) ?? 0;
          const t = step.get(l.target) ?? 0;
          const inTime = column(s) <= column(t);
          return {
            source: inTime ? l.source : l.target,
            target: inTime ? l.target : l.source,
            value: l.value,
          };
        }),
      },
    ],
  };
}

export function describeFlow(flow: PathFlow): string {
  const anchor = flow.nodes.find((n) => n.step === 0);
  if (!anchor || flow.sequences === 0) return 'No sequences reach this step in the range.';
  const firstStep = flow.nodes
    .filter((n) => n.step === 1)
    .sort((a, b) => b.count - a.count)
    .slice(0, 3)
    .map((n) => `${n.label} ${formatCount(n.count)}`)
    .join(', ');
  const when = flow.direction === 'forward' ? 'after' : 'before';
  return `${formatCount(flow.sequences)} sequences through ${anchor.label}; right ${when} it: ${firstStep || 'nothing'}.`;
}

// --- Funnel ----------------------------------------------------------------------------------

/**
 * Customers per funnel step as bars, labelled with the conversion from the previous step; the
 * step whose drop-off is open is drawn apart.
 */
export function funnelOption(steps: FunnelStepResult[], selected: number | null): ChartOption {
  return {
    animationDuration: 300,
    grid: { left: 8, right: 12, top: 28, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (ps: { dataIndex: number }[]) => {
        const s = steps[ps[0]?.dataIndex ?? -1];
        if (!s) return '';
        const lines = [`<b>${escapeHtml(s.label)}</b>`, `${formatCount(s.customers)} customers`];
        if (s.index > 0) {
          lines.push(
            `${formatRate(s.conversionFromPrevious)} of the previous step`,
            `${formatRate(s.conversionFromFirst)} of the first`,
            `median ${formatHours(s.medianHoursFromPrevious)} after the previous step`,
          );
        }
        return lines.join('<br>');
      },
    },
    xAxis: {
      type: 'category',
      data: steps.map((s) => `${s.index + 1}. ${s.label}`),
      axisTick: { show: false },
      axisLine: LINE,
      axisLabel: { ...AXIS, interval: 0, overflow: 'truncate', width: 120 },
    },
    yAxis: { type: 'value', minInterval: 1, axisLabel: AXIS, splitLine: LINE },
    series: [
      {
        name: 'Customers',
        type: 'bar',
        barMaxWidth: 56,
        cursor: 'pointer',
        data: steps.map((s) => ({
          value: s.customers,
          itemStyle: { color: s.index === selected ? COLORS.selected : COLORS.primary },
        })),
        label: {
          show: true,
          position: 'top',
          color: '#4a5567',
          fontSize: 11,
          formatter: (p: { dataIndex: number }) => {
            const s = steps[p.dataIndex];
            if (!s) return '';
            return s.index === 0
              ? formatCount(s.customers)
              : `${formatCount(s.customers)} (${formatRate(s.conversionFromPrevious)})`;
          },
        },
      },
    ],
  };
}

export function describeFunnel(steps: FunnelStepResult[]): string {
  if (steps.length === 0) return 'No funnel.';
  return `Customers per step: ${steps.map((s) => `${s.label} ${formatCount(s.customers)}`).join(', ')}.`;
}

// --- Attribution -----------------------------------------------------------------------------

/** The models in the order the table and chart show them. */
export const MODELS: { id: AttributionModel; label: string }[] = [
  { id: 'first', label: 'First touch' },
  { id: 'last', label: 'Last touch' },
  { id: 'linear', label: 'Linear' },
  { id: 'timeDecay', label: 'Time decay' },
  { id: 'position', label: 'Position' },
  { id: 'markov', label: 'Markov' },
  { id: 'shapley', label: 'Shapley' },
];

export interface AttributionTableRow {
  key: string;
  label: string;
  channel: string | null;
  /** Conversions and value credited by each model (0 when a model credits the key nothing). */
  models: Partial<Record<AttributionModel, { conversions: number; value: number }>>;
  removalEffect: number | null;
}

/** The models a report holds (Shapley may be absent), in table order. */
export const modelsOf = (report: Pick<AttributionReport, 'models'>) =>
  MODELS.filter((m) => report.models[m.id] !== null && report.models[m.id] !== undefined);

/**
 * One row per channel (or touchpoint) with every model's credit side by side, in the order of
 * the report's keys; keys a model never mentions get 0 from it.
 */
export function attributionRows(
  report: Pick<AttributionReport, 'keys' | 'models'>,
): AttributionTableRow[] {
  const models = modelsOf(report);
  const keys = [...report.keys];
  // A model may credit a key the key list misses: show it rather than lose credit.
  for (const m of models) {
    for (const row of report.models[m.id] ?? []) {
      if (!keys.some((k) => k.key === row.key))
        keys.push({ key: row.key, label: row.key, channel: null });
    }
  }
  return keys.map((k) => {
    const out: AttributionTableRow = {
      key: k.key,
      label: k.label,
      channel: k.channel,
      models: {},
      removalEffect: null,
    };
    for (const m of models) {
      const row = report.models[m.id]?.find((r) => r.key === k.key);
      out.models[m.id] = { conversions: row?.conversions ?? 0, value: row?.value ?? 0 };
      if (m.id === 'markov' && row?.removalEffect !== undefined)
        out.removalEffect = row.removalEffect;
    }
    return out;
  });
}

/** Every model's credit per key as grouped bars, in conversions or in value. */
export function attributionOption(
  report: Pick<AttributionReport, 'keys' | 'models'>,
  metric: 'conversions' | 'value',
): ChartOption {
  const rows = attributionRows(report);
  const models = modelsOf(report);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    animationDuration: 300,
    color: models.map((m) => MODEL_COLORS[MODELS.indexOf(m)]),
    grid: { left: 8, right: 12, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, textStyle: AXIS },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category',
      data: rows.map((r) => r.label),
      axisTick: { show: false },
      axisLine: LINE,
      axisLabel: { ...AXIS, interval: 0, overflow: 'truncate', width: 100 },
    },
    yAxis: { type: 'value', axisLabel: AXIS, splitLine: LINE },
    series: models.map((m) => ({
      name: m.label,
      type: 'bar',
      barMaxWidth: 18,
      data: rows.map((r) => round(r.models[m.id]?.[metric] ?? 0)),
    })),
  };
}

// --- Conformance -------------------------------------------------------------------------------

/** "0.6–0.7": a fitness bin as its range. */
export const binLabel = (b: { from: number; to: number }) =>
  `${b.from.toFixed(1)}–${b.to.toFixed(1)}`;

/** Customers per fitness bin: 1 is a path that follows the designed map exactly. */
export function fitnessHistogramOption(histogram: ConformanceReport['histogram']): ChartOption {
  return {
    animationDuration: 300,
    color: [COLORS.primary],
    grid: { left: 8, right: 12, top: 16, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category',
      data: histogram.map(binLabel),
      axisTick: { show: false },
      axisLine: LINE,
      axisLabel: { ...AXIS, hideOverlap: true },
      name: 'Fitness',
      nameLocation: 'middle',
      nameGap: 28,
      nameTextStyle: AXIS,
    },
    yAxis: { type: 'value', minInterval: 1, axisLabel: AXIS, splitLine: LINE },
    series: [
      {
        name: 'Customers',
        type: 'bar',
        barCategoryGap: '8%',
        data: histogram.map((b) => b.customers),
      },
    ],
  };
}

export function describeHistogram(
  report: Pick<ConformanceReport, 'customers' | 'meanFitness' | 'histogram'>,
) {
  if (report.customers === 0 || report.meanFitness === null) return 'No customers in this range.';
  const top = report.histogram.reduce((best, b) => (b.customers > best.customers ? b : best));
  return `Fitness of ${formatCount(report.customers)} customers, mean ${report.meanFitness.toFixed(2)}; most between ${binLabel(top)} (${formatCount(top.customers)}).`;
}
