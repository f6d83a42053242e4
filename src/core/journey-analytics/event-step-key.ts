/**
 * The key of an interaction at the event level of paths and funnels: a `track` call by its event
 * name, a `page` call by `page:` and its path (the page name when it has no path), a `screen` call
 * by `screen:` and the screen name. Prefixes keep a page `/pricing` apart from a track event
 * named `/pricing`, and one page visited under several names counts as one step. Other call
 * types (identify, group, alias) are no interactions and have no key.
 *
 * The SQL in src/store/queries/analytics/paths-scope.ts computes the same key.
 *
 * @example eventStepKey('page', 'Pricing', '/pricing') === 'page:/pricing'
 * @example eventStepKey('track', 'Order Completed', null) === 'Order Completed'
 */
export function eventStepKey(type: string, event: string, path: string | null): string | null {
  if (type === 'track') return event;
  if (type === 'page') return `page:${path || event}`;
  if (type === 'screen') return `screen:${event}`;
  return null;
}
