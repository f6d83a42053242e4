import { randomBytes } from 'node:crypto';
import { AppError, conflict, invalid, notFound } from '../core/errors.ts';
import type { TSurvey, TSurveyChannel, TSurveyResponse } from '../core/schemas/survey.ts';
import {
  checkFatigue,
  type FatigueReason,
  type FatigueVerdict,
} from '../core/surveys/check-fatigue.ts';
import { buildResponseEvent, buildShownEvent, eventIdsOf } from '../core/surveys/response-event.ts';
import {
  type SurveyTokenPayload,
  signSurveyToken,
  verifySurveyToken,
} from '../core/surveys/survey-token.ts';
import { validateAnswers } from '../core/surveys/validate-answers.ts';
import type { Store } from '../store/port.ts';
import type { CustomerRef } from '../store/queries/surveys/find-customer.ts';

const DAY_MS = 86_400_000;
/** How long a link lives unless the caller says (14 days), and at most (90 days). */
export const LINK_TTL_DEFAULT_S = 14 * 86_400;
export const LINK_TTL_MAX_S = 90 * 86_400;
/** A widget token lives one day: long enough to answer, short enough not to be a link. */
export const WIDGET_TTL_S = 86_400;

export interface SurveyDeliveryOptions {
  /** The HMAC key of survey tokens. */
  secret: string;
  /** The clock, epoch ms (tests inject one). */
  now?: () => number;
}

/** A token refused: malformed 400, forged 403, expired 410 (see docs/voice-of-customer.md). */
const TOKEN_ERRORS = {
  malformed: () =>
    new AppError(400, 'invalid_token', 'this survey link is not valid: it may be cut short', {
      field: 'token',
    }),
  forged: () =>
    new AppError(
      403,
      'forged_token',
      'this survey link was not issued by this server, or was altered',
      {
        field: 'token',
      },
    ),
  expired: (p?: SurveyTokenPayload) =>
    new AppError(
      410,
      'expired_token',
      `this survey link expired${p ? ` on ${new Date(p.expiresAt * 1000).toISOString().slice(0, 10)}` : ''}`,
      { field: 'token' },
    ),
};

export const alreadyAnswered = () =>
  new AppError(409, 'already_answered', 'this survey was answered already: thank you', {
    field: 'token',
  });

/** What a verified token opens: its survey and whether it was answered. */
export interface OpenedToken {
  payload: SurveyTokenPayload;
  survey: TSurvey;
  answered: boolean;
}

/**
 * The delivery rules of surveys, over the store: signed links, widget eligibility, fatigue, and
 * recording a response both as a row and as an event on the customer's timeline. Routes parse
 * and authorize; this decides.
 */
export class SurveyDelivery {
  readonly now: () => number;

  constructor(
    readonly store: Store,
    private readonly options: SurveyDeliveryOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** The canonical id of a customer named by id, user id or email; 404 naming the field. */
  async resolveCustomer(workspaceId: string, ref: CustomerRef, field: string): Promise<string> {
    const id = await this.store.findCustomer(workspaceId, ref);
    if (!id) {
      const what = 'customerId' in ref ? ref.customerId : `${ref.kind} ${ref.value}`;
      throw new AppError(404, 'not_found', `customer ${what} not found`, { field });
    }
    return id;
  }

  /** Fatigue and repeat interval for one customer and survey, now. */
  async fatigue(workspaceId: string, survey: TSurvey, customerId: string): Promise<FatigueVerdict> {
    const { fatigueDays } = await this.store.getSurveySettings(workspaceId);
    const now = this.now();
    const lookback = Math.max(fatigueDays, survey.repeatIntervalDays);
    const contacts = await this.store.listSurveyContacts(
      workspaceId,
      customerId,
      new Date(now - lookback * DAY_MS),
    );
    return checkFatigue({
      now,
      fatigueDays,
      surveyId: survey.id,
      repeatIntervalDays: survey.repeatIntervalDays,
      contacts,
    });
  }

  /**
   * Makes a signed link for one customer and records the invitation. Refuses an inactive survey,
   * and a customer the fatigue rules protect (409 with the reason and when they may be asked
   * again) unless `force` is set.
   */
  async createLink(
    workspaceId: string,
    survey: TSurvey,
    customerId: string,
    opts: { channel: 'link' | 'email'; ttlSeconds: number; force: boolean },
  ) {
    if (!survey.active) {
      throw conflict(`survey ${survey.id} is not active`, { field: 'active', reason: 'inactive' });
    }
    if (!opts.force) {
      const verdict = await this.fatigue(workspaceId, survey, customerId);
      if (!verdict.eligible) {
        throw new AppError(
          409,
          verdict.reason,
          verdict.reason === 'fatigue'
            ? `the customer was surveyed on ${verdict.lastContactAt.slice(0, 10)}: no new survey before ${verdict.nextEligibleAt.slice(0, 10)} (send force: true to override)`
            : `the customer had this survey on ${verdict.lastContactAt.slice(0, 10)}: its repeat interval ends ${verdict.nextEligibleAt.slice(0, 10)} (send force: true to override)`,
          { field: 'customerId', ...verdict },
        );
      }
    }
    return this.invite(workspaceId, survey, customerId, opts.channel, opts.ttlSeconds);
  }

  private async invite(
    workspaceId: string,
    survey: TSurvey,
    customerId: string,
    channel: TSurveyChannel,
    ttlSeconds: number,
    nonce = randomBytes(12).toString('base64url'),
  ) {
    const now = this.now();
    const expiresAt = Math.floor(now / 1000) + ttlSeconds;
    await this.store.recordSurveyInvitation(workspaceId, {
      nonce,
      surveyId: survey.id,
      touchpointId: survey.touchpointId,
      customerId,
      channel,
      createdAt: new Date(now),
      expiresAt: new Date(expiresAt * 1000),
    });
    const token = signSurveyToken(
      { workspaceId, surveyId: survey.id, customerId, channel, expiresAt, nonce },
      this.options.secret,
    );
    return { token, nonce, expiresAt: new Date(expiresAt * 1000).toISOString() };
  }

  /**
   * Whether the widget may show a survey to a visitor now. When it may, the show is recorded
   * (a `Survey Shown` event, which also makes the visitor a customer if they were not one, and
   * an invitation) and a widget token to answer with is returned.
   */
  async widgetEligibility(
    workspaceId: string,
    survey: TSurvey,
    visitor: { userId: string | null; anonymousId: string | null },
  ): Promise<
    | { eligible: false; reason: 'inactive' | FatigueReason; nextEligibleAt?: string }
    | { eligible: true; token: string; expiresAt: string }
  > {
    if (!survey.active) return { eligible: false, reason: 'inactive' };
    const ref: CustomerRef = visitor.userId
      ? { kind: 'user_id', value: visitor.userId }
      : { kind: 'anonymous_id', value: visitor.anonymousId! };
    // A visitor who just signed in may be known by the anonymous id only, until this event.
    const known =
      (await this.store.findCustomer(workspaceId, ref)) ??
      (visitor.userId && visitor.anonymousId
        ? await this.store.findCustomer(workspaceId, {
            kind: 'anonymous_id',
            value: visitor.anonymousId,
          })
        : undefined);
    if (known) {
      const verdict = await this.fatigue(workspaceId, survey, known);
      if (!verdict.eligible) {
        return { eligible: false, reason: verdict.reason, nextEligibleAt: verdict.nextEligibleAt };
      }
    }
    const nonce = randomBytes(12).toString('base64url');
    await this.store.insertEvents([
      { workspaceId, event: buildShownEvent(survey, nonce, this.now(), visitor) },
    ]);
    const customerId = await this.store.findCustomer(workspaceId, ref);
    if (!customerId) throw new Error('the Survey Shown event did not resolve to a customer');
    const { token, expiresAt } = await this.invite(
      workspaceId,
      survey,
      customerId,
      'widget',
      WIDGET_TTL_S,
      nonce,
    );
    return { eligible: true, token, expiresAt };
  }

  /**
   * Verifies a token and loads what it opens. Forged, malformed and expired tokens are refused
   * before anything is read; a token whose survey or invitation is gone is a 404.
   */
  async open(token: string): Promise<OpenedToken> {
    const verified = verifySurveyToken(token, this.options.secret, this.now());
    if (!verified.ok) throw TOKEN_ERRORS[verified.problem](verified.payload);
    const { payload } = verified;
    const survey = await this.store.getSurvey(payload.workspaceId, payload.surveyId);
    const invitation = survey
      ? await this.store.getSurveyInvitation(payload.workspaceId, payload.nonce)
      : undefined;
    if (!survey || !invitation) throw notFound('survey', payload.surveyId);
    return { payload, survey, answered: invitation.answered };
  }

  /**
   * Records an answer to an opened token: checks the answers, stores the response (once per
   * token: a second answer is a 409), and records it as a `Survey Responded` event on the
   * customer's timeline.
   */
  async respond(
    opened: OpenedToken,
    rawAnswers: Record<string, unknown>,
    fieldPrefix: string,
  ): Promise<TSurveyResponse> {
    const { payload, survey } = opened;
    if (opened.answered) throw alreadyAnswered();
    if (!survey.active) {
      throw conflict('this survey is closed', { field: 'token', reason: 'inactive' });
    }
    const valid = validateAnswers(survey, rawAnswers, fieldPrefix);
    const ws = payload.workspaceId;
    // The customer may have been merged into another since the link was made.
    const customerId =
      (await this.store.findCustomer(ws, { customerId: payload.customerId })) ?? payload.customerId;
    const response = await this.store.recordSurveyResponse(ws, {
      nonce: payload.nonce,
      surveyId: survey.id,
      touchpointId: survey.touchpointId,
      customerId,
      ...valid,
      channel: payload.channel,
      createdAt: new Date(this.now()),
    });
    if (!response) throw alreadyAnswered();
    const customer = await this.store.getCustomer(ws, customerId);
    const ids = eventIdsOf(customer?.identities ?? []);
    if (ids.userId || ids.email || ids.anonymousId) {
      await this.store.insertEvents([
        { workspaceId: ws, event: buildResponseEvent(survey, response, ids) },
      ]);
    }
    return response;
  }
}

/** The `ttl` a link request may ask for, checked. */
export function linkTtl(ttl: number | undefined): number {
  const seconds = ttl ?? LINK_TTL_DEFAULT_S;
  if (!Number.isInteger(seconds) || seconds < 60 || seconds > LINK_TTL_MAX_S) {
    throw invalid(`ttl must be whole seconds from 60 to ${LINK_TTL_MAX_S}`, [
      { path: 'body.ttl', message: `from 60 to ${LINK_TTL_MAX_S} seconds` },
    ]);
  }
  return seconds;
}
