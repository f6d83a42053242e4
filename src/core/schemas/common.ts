import { z } from 'zod';

/** Ids are opaque strings: a short prefix naming the kind and a random part (`tp_3kf9…`). */
export const ZId = z.string().min(1).max(64).meta({ description: 'Opaque identifier' });

/** ISO-8601 timestamp as sent over the wire. */
export const ZTimestamp = z.iso
  .datetime({ offset: true })
  .meta({ description: 'ISO-8601 timestamp' });

/** A JSON object of free-form properties or traits: names are data, never identifiers. */
export const ZJsonObject = z.record(z.string(), z.unknown());
export type TJsonObject = z.infer<typeof ZJsonObject>;

export const ZDateRange = z.object({
  from: ZTimestamp.optional().meta({
    description: 'Inclusive start; default: 180 days before `to`',
  }),
  to: ZTimestamp.optional().meta({ description: 'Exclusive end; default: now' }),
});
