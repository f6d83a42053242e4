import { describe, expect, it } from 'vitest';
import {
  describeConditions,
  describeStep,
  describeTrigger,
  durationText,
  type Names,
  stepNumber,
} from './describe.ts';

const names: Names = {
  touchpoint: (id) => ({ tp_1: 'Checkout', tp_2: 'Support' })[id],
  persona: (id) => (id === 'p_1' ? 'Pro users' : undefined),
  survey: (id) => (id === 's_1' ? 'After support' : undefined),
  journey: (id) => (id === 'j_1' ? 'Shop' : undefined),
};

describe('automations in words', () => {
  it('says each kind of trigger in a sentence', () => {
    expect(
      describeTrigger(
        {
          type: 'event',
          touchpointId: 'tp_1',
          event: 'Order Completed',
          properties: [{ key: 'total', op: 'gt', value: 100 }],
        },
        names,
      ),
    ).toBe('Order Completed at Checkout where total greater than 100');
    expect(describeTrigger({ type: 'event', touchpointId: 'gone' }, names)).toBe(
      'An event at an unknown touchpoint',
    );
    expect(
      describeTrigger({ type: 'survey_response', kind: 'nps', op: 'lte', value: 6 }, names),
    ).toBe('A response to a NPS survey with a score ≤ 6');
    expect(
      describeTrigger({ type: 'survey_response', surveyId: 's_1', op: 'gte', value: 4 }, names),
    ).toBe('A response to After support with a score ≥ 4');
    expect(describeTrigger({ type: 'silence', touchpointId: 'tp_2', days: 1 }, names)).toBe(
      'Reached Support, then nothing for 1 day',
    );
    expect(describeTrigger({ type: 'segment_entered', personaId: 'p_1' }, names)).toBe(
      'Entered the persona Pro users',
    );
    expect(
      describeTrigger({ type: 'schedule', every: 'week', weekday: 1, at: '09:30' }, names),
    ).toBe('Every Monday at 09:30, for every customer');
  });

  it('joins conditions with and / or, and says when there are none', () => {
    expect(describeConditions({ match: 'all', conditions: [] }, names)).toBe('always');
    expect(
      describeConditions(
        {
          match: 'any',
          conditions: [
            { type: 'trait', trait: 'plan', op: 'in', value: ['pro', 'team'] },
            { type: 'touchpoint', touchpointId: 'tp_1', reached: false },
            { type: 'goal', journeyId: 'j_1', reached: true },
            { type: 'event_property', key: 'coupon', op: 'exists' },
          ],
        },
        names,
      ),
    ).toBe(
      'trait plan is one of pro, team or has not reached Checkout or has reached the goal of Shop or event property coupon exists',
    );
  });

  it('heads each step with what it does', () => {
    expect(
      describeStep({ type: 'wait', duration: { amount: 2, unit: 'hours' }, untilTime: '09:00' }),
    ).toBe('Wait 2 hours, then until 09:00');
    expect(describeStep({ type: 'email', subject: 'Thanks', text: 'x' })).toBe('Email “Thanks”');
    expect(describeStep({ type: 'task', touchpointId: 'tp_1', title: '' })).toBe('Task');
    expect(
      describeStep(
        { type: 'branch', if: { match: 'all', conditions: [] }, yes: [], no: [] },
        names,
      ),
    ).toBe('If always');
    expect(describeStep({ type: 'something_new' })).toBe('something_new');
  });

  it('writes durations in the singular for one, and step numbers from 1', () => {
    expect(durationText({ amount: 1, unit: 'days' })).toBe('1 day');
    expect(durationText({ amount: 3, unit: 'minutes' })).toBe('3 minutes');
    expect(stepNumber('0')).toBe('1');
    expect(stepNumber('2.yes.0.no.4')).toBe('3.yes.1.no.5');
  });
});
