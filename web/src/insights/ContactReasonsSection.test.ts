import { describe, expect, it } from 'vitest';
import { describeTrend } from './ContactReasonsSection.tsx';

describe('describeTrend', () => {
  it('writes the change with its sign and the relative change when there was a previous period', () => {
    expect(describeTrend({ previous: 8, change: 4, relativeChange: 0.5, direction: 'up' })).toBe(
      '+4 (+50%)',
    );
    expect(
      describeTrend({ previous: 3, change: -1, relativeChange: -1 / 3, direction: 'down' }),
    ).toBe('−1 (−33%)');
  });

  it('leaves out the relative change without a previous period, and says when nothing changed', () => {
    expect(describeTrend({ previous: 0, change: 1, relativeChange: null, direction: 'up' })).toBe(
      '+1',
    );
    expect(describeTrend({ previous: 3, change: 0, relativeChange: 0, direction: 'flat' })).toBe(
      'no change',
    );
  });
});
