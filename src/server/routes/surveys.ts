import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { conflict, describeIssues, invalid, notFound } from '../../core/errors.ts';
import {
  checkSurveyShape,
  type TSurvey,
  ZSurvey,
  ZSurveyCreate,
  ZSurveyResponse,
  ZSurveySettings,
  ZSurveyUpdate,
} from '../../core/schemas/survey.ts';
import { renderEmailSnippet } from '../../core/surveys/email-snippet.ts';
import { scoreGroups } from '../../core/surveys/score-groups.ts';
import type { Store } from '../../store/port.ts';
import type { CustomerRef } from '../../store/queries/surveys/find-customer.ts';
import { type ApiRegistry, found, ZIdParam } from '../route.ts';
import { LINK_TTL_MAX_S, linkTtl, type SurveyDelivery } from '../survey-delivery.ts';
import { resolveRange, ZMetricsQuery } from './metrics.ts';

const ZLinkRequest = z.object({
  customerId: z.string().min(1).max(64).optional(),
  userId: z.string().min(1).max(200).optional(),
  email: z.string().trim().min(3).max(320).optional(),
  ttl: z
    .number()
    .int()
    .optional()
    .meta({
      description: `Seconds the link stays valid: 60 to ${LINK_TTL_MAX_S}; default 14 days`,
    }),
  force: z.boolean().default(false).meta({
    description: 'Make the link even though the fatigue rules protect the customer',
  }),
});
type TLinkRequest = z.infer<typeof ZLinkRequest>;

const ZLink = z.object({
  url: z.string().meta({ description: 'The survey page: /s/<token>, absolute' }),
  token: z.string(),
  customerId: z.string(),
  channel: z.enum(['link', 'email']),
  expiresAt: z.string(),
});

const ZInterval = z.object({ low: z.number(), high: z.number() }).nullable();
const ZGroupScores = z.object({
  key: z.string(),
  label: z.string(),
  responses: z.number(),
  csat: z.object({
    responses: z.number(),
    satisfied: z.number(),
    csat: z.number().nullable(),
    ci95: ZInterval,
  }),
  nps: z.object({
    responses: z.number(),
    promoters: z.number(),
    passives: z.number(),
    detractors: z.number(),
    pctPromoters: z.number().nullable(),
    pctDetractors: z.number().nullable(),
    nps: z.number().nullable(),
    ci95: ZInterval,
  }),
  ces: z.object({
    responses: z.number(),
    scale: z.number(),
    mean: z.number().nullable(),
    sd: z.number().nullable(),
    meanCi95: ZInterval,
    agreeAtLeast: z.number(),
    agree: z.number(),
    agreePct: z.number().nullable(),
    agreeCi95: ZInterval,
  }),
  responseRate: z.object({
    invited: z.number(),
    responses: z.number(),
    rate: z.number().nullable(),
    ci95: ZInterval,
  }),
});

/** The customer a link request names: exactly one of customerId, userId, email. */
function customerRefOf(body: TLinkRequest): { ref: CustomerRef; field: string } {
  const given = (['customerId', 'userId', 'email'] as const).filter((k) => body[k] !== undefined);
  if (given.length !== 1) {
    throw invalid('name the customer by exactly one of customerId, userId or email', [
      { path: 'body.customerId', message: 'give exactly one of customerId, userId, email' },
    ]);
  }
  const field = `body.${given[0]}`;
  if (body.customerId) return { ref: { customerId: body.customerId }, field };
  if (body.userId) return { ref: { kind: 'user_id', value: body.userId }, field };
  return { ref: { kind: 'email', value: body.email! }, field };
}

/** Checks a whole survey's cross-field rules; a 400 naming each field under `body.`. */
function checkWhole(survey: Pick<TSurvey, 'kind' | 'questions' | 'followUps'>) {
  const parsed = ZSurvey.pick({ kind: true, questions: true, followUps: true })
    .superRefine(checkSurveyShape)
    .safeParse(survey);
  if (!parsed.success) {
    const details = describeIssues(parsed.error.issues).map((i) => ({
      ...i,
      path: `body.${i.path}`,
    }));
    throw invalid(
      `invalid body: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`,
      details,
    );
  }
}

/**
 * Surveys on touchpoints: CRUD, signed links (also as email snippets), responses, scores and the
 * workspace's fatigue setting. Viewers read; editors and owners write.
 */
export function registerSurveyRoutes(
  api: ApiRegistry,
  store: Store,
  delivery: SurveyDelivery,
  publicUrl?: string,
) {
  const tags = ['surveys'];
  /** Links are absolute: the configured public address, else the address this request used. */
  const linkUrl = (req: FastifyRequest, token: string) =>
    `${publicUrl ?? `${req.protocol}://${req.host}`}/s/${token}`;

  api.route(
    {
      method: 'GET',
      url: '/api/surveys',
      summary: 'Surveys, filtered by journey or touchpoint',
      tags,
      auth: ['api'],
      query: z.object({
        journeyId: z.string().max(64).optional(),
        touchpointId: z.string().max(64).optional(),
      }),
      response: z.array(ZSurvey),
    },
    async ({ principal, query }) => store.listSurveys(principal.workspaceId, query),
  );

  api.route(
    {
      method: 'POST',
      url: '/api/surveys',
      summary:
        'Create a survey on a touchpoint (csat, nps and ces get their standard question when none is given)',
      tags,
      auth: ['api'],
      body: ZSurveyCreate,
      response: ZSurvey,
    },
    async ({ principal, body }) =>
      found(await store.createSurvey(principal.workspaceId, body), 'touchpoint', body.touchpointId),
  );

  api.route(
    {
      method: 'GET',
      url: '/api/surveys/settings',
      summary: "The workspace's survey settings (fatigue window)",
      tags,
      auth: ['api'],
      response: ZSurveySettings,
    },
    async ({ principal }) => store.getSurveySettings(principal.workspaceId),
  );

  api.route(
    {
      method: 'PUT',
      url: '/api/surveys/settings',
      summary: 'Set the fatigue window: at most one survey per customer per this many days',
      tags,
      auth: ['api'],
      body: ZSurveySettings,
      response: ZSurveySettings,
    },
    async ({ principal, body }) => store.updateSurveySettings(principal.workspaceId, body),
  );

  api.route(
    {
      method: 'GET',
      url: '/api/surveys/scores',
      summary:
        'CSAT, NPS, CES and response rate with 95% intervals, per touchpoint, stage, persona, week or month',
      tags,
      auth: ['api'],
      query: ZMetricsQuery.extend({
        groupBy: z.enum(['touchpoint', 'stage', 'persona', 'week', 'month']).default('touchpoint'),
        journeyId: z.string().max(64).optional(),
        surveyId: z.string().max(64).optional(),
      }),
      response: z.object({
        groupBy: z.string(),
        from: z.string(),
        to: z.string(),
        journeyId: z.string().nullable(),
        surveyId: z.string().nullable(),
        personaId: z.string().nullable(),
        groups: z.array(ZGroupScores),
      }),
    },
    async ({ principal, query }) => {
      const { from, to } = resolveRange(query);
      const ws = principal.workspaceId;
      if (query.journeyId)
        found(await store.getJourney(ws, query.journeyId), 'journey', query.journeyId);
      if (query.surveyId)
        found(await store.getSurvey(ws, query.surveyId), 'survey', query.surveyId);
      if (query.personaId)
        found(await store.getPersona(ws, query.personaId), 'persona', query.personaId);
      const counts = await store.surveyScoreCounts(ws, {
        from,
        to,
        groupBy: query.groupBy,
        journeyId: query.journeyId,
        surveyId: query.surveyId,
        personaId: query.personaId,
      });
      // Checked above; undefined only if one was deleted in between.
      if (!counts) throw notFound('journey, survey or persona');
      return {
        groupBy: query.groupBy,
        from: from.toISOString(),
        to: to.toISOString(),
        journeyId: query.journeyId ?? null,
        surveyId: query.surveyId ?? null,
        personaId: query.personaId ?? null,
        groups: scoreGroups(counts.groups, counts.counts, counts.invitations),
      };
    },
  );

  api.route(
    {
      method: 'GET',
      url: '/api/surveys/:id',
      summary: 'One survey',
      tags,
      auth: ['api'],
      params: ZIdParam,
      response: ZSurvey,
    },
    async ({ principal, params }) =>
      found(await store.getSurvey(principal.workspaceId, params.id), 'survey', params.id),
  );

  api.route(
    {
      method: 'PATCH',
      url: '/api/surveys/:id',
      summary: 'Change a survey; its kind is fixed once it has responses',
      tags,
      auth: ['api'],
      params: ZIdParam,
      body: ZSurveyUpdate,
      response: ZSurvey,
    },
    async ({ principal, params, body }) => {
      const ws = principal.workspaceId;
      const cur = found(await store.getSurvey(ws, params.id), 'survey', params.id);
      checkWhole({
        kind: body.kind ?? cur.kind,
        questions: body.questions ?? cur.questions,
        followUps: body.followUps ?? cur.followUps,
      });
      if (body.kind && body.kind !== cur.kind) {
        const { total } = await store.listSurveyResponses(ws, cur.id, { limit: 1 });
        if (total > 0) {
          throw conflict(`survey ${cur.id} has ${total} responses: its kind cannot change`, {
            field: 'kind',
          });
        }
      }
      return found(await store.updateSurvey(ws, cur.id, body), 'survey', params.id);
    },
  );

  api.deleteRoute(
    {
      url: '/api/surveys/:id',
      summary: 'Delete a survey with its invitations and responses (their events stay)',
      tags,
      what: 'survey',
    },
    (ws, id) => store.deleteSurvey(ws, id),
  );

  const makeLink = async (
    workspaceId: string,
    id: string,
    body: TLinkRequest,
    channel: 'link' | 'email',
    req: FastifyRequest,
  ) => {
    const survey = found(await store.getSurvey(workspaceId, id), 'survey', id);
    const { ref, field } = customerRefOf(body);
    const ttlSeconds = linkTtl(body.ttl);
    const customerId = await delivery.resolveCustomer(workspaceId, ref, field);
    const link = await delivery.createLink(workspaceId, survey, customerId, {
      channel,
      ttlSeconds,
      force: body.force,
    });
    return {
      survey,
      link: {
        url: linkUrl(req, link.token),
        token: link.token,
        customerId,
        channel,
        expiresAt: link.expiresAt,
      },
    };
  };

  api.route(
    {
      method: 'POST',
      url: '/api/surveys/:id/links',
      summary:
        'A signed, expiring link to the survey page for one customer; 409 when the fatigue rules protect them (unless force)',
      tags,
      auth: ['api'],
      params: ZIdParam,
      body: ZLinkRequest,
      response: ZLink,
    },
    async ({ principal, params, body, req }) =>
      (await makeLink(principal.workspaceId, params.id, body, 'link', req)).link,
  );

  api.route(
    {
      method: 'POST',
      url: '/api/surveys/:id/email-snippet',
      summary:
        'A signed link for one customer as ready-to-paste email HTML and text, with one link per score',
      tags,
      auth: ['api'],
      params: ZIdParam,
      body: ZLinkRequest,
      response: ZLink.extend({
        scoreLinks: z.array(z.object({ score: z.number(), url: z.string() })),
        html: z.string(),
        text: z.string(),
      }),
    },
    async ({ principal, params, body, req }) => {
      const { survey, link } = await makeLink(principal.workspaceId, params.id, body, 'email', req);
      const snippet = renderEmailSnippet(survey, link.url);
      return { ...link, scoreLinks: snippet.scoreLinks, html: snippet.html, text: snippet.text };
    },
  );

  api.route(
    {
      method: 'GET',
      url: '/api/surveys/:id/responses',
      summary: "A survey's responses, latest first",
      tags,
      auth: ['api'],
      params: ZIdParam,
      query: z.object({
        limit: z.coerce.number().int().min(1).max(500).default(50),
        offset: z.coerce.number().int().min(0).default(0),
      }),
      response: z.object({ total: z.number(), items: z.array(ZSurveyResponse) }),
    },
    async ({ principal, params, query }) => {
      const ws = principal.workspaceId;
      found(await store.getSurvey(ws, params.id), 'survey', params.id);
      return store.listSurveyResponses(ws, params.id, query);
    },
  );
}
