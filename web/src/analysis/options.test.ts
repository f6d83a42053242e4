import { describe, expect, it } from 'vitest';
import type { Stage, Touchpoint } from '../types.ts';
import { describeRule, eventKindLabel, suggestedTouchpointName } from './conformance.ts';
import {
  attributionProblem,
  DEFAULT_ATTRIBUTION_OPTIONS,
  defaultFunnelSteps,
  funnelProblem,
  funnelStepLabel,
  moveItem,
  readWholeNumber,
} from './options.ts';

const stage = (id: string, position: number) => ({ id, position }) as unknown as Stage;
const tp = (id: string, stageId: string, position: number) =>
  ({ id, stageId, position, name: `Name ${id}` }) as unknown as Touchpoint;

describe('funnel options', () => {
  it('defaults to the first touchpoint of each stage that has one, in map order', () => {
    const stages = [stage('s1', 0), stage('s2', 1), stage('s3', 2)];
    const steps = defaultFunnelSteps(stages, [
      tp('b', 's1', 1),
      tp('a', 's1', 0),
      tp('c', 's3', 0),
    ]);
    expect(steps).toEqual([{ touchpointId: 'a' }, { touchpointId: 'c' }]);
  });

  it('moves a step up or down and keeps the rest in order', () => {
    expect(moveItem(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b'], 1, 5)).toEqual(['a', 'b']);
  });

  it('refuses fewer than 2 or more than 10 steps and windows outside 1..365 days', () => {
    const two = [{ touchpointId: 'a' }, { event: 'Order Completed' }];
    expect(funnelProblem(two, null)).toBeNull();
    expect(funnelProblem(two, 30)).toBeNull();
    expect(funnelProblem(two.slice(0, 1), null)).toBe('Pick at least 2 steps.');
    expect(funnelProblem(Array(11).fill(two[0]), null)).toBe('A funnel has at most 10 steps.');
    expect(funnelProblem(two, 0)).toMatch(/1 to 365/);
    // Strict order compares steps of one level: a touchpoint then an event cannot be strict.
    expect(funnelProblem(two, null, 'strict')).toMatch(/one kind/);
    expect(funnelProblem([{ event: 'A' }, { event: 'B' }], null, 'strict')).toBeNull();
  });

  it('names a step by its touchpoint, or as an event', () => {
    expect(funnelStepLabel({ touchpointId: 'a' }, [tp('a', 's', 0)])).toBe('Name a');
    expect(funnelStepLabel({ event: 'Signed Up' }, [])).toBe('Event: Signed Up');
    expect(funnelStepLabel({ touchpointId: 'gone' }, [])).toBe('Deleted touchpoint');
  });

  it('reads whole numbers only', () => {
    expect(readWholeNumber(' 12 ')).toBe(12);
    expect(readWholeNumber('1.5')).toBeNull();
    expect(readWholeNumber('')).toBeNull();
  });
});

describe('attribution options', () => {
  it('accepts the defaults and refuses position weights that do not add up to 1', () => {
    expect(attributionProblem(DEFAULT_ATTRIBUTION_OPTIONS)).toBeNull();
    expect(attributionProblem({ ...DEFAULT_ATTRIBUTION_OPTIONS, position: [0.5, 0.2, 0.4] })).toBe(
      'Position weights must add up to 1 (they add up to 1.1).',
    );
    expect(attributionProblem({ ...DEFAULT_ATTRIBUTION_OPTIONS, halfLifeDays: 0 })).toMatch(
      /half-life/,
    );
    expect(attributionProblem({ ...DEFAULT_ATTRIBUTION_OPTIONS, lookbackDays: 400 })).toMatch(
      /1 to 365/,
    );
  });
});

describe('candidate touchpoints', () => {
  it('names a candidate by its event, else by its page path', () => {
    expect(suggestedTouchpointName({ type: 'track', event: 'Coupon Applied', path: null })).toBe(
      'Coupon Applied',
    );
    expect(suggestedTouchpointName({ type: 'page', event: null, path: '/pricing' })).toBe(
      'Page /pricing',
    );
    expect(eventKindLabel({ type: 'page', event: null, path: '/pricing' })).toBe('page /pricing');
  });

  it('says a match rule in words', () => {
    expect(
      describeRule({
        type: 'page',
        path: '/pricing*',
        properties: [{ key: 'plan', op: 'eq', value: 'pro' }],
      }),
    ).toBe('type page, path /pricing*, plan eq pro');
  });
});
