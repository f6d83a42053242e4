import type {
  AutomationCondition,
  AutomationStep,
  AutomationStepType,
  AutomationTrigger,
  ConditionSet,
  Duration,
} from '../types.ts';

/**
 * Automations in words: the list's trigger summary, a step's one-line heading, and the option
 * lists of the builder's forms (their values are the server's enums, checked by `satisfies`).
 */

/** How the builder names ids: a touchpoint, persona, survey or journey by its name. */
export interface Names {
  touchpoint: (id: string) => string | undefined;
  persona: (id: string) => string | undefined;
  survey: (id: string) => string | undefined;
  journey: (id: string) => string | undefined;
}

export const TRIGGER_TYPES = [
  { type: 'event', label: 'An event at a touchpoint' },
  { type: 'survey_response', label: 'A survey response with a score' },
  { type: 'silence', label: 'Silence after a touchpoint' },
  { type: 'segment_entered', label: 'A customer enters a persona' },
  { type: 'schedule', label: 'A schedule' },
] as const satisfies ReadonlyArray<{ type: AutomationTrigger['type']; label: string }>;

export const STEP_TYPES = [
  { type: 'wait', label: 'Wait' },
  { type: 'branch', label: 'If / else' },
  { type: 'email', label: 'Send an email' },
  { type: 'webhook', label: 'Call a webhook' },
  { type: 'task', label: 'Create a task' },
  { type: 'survey', label: 'Send a survey invitation' },
  { type: 'set_trait', label: 'Set a trait' },
  { type: 'add_tag', label: 'Add a tag' },
] as const satisfies ReadonlyArray<{ type: AutomationStepType; label: string }>;

export const SCORE_OPS = [
  { op: 'lte', label: 'at most', sign: '≤' },
  { op: 'lt', label: 'below', sign: '<' },
  { op: 'eq', label: 'exactly', sign: '=' },
  { op: 'gte', label: 'at least', sign: '≥' },
  { op: 'gt', label: 'above', sign: '>' },
] as const satisfies ReadonlyArray<{
  op: Extract<AutomationTrigger, { type: 'survey_response' }>['op'];
  label: string;
  sign: string;
}>;

export const SURVEY_KINDS = ['nps', 'csat', 'ces', 'custom'] as const satisfies ReadonlyArray<
  NonNullable<Extract<AutomationTrigger, { type: 'survey_response' }>['kind']>
>;

export const DURATION_UNITS = [
  'minutes',
  'hours',
  'days',
  'seconds',
] as const satisfies ReadonlyArray<Duration['unit']>;

type PropertyOp = Extract<AutomationCondition, { type: 'event_property' }>['op'];
type TraitOp = Extract<AutomationCondition, { type: 'trait' }>['op'];

export const PROPERTY_OPS = [
  { op: 'eq', label: 'equals' },
  { op: 'neq', label: 'differs from' },
  { op: 'contains', label: 'contains' },
  { op: 'exists', label: 'exists' },
  { op: 'gt', label: 'greater than' },
  { op: 'lt', label: 'less than' },
] as const satisfies ReadonlyArray<{ op: PropertyOp; label: string }>;

export const TRAIT_OPS = [
  { op: 'eq', label: 'equals' },
  { op: 'neq', label: 'differs from' },
  { op: 'contains', label: 'contains' },
  { op: 'in', label: 'is one of' },
  { op: 'not_in', label: 'is none of' },
  { op: 'gt', label: 'greater than' },
  { op: 'gte', label: 'at least' },
  { op: 'lt', label: 'less than' },
  { op: 'lte', label: 'at most' },
  { op: 'exists', label: 'exists' },
  { op: 'not_exists', label: 'does not exist' },
] as const satisfies ReadonlyArray<{ op: TraitOp; label: string }>;

export const WEEKDAYS = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;

const opLabel = (op: string) =>
  [...TRAIT_OPS, ...PROPERTY_OPS].find((o) => o.op === op)?.label ?? op;

const valueText = (v: unknown) =>
  v === undefined ? '' : Array.isArray(v) ? v.map(String).join(', ') : String(v);

/** "plan equals pro", "order_id exists". */
function comparison(key: string, op: string, value: unknown): string {
  const words = `${key} ${opLabel(op)}`;
  return op === 'exists' || op === 'not_exists' ? words : `${words} ${valueText(value)}`;
}

const named = (name: string | undefined, what: string) => name ?? `an unknown ${what}`;

/** "2 days", "1 hour". */
export function durationText(d: Duration): string {
  const unit = d.amount === 1 ? d.unit.replace(/s$/, '') : d.unit;
  return `${d.amount} ${unit}`;
}

/**
 * The trigger in one sentence, for the list and the builder's heading.
 *
 * @example describeTrigger({ type: 'silence', touchpointId: 'tp', days: 7 }, names)
 *   // 'Reached Checkout, then nothing for 7 days'
 */
export function describeTrigger(t: AutomationTrigger, names: Names): string {
  switch (t.type) {
    case 'event': {
      const what = t.event ? `${t.event} at` : 'An event at';
      const base = `${what} ${named(names.touchpoint(t.touchpointId), 'touchpoint')}`;
      const props = (t.properties ?? []).map((p) => comparison(p.key, p.op, p.value));
      return props.length ? `${base} where ${props.join(' and ')}` : base;
    }
    case 'survey_response': {
      const sign = SCORE_OPS.find((o) => o.op === t.op)?.sign ?? t.op;
      const survey = t.surveyId
        ? named(names.survey(t.surveyId), 'survey')
        : `a ${t.kind?.toUpperCase()} survey`;
      return `A response to ${survey} with a score ${sign} ${t.value}`;
    }
    case 'silence':
      return `Reached ${named(names.touchpoint(t.touchpointId), 'touchpoint')}, then nothing for ${t.days} day${t.days === 1 ? '' : 's'}`;
    case 'segment_entered':
      return `Entered the persona ${named(names.persona(t.personaId), 'persona')}`;
    case 'schedule': {
      const when = t.every === 'day' ? 'Every day' : `Every ${WEEKDAYS[t.weekday ?? 0]}`;
      const who = t.personaId ? named(names.persona(t.personaId), 'persona') : 'every customer';
      return `${when} at ${t.at}, for ${who}`;
    }
  }
}

/** One condition in words. */
export function describeCondition(c: AutomationCondition, names: Names): string {
  switch (c.type) {
    case 'trait':
      return `trait ${comparison(c.trait, c.op, c.value)}`;
    case 'event_property':
      return `event property ${comparison(c.key, c.op, c.value)}`;
    case 'touchpoint':
      return `${c.reached ? 'has reached' : 'has not reached'} ${named(names.touchpoint(c.touchpointId), 'touchpoint')}`;
    case 'goal':
      return `${c.reached ? 'has reached' : 'has not reached'} the goal of ${named(names.journey(c.journeyId), 'journey')}`;
  }
}

/** A condition set in words: "plan equals pro and has reached Checkout"; empty: "always". */
export function describeConditions(set: ConditionSet, names: Names): string {
  if (set.conditions.length === 0) return 'always';
  return set.conditions
    .map((c) => describeCondition(c, names))
    .join(set.match === 'all' ? ' and ' : ' or ');
}

/** A step's heading: what it does, in a few words. */
export function describeStep(s: AutomationStep | { type: string }, names?: Names): string {
  const step = s as AutomationStep;
  switch (step.type) {
    case 'wait': {
      const parts: string[] = [];
      if (step.duration) parts.push(durationText(step.duration));
      if (step.untilTime) parts.push(`until ${step.untilTime}`);
      if (step.businessHours) parts.push('until business hours');
      return `Wait ${parts.join(', then ') || ''}`.trim();
    }
    case 'branch':
      return names ? `If ${describeConditions(step.if, names)}` : 'If / else';
    case 'email':
      return step.subject ? `Email “${step.subject}”` : 'Email';
    case 'webhook':
      return step.url ? `Webhook to ${step.url}` : 'Webhook';
    case 'task':
      return step.title ? `Task “${step.title}”` : 'Task';
    case 'survey': {
      const survey = names && step.surveyId ? names.survey(step.surveyId) : undefined;
      return survey ? `Survey invitation: ${survey}` : 'Survey invitation';
    }
    case 'set_trait':
      return step.trait ? `Set trait ${step.trait}` : 'Set a trait';
    case 'add_tag':
      return step.tag ? `Add tag ${step.tag}` : 'Add a tag';
    default:
      return STEP_TYPES.find((t) => t.type === s.type)?.label ?? s.type;
  }
}

/** The label of a step type, for headings of run steps that have no definition at hand. */
export const stepTypeLabel = (type: string) =>
  STEP_TYPES.find((t) => t.type === type)?.label ?? type;

/**
 * The number a person reads for a step path: indexes from 1, branch sides kept.
 *
 * @example stepNumber('2.yes.0') === '3.yes.1'
 */
export function stepNumber(path: string): string {
  return path
    .split('.')
    .map((s) => (s === 'yes' || s === 'no' ? s : String(Number(s) + 1)))
    .join('.');
}
