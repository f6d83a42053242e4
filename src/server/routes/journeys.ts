import { z } from 'zod';
import {
  ZJourney,
  ZJourneyCreate,
  ZJourneyUpdate,
  ZStage,
  ZStageCreate,
  ZStageUpdate,
} from '../../core/schemas/journey.ts';
import {
  ZTouchpoint,
  ZTouchpointCreate,
  ZTouchpointUpdate,
} from '../../core/schemas/touchpoint.ts';
import type { Store } from '../../store/port.ts';
import { type ApiRegistry, found, ZIdParam } from '../route.ts';

const ZJourneyMap = ZJourney.extend({ stages: z.array(ZStage), touchpoints: z.array(ZTouchpoint) });

export function registerJourneyRoutes(api: ApiRegistry, store: Store) {
  const tags = ['journeys'];
  const journeyOf = async (workspaceId: string, id: string) =>
    found(await store.getJourney(workspaceId, id), 'journey', id);

  api.route(
    {
      method: 'GET',
      url: '/api/journeys',
      summary: 'List journeys',
      tags,
      auth: ['api'],
      response: z.array(ZJourney),
    },
    ({ principal }) => store.listJourneys(principal.workspaceId),
  );
  api.route(
    {
      method: 'POST',
      url: '/api/journeys',
      summary: 'Create a journey',
      tags,
      auth: ['api'],
      body: ZJourneyCreate,
      response: ZJourney,
    },
    ({ principal, body }) => store.createJourney(principal.workspaceId, body),
  );
  api.route(
    {
      method: 'GET',
      url: '/api/journeys/:id',
      summary: 'A journey with its stages and touchpoints in map order',
      tags,
      auth: ['api'],
      params: ZIdParam,
      response: ZJourneyMap,
    },
    async ({ principal, params }) => {
      const journey = await journeyOf(principal.workspaceId, params.id);
      const [stages, touchpoints] = await Promise.all([
        store.listStages(principal.workspaceId, journey.id),
        store.listTouchpoints(principal.workspaceId, journey.id),
      ]);
      return { ...journey, stages, touchpoints };
    },
  );
  api.route(
    {
      method: 'PATCH',
      url: '/api/journeys/:id',
      summary: 'Update a journey (name, goal, settings, personas)',
      tags,
      auth: ['api'],
      params: ZIdParam,
      body: ZJourneyUpdate,
      response: ZJourney,
    },
    async ({ principal, params, body }) =>
      found(
        await store.updateJourney(principal.workspaceId, params.id, body),
        'journey',
        params.id,
      ),
  );
  api.deleteRoute(
    {
      url: '/api/journeys/:id',
      summary: 'Delete a journey with its stages and touchpoints',
      tags: tags,
      what: 'journey',
    },
    (workspaceId, id) => store.deleteJourney(workspaceId, id),
  );

  // Stages
  api.route(
    {
      method: 'GET',
      url: '/api/journeys/:id/stages',
      summary: 'Stages in order',
      tags,
      auth: ['api'],
      params: ZIdParam,
      response: z.array(ZStage),
    },
    async ({ principal, params }) => {
      await journeyOf(principal.workspaceId, params.id);
      return store.listStages(principal.workspaceId, params.id);
    },
  );
  api.route(
    {
      method: 'POST',
      url: '/api/journeys/:id/stages',
      summary: 'Add a stage (at `position`, default last)',
      tags,
      auth: ['api'],
      params: ZIdParam,
      body: ZStageCreate,
      response: ZStage,
    },
    async ({ principal, params, body }) =>
      found(await store.createStage(principal.workspaceId, params.id, body), 'journey', params.id),
  );
  api.route(
    {
      method: 'PATCH',
      url: '/api/stages/:id',
      summary: 'Update or move a stage',
      tags,
      auth: ['api'],
      params: ZIdParam,
      body: ZStageUpdate,
      response: ZStage,
    },
    async ({ principal, params, body }) =>
      found(await store.updateStage(principal.workspaceId, params.id, body), 'stage', params.id),
  );
  api.deleteRoute(
    {
      url: '/api/stages/:id',
      summary: 'Delete an empty stage (409 while it holds touchpoints)',
      tags: tags,
      what: 'stage',
    },
    (workspaceId, id) => store.deleteStage(workspaceId, id),
  );

  // Touchpoints
  api.route(
    {
      method: 'GET',
      url: '/api/journeys/:id/touchpoints',
      summary: 'Touchpoints in map order',
      tags: ['touchpoints'],
      auth: ['api'],
      params: ZIdParam,
      response: z.array(ZTouchpoint),
    },
    async ({ principal, params }) => {
      await journeyOf(principal.workspaceId, params.id);
      return store.listTouchpoints(principal.workspaceId, params.id);
    },
  );
  api.route(
    {
      method: 'POST',
      url: '/api/journeys/:id/touchpoints',
      summary: 'Add a touchpoint to a stage of the journey',
      tags: ['touchpoints'],
      auth: ['api'],
      params: ZIdParam,
      body: ZTouchpointCreate,
      response: ZTouchpoint,
    },
    async ({ principal, params, body }) => {
      await journeyOf(principal.workspaceId, params.id);
      return found(
        await store.createTouchpoint(principal.workspaceId, params.id, body),
        'stage',
        body.stageId,
      );
    },
  );
  api.route(
    {
      method: 'GET',
      url: '/api/touchpoints/:id',
      summary: 'Get a touchpoint',
      tags: ['touchpoints'],
      auth: ['api'],
      params: ZIdParam,
      response: ZTouchpoint,
    },
    async ({ principal, params }) =>
      found(await store.getTouchpoint(principal.workspaceId, params.id), 'touchpoint', params.id),
  );
  api.route(
    {
      method: 'PATCH',
      url: '/api/touchpoints/:id',
      summary: 'Update a touchpoint; `stageId`/`position` move it',
      tags: ['touchpoints'],
      auth: ['api'],
      params: ZIdParam,
      body: ZTouchpointUpdate,
      response: ZTouchpoint,
    },
    async ({ principal, params, body }) =>
      found(
        await store.updateTouchpoint(principal.workspaceId, params.id, body),
        'touchpoint',
        params.id,
      ),
  );
  api.deleteRoute(
    {
      url: '/api/touchpoints/:id',
      summary: 'Delete a touchpoint',
      tags: ['touchpoints'],
      what: 'touchpoint',
    },
    (workspaceId, id) => store.deleteTouchpoint(workspaceId, id),
  );
}
