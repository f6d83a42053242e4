import { invalid } from '../errors.ts';
import { normalQuantile, studentTQuantile, type TInterval, wilsonInterval } from './intervals.ts';

/**
 * Survey scores with their number of responses and a 95 % confidence interval. Every function
 * takes either the raw ratings or a rating → count table, so the same math serves one touchpoint,
 * a stage, a persona or a time bucket: group first (in a query), then score each group's counts.
 *
 * Percent-style scores (CSAT, NPS, CES agreement, response rate) are in percent units, as they
 * are published (CSAT 60 means 60 %; NPS runs from −100 to +100); the CES mean is on its scale.
 * With no responses a score is `null`, never 0: "nobody answered" is not "everybody was unhappy".
 */

/** A rating → number of responses table, e.g. `{ 5: 10, 4: 20, 3: 10, 2: 5, 1: 5 }`. */
export type TRatingCounts = Readonly<Record<number, number>>;

/** Raw ratings (one number per response) or a rating → count table. */
export type TRatings = readonly number[] | TRatingCounts;

/** The confidence level of every interval here. */
export const CONFIDENCE = 0.95;

export interface TCsatScore {
  responses: number;
  /** Responses rated 4 or 5. */
  satisfied: number;
  /** 100 × satisfied / responses. */
  csat: number | null;
  /** Wilson score interval, in percent. */
  ci95: TInterval | null;
}

export interface TNpsScore {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  pctPromoters: number | null;
  pctDetractors: number | null;
  /** % promoters − % detractors, −100..100. */
  nps: number | null;
  /** Adjusted-Wald interval for a difference of multinomial proportions, in NPS points. */
  ci95: TInterval | null;
}

export interface TCesScore {
  responses: number;
  /** The top of the scale: 7 (CEB/Gartner CES 2.0 agreement scale, the default) or 5. */
  scale: number;
  mean: number | null;
  /** Sample standard deviation (n − 1); null below two responses. */
  sd: number | null;
  /** Student t interval of the mean; null below two responses. */
  meanCi95: TInterval | null;
  /** The lowest rating that counts as agreeing that it was easy (5 on 1–7, 4 on 1–5). */
  agreeAtLeast: number;
  agree: number;
  /** 100 × agree / responses. */
  agreePct: number | null;
  /** Wilson score interval, in percent. */
  agreeCi95: TInterval | null;
}

export interface TResponseRate {
  invited: number;
  responses: number;
  /** 100 × responses / invited. */
  rate: number | null;
  /** Wilson score interval, in percent. */
  ci95: TInterval | null;
}

/**
 * Counts ratings into a rating → count table, checking that each is a whole number on the scale.
 *
 * @example tallyRatings([5, 4, 4, 1], 1, 5) // { 1: 1, 4: 2, 5: 1 }
 */
export function tallyRatings(ratings: TRatings, min: number, max: number): Map<number, number> {
  const counts = new Map<number, number>();
  const add = (rating: number, count: number) => {
    if (!Number.isInteger(rating) || rating < min || rating > max)
      throw invalid(`rating ${rating} is not a whole number from ${min} to ${max}`);
    if (!Number.isInteger(count) || count < 0)
      throw invalid(`the count of rating ${rating} must be a whole number ≥ 0 (got ${count})`);
    counts.set(rating, (counts.get(rating) ?? 0) + count);
  };
  if (Array.isArray(ratings)) for (const r of ratings as readonly number[]) add(r, 1);
  else for (const [r, c] of Object.entries(ratings)) add(Number(r), c);
  return counts;
}

function countWhere(counts: Map<number, number>, keep: (rating: number) => boolean): number {
  let n = 0;
  for (const [r, c] of counts) if (keep(r)) n += c;
  return n;
}

const toPercent = (i: TInterval): TInterval => ({ low: 100 * i.low, high: 100 * i.high });

/**
 * CSAT: the share of responses rated 4 or 5 on a 1–5 scale, in percent, with a Wilson interval.
 *
 * @example scoreCsat({ 5: 10, 4: 20, 3: 10, 2: 5, 1: 5 }).csat // 60
 */
export function scoreCsat(ratings: TRatings): TCsatScore {
  const counts = tallyRatings(ratings, 1, 5);
  const responses = countWhere(counts, () => true);
  const satisfied = countWhere(counts, (r) => r >= 4);
  if (responses === 0) return { responses, satisfied, csat: null, ci95: null };
  return {
    responses,
    satisfied,
    csat: (100 * satisfied) / responses,
    ci95: toPercent(wilsonInterval(satisfied, responses, CONFIDENCE)),
  };
}

/**
 * NPS: % promoters (9–10) minus % detractors (0–6) on the 0–10 likelihood-to-recommend scale
 * (Bain's definition; 7–8 are passives), with an adjusted-Wald 95 % interval.
 *
 * The NPS is a difference of two proportions of one multinomial sample, so its variance is
 * (p + d − (p − d)²) / n, where p and d are the promoter and detractor shares. The plain Wald
 * interval on that variance undercovers for small samples and collapses at ±100; following Rocks
 * (2016, The American Statistician, "Interval Estimation for the Net Promoter Score"), who found
 * it the best of six methods, we add ¾ of a response to promoters and to detractors and 3 to n
 * (so 1½ to passives) before computing p, d and the variance, then clip to [−100, 100]. The
 * reported NPS itself is the unadjusted one.
 *
 * @example scoreNps({ 10: 30, 8: 50, 3: 20 }).nps // 10
 */
export function scoreNps(ratings: TRatings): TNpsScore {
  const counts = tallyRatings(ratings, 0, 10);
  const promoters = countWhere(counts, (r) => r >= 9);
  const detractors = countWhere(counts, (r) => r <= 6);
  const passives = countWhere(counts, (r) => r === 7 || r === 8);
  const responses = promoters + passives + detractors;
  if (responses === 0) {
    return {
      responses,
      promoters,
      passives,
      detractors,
      pctPromoters: null,
      pctDetractors: null,
      nps: null,
      ci95: null,
    };
  }
  const z = normalQuantile(1 - (1 - CONFIDENCE) / 2);
  const n = responses + 3;
  const p = (promoters + 0.75) / n;
  const d = (detractors + 0.75) / n;
  const half = z * Math.sqrt((p + d - (p - d) ** 2) / n);
  return {
    responses,
    promoters,
    passives,
    detractors,
    pctPromoters: (100 * promoters) / responses,
    pctDetractors: (100 * detractors) / responses,
    nps: (100 * (promoters - detractors)) / responses,
    ci95: {
      low: Math.max(-100, 100 * (p - d - half)),
      high: Math.min(100, 100 * (p - d + half)),
    },
  };
}

/**
 * CES: the mean rating (with a Student t interval) and the share that agree it was easy (with a
 * Wilson interval), on the 1–7 agreement scale of CES 2.0 by default or on a 1–5 scale.
 *
 * A rating scale is bounded and discrete, but the mean of n ratings is close to normal for the
 * sample sizes a touchpoint collects, and the t interval (mean ± t₀.₉₇₅,ₙ₋₁ · s/√n) is the
 * standard interval for a mean of rating scales; it is clipped to the scale.
 *
 * @example scoreCes([3, 5, 4, 5, 2], { scale: 5 }).mean // 3.8
 */
export function scoreCes(
  ratings: TRatings,
  options: { scale?: 5 | 7; agreeAtLeast?: number } = {},
): TCesScore {
  const scale = options.scale ?? 7;
  if (scale !== 5 && scale !== 7) throw invalid('the CES scale must be 1–5 or 1–7');
  const agreeAtLeast = options.agreeAtLeast ?? (scale === 7 ? 5 : 4);
  const counts = tallyRatings(ratings, 1, scale);
  const responses = countWhere(counts, () => true);
  const agree = countWhere(counts, (r) => r >= agreeAtLeast);
  const empty: TCesScore = {
    responses,
    scale,
    mean: null,
    sd: null,
    meanCi95: null,
    agreeAtLeast,
    agree,
    agreePct: null,
    agreeCi95: null,
  };
  if (responses === 0) return empty;
  let sum = 0;
  for (const [r, c] of counts) sum += r * c;
  const mean = sum / responses;
  let squares = 0;
  for (const [r, c] of counts) squares += c * (r - mean) ** 2;
  const sd = responses > 1 ? Math.sqrt(squares / (responses - 1)) : null;
  let meanCi95: TInterval | null = null;
  if (sd !== null) {
    const half =
      (studentTQuantile(1 - (1 - CONFIDENCE) / 2, responses - 1) * sd) / Math.sqrt(responses);
    meanCi95 = { low: Math.max(1, mean - half), high: Math.min(scale, mean + half) };
  }
  return {
    ...empty,
    mean,
    sd,
    meanCi95,
    agreePct: (100 * agree) / responses,
    agreeCi95: toPercent(wilsonInterval(agree, responses, CONFIDENCE)),
  };
}

/**
 * The response rate of a survey: responses per invitation, in percent, with a Wilson interval
 * (the interval reads the invitations as a sample of the customers who could be asked).
 *
 * @example scoreResponseRate(120, 1000).rate // 12
 */
export function scoreResponseRate(responses: number, invited: number): TResponseRate {
  if (!Number.isInteger(invited) || invited < 0)
    throw invalid(`invitations must be a whole number ≥ 0 (got ${invited})`);
  if (!Number.isInteger(responses) || responses < 0 || responses > invited)
    throw invalid(`responses must be a whole number from 0 to ${invited} (got ${responses})`);
  if (invited === 0) return { invited, responses, rate: null, ci95: null };
  return {
    invited,
    responses,
    rate: (100 * responses) / invited,
    ci95: toPercent(wilsonInterval(responses, invited, CONFIDENCE)),
  };
}
