import {
  compareProportions,
  type Proportion,
  type ProportionDifference,
  proportion,
} from '../core/automation/compare-proportions.ts';
import type { TTraitCondition } from '../core/schemas/persona.ts';
import type { TMatchRule } from '../core/schemas/touchpoint.ts';
import type { Store } from '../store/port.ts';
import type { OutcomeRow } from '../store/queries/automations/automation-outcome.ts';
import type { StoredAutomation } from '../store/queries/automations/automation-repo.ts';
import { triggerRules } from './evaluate-triggers.ts';
import type { EngineDeps } from './run-context.ts';

export interface OutcomeGroup {
  /** Customers in the group (qualified at least once). */
  customers: number;
  /** Those whose window after qualifying has closed: what the rates are computed over. */
  measured: number;
  /** Still inside their window (left out unless includeOpen). */
  inWindow: number;
  conversion: Proportion;
  nextStage: Proportion | null;
}

export interface AutomationOutcome {
  automationId: string;
  journeyId: string | null;
  goal: string | null;
  windowDays: number;
  from: string;
  to: string;
  includeOpen: boolean;
  nextStage: { stageId: string; name: string } | null;
  treated: OutcomeGroup;
  control: OutcomeGroup;
  conversionDifference: ProportionDifference;
  nextStageDifference: ProportionDifference | null;
  notes: string[];
}

/**
 * The automation's outcome: customers who went through it (live runs) against those who
 * qualified — met the trigger and the conditions that can be replayed — while it was off or
 * before it existed: their conversion to the journey's goal within the journey's window, and the
 * reach of the next stage in that window, each with the difference and its 95 % interval.
 */
export async function automationOutcome(
  deps: Pick<EngineDeps, 'store'>,
  stored: StoredAutomation,
  query: { from: Date; to: Date; includeOpen: boolean },
): Promise<AutomationOutcome> {
  const store: Store = deps.store;
  const a = stored.automation;
  const ws = a.workspaceId;
  const notes: string[] = [];
  const t = a.trigger;
  const triggerTp =
    t.type === 'event' || t.type === 'silence'
      ? await store.getTouchpoint(ws, t.touchpointId)
      : undefined;
  const journeyId =
    a.journeyId ?? triggerTp?.journeyId ?? (await store.listJourneys(ws))[0]?.id ?? null;
  const journey = journeyId ? await store.getJourney(ws, journeyId) : undefined;
  const windowDays = journey?.settings.conversionWindowDays ?? 30;
  if (!journey?.goal) notes.push('the journey has no goal: no conversion can be counted');

  // The touchpoint metric: reaching the stage after the trigger touchpoint's stage.
  let nextStage: AutomationOutcome['nextStage'] = null;
  let nextRules: TMatchRule[] = [];
  if (triggerTp && journey) {
    const stages = await store.listStages(ws, journey.id);
    const i = stages.findIndex((s) => s.id === triggerTp.stageId);
    const after = i >= 0 ? stages[i + 1] : undefined;
    if (after) {
      nextStage = { stageId: after.id, name: after.name };
      nextRules = (await store.listTouchpoints(ws, journey.id))
        .filter((tp) => tp.stageId === after.id)
        .flatMap((tp) => tp.matchRules);
    } else notes.push("the trigger touchpoint is in the journey's last stage: no next stage");
  } else notes.push('the trigger names no touchpoint: no next-stage reach is measured');

  const rules = await triggerRules(deps, a);
  let qualify = null;
  if (rules) {
    const traits: TTraitCondition[] = [];
    let replayable = a.conditions.match === 'all';
    const withProperties = [...rules];
    for (const c of a.conditions.conditions) {
      if (c.type === 'trait') traits.push(c);
      else if (c.type === 'event_property') {
        const { type: _t, ...cond } = c;
        for (const [i, r] of withProperties.entries())
          withProperties[i] = { ...r, properties: [...(r.properties ?? []), cond] };
      } else replayable = false;
    }
    if (!replayable || (a.conditions.match === 'any' && a.conditions.conditions.length > 0)) {
      notes.push(
        'the comparison group meets the trigger; conditions on the journey so far, or any-of conditions, are not replayed for it',
      );
    }
    qualify = {
      rules: replayable ? withProperties : rules,
      score: t.type === 'survey_response' ? { op: t.op, value: t.value } : null,
      traits: replayable ? traits : [],
    };
    if (traits.length > 0 && replayable)
      notes.push("trait conditions are checked on the comparison group's traits now");
  } else {
    notes.push(
      `a ${t.type} trigger cannot be replayed from past events: there is no comparison group`,
    );
  }

  const { rows } = await store.automations().outcomeCounts({
    workspaceId: ws,
    automationId: a.id,
    qualify,
    enabledPeriods: a.enabledPeriods.map((p) => ({
      from: new Date(p.from),
      to: p.to ? new Date(p.to) : null,
    })),
    from: query.from,
    now: query.to,
    goalEvent: journey?.goal?.event ?? null,
    windowDays,
    nextRules,
  });
  const group = (g: 'treated' | 'control') =>
    summarize(
      rows.filter((r) => r.group === g),
      query.to,
      windowDays,
      query.includeOpen,
      nextStage !== null,
    );
  const treated = group('treated');
  const control = group('control');
  return {
    automationId: a.id,
    journeyId: journey?.id ?? null,
    goal: journey?.goal?.event ?? null,
    windowDays,
    from: query.from.toISOString(),
    to: query.to.toISOString(),
    includeOpen: query.includeOpen,
    nextStage,
    treated,
    control,
    conversionDifference: compareProportions(treated.conversion, control.conversion),
    nextStageDifference:
      treated.nextStage && control.nextStage
        ? compareProportions(treated.nextStage, control.nextStage)
        : null,
    notes,
  };
}

/** Counts one group: rates over the customers whose window closed (all, with includeOpen). */
export function summarize(
  rows: readonly OutcomeRow[],
  now: Date,
  windowDays: number,
  includeOpen: boolean,
  withNext: boolean,
): OutcomeGroup {
  const closed = (r: OutcomeRow) =>
    new Date(r.qualifiedAt).getTime() + windowDays * 86_400_000 <= now.getTime();
  const measured = rows.filter((r) => includeOpen || closed(r));
  return {
    customers: rows.length,
    measured: measured.length,
    inWindow: rows.filter((r) => !closed(r)).length,
    conversion: proportion(measured.filter((r) => r.converted).length, measured.length),
    nextStage: withNext
      ? proportion(measured.filter((r) => r.reachedNext).length, measured.length)
      : null,
  };
}
