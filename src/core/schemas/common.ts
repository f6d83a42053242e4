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

/**
 * The PATCH form of a create schema: every field optional and **no defaults**, so that a patch
 * naming one field never resets the others to their defaults (zod's `.partial()` keeps them).
 */
export function toPatchSchema<S extends z.ZodRawShape>(schema: z.ZodObject<S>) {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    let inner = field as z.ZodType;
    while (inner instanceof z.ZodDefault) inner = inner.unwrap() as z.ZodType;
    shape[key] = inner.optional();
  }
  return z.object(shape) as unknown as z.ZodObject<{ [K in keyof S]: z.ZodOptional<S[K]> }>;
}
