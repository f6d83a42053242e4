import type { TStep } from '../schemas/automation.ts';

/**
 * Where a step sits in an automation's tree, written `0`, `2.yes.1`, `2.no.0.yes.3`: indexes
 * into step lists, with `yes`/`no` naming a branch's lists. A run stores the definition it
 * started with, so its paths stay valid however the automation is edited later.
 */
export type StepPath = string;

type Segment = number | 'yes' | 'no';

function parse(path: StepPath): Segment[] {
  return path.split('.').map((s) => (s === 'yes' || s === 'no' ? s : Number(s)));
}

/** The step at a path, or undefined if there is none. */
export function stepAt(steps: readonly TStep[], path: StepPath): TStep | undefined {
  const segs = parse(path);
  let list: readonly TStep[] = steps;
  let step: TStep | undefined;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    if (typeof seg !== 'number') return undefined;
    step = list[seg];
    if (!step) return undefined;
    const side = segs[i + 1];
    if (side === undefined) return step;
    if (step.type !== 'branch' || (side !== 'yes' && side !== 'no')) return undefined;
    list = step[side];
    i++;
  }
  return step;
}

/**
 * The path of the step that follows a finished step: its next sibling, else the step after the
 * enclosing branch, and so on up; null when the run is over.
 *
 * @example nextPath(steps, '1.yes.0') // '1.yes.1', or '2' at the end of the `yes` list
 */
export function nextPath(steps: readonly TStep[], path: StepPath): StepPath | null {
  const segs = parse(path);
  while (segs.length > 0) {
    const index = segs.pop() as number;
    const candidate = [...segs, index + 1].join('.');
    if (stepAt(steps, candidate)) return candidate;
    if (segs.length === 0) return null;
    segs.pop(); // the 'yes' / 'no' of the enclosing branch
  }
  return null;
}

/**
 * The path to go to after a branch decided: the first step of the chosen list, or, when that list
 * is empty, the step after the branch.
 */
export function enterBranch(
  steps: readonly TStep[],
  branchPath: StepPath,
  side: 'yes' | 'no',
): StepPath | null {
  const first = `${branchPath}.${side}.0`;
  return stepAt(steps, first) ? first : nextPath(steps, branchPath);
}
