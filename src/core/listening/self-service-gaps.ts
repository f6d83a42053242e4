import { UNCLASSIFIED } from './contact-reason-model.ts';
import type { TReasonFigures } from './summarize-contacts.ts';

/**
 * Self-service gaps: contact reasons (or themes) at service touchpoints that recur often enough
 * that an answer customers can find themselves would serve them better than a contact.
 * docs/voice-of-customer.md, Self-service gaps.
 */

/** The rule: at least this many contacts about the reason in the period … */
export const GAP_MIN_CONTACTS = 10;
/** … and at least this share of all the period's service contacts. */
export const GAP_MIN_SHARE = 0.05;

export interface TGapTouchpoint {
  touchpointId: string;
  name: string;
  volume: number;
}

export interface TSelfServiceGap extends TReasonFigures {
  /** Where the contacts about it arrived, most first: a task goes to the first by default. */
  touchpoints: TGapTouchpoint[];
  suggestion: string;
  /** Ranking: volume × (1 + repeat rate), so repeated contacts weigh more. */
  priority: number;
}

const percent = (x: number) => `${Math.round(x * 100)}%`;

/** "30 days", "1 day", "12 hours": the length of a period for the suggestion text. */
export function describeSpan(ms: number): string {
  const days = Math.round(ms / 86_400_000);
  if (days >= 1) return `${days} day${days === 1 ? '' : 's'}`;
  const hours = Math.max(1, Math.round(ms / 3_600_000));
  return `${hours} hour${hours === 1 ? '' : 's'}`;
}

/**
 * The suggestion for one recurring reason. The trend is mentioned when contacts rose by at least
 * 10 % on the previous period of the same length.
 *
 * @example suggestionText({ name: 'card activation', volume: 312, repeatRate: 0.4, trend }, '30 days')
 * // 'Add a knowledge-base article for *card activation*: 312 contacts in 30 days, 40% repeat'
 */
export function suggestionText(
  r: Pick<TReasonFigures, 'name' | 'volume' | 'repeatRate' | 'trend'>,
  span: string,
): string {
  let text = `Add a knowledge-base article for *${r.name}*: ${r.volume} contacts in ${span}, ${percent(r.repeatRate)} repeat`;
  const rel = r.trend.relativeChange;
  if (rel !== null && rel >= 0.1) text += `, up ${percent(rel)} on the previous ${span}`;
  return text;
}

/** Whether a reason is a gap by the rule (never `unclassified` nor texts without shared terms). */
export function isSelfServiceGap(r: TReasonFigures, kind: 'reasons' | 'themes'): boolean {
  if (kind === 'reasons' && r.name === UNCLASSIFIED) return false;
  if (kind === 'themes' && r.name === '(no common terms)') return false;
  return r.volume >= GAP_MIN_CONTACTS && r.share >= GAP_MIN_SHARE;
}

/**
 * The gaps among a period's reasons, highest priority first.
 *
 * @example findSelfServiceGaps(summary.reasons, 'reasons', 30 * DAY, byReason)
 */
export function findSelfServiceGaps(
  reasons: readonly TReasonFigures[],
  kind: 'reasons' | 'themes',
  spanMs: number,
  touchpointsOf: (key: string) => TGapTouchpoint[],
): TSelfServiceGap[] {
  const span = describeSpan(spanMs);
  return reasons
    .filter((r) => isSelfServiceGap(r, kind))
    .map((r) => ({
      ...r,
      touchpoints: touchpointsOf(r.key),
      suggestion: suggestionText(r, span),
      priority: r.volume * (1 + r.repeatRate),
    }))
    .sort((a, b) => b.priority - a.priority || a.name.localeCompare(b.name));
}

/**
 * The task that acts on a suggestion: a title, the suggestion with its examples, a checklist.
 *
 * @example gapTask(gap, 'Support chat').title === 'Add a knowledge-base article for card activation'
 */
export function gapTask(
  gap: Pick<TSelfServiceGap, 'name' | 'suggestion' | 'examples'>,
  touchpointName: string,
): { title: string; description: string; checklist: Array<{ text: string; done: boolean }> } {
  const examples = gap.examples.map((e) => `- ${e}`).join('\n');
  return {
    title: `Add a knowledge-base article for ${gap.name}`.slice(0, 300),
    description:
      `${gap.suggestion.replaceAll('*', '')}.${examples ? `\n\nWhat customers wrote:\n${examples}` : ''}`.slice(
        0,
        5000,
      ),
    checklist: [
      `Collect the questions customers ask about ${gap.name}`,
      'Write the article and publish it in the help centre',
      `Link it where customers ask: ${touchpointName}, the help pages, the contact form`,
      `Compare the contacts about ${gap.name} 30 days after publishing`,
    ].map((text) => ({ text: text.slice(0, 300), done: false })),
  };
}
