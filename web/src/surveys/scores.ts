import type { ChartOption } from '../insights/charts.ts';
import { formatCount, formatRate } from '../lib/format.ts';
import type { ScoreInterval, SurveyGroupScores, SurveyKind, SurveyScoreGroupBy } from '../types.ts';

/**
 * Reading `GET /api/surveys/scores`: which figure a survey is judged by, how it reads, and the
 * chart options of the scores view. Plain data in, plain values out.
 */
export type ScoreMetric = 'csat' | 'nps' | 'ces' | 'responseRate';

export const SCORE_METRICS: readonly ScoreMetric[] = ['csat', 'nps', 'ces', 'responseRate'];

export const METRIC_LABELS: Record<ScoreMetric, string> = {
  csat: 'CSAT',
  nps: 'NPS',
  ces: 'CES',
  responseRate: 'Response rate',
};

/** What each figure means, in one line (for the help text under the chart). */
export const METRIC_HELP: Record<ScoreMetric, string> = {
  csat: 'CSAT: the share of CSAT answers rated 4 or 5, with its Wilson 95% interval.',
  nps: 'NPS: % promoters (9–10) minus % detractors (0–6), −100 to +100, with its 95% interval.',
  ces: 'CES: the mean rating of 1–7 (higher is easier), with its t 95% interval.',
  responseRate:
    'Response rate: of the invitations made in the range (links, emails, widget shows), the share answered.',
};

/** The figure a survey of this kind is judged by; custom surveys have only a response rate. */
export const metricOfKind = (kind: SurveyKind): ScoreMetric =>
  kind === 'custom' ? 'responseRate' : kind;

/** One figure of a group: its value (null: nothing to score), interval and how many it counts. */
export interface MetricValue {
  value: number | null;
  ci: ScoreInterval | null;
  /** Responses scored (for the response rate: invitations). */
  n: number;
}

export function metricValue(g: SurveyGroupScores, metric: ScoreMetric): MetricValue {
  switch (metric) {
    case 'csat':
      return { value: g.csat.csat, ci: g.csat.ci95, n: g.csat.responses };
    case 'nps':
      return { value: g.nps.nps, ci: g.nps.ci95, n: g.nps.responses };
    case 'ces':
      return { value: g.ces.mean, ci: g.ces.meanCi95, n: g.ces.responses };
    case 'responseRate':
      return { value: g.responseRate.rate, ci: g.responseRate.ci95, n: g.responseRate.invited };
  }
}

/** NPS points with their sign, rounded half away from zero to 1/`per`: "+12", "−5.3", "0". */
function signed(value: number, per: number): string {
  const r = Math.round(Math.abs(value) * per) / per;
  return r === 0 ? '0' : `${value > 0 ? '+' : '−'}${r}`;
}

/**
 * A figure as a person reads it: "60%", "+12", "−5", "5.33", "83.3%"; "—" when there is none.
 * Percentages come from the server in percent (60 for 60%).
 */
export function formatMetric(metric: ScoreMetric, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  switch (metric) {
    case 'csat':
    case 'responseRate':
      return formatRate(value / 100);
    case 'nps':
      return signed(value, 10);
    case 'ces':
      return value.toFixed(2);
  }
}

/**
 * An interval, rounded as its precision deserves: whole percent or points ("9–91%", "−20 to +35"),
 * one decimal for a CES mean ("4.2–6.1"); "—" when there is none (too few answers).
 */
export function formatInterval(metric: ScoreMetric, ci: ScoreInterval | null): string {
  if (!ci) return '—';
  switch (metric) {
    case 'csat':
    case 'responseRate':
      return `${Math.round(ci.low)}–${Math.round(ci.high)}%`;
    case 'nps':
      return `${signed(ci.low, 1)} to ${signed(ci.high, 1)}`;
    case 'ces':
      return `${ci.low.toFixed(1)}–${ci.high.toFixed(1)}`;
  }
}

/** The figure with the most answers in these groups (ties: the order of SCORE_METRICS). */
export function busiestMetric(groups: readonly SurveyGroupScores[]): ScoreMetric {
  let best: ScoreMetric = 'responseRate';
  let most = 0;
  for (const m of ['csat', 'nps', 'ces'] as const) {
    const n = groups.reduce((sum, g) => sum + metricValue(g, m).n, 0);
    if (n > most) {
      best = m;
      most = n;
    }
  }
  return best;
}

/** A group with nothing in it, for the weeks or months between answered ones. */
export function emptyGroup(key: string): SurveyGroupScores {
  return {
    key,
    label: key,
    responses: 0,
    csat: { responses: 0, satisfied: 0, csat: null, ci95: null },
    nps: {
      responses: 0,
      promoters: 0,
      passives: 0,
      detractors: 0,
      pctPromoters: null,
      pctDetractors: null,
      nps: null,
      ci95: null,
    },
    ces: {
      responses: 0,
      scale: 7,
      mean: null,
      sd: null,
      meanCi95: null,
      agreeAtLeast: 5,
      agree: 0,
      agreePct: null,
      agreeCi95: null,
    },
    responseRate: { invited: 0, responses: 0, rate: null, ci95: null },
  };
}

/** The key after `key`: the next Monday (`2025-06-09` → `2025-06-16`) or month (`2025-12` → `2026-01`). */
export function nextBucket(key: string, by: 'week' | 'month'): string {
  if (by === 'week') {
    const d = new Date(`${key}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 7);
    return d.toISOString().slice(0, 10);
  }
  const [y, m] = key.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * The server answers only the weeks or months that had answers or invitations; a line over
 * time needs the quiet ones too, so they are put back (empty) between the first and the last.
 */
export function fillBuckets(
  groups: readonly SurveyGroupScores[],
  by: 'week' | 'month',
): SurveyGroupScores[] {
  if (groups.length === 0) return [];
  const byKey = new Map(groups.map((g) => [g.key, g]));
  const keys = [...byKey.keys()].sort();
  const last = keys[keys.length - 1]!;
  const out: SurveyGroupScores[] = [];
  // A bound on the loop, in case of a key that never reaches the last one.
  for (let key = keys[0]!, i = 0; key <= last && i < 600; key = nextBucket(key, by), i++) {
    out.push(byKey.get(key) ?? emptyGroup(key));
  }
  return out;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** How a group's key reads: "w/c 9 Jun 2025", "Jun 2025", or the server's label. */
export function groupLabel(g: Pick<SurveyGroupScores, 'key' | 'label'>, by: SurveyScoreGroupBy) {
  if (by === 'week') {
    const d = new Date(`${g.key}T00:00:00Z`);
    if (Number.isNaN(d.getTime())) return g.label;
    return `w/c ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  }
  if (by === 'month') {
    const [y, m] = g.key.split('-').map(Number);
    return y && m ? `${MONTHS[m - 1]} ${y}` : g.label;
  }
  return g.label;
}

const AXIS = { color: '#4a5567', fontSize: 11 };
const LINE = { lineStyle: { color: '#c9d1db' } };
const COLOR = '#2f6fae';

/** The value axis of a figure: percentages 0–100, NPS −100..100 (as the data needs), CES 1–7. */
function valueAxis(metric: ScoreMetric) {
  const bounds =
    metric === 'ces'
      ? { min: 1, max: 7 }
      : metric === 'nps'
        ? { min: (v: { min: number }) => Math.max(-100, Math.floor(v.min / 10) * 10 - 10) }
        : { min: 0, max: 100 };
  return { type: 'value', ...bounds, axisLabel: AXIS, splitLine: LINE };
}

/** What one point says in a tooltip: the figure, its interval and how many it counts. */
function pointText(metric: ScoreMetric, label: string, v: MetricValue): string {
  const what = metric === 'responseRate' ? 'invitations' : 'responses';
  if (v.value === null) return `${label}: no ${what}`;
  return `${label}: ${METRIC_LABELS[metric]} ${formatMetric(metric, v.value)} (95% interval ${formatInterval(metric, v.ci)}; ${formatCount(v.n)} ${what})`;
}

/**
 * A figure over weeks or months: the line, and its 95% interval as a band (two stacked lines,
 * the lower one invisible, the difference filled), with gaps where nothing was answered.
 */
export function scoreTrendOption(
  groups: readonly SurveyGroupScores[],
  metric: ScoreMetric,
  by: 'week' | 'month',
): ChartOption {
  const values = groups.map((g) => metricValue(g, metric));
  const labels = groups.map((g) => groupLabel(g, by));
  const empty = '-';
  return {
    animationDuration: 300,
    color: [COLOR],
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, textStyle: AXIS, data: [METRIC_LABELS[metric], '95% interval'] },
    tooltip: {
      trigger: 'axis',
      formatter: (items: Array<{ dataIndex: number }>) => {
        const i = items[0]?.dataIndex ?? 0;
        return pointText(metric, labels[i] ?? '', values[i]!);
      },
    },
    xAxis: {
      type: 'category',
      data: labels,
      boundaryGap: false,
      axisTick: { show: false },
      axisLine: LINE,
      axisLabel: { ...AXIS, hideOverlap: true },
    },
    yAxis: valueAxis(metric),
    series: [
      {
        name: 'interval-low',
        type: 'line',
        stack: 'ci',
        data: values.map((v) => (v.ci ? v.ci.low : empty)),
        lineStyle: { opacity: 0 },
        symbol: 'none',
        silent: true,
        tooltip: { show: false },
      },
      {
        name: '95% interval',
        type: 'line',
        stack: 'ci',
        data: values.map((v) => (v.ci ? v.ci.high - v.ci.low : empty)),
        lineStyle: { opacity: 0 },
        areaStyle: { color: 'rgba(47, 111, 174, 0.18)' },
        itemStyle: { color: 'rgba(47, 111, 174, 0.35)' },
        symbol: 'none',
        silent: true,
      },
      {
        name: METRIC_LABELS[metric],
        type: 'line',
        data: values.map((v) => (v.value === null ? empty : v.value)),
        // Filled, and always shown: a week alone between quiet ones is a point, not a line.
        symbol: 'circle',
        showSymbol: true,
        showAllSymbol: true,
        symbolSize: 8,
        connectNulls: false,
      },
    ],
  };
}

/** A figure per touchpoint, stage or persona, as bars (the intervals are in the tooltip and table). */
export function scoreBarsOption(
  groups: readonly SurveyGroupScores[],
  metric: ScoreMetric,
): ChartOption {
  const values = groups.map((g) => metricValue(g, metric));
  return {
    animationDuration: 300,
    color: [COLOR],
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items: Array<{ dataIndex: number }>) => {
        const i = items[0]?.dataIndex ?? 0;
        return pointText(metric, groups[i]?.label ?? '', values[i]!);
      },
    },
    xAxis: {
      type: 'category',
      data: groups.map((g) => g.label),
      axisTick: { show: false },
      axisLine: LINE,
      axisLabel: { ...AXIS, interval: 0, overflow: 'truncate', width: 110 },
    },
    yAxis: valueAxis(metric),
    series: [
      {
        name: METRIC_LABELS[metric],
        type: 'bar',
        barMaxWidth: 34,
        data: values.map((v) => (v.value === null ? '-' : v.value)),
        label: {
          show: true,
          position: 'top',
          color: '#4a5567',
          fontSize: 10,
          formatter: (p: { dataIndex: number }) =>
            formatMetric(metric, values[p.dataIndex]?.value ?? null),
        },
      },
    ],
  };
}

/** A sentence that says what the scores chart shows, for screen readers. */
export function describeScores(
  groups: readonly SurveyGroupScores[],
  metric: ScoreMetric,
  by: SurveyScoreGroupBy,
): string {
  const scored = groups.filter((g) => metricValue(g, metric).value !== null);
  if (scored.length === 0) return `${METRIC_LABELS[metric]}: nothing to score in this range.`;
  const parts = scored.map(
    (g) => `${groupLabel(g, by)} ${formatMetric(metric, metricValue(g, metric).value)}`,
  );
  return `${METRIC_LABELS[metric]} per ${by}: ${parts.join(', ')}.`;
}
