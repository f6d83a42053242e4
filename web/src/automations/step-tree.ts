import type { AutomationStep, AutomationStepType, ConditionSet } from '../types.ts';

/**
 * The builder's steps: the API's step tree with a stable `key` per step (list items keep their
 * identity when steps move) and a webhook's JSON body held as the text being typed.
 *
 * Paths are the server's: `0`, `2.yes.1`, `2.no.0.yes.3` (indexes into step lists, `yes`/`no`
 * naming a branch's lists). A *list path* names a list: `''` the top one, `2.yes` a branch's.
 * Every function here is pure: it answers a new tree and never changes the one it is given.
 */
type Plain = Exclude<AutomationStep, { type: 'branch' } | { type: 'webhook' }>;
type WebhookStep = Extract<AutomationStep, { type: 'webhook' }>;

export type BranchDraft = {
  key: string;
  type: 'branch';
  if: ConditionSet;
  yes: StepDraft[];
  no: StepDraft[];
};
export type WebhookDraft = Omit<WebhookStep, 'body'> & { key: string; bodyText: string };
export type StepDraft = (Plain & { key: string }) | BranchDraft | WebhookDraft;

export type Side = 'yes' | 'no';

let lastKey = 0;
/** A key no other step of this page has. */
export const newKey = () => `s${++lastKey}`;

/** A path's list and index: `2.yes.1` → `{ list: '2.yes', index: 1 }`. */
export function splitPath(path: string): { list: string; index: number } {
  const dot = path.lastIndexOf('.');
  return dot < 0
    ? { list: '', index: Number(path) }
    : { list: path.slice(0, dot), index: Number(path.slice(dot + 1)) };
}

/** The path of item `index` of the list at `list`. */
export const pathIn = (list: string, index: number) => (list ? `${list}.${index}` : String(index));

/** The list at a list path, or undefined when there is none. */
export function listAt(
  steps: readonly StepDraft[],
  list: string,
): readonly StepDraft[] | undefined {
  if (list === '') return steps;
  const dot = list.lastIndexOf('.');
  const side = list.slice(dot + 1);
  const owner = stepAt(steps, list.slice(0, dot));
  if (owner?.type !== 'branch' || (side !== 'yes' && side !== 'no')) return undefined;
  return owner[side];
}

/** The step at a path, or undefined. */
export function stepAt(steps: readonly StepDraft[], path: string): StepDraft | undefined {
  const { list, index } = splitPath(path);
  return listAt(steps, list)?.[index];
}

/** The tree with the list at `list` replaced by `change(list)`; unchanged when there is none. */
export function changeList(
  steps: readonly StepDraft[],
  list: string,
  change: (items: readonly StepDraft[]) => StepDraft[],
): StepDraft[] {
  if (list === '') return change(steps);
  const dot = list.lastIndexOf('.');
  const side = list.slice(dot + 1) as Side;
  return updateStep(steps, list.slice(0, dot), (owner) =>
    owner.type === 'branch' ? { ...owner, [side]: change(owner[side]) } : owner,
  );
}

/** The tree with the step at `path` replaced by `change(step)`. */
export function updateStep(
  steps: readonly StepDraft[],
  path: string,
  change: (step: StepDraft) => StepDraft,
): StepDraft[] {
  const { list, index } = splitPath(path);
  return changeList(steps, list, (items) => items.map((s, i) => (i === index ? change(s) : s)));
}

export function removeStep(steps: readonly StepDraft[], path: string): StepDraft[] {
  const { list, index } = splitPath(path);
  return changeList(steps, list, (items) => items.filter((_, i) => i !== index));
}

export function insertStep(
  steps: readonly StepDraft[],
  list: string,
  index: number,
  step: StepDraft,
): StepDraft[] {
  return changeList(steps, list, (items) => [
    ...items.slice(0, index),
    step,
    ...items.slice(index),
  ]);
}

/** Whether `path` is `ancestor` itself or lies inside it. */
const within = (path: string, ancestor: string) =>
  path === ancestor || path.startsWith(`${ancestor}.`);

/**
 * Moves the step at `from` to position `index` of the list at `to`, where `index` counts the
 * target list as it is before the move (a drop "before item i"). Answers the new tree and the
 * step's new path, or null when the move is impossible (into the step itself) or changes nothing.
 */
export function moveStep(
  steps: readonly StepDraft[],
  from: string,
  to: string,
  index: number,
): { steps: StepDraft[]; path: string } | null {
  const step = stepAt(steps, from);
  const target = listAt(steps, to);
  if (!step || !target || within(to, from)) return null;
  const origin = splitPath(from);
  let at = Math.max(0, Math.min(index, target.length));
  if (origin.list === to) {
    if (at === origin.index || at === origin.index + 1) return null;
    if (at > origin.index) at -= 1;
  }
  // Removing the step shifts the later siblings of its list, which may hold the target list.
  let targetList = to;
  const prefix = origin.list ? `${origin.list}.` : '';
  if (origin.list !== to && to.startsWith(prefix)) {
    const rest = to.slice(prefix.length).split('.');
    const i = Number(rest[0]);
    if (i > origin.index) targetList = [prefix + String(i - 1), ...rest.slice(1)].join('.');
  }
  const without = removeStep(steps, from);
  return {
    steps: insertStep(without, targetList, at, step),
    path: pathIn(targetList, at),
  };
}

/**
 * The keyboard move: one place up or down in its list; at either end of a branch's list, out of
 * the branch, just before or after it. Null at the ends of the top list.
 */
export function nudgeStep(
  steps: readonly StepDraft[],
  path: string,
  direction: 'up' | 'down',
): { steps: StepDraft[]; path: string } | null {
  const { list, index } = splitPath(path);
  const items = listAt(steps, list);
  if (!items) return null;
  if (direction === 'up' && index > 0) return moveStep(steps, path, list, index - 1);
  if (direction === 'down' && index < items.length - 1) {
    return moveStep(steps, path, list, index + 2);
  }
  if (list === '') return null;
  // Out of the branch: its path is the list path without the side.
  const branch = splitPath(list.slice(0, list.lastIndexOf('.')));
  return moveStep(steps, path, branch.list, branch.index + (direction === 'up' ? 0 : 1));
}

/** Every step, counting those inside branches, and the deepest nesting (1: no branch). */
export function measureSteps(steps: readonly StepDraft[], depth = 1) {
  let count = 0;
  let deepest = depth;
  for (const s of steps) {
    count++;
    if (s.type === 'branch') {
      for (const list of [s.yes, s.no]) {
        const m = measureSteps(list, depth + 1);
        count += m.count;
        deepest = Math.max(deepest, m.depth);
      }
    }
  }
  return { count, depth: deepest };
}

/** What a new step of each kind starts with. */
export function newStep(
  type: AutomationStepType,
  defaults: { touchpointId?: string; surveyId?: string } = {},
): StepDraft {
  const key = newKey();
  switch (type) {
    case 'wait':
      return { key, type, duration: { amount: 1, unit: 'days' } };
    case 'branch':
      return { key, type, if: { match: 'all', conditions: [] }, yes: [], no: [] };
    case 'email':
      return { key, type, subject: '', text: '' };
    case 'webhook':
      return { key, type, url: '', bodyText: '' };
    case 'task':
      return { key, type, touchpointId: defaults.touchpointId ?? '', title: '' };
    case 'survey':
      return { key, type, surveyId: defaults.surveyId ?? '', subject: '' };
    case 'set_trait':
      return { key, type, trait: '', value: '' };
    case 'add_tag':
      return { key, type, tag: '' };
  }
}

/** The API's steps as drafts (webhook bodies as indented JSON text). */
export function toStepDrafts(steps: readonly AutomationStep[]): StepDraft[] {
  return steps.map((s): StepDraft => {
    if (s.type === 'branch') {
      return { ...s, key: newKey(), yes: toStepDrafts(s.yes), no: toStepDrafts(s.no) };
    }
    if (s.type === 'webhook') {
      const { body, ...rest } = s;
      return {
        ...rest,
        key: newKey(),
        bodyText: body === undefined ? '' : JSON.stringify(body, null, 2),
      };
    }
    return { ...s, key: newKey() };
  });
}

/** A problem the builder finds before sending, at the path the server would name. */
export interface FieldProblem {
  path: string;
  message: string;
}

/**
 * The drafts as the API's steps. A webhook body that is not JSON is a problem at its field
 * (`steps.2.body`); everything else is left for the server to judge, so that its answer is the
 * one rule.
 */
export function toStepBodies(
  drafts: readonly StepDraft[],
  list = 'steps',
): { steps: AutomationStep[]; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const steps = drafts.map((d, i): AutomationStep => {
    const path = `${list}.${i}`;
    if (d.type === 'branch') {
      const yes = toStepBodies(d.yes, `${path}.yes`);
      const no = toStepBodies(d.no, `${path}.no`);
      problems.push(...yes.problems, ...no.problems);
      return { type: 'branch', if: d.if, yes: yes.steps, no: no.steps };
    }
    if (d.type === 'webhook') {
      const { key: _key, bodyText, ...rest } = d;
      if (bodyText.trim() === '') return rest;
      try {
        return { ...rest, body: JSON.parse(bodyText) };
      } catch {
        problems.push({ path: `${path}.body`, message: 'is not valid JSON' });
        return rest;
      }
    }
    const { key: _key, ...rest } = d;
    return rest;
  });
  return { steps, problems };
}
