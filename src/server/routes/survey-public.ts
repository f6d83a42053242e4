import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, invalid, notFound, tooManyRequests } from '../../core/errors.ts';
import { primaryQuestion, type TSurvey, ZSurvey } from '../../core/schemas/survey.ts';
import type { Store } from '../../store/port.ts';
import {
  type BucketSpec,
  defaultPublicLimits,
  type PublicLimits,
  RateLimiter,
} from '../rate-limit.ts';
import type { ApiRegistry } from '../route.ts';
import { type OpenedToken, SurveyDelivery } from '../survey-delivery.ts';
import {
  type PageError,
  renderErrorPage,
  renderSurveyPage,
  renderThankYouPage,
} from '../survey-page/render-survey-page.ts';
import { registerWidgetScript } from '../widget/serve-widget.ts';
import { registerSurveyRoutes } from './surveys.ts';

/** What the public sees of a survey: enough to render it, nothing about where it is used. */
export const ZPublicSurvey = ZSurvey.pick({
  id: true,
  name: true,
  kind: true,
  questions: true,
  followUps: true,
  thankYou: true,
});
const publicView = (s: TSurvey) => ({
  id: s.id,
  name: s.name,
  kind: s.kind,
  questions: s.questions,
  followUps: s.followUps,
  thankYou: s.thankYou,
});

const ZVisitor = z.object({
  anonymousId: z.string().trim().min(1).max(200).optional(),
  userId: z.string().trim().min(1).max(200).optional(),
});
const ZWidgetAnswer = z.object({
  token: z.string().min(1).max(1024),
  answers: z.record(z.string(), z.unknown()),
});

const ZEligibility = z.object({
  eligible: z.boolean(),
  reason: z
    .enum(['inactive', 'fatigue', 'repeat_interval'])
    .optional()
    .meta({ description: 'Why not, when not eligible' }),
  nextEligibleAt: z.string().optional(),
  token: z.string().optional().meta({ description: 'Answer with it (valid one day)' }),
  expiresAt: z.string().optional(),
  survey: ZPublicSurvey.optional(),
});

/** Rate limiters of the public survey endpoints, by IP and by token or key. */
export class PublicSurveyLimits {
  private readonly perIp: RateLimiter;
  private readonly perToken: RateLimiter;
  private readonly perKey: RateLimiter;

  constructor(limits: PublicLimits, now: () => number) {
    const make = (spec: BucketSpec) => new RateLimiter(spec, now);
    this.perIp = make(limits.perIp);
    this.perToken = make(limits.perToken);
    this.perKey = make(limits.perKey);
  }

  /** Takes one token from each named bucket; a 429 with Retry-After when one is empty. */
  take(reply: FastifyReply, buckets: { ip?: string; token?: string; key?: string }) {
    const checks: Array<[RateLimiter, string | undefined, string]> = [
      [this.perIp, buckets.ip, 'from this address'],
      [this.perToken, buckets.token, 'for this survey link'],
      [this.perKey, buckets.key, 'for this write key'],
    ];
    for (const [limiter, key, what] of checks) {
      if (key === undefined) continue;
      const taken = limiter.take(key);
      if (!taken.ok) {
        void reply.header('retry-after', String(taken.retryAfterSeconds));
        throw tooManyRequests(
          `too many requests ${what}: try again in ${taken.retryAfterSeconds} s`,
          { retryAfterSeconds: taken.retryAfterSeconds },
        );
      }
    }
  }
}

/** Reads an HTML form body: repeated names (checkboxes) become lists. */
export function parseForm(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const cur = Object.hasOwn(out, k) ? out[k] : undefined;
    const next = cur === undefined ? v : Array.isArray(cur) ? [...cur, v] : [cur, v];
    Object.defineProperty(out, k, {
      value: next,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** Headers of every survey page: no caching, no referrer (the URL is a key), no framing. */
function pageHeaders(reply: FastifyReply, scriptNonce?: string) {
  void reply
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .header('x-robots-tag', 'noindex')
    .header(
      'content-security-policy',
      `default-src 'none'; style-src 'unsafe-inline'; ${scriptNonce ? `script-src 'nonce-${scriptNonce}'; ` : ''}form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
    );
}

/** Plain titles for the refusals a person can meet on a survey page. */
const PAGE_TITLES: Record<string, string> = {
  invalid_token: 'This link is not valid',
  forged_token: 'This link is not valid',
  expired_token: 'This survey has closed',
  already_answered: 'Already answered',
  not_found: 'Survey not found',
  rate_limited: 'Please wait a moment',
  conflict: 'This survey has closed',
};

/**
 * The public face of surveys: the hosted page (`/s/<token>`), the widget script and its two
 * endpoints under `/v1/surveys` (write key auth and CORS, like the tracking API). Every one is
 * rate-limited per IP address, and per token or write key.
 */
export function registerSurveyPublicRoutes(
  app: FastifyInstance,
  api: ApiRegistry,
  delivery: SurveyDelivery,
  limits: PublicSurveyLimits,
) {
  registerWidgetScript(app);

  // The per-IP limit runs before anything else, authentication included.
  app.addHook('onRequest', async (req, reply) => {
    const url = req.url;
    if (url.startsWith('/s/') || url.startsWith('/v1/surveys/')) {
      try {
        limits.take(reply, { ip: req.ip });
      } catch (err) {
        if (url.startsWith('/s/')) return sendPageError(reply, err);
        throw err;
      }
    }
  });

  const sendPageError = (reply: FastifyReply, err: unknown) => {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    pageHeaders(reply);
    return reply
      .status(err.status)
      .send(renderErrorPage(PAGE_TITLES[err.code] ?? 'Something is wrong', err.message));
  };

  const openLink = async (req: FastifyRequest, reply: FastifyReply): Promise<OpenedToken> => {
    // A wildcard, not a `:token` param: the router caps params at 100 characters.
    const token = (req.params as { '*': string })['*'];
    limits.take(reply, { token: token.slice(0, 300) });
    return delivery.open(token);
  };

  void app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 64 * 1024 },
      (_req, body, done) => done(null, parseForm(body as string)),
    );

    scope.get('/s/*', async (req, reply) => {
      try {
        const opened = await openLink(req, reply);
        if (opened.answered) {
          const err = new AppError(
            409,
            'already_answered',
            'this survey was answered already: thank you',
          );
          return sendPageError(reply, err);
        }
        if (!opened.survey.active) {
          return sendPageError(reply, new AppError(409, 'conflict', 'this survey is closed'));
        }
        const nonce = randomBytes(12).toString('base64');
        const primary = primaryQuestion(opened.survey);
        const asked = Number((req.query as { score?: string }).score);
        const preselect =
          primary && Number.isInteger(asked) && asked >= primary.min && asked <= primary.max
            ? asked
            : undefined;
        pageHeaders(reply, nonce);
        return reply.send(
          renderSurveyPage({
            survey: opened.survey,
            action: req.url.split('?')[0]!,
            preselect,
            scriptNonce: nonce,
          }),
        );
      } catch (err) {
        return sendPageError(reply, err);
      }
    });

    scope.post('/s/*', async (req, reply) => {
      const isForm = String(req.headers['content-type'] ?? '').startsWith(
        'application/x-www-form-urlencoded',
      );
      const raw = (req.body ?? {}) as Record<string, unknown>;
      let opened: OpenedToken | undefined;
      try {
        opened = await openLink(req, reply);
        if (!isForm) {
          const answers = raw.answers;
          if (answers === null || typeof answers !== 'object' || Array.isArray(answers)) {
            throw invalid('send the answers as an object', [
              { path: 'body.answers', message: 'required: an object of answers by question id' },
            ]);
          }
          const response = await delivery.respond(
            opened,
            answers as Record<string, unknown>,
            'body.answers',
          );
          return reply.status(201).send({ id: response.id, thankYou: opened.survey.thankYou });
        }
        await delivery.respond(opened, raw, 'form');
        pageHeaders(reply);
        return reply.status(201).send(renderThankYouPage(opened.survey));
      } catch (err) {
        if (!isForm) throw err;
        if (opened && err instanceof AppError && err.code === 'invalid') {
          // Show the form again with the answers kept and each problem beside its question.
          const details = (err.details ?? []) as Array<{ path: string; message: string }>;
          const errors: PageError[] = details.map((d) => ({
            id: d.path.replace(/^form\./, ''),
            message: d.message === 'an answer is required' ? 'Please choose an answer.' : d.message,
          }));
          const nonce = randomBytes(12).toString('base64');
          pageHeaders(reply, nonce);
          return reply.status(400).send(
            renderSurveyPage({
              survey: opened.survey,
              action: req.url.split('?')[0]!,
              values: raw,
              errors,
              scriptNonce: nonce,
            }),
          );
        }
        return sendPageError(reply, err);
      }
    });
  });

  api.route(
    {
      method: 'GET',
      url: '/v1/surveys/:id/eligibility',
      summary:
        'Whether the widget may show a survey to this visitor now (fatigue rules); if so records the show and returns a token to answer with',
      tags: ['survey delivery'],
      auth: ['write'],
      role: 'viewer',
      params: z.object({ id: z.string().min(1).max(64) }),
      query: ZVisitor,
      response: ZEligibility,
    },
    async ({ principal, params, query, reply }) => {
      limits.take(reply, { key: principal.workspaceId });
      if (!query.anonymousId && !query.userId) {
        throw invalid('name the visitor by anonymousId or userId', [
          { path: 'query.anonymousId', message: 'anonymousId or userId is required' },
        ]);
      }
      const survey = await delivery.store.getSurvey(principal.workspaceId, params.id);
      if (!survey) throw notFound('survey', params.id);
      const answer = await delivery.widgetEligibility(principal.workspaceId, survey, {
        userId: query.userId ?? null,
        anonymousId: query.anonymousId ?? null,
      });
      return answer.eligible ? { ...answer, survey: publicView(survey) } : answer;
    },
  );

  api.route(
    {
      method: 'POST',
      url: '/v1/surveys/:id/responses',
      summary: 'Record a widget answer, with the token the eligibility check returned',
      tags: ['survey delivery'],
      auth: ['write'],
      role: 'viewer',
      params: z.object({ id: z.string().min(1).max(64) }),
      body: ZWidgetAnswer,
      response: z.object({ id: z.string(), thankYou: z.string() }),
    },
    async ({ principal, params, body, reply }) => {
      limits.take(reply, { key: principal.workspaceId, token: body.token.slice(0, 300) });
      const opened = await delivery.open(body.token);
      // A token of another workspace or survey answers like an unknown survey.
      if (opened.payload.workspaceId !== principal.workspaceId || opened.survey.id !== params.id) {
        throw notFound('survey', params.id);
      }
      const response = await delivery.respond(opened, body.answers, 'body.answers');
      return { id: response.id, thankYou: opened.survey.thankYou };
    },
  );
}

/** What the app needs to serve surveys; everything has a default but the secret's persistence. */
export interface SurveyAppOptions {
  /** The HMAC key of survey links; default: a random one for this process (links die with it). */
  secret?: string;
  /** The clock, epoch ms; tests inject one to expire tokens and refill rate limits. */
  now?: () => number;
  limits?: PublicLimits;
  /** The address customers reach the server at, for links; default: the request's. */
  publicUrl?: string;
}

/** Surveys, all of them: the workspace API, the hosted page, the widget and its endpoints. */
export function registerSurveys(
  app: FastifyInstance,
  api: ApiRegistry,
  store: Store,
  options: SurveyAppOptions = {},
) {
  const now = options.now ?? Date.now;
  const delivery = new SurveyDelivery(store, {
    secret: options.secret ?? randomBytes(32).toString('base64url'),
    now,
  });
  const limits = new PublicSurveyLimits(options.limits ?? defaultPublicLimits(), now);
  registerSurveyRoutes(api, store, delivery, options.publicUrl);
  registerSurveyPublicRoutes(app, api, delivery, limits);
}
