import type { TSurveyResponse } from '../../../core/schemas/survey.ts';
import type { DuckDatabase } from '../../engines/duckdb/database.ts';
import type { EngineVariants, ListOptions } from '../../port.ts';

interface Row {
  id: string;
  survey_id: string;
  touchpoint_id: string;
  customer_id: string;
  answers: string;
  score: number | null;
  comment: string | null;
  channel: TSurveyResponse['channel'];
  created_at: string;
}

/** One page of a survey's responses, latest first, with the total; customers by canonical id. */
async function listSurveyResponsesDuckdb(
  db: DuckDatabase,
  workspaceId: string,
  surveyId: string,
  page: ListOptions,
): Promise<{ total: number; items: TSurveyResponse[] }> {
  const [count, rows] = await Promise.all([
    db.query<{ n: number }>(
      'SELECT count(*) AS n FROM survey_responses WHERE workspace_id = ? AND survey_id = ?',
      [workspaceId, surveyId],
    ),
    db.query<Row>(
      `SELECT r.id, r.survey_id, r.touchpoint_id, coalesce(a.canonical_id, r.customer_id) AS customer_id,
         r.answers::VARCHAR AS answers, r.score, r.comment, r.channel, r.created_at
       FROM survey_responses r LEFT JOIN customer_aliases a ON a.customer_id = r.customer_id
       WHERE r.workspace_id = ? AND r.survey_id = ?
       ORDER BY r.created_at DESC, r.id LIMIT ? OFFSET ?`,
      [workspaceId, surveyId, page.limit ?? 50, page.offset ?? 0],
    ),
  ]);
  return {
    total: count[0]?.n ?? 0,
    items: rows.map((r) => ({
      id: r.id,
      surveyId: r.survey_id,
      touchpointId: r.touchpoint_id,
      customerId: r.customer_id,
      answers: JSON.parse(r.answers) as TSurveyResponse['answers'],
      score: r.score,
      comment: r.comment,
      channel: r.channel,
      createdAt: r.created_at,
    })),
  };
}

/** A page of a survey's responses, per engine. */
export const listSurveyResponses: EngineVariants<
  (
    db: DuckDatabase,
    workspaceId: string,
    surveyId: string,
    page: ListOptions,
  ) => Promise<{ total: number; items: TSurveyResponse[] }>
> = { duckdb: listSurveyResponsesDuckdb };
