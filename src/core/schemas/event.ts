import { z } from 'zod';
import type { TJsonObject } from './common.ts';

export const EVENT_TYPES = ['track', 'page', 'screen', 'identify', 'group', 'alias'] as const;
export const ZEventType = z.enum(EVENT_TYPES);
export type TEventType = z.infer<typeof ZEventType>;

/**
 * An event after validation and normalization, before identity resolution: what the batching
 * writer stores. Frequently queried fields are lifted out of `properties`/`context` into columns.
 */
export interface TNormalizedEvent {
  messageId: string;
  type: TEventType;
  /** Track: the event name. Page/screen: the page name or `''`. Others: `''`. */
  event: string;
  userId: string | null;
  anonymousId: string | null;
  /** For alias: the previous id being linked to userId. */
  previousId: string | null;
  /** For group. */
  groupId: string | null;
  /** Epoch milliseconds of the event (Segment `timestamp`, else `originalTimestamp`, else receipt). */
  timestamp: number;
  receivedAt: number;
  path: string | null;
  url: string | null;
  referrer: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  channel: string | null;
  /** Free text carried by the event: a chat message, an email body, a review. */
  text: string | null;
  /** A numeric value: properties.value, else revenue, else total. */
  value: number | null;
  email: string | null;
  properties: TJsonObject;
  traits: TJsonObject;
  context: TJsonObject;
}

/** An event as read back. */
export const ZStoredEvent = z.object({
  messageId: z.string(),
  type: ZEventType,
  event: z.string(),
  customerId: z.string(),
  userId: z.string().nullable(),
  anonymousId: z.string().nullable(),
  timestamp: z.string(),
  path: z.string().nullable(),
  channel: z.string().nullable(),
  utmSource: z.string().nullable(),
  text: z.string().nullable(),
  value: z.number().nullable(),
  properties: z.record(z.string(), z.unknown()),
  touchpointId: z.string().nullable().optional().meta({
    description: 'The touchpoint whose match rules the event meets now (first in map order)',
  }),
  touchpointName: z.string().nullable().optional(),
});
export type TStoredEvent = z.infer<typeof ZStoredEvent>;
