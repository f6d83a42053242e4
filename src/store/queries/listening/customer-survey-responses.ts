import type { CustomerSurveyResponseRow } from '../../../core/listening/customer-voice.ts';
import type { TSurveyChannel, TSurveyKind } from '../../../core/schemas/survey.ts';
import type { DuckDatabase } from '../../engines/duckdb/database.ts';
import type { EngineVariants } from '../../port.ts';

/**
 * A customer's survey responses (merged profiles included), latest first, with the total. Reads
 * the surveys module's tables as they are: its store lists responses per survey, not per
 * customer, and the 360° view needs the latter.
 */
async function customerSurveyResponsesDuckdb(
  db: DuckDatabase,
  p: { workspaceId: string; customerId: string; limit: number },
): Promise<{ total: number; items: CustomerSurveyResponseRow[] }> {
  const where = `r.workspace_id = ? AND (r.customer_id = ? OR r.customer_id IN (
    SELECT customer_id FROM customer_aliases WHERE canonical_id = ?))`;
  const ids = [p.workspaceId, p.customerId, p.customerId];
  const [count, rows] = await Promise.all([
    db.query<{ n: number }>(`SELECT count(*) AS n FROM survey_responses r WHERE ${where}`, ids),
    db.query<{
      id: string;
      survey_id: string;
      survey_name: string | null;
      kind: TSurveyKind | null;
      touchpoint_id: string;
      touchpoint_name: string | null;
      score: number | null;
      comment: string | null;
      answers: string;
      channel: TSurveyChannel;
      created_at: string;
    }>(
      `SELECT r.id, r.survey_id, json_extract_string(s.data, '$.name') AS survey_name,
         json_extract_string(s.data, '$.kind') AS kind, r.touchpoint_id,
         json_extract_string(t.data, '$.name') AS touchpoint_name, r.score, r.comment,
         r.answers::VARCHAR AS answers, r.channel, r.created_at
       FROM survey_responses r
       LEFT JOIN surveys s ON s.id = r.survey_id AND s.workspace_id = r.workspace_id
       LEFT JOIN touchpoints t ON t.id = r.touchpoint_id AND t.workspace_id = r.workspace_id
       WHERE ${where}
       ORDER BY r.created_at DESC, r.id LIMIT ?`,
      [...ids, p.limit],
    ),
  ]);
  return {
    total: count[0]?.n ?? 0,
    items: rows.map((r) => ({
      id: r.id,
      surveyId: r.survey_id,
      surveyName: r.survey_name,
      kind: r.kind,
      touchpointId: r.touchpoint_id,
      touchpointName: r.touchpoint_name,
      score: r.score,
      comment: r.comment,
      answers: JSON.parse(r.answers) as Record<string, unknown>,
      channel: r.channel,
      createdAt: r.created_at,
    })),
  };
}

/** A customer's survey responses, per engine. */
export const customerSurveyResponses: EngineVariants<
  (
    db: DuckDatabase,
    p: { workspaceId: string; customerId: string; limit: number },
  ) => Promise<{ total: number; items: CustomerSurveyResponseRow[] }>
> = { duckdb: customerSurveyResponsesDuckdb };
