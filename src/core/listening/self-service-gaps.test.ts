import { describe, expect, it } from 'vitest';
import { describeSpan, findSelfServiceGaps, gapTask, suggestionText } from './self-service-gaps.ts';
import { type TReasonFigures, trendOf } from './summarize-contacts.ts';

const DAY = 86_400_000;
const figures = (name: string, volume: number, share: number, repeatRate: number, previous = 0) =>
  ({
    key: `reason-${name}`,
    name,
    volume,
    share,
    trend: trendOf(volume, previous),
    customers: volume,
    repeatCustomers: 0,
    repeatRate,
    examples: [`about ${name}`],
  }) satisfies TReasonFigures;

describe('suggestionText', () => {
  it('reads like the issue asks, with the trend when contacts rose by 10 % or more', () => {
    expect(suggestionText(figures('card activation', 312, 0.3, 0.4, 300), '30 days')).toBe(
      'Add a knowledge-base article for *card activation*: 312 contacts in 30 days, 40% repeat',
    );
    expect(suggestionText(figures('card activation', 312, 0.3, 0.4, 240), '30 days')).toBe(
      'Add a knowledge-base article for *card activation*: 312 contacts in 30 days, 40% repeat, up 30% on the previous 30 days',
    );
  });
  it('spells the period in days, or hours below a day', () => {
    expect(describeSpan(30 * DAY)).toBe('30 days');
    expect(describeSpan(DAY)).toBe('1 day');
    expect(describeSpan(DAY / 2 - 1)).toBe('12 hours');
  });
});

describe('findSelfServiceGaps', () => {
  it('keeps reasons with at least 10 contacts and 5 % of all, by volume weighted by repeats', () => {
    const reasons = [
      figures('a', 40, 0.4, 0),
      figures('b', 30, 0.3, 0.5), // priority 45 > 40
      figures('c', 9, 0.09, 0.9), // too few contacts
      figures('d', 12, 0.04, 0), // too small a share
      figures('unclassified', 50, 0.5, 0), // never a gap
    ];
    const gaps = findSelfServiceGaps(reasons, 'reasons', 30 * DAY, (key) => [
      { touchpointId: 'tp_1', name: key, volume: 1 },
    ]);
    expect(gaps.map((g) => [g.name, g.priority])).toEqual([
      ['b', 45],
      ['a', 40],
    ]);
    expect(gaps[0]!.touchpoints).toEqual([{ touchpointId: 'tp_1', name: 'reason-b', volume: 1 }]);
  });
  it('never suggests an article for texts without common terms', () => {
    const gaps = findSelfServiceGaps(
      [figures('(no common terms)', 50, 0.5, 0)],
      'themes',
      DAY,
      () => [],
    );
    expect(gaps).toEqual([]);
  });
});

describe('gapTask', () => {
  it('turns a suggestion into a task with the examples and a checklist', () => {
    const task = gapTask(
      {
        name: 'card activation',
        suggestion: 'Add a knowledge-base article for *card activation*: 5',
        examples: ['How do I activate?'],
      },
      'Support chat',
    );
    expect(task.title).toBe('Add a knowledge-base article for card activation');
    expect(task.description).toBe(
      'Add a knowledge-base article for card activation: 5.\n\nWhat customers wrote:\n- How do I activate?',
    );
    expect(task.checklist.map((c) => c.text)).toContain(
      'Link it where customers ask: Support chat, the help pages, the contact form',
    );
  });
});
