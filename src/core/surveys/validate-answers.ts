import { type FieldIssue, invalid } from '../errors.ts';
import { primaryQuestion, type TAnswer, type TSurvey } from '../schemas/survey.ts';

export interface ValidAnswers {
  /** Answers by question or follow-up id, typed: ratings are numbers, choices strings. */
  answers: Record<string, TAnswer>;
  /** The primary rating, or null when the survey has none or it was skipped. */
  score: number | null;
  /** Every free-text answer (text questions and follow-ups), in survey order, joined. */
  comment: string | null;
}

const MAX_TEXT = 2000;

/**
 * Checks answers against a survey and types them. Accepts what a JSON client and what an HTML
 * form send (a rating as `4` or `"4"`, a multiple choice as one string or a list), so the hosted
 * page and the widget share it. Empty strings count as unanswered. Follow-ups are always accepted,
 * whatever the score: without JavaScript the page shows them all.
 *
 * Throws a 400 naming each bad field as `<prefix>.<question id>`.
 *
 * @example validateAnswers(csatSurvey, { score: '4', what_went_wrong: '' }).score === 4
 */
export function validateAnswers(
  survey: Pick<TSurvey, 'questions' | 'followUps'>,
  raw: Record<string, unknown>,
  prefix = 'body.answers',
): ValidAnswers {
  const issues: FieldIssue[] = [];
  const answers: Record<string, TAnswer> = {};
  const texts: string[] = [];
  const known = new Set([
    ...survey.questions.map((q) => q.id),
    ...survey.followUps.map((f) => f.id),
  ]);
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) issues.push({ path: `${prefix}.${key}`, message: 'no such question' });
  }
  const given = (id: string) => {
    const v = Object.hasOwn(raw, id) ? raw[id] : undefined;
    if (v === undefined || v === null || v === '') return undefined;
    if (Array.isArray(v) && v.length === 0) return undefined;
    return v;
  };
  const text = (id: string, v: unknown) => {
    if (typeof v !== 'string') {
      issues.push({ path: `${prefix}.${id}`, message: 'must be text' });
      return;
    }
    const trimmed = v.trim();
    if (trimmed.length > MAX_TEXT) {
      issues.push({ path: `${prefix}.${id}`, message: `at most ${MAX_TEXT} characters` });
      return;
    }
    if (trimmed) {
      answers[id] = trimmed;
      texts.push(trimmed);
    }
  };
  for (const q of survey.questions) {
    const v = given(q.id);
    const path = `${prefix}.${q.id}`;
    if (v === undefined) {
      if (q.required) issues.push({ path, message: 'an answer is required' });
      continue;
    }
    switch (q.type) {
      case 'rating': {
        const n = typeof v === 'string' && /^\d{1,2}$/.test(v.trim()) ? Number(v) : v;
        if (typeof n !== 'number' || !Number.isInteger(n) || n < q.min || n > q.max) {
          issues.push({ path, message: `must be a whole number from ${q.min} to ${q.max}` });
        } else answers[q.id] = n;
        break;
      }
      case 'single_choice':
        if (typeof v !== 'string' || !q.options.includes(v)) {
          issues.push({ path, message: `must be one of: ${q.options.join(', ')}` });
        } else answers[q.id] = v;
        break;
      case 'multiple_choice': {
        const list = typeof v === 'string' ? [v] : v;
        if (
          !Array.isArray(list) ||
          !list.every((x) => typeof x === 'string' && q.options.includes(x)) ||
          new Set(list).size !== list.length
        ) {
          issues.push({ path, message: `must be distinct options of: ${q.options.join(', ')}` });
        } else answers[q.id] = list as string[];
        break;
      }
      case 'text':
        text(q.id, v);
        break;
    }
  }
  for (const f of survey.followUps) {
    const v = given(f.id);
    if (v !== undefined) text(f.id, v);
  }
  if (issues.length > 0) {
    throw invalid(
      `invalid answers: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      issues,
    );
  }
  const primary = primaryQuestion(survey);
  const score =
    primary && typeof answers[primary.id] === 'number' ? (answers[primary.id] as number) : null;
  return { answers, score, comment: texts.length > 0 ? texts.join('\n\n') : null };
}

/** The follow-up that a score calls for, if any (the first whose band holds it). */
export function followUpFor<F extends { minScore: number; maxScore: number }>(
  followUps: readonly F[],
  score: number | null,
): F | undefined {
  if (score === null) return undefined;
  return followUps.find((f) => score >= f.minScore && score <= f.maxScore);
}
