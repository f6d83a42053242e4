import { describe, expect, it } from 'vitest';
import { checkFatigue } from './check-fatigue.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 2, 31);

describe('fatigue rules', () => {
  it('lets a customer with no survey history be asked', () => {
    expect(
      checkFatigue({
        now: NOW,
        fatigueDays: 30,
        surveyId: 's1',
        repeatIntervalDays: 90,
        contacts: [],
      }),
    ).toEqual({ eligible: true });
  });

  it('blocks any survey within the workspace window after another survey, then allows it', () => {
    const contacts = [{ surveyId: 's2', at: NOW - 10 * DAY }];
    expect(
      checkFatigue({ now: NOW, fatigueDays: 30, surveyId: 's1', repeatIntervalDays: 90, contacts }),
    ).toEqual({
      eligible: false,
      reason: 'fatigue',
      lastContactAt: new Date(NOW - 10 * DAY).toISOString(),
      nextEligibleAt: new Date(NOW + 20 * DAY).toISOString(),
    });
    expect(
      checkFatigue({
        now: NOW + 20 * DAY,
        fatigueDays: 30,
        surveyId: 's1',
        repeatIntervalDays: 90,
        contacts,
      }),
    ).toEqual({ eligible: true });
  });

  it('keeps the same survey away for its repeat interval after the workspace window ended', () => {
    const contacts = [{ surveyId: 's1', at: NOW - 40 * DAY }];
    expect(
      checkFatigue({ now: NOW, fatigueDays: 30, surveyId: 's1', repeatIntervalDays: 90, contacts }),
    ).toMatchObject({
      eligible: false,
      reason: 'repeat_interval',
      nextEligibleAt: new Date(NOW + 50 * DAY).toISOString(),
    });
    // Another survey is not held back by s1's interval.
    expect(
      checkFatigue({ now: NOW, fatigueDays: 30, surveyId: 's2', repeatIntervalDays: 90, contacts }),
    ).toEqual({ eligible: true });
  });

  it('reports the rule that lasts longer when both block, and zero days switch a rule off', () => {
    const contacts = [
      { surveyId: 's1', at: NOW - 5 * DAY },
      { surveyId: 's2', at: NOW - 1 * DAY },
    ];
    expect(
      checkFatigue({ now: NOW, fatigueDays: 30, surveyId: 's1', repeatIntervalDays: 7, contacts }),
    ).toMatchObject({ reason: 'fatigue', nextEligibleAt: new Date(NOW + 29 * DAY).toISOString() });
    expect(
      checkFatigue({ now: NOW, fatigueDays: 0, surveyId: 's1', repeatIntervalDays: 7, contacts }),
    ).toMatchObject({
      reason: 'repeat_interval',
      nextEligibleAt: new Date(NOW + 2 * DAY).toISOString(),
    });
    expect(
      checkFatigue({ now: NOW, fatigueDays: 0, surveyId: 's1', repeatIntervalDays: 0, contacts }),
    ).toEqual({ eligible: true });
  });
});
