import type { TIdentity } from '../schemas/customer.ts';
import type { TNormalizedEvent } from '../schemas/event.ts';
import type { TSurvey, TSurveyResponse } from '../schemas/survey.ts';

/** The name of the event a survey response is recorded as on the customer's timeline. */
export const SURVEY_RESPONDED = 'Survey Responded';
/** The event the widget records when it shows a survey. */
export const SURVEY_SHOWN = 'Survey Shown';

/** The ids an event names its customer by: exactly one, the strongest the customer has. */
export function eventIdsOf(identities: readonly TIdentity[]) {
  const of = (kind: TIdentity['kind']) => identities.find((i) => i.kind === kind)?.value ?? null;
  const userId = of('user_id');
  const email = userId ? null : of('email');
  const anonymousId = userId || email ? null : of('anonymous_id');
  return { userId, email, anonymousId };
}

/** A track event with everything but the names and ids empty. */
function trackEvent(
  messageId: string,
  event: string,
  at: number,
  ids: { userId: string | null; anonymousId: string | null; email: string | null },
  properties: Record<string, unknown>,
): TNormalizedEvent {
  return {
    messageId,
    type: 'track',
    event,
    userId: ids.userId,
    anonymousId: ids.anonymousId,
    previousId: null,
    groupId: null,
    timestamp: at,
    receivedAt: at,
    path: null,
    url: null,
    referrer: null,
    utmSource: null,
    utmMedium: null,
    utmCampaign: null,
    channel: null,
    text: null,
    value: null,
    email: ids.email,
    properties,
    traits: {},
    context: { library: { name: 'waymark-surveys' } },
  };
}

/**
 * The `Survey Responded` event of a response: its score as the event's value, its comment as the
 * event's text (so sentiment reads it like any message), the survey, touchpoint and answers as
 * properties. The message id derives from the response id, so recording it twice stores it once.
 *
 * @example buildResponseEvent(survey, response, { userId: 'u1', … }).event === 'Survey Responded'
 */
export function buildResponseEvent(
  survey: Pick<TSurvey, 'id' | 'name' | 'kind' | 'touchpointId'>,
  response: TSurveyResponse,
  ids: { userId: string | null; anonymousId: string | null; email: string | null },
): TNormalizedEvent {
  const at = Date.parse(response.createdAt);
  const event = trackEvent(`survey-response-${response.id}`, SURVEY_RESPONDED, at, ids, {
    survey_id: survey.id,
    survey_name: survey.name,
    survey_kind: survey.kind,
    touchpoint_id: survey.touchpointId,
    response_id: response.id,
    // Not `channel`: that property name sets the event's channel column (ingest/segment).
    delivery: response.channel,
    score: response.score,
    answers: response.answers,
  });
  event.channel = response.channel === 'email' ? 'email' : 'web';
  event.text = response.comment;
  event.value = response.score;
  return event;
}

/** The `Survey Shown` event the widget's eligibility records for a visitor. */
export function buildShownEvent(
  survey: Pick<TSurvey, 'id' | 'name' | 'kind' | 'touchpointId'>,
  nonce: string,
  at: number,
  ids: { userId: string | null; anonymousId: string | null },
): TNormalizedEvent {
  const event = trackEvent(
    `survey-shown-${nonce}`,
    SURVEY_SHOWN,
    at,
    { ...ids, email: null },
    {
      survey_id: survey.id,
      survey_name: survey.name,
      survey_kind: survey.kind,
      touchpoint_id: survey.touchpointId,
      channel: 'widget',
    },
  );
  event.channel = 'web';
  return event;
}
