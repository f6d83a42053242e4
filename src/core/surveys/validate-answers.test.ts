import { describe, expect, it } from 'vitest';
import { defaultQuestions } from '../schemas/survey.ts';
import { followUpFor, validateAnswers } from './validate-answers.ts';

const survey = {
  questions: [
    ...defaultQuestions('nps'),
    {
      id: 'topics',
      type: 'multiple_choice' as const,
      text: 'What was it about?',
      required: false,
      options: ['Delivery', 'Price', 'Quality'],
    },
    {
      id: 'channel',
      type: 'single_choice' as const,
      text: 'How did you order?',
      required: false,
      options: ['Web', 'App'],
    },
    { id: 'other', type: 'text' as const, text: 'Anything else?', required: false },
  ],
  followUps: [
    { id: 'wrong', minScore: 0, maxScore: 6, text: 'What went wrong?' },
    { id: 'best', minScore: 9, maxScore: 10, text: 'What did you like?' },
  ],
};

describe('answers', () => {
  it('types form strings: the rating becomes the score, texts become the comment', () => {
    const out = validateAnswers(
      survey,
      { score: '3', topics: 'Delivery', channel: 'App', other: '  late  ', wrong: 'It broke' },
      'form',
    );
    expect(out).toEqual({
      answers: { score: 3, topics: ['Delivery'], channel: 'App', other: 'late', wrong: 'It broke' },
      score: 3,
      comment: 'late\n\nIt broke',
    });
  });

  it('names every bad field with its prefix', () => {
    try {
      validateAnswers(survey, { score: 11, topics: ['Delivery', 'Nope'], mystery: 'x' });
      expect.unreachable();
    } catch (err) {
      const details = (err as { details: Array<{ path: string }> }).details.map((d) => d.path);
      expect(details.sort()).toEqual([
        'body.answers.mystery',
        'body.answers.score',
        'body.answers.topics',
      ]);
      expect((err as { status: number }).status).toBe(400);
    }
  });

  it('requires the score and treats empty strings as unanswered', () => {
    expect(() => validateAnswers(survey, { score: '', other: '' })).toThrow(/required/);
    expect(validateAnswers(survey, { score: 10, other: '' })).toEqual({
      answers: { score: 10 },
      score: 10,
      comment: null,
    });
  });

  it('finds the follow-up whose band holds the score', () => {
    expect(followUpFor(survey.followUps, 4)?.id).toBe('wrong');
    expect(followUpFor(survey.followUps, 8)).toBeUndefined();
    expect(followUpFor(survey.followUps, 10)?.id).toBe('best');
    expect(followUpFor(survey.followUps, null)).toBeUndefined();
  });
});
