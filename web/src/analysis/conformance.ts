import type { MatchRule, UnmatchedEventKind } from '../types.ts';

/** A name for a touchpoint made from an unmatched event kind: its event name, or its page path. */
export function suggestedTouchpointName(kind: Pick<UnmatchedEventKind, 'type' | 'event' | 'path'>) {
  if (kind.event) return kind.event.slice(0, 200);
  if (kind.path) return `${kind.type === 'screen' ? 'Screen' : 'Page'} ${kind.path}`.slice(0, 200);
  return kind.type === 'screen' ? 'Screen view' : kind.type === 'page' ? 'Page view' : 'Event';
}

/** An event kind as one line: "page /pricing", "track Coupon Applied". */
export function eventKindLabel(kind: Pick<UnmatchedEventKind, 'type' | 'event' | 'path'>) {
  const what = [kind.event, kind.path].filter(Boolean).join(' ');
  return what ? `${kind.type} ${what}` : kind.type;
}

/** A match rule in words, e.g. "type page, path /pricing*". */
export function describeRule(rule: MatchRule): string {
  const parts: string[] = [];
  if (rule.type) parts.push(`type ${rule.type}`);
  if (rule.event) parts.push(`event ${rule.event}`);
  if (rule.path) parts.push(`path ${rule.path}`);
  if (rule.utmSource) parts.push(`utm_source ${rule.utmSource}`);
  if (rule.utmMedium) parts.push(`utm_medium ${rule.utmMedium}`);
  if (rule.utmCampaign) parts.push(`utm_campaign ${rule.utmCampaign}`);
  if (rule.channel) parts.push(`channel ${rule.channel}`);
  for (const p of rule.properties ?? [])
    parts.push(`${p.key} ${p.op}${p.value === undefined ? '' : ` ${String(p.value)}`}`);
  return parts.join(', ') || 'any event';
}
