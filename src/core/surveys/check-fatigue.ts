/** The workspace fatigue window when none is set: one survey per customer per 30 days. */
export const DEFAULT_FATIGUE_DAYS = 30;

/** One time a customer was asked (an invitation) or answered (a response). */
export interface SurveyContact {
  surveyId: string;
  /** Epoch milliseconds. */
  at: number;
}

export type FatigueReason = 'fatigue' | 'repeat_interval';

export type FatigueVerdict =
  | { eligible: true }
  | {
      eligible: false;
      /** `fatigue`: another survey (or this one) asked within the workspace's window. */
      reason: FatigueReason;
      /** The contact that blocks, ISO time. */
      lastContactAt: string;
      /** When the customer may be asked again, ISO time. */
      nextEligibleAt: string;
    };

const DAY_MS = 86_400_000;

/**
 * Whether a customer may be asked a survey now. Two rules, both must pass:
 * - **fatigue**: no survey of the workspace asked or answered within `fatigueDays`;
 * - **repeat interval**: this survey not asked or answered within its `repeatIntervalDays`.
 * When both block, the one that lasts longer is reported (ties: the repeat interval), so
 * `nextEligibleAt` is the first moment both allow it.
 *
 * @example
 * checkFatigue({ now: Date.UTC(2025, 0, 20), fatigueDays: 30, surveyId: 's1',
 *   repeatIntervalDays: 90, contacts: [{ surveyId: 's2', at: Date.UTC(2025, 0, 1) }] })
 * // { eligible: false, reason: 'fatigue', nextEligibleAt: '2025-01-31T00:00:00.000Z', … }
 */
export function checkFatigue(input: {
  now: number;
  fatigueDays: number;
  surveyId: string;
  repeatIntervalDays: number;
  contacts: readonly SurveyContact[];
}): FatigueVerdict {
  let lastAny: number | undefined;
  let lastThis: number | undefined;
  for (const c of input.contacts) {
    if (lastAny === undefined || c.at > lastAny) lastAny = c.at;
    if (c.surveyId === input.surveyId && (lastThis === undefined || c.at > lastThis))
      lastThis = c.at;
  }
  const fatigueEnd =
    lastAny === undefined || input.fatigueDays <= 0
      ? undefined
      : lastAny + input.fatigueDays * DAY_MS;
  const repeatEnd =
    lastThis === undefined || input.repeatIntervalDays <= 0
      ? undefined
      : lastThis + input.repeatIntervalDays * DAY_MS;
  const blocking = [
    repeatEnd !== undefined && repeatEnd > input.now
      ? { reason: 'repeat_interval' as const, end: repeatEnd, last: lastThis! }
      : undefined,
    fatigueEnd !== undefined && fatigueEnd > input.now
      ? { reason: 'fatigue' as const, end: fatigueEnd, last: lastAny! }
      : undefined,
  ].filter((b) => b !== undefined);
  if (blocking.length === 0) return { eligible: true };
  const worst = blocking.reduce((a, b) => (b.end > a.end ? b : a));
  return {
    eligible: false,
    reason: worst.reason,
    lastContactAt: new Date(worst.last).toISOString(),
    nextEligibleAt: new Date(worst.end).toISOString(),
  };
}
