import { describe, expect, it } from 'vitest';
import { addDemoSurveys, DEMO_SURVEYS, type DemoSurveyKey } from './demo-surveys.ts';
import { generateDemoHistory } from './generate-demo-history.ts';

const END = Date.UTC(2025, 5, 1);
const surveys = Object.fromEntries(
  DEMO_SURVEYS.map((s, i) => [s.key, { surveyId: `srv_${i}`, touchpointId: `tp_${i}` }]),
) as Record<DemoSurveyKey, { surveyId: string; touchpointId: string }>;
const history = generateDemoHistory({ seed: 7, customers: 400, days: 120, end: END });
const run = () => addDemoSurveys(history, { seed: 7, end: END, surveys });

describe('demo surveys', () => {
  it('is deterministic', () => {
    expect(JSON.stringify(run())).toBe(JSON.stringify(run()));
  });

  it('gives every survey answers, comments at the after-purchase and support touchpoints', () => {
    const { records } = run();
    for (const key of Object.keys(surveys) as DemoSurveyKey[]) {
      const mine = records.filter((r) => r.key === key);
      const answered = mine.filter((r) => r.response);
      expect(answered.length, key).toBeGreaterThan(0);
      expect(answered.length, key).toBeLessThan(mine.length);
      if (key !== 'checkout-ces')
        expect(
          answered.some((r) => r.response!.comment),
          key,
        ).toBe(true);
      for (const r of answered) {
        expect(r.response!.at).toBeGreaterThanOrEqual(r.invitedAt);
        expect(r.response!.at).toBeLessThan(END);
        expect(r.response!.answers.score).toBe(r.response!.score);
      }
    }
    expect(new Set(records.map((r) => r.nonce)).size).toBe(records.length);
  });

  it('names the real survey and touchpoint in every survey event, one event per answer', () => {
    const out = run();
    const events = out.history.filter((p) => p.event === 'Survey Responded');
    expect(events.length).toBe(out.records.filter((r) => r.response).length);
    const ids = new Set(Object.values(surveys).map((s) => s.surveyId));
    for (const e of out.history.filter((p) => p.event?.startsWith('Survey '))) {
      expect(ids.has(String(e.properties.survey_id)), JSON.stringify(e)).toBe(true);
      expect(e.properties.demo).toBe(true);
    }
    const byId = new Map(out.records.filter((r) => r.response).map((r) => [r.response!.id, r]));
    for (const e of events) {
      const r = byId.get(String(e.properties.response_id))!;
      expect(e.properties.score).toBe(r.response!.score);
      expect(e.timestamp).toBe(new Date(Math.floor(r.response!.at)).toISOString());
    }
    // Sorted by time, nothing after the end.
    const times = out.history.map((p) => Date.parse(p.timestamp));
    expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);
    expect(Math.max(...times)).toBeLessThan(END);
  });
});
