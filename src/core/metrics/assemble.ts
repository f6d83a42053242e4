import type { TStage } from '../schemas/journey.ts';
import type { TTouchpoint } from '../schemas/touchpoint.ts';
import { measureMarker } from './marker.ts';
import type {
  JourneyCounts,
  StageEmotion,
  StageFunnelStep,
  TouchpointCounts,
  TouchpointListeningFigures,
  TouchpointMetrics,
  TouchpointMetricsReport,
} from './types.ts';

const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);

export interface AssembleInput {
  journeyId: string;
  personaId: string | null;
  from: Date;
  to: Date;
  conversionWindowDays: number;
  inactivityDays: number;
  stages: readonly TStage[];
  touchpoints: readonly TTouchpoint[];
  counts: readonly TouchpointCounts[];
  journey: JourneyCounts;
  /**
   * Sentiment and CSAT per touchpoint and the emotion per stage (src/core/listening): they feed
   * the measured marker and the `csat` KPI, and come out in the report. Absent: not measured.
   */
  listening?: {
    touchpoints: readonly TouchpointListeningFigures[];
    stages: readonly StageEmotion[];
  };
}

/**
 * Turns the engine's raw counts into the metrics report: rates, the journey baseline and each
 * touchpoint's measured marker. Pure, so that every engine shares one definition of the figures.
 */
export function assembleMetricsReport(input: AssembleInput): TouchpointMetricsReport {
  const byId = new Map(input.counts.map((c) => [c.touchpointId, c]));
  const j = input.journey;
  const reached = input.counts.reduce((s, c) => s + c.reach, 0);
  const dropped = input.counts.reduce((s, c) => s + c.droppedOff, 0);
  const baseline = {
    conversionRate: ratio(j.converted, j.customers),
    // Reach-weighted mean drop-off rate of the journey's touchpoints.
    dropOffRate: ratio(dropped, reached),
  };

  const listened = new Map(input.listening?.touchpoints.map((l) => [l.touchpointId, l]));
  const touchpoints = input.touchpoints.map((tp): TouchpointMetrics => {
    const heard = listened.get(tp.id);
    const c = byId.get(tp.id) ?? {
      touchpointId: tp.id,
      volume: 0,
      reach: 0,
      converted: 0,
      droppedOff: 0,
      medianHoursToNext: null,
    };
    const reachShare = ratio(c.reach, j.customers);
    const conversionRate = ratio(c.converted, c.reach);
    const dropOffRate = ratio(c.droppedOff, c.reach);
    const { marker, reasons } = measureMarker(
      {
        phase: tp.phase,
        reach: c.reach,
        conversionRate,
        dropOffRate,
        kpis: tp.kpis,
        values: {
          volume: c.volume,
          reach: c.reach,
          reachShare,
          conversionRate,
          dropOffRate,
          medianHoursToNext: c.medianHoursToNext,
          // KPI targets on CSAT are mean ratings (1–5), as the catalog's targets are written.
          ...(heard ? { csat: heard.csat.mean } : {}),
        },
        ...(heard
          ? {
              listening: {
                sentiment: heard.sentiment,
                csat: { csat: heard.csat.csat, responses: heard.csat.responses },
              },
            }
          : {}),
      },
      baseline,
    );
    return {
      ...c,
      touchpointId: tp.id,
      name: tp.name,
      stageId: tp.stageId,
      channel: tp.channel,
      phase: tp.phase,
      designedMarker: tp.designedMarker,
      reachShare,
      conversionRate,
      dropOffRate,
      measuredMarker: marker,
      markerReasons: reasons,
      ...(heard ? { sentiment: heard.sentiment, csat: heard.csat } : {}),
    };
  });

  const first = j.stageReached[0] ?? 0;
  const stageFunnel = input.stages.map(
    (s, i): StageFunnelStep => ({
      stageId: s.id,
      name: s.name,
      customers: j.stageReached[i] ?? 0,
      reached: j.stageCustomers[i] ?? 0,
      fromFirst: ratio(j.stageReached[i] ?? 0, first),
      fromPrevious:
        i === 0 ? (first > 0 ? 1 : 0) : ratio(j.stageReached[i] ?? 0, j.stageReached[i - 1] ?? 0),
    }),
  );

  return {
    journeyId: input.journeyId,
    personaId: input.personaId,
    from: input.from.toISOString(),
    to: input.to.toISOString(),
    conversionWindowDays: input.conversionWindowDays,
    inactivityDays: input.inactivityDays,
    journey: {
      customers: j.customers,
      conversions: j.converted,
      conversionRate: baseline.conversionRate,
      conversionValue: j.conversionValue,
      baselineDropOffRate: baseline.dropOffRate,
      unmatchedEvents: j.unmatchedEvents,
      stageFunnel,
    },
    touchpoints,
    ...(input.listening ? { stages: [...input.listening.stages] } : {}),
  };
}
