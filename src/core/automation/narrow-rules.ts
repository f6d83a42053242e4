import type { TMatchRule } from '../schemas/touchpoint.ts';

/**
 * Whether a name matches a match rule's text pattern: `*` is a wildcard, case is ignored (as
 * store/queries/rules.ts compiles them).
 *
 * @example patternMatches('Live Chat *', 'live chat conversation started') === true
 */
export function patternMatches(pattern: string, name: string): boolean {
  const re = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${re}$`, 'is').test(name);
}

/**
 * A touchpoint's rules narrowed to one event name: an event must meet a rule and carry that
 * name. A rule whose event pattern admits the name takes the name as its event; a rule whose
 * pattern excludes it can never match and is dropped. Extra property conditions are added to
 * every rule (AND).
 *
 * @example narrowRules([{ event: 'Live Chat *' }], 'Live Chat Conversation Started')
 *   // [{ event: 'Live Chat Conversation Started' }]
 */
export function narrowRules(
  rules: readonly TMatchRule[],
  eventName: string | undefined,
  properties: NonNullable<TMatchRule['properties']> = [],
): TMatchRule[] {
  const out: TMatchRule[] = [];
  for (const r of rules) {
    if (eventName !== undefined && r.event !== undefined && !patternMatches(r.event, eventName))
      continue;
    out.push({
      ...r,
      ...(eventName === undefined ? {} : { event: eventName }),
      ...(properties.length > 0 ? { properties: [...(r.properties ?? []), ...properties] } : {}),
    });
  }
  return out;
}
