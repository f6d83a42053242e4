import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { ZJourneyCreate, ZStageCreate } from '../schemas/journey.ts';
import { ZTouchpointCreate } from '../schemas/touchpoint.ts';
import { getTouchpointTemplate } from './catalog.ts';
import { expandJourneyTemplate } from './expand-journey-template.ts';
import { ZJourneyTemplate } from './journey-template.ts';
import {
  getJourneyTemplate,
  JOURNEY_TEMPLATES,
  listJourneyTemplates,
} from './journey-templates.ts';

const ZTouchpointCreateWithoutStage = ZTouchpointCreate.omit({ stageId: true });

describe('journey templates', () => {
  it('offers e-commerce retail, B2B SaaS and subscription service', () => {
    const keys = listJourneyTemplates().map((t) => t.key);
    expect(keys).toEqual(
      expect.arrayContaining(['ecommerce-retail', 'b2b-saas', 'subscription-service']),
    );
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('finds a template by key and answers undefined for an unknown key', () => {
    expect(getJourneyTemplate('b2b-saas')?.goal.event).toBe('Contract Signed');
    expect(getJourneyTemplate('nope')).toBeUndefined();
  });

  it.each(JOURNEY_TEMPLATES.map((t) => [t.key, t] as const))(
    'parses %s with the template schema and names only catalog touchpoints',
    (_key, template) => {
      expect(ZJourneyTemplate.safeParse(template).error).toBeUndefined();
      for (const stage of template.stages) {
        for (const tp of stage.touchpoints) {
          expect(getTouchpointTemplate(tp.templateKey), tp.templateKey).toBeDefined();
        }
      }
    },
  );

  it.each(JOURNEY_TEMPLATES.map((t) => [t.key, t] as const))(
    'expands %s into valid payloads with a goal, at least 5 stages and 10 touchpoints',
    (_key, template) => {
      const { journey, stages } = expandJourneyTemplate(template);
      expect(ZJourneyCreate.safeParse(journey).error).toBeUndefined();
      expect(journey.goal?.event).toBeTruthy();
      expect(stages.length).toBeGreaterThanOrEqual(5);

      const touchpoints = stages.flatMap((s) => s.touchpoints);
      expect(touchpoints.length).toBeGreaterThanOrEqual(10);
      for (const { stage } of stages) {
        expect(ZStageCreate.safeParse(stage).error, stage.name).toBeUndefined();
        expect(stage.lanes?.actions?.length, stage.name).toBeGreaterThan(0);
        expect(stage.lanes?.painPoints?.length, stage.name).toBeGreaterThan(0);
        expect(stage.lanes?.opportunities?.length, stage.name).toBeGreaterThan(0);
      }
      for (const tp of touchpoints) {
        expect(ZTouchpointCreateWithoutStage.safeParse(tp).error, tp.name).toBeUndefined();
        expect(tp.matchRules?.length, tp.name).toBeGreaterThan(0);
        expect(tp.checklist.length, tp.name).toBeGreaterThan(0);
      }
    },
  );

  it('numbers stages and touchpoints in template order', () => {
    const { stages } = expandJourneyTemplate(getJourneyTemplate('b2b-saas')!);
    expect(stages.map((s) => s.stage.position)).toEqual(stages.map((_, i) => i));
    for (const { touchpoints } of stages) {
      expect(touchpoints.map((t) => t.position)).toEqual(touchpoints.map((_, i) => i));
    }
  });

  it('marks the e-commerce checkout and billing as friction-prone', () => {
    const { journey, stages } = expandJourneyTemplate(getJourneyTemplate('ecommerce-retail')!);
    expect(journey.goal).toEqual({ event: 'Order Completed', valueProperty: 'revenue' });
    const byKey = new Map(stages.flatMap((s) => s.touchpoints).map((t) => [t.templateKey, t]));
    expect(['decision', 'friction']).toContain(byKey.get('checkout-flow')?.designedMarker);
    expect(['decision', 'friction']).toContain(byKey.get('billing')?.designedMarker);
    for (const key of ['support-chat', 'support-email', 'thank-you', 'feedback-survey']) {
      expect(byKey.has(key), key).toBe(true);
    }
    const phases = new Set([...byKey.values()].map((t) => t.phase));
    expect([...phases].sort()).toEqual(['after', 'before', 'during', 'service']);
  });

  it('applies the template overrides over the catalog entry', () => {
    const { stages } = expandJourneyTemplate(getJourneyTemplate('ecommerce-retail')!);
    const checkout = stages
      .flatMap((s) => s.touchpoints)
      .find((t) => t.templateKey === 'checkout-flow');
    expect(checkout?.name).toBe('Checkout and payment');
    expect(checkout?.matchRules).toEqual(getTouchpointTemplate('checkout-flow')?.matchRules);
  });

  it('returns copies that can be changed without touching the templates', () => {
    const template = getJourneyTemplate('ecommerce-retail')!;
    const first = expandJourneyTemplate(template);
    first.stages[0].stage.lanes?.actions?.push('changed');
    first.stages[0].touchpoints[0].matchRules?.push({ event: 'Changed' });
    const second = expandJourneyTemplate(template);
    expect(second.stages[0].stage.lanes?.actions).not.toContain('changed');
    expect(second.stages[0].touchpoints[0].matchRules).not.toContainEqual({ event: 'Changed' });
  });

  it('refuses a template that names a touchpoint missing from the catalog', () => {
    const template = structuredClone(getJourneyTemplate('b2b-saas')!);
    template.stages[0].touchpoints.push({ templateKey: 'carrier-pigeon' });
    expect(() => expandJourneyTemplate(template)).toThrow(AppError);
  });
});
