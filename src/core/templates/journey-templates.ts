import { deepFreeze } from './deep-freeze.ts';
import type { TJourneyTemplate } from './journey-template.ts';
import { B2B_SAAS } from './journeys/b2b-saas.ts';
import { ECOMMERCE_RETAIL } from './journeys/ecommerce-retail.ts';
import { SUBSCRIPTION_SERVICE } from './journeys/subscription-service.ts';

/** The ready-made journeys, frozen: expand one with `expandJourneyTemplate` to get a copy. */
export const JOURNEY_TEMPLATES: readonly TJourneyTemplate[] = deepFreeze([
  ECOMMERCE_RETAIL,
  B2B_SAAS,
  SUBSCRIPTION_SERVICE,
]);

/**
 * Every journey template, in display order.
 *
 * @example listJourneyTemplates().map((t) => t.key) // ['ecommerce-retail', 'b2b-saas', ...]
 */
export function listJourneyTemplates(): readonly TJourneyTemplate[] {
  return JOURNEY_TEMPLATES;
}

/**
 * One journey template by key, or `undefined` when there is none.
 *
 * @example getJourneyTemplate('b2b-saas')?.goal.event // 'Contract Signed'
 */
export function getJourneyTemplate(key: string): TJourneyTemplate | undefined {
  return JOURNEY_TEMPLATES.find((t) => t.key === key);
}
