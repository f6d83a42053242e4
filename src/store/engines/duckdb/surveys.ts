import { newId } from '../../../core/ids.ts';
import type {
  TPersona,
  TStage,
  TSurvey,
  TSurveyFields,
  TSurveyPatch,
  TSurveyResponse,
  TSurveySettings,
  TTouchpoint,
} from '../../../core/schemas/index.ts';
import { ZSurvey } from '../../../core/schemas/survey.ts';
import { DEFAULT_FATIGUE_DAYS } from '../../../core/surveys/check-fatigue.ts';
import type {
  ListOptions,
  NewSurveyResponse,
  SurveyInvitation,
  SurveyQuery,
  SurveyScoreCounts,
  SurveyScoreQuery,
} from '../../port.ts';
import { type CustomerRef, findCustomer } from '../../queries/surveys/find-customer.ts';
import { listSurveyResponses } from '../../queries/surveys/list-survey-responses.ts';
import { surveyContacts } from '../../queries/surveys/survey-contacts.ts';
import {
  type ScoreGrouping,
  surveyScoreCounts,
} from '../../queries/surveys/survey-score-counts.ts';
import type { DuckDatabase, DuckSession } from './database.ts';
import { EntityRepo } from './entities.ts';

/** What the survey repository reads of the rest of the workspace. */
export interface SurveyLookups {
  getTouchpoint(workspaceId: string, id: string): Promise<TTouchpoint | undefined>;
  listJourneys(workspaceId: string): Promise<Array<{ id: string }>>;
  listTouchpoints(workspaceId: string, journeyId: string): Promise<TTouchpoint[]>;
  listStages(workspaceId: string, journeyId: string): Promise<TStage[]>;
  listPersonas(workspaceId: string): Promise<TPersona[]>;
  getPersona(workspaceId: string, id: string): Promise<TPersona | undefined>;
}

const INVITATION_JSON = `[{"nonce":"VARCHAR","survey_id":"VARCHAR","touchpoint_id":"VARCHAR",
  "customer_id":"VARCHAR","channel":"VARCHAR","created_at":"VARCHAR","expires_at":"VARCHAR"}]`;
const RESPONSE_JSON = `[{"id":"VARCHAR","survey_id":"VARCHAR","touchpoint_id":"VARCHAR",
  "customer_id":"VARCHAR","answers":"JSON","score":"INTEGER","comment":"VARCHAR","channel":"VARCHAR",
  "created_at":"VARCHAR","nonce":"VARCHAR"}]`;

const invitationRow = (i: SurveyInvitation) => ({
  nonce: i.nonce,
  survey_id: i.surveyId,
  touchpoint_id: i.touchpointId,
  customer_id: i.customerId,
  channel: i.channel,
  created_at: i.createdAt.toISOString(),
  expires_at: i.expiresAt.toISOString(),
});
const responseRow = (r: NewSurveyResponse, id: string) => ({
  id: r.id ?? id,
  survey_id: r.surveyId,
  touchpoint_id: r.touchpointId,
  customer_id: r.customerId,
  answers: r.answers,
  score: r.score,
  comment: r.comment,
  channel: r.channel,
  created_at: r.createdAt.toISOString(),
  nonce: r.nonce,
});

/**
 * Surveys (documents like tasks), the workspace's survey settings, invitations and responses.
 * Rows are inserted from one JSON parameter (`from_json` + `unnest`), so a bulk load is one
 * statement and every value stays bound.
 */
export class SurveyRepo {
  private readonly surveys: EntityRepo<TSurvey>;

  constructor(
    private readonly db: DuckDatabase,
    private readonly lookups: SurveyLookups,
  ) {
    this.surveys = new EntityRepo(db, {
      table: 'surveys',
      prefix: 'srv',
      schema: ZSurvey,
      columns: ['journey_id', 'touchpoint_id'],
      columnValues: (d) => [d.journeyId, d.touchpointId],
      orderBy: 'created_at, id',
    });
  }

  async create(workspaceId: string, input: TSurveyFields) {
    const tp = await this.lookups.getTouchpoint(workspaceId, input.touchpointId);
    if (!tp) return undefined;
    return this.db.transaction((s) =>
      this.surveys.insert(s, workspaceId, { ...input, journeyId: tp.journeyId }),
    );
  }

  get(workspaceId: string, id: string) {
    return this.surveys.get(workspaceId, id);
  }

  list(workspaceId: string, query: SurveyQuery) {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.journeyId) {
      where.push('AND journey_id = ?');
      params.push(query.journeyId);
    }
    if (query.touchpointId) {
      where.push('AND touchpoint_id = ?');
      params.push(query.touchpointId);
    }
    return this.surveys.list(workspaceId, where.join(' '), params);
  }

  update(workspaceId: string, id: string, patch: TSurveyPatch) {
    return this.db.transaction(async (s) => {
      const cur = await this.surveys.get(workspaceId, id, s);
      if (!cur) return undefined;
      const defined = Object.fromEntries(
        Object.entries(patch).filter(([, v]) => v !== undefined),
      ) as Partial<TSurvey>;
      return this.surveys.replace(s, workspaceId, { ...cur, ...defined });
    });
  }

  delete(workspaceId: string, id: string) {
    return this.db.transaction(async (s) => {
      if (!(await this.surveys.delete(s, workspaceId, id))) return false;
      await this.deleteActivity(s, workspaceId, 'survey_id', id);
      return true;
    });
  }

  /** Deletes the surveys of a journey with their activity, inside the caller's transaction. */
  async deleteForJourney(s: DuckSession, workspaceId: string, journeyId: string) {
    const ids = await s.query<{ touchpoint_id: string }>(
      'SELECT DISTINCT touchpoint_id FROM surveys WHERE workspace_id = ? AND journey_id = ?',
      [workspaceId, journeyId],
    );
    for (const { touchpoint_id } of ids)
      await this.deleteForTouchpoint(s, workspaceId, touchpoint_id);
  }

  /** Deletes the surveys of a touchpoint with their activity, inside the caller's transaction. */
  async deleteForTouchpoint(s: DuckSession, workspaceId: string, touchpointId: string) {
    await s.run('DELETE FROM surveys WHERE workspace_id = ? AND touchpoint_id = ?', [
      workspaceId,
      touchpointId,
    ]);
    await this.deleteActivity(s, workspaceId, 'touchpoint_id', touchpointId);
  }

  private async deleteActivity(
    s: DuckSession,
    workspaceId: string,
    column: 'survey_id' | 'touchpoint_id',
    id: string,
  ) {
    for (const table of ['survey_invitations', 'survey_responses']) {
      await s.run(`DELETE FROM ${table} WHERE workspace_id = ? AND ${column} = ?`, [
        workspaceId,
        id,
      ]);
    }
  }

  async getSettings(workspaceId: string): Promise<TSurveySettings> {
    const rows = await this.db.query<{ fatigue_days: number }>(
      'SELECT fatigue_days FROM survey_settings WHERE workspace_id = ?',
      [workspaceId],
    );
    return { fatigueDays: rows[0]?.fatigue_days ?? DEFAULT_FATIGUE_DAYS };
  }

  async updateSettings(workspaceId: string, settings: TSurveySettings) {
    await this.db.run(
      `INSERT INTO survey_settings VALUES (?, ?, now())
       ON CONFLICT (workspace_id) DO UPDATE SET fatigue_days = excluded.fatigue_days,
         updated_at = excluded.updated_at`,
      [workspaceId, settings.fatigueDays],
    );
    return this.getSettings(workspaceId);
  }

  findCustomer(workspaceId: string, ref: CustomerRef) {
    return findCustomer.duckdb(this.db, workspaceId, ref);
  }

  contacts(workspaceId: string, customerId: string, since: Date) {
    return surveyContacts.duckdb(this.db, workspaceId, customerId, since);
  }

  async recordInvitation(workspaceId: string, invitation: SurveyInvitation) {
    await this.insertInvitations(this.db, workspaceId, [invitation]);
  }

  async getInvitation(workspaceId: string, nonce: string) {
    const rows = await this.db.query<{
      nonce: string;
      survey_id: string;
      touchpoint_id: string;
      customer_id: string;
      channel: SurveyInvitation['channel'];
      created_at: string;
      expires_at: string;
      answered: boolean;
    }>(
      `SELECT i.*, EXISTS (SELECT 1 FROM survey_responses r
         WHERE r.workspace_id = i.workspace_id AND r.nonce = i.nonce) AS answered
       FROM survey_invitations i WHERE i.workspace_id = ? AND i.nonce = ?`,
      [workspaceId, nonce],
    );
    const r = rows[0];
    if (!r) return undefined;
    return {
      nonce: r.nonce,
      surveyId: r.survey_id,
      touchpointId: r.touchpoint_id,
      customerId: r.customer_id,
      channel: r.channel,
      createdAt: new Date(r.created_at),
      expiresAt: new Date(r.expires_at),
      answered: r.answered,
    };
  }

  async recordResponse(
    workspaceId: string,
    response: NewSurveyResponse,
  ): Promise<TSurveyResponse | undefined> {
    const id = response.id ?? newId('rsp');
    try {
      const inserted = await this.insertResponses(this.db, workspaceId, [
        responseRow(response, id),
      ]);
      if (inserted === 0) return undefined;
    } catch (err) {
      // Two answers to one token at the same moment: the loser of the race may see a write
      // conflict instead of the constraint. Either way, the invitation is answered now.
      if ((await this.getInvitation(workspaceId, response.nonce))?.answered) return undefined;
      const taken = await this.db.query(
        'SELECT 1 FROM survey_responses WHERE workspace_id = ? AND nonce = ?',
        [workspaceId, response.nonce],
      );
      if (taken.length > 0) return undefined;
      throw err;
    }
    return {
      id,
      surveyId: response.surveyId,
      touchpointId: response.touchpointId,
      customerId: response.customerId,
      answers: response.answers,
      score: response.score,
      comment: response.comment,
      channel: response.channel,
      createdAt: response.createdAt.toISOString(),
    };
  }

  listResponses(workspaceId: string, surveyId: string, page: ListOptions) {
    return listSurveyResponses.duckdb(this.db, workspaceId, surveyId, page);
  }

  async importHistory(
    workspaceId: string,
    history: { invitations: SurveyInvitation[]; responses: NewSurveyResponse[] },
  ) {
    await this.db.transaction(async (s) => {
      await this.insertInvitations(s, workspaceId, history.invitations);
      await this.insertResponses(
        s,
        workspaceId,
        history.responses.map((r) => responseRow(r, newId('rsp'))),
      );
    });
  }

  private async insertInvitations(
    s: Pick<DuckSession, 'run'>,
    workspaceId: string,
    invitations: SurveyInvitation[],
  ) {
    if (invitations.length === 0) return;
    await s.run(
      `INSERT INTO survey_invitations
       SELECT j.nonce, ?, j.survey_id, j.touchpoint_id, j.customer_id, j.channel,
         j.created_at::TIMESTAMP, j.expires_at::TIMESTAMP
       FROM (SELECT unnest(from_json(?::JSON, '${INVITATION_JSON}'), recursive := true)) j`,
      [workspaceId, JSON.stringify(invitations.map(invitationRow))],
    );
  }

  /** Inserts responses, skipping any whose nonce was answered; returns how many were new. */
  private async insertResponses(
    s: Pick<DuckSession, 'query'>,
    workspaceId: string,
    rows: ReturnType<typeof responseRow>[],
  ): Promise<number> {
    if (rows.length === 0) return 0;
    const inserted = await s.query<{ id: string }>(
      `INSERT INTO survey_responses
       SELECT j.id, ?, j.survey_id, j.touchpoint_id, j.customer_id, j.answers, j.score, j.comment,
         j.channel, j.created_at::TIMESTAMP, j.nonce
       FROM (SELECT unnest(from_json(?::JSON, '${RESPONSE_JSON}'), recursive := true)) j
       ON CONFLICT (nonce) DO NOTHING RETURNING id`,
      [workspaceId, JSON.stringify(rows)],
    );
    return inserted.length;
  }

  async scoreCounts(
    workspaceId: string,
    q: SurveyScoreQuery,
  ): Promise<SurveyScoreCounts | undefined> {
    if (
      q.journeyId &&
      !(await this.lookups.listJourneys(workspaceId)).some((j) => j.id === q.journeyId)
    )
      return undefined;
    const survey = q.surveyId ? await this.get(workspaceId, q.surveyId) : undefined;
    if (q.surveyId && !survey) return undefined;
    let persona: TPersona | undefined;
    if (q.personaId) {
      persona = await this.lookups.getPersona(workspaceId, q.personaId);
      if (!persona) return undefined;
    }
    const base = {
      workspaceId,
      from: q.from,
      to: q.to,
      journeyId: q.journeyId,
      surveyId: q.surveyId,
      segment: persona?.segment ?? null,
    };
    if (q.groupBy === 'persona') {
      // A customer may fit several personas: each persona's group counts them.
      const personas = persona ? [persona] : await this.lookups.listPersonas(workspaceId);
      const parts = await Promise.all(
        personas.map((p) =>
          surveyScoreCounts.duckdb(this.db, {
            ...base,
            segment: p.segment,
            grouping: { by: 'fixed', key: p.id },
          }),
        ),
      );
      return {
        groups: personas.map((p) => ({ key: p.id, label: p.name })),
        counts: parts.flatMap((p) => p.counts),
        invitations: parts.flatMap((p) => p.invitations),
      };
    }
    const grouping: ScoreGrouping = { by: q.groupBy };
    const rows = await surveyScoreCounts.duckdb(this.db, { ...base, grouping });
    if (q.groupBy === 'week' || q.groupBy === 'month') {
      const keys = [...new Set([...rows.counts, ...rows.invitations].map((r) => r.group))].sort();
      return { groups: keys.map((key) => ({ key, label: key })), ...rows };
    }
    // Touchpoints and stages that carry a survey in scope, in map order, journey by journey.
    const surveyed = new Set(
      (await this.list(workspaceId, { journeyId: q.journeyId }))
        .filter((s) => !q.surveyId || s.id === q.surveyId)
        .map((s) => s.touchpointId),
    );
    const groups: Array<{ key: string; label: string }> = [];
    const journeys = (await this.lookups.listJourneys(workspaceId)).filter(
      (j) => !q.journeyId || j.id === q.journeyId,
    );
    for (const j of journeys) {
      const tps = (await this.lookups.listTouchpoints(workspaceId, j.id)).filter((t) =>
        surveyed.has(t.id),
      );
      if (q.groupBy === 'touchpoint') {
        groups.push(...tps.map((t) => ({ key: t.id, label: t.name })));
      } else {
        const stageIds = new Set(tps.map((t) => t.stageId));
        const stages = await this.lookups.listStages(workspaceId, j.id);
        groups.push(
          ...stages.filter((s) => stageIds.has(s.id)).map((s) => ({ key: s.id, label: s.name })),
        );
      }
    }
    return { groups, ...rows };
  }
}
