import { describe, expect, it } from 'vitest';
import { measureEmotion, summarizeCsat } from './measure-emotion.ts';
import { summarizeSentiment } from './sentiment-summary.ts';

describe('summarizeCsat', () => {
  it('gives the % rated 4 or 5 and the mean rating', () => {
    // 2 of 3 satisfied; (5 + 5 + 2) / 3 = 4.
    expect(summarizeCsat({ 5: 2, 2: 1 })).toEqual({ csat: (100 * 2) / 3, mean: 4, responses: 3 });
  });
  it('has neither without responses', () => {
    expect(summarizeCsat({})).toEqual({ csat: null, mean: null, responses: 0 });
  });
});

describe('summarizeSentiment', () => {
  it('averages the scores and labels the mean with the scorer’s neutral band', () => {
    expect(summarizeSentiment({ n: 2, sum: 0.5, positive: 1, neutral: 1, negative: 0 })).toEqual({
      average: 0.25,
      label: 'positive',
      n: 2,
      labels: { positive: 1, neutral: 1, negative: 0 },
    });
    expect(
      summarizeSentiment({ n: 4, sum: -0.1, positive: 0, neutral: 4, negative: 0 }).label,
    ).toBe('neutral');
    expect(summarizeSentiment({ n: 0, sum: 0, positive: 0, neutral: 0, negative: 0 }).average).toBe(
      null,
    );
  });
});

describe('measureEmotion', () => {
  it('puts sentiment (x2) and the mean CSAT (-3) on the -2..+2 scale and averages them', () => {
    expect(measureEmotion({ average: 0.25, n: 4 }, { mean: 4, responses: 2 })).toEqual({
      value: 0.75,
      n: 6,
      fromSentiment: 0.5,
      fromCsat: 1,
      sentimentN: 4,
      csatN: 2,
    });
  });
  it('weighs the two sources equally, however many texts there are', () => {
    // 500 texts at -0.5 (-1) and 5 ratings of 5 (+2): (-1 + 2) / 2, not pooled per response.
    expect(measureEmotion({ average: -0.5, n: 500 }, { mean: 5, responses: 5 })?.value).toBe(0.5);
  });
  it('uses the one source that has data, and gives nothing without any', () => {
    expect(measureEmotion({ average: -0.4, n: 3 }, { mean: null, responses: 0 })?.value).toBe(-0.8);
    expect(measureEmotion(null, { mean: 1, responses: 1 })?.value).toBe(-2);
    expect(measureEmotion({ average: null, n: 0 }, null)).toBeNull();
  });
});
