import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { invalid } from '../../core/errors.ts';
import {
  examplesFromCsv,
  type TLabelledExample,
  trainContactReasons,
} from '../../core/listening/contact-reason-model.ts';
import { ZTimestamp } from '../../core/schemas/common.ts';
import {
  ZCsatSummary,
  ZSentimentLabel as ZLabel,
  ZSentimentSummary,
  ZStageEmotion,
} from '../../core/schemas/listening.ts';
import { scoreSentiment } from '../../core/sentiment/score-sentiment.ts';
import { CsvParser } from '../../ingest/import/csv-parser.ts';
import type { Store } from '../../store/port.ts';
import { type ApiRegistry, found, ZIdParam } from '../route.ts';
import { resolveScope, ZMetricsQuery } from './metrics.ts';

const DAY = 86_400_000;
/** Training runs on the request's thread: a bound that keeps it to a few seconds. */
const MAX_EXAMPLES = 5000;

const ZTrend = z.object({
  previous: z.number().int(),
  change: z.number().int(),
  relativeChange: z.number().nullable(),
  direction: z.enum(['up', 'down', 'flat']),
});

const ZReasonFigures = z.object({
  key: z.string(),
  name: z.string(),
  volume: z.number().int(),
  share: z.number(),
  trend: ZTrend,
  customers: z.number().int(),
  repeatCustomers: z.number().int(),
  repeatRate: z.number(),
  examples: z.array(z.string()),
  touchpoints: z.array(
    z.object({ touchpointId: z.string(), name: z.string(), volume: z.number().int() }),
  ),
});

const ZModelRecord = z.object({
  id: z.string(),
  reasons: z.array(z.string()),
  examples: z.number().int(),
  holdout: z.object({ share: z.number(), rows: z.number().int(), accuracy: z.number() }),
  minConfidence: z.number(),
  seed: z.number().int(),
  createdAt: z.string(),
});

/** `from`/`to` of the contact reports: default the 30 days before `to`. */
export const ZListeningQuery = z.object({
  from: ZTimestamp.optional().meta({ description: 'Inclusive start; default 30 days before `to`' }),
  to: ZTimestamp.optional().meta({ description: 'Exclusive end; default now' }),
  personaId: z.string().max(64).optional(),
});

/**
 * The range and persona of a contact report: as for every journey analysis (resolveScope), with
 * a default range of the 30 days before `to`.
 */
export function resolveListeningScope(
  store: Store,
  workspaceId: string,
  q: { from?: string; to?: string; personaId?: string },
  at: 'query' | 'body' = 'query',
) {
  const to = q.to ? new Date(q.to) : new Date();
  const from = q.from ?? new Date(to.getTime() - 30 * DAY).toISOString();
  return resolveScope(store, workspaceId, { ...q, from, to: to.toISOString() }, at);
}

const ZTrainBody = z.object({
  examples: z
    .array(
      z.object({
        text: z.string().trim().min(1).max(5000),
        reason: z.string().trim().min(1).max(100),
      }),
    )
    .max(MAX_EXAMPLES)
    .optional()
    .meta({ description: 'Labelled examples as JSON rows (or send `csv`)' }),
  csv: z
    .string()
    .max(5_000_000)
    .optional()
    .meta({ description: 'A CSV with a header row; or send the file itself as text/csv' }),
  textColumn: z.string().min(1).max(200).default('text'),
  reasonColumn: z.string().min(1).max(200).default('reason'),
  delimiter: z.string().length(1).optional(),
  holdout: z.number().gt(0).lt(1).default(0.2),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(1),
  minConfidence: z
    .number()
    .min(0)
    .max(1)
    .default(0.4)
    .meta({ description: 'Below this confidence a text counts as "unclassified"' }),
});

/** The labelled examples of a training request, from JSON rows or a CSV. */
function examplesOf(body: z.output<typeof ZTrainBody>): TLabelledExample[] {
  if (body.examples && body.csv !== undefined) {
    throw invalid('send either examples or csv, not both', [
      { path: 'body.csv', message: 'examples were sent too' },
    ]);
  }
  if (body.examples) return body.examples;
  if (body.csv === undefined) {
    throw invalid('send labelled examples: `examples` rows or a `csv`', [
      { path: 'body.examples', message: 'required (or csv)' },
    ]);
  }
  const parser = new CsvParser(body.delimiter ? { delimiter: body.delimiter } : {});
  const rows = [...parser.push(body.csv), ...parser.end()];
  const examples = examplesFromCsv(
    rows,
    { text: body.textColumn, reason: body.reasonColumn },
    'body.csv',
  );
  if (examples.length > MAX_EXAMPLES) {
    throw invalid(`at most ${MAX_EXAMPLES} examples per training`, [
      { path: 'body.csv', message: `${examples.length} rows` },
    ]);
  }
  for (const [i, e] of examples.entries()) {
    if (e.reason.length > 100) {
      throw invalid(`CSV line ${i + 2}: the reason is longer than 100 characters`, [
        { path: 'body.csv', message: `line ${i + 2}: column "${body.reasonColumn}" too long` },
      ]);
    }
  }
  return examples;
}

/**
 * The listening layer's API: sentiment per touchpoint, stage and customer; the workspace's
 * contact-reason model; contact reasons (or themes) at service touchpoints and the self-service
 * gaps they reveal. The task from a gap is created by the tasks routes.
 */
export function registerListeningRoutes(app: FastifyInstance, api: ApiRegistry, store: Store) {
  const tags = ['listening'];
  const listening = () => store.listening();

  // A CSV file sent as is becomes `{ csv }`, so that one body schema checks both forms.
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'string', bodyLimit: 5 * 1024 * 1024 },
    (_req, body, done) => done(null, { csv: body as string }),
  );

  api.route(
    {
      method: 'GET',
      url: '/api/journeys/:id/sentiment',
      summary:
        'Sentiment of the texts and CSAT per touchpoint and stage of a journey, with the measured emotion',
      tags,
      auth: ['api'],
      params: ZIdParam,
      query: ZMetricsQuery,
      response: z.object({
        journeyId: z.string(),
        personaId: z.string().nullable(),
        from: z.string(),
        to: z.string(),
        touchpoints: z.array(
          z.object({
            touchpointId: z.string(),
            name: z.string(),
            stageId: z.string(),
            phase: z.string(),
            sentiment: ZSentimentSummary,
            csat: ZCsatSummary,
          }),
        ),
        stages: z.array(ZStageEmotion),
      }),
    },
    async ({ principal, params, query }) => {
      const { from, to } = await resolveScope(store, principal.workspaceId, query);
      const report = found(
        await listening().journeyListening(principal.workspaceId, params.id, {
          from,
          to,
          personaId: query.personaId,
        }),
        'journey',
        params.id,
      );
      return {
        journeyId: params.id,
        personaId: query.personaId ?? null,
        from: from.toISOString(),
        to: to.toISOString(),
        ...report,
      };
    },
  );

  api.route(
    {
      method: 'GET',
      url: '/api/customers/:id/sentiment',
      summary: "The sentiment of a customer's messages: the average and the latest messages",
      tags,
      auth: ['api'],
      params: ZIdParam,
      query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) }),
      response: z.object({
        customerId: z.string(),
        summary: ZSentimentSummary,
        messages: z.array(
          z.object({
            messageId: z.string(),
            timestamp: z.string(),
            event: z.string(),
            text: z.string(),
            score: z.number(),
            label: ZLabel,
          }),
        ),
      }),
    },
    async ({ principal, params, query }) => {
      const ws = principal.workspaceId;
      const customer = found(await store.getCustomer(ws, params.id), 'customer', params.id);
      return {
        customerId: customer.id,
        ...(await listening().customerSentiment(ws, customer.id, query.limit)),
      };
    },
  );

  api.route(
    {
      method: 'GET',
      url: '/api/customers/:id/survey-responses',
      summary: "A customer's survey answers, latest first, with the sentiment of each comment",
      tags,
      auth: ['api'],
      params: ZIdParam,
      query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
      response: z.object({
        total: z.number().int(),
        items: z.array(
          z.object({
            id: z.string(),
            surveyId: z.string(),
            surveyName: z.string().nullable(),
            kind: z.string().nullable(),
            touchpointId: z.string(),
            touchpointName: z.string().nullable(),
            score: z.number().nullable(),
            comment: z.string().nullable(),
            commentSentiment: z.object({ score: z.number(), label: ZLabel }).nullable(),
            answers: z.record(z.string(), z.unknown()),
            channel: z.string(),
            createdAt: z.string(),
          }),
        ),
      }),
    },
    async ({ principal, params, query }) => {
      const ws = principal.workspaceId;
      const customer = found(await store.getCustomer(ws, params.id), 'customer', params.id);
      const page = await listening().customerSurveyResponses(ws, customer.id, query.limit);
      return {
        total: page.total,
        // The same scorer as the stored sentiment of the response's event (its text is the
        // comment), so the figure matches the timeline's badge.
        items: page.items.map((r) => ({
          ...r,
          commentSentiment: r.comment?.trim() ? scoreSentiment(r.comment) : null,
        })),
      };
    },
  );

  const modelView = (
    r: Awaited<ReturnType<ReturnType<Store['listening']>['getContactReasonModel']>>,
  ) => (r ? { id: r.id, ...r.info, createdAt: r.createdAt } : undefined);

  api.route(
    {
      method: 'POST',
      url: '/api/contact-reasons/model',
      summary:
        "Train the workspace's contact-reason model from labelled examples (JSON rows or a CSV); reports held-out accuracy",
      tags,
      auth: ['api'],
      body: ZTrainBody,
      response: ZModelRecord,
    },
    async ({ principal, body }) => {
      const trained = trainContactReasons(examplesOf(body), {
        holdout: body.holdout,
        seed: body.seed,
        minConfidence: body.minConfidence,
      });
      return modelView(await listening().saveContactReasonModel(principal.workspaceId, trained));
    },
  );
  api.route(
    {
      method: 'GET',
      url: '/api/contact-reasons/model',
      summary: "The workspace's contact-reason model: reasons, accuracy, confidence threshold",
      tags,
      auth: ['api'],
      response: ZModelRecord,
    },
    async ({ principal }) =>
      found(
        modelView(await listening().getContactReasonModel(principal.workspaceId)),
        'contact-reason model',
      ),
  );
  api.route(
    {
      method: 'DELETE',
      url: '/api/contact-reasons/model',
      summary: 'Delete the contact-reason model: contact reasons become discovered themes again',
      tags,
      auth: ['api'],
      response: z.null(),
      status: 204,
    },
    async ({ principal }) => {
      found(
        await listening().deleteContactReasonModel(principal.workspaceId),
        'contact-reason model',
      );
      return undefined;
    },
  );

  api.route(
    {
      method: 'GET',
      url: '/api/contact-reasons',
      summary:
        "Contact reasons (with a model) or themes at a journey's service touchpoints: volume, trend, repeat rate, examples",
      tags,
      auth: ['api'],
      query: ZListeningQuery.extend({
        journeyId: z.string().max(64).optional(),
        touchpointId: z.string().max(64).optional(),
      }),
      response: z.object({
        journeyId: z.string(),
        touchpoints: z.array(z.object({ touchpointId: z.string(), name: z.string() })),
        from: z.string(),
        to: z.string(),
        previousFrom: z.string(),
        mode: z.enum(['reasons', 'themes']),
        model: z
          .object({ id: z.string(), accuracy: z.number(), minConfidence: z.number() })
          .nullable(),
        contacts: z.number().int(),
        previousContacts: z.number().int(),
        customers: z.number().int(),
        repeatRate: z.number(),
        truncated: z.boolean(),
        reasons: z.array(ZReasonFigures),
      }),
    },
    async ({ principal, query }) => {
      const ws = principal.workspaceId;
      const { from, to } = await resolveListeningScope(store, ws, query);
      const report = await listening().contactReasons(ws, {
        journeyId: query.journeyId,
        touchpointId: query.touchpointId,
        from,
        to,
        personaId: query.personaId,
      });
      return query.touchpointId
        ? found(report, 'touchpoint', query.touchpointId)
        : found(report, 'journey', query.journeyId);
    },
  );

  api.route(
    {
      method: 'GET',
      url: '/api/journeys/:id/self-service-gaps',
      summary:
        'Recurring contact reasons at the service touchpoints, as knowledge-base suggestions',
      tags,
      auth: ['api'],
      params: ZIdParam,
      query: ZListeningQuery,
      response: z.object({
        journeyId: z.string(),
        from: z.string(),
        to: z.string(),
        previousFrom: z.string(),
        mode: z.enum(['reasons', 'themes']),
        contacts: z.number().int(),
        rule: z.object({ minContacts: z.number(), minShare: z.number() }),
        gaps: z.array(ZReasonFigures.extend({ suggestion: z.string(), priority: z.number() })),
      }),
    },
    async ({ principal, params, query }) => {
      const ws = principal.workspaceId;
      const { from, to } = await resolveListeningScope(store, ws, query);
      return found(
        await listening().selfServiceGaps(ws, params.id, { from, to, personaId: query.personaId }),
        'journey',
        params.id,
      );
    },
  );
}
