import { describe, expect, it } from 'vitest';
import { defaultQuestions } from '../../../src/core/schemas/survey.ts';
import { ApiError } from '../api.ts';
import { describeAnswers, refusalOf, widgetSnippet } from './delivery.ts';
import {
  editSurveyPath,
  newSurveyPath,
  readListFilters,
  readSurveyTab,
  surveyPath,
  surveyRouteOf,
  surveysPath,
} from './paths.ts';

describe('widgetSnippet', () => {
  it('writes the script tag with the key and the survey, attributes escaped', () => {
    expect(widgetSnippet('https://waymark.example.com', 'wk_123', 'srv_1')).toBe(
      '<script src="https://waymark.example.com/widget.js" data-write-key="wk_123" data-survey="srv_1" async></script>',
    );
    expect(widgetSnippet('http://x', 'a"b&c', 's')).toContain('data-write-key="a&quot;b&amp;c"');
  });
});

describe('refusalOf', () => {
  it('reads a fatigue refusal with its dates and the window they span', () => {
    const err = new ApiError(409, 'fatigue', 'the customer was surveyed on 2025-06-10…', {
      field: 'customerId',
      eligible: false,
      reason: 'fatigue',
      lastContactAt: '2025-06-10T08:00:00.000Z',
      nextEligibleAt: '2025-07-10T08:00:00.000Z',
    });
    expect(refusalOf(err)).toEqual({
      reason: 'fatigue',
      lastContactAt: '2025-06-10T08:00:00.000Z',
      nextEligibleAt: '2025-07-10T08:00:00.000Z',
      days: 30,
      message: 'the customer was surveyed on 2025-06-10…',
    });
    const repeat = new ApiError(409, 'repeat_interval', 'the customer had this survey…', {
      lastContactAt: '2025-01-01T00:00:00.000Z',
      nextEligibleAt: '2025-04-01T00:00:00.000Z',
    });
    expect(refusalOf(repeat)).toMatchObject({ reason: 'repeat_interval', days: 90 });
  });

  it('reads a switched-off survey, and ignores other errors', () => {
    const off = new ApiError(409, 'conflict', 'survey srv_1 is not active', {
      field: 'active',
      reason: 'inactive',
    });
    expect(refusalOf(off)?.reason).toBe('inactive');
    expect(refusalOf(new ApiError(409, 'conflict', 'other'))).toBeNull();
    expect(refusalOf(new ApiError(404, 'not_found', 'customer x not found'))).toBeNull();
  });
});

describe('describeAnswers', () => {
  it("lists answers in the survey's order with their questions, keeping unknown ones", () => {
    const survey = {
      questions: [
        ...defaultQuestions('csat'),
        {
          id: 'topics',
          type: 'multiple_choice' as const,
          text: 'About?',
          required: false,
          options: ['Delivery', 'Price'],
        },
      ],
      followUps: [{ id: 'what_went_wrong', minScore: 1, maxScore: 3, text: 'What went wrong?' }],
    };
    expect(
      describeAnswers(survey, {
        what_went_wrong: 'Late',
        old: 'gone',
        topics: ['Delivery', 'Price'],
        score: 2,
      }),
    ).toEqual([
      { id: 'score', question: 'How satisfied are you?', answer: '2' },
      { id: 'topics', question: 'About?', answer: 'Delivery, Price' },
      { id: 'what_went_wrong', question: 'What went wrong?', answer: 'Late' },
      { id: 'old', question: 'old', answer: 'gone' },
    ]);
  });
});

describe('survey paths', () => {
  it('reads the list, the new survey, a survey and its editor from the path', () => {
    expect(surveyRouteOf('/surveys')).toEqual({ kind: 'list' });
    expect(surveyRouteOf('/surveys/')).toEqual({ kind: 'list' });
    expect(surveyRouteOf('/surveys/new')).toEqual({ kind: 'new' });
    expect(surveyRouteOf('/surveys/srv_1')).toEqual({ kind: 'survey', surveyId: 'srv_1' });
    expect(surveyRouteOf('/surveys/srv_1/edit/')).toEqual({ kind: 'edit', surveyId: 'srv_1' });
    expect(surveyRouteOf('/surveys/%E0%A4%A')).toBeUndefined();
    expect(surveyRouteOf('/surveys/a/b')).toBeUndefined();
    expect(surveyRouteOf('/tasks')).toBeUndefined();
  });

  it('writes addresses that read back the same', () => {
    const f = { journeyId: 'jny_1', touchpointId: '', from: '2025-06-01', to: '2025-06-30' };
    const url = new URL(surveysPath(f), 'http://x');
    expect(url.pathname + url.search).toBe('/surveys?journey=jny_1&from=2025-06-01&to=2025-06-30');
    expect(readListFilters(url.searchParams)).toEqual(f);
    expect(readListFilters(new URLSearchParams('from=June'))).toMatchObject({ from: '' });
    expect(newSurveyPath({ touchpointId: 'tp_1', journeyId: 'j' })).toBe(
      '/surveys/new?journey=j&touchpoint=tp_1',
    );
    expect(surveyPath('srv 1')).toBe('/surveys/srv%201');
    expect(surveyPath('srv_1', 'delivery')).toBe('/surveys/srv_1?tab=delivery');
    expect(surveyPath('srv_1', 'responses')).toBe('/surveys/srv_1');
    expect(editSurveyPath('srv_1')).toBe('/surveys/srv_1/edit');
    expect(readSurveyTab(new URLSearchParams('tab=scores'))).toBe('scores');
    expect(readSurveyTab(new URLSearchParams('tab=nope'))).toBe('responses');
  });
});
