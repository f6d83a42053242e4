import type { TPhase } from '../schemas/touchpoint.ts';
import { AFTER_PURCHASE } from './catalog/after-purchase.ts';
import { BEFORE_PURCHASE } from './catalog/before-purchase.ts';
import { DURING_PURCHASE } from './catalog/during-purchase.ts';
import { SERVICE } from './catalog/service.ts';
import { deepFreeze } from './deep-freeze.ts';
import type { TTouchpointTemplate } from './touchpoint-template.ts';

/**
 * The catalog of ready-made touchpoints, in phase order (before, during, after, service).
 *
 * KPI targets use these scales: rates and shares are fractions (0.05 = 5 %), `csat` is the mean
 * of 1-5 answers, `nps` runs from -100 to 100, `ces` is the mean of 1-7 answers where 7 means
 * "very easy", `medianHoursToNext` is in hours.
 *
 * Match rules follow Segment's semantic event names (`Product Viewed`, `Checkout Started`,
 * `Order Completed`, `Live Chat Message Sent`...), page paths with `*` wildcards and UTM tags.
 * Lifecycle emails are told apart by an `email_type` property on `Email Opened` /
 * `Email Link Clicked`. The array is frozen: copy an entry before changing it.
 */
export const TOUCHPOINT_CATALOG: readonly TTouchpointTemplate[] = deepFreeze([
  ...BEFORE_PURCHASE,
  ...DURING_PURCHASE,
  ...AFTER_PURCHASE,
  ...SERVICE,
]);

const BY_KEY: ReadonlyMap<string, TTouchpointTemplate> = new Map(
  TOUCHPOINT_CATALOG.map((t) => [t.key, t]),
);

/**
 * The catalog, or the part of it for one phase.
 *
 * @example listTouchpointTemplates('service').map((t) => t.key) // ['support-chat', ...]
 */
export function listTouchpointTemplates(phase?: TPhase): readonly TTouchpointTemplate[] {
  return phase === undefined
    ? TOUCHPOINT_CATALOG
    : TOUCHPOINT_CATALOG.filter((t) => t.phase === phase);
}

/**
 * One catalog entry by key, or `undefined` when there is none.
 *
 * @example getTouchpointTemplate('checkout-flow')?.designedMarker // 'decision'
 */
export function getTouchpointTemplate(key: string): TTouchpointTemplate | undefined {
  return BY_KEY.get(key);
}
