import type {
  FollowUp,
  Survey,
  SurveyCreate,
  SurveyKind,
  SurveyPatch,
  SurveyQuestion,
} from '../types.ts';

/*
 * The survey editor's model. The server's rules live in zod schemas
 * (src/core/schemas/survey.ts); the web app ships without zod, so the values it needs are
 * repeated here and a test (survey-draft.test.ts) holds them equal to the server's.
 */

/** The kinds in the order the editor offers them. */
export const SURVEY_KINDS = [
  'csat',
  'nps',
  'ces',
  'custom',
] as const satisfies readonly SurveyKind[];

/** The scale of the primary (first rating) question of each standard kind. */
export const KIND_SCALES: Readonly<Record<Exclude<SurveyKind, 'custom'>, [number, number]>> = {
  csat: [1, 5],
  nps: [0, 10],
  ces: [1, 7],
};

export const KIND_LABELS: Record<SurveyKind, string> = {
  csat: 'CSAT (1–5)',
  nps: 'NPS (0–10)',
  ces: 'CES (1–7)',
  custom: 'Custom',
};

export const QUESTION_TYPES = ['rating', 'single_choice', 'multiple_choice', 'text'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const QUESTION_TYPE_LABELS: Record<QuestionType, string> = {
  rating: 'Rating',
  single_choice: 'Single choice',
  multiple_choice: 'Multiple choice',
  text: 'Free text',
};

/** The server's limits (ZSurvey and its parts). */
export const LIMITS = {
  name: 200,
  questions: 20,
  followUps: 10,
  text: 500,
  label: 80,
  option: 200,
  minOptions: 2,
  maxOptions: 20,
  scaleMin: 0,
  scaleMax: 10,
  repeatIntervalDays: 3650,
  thankYou: 500,
  fatigueDays: 365,
} as const;

/** Question and follow-up ids: they name the answers. */
export const ID_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;

/**
 * A question as the form holds it: every field present whatever the type (switching the type
 * back keeps what was typed), numbers as the text of their inputs, and a `key` for React that
 * survives reordering.
 */
export interface QuestionDraft {
  key: string;
  id: string;
  type: QuestionType;
  text: string;
  required: boolean;
  min: string;
  max: string;
  minLabel: string;
  maxLabel: string;
  options: string[];
}

export interface FollowUpDraft {
  key: string;
  id: string;
  minScore: string;
  maxScore: string;
  text: string;
}

export interface SurveyDraft {
  touchpointId: string;
  name: string;
  kind: SurveyKind;
  questions: QuestionDraft[];
  followUps: FollowUpDraft[];
  active: boolean;
  repeatIntervalDays: string;
  thankYou: string;
}

let counter = 0;
const nextKey = () => {
  counter += 1;
  return `k${counter}`;
};

const blankQuestion = (id: string, type: QuestionType): QuestionDraft => ({
  key: nextKey(),
  id,
  type,
  text: '',
  required: false,
  min: '1',
  max: '5',
  minLabel: '',
  maxLabel: '',
  options: ['', ''],
});

function questionDraft(q: SurveyQuestion): QuestionDraft {
  const base = blankQuestion(q.id, q.type);
  base.text = q.text;
  base.required = q.required;
  if (q.type === 'rating') {
    base.min = String(q.min);
    base.max = String(q.max);
    base.minLabel = q.minLabel;
    base.maxLabel = q.maxLabel;
  } else if (q.type !== 'text') {
    base.options = [...q.options];
  }
  return base;
}

const followUpDraft = (f: FollowUp): FollowUpDraft => ({
  key: nextKey(),
  id: f.id,
  minScore: String(f.minScore),
  maxScore: String(f.maxScore),
  text: f.text,
});

/** The standard first question of each kind, as the server adds it (`defaultQuestions`). */
export function standardQuestion(kind: Exclude<SurveyKind, 'custom'>): SurveyQuestion {
  const [min, max] = KIND_SCALES[kind];
  const words = {
    csat: ['How satisfied are you?', 'Very dissatisfied', 'Very satisfied'],
    nps: [
      'How likely are you to recommend us to a friend or colleague?',
      'Not at all likely',
      'Extremely likely',
    ],
    ces: ['It was easy to get what I needed.', 'Strongly disagree', 'Strongly agree'],
  }[kind];
  return {
    id: 'score',
    type: 'rating',
    text: words[0]!,
    required: true,
    min,
    max,
    minLabel: words[1]!,
    maxLabel: words[2]!,
  };
}

/** The follow-up suggested for the unhappy end of each standard scale. */
export function suggestedFollowUp(kind: SurveyKind, taken: Iterable<string>): FollowUpDraft {
  const band: Record<SurveyKind, [number, number, string]> = {
    csat: [1, 3, 'What went wrong?'],
    nps: [0, 6, 'What could we do better?'],
    ces: [1, 3, 'What made it hard?'],
    custom: [1, 2, 'What went wrong?'],
  };
  const [minScore, maxScore, text] = band[kind];
  return {
    key: nextKey(),
    id: freeId('follow_up', taken),
    minScore: String(minScore),
    maxScore: String(maxScore),
    text,
  };
}

/** `prefix_1`, `prefix_2`…: the first that is not taken. */
export function freeId(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let n = 1; ; n++) {
    const id = `${prefix}_${n}`;
    if (!used.has(id)) return id;
  }
}

/** Every id the draft uses, questions and follow-ups (they share one namespace). */
export const draftIds = (d: Pick<SurveyDraft, 'questions' | 'followUps'>) => [
  ...d.questions.map((q) => q.id),
  ...d.followUps.map((f) => f.id),
];

/** A new survey: the kind's standard question, no follow-up, active, asked again after 90 days. */
export function newDraft(kind: SurveyKind = 'csat', touchpointId = ''): SurveyDraft {
  return {
    touchpointId,
    name: '',
    kind,
    questions: kind === 'custom' ? [] : [questionDraft(standardQuestion(kind))],
    followUps: [],
    active: true,
    repeatIntervalDays: '90',
    thankYou: 'Thank you for your feedback!',
  };
}

export function toDraft(s: Survey): SurveyDraft {
  return {
    touchpointId: s.touchpointId,
    name: s.name,
    kind: s.kind,
    questions: s.questions.map(questionDraft),
    followUps: s.followUps.map(followUpDraft),
    active: s.active,
    repeatIntervalDays: String(s.repeatIntervalDays),
    thankYou: s.thankYou,
  };
}

/** A new question of the given type, with an id no other question or follow-up has. */
export function addQuestion(d: SurveyDraft, type: QuestionType = 'text'): SurveyDraft {
  const q = blankQuestion(freeId('question', draftIds(d)), type);
  return { ...d, questions: [...d.questions, q] };
}

export function addFollowUp(d: SurveyDraft): SurveyDraft {
  return { ...d, followUps: [...d.followUps, suggestedFollowUp(d.kind, draftIds(d))] };
}

/** The list with the item at `from` moved to `to` (both clamped to the list). */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const out = [...list];
  if (from < 0 || from >= out.length) return out;
  const [item] = out.splice(from, 1);
  out.splice(Math.max(0, Math.min(to, out.length)), 0, item!);
  return out;
}

const primaryIndex = (questions: readonly { type: string }[]) =>
  questions.findIndex((q) => q.type === 'rating');

/**
 * Switches the kind. A standard kind needs its first rating question on its scale and required,
 * so that question is set to it (or the kind's standard question is put first when there is no
 * rating); an untouched standard question is replaced by the new kind's, words and all.
 */
export function changeKind(d: SurveyDraft, kind: SurveyKind): SurveyDraft {
  if (kind === d.kind) return d;
  if (kind === 'custom') return { ...d, kind };
  const standard = questionDraft(standardQuestion(kind));
  const at = primaryIndex(d.questions);
  if (at < 0) {
    const id = draftIds(d).includes('score') ? freeId('score', draftIds(d)) : 'score';
    return { ...d, kind, questions: [{ ...standard, id }, ...d.questions] };
  }
  const current = d.questions[at]!;
  const untouched =
    d.kind !== 'custom' && sameQuestion(current, questionDraft(standardQuestion(d.kind)));
  const next: QuestionDraft = untouched
    ? { ...standard, key: current.key }
    : {
        ...current,
        required: true,
        min: String(KIND_SCALES[kind][0]),
        max: String(KIND_SCALES[kind][1]),
      };
  return { ...d, kind, questions: d.questions.map((q, i) => (i === at ? next : q)) };
}

const sameQuestion = (a: QuestionDraft, b: QuestionDraft) =>
  JSON.stringify({ ...a, key: '' }) === JSON.stringify({ ...b, key: '' });

/** A whole number from an input's text; NaN for anything else (blank included). */
export function wholeNumber(text: string): number {
  const t = text.trim();
  return /^-?\d+$/.test(t) ? Number(t) : Number.NaN;
}

function questionBody(q: QuestionDraft): SurveyQuestion {
  const base = { id: q.id.trim(), text: q.text.trim(), required: q.required };
  switch (q.type) {
    case 'rating':
      return {
        ...base,
        type: 'rating',
        min: wholeNumber(q.min),
        max: wholeNumber(q.max),
        minLabel: q.minLabel.trim(),
        maxLabel: q.maxLabel.trim(),
      };
    case 'single_choice':
    case 'multiple_choice':
      return { ...base, type: q.type, options: q.options.map((o) => o.trim()) };
    case 'text':
      return { ...base, type: 'text' };
  }
}

/** What `POST /api/surveys` takes (questions always sent: the form shows them). */
export function draftToBody(d: SurveyDraft): SurveyCreate {
  return {
    touchpointId: d.touchpointId,
    name: d.name.trim(),
    kind: d.kind,
    questions: d.questions.map(questionBody),
    followUps: d.followUps.map((f) => ({
      id: f.id.trim(),
      minScore: wholeNumber(f.minScore),
      maxScore: wholeNumber(f.maxScore),
      text: f.text.trim(),
    })),
    active: d.active,
    repeatIntervalDays: wholeNumber(d.repeatIntervalDays),
    thankYou: d.thankYou.trim(),
  };
}

/** The fields that changed, for `PATCH /api/surveys/:id` (the touchpoint cannot change). */
export function draftPatch(initial: SurveyDraft, d: SurveyDraft): SurveyPatch {
  const a = draftToBody(initial);
  const b = draftToBody(d);
  const patch: Record<string, unknown> = {};
  for (const k of [
    'name',
    'kind',
    'questions',
    'followUps',
    'active',
    'repeatIntervalDays',
    'thankYou',
  ] as const) {
    if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) patch[k] = b[k];
  }
  return patch as SurveyPatch;
}

/** Whether the form differs from what it started from (React keys aside). */
export function draftChanged(initial: SurveyDraft, d: SurveyDraft): boolean {
  return JSON.stringify(draftToBody(initial)) !== JSON.stringify(draftToBody(d));
}
