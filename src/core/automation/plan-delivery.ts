import type { TAutomationSettings } from '../schemas/automation.ts';
import { quietHoursEnd, startOfNextLocalDay } from './zoned-time.ts';

export type DeliveryPlan =
  | { send: true }
  | { send: false; until: Date; reason: 'quiet_hours' | 'frequency_limit' };

/**
 * Whether a message to a customer may go out now, or when to try again: never in quiet hours
 * (deferred to their end), and not past the workspace's daily cap (deferred to the next local
 * day, or the end of its quiet hours if it starts in them). Deferred, never dropped.
 *
 * @example planDelivery(new Date('2026-01-05T22:00:00Z'), utcSettings, 0)
 *   // { send: false, until: 2026-01-06T08:00Z, reason: 'quiet_hours' } with quiet 21:00-08:00
 */
export function planDelivery(
  now: Date,
  settings: Pick<TAutomationSettings, 'timezone' | 'quietHours' | 'maxMessagesPerDay'>,
  sentToday: number,
): DeliveryPlan {
  const tz = settings.timezone;
  const quietEnd = quietHoursEnd(now, settings.quietHours, tz);
  if (quietEnd) return { send: false, until: quietEnd, reason: 'quiet_hours' };
  if (settings.maxMessagesPerDay !== null && sentToday >= settings.maxMessagesPerDay) {
    const tomorrow = startOfNextLocalDay(now, tz);
    const until = quietHoursEnd(tomorrow, settings.quietHours, tz) ?? tomorrow;
    return { send: false, until, reason: 'frequency_limit' };
  }
  return { send: true };
}
