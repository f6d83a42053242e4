import { describe, expect, it } from 'vitest';
import { collapseRepeats, firstOfStage, scoreSequence, sequenceSpan } from './score-sequence.ts';

// Stage 0 = touchpoints 0, 1, 2; stage 1 = 3, 4; stage 2 = 5.
const order = [0, 0, 0, 1, 1, 2];

describe('scoreSequence', () => {
  it('gives 1 to a customer who meets every touchpoint in the designed order', () => {
    expect(scoreSequence([0, 1, 2, 3, 4, 5], order)).toEqual({
      met: 6,
      span: 6,
      skipped: 0,
      transitions: 5,
      backwards: 0,
      order: 1,
      coverage: 1,
      fitness: 1,
    });
  });

  it('counts the touchpoints passed by without meeting them, from the first stage reached', () => {
    // Enters at touchpoint 1 (stage 0 starts at 0), jumps to 4: span 0-4, met 1 and 4 → 2/5.
    const s = scoreSequence([1, 4], order);
    expect(s).toMatchObject({ met: 2, span: 5, skipped: 3, backwards: 0, order: 1 });
    expect(s.coverage).toBe(2 / 5);
    expect(s.fitness).toBe((1 + 2 / 5) / 2);
    // Entering at a later stage skips nothing before it: stage 1 starts at 3.
    expect(scoreSequence([3, 4, 5], order)).toMatchObject({ span: 3, skipped: 0, fitness: 1 });
  });

  it('counts moves back in map order, repeats being neither forward nor back', () => {
    // 3 3 1 1 3: collapsed 3 1 3, one move of two goes back; span 0-3 (4), met 2.
    const s = scoreSequence([3, 3, 1, 1, 3], order);
    expect(s).toMatchObject({ met: 2, span: 4, skipped: 2, transitions: 2, backwards: 1 });
    expect(s.fitness).toBe((1 / 2 + 2 / 4) / 2);
    // Moving back within a stage counts as well.
    expect(scoreSequence([2, 0], order)).toMatchObject({ backwards: 1, order: 0, coverage: 2 / 3 });
  });

  it('scores a single touch by coverage alone, and no touch vacuously', () => {
    expect(scoreSequence([0], order).fitness).toBe(1);
    expect(scoreSequence([2], order)).toMatchObject({ span: 3, coverage: 1 / 3, fitness: 2 / 3 });
    expect(scoreSequence([], order)).toMatchObject({ met: 0, span: 0, fitness: 1 });
  });
});

describe('helpers', () => {
  it('merges runs, finds stage starts and spans', () => {
    expect(collapseRepeats([1, 1, 2, 2, 1])).toEqual([1, 2, 1]);
    expect([...firstOfStage(order)]).toEqual([
      [0, 0],
      [1, 3],
      [2, 5],
    ]);
    expect(sequenceSpan([4, 1], order)).toEqual({ lo: 0, hi: 4 });
    expect(sequenceSpan([], order)).toBeUndefined();
  });
});
