import type { TouchpointMetricsReport } from '../core/metrics/types.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const hours = (h: number | null) => {
  if (h === null) return '-';
  if (h < 1) return `${Math.round(h * 60)}m`;
  return h < 48 ? `${h.toFixed(1)}h` : `${(h / 24).toFixed(1)}d`;
};

export const REPORT_COLUMNS = [
  'touchpoint',
  'stage',
  'channel',
  'phase',
  'designed',
  'measured',
  'volume',
  'reach',
  'reach_share',
  'conversion_rate',
  'drop_off_rate',
  'median_hours_to_next',
] as const;

/** One row per touchpoint, raw values (for CSV and JSON consumers). */
export function reportRows(report: TouchpointMetricsReport, stageNames: Map<string, string>) {
  return report.touchpoints.map((t) => ({
    touchpoint: t.name,
    stage: stageNames.get(t.stageId) ?? t.stageId,
    channel: t.channel,
    phase: t.phase,
    designed: t.designedMarker,
    measured: t.measuredMarker ?? '-',
    volume: t.volume,
    reach: t.reach,
    reach_share: t.reachShare,
    conversion_rate: t.conversionRate,
    drop_off_rate: t.dropOffRate,
    median_hours_to_next: t.medianHoursToNext,
  }));
}

/** RFC 4180 CSV of the report rows. */
export function renderCsv(rows: ReturnType<typeof reportRows>): string {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [
    REPORT_COLUMNS.join(','),
    ...rows.map((r) => REPORT_COLUMNS.map((c) => cell(r[c])).join(',')),
  ].join('\n');
}

/** A fixed-width table for terminals, with the journey summary above it. */
export function renderTable(
  report: TouchpointMetricsReport,
  journeyName: string,
  stageNames: Map<string, string>,
): string {
  const j = report.journey;
  const head = [
    `${journeyName}  ${report.from.slice(0, 10)} → ${report.to.slice(0, 10)}${report.personaId ? `  persona ${report.personaId}` : ''}`,
    `customers ${j.customers}  conversions ${j.conversions} (${pct(j.conversionRate)})  value ${j.conversionValue.toFixed(2)}  baseline drop-off ${pct(j.baselineDropOffRate)}  unmatched events ${j.unmatchedEvents}`,
    `stage funnel: ${j.stageFunnel.map((s) => `${s.name} ${s.customers}`).join(' → ')}`,
    '',
  ];
  const titles = [
    'touchpoint',
    'stage',
    'channel',
    'designed',
    'measured',
    'volume',
    'reach',
    'reach%',
    'conv%',
    'drop%',
    'to next',
  ];
  const rows = report.touchpoints.map((t) => [
    t.name,
    stageNames.get(t.stageId) ?? '',
    t.channel,
    t.designedMarker,
    t.measuredMarker ?? '-',
    String(t.volume),
    String(t.reach),
    pct(t.reachShare),
    pct(t.conversionRate),
    pct(t.dropOffRate),
    hours(t.medianHoursToNext),
  ]);
  const widths = titles.map((title, i) => Math.max(title.length, ...rows.map((r) => r[i]!.length)));
  const numeric = new Set([5, 6, 7, 8, 9, 10]);
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [
    ...head,
    line(titles),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
  ].join('\n');
}
