import type { TSegmentRule } from '../../../core/schemas/persona.ts';
import type { TSurveyKind } from '../../../core/schemas/survey.ts';
import type { InvitationCountRow, ScoreCountRow } from '../../../core/surveys/score-groups.ts';
import type { DuckDatabase } from '../../engines/duckdb/database.ts';
import type { EngineVariants } from '../../port.ts';
import { compileSegmentRule } from '../rules.ts';
import { SqlBuilder } from '../touchpoint-detail/journey-scope.ts';

/** What a group is: a column of the row, a time bucket of it, or one fixed key (a persona). */
export type ScoreGrouping =
  | { by: 'touchpoint' | 'stage' | 'week' | 'month' }
  | { by: 'fixed'; key: string };

export interface SurveyScoreCountParams {
  workspaceId: string;
  from: Date;
  to: Date;
  journeyId?: string;
  surveyId?: string;
  /** Only customers in this segment (by their traits now), as for the metrics. */
  segment?: TSegmentRule | null;
  grouping: ScoreGrouping;
}

/** The group key of a row `x` (a response or an invitation) joined to its touchpoint `t`. */
function groupSql(g: ScoreGrouping): { sql: string; params: unknown[] } {
  switch (g.by) {
    case 'touchpoint':
      return { sql: 'x.touchpoint_id', params: [] };
    case 'stage':
      return { sql: 't.stage_id', params: [] };
    // ISO weeks start on Monday; keys are the bucket's first day (UTC), which sort as time.
    case 'week':
      return { sql: "strftime(date_trunc('week', x.created_at), '%Y-%m-%d')", params: [] };
    case 'month':
      return { sql: "strftime(date_trunc('month', x.created_at), '%Y-%m')", params: [] };
    case 'fixed':
      return { sql: '?::VARCHAR', params: [g.key] };
  }
}

/** FROM … WHERE … over `table` aliased `x`, in scope. */
function scoped(
  q: SqlBuilder,
  table: 'survey_responses' | 'survey_invitations',
  p: SurveyScoreCountParams,
): SqlBuilder {
  q.add(
    ` FROM ${table} x
    JOIN surveys s ON s.id = x.survey_id AND s.workspace_id = x.workspace_id
    LEFT JOIN touchpoints t ON t.id = x.touchpoint_id AND t.workspace_id = x.workspace_id
    LEFT JOIN customer_aliases a ON a.customer_id = x.customer_id`,
  );
  if (table === 'survey_invitations') {
    q.add(' LEFT JOIN survey_responses r ON r.nonce = x.nonce AND r.workspace_id = x.workspace_id');
  }
  q.add(
    ' WHERE x.workspace_id = ? AND x.created_at >= ?::TIMESTAMP AND x.created_at < ?::TIMESTAMP',
    p.workspaceId,
    p.from.toISOString(),
    p.to.toISOString(),
  );
  if (p.journeyId) q.add(' AND s.journey_id = ?', p.journeyId);
  if (p.surveyId) q.add(' AND x.survey_id = ?', p.surveyId);
  if (p.segment) {
    q.add(
      ' AND coalesce(a.canonical_id, x.customer_id) IN (SELECT c.id FROM customers c WHERE c.workspace_id = ? AND ',
      p.workspaceId,
    )
      .fragment(compileSegmentRule(p.segment))
      .add(')');
  }
  return q;
}

/**
 * Response counts per group, survey kind and score, and invitation counts per group with how
 * many were answered, for responses and invitations made in [from, to). Scoring them is pure
 * (core/surveys/score-groups.ts).
 */
async function surveyScoreCountsDuckdb(
  db: DuckDatabase,
  p: SurveyScoreCountParams,
): Promise<{ counts: ScoreCountRow[]; invitations: InvitationCountRow[] }> {
  const group = groupSql(p.grouping);
  const responses = scoped(
    new SqlBuilder().add(
      `SELECT ${group.sql} AS grp, json_extract_string(s.data, '$.kind') AS kind, x.score,
        count(*) AS n`,
      ...group.params,
    ),
    'survey_responses',
    p,
  )
    .add(' GROUP BY ALL ORDER BY 1, 2, 3')
    .build();
  const invitations = scoped(
    new SqlBuilder().add(
      `SELECT ${group.sql} AS grp, count(*) AS invited, count(r.nonce) AS answered`,
      ...group.params,
    ),
    'survey_invitations',
    p,
  )
    .add(' GROUP BY ALL ORDER BY 1')
    .build();
  const [countRows, invitationRows] = await Promise.all([
    db.query<{ grp: string | null; kind: TSurveyKind; score: number | null; n: number }>(
      responses.sql,
      responses.params,
    ),
    db.query<{ grp: string | null; invited: number; answered: number }>(
      invitations.sql,
      invitations.params,
    ),
  ]);
  return {
    counts: countRows
      .filter((r) => r.grp !== null)
      .map((r) => ({ group: r.grp!, kind: r.kind, score: r.score, n: r.n })),
    invitations: invitationRows
      .filter((r) => r.grp !== null)
      .map((r) => ({ group: r.grp!, invited: r.invited, answered: r.answered })),
  };
}

/** Survey response and invitation counts per group, per engine. */
export const surveyScoreCounts: EngineVariants<
  (
    db: DuckDatabase,
    p: SurveyScoreCountParams,
  ) => Promise<{ counts: ScoreCountRow[]; invitations: InvitationCountRow[] }>
> = { duckdb: surveyScoreCountsDuckdb };
