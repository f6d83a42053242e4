import { describe, expect, it } from 'vitest';
import { DEMO_CONTACT_REASON_EXAMPLES } from '../demo/contact-reason-examples.ts';
import { PROBLEM_MESSAGES } from '../demo/demo-data.ts';
import {
  classifyContactReason,
  examplesFromCsv,
  loadContactReasonModel,
  trainContactReasons,
} from './contact-reason-model.ts';

const rows = (...lines: string[][]) => lines.map((cells, i) => ({ line: i + 1, cells }));

describe('examplesFromCsv', () => {
  it('reads the named columns, trimmed', () => {
    expect(
      examplesFromCsv(
        rows(['id', 'message', 'why'], ['1', ' Hi there ', 'greeting']),
        { text: 'message', reason: 'why' },
        'body.csv',
      ),
    ).toEqual([{ text: 'Hi there', reason: 'greeting' }]);
  });
  it('names the missing column, the line of an empty cell and of a malformed row', () => {
    const cols = { text: 'text', reason: 'reason' };
    expect(() => examplesFromCsv(rows(['text', 'label']), cols, 'body.csv')).toThrow(
      'the CSV has no column "reason"; its columns: text, label',
    );
    expect(() =>
      examplesFromCsv(rows(['text', 'reason'], ['a', 'x'], ['', 'y']), cols, 'body.csv'),
    ).toThrow('CSV line 3: column "text" is empty');
    expect(() =>
      examplesFromCsv(
        [
          { line: 1, cells: ['text', 'reason'] },
          { line: 2, cells: ['a'], error: 'quote never closed' },
        ],
        cols,
        'body.csv',
      ),
    ).toThrow('CSV line 2: quote never closed');
    expect(() => examplesFromCsv([], cols, 'body.csv')).toThrow('the CSV is empty');
  });
});

describe('trainContactReasons', () => {
  it('needs two reasons, one of them with two examples, and keeps "unclassified" for itself', () => {
    expect(() =>
      trainContactReasons([
        { text: 'a', reason: 'x' },
        { text: 'b', reason: 'x' },
      ]),
    ).toThrow('at least two reasons');
    expect(() =>
      trainContactReasons([
        { text: 'a', reason: 'x' },
        { text: 'b', reason: 'y' },
      ]),
    ).toThrow('two examples');
    expect(() =>
      trainContactReasons([
        { text: 'a', reason: 'x' },
        { text: 'b', reason: 'x' },
        { text: 'c', reason: 'unclassified' },
      ]),
    ).toThrow('"unclassified" is kept');
  });

  it("labels the demo's support messages with the demo's reasons", () => {
    const { file, info } = trainContactReasons(DEMO_CONTACT_REASON_EXAMPLES);
    expect(info).toMatchObject({
      examples: 100,
      minConfidence: 0.4,
      holdout: { rows: 20, accuracy: 0.85 },
    });
    const model = loadContactReasonModel(JSON.parse(JSON.stringify(file)));
    const expected: Record<string, string> = {
      'delivery-delay': 'late delivery',
      'password-reset': 'password reset',
      refund: 'refund status',
      'checkout-payment': 'failed payment',
      'billing-charge': 'billing problem',
      'damaged-item': 'damaged item',
      'discount-code': 'discount code',
    };
    let right = 0;
    let total = 0;
    for (const [kind, pools] of Object.entries(PROBLEM_MESSAGES)) {
      for (const text of pools.first) {
        total++;
        const filled = text.replaceAll('{order}', 'A-1042').replaceAll('{product}', 'jacket');
        if (classifyContactReason(model, filled, 0).predicted === expected[kind]) right++;
      }
    }
    // Their first messages, written apart from the examples: 16 of 17 right (a failed pay-later
    // payment reads as a failed payment rather than a billing problem).
    expect([right, total]).toEqual([16, 17]);
  });

  it('counts a prediction below the confidence threshold as unclassified', () => {
    const model = loadContactReasonModel(trainContactReasons(DEMO_CONTACT_REASON_EXAMPLES).file);
    const r = classifyContactReason(model, 'Ok, thanks. Please keep me posted.', 0.4);
    expect(r.reason).toBe('unclassified');
    expect(r.confidence).toBeLessThan(0.4);
    expect(classifyContactReason(model, 'Ok, thanks. Please keep me posted.', 0).reason).toBe(
      r.predicted,
    );
  });
});
