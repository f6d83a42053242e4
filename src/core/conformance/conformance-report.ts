import type { TMatchRule } from '../schemas/touchpoint.ts';
import type { TDesignedOrder } from './score-sequence.ts';
import { suggestRule, suggestTemplate, type TEventKind } from './suggest-rule.ts';
import {
  summarizeConformance,
  type TConformanceSummary,
  type TSequenceCount,
} from './summarize-conformance.ts';

/** What `GET /api/journeys/:id/conformance` answers (docs/analytics.md, Conformance). */
export interface TConformanceReport {
  journeyId: string;
  from: string;
  to: string;
  personaId: string | null;
  customers: number;
  meanFitness: number | null;
  histogram: Array<{ from: number; to: number; customers: number }>;
  /** Every persona of the workspace, whatever `personaId` says. */
  byPersona: Array<{
    personaId: string;
    name: string;
    customers: number;
    meanFitness: number | null;
  }>;
  /** One row per designed touchpoint, in map order. */
  touchpoints: Array<{
    touchpointId: string;
    customers: number;
    skipped: number;
    eligible: number;
    skipRate: number;
    backwardsIn: number;
    backwardsOut: number;
  }>;
  /** Touchpoints skipped at least once, most skipped first. */
  skipped: Array<{ touchpointId: string; skipped: number; eligible: number; rate: number }>;
  /** Moves against the designed order, most frequent first. */
  backwards: Array<{ from: string; to: string; count: number; customers: number }>;
  /** Event kinds no touchpoint claims, by volume: candidates for the map. */
  unmatched: TUnmatchedKind[];
}

export interface TUnmatchedKind extends TEventKind {
  events: number;
  customers: number;
  suggestedRule: TMatchRule;
  /** A catalog touchpoint whose default rules match the kind, or null. */
  suggestedTemplate: string | null;
}

/** One customer of `GET /api/journeys/:id/conformance/customers`. */
export interface TConformanceCustomer {
  customerId: string;
  /** Their email trait, else their name trait, else their id. */
  label: string;
  fitness: number;
  /** Distinct touchpoints met. */
  met: number;
  /** Designed touchpoints of their span they never met. */
  skipped: number;
  /** Moves to a touchpoint earlier in map order. */
  backwards: number;
  /** The touchpoints met, in order, repeats merged. */
  sequence: string[];
}

export interface TConformanceCustomersPage {
  total: number;
  items: TConformanceCustomer[];
}

export interface TConformanceInput {
  journeyId: string;
  from: Date;
  to: Date;
  personaId: string | null;
  /** The journey's touchpoint ids in map order, and the stage index of each. */
  touchpointIds: readonly string[];
  order: TDesignedOrder;
  /** Distinct sequences in scope (persona applied). */
  sequences: readonly TSequenceCount[];
  /** Distinct sequences of each persona of the workspace (range only). */
  personas: ReadonlyArray<{
    personaId: string;
    name: string;
    sequences: readonly TSequenceCount[];
  }>;
  /** Unmatched kinds, most events first. */
  unmatched: ReadonlyArray<TEventKind & { events: number; customers: number }>;
  /** Length of the ranked lists. */
  top: number;
}

const rate = (part: number, whole: number) => (whole > 0 ? part / whole : 0);

/**
 * Assembles the conformance report: scores the distinct sequences, names touchpoints by id,
 * ranks the lists and suggests rules for the unmatched kinds.
 */
export function assembleConformanceReport(input: TConformanceInput): TConformanceReport {
  const summary: TConformanceSummary = summarizeConformance(input.sequences, input.order);
  const id = (tp: number) => input.touchpointIds[tp]!;
  const touchpoints = summary.touchpoints.map((t, tp) => ({
    touchpointId: id(tp),
    customers: t.customers,
    skipped: t.skipped,
    eligible: t.eligible,
    skipRate: rate(t.skipped, t.eligible),
    backwardsIn: t.backwardsIn,
    backwardsOut: t.backwardsOut,
  }));
  return {
    journeyId: input.journeyId,
    from: input.from.toISOString(),
    to: input.to.toISOString(),
    personaId: input.personaId,
    customers: summary.customers,
    meanFitness: summary.meanFitness,
    histogram: summary.histogram,
    byPersona: input.personas.map((p) => {
      const s = summarizeConformance(p.sequences, input.order);
      return {
        personaId: p.personaId,
        name: p.name,
        customers: s.customers,
        meanFitness: s.meanFitness,
      };
    }),
    touchpoints,
    skipped: touchpoints
      .map((t, tp) => ({ tp, ...t }))
      .filter((t) => t.skipped > 0)
      // Most skipped first; then the higher rate; then map order.
      .sort((a, b) => b.skipped - a.skipped || b.skipRate - a.skipRate || a.tp - b.tp)
      .slice(0, input.top)
      .map((t) => ({
        touchpointId: t.touchpointId,
        skipped: t.skipped,
        eligible: t.eligible,
        rate: t.skipRate,
      })),
    backwards: summary.backwards.slice(0, input.top).map((m) => ({
      from: id(m.from),
      to: id(m.to),
      count: m.count,
      customers: m.customers,
    })),
    unmatched: input.unmatched.slice(0, input.top).map((k) => {
      const kind: TEventKind = { type: k.type, event: k.event, path: k.path };
      return {
        ...kind,
        events: k.events,
        customers: k.customers,
        suggestedRule: suggestRule(kind),
        suggestedTemplate: suggestTemplate(kind),
      };
    }),
  };
}
