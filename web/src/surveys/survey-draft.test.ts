import { describe, expect, it } from 'vitest';
import {
  defaultQuestions,
  SURVEY_KINDS as SERVER_KINDS,
  KIND_SCALES as SERVER_SCALES,
  ZSurveyCreate,
} from '../../../src/core/schemas/survey.ts';
import {
  addFollowUp,
  addQuestion,
  changeKind,
  draftChanged,
  draftPatch,
  draftToBody,
  freeId,
  KIND_SCALES,
  moveItem,
  newDraft,
  SURVEY_KINDS,
  standardQuestion,
  toDraft,
} from './survey-draft.ts';

describe('the web copy of the server rules', () => {
  it('has the same kinds and scales as the server', () => {
    expect([...SURVEY_KINDS].sort()).toEqual([...SERVER_KINDS].sort());
    expect(KIND_SCALES).toEqual(SERVER_SCALES);
  });

  it('starts csat, nps and ces surveys with the standard question the server would add', () => {
    for (const kind of ['csat', 'nps', 'ces'] as const) {
      expect([standardQuestion(kind)]).toEqual(defaultQuestions(kind));
      const body = draftToBody({ ...newDraft(kind, 'tp_1'), name: 'S' });
      expect(body.questions).toEqual(defaultQuestions(kind));
    }
  });
});

describe('draftToBody', () => {
  it('makes a body the server accepts, trimmed, with numbers from the inputs', () => {
    let d = { ...newDraft('csat', 'tp_1'), name: '  After delivery ' };
    d = addQuestion(d, 'single_choice');
    d.questions[1] = {
      ...d.questions[1]!,
      text: ' About? ',
      options: [' Delivery', 'Price '],
    };
    d = addFollowUp(d);
    const body = draftToBody({ ...d, repeatIntervalDays: ' 30 ' });
    expect(body).toEqual({
      touchpointId: 'tp_1',
      name: 'After delivery',
      kind: 'csat',
      questions: [
        defaultQuestions('csat')[0],
        {
          id: 'question_1',
          type: 'single_choice',
          text: 'About?',
          required: false,
          options: ['Delivery', 'Price'],
        },
      ],
      followUps: [{ id: 'follow_up_1', minScore: 1, maxScore: 3, text: 'What went wrong?' }],
      active: true,
      repeatIntervalDays: 30,
      thankYou: 'Thank you for your feedback!',
    });
    expect(ZSurveyCreate.safeParse(body).success).toBe(true);
  });

  it('round-trips a stored survey through the form unchanged', () => {
    const stored = {
      id: 'srv_1',
      journeyId: 'jny_1',
      touchpointId: 'tp_1',
      name: 'Quick question',
      kind: 'nps' as const,
      active: false,
      repeatIntervalDays: 7,
      thankYou: 'Thanks',
      questions: [
        ...defaultQuestions('nps'),
        { id: 'why', type: 'text' as const, text: 'Why?', required: false },
      ],
      followUps: [{ id: 'better', minScore: 0, maxScore: 6, text: 'What could we do better?' }],
      createdAt: '2025-06-01T00:00:00.000Z',
      updatedAt: '2025-06-01T00:00:00.000Z',
    };
    const { id, journeyId, createdAt, updatedAt, ...fields } = stored;
    expect(draftToBody(toDraft(stored))).toEqual(fields);
    expect(draftChanged(toDraft(stored), toDraft(stored))).toBe(false);
  });
});

describe('draftPatch', () => {
  it('sends only the fields that changed', () => {
    const initial = { ...newDraft('csat', 'tp_1'), name: 'A' };
    const next = { ...initial, name: 'B', active: false };
    expect(draftPatch(initial, next)).toEqual({ name: 'B', active: false });
    expect(draftPatch(initial, initial)).toEqual({});
  });
});

describe('changeKind', () => {
  it("replaces an untouched standard question by the new kind's", () => {
    const d = changeKind(newDraft('csat', 'tp_1'), 'nps');
    expect(draftToBody(d).questions).toEqual(defaultQuestions('nps'));
  });

  it('keeps edited words but moves the score to the new scale and makes it required', () => {
    const d = newDraft('csat', 'tp_1');
    d.questions[0] = { ...d.questions[0]!, text: 'Rate the delivery', required: false };
    const q = draftToBody(changeKind(d, 'ces')).questions![0];
    expect(q).toMatchObject({ text: 'Rate the delivery', min: 1, max: 7, required: true });
  });

  it('puts the standard question first when a custom survey has no rating', () => {
    let d = addQuestion(newDraft('custom', 'tp_1'), 'text');
    d = changeKind(d, 'csat');
    expect(draftToBody(d).questions!.map((q) => q.id)).toEqual(['score', 'question_1']);
  });

  it('leaves the questions alone when switching to custom', () => {
    const d = newDraft('nps', 'tp_1');
    expect(changeKind(d, 'custom').questions).toBe(d.questions);
  });
});

describe('moveItem and freeId', () => {
  it('moves an item up or down and ignores moves from outside the list', () => {
    expect(moveItem(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b'], 5, 0)).toEqual(['a', 'b']);
  });

  it('finds the first free numbered id', () => {
    expect(freeId('question', ['question_1', 'question_3'])).toBe('question_2');
    expect(freeId('q', [])).toBe('q_1');
  });
});
