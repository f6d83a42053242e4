import type {
  Automation,
  AutomationCondition,
  AutomationCreate,
  AutomationTrigger,
  ConditionSet,
} from '../types.ts';
import { type FieldProblem, type StepDraft, toStepBodies, toStepDrafts } from './step-tree.ts';

/**
 * The builder's draft of a whole automation, and its way to and from the API. Conditions and
 * triggers are edited in the API's own shape; only steps carry keys (see step-tree.ts).
 */
export interface AutomationDraft {
  name: string;
  description: string;
  enabled: boolean;
  trigger: AutomationTrigger;
  conditions: ConditionSet;
  steps: StepDraft[];
  journeyId: string | null;
}

/** What new triggers and steps are filled in with: the first of each list the page has. */
export interface DraftDefaults {
  touchpointId?: string;
  personaId?: string;
  surveyId?: string;
  journeyId?: string;
}

/** A trigger of the given type, with the defaults filled in. */
export function newTrigger(
  type: AutomationTrigger['type'],
  d: DraftDefaults = {},
): AutomationTrigger {
  switch (type) {
    case 'event':
      return { type, touchpointId: d.touchpointId ?? '' };
    case 'survey_response':
      return d.surveyId
        ? { type, surveyId: d.surveyId, op: 'lte', value: 6 }
        : { type, kind: 'nps', op: 'lte', value: 6 };
    case 'silence':
      return { type, touchpointId: d.touchpointId ?? '', days: 7 };
    case 'segment_entered':
      return { type, personaId: d.personaId ?? '' };
    case 'schedule':
      return { type, every: 'day', at: '09:00', personaId: null };
  }
}

/** A condition of the given type, with the defaults filled in. */
export function newCondition(
  type: AutomationCondition['type'],
  d: DraftDefaults = {},
): AutomationCondition {
  switch (type) {
    case 'trait':
      return { type, trait: '', op: 'eq', value: '' };
    case 'event_property':
      return { type, key: '', op: 'eq', value: '' };
    case 'touchpoint':
      return { type, touchpointId: d.touchpointId ?? '', reached: true };
    case 'goal':
      return { type, journeyId: d.journeyId ?? '', reached: false };
  }
}

/** The draft of an automation, or of a new one. */
export function toDraft(a: Automation | undefined, d: DraftDefaults = {}): AutomationDraft {
  if (!a) {
    return {
      name: '',
      description: '',
      enabled: false,
      trigger: newTrigger('event', d),
      conditions: { match: 'all', conditions: [] },
      steps: [],
      journeyId: null,
    };
  }
  return {
    name: a.name,
    description: a.description,
    enabled: a.enabled,
    trigger: a.trigger,
    conditions: a.conditions,
    steps: toStepDrafts(a.steps),
    journeyId: a.journeyId,
  };
}

/**
 * The body to send, and the problems the builder finds itself: only those the server cannot say
 * at the right place (a webhook body that is not JSON). The rest is the server's to judge.
 */
export function draftToBody(draft: AutomationDraft): {
  body: AutomationCreate;
  problems: FieldProblem[];
} {
  const { steps, problems } = toStepBodies(draft.steps);
  return {
    body: {
      name: draft.name.trim(),
      description: draft.description,
      enabled: draft.enabled,
      trigger: draft.trigger,
      conditions: draft.conditions,
      steps,
      journeyId: draft.journeyId,
    },
    problems,
  };
}

/**
 * A condition value as typed: a list for `in` / `not_in` (comma-separated), nothing for the
 * existence tests, else the text (the server compares values as text, numbers as numbers).
 */
export function conditionValue(op: string, text: string): string | string[] | undefined {
  if (op === 'exists' || op === 'not_exists') return undefined;
  if (op === 'in' || op === 'not_in') {
    return text
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
  }
  return text;
}

/** A condition value as the text of its field. */
export function conditionText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return Array.isArray(value) ? value.map(String).join(', ') : String(value);
}
