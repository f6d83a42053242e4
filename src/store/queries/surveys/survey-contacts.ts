import type { SurveyContact } from '../../../core/surveys/check-fatigue.ts';
import type { DuckDatabase } from '../../engines/duckdb/database.ts';
import type { EngineVariants } from '../../port.ts';

/**
 * Every time since `since` that a customer (by canonical id, so merged profiles count as one) was
 * asked a survey of the workspace (an invitation) or answered one (a response): what the fatigue
 * rules read.
 */
async function surveyContactsDuckdb(
  db: DuckDatabase,
  workspaceId: string,
  customerId: string,
  since: Date,
): Promise<SurveyContact[]> {
  const rows = await db.query<{ survey_id: string; at: string }>(
    `SELECT x.survey_id, x.created_at AS at FROM (
       SELECT workspace_id, survey_id, customer_id, created_at FROM survey_invitations
       UNION ALL
       SELECT workspace_id, survey_id, customer_id, created_at FROM survey_responses
     ) x LEFT JOIN customer_aliases a ON a.customer_id = x.customer_id
     WHERE x.workspace_id = ? AND coalesce(a.canonical_id, x.customer_id) = ?
       AND x.created_at >= ?::TIMESTAMP
     ORDER BY x.created_at`,
    [workspaceId, customerId, since.toISOString()],
  );
  return rows.map((r) => ({ surveyId: r.survey_id, at: Date.parse(`${r.at}`) }));
}

/** A customer's recent survey invitations and responses, per engine. */
export const surveyContacts: EngineVariants<
  (
    db: DuckDatabase,
    workspaceId: string,
    customerId: string,
    since: Date,
  ) => Promise<SurveyContact[]>
> = { duckdb: surveyContactsDuckdb };
