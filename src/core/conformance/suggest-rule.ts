import type { TMatchRule } from '../schemas/touchpoint.ts';
import { TOUCHPOINT_CATALOG } from '../templates/catalog.ts';
import type { TTouchpointTemplate } from '../templates/touchpoint-template.ts';

/**
 * A kind of recorded event that no touchpoint of a journey claims: a track call by its event
 * name, a page view by its path pattern (segments holding a digit replaced by `*`, so that
 * `/products/sku-12` and `/products/sku-13` are one kind), a screen by its name.
 */
export interface TEventKind {
  type: 'track' | 'page' | 'screen';
  /** The event or screen name; null for page views, which are told apart by path. */
  event: string | null;
  /** The path pattern of a page view; null otherwise. */
  path: string | null;
}

/**
 * A match rule that matches exactly the events of a kind: the type with the event name, or with
 * the path pattern for page views.
 *
 * @example suggestRule({ type: 'page', event: null, path: '/products/*' })
 * // { type: 'page', path: '/products/*' }
 */
export function suggestRule(kind: TEventKind): TMatchRule {
  if (kind.path) return { type: kind.type, path: kind.path };
  // A nameless call without a path is only told apart by its type.
  return kind.event ? { type: kind.type, event: kind.event } : { type: kind.type };
}

/** A rule's text pattern against a value, as the SQL does it: `*` any run, case ignored. */
function textMatches(pattern: string, value: string | null): boolean {
  if (value === null) return false;
  if (!pattern.includes('*')) return pattern.toLowerCase() === value.toLowerCase();
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'is').test(value);
}

/**
 * Whether a match rule matches every event of a kind. A kind knows its type, name and path only:
 * a rule that also needs a property, a campaign tag or a channel cannot be confirmed and does not
 * match.
 *
 * @example ruleMatchesKind({ event: 'Webinar *' }, { type: 'track', event: 'Webinar Attended', path: null }) // true
 */
export function ruleMatchesKind(rule: TMatchRule, kind: TEventKind): boolean {
  if (rule.properties?.length) return false;
  if (rule.utmSource || rule.utmMedium || rule.utmCampaign || rule.channel) return false;
  if (rule.type !== undefined && rule.type !== kind.type) return false;
  if (rule.event !== undefined && !textMatches(rule.event, kind.event)) return false;
  if (rule.path !== undefined && !textMatches(rule.path, kind.path)) return false;
  return true;
}

/**
 * The key of the first catalog touchpoint whose default rules match the kind, or null: a
 * ready-made touchpoint to add to the map for it.
 *
 * @example suggestTemplate({ type: 'track', event: 'Demo Requested', path: null }) // 'demo-request'
 */
export function suggestTemplate(
  kind: TEventKind,
  catalog: readonly TTouchpointTemplate[] = TOUCHPOINT_CATALOG,
): string | null {
  return catalog.find((t) => t.matchRules.some((r) => ruleMatchesKind(r, kind)))?.key ?? null;
}
