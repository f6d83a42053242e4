import { formatCount, formatRate } from '../lib/format.ts';
import type { AutomationOutcome, Proportion, ProportionDifference } from '../types.ts';

/**
 * The outcome panel's words, table and chart, from `GET /api/automations/:id/outcome`: customers
 * who went through the automation against those who qualified while it was off or before it
 * existed. Pure: figures in, sentences and option objects out.
 */

const MINUS = '\u2212';

/** 0.063 → "+6.3 points"; null → "—". */
export function formatPoints(difference: number | null): string {
  if (difference === null || !Number.isFinite(difference)) return '—';
  const tenths = Math.round(difference * 1000) / 10;
  if (tenths === 0) return '0 points';
  const sign = tenths > 0 ? '+' : MINUS;
  return `${sign}${Math.abs(tenths).toFixed(1)} points`;
}

/** "18.3% (11 of 60)"; "—" when nobody was measured. */
export function shareText(p: Proportion): string {
  if (p.rate === null) return '—';
  return `${formatRate(p.rate)} (${formatCount(p.successes)} of ${formatCount(p.n)})`;
}

/** "−4.1 to +16.7 points", or undefined without an interval. */
export function intervalText(d: ProportionDifference): string | undefined {
  if (!d.ci95) return undefined;
  return `${formatPoints(d.ci95.low).replace(' points', '')} to ${formatPoints(d.ci95.high)}`;
}

/** What the difference means, in a clause a person can read without statistics. */
function verdict(d: ProportionDifference): string {
  if (d.difference === null) return '';
  const interval = intervalText(d);
  const range = interval ? ` (95% interval ${interval})` : '';
  if (d.significant) {
    const way = d.difference > 0 ? 'higher' : 'lower';
    return `${formatPoints(Math.abs(d.difference)).replace('+', '')} ${way}${range}: more than chance would explain.`;
  }
  return `a difference of ${formatPoints(d.difference)}${range}, which could still be chance.`;
}

/**
 * The outcome in one or two sentences.
 *
 * @example outcomeHeadline(o)
 *   // 'Customers who went through it converted at 20% (4 of 20); those who qualified while it
 *   //  was off at 10% (2 of 20): a difference of +10.0 points (95% interval …), which could still
 *   //  be chance.'
 */
export function outcomeHeadline(o: AutomationOutcome): string {
  if (!o.goal) return 'The journey has no goal, so no conversion can be counted.';
  const t = o.treated;
  const c = o.control;
  if (t.customers === 0) return 'No customer has gone through it yet.';
  if (t.measured === 0) {
    return `${formatCount(t.customers)} went through it; none has finished the ${o.windowDays}-day window in which a conversion counts yet.`;
  }
  const treated = `Customers who went through it converted at ${shareText(t.conversion)}`;
  if (c.measured === 0) return `${treated}; there is no comparison group to hold it against yet.`;
  const control = `those who qualified while it was off at ${shareText(c.conversion)}`;
  return `${treated}; ${control}: ${verdict(o.conversionDifference)}`;
}

/** A short headline for the list of automations: the conversion difference, or why there is none. */
export function outcomeShort(o: AutomationOutcome): string {
  if (!o.goal) return 'No goal to measure';
  if (o.treated.measured === 0) return 'Not measured yet';
  if (o.control.measured === 0) return `${formatRate(o.treated.conversion.rate ?? 0)} converted`;
  const d = o.conversionDifference;
  const sure = d.significant ? '' : ' (could be chance)';
  return `${formatPoints(d.difference)} conversion${sure}`;
}

export interface OutcomeRow {
  label: string;
  treated: string;
  control: string;
}

/** The table: one row per figure, the two groups side by side. */
export function outcomeRows(o: AutomationOutcome): OutcomeRow[] {
  const t = o.treated;
  const c = o.control;
  const rows: OutcomeRow[] = [
    {
      label: 'Customers who qualified',
      treated: formatCount(t.customers),
      control: formatCount(c.customers),
    },
    {
      label: `Measured (their ${o.windowDays}-day window has closed)`,
      treated: formatCount(t.measured),
      control: formatCount(c.measured),
    },
    {
      label: 'Still inside their window',
      treated: formatCount(t.inWindow),
      control: formatCount(c.inWindow),
    },
    {
      label: o.goal ? `Converted (${o.goal})` : 'Converted',
      treated: shareText(t.conversion),
      control: shareText(c.conversion),
    },
  ];
  if (o.nextStage && t.nextStage && c.nextStage) {
    rows.push({
      label: `Reached the next stage (${o.nextStage.name})`,
      treated: shareText(t.nextStage),
      control: shareText(c.nextStage),
    });
  }
  return rows;
}

/** The differences: each with its 95 % interval and whether it is more than chance. */
export function differenceRows(o: AutomationOutcome) {
  const rows = [{ label: 'Conversion', d: o.conversionDifference }];
  if (o.nextStage && o.nextStageDifference)
    rows.push({ label: `Reached ${o.nextStage.name}`, d: o.nextStageDifference });
  return rows.map(({ label, d }) => ({
    label,
    difference: formatPoints(d.difference),
    interval: intervalText(d) ?? '—',
    reading:
      d.significant === null
        ? 'not enough data'
        : d.significant
          ? 'more than chance'
          : 'could be chance',
  }));
}

/** Whether any rate can be drawn (someone in either group finished their window). */
export const hasRates = (o: AutomationOutcome) =>
  o.treated.conversion.rate !== null || o.control.conversion.rate !== null;

/** Percent with one decimal for a chart bar, null when there is no rate. */
const percent = (p: Proportion | null) =>
  p && p.rate !== null ? Math.round(p.rate * 1000) / 10 : null;

/** The bar chart: conversion (and next-stage reach) of the two groups, in percent. */
export function outcomeChartOption(o: AutomationOutcome): Record<string, unknown> {
  const categories = ['Conversion'];
  const treated = [percent(o.treated.conversion)];
  const control = [percent(o.control.conversion)];
  if (o.nextStage) {
    categories.push(`Reached ${o.nextStage.name}`);
    treated.push(percent(o.treated.nextStage));
    control.push(percent(o.control.nextStage));
  }
  const axis = { color: '#4a5567', fontSize: 11 };
  return {
    animationDuration: 300,
    color: ['#2f6fae', '#9fb8d3'],
    grid: { left: 8, right: 12, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, textStyle: axis },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v == null ? '—' : `${v}%`) },
    xAxis: { type: 'category', data: categories, axisLabel: axis, axisTick: { show: false } },
    yAxis: { type: 'value', max: 100, axisLabel: { ...axis, formatter: '{value}%' } },
    series: [
      { name: 'Went through it', type: 'bar', data: treated, barMaxWidth: 48 },
      { name: 'Qualified while it was off', type: 'bar', data: control, barMaxWidth: 48 },
    ],
  };
}
