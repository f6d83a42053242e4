import { ApiError } from '../api.ts';
import type { Survey, SurveyResponse } from '../types.ts';

/** How long a link lives, as the delivery form offers it (seconds; the server allows 60 s–90 d). */
export const TTL_CHOICES: ReadonlyArray<{ seconds: number; label: string }> = [
  { seconds: 86_400, label: '1 day' },
  { seconds: 7 * 86_400, label: '7 days' },
  { seconds: 14 * 86_400, label: '14 days' },
  { seconds: 30 * 86_400, label: '30 days' },
  { seconds: 90 * 86_400, label: '90 days' },
];
export const DEFAULT_TTL = 14 * 86_400;

/**
 * The widget's embed code: the script with the write key and the survey. `writeKey` may be only
 * the key's prefix (the server never shows a secret again), which the notice beside it says.
 *
 * @example widgetSnippet('https://waymark.example.com', 'wk_1234…', 'srv_1')
 * // <script src="https://waymark.example.com/widget.js" data-write-key="wk_1234…" data-survey="srv_1" async></script>
 */
export function widgetSnippet(origin: string, writeKey: string, surveyId: string): string {
  const attr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return `<script src="${attr(origin)}/widget.js" data-write-key="${attr(writeKey)}" data-survey="${attr(surveyId)}" async></script>`;
}

/** Why a link was refused, when the fatigue rules or the survey's switch said no. */
export interface Refusal {
  reason: 'fatigue' | 'repeat_interval' | 'inactive';
  /** The invitation or answer that blocks, and when the customer may be asked again (ISO). */
  lastContactAt: string | null;
  nextEligibleAt: string | null;
  /** The rule's window in days (the time between the two, which is how the server sets it). */
  days: number | null;
  message: string;
}

const DAY_MS = 86_400_000;

/** Reads a 409 of the link routes; null for any other error. */
export function refusalOf(error: unknown): Refusal | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const d = (error.details ?? {}) as Record<string, unknown>;
  const reason =
    error.code === 'fatigue' || error.code === 'repeat_interval'
      ? error.code
      : d.reason === 'inactive'
        ? 'inactive'
        : null;
  if (!reason) return null;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const last = str(d.lastContactAt);
  const next = str(d.nextEligibleAt);
  const span = last && next ? (Date.parse(next) - Date.parse(last)) / DAY_MS : Number.NaN;
  return {
    reason,
    lastContactAt: last,
    nextEligibleAt: next,
    days: Number.isFinite(span) ? Math.round(span) : null,
    message: error.message,
  };
}

/** One answer as the responses list shows it: the question's words and the answer's. */
export interface AnswerLine {
  id: string;
  question: string;
  answer: string;
}

const answerText = (value: unknown): string => {
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
};

/**
 * A response's answers in the survey's order (questions, then follow-ups), each with its
 * question's words; answers to questions removed since are kept, under their id.
 */
export function describeAnswers(
  survey: Pick<Survey, 'questions' | 'followUps'>,
  answers: SurveyResponse['answers'],
): AnswerLine[] {
  const asked = [
    ...survey.questions.map((q) => ({ id: q.id, text: q.text })),
    ...survey.followUps.map((f) => ({ id: f.id, text: f.text })),
  ];
  const lines: AnswerLine[] = [];
  const seen = new Set<string>();
  for (const q of asked) {
    seen.add(q.id);
    const v = answers[q.id];
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    lines.push({ id: q.id, question: q.text, answer: answerText(v) });
  }
  for (const [id, v] of Object.entries(answers)) {
    if (!seen.has(id)) lines.push({ id, question: id, answer: answerText(v) });
  }
  return lines;
}
