import { describe, expect, it } from 'vitest';
import { describeIssues } from '../../../src/core/errors.ts';
import { ZSurveyCreate } from '../../../src/core/schemas/survey.ts';
import { ApiError } from '../api.ts';
import {
  addFollowUp,
  addQuestion,
  draftToBody,
  newDraft,
  type SurveyDraft,
} from './survey-draft.ts';
import { fieldErrorsOf, fieldLabel, otherErrors, validateDraft } from './validate-survey.ts';

/** The fields the server's own schema names for the same draft (its 400 without `body.`). */
const serverPaths = (d: SurveyDraft) => {
  const parsed = ZSurveyCreate.safeParse(draftToBody(d));
  return parsed.success ? [] : [...new Set(describeIssues(parsed.error.issues).map((i) => i.path))];
};

const csat = (): SurveyDraft => ({ ...newDraft('csat', 'tp_1'), name: 'How did we do?' });

describe('validateDraft', () => {
  it('finds nothing wrong with a valid survey, as the server', () => {
    const d = addFollowUp(csat());
    expect(validateDraft(d)).toEqual({});
    expect(serverPaths(d)).toEqual([]);
  });

  it('names the scale field with the server words when a csat rating is not 1–5', () => {
    const d = csat();
    d.questions[0] = { ...d.questions[0]!, max: '7' };
    expect(validateDraft(d)).toEqual({ 'questions.0.min': 'the csat rating runs from 1 to 5' });
    expect(serverPaths(d)).toEqual(['questions.0.min']);
  });

  it('agrees with the server on every cross-field rule', () => {
    const cases: Array<[string, (d: SurveyDraft) => SurveyDraft, string[]]> = [
      [
        'score not required',
        (d) => ({ ...d, questions: [{ ...d.questions[0]!, required: false }] }),
        ['questions.0.required'],
      ],
      [
        'reversed custom scale',
        (d) => ({
          ...d,
          kind: 'custom',
          questions: [{ ...d.questions[0]!, min: '5', max: '2' }],
          followUps: [],
        }),
        ['questions.0.max'],
      ],
      [
        'band outside the scale',
        (d) => ({
          ...addFollowUp(d),
          followUps: [{ ...addFollowUp(d).followUps[0]!, maxScore: '6' }],
        }),
        ['followUps.0.minScore'],
      ],
      [
        'reversed band',
        (d) => {
          const f = addFollowUp(d).followUps[0]!;
          return { ...d, followUps: [{ ...f, minScore: '3', maxScore: '2' }] };
        },
        ['followUps.0.maxScore'],
      ],
      [
        'duplicate ids across questions and follow-ups',
        (d) => {
          const f = addFollowUp(d).followUps[0]!;
          return { ...d, followUps: [{ ...f, id: 'score' }] };
        },
        ['followUps.0.id'],
      ],
      [
        'repeated choice options',
        (d) => {
          const q = addQuestion(d, 'single_choice').questions[1]!;
          return { ...d, questions: [...d.questions, { ...q, text: 'A?', options: ['x', 'x '] }] };
        },
        ['questions.1.options'],
      ],
      [
        'a follow-up without a rating',
        (d) => {
          const q = addQuestion({ ...d, kind: 'custom', questions: [] }, 'text').questions[0]!;
          const f = addFollowUp(d).followUps[0]!;
          return { ...d, kind: 'custom', questions: [{ ...q, text: 'Why?' }], followUps: [f] };
        },
        ['followUps.0'],
      ],
    ];
    for (const [what, make, paths] of cases) {
      const d = make(csat());
      expect(Object.keys(validateDraft(d)), what).toEqual(paths);
      expect(serverPaths(d), what).toEqual(paths);
    }
  });

  it('names every field problem at once, the same fields as the server', () => {
    const d = addQuestion({ ...csat(), name: ' ', repeatIntervalDays: '4000' }, 'rating');
    d.questions[1] = { ...d.questions[1]!, id: 'Bad id', text: '', min: '0', max: '11' };
    const client = Object.keys(validateDraft(d));
    expect(client).toEqual([
      'name',
      'repeatIntervalDays',
      'questions.1.id',
      'questions.1.text',
      'questions.1.max',
    ]);
    expect(serverPaths(d)).toEqual(client);
  });

  it('asks for a touchpoint and for questions', () => {
    const d = { ...newDraft('custom', ''), name: 'X' };
    expect(validateDraft(d)).toEqual({
      touchpointId: 'Choose a touchpoint.',
      questions: 'a custom survey needs questions',
    });
  });
});

describe('fieldErrorsOf', () => {
  it("maps a 400's details to the form's fields, the first problem of each", () => {
    const err = new ApiError(400, 'invalid', 'invalid body', [
      { path: 'body.questions.0.min', message: 'the csat rating runs from 1 to 5' },
      { path: 'body.questions.0.min', message: 'second' },
      { path: 'body.name', message: 'Too small' },
    ]);
    expect(fieldErrorsOf(err)).toEqual({
      'questions.0.min': 'the csat rating runs from 1 to 5',
      name: 'Too small',
    });
  });

  it('puts a 409 on the field it names, and nothing for other errors', () => {
    const err = new ApiError(
      409,
      'conflict',
      'survey srv_1 has 3 responses: its kind cannot change',
      {
        field: 'kind',
      },
    );
    expect(fieldErrorsOf(err)).toEqual({
      kind: 'survey srv_1 has 3 responses: its kind cannot change',
    });
    expect(fieldErrorsOf(new ApiError(0, 'network', 'offline'))).toEqual({});
    expect(fieldErrorsOf(new Error('x'))).toEqual({});
  });
});

describe('otherErrors', () => {
  it('lists the problems under a prefix that no shown field displays', () => {
    const errors = {
      'questions.1': 'whole question',
      'questions.1.text': 'shown',
      'questions.1.options.0': 'shown under options',
      'questions.1.weird': 'not shown',
      'questions.10.text': 'another question',
    };
    expect(otherErrors(errors, 'questions.1', ['questions.1.text', 'questions.1.options'])).toEqual(
      ['whole question', 'not shown'],
    );
  });
});

describe('fieldLabel', () => {
  it('names fields as the form shows them', () => {
    expect(fieldLabel('questions.0.min')).toBe('Question 1, scale');
    expect(fieldLabel('questions.2.options.1')).toBe('Question 3, option 2');
    expect(fieldLabel('followUps.0.maxScore')).toBe('Follow-up 1, band');
    expect(fieldLabel('followUps.1')).toBe('Follow-up 2');
    expect(fieldLabel('repeatIntervalDays')).toBe('Repeat interval');
    expect(fieldLabel('somethingNew')).toBe('somethingNew');
  });
});
