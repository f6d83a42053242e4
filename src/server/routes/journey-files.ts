import { z } from 'zod';
import {
  buildJourneyFile,
  planPersonas,
  ZJourneyFile,
} from '../../core/journey-file/journey-file.ts';
import { ZJourney } from '../../core/schemas/journey.ts';
import type { Store } from '../../store/port.ts';
import { type ApiRegistry, found, ZIdParam } from '../route.ts';

const ZImportResult = z.object({
  journey: ZJourney,
  personas: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      created: z.boolean().meta({ description: 'false: an existing persona of that name is used' }),
    }),
  ),
});

/** Journey files: export a journey as JSON, and recreate a journey from such a file. */
export function registerJourneyFileRoutes(api: ApiRegistry, store: Store) {
  const tags = ['journeys'];
  api.route(
    {
      method: 'GET',
      url: '/api/journeys/:id/export',
      summary: 'A journey as a portable JSON file (definition, stages, touchpoints, personas)',
      tags,
      auth: ['api'],
      params: ZIdParam,
      response: ZJourneyFile,
    },
    async ({ principal, params, reply }) => {
      const ws = principal.workspaceId;
      const journey = found(await store.getJourney(ws, params.id), 'journey', params.id);
      const [stages, touchpoints, personas] = await Promise.all([
        store.listStages(ws, journey.id),
        store.listTouchpoints(ws, journey.id),
        store.listPersonas(ws),
      ]);
      const name = journey.name.replace(/[^\w.-]+/g, '-').slice(0, 80) || 'journey';
      void reply.header('content-disposition', `attachment; filename="${name}.journey.json"`);
      return buildJourneyFile(journey, stages, touchpoints, personas, new Date());
    },
  );
  api.route(
    {
      method: 'POST',
      url: '/api/journeys/import',
      summary:
        'Recreate a journey from a journey file, in one transaction; personas are matched by name or created',
      tags,
      auth: ['api'],
      body: ZJourneyFile.extend({
        name: z.string().min(1).max(200).optional().meta({
          description: 'A name for the new journey instead of the one in the file',
        }),
      }),
      response: ZImportResult,
    },
    async ({ principal, body }) => {
      const ws = principal.workspaceId;
      const plan = planPersonas(body, await store.listPersonas(ws));
      const toCreate = plan.filter((p) => !p.existing).map((p) => p.persona);
      const journey = await store.createJourneyFromBlueprint(ws, {
        journey: {
          ...body.journey,
          name: body.name ?? body.journey.name,
          personaIds: plan.flatMap((p) => (p.existing ? [p.existing.id] : [])),
        },
        newPersonas: toCreate,
        stages: body.stages.map(({ touchpoints, ...stage }) => ({ stage, touchpoints })),
      });
      const personas = await store.listPersonas(ws);
      const byId = new Map(personas.map((p) => [p.id, p]));
      const existingIds = new Set(plan.flatMap((p) => (p.existing ? [p.existing.id] : [])));
      return {
        journey,
        personas: journey.personaIds.map((id) => ({
          id,
          name: byId.get(id)?.name ?? '',
          created: !existingIds.has(id),
        })),
      };
    },
  );
}
