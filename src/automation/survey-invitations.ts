import type { TSurvey } from '../core/schemas/survey.ts';
import { type EmailSnippet, renderEmailSnippet } from '../core/surveys/email-snippet.ts';
import type { Store } from '../store/port.ts';

/** A survey invitation for one customer, or why there is none. */
export type SurveyInvitation =
  | { ok: true; snippet: EmailSnippet; survey: Pick<TSurvey, 'id' | 'name'> }
  | { ok: false; reason: string };

/** What the survey step needs: a signed, recorded link for one customer. */
export interface SurveyInviter {
  invite(
    workspaceId: string,
    surveyId: string,
    customerId: string,
    ttlSeconds: number,
  ): Promise<SurveyInvitation>;
}

/**
 * The surveys module's link maker, as the server has it (`SurveyDelivery.createLink`): it signs
 * the token, records the invitation and refuses with a 409 whose code says why (an inactive
 * survey, or the fatigue rules).
 */
export type CreateSurveyLink = (
  workspaceId: string,
  survey: TSurvey,
  customerId: string,
  opts: { channel: 'email'; ttlSeconds: number; force: boolean },
) => Promise<{ token: string }>;

/**
 * Survey invitations through the surveys module: its signed link (hosted page `/s/<token>`) and
 * its email snippet (the question with one button per score). A survey the fatigue rules protect
 * the customer from is not sent: the step is skipped with the rule's name as the reason.
 */
export function surveyInviter(
  store: Store,
  createLink: CreateSurveyLink,
  publicUrl: () => string,
): SurveyInviter {
  return {
    async invite(workspaceId, surveyId, customerId, ttlSeconds) {
      const survey = await store.getSurvey(workspaceId, surveyId);
      if (!survey) return { ok: false, reason: `survey ${surveyId} not found` };
      try {
        const { token } = await createLink(workspaceId, survey, customerId, {
          channel: 'email',
          ttlSeconds,
          force: false,
        });
        const url = `${publicUrl()}/s/${token}`;
        return { ok: true, snippet: renderEmailSnippet(survey, url), survey };
      } catch (err) {
        const e = err as { status?: number; code?: string; details?: { reason?: string } };
        if (e.status === 409)
          return { ok: false, reason: e.details?.reason ?? e.code ?? 'conflict' };
        throw err;
      }
    },
  };
}
