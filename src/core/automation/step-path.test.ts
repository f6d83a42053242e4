import { describe, expect, it } from 'vitest';
import type { TStep } from '../schemas/automation.ts';
import { enterBranch, nextPath, stepAt } from './step-path.ts';

const tag = (t: string): TStep => ({ type: 'add_tag', tag: t });
const steps: TStep[] = [
  tag('a'),
  {
    type: 'branch',
    if: { match: 'all', conditions: [] },
    yes: [
      tag('t0'),
      { type: 'branch', if: { match: 'all', conditions: [] }, yes: [tag('tt')], no: [] },
    ],
    no: [],
  },
  tag('z'),
];

describe('step paths', () => {
  it('finds steps by path', () => {
    expect(stepAt(steps, '0')).toEqual(tag('a'));
    expect(stepAt(steps, '1.yes.1.yes.0')).toEqual(tag('tt'));
    expect(stepAt(steps, '1.no.0')).toBeUndefined();
    expect(stepAt(steps, '0.yes.0')).toBeUndefined();
  });

  it('walks to the next sibling, then out of branches, then to the end', () => {
    expect(nextPath(steps, '0')).toBe('1');
    expect(nextPath(steps, '1.yes.0')).toBe('1.yes.1');
    expect(nextPath(steps, '1.yes.1.yes.0')).toBe('2');
    expect(nextPath(steps, '2')).toBeNull();
  });

  it('enters the chosen side of a branch, or skips past it when that side is empty', () => {
    expect(enterBranch(steps, '1', 'yes')).toBe('1.yes.0');
    expect(enterBranch(steps, '1', 'no')).toBe('2');
    expect(enterBranch(steps, '1.yes.1', 'no')).toBe('2');
  });
});
