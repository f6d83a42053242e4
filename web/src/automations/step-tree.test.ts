import { describe, expect, it } from 'vitest';
import {
  measureSteps,
  moveStep,
  newStep,
  nudgeStep,
  type StepDraft,
  stepAt,
  toStepBodies,
  toStepDrafts,
} from './step-tree.ts';

/** The tree as types and tags, so that a structure reads at a glance. */
function shape(steps: readonly StepDraft[]): unknown[] {
  return steps.map((s) =>
    s.type === 'branch'
      ? { yes: shape(s.yes), no: shape(s.no) }
      : s.type === 'add_tag'
        ? s.tag
        : s.type,
  );
}

const tag = (name: string): StepDraft => ({ key: `k-${name}`, type: 'add_tag', tag: name });
const branch = (yes: StepDraft[], no: StepDraft[] = []): StepDraft => ({
  key: `b-${yes.length}-${no.length}`,
  type: 'branch',
  if: { match: 'all', conditions: [] },
  yes,
  no,
});

describe('the step tree', () => {
  const tree = [tag('a'), branch([tag('y1'), tag('y2')], [tag('n1')]), tag('c')];

  it('finds steps by the server’s paths', () => {
    expect(stepAt(tree, '0')).toMatchObject({ tag: 'a' });
    expect(stepAt(tree, '1.yes.1')).toMatchObject({ tag: 'y2' });
    expect(stepAt(tree, '1.no.0')).toMatchObject({ tag: 'n1' });
    expect(stepAt(tree, '1.maybe.0')).toBeUndefined();
    expect(stepAt(tree, '0.yes.0')).toBeUndefined();
  });

  it('moves a step down within its list and answers its new path', () => {
    const moved = moveStep(tree, '0', '', 2);
    expect(moved?.path).toBe('1');
    expect(shape(moved!.steps)).toEqual([{ yes: ['y1', 'y2'], no: ['n1'] }, 'a', 'c']);
  });

  it('moves a step into a later branch, counting that branch after the removal', () => {
    const moved = moveStep(tree, '0', '1.no', 0);
    expect(moved?.path).toBe('0.no.0');
    expect(shape(moved!.steps)).toEqual([{ yes: ['y1', 'y2'], no: ['a', 'n1'] }, 'c']);
  });

  it('refuses to move a branch into itself, and a move that changes nothing', () => {
    expect(moveStep(tree, '1', '1.yes', 0)).toBeNull();
    expect(moveStep(tree, '0', '', 0)).toBeNull();
    expect(moveStep(tree, '0', '', 1)).toBeNull();
  });

  it('moves by keyboard out of a branch at either end of its list', () => {
    const up = nudgeStep(tree, '1.yes.0', 'up');
    expect(up?.path).toBe('1');
    expect(shape(up!.steps)).toEqual(['a', 'y1', { yes: ['y2'], no: ['n1'] }, 'c']);
    const down = nudgeStep(tree, '1.no.0', 'down');
    expect(down?.path).toBe('2');
    expect(shape(down!.steps)).toEqual(['a', { yes: ['y1', 'y2'], no: [] }, 'n1', 'c']);
    expect(shape(nudgeStep(tree, '1.yes.0', 'down')!.steps)).toEqual([
      'a',
      { yes: ['y2', 'y1'], no: ['n1'] },
      'c',
    ]);
  });

  it('has no keyboard move past the ends of the top list', () => {
    expect(nudgeStep(tree, '0', 'up')).toBeNull();
    expect(nudgeStep(tree, '2', 'down')).toBeNull();
  });

  it('leaves the tree it was given unchanged', () => {
    const before = JSON.stringify(tree);
    moveStep(tree, '0', '1.no', 0);
    nudgeStep(tree, '1.yes.0', 'up');
    expect(JSON.stringify(tree)).toBe(before);
  });

  it('counts steps inside branches and the deepest nesting', () => {
    expect(measureSteps(tree)).toEqual({ count: 6, depth: 2 });
    expect(measureSteps([branch([branch([tag('x')])])])).toEqual({ count: 3, depth: 3 });
  });
});

describe('drafts and bodies', () => {
  it('round-trips steps, with a webhook body as JSON text', () => {
    const steps = [
      { type: 'wait' as const, duration: { amount: 2, unit: 'days' as const } },
      {
        type: 'branch' as const,
        if: { match: 'any' as const, conditions: [] },
        yes: [{ type: 'webhook' as const, url: 'https://x.test/h', body: { id: '{{run.id}}' } }],
        no: [],
      },
    ];
    const drafts = toStepDrafts(steps);
    const hook = stepAt(drafts, '1.yes.0');
    expect(hook).toMatchObject({ bodyText: '{\n  "id": "{{run.id}}"\n}' });
    expect(toStepBodies(drafts)).toEqual({ steps, problems: [] });
  });

  it('names a webhook body that is not JSON at its field, and leaves an empty one out', () => {
    const drafts: StepDraft[] = [
      { key: 'a', type: 'webhook', url: 'https://x.test', bodyText: '' },
      branch([{ key: 'b', type: 'webhook', url: 'https://x.test', bodyText: '{oops' }]),
    ];
    const { steps, problems } = toStepBodies(drafts);
    expect(steps[0]).toEqual({ type: 'webhook', url: 'https://x.test' });
    expect(problems).toEqual([{ path: 'steps.1.yes.0.body', message: 'is not valid JSON' }]);
  });

  it('starts new steps with usable defaults and fresh keys', () => {
    const a = newStep('task', { touchpointId: 'tp_1' });
    const b = newStep('task');
    expect(a).toMatchObject({ type: 'task', touchpointId: 'tp_1', title: '' });
    expect(b).toMatchObject({ touchpointId: '' });
    expect(a.key).not.toBe(b.key);
    expect(newStep('wait')).toMatchObject({ duration: { amount: 1, unit: 'days' } });
  });
});
