import { formatCount, formatDay, formatRate } from '../lib/format.ts';
import type { JourneySeries, StageFunnelStep, TouchpointSeries } from '../types.ts';

/**
 * ECharts options of the insight charts, built from the API's answers. Plain data in, plain
 * option objects out: the chart component only draws them.
 */
export type ChartOption = Record<string, unknown>;

const AXIS = { color: '#4a5567', fontSize: 11 };
const LINE = { lineStyle: { color: '#c9d1db' } };
const COLORS = { primary: '#2f6fae', reach: '#7a5cc0', converted: '#2e9d5b', muted: '#9fb8d3' };

/** "1 Mar" for a day, "w/c 3 Mar" for a week (the week that commences on that Monday). */
export function bucketLabel(start: string, bucket: 'day' | 'week'): string {
  const d = new Date(start);
  const text = d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
  return bucket === 'week' ? `w/c ${text}` : text;
}

const timeAxis = (labels: string[]) => ({
  type: 'category',
  data: labels,
  axisTick: { show: false },
  axisLine: LINE,
  axisLabel: { ...AXIS, hideOverlap: true },
});

const countAxis = { type: 'value', minInterval: 1, axisLabel: AXIS, splitLine: LINE };

export function touchpointSeriesOption(s: TouchpointSeries): ChartOption {
  const labels = s.points.map((p) => bucketLabel(p.start, s.bucket));
  return {
    animationDuration: 300,
    color: [COLORS.primary, COLORS.reach, COLORS.converted],
    grid: { left: 8, right: 12, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, textStyle: AXIS },
    tooltip: { trigger: 'axis' },
    xAxis: timeAxis(labels),
    yAxis: countAxis,
    series: [
      { name: 'Touches', type: 'bar', data: s.points.map((p) => p.volume), barMaxWidth: 18 },
      { name: 'Customers reached', type: 'line', data: s.points.map((p) => p.reach) },
      { name: 'Converted', type: 'line', data: s.points.map((p) => p.converted) },
    ],
  };
}

export function journeySeriesOption(s: JourneySeries): ChartOption {
  const labels = s.points.map((p) => bucketLabel(p.start, s.bucket));
  return {
    animationDuration: 300,
    color: [COLORS.primary, COLORS.converted],
    grid: { left: 8, right: 12, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, textStyle: AXIS },
    tooltip: { trigger: 'axis' },
    xAxis: timeAxis(labels),
    yAxis: countAxis,
    series: [
      {
        name: 'Journey customers',
        type: 'bar',
        data: s.points.map((p) => p.customers),
        barMaxWidth: 18,
      },
      { name: 'Conversions', type: 'line', data: s.points.map((p) => p.conversions) },
    ],
  };
}

/** Customers per stage in the designed order, with those who reached it at all beside them. */
export function stageFunnelOption(steps: StageFunnelStep[]): ChartOption {
  return {
    animationDuration: 300,
    color: [COLORS.primary, COLORS.muted],
    grid: { left: 8, right: 12, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, textStyle: AXIS },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category',
      data: steps.map((s) => s.name),
      axisTick: { show: false },
      axisLine: LINE,
      axisLabel: { ...AXIS, interval: 0, overflow: 'truncate', width: 110 },
    },
    yAxis: countAxis,
    series: [
      {
        name: 'Reached in order',
        type: 'bar',
        barMaxWidth: 34,
        data: steps.map((s) => s.customers),
        label: {
          show: true,
          position: 'top',
          color: '#4a5567',
          fontSize: 10,
          // Share kept from the previous stage: what the funnel is read for.
          formatter: (p: { dataIndex: number }) => {
            const s = steps[p.dataIndex];
            return s && p.dataIndex > 0 ? formatRate(s.fromPrevious) : '';
          },
        },
      },
      { name: 'Reached at all', type: 'bar', barMaxWidth: 34, data: steps.map((s) => s.reached) },
    ],
  };
}

/** A sentence that says what a chart shows, for screen readers (charts are images to them). */
export function describeSeries(
  what: string,
  points: { start: string; value: number }[],
  bucket: 'day' | 'week',
): string {
  const total = points.reduce((sum, p) => sum + p.value, 0);
  const peak = points.reduce((best, p) => (p.value > best.value ? p : best), {
    start: '',
    value: -1,
  });
  const per = bucket === 'day' ? 'day' : 'week';
  if (points.length === 0 || peak.value <= 0) return `${what}: none in this range.`;
  return `${what} per ${per}: ${formatCount(total)} in all, most in the ${per} of ${formatDay(peak.start)} (${formatCount(peak.value)}).`;
}
