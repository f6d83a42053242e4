import type { Customer, MatchRule, StoredEvent } from '../types.ts';

/**
 * The placeholder helper: what `{{…}}` can name in an email, a webhook body, a task or a trait
 * (src/automation/run-context.ts `templateContext`), with the trait and property names this
 * workspace's data actually has.
 */
export interface PlaceholderGroup {
  label: string;
  items: string[];
}

/** Trait names seen on these customers, sorted, at most `limit`. */
export function collectTraitKeys(customers: readonly Customer[], limit = 40): string[] {
  const keys = new Set<string>();
  for (const c of customers) for (const k of Object.keys(c.traits)) keys.add(k);
  return [...keys].sort().slice(0, limit);
}

/**
 * Whether an event name matches a match rule's pattern: `*` is a wildcard and case is ignored,
 * as the server matches.
 */
export function matchesPattern(name: string, pattern: string): boolean {
  const escaped = pattern
    .toLowerCase()
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`).test(name.toLowerCase());
}

/**
 * Property names of the recent events that belong to a touchpoint: those the server says it
 * claims, else those its rules would claim by name; all recent events when neither finds any (or
 * no touchpoint is given). Sorted, at most `limit`.
 */
export function collectPropertyKeys(
  events: readonly StoredEvent[],
  touchpoint: { id: string; matchRules: readonly MatchRule[] } | undefined,
  limit = 40,
): string[] {
  let source: readonly StoredEvent[] = [];
  if (touchpoint) {
    source = events.filter((e) => e.touchpointId === touchpoint.id);
    const patterns = touchpoint.matchRules.map((r) => r.event).filter((e): e is string => !!e);
    if (source.length === 0 && patterns.length > 0) {
      source = events.filter((e) => patterns.some((p) => matchesPattern(e.event, p)));
    }
  }
  if (source.length === 0) source = events;
  const keys = new Set<string>();
  for (const e of source) for (const k of Object.keys(e.properties)) keys.add(k);
  return [...keys].sort().slice(0, limit);
}

/** The groups the helper lists, each item a path to write as `{{path}}`. */
export function placeholderGroups(traits: readonly string[], properties: readonly string[]) {
  return [
    {
      label: 'Customer',
      items: ['customer.email', 'customer.id', ...traits.map((t) => `traits.${t}`)],
    },
    {
      label: 'Trigger event',
      items: ['event.name', 'event.timestamp', ...properties.map((p) => `event.properties.${p}`)],
    },
    { label: 'Automation', items: ['automation.name', 'run.id', 'unsubscribe_url'] },
  ] satisfies PlaceholderGroup[];
}

/** A template's text with `{{path}}` inserted at `at` (the cursor), and the cursor after it. */
export function insertPlaceholder(
  text: string,
  path: string,
  at: number = text.length,
): { text: string; cursor: number } {
  const token = `{{${path}}}`;
  const i = Math.max(0, Math.min(at, text.length));
  return { text: text.slice(0, i) + token + text.slice(i), cursor: i + token.length };
}
