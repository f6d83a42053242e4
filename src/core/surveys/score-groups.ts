import type { TSurveyKind } from '../schemas/survey.ts';
import {
  scoreCes,
  scoreCsat,
  scoreNps,
  scoreResponseRate,
  type TCesScore,
  type TCsatScore,
  type TNpsScore,
  type TResponseRate,
} from '../survey-scores/score-surveys.ts';

/** How many responses of one kind gave one score in one group (score null: no rating given). */
export interface ScoreCountRow {
  group: string;
  kind: TSurveyKind;
  score: number | null;
  n: number;
}

/** A group's invitations made in the period, and how many of them were answered (ever). */
export interface InvitationCountRow {
  group: string;
  invited: number;
  answered: number;
}

export interface GroupScores {
  key: string;
  label: string;
  /** Every response in the period, whatever the survey's kind. */
  responses: number;
  csat: TCsatScore;
  nps: TNpsScore;
  ces: TCesScore;
  responseRate: TResponseRate;
}

/**
 * Scores each group from its counts, with the one implementation in core/survey-scores: CSAT from
 * the responses of CSAT surveys, NPS from NPS surveys, CES (1–7) from CES surveys; custom surveys
 * count as responses only. Groups come out in the order given; counts of unknown groups are
 * ignored.
 *
 * @example scoreGroups([{ key: 'tp_1', label: 'Checkout' }],
 *   [{ group: 'tp_1', kind: 'csat', score: 5, n: 3 }], [{ group: 'tp_1', invited: 6, answered: 3 }])
 * // [{ key: 'tp_1', responses: 3, csat: { csat: 100, … }, responseRate: { rate: 50, … }, … }]
 */
export function scoreGroups(
  groups: ReadonlyArray<{ key: string; label: string }>,
  counts: readonly ScoreCountRow[],
  invitations: readonly InvitationCountRow[],
): GroupScores[] {
  return groups.map(({ key, label }) => {
    const tables: Record<'csat' | 'nps' | 'ces', Record<number, number>> = {
      csat: {},
      nps: {},
      ces: {},
    };
    let responses = 0;
    for (const c of counts) {
      if (c.group !== key) continue;
      responses += c.n;
      if (c.kind === 'custom' || c.score === null) continue;
      const table = tables[c.kind];
      table[c.score] = (table[c.score] ?? 0) + c.n;
    }
    let invited = 0;
    let answered = 0;
    for (const i of invitations) {
      if (i.group !== key) continue;
      invited += i.invited;
      answered += i.answered;
    }
    return {
      key,
      label,
      responses,
      csat: scoreCsat(tables.csat),
      nps: scoreNps(tables.nps),
      ces: scoreCes(tables.ces, { scale: 7 }),
      responseRate: scoreResponseRate(answered, invited),
    };
  });
}
