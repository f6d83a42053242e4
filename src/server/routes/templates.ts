import { z } from 'zod';
import { notFound } from '../../core/errors.ts';
import { ZJourney } from '../../core/schemas/journey.ts';
import { ZPhase } from '../../core/schemas/touchpoint.ts';
import {
  expandJourneyTemplate,
  getJourneyTemplate,
  listJourneyTemplates,
  listTouchpointTemplates,
  ZJourneyTemplate,
  ZTouchpointTemplate,
} from '../../core/templates/index.ts';
import type { Store } from '../../store/port.ts';
import type { ApiRegistry } from '../route.ts';

export function registerTemplateRoutes(api: ApiRegistry, store: Store) {
  const tags = ['templates'];
  api.route(
    {
      method: 'GET',
      url: '/api/templates/touchpoints',
      summary: 'The touchpoint catalog, optionally one phase',
      tags,
      auth: ['api'],
      query: z.object({ phase: ZPhase.optional() }),
      response: z.array(ZTouchpointTemplate),
    },
    async ({ query }) => [...listTouchpointTemplates(query.phase)],
  );
  api.route(
    {
      method: 'GET',
      url: '/api/templates/journeys',
      summary: 'Journey templates',
      tags,
      auth: ['api'],
      response: z.array(ZJourneyTemplate),
    },
    async () => [...listJourneyTemplates()],
  );
  api.route(
    {
      method: 'POST',
      url: '/api/journeys/from-template',
      summary:
        'Create a journey with its stages, touchpoints, match rules and goal from a template',
      tags: ['journeys'],
      auth: ['api'],
      body: z.object({
        template: z
          .string()
          .min(1)
          .max(80)
          .meta({ description: 'Journey template key, e.g. ecommerce-retail' }),
        name: z.string().min(1).max(200).optional(),
      }),
      response: ZJourney,
    },
    async ({ principal, body }) => {
      const template = getJourneyTemplate(body.template);
      if (!template) throw notFound('journey template', body.template);
      const blueprint = expandJourneyTemplate(template);
      if (body.name) blueprint.journey.name = body.name;
      return store.createJourneyFromBlueprint(principal.workspaceId, blueprint);
    },
  );
}
