import { ApiError } from '../api.ts';
import {
  ID_PATTERN,
  KIND_SCALES,
  LIMITS,
  type QuestionDraft,
  type SurveyDraft,
  wholeNumber,
} from './survey-draft.ts';

/**
 * Problems by field, named as the server names them without its `body.` prefix:
 * `name`, `questions.0.max`, `followUps.1.minScore`. The form shows each one next to its field,
 * whether the browser found it first or the server's 400 did.
 */
export type FieldErrors = Record<string, string>;

const issue = (errors: FieldErrors, path: string, message: string) => {
  // The first problem of a field is the one to fix first.
  if (!(path in errors)) errors[path] = message;
};

function checkText(
  errors: FieldErrors,
  path: string,
  text: string,
  max: number,
  required: boolean,
  what = 'this',
) {
  const t = text.trim();
  if (required && t === '') issue(errors, path, `Write ${what}.`);
  else if (t.length > max) issue(errors, path, `At most ${max} characters.`);
}

function checkWhole(errors: FieldErrors, path: string, text: string, min: number, max: number) {
  const n = wholeNumber(text);
  if (Number.isNaN(n)) issue(errors, path, 'A whole number is needed.');
  else if (n < min || n > max) issue(errors, path, `Between ${min} and ${max}.`);
}

function checkId(errors: FieldErrors, path: string, id: string) {
  if (!ID_PATTERN.test(id.trim())) {
    issue(errors, path, 'must be a slug: a-z, 0-9 and _, starting with a letter');
  }
}

function checkQuestion(errors: FieldErrors, q: QuestionDraft, i: number) {
  const at = `questions.${i}`;
  checkId(errors, `${at}.id`, q.id);
  checkText(errors, `${at}.text`, q.text, LIMITS.text, true, 'the question');
  if (q.type === 'rating') {
    checkWhole(errors, `${at}.min`, q.min, LIMITS.scaleMin, LIMITS.scaleMax);
    checkWhole(errors, `${at}.max`, q.max, 1, LIMITS.scaleMax);
    checkText(errors, `${at}.minLabel`, q.minLabel, LIMITS.label, false);
    checkText(errors, `${at}.maxLabel`, q.maxLabel, LIMITS.label, false);
    const min = wholeNumber(q.min);
    const max = wholeNumber(q.max);
    if (min >= max) issue(errors, `${at}.max`, 'must exceed min');
  } else if (q.type !== 'text') {
    if (q.options.length < LIMITS.minOptions || q.options.length > LIMITS.maxOptions) {
      issue(errors, `${at}.options`, `Give ${LIMITS.minOptions} to ${LIMITS.maxOptions} options.`);
    }
    q.options.forEach((o, k) => {
      checkText(errors, `${at}.options.${k}`, o, LIMITS.option, true, 'the option');
    });
    const trimmed = q.options.map((o) => o.trim());
    if (new Set(trimmed).size !== trimmed.length) {
      issue(errors, `${at}.options`, 'options must be unique');
    }
  }
}

/**
 * The server's rules for a survey (the fields of `ZSurvey` and `checkSurveyShape`), checked
 * before sending so that most mistakes are pointed out without a round trip. The cross-field
 * messages are the server's own words.
 *
 * @example validateDraft({ ...csat, questions: [{ ...score, max: '7' }] })
 * // { 'questions.0.min': 'the csat rating runs from 1 to 5' }
 */
export function validateDraft(d: SurveyDraft): FieldErrors {
  const errors: FieldErrors = {};
  if (!d.touchpointId) issue(errors, 'touchpointId', 'Choose a touchpoint.');
  checkText(errors, 'name', d.name, LIMITS.name, true, 'a name');
  if (d.questions.length === 0) {
    issue(
      errors,
      'questions',
      d.kind === 'custom'
        ? 'a custom survey needs questions'
        : `a ${d.kind} survey needs a rating question`,
    );
  }
  if (d.questions.length > LIMITS.questions) {
    issue(errors, 'questions', `At most ${LIMITS.questions} questions.`);
  }
  if (d.followUps.length > LIMITS.followUps) {
    issue(errors, 'followUps', `At most ${LIMITS.followUps} follow-ups.`);
  }
  checkWhole(errors, 'repeatIntervalDays', d.repeatIntervalDays, 0, LIMITS.repeatIntervalDays);
  checkText(errors, 'thankYou', d.thankYou, LIMITS.thankYou, false);

  const ids = new Set<string>();
  d.questions.forEach((q, i) => {
    checkQuestion(errors, q, i);
    const id = q.id.trim();
    if (ids.has(id)) issue(errors, `questions.${i}.id`, `duplicate question id ${id}`);
    ids.add(id);
  });

  const at = d.questions.findIndex((q) => q.type === 'rating');
  const primary = at >= 0 ? d.questions[at]! : undefined;
  const pMin = primary ? wholeNumber(primary.min) : Number.NaN;
  const pMax = primary ? wholeNumber(primary.max) : Number.NaN;
  if (d.kind !== 'custom' && d.questions.length > 0) {
    const [min, max] = KIND_SCALES[d.kind];
    if (!primary)
      issue(errors, 'questions', `a ${d.kind} survey needs a rating question ${min}–${max}`);
    else if (pMin !== min || pMax !== max) {
      issue(errors, `questions.${at}.min`, `the ${d.kind} rating runs from ${min} to ${max}`);
    } else if (!primary.required) {
      issue(errors, `questions.${at}.required`, 'the score must be required');
    }
  }

  d.followUps.forEach((f, i) => {
    const fa = `followUps.${i}`;
    checkId(errors, `${fa}.id`, f.id);
    checkWhole(errors, `${fa}.minScore`, f.minScore, LIMITS.scaleMin, LIMITS.scaleMax);
    checkWhole(errors, `${fa}.maxScore`, f.maxScore, LIMITS.scaleMin, LIMITS.scaleMax);
    checkText(errors, `${fa}.text`, f.text, LIMITS.text, true, 'the question');
    const id = f.id.trim();
    if (ids.has(id)) issue(errors, `${fa}.id`, `duplicate id ${id}`);
    ids.add(id);
    const lo = wholeNumber(f.minScore);
    const hi = wholeNumber(f.maxScore);
    if (Number.isNaN(lo) || Number.isNaN(hi)) return;
    if (!primary) issue(errors, fa, 'follow-ups need a rating question to follow');
    else if (lo > hi) issue(errors, `${fa}.maxScore`, 'must be ≥ minScore');
    else if (!Number.isNaN(pMin) && !Number.isNaN(pMax) && (lo < pMin || hi > pMax)) {
      issue(errors, `${fa}.minScore`, `the band must lie within ${pMin}–${pMax}`);
    }
  });
  return errors;
}

/**
 * The field problems of a failed save: a 400's `details` (`body.questions.0.min` becomes
 * `questions.0.min`), or a 409 that names its field (a kind that can no longer change). Other
 * errors have no field: the form shows them above its buttons.
 */
export function fieldErrorsOf(error: unknown): FieldErrors {
  const errors: FieldErrors = {};
  if (!(error instanceof ApiError)) return errors;
  for (const f of error.fieldErrors) {
    issue(errors, f.path.replace(/^body\.?/, '') || 'body', f.message);
  }
  const details = error.details as { field?: unknown } | undefined;
  if (error.status === 409 && typeof details?.field === 'string') {
    issue(errors, details.field, error.message);
  }
  return errors;
}

/**
 * The problems under `prefix` that no field in `shown` displays (e.g. `questions.2` itself, or a
 * path the form has no field for), so that none goes unseen.
 */
export function otherErrors(errors: FieldErrors, prefix: string, shown: readonly string[]) {
  return Object.entries(errors)
    .filter(
      ([path]) =>
        (path === prefix || path.startsWith(`${prefix}.`)) &&
        !shown.some((s) => path === s || path.startsWith(`${s}.`)),
    )
    .map(([, message]) => message);
}

const TOP_LABELS: Record<string, string> = {
  touchpointId: 'Touchpoint',
  name: 'Name',
  kind: 'Kind',
  questions: 'Questions',
  followUps: 'Follow-ups',
  active: 'Active',
  repeatIntervalDays: 'Repeat interval',
  thankYou: 'Thank-you message',
  body: 'The survey',
};

const PART_LABELS: Record<string, string> = {
  id: 'answer id',
  type: 'type',
  text: 'words',
  required: 'required',
  min: 'scale',
  max: 'scale',
  minLabel: 'label of the lowest',
  maxLabel: 'label of the highest',
  options: 'options',
  minScore: 'band',
  maxScore: 'band',
};

/**
 * A field's name as the form shows it, for the summary of problems.
 *
 * @example fieldLabel('questions.0.min') // 'Question 1, scale'
 */
export function fieldLabel(path: string): string {
  const [top, index, part, sub] = path.split('.');
  if ((top === 'questions' || top === 'followUps') && index && /^\d+$/.test(index)) {
    const what = `${top === 'questions' ? 'Question' : 'Follow-up'} ${Number(index) + 1}`;
    if (part === 'options' && sub && /^\d+$/.test(sub)) return `${what}, option ${Number(sub) + 1}`;
    return part ? `${what}, ${PART_LABELS[part] ?? part}` : what;
  }
  return (top && TOP_LABELS[top]) ?? path;
}
