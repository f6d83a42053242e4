import { z } from 'zod';
import {
  type TMatchRule,
  type TPropertyCondition,
  ZChannel,
  ZDesignedMarker,
  ZKpiTarget,
  ZMatchRule,
  ZPhase,
} from '../schemas/touchpoint.ts';

/** Catalog keys are stable kebab-case slugs: journeys and imports refer to them by name. */
export const ZTemplateKey = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'kebab-case: lowercase letters, digits and single dashes')
  .meta({ description: 'Stable kebab-case key, e.g. checkout-flow' });

/**
 * A ready-made touchpoint: what a team picks from the catalog before tailoring it. The fields map
 * one to one onto a touchpoint create payload, plus a starter task `checklist`.
 */
export const ZTouchpointTemplate = z.object({
  key: ZTemplateKey,
  name: z.string().min(1).max(200),
  description: z.string().max(5000),
  channel: ZChannel,
  phase: ZPhase,
  owner: z.string().max(200).meta({ description: 'The team that usually owns it' }),
  designedMarker: ZDesignedMarker,
  kpis: z.array(ZKpiTarget).max(20),
  matchRules: z.array(ZMatchRule).min(1).max(50),
  checklist: z.array(z.string().min(1).max(300)).min(3).max(6),
});
export type TTouchpointTemplate = z.infer<typeof ZTouchpointTemplate>;

/** `{ key, op: 'eq', value }`: the property condition the catalog uses most. */
export function propertyEquals(key: string, value: string | number | boolean): TPropertyCondition {
  return { key, op: 'eq', value };
}

/**
 * Rules for a lifecycle email, told apart by its `email_type` property: opened or clicked.
 *
 * @example emailRules('thank-you') // Email Opened / Email Link Clicked where email_type = thank-you
 */
export function emailRules(emailType: string): TMatchRule[] {
  const properties = [propertyEquals('email_type', emailType)];
  return [
    { event: 'Email Opened', properties },
    { event: 'Email Link Clicked', properties },
  ];
}

/** A page-view rule: only `page` events, so tracks fired on the same page are not counted twice. */
export function pageRule(path: string): TMatchRule {
  return { type: 'page', path };
}
