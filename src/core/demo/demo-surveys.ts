import type { TAnswer, TSurveyCreate } from '../schemas/survey.ts';
import { SURVEY_RESPONDED, SURVEY_SHOWN } from '../surveys/response-event.ts';
import { DEMO_LIBRARY, type TDemoIds, type TDemoPayload } from './demo-payload.ts';
import { deriveSeed, SeededRandom } from './random.ts';

export type DemoSurveyKey =
  | 'post-delivery-csat'
  | 'checkout-ces'
  | 'support-chat-csat'
  | 'support-email-nps';

/** A survey of the demo workspace and the template touchpoint (by name) it is attached to. */
export interface DemoSurveySpec {
  key: DemoSurveyKey;
  touchpointName: string;
  survey: Omit<TSurveyCreate, 'touchpointId'>;
}

/** The demo's surveys: at its after-purchase touchpoints and at its two support channels. */
export const DEMO_SURVEYS: readonly DemoSurveySpec[] = [
  {
    key: 'checkout-ces',
    touchpointName: 'Order confirmation and thank-you email',
    survey: {
      name: 'Was checkout easy?',
      kind: 'ces',
      repeatIntervalDays: 60,
    },
  },
  {
    key: 'post-delivery-csat',
    touchpointName: 'Post-delivery survey',
    survey: {
      name: 'How did we do?',
      kind: 'csat',
      questions: [
        {
          id: 'score',
          type: 'rating',
          text: 'How satisfied are you with your order?',
          required: true,
          min: 1,
          max: 5,
          minLabel: 'Very dissatisfied',
          maxLabel: 'Very satisfied',
        },
        { id: 'comment', type: 'text', text: 'Anything you would like to tell us?' },
      ],
      followUps: [{ id: 'what_went_wrong', minScore: 1, maxScore: 3, text: 'What went wrong?' }],
      repeatIntervalDays: 90,
    },
  },
  {
    key: 'support-chat-csat',
    touchpointName: 'Support chat',
    survey: {
      name: 'How was your chat?',
      kind: 'csat',
      questions: [
        {
          id: 'score',
          type: 'rating',
          text: 'How satisfied are you with the help you got?',
          required: true,
          min: 1,
          max: 5,
          minLabel: 'Very dissatisfied',
          maxLabel: 'Very satisfied',
        },
        { id: 'comment', type: 'text', text: 'Anything else?' },
      ],
      followUps: [
        {
          id: 'what_went_wrong',
          minScore: 1,
          maxScore: 2,
          text: 'What could we have done better?',
        },
      ],
      repeatIntervalDays: 30,
    },
  },
  {
    key: 'support-email-nps',
    touchpointName: 'Support email',
    survey: {
      name: 'Would you recommend us?',
      kind: 'nps',
      followUps: [
        { id: 'what_went_wrong', minScore: 0, maxScore: 6, text: 'What went wrong?' },
        { id: 'what_went_well', minScore: 9, maxScore: 10, text: 'What did we do well?' },
      ],
      repeatIntervalDays: 90,
    },
  },
];

/** One invitation of the demo's survey history, and its answer if there was one. */
export interface DemoSurveyRecord {
  key: DemoSurveyKey;
  ids: TDemoIds;
  nonce: string;
  channel: 'widget' | 'email';
  invitedAt: number;
  response?: {
    id: string;
    at: number;
    score: number;
    answers: Record<string, TAnswer>;
    comment: string | null;
  };
}

const CHAT_COMMENTS = {
  low: [
    'I had to explain my problem twice.',
    'The agent could not tell me where my parcel is.',
    'Waited a long time for an answer.',
  ],
  high: ['Quick and friendly, thank you!', 'Sorted in two minutes.', 'Very helpful agent.'],
};
const EMAIL_COMMENTS = {
  low: [
    'Three emails before anyone understood the problem.',
    'Still waiting for my refund.',
    'The answer did not help at all.',
  ],
  high: ['Support fixed it the same day.', 'Clear answer and a quick refund.'],
};

const MINUTE = 60_000;
const DAY = 86_400_000;

type Ids = { userId?: string; anonymousId?: string };
const idsOf = (p: TDemoPayload): Ids => ({
  ...(p.userId ? { userId: p.userId } : {}),
  ...(p.anonymousId ? { anonymousId: p.anonymousId } : {}),
});

function track(
  messageId: string,
  at: number,
  ids: Ids,
  event: string,
  properties: Record<string, unknown>,
  channel?: string,
): TDemoPayload {
  return {
    type: 'track',
    messageId,
    ...ids,
    event,
    properties: { ...properties, demo: true },
    context: channel ? { library: DEMO_LIBRARY, channel } : { library: DEMO_LIBRARY },
    timestamp: new Date(Math.floor(at)).toISOString(),
  };
}

/**
 * Ties the demo history's survey events to real surveys and adds the support surveys: returns the
 * history with every survey event naming its survey and touchpoint (so events, responses and the
 * touchpoint agree), plus each invitation and answer to store.
 *
 * - checkout CES: the generator's `Survey Shown` / `Survey Responded` on the confirmation page;
 * - post-delivery CSAT: the survey email (`Email Opened`, type survey) and its answers, whose
 *   comments become the follow-up (scores 1–3) or the free comment;
 * - support chat CSAT: shown after every chat, answered by the chats that were rated;
 * - support email NPS: sent a day after a support reply, answered by about half.
 *
 * Pure and deterministic: the same history and seed give the same result; events later than
 * `end` are not added.
 */
export function addDemoSurveys(
  history: readonly TDemoPayload[],
  options: {
    seed: number;
    end: number;
    surveys: Readonly<Record<DemoSurveyKey, { surveyId: string; touchpointId: string }>>;
  },
): { history: TDemoPayload[]; records: DemoSurveyRecord[] } {
  const rng = new SeededRandom(deriveSeed(options.seed, 0x5e7));
  const records: DemoSurveyRecord[] = [];
  const added: TDemoPayload[] = [];
  const out: TDemoPayload[] = [];
  /** Post-delivery invitations by order id, waiting for their answer. */
  const csatByOrder = new Map<string, DemoSurveyRecord>();
  /** Checkout CES shows by order id. */
  const cesByOrder = new Map<string, DemoSurveyRecord>();
  let n = 0;
  const nextId = (prefix: string) => `${prefix}_demo${(n++).toString(36).padStart(6, '0')}`;
  const surveyProps = (key: DemoSurveyKey, kind: string, delivery: string) => ({
    survey_id: options.surveys[key].surveyId,
    touchpoint_id: options.surveys[key].touchpointId,
    survey_kind: kind,
    delivery,
  });

  for (const p of history) {
    const at = Date.parse(p.timestamp);
    const props = p.properties;
    if (p.event === SURVEY_SHOWN && props.survey_id === 'checkout-ces') {
      const record: DemoSurveyRecord = {
        key: 'checkout-ces',
        ids: idsOf(p),
        nonce: nextId('nonce'),
        channel: 'widget',
        invitedAt: at,
      };
      records.push(record);
      cesByOrder.set(String(props.order_id), record);
      out.push({ ...p, properties: { ...props, ...surveyProps('checkout-ces', 'ces', 'widget') } });
      continue;
    }
    if (p.event === SURVEY_RESPONDED && props.survey_id === 'checkout-ces') {
      const record = cesByOrder.get(String(props.order_id));
      const score = Number(props.score);
      const response = { id: nextId('rsp'), at, score, answers: { score }, comment: null };
      if (record) record.response = response;
      out.push({
        ...p,
        properties: {
          ...props,
          ...surveyProps('checkout-ces', 'ces', 'widget'),
          response_id: response.id,
          value: score,
          answers: response.answers,
        },
      });
      continue;
    }
    if (p.event === 'Email Opened' && props.email_type === 'survey') {
      const record: DemoSurveyRecord = {
        key: 'post-delivery-csat',
        ids: idsOf(p),
        nonce: nextId('nonce'),
        channel: 'email',
        // The email went out before it was opened; the generator records opens only.
        invitedAt: at - 30 * MINUTE,
      };
      records.push(record);
      csatByOrder.set(String(props.order_id), record);
      out.push(p);
      continue;
    }
    if (p.event === SURVEY_RESPONDED && props.survey_id === 'post-delivery-csat') {
      const record = csatByOrder.get(String(props.order_id));
      const score = Number(props.score);
      const text = typeof props.text === 'string' ? props.text : null;
      const answers: Record<string, TAnswer> = { score };
      if (text) answers[score <= 3 ? 'what_went_wrong' : 'comment'] = text;
      const response = { id: nextId('rsp'), at, score, answers, comment: text };
      if (record) record.response = response;
      out.push({
        ...p,
        properties: {
          ...props,
          ...surveyProps('post-delivery-csat', 'csat', 'email'),
          response_id: response.id,
          value: score,
          answers,
        },
      });
      continue;
    }
    out.push(p);

    if (p.event === 'Live Chat Conversation Ended') {
      const shownAt = at + 5000;
      if (shownAt >= options.end) continue;
      const ids = idsOf(p);
      const record: DemoSurveyRecord = {
        key: 'support-chat-csat',
        ids,
        nonce: nextId('nonce'),
        channel: 'widget',
        invitedAt: shownAt,
      };
      records.push(record);
      const base = surveyProps('support-chat-csat', 'csat', 'widget');
      added.push(
        track(`${p.messageId}-survey-shown`, shownAt, ids, SURVEY_SHOWN, {
          ...base,
          conversation_id: props.conversation_id,
        }),
      );
      const rating = Number(props.rating);
      const answeredAt = shownAt + rng.int(20, 90) * 1000;
      if (!Number.isInteger(rating) || rating < 1 || answeredAt >= options.end) continue;
      const commented = rng.chance(0.4);
      const comment = commented
        ? rng.pick(rating <= 2 ? CHAT_COMMENTS.low : CHAT_COMMENTS.high)
        : null;
      const answers: Record<string, TAnswer> = { score: rating };
      if (comment) answers[rating <= 2 ? 'what_went_wrong' : 'comment'] = comment;
      const response = { id: nextId('rsp'), at: answeredAt, score: rating, answers, comment };
      record.response = response;
      added.push(
        track(
          `${p.messageId}-survey-responded`,
          answeredAt,
          ids,
          SURVEY_RESPONDED,
          {
            ...base,
            conversation_id: props.conversation_id,
            response_id: response.id,
            score: rating,
            value: rating,
            answers,
            ...(response.comment ? { text: response.comment } : {}),
          },
          'chat',
        ),
      );
    }

    if (p.event === 'Support Email Replied') {
      const sentAt = at + DAY;
      if (sentAt >= options.end) continue;
      const ids = idsOf(p);
      const record: DemoSurveyRecord = {
        key: 'support-email-nps',
        ids,
        nonce: nextId('nonce'),
        channel: 'email',
        invitedAt: sentAt,
      };
      records.push(record);
      if (!rng.chance(0.5)) continue;
      const answeredAt = sentAt + rng.int(10, 600) * MINUTE;
      if (answeredAt >= options.end) continue;
      const score = rng.weighted([
        [0, 3],
        [2, 4],
        [4, 5],
        [5, 6],
        [6, 8],
        [7, 10],
        [8, 12],
        [9, 9],
        [10, 8],
      ] as const);
      const low = score <= 6;
      const high = score >= 9;
      const comment =
        (low || high) && rng.chance(0.5)
          ? rng.pick(low ? EMAIL_COMMENTS.low : EMAIL_COMMENTS.high)
          : null;
      const answers: Record<string, TAnswer> = { score };
      if (comment) answers[low ? 'what_went_wrong' : 'what_went_well'] = comment;
      const response = { id: nextId('rsp'), at: answeredAt, score, answers, comment };
      record.response = response;
      added.push(
        track(
          `${p.messageId}-survey-responded`,
          answeredAt,
          ids,
          SURVEY_RESPONDED,
          {
            ...surveyProps('support-email-nps', 'nps', 'email'),
            ticket_id: props.ticket_id,
            response_id: response.id,
            score,
            value: score,
            answers,
            ...(comment ? { text: comment } : {}),
          },
          'email',
        ),
      );
    }
  }
  // Stable merge by time: the added events land right after what caused them.
  const merged = [...out, ...added].map((payload, i) => ({ payload, i }));
  merged.sort(
    (a, b) => Date.parse(a.payload.timestamp) - Date.parse(b.payload.timestamp) || a.i - b.i,
  );
  return { history: merged.map((m) => m.payload), records };
}
