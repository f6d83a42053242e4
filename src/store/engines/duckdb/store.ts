import { createHash, randomBytes } from 'node:crypto';
import {
  assembleJourneyAttribution,
  attributionKeys,
} from '../../../core/attribution/journey-attribution.ts';
import { assembleConformanceReport } from '../../../core/conformance/conformance-report.ts';
import { firstOfStage, scoreSequence } from '../../../core/conformance/score-sequence.ts';
import { conflict } from '../../../core/errors.ts';
import { newId } from '../../../core/ids.ts';
import { assembleMetricsReport } from '../../../core/metrics/assemble.ts';
import { chooseBucket } from '../../../core/metrics/buckets.ts';
import type { NextStep } from '../../../core/metrics/detail-types.ts';
import type { TouchpointMetricsReport } from '../../../core/metrics/types.ts';
import {
  type TCustomer,
  type TJourney,
  type TJourneyCreate,
  type TKey,
  type TKeyCreated,
  type TKeyKind,
  type TMerge,
  type TPersona,
  type TPersonaCreate,
  type TRole,
  type TStage,
  type TStageCreate,
  type TStoredEvent,
  type TSurveyFields,
  type TSurveyPatch,
  type TSurveySettings,
  type TTask,
  type TTaskCreate,
  type TTaskPatch,
  type TTouchpoint,
  type TTouchpointCreate,
  type TWorkspace,
  type TWorkspaceCreate,
  ZJourney,
  ZJourneyCreate,
  ZJourneyUpdate,
  ZPersona,
  ZPersonaCreate,
  ZPersonaUpdate,
  ZStage,
  ZStageCreate,
  ZStageUpdate,
  ZTask,
  ZTaskCreate,
  ZTouchpoint,
  ZTouchpointCreate,
  ZTouchpointUpdate,
} from '../../../core/schemas/index.ts';
import type {
  AttributionQuery,
  ConformanceCustomersQuery,
  ConformanceQuery,
  CustomerQuery,
  DetailQuery,
  FunnelDropOffQuery,
  FunnelQuery,
  IncomingEvent,
  InsertResult,
  InviteAcceptor,
  JourneyBlueprint,
  ListOptions,
  MatchPreviewQuery,
  MetricsQuery,
  NewInvite,
  NewSurveyResponse,
  NewUser,
  Patch,
  PathFlowQuery,
  PathsQuery,
  SeriesQuery,
  Store,
  SurveyInvitation,
  SurveyQuery,
  SurveyScoreQuery,
  TaskQuery,
} from '../../port.ts';
import { attributionPaths } from '../../queries/analytics/attribution-paths.ts';
import { conformance } from '../../queries/analytics/conformance.ts';
import { conformanceCustomers } from '../../queries/analytics/conformance-customers.ts';
import { unmatchedKinds } from '../../queries/analytics/unmatched-kinds.ts';
import { DuckAutomationRepo } from '../../queries/automations/duckdb-automation-repo.ts';
import { touchpointMetrics } from '../../queries/metrics/touchpoint-metrics.ts';
import { compileSegmentRule, compileTouchpointCase } from '../../queries/rules.ts';
import type { CustomerRef } from '../../queries/surveys/find-customer.ts';
import { droppedOff } from '../../queries/touchpoint-detail/dropped-off.ts';
import type { JourneyScope } from '../../queries/touchpoint-detail/journey-scope.ts';
import { journeySeries } from '../../queries/touchpoint-detail/journey-series.ts';
import { matchPreview } from '../../queries/touchpoint-detail/match-preview.ts';
import { nextSteps } from '../../queries/touchpoint-detail/next-steps.ts';
import { touchpointSeries } from '../../queries/touchpoint-detail/touchpoint-series.ts';
import { AccountsRepo } from './accounts.ts';
import { DuckDatabase, type DuckSession } from './database.ts';
import { EntityRepo } from './entities.ts';
import { EventWriter } from './events.ts';
import { DuckListeningRepo } from './listening.ts';
import { funnelDropOffReport, funnelReport, pathFlowReport, pathsReport } from './paths-funnels.ts';
import { SurveyRepo } from './surveys.ts';

const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

interface WorkspaceRow {
  id: string;
  name: string;
  timezone: string;
  created_at: string;
}
const toWorkspace = (r: WorkspaceRow): TWorkspace => ({
  id: r.id,
  name: r.name,
  timezone: r.timezone,
  createdAt: r.created_at,
});

interface EventRow {
  message_id: string;
  type: TStoredEvent['type'];
  event: string;
  customer_id: string;
  user_id: string | null;
  anonymous_id: string | null;
  ts: string;
  path: string | null;
  channel: string | null;
  utm_source: string | null;
  text: string | null;
  value: number | null;
  properties: string | null;
}

/** The embedded engine: events and workspace data in one DuckDB file. */
export class DuckDbStore implements Store {
  readonly engine = 'duckdb' as const;
  private automationRepo: DuckAutomationRepo | undefined;
  private listeningRepo: DuckListeningRepo | undefined;
  /** The debounce of background text analysis after events load (text-analysis.ts). */
  private textAnalysisDelayMs = 250;
  private readonly personas: EntityRepo<TPersona>;
  private readonly journeys: EntityRepo<TJourney>;
  private readonly stages: EntityRepo<TStage>;
  private readonly touchpoints: EntityRepo<TTouchpoint>;
  private readonly tasks: EntityRepo<TTask>;
  private readonly accounts: AccountsRepo;
  private readonly surveyRepo: SurveyRepo;
  /** Presented secret → resolution; cleared on revoke. Hot on the ingestion path. */
  private readonly keyCache = new Map<string, { workspaceId: string; kind: TKeyKind } | null>();

  private constructor(
    readonly db: DuckDatabase,
    private readonly writer: EventWriter,
  ) {
    this.personas = new EntityRepo(db, {
      table: 'personas',
      prefix: 'per',
      schema: ZPersona,
      columns: [],
      columnValues: () => [],
      orderBy: 'created_at, id',
    });
    this.journeys = new EntityRepo(db, {
      table: 'journeys',
      prefix: 'jny',
      schema: ZJourney,
      columns: [],
      columnValues: () => [],
      orderBy: 'created_at, id',
    });
    this.stages = new EntityRepo(db, {
      table: 'stages',
      prefix: 'stg',
      schema: ZStage,
      columns: ['journey_id', 'position'],
      columnValues: (d) => [d.journeyId, d.position],
      orderBy: 'position, created_at, id',
      positioned: true,
    });
    this.touchpoints = new EntityRepo(db, {
      table: 'touchpoints',
      prefix: 'tp',
      schema: ZTouchpoint,
      columns: ['journey_id', 'stage_id', 'position'],
      columnValues: (d) => [d.journeyId, d.stageId, d.position],
      orderBy: 'position, created_at, id',
      positioned: true,
    });
    this.tasks = new EntityRepo(db, {
      table: 'tasks',
      prefix: 'task',
      schema: ZTask,
      columns: ['journey_id', 'touchpoint_id'],
      columnValues: (d) => [d.journeyId, d.touchpointId],
      orderBy: 'created_at, id',
    });
    this.accounts = new AccountsRepo(db);
    this.surveyRepo = new SurveyRepo(db, this);
  }

  static async open(
    file: string,
    options: { threads?: number; textAnalysisDelayMs?: number } = {},
  ): Promise<DuckDbStore> {
    const db = await DuckDatabase.open(file, options);
    const store = new DuckDbStore(db, await EventWriter.open(db));
    store.textAnalysisDelayMs = options.textAnalysisDelayMs ?? store.textAnalysisDelayMs;
    // Texts stored before a stop or a crash are analysed in the background after the start.
    store.listening().analysis.schedule();
    return store;
  }

  async close(): Promise<void> {
    await this.listeningRepo?.analysis.close();
    await this.writer.close();
    this.db.close();
  }

  automations(): DuckAutomationRepo {
    this.automationRepo ??= new DuckAutomationRepo(this.db);
    return this.automationRepo;
  }

  listening(): DuckListeningRepo {
    this.listeningRepo ??= new DuckListeningRepo(
      this.db,
      this,
      () => this.writer.settled(),
      this.textAnalysisDelayMs,
    );
    return this.listeningRepo;
  }

  // Workspaces and keys ------------------------------------------------------------------------

  async createWorkspace(input: TWorkspaceCreate, options: { isDemo?: boolean } = {}) {
    const ws: TWorkspace = {
      id: newId('ws'),
      name: input.name,
      timezone: input.timezone ?? 'UTC',
      createdAt: new Date().toISOString(),
    };
    await this.db.run('INSERT INTO workspaces VALUES (?, ?, ?, ?, ?)', [
      ws.id,
      ws.name,
      ws.timezone,
      options.isDemo ?? false,
      ws.createdAt,
    ]);
    return ws;
  }

  async getWorkspace(id: string) {
    const rows = await this.db.query<WorkspaceRow>('SELECT * FROM workspaces WHERE id = ?', [id]);
    return rows[0] ? toWorkspace(rows[0]) : undefined;
  }

  async listWorkspaces() {
    const rows = await this.db.query<WorkspaceRow>(
      'SELECT * FROM workspaces ORDER BY created_at, id',
    );
    return rows.map(toWorkspace);
  }

  async findWorkspaceByName(name: string) {
    const rows = await this.db.query<WorkspaceRow>(
      'SELECT * FROM workspaces WHERE name = ? ORDER BY created_at LIMIT 1',
      [name],
    );
    return rows[0] ? toWorkspace(rows[0]) : undefined;
  }

  async createKey(workspaceId: string, kind: TKeyKind, name: string): Promise<TKeyCreated> {
    const secret = `${kind === 'write' ? 'wk' : 'ak'}_${randomBytes(24).toString('base64url')}`;
    const key: TKeyCreated = {
      id: newId('key'),
      kind,
      name,
      prefix: secret.slice(0, 10),
      createdAt: new Date().toISOString(),
      revokedAt: null,
      secret,
    };
    await this.db.run('INSERT INTO keys VALUES (?, ?, ?, ?, ?, ?, ?, NULL)', [
      key.id,
      workspaceId,
      kind,
      name,
      key.prefix,
      hashSecret(secret),
      key.createdAt,
    ]);
    this.keyCache.delete(secret);
    return key;
  }

  async listKeys(workspaceId: string): Promise<TKey[]> {
    const rows = await this.db.query<{
      id: string;
      kind: TKeyKind;
      name: string;
      prefix: string;
      created_at: string;
      revoked_at: string | null;
    }>('SELECT * FROM keys WHERE workspace_id = ? ORDER BY created_at, id', [workspaceId]);
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      name: r.name,
      prefix: r.prefix,
      createdAt: r.created_at,
      revokedAt: r.revoked_at,
    }));
  }

  async revokeKey(workspaceId: string, keyId: string) {
    const rows = await this.db.query(
      'UPDATE keys SET revoked_at = now() WHERE workspace_id = ? AND id = ? AND revoked_at IS NULL RETURNING id',
      [workspaceId, keyId],
    );
    this.keyCache.clear();
    return rows.length > 0;
  }

  async resolveKey(secret: string) {
    const cached = this.keyCache.get(secret);
    if (cached !== undefined) return cached ?? undefined;
    const rows = await this.db.query<{ workspace_id: string; kind: TKeyKind }>(
      'SELECT workspace_id, kind FROM keys WHERE secret_hash = ? AND revoked_at IS NULL',
      [hashSecret(secret)],
    );
    const found = rows[0] ? { workspaceId: rows[0].workspace_id, kind: rows[0].kind } : null;
    if (this.keyCache.size > 10_000) this.keyCache.clear();
    this.keyCache.set(secret, found);
    return found ?? undefined;
  }

  // Users, members, sessions, invites ------------------------------------------------------------

  createUser(input: NewUser, membership?: { workspaceId: string; role: TRole }) {
    return this.accounts.createUser(input, membership);
  }
  getUser(id: string) {
    return this.accounts.getUser(id);
  }
  findUserByEmail(email: string) {
    return this.accounts.findUserByEmail(email);
  }
  countUsers() {
    return this.accounts.countUsers();
  }
  addMember(workspaceId: string, userId: string, role: TRole) {
    return this.accounts.addMember(workspaceId, userId, role);
  }
  getMemberRole(workspaceId: string, userId: string) {
    return this.accounts.getMemberRole(workspaceId, userId);
  }
  listMembers(workspaceId: string) {
    return this.accounts.listMembers(workspaceId);
  }
  listMemberships(userId: string) {
    return this.accounts.listMemberships(userId);
  }
  updateMemberRole(workspaceId: string, userId: string, role: TRole) {
    return this.accounts.updateMemberRole(workspaceId, userId, role);
  }
  removeMember(workspaceId: string, userId: string) {
    return this.accounts.removeMember(workspaceId, userId);
  }
  createSession(userId: string, expiresAt: Date) {
    return this.accounts.createSession(userId, expiresAt);
  }
  resolveSession(token: string) {
    return this.accounts.resolveSession(token);
  }
  revokeSession(token: string) {
    return this.accounts.revokeSession(token);
  }
  createInvite(input: NewInvite) {
    return this.accounts.createInvite(input);
  }
  findInvite(token: string) {
    return this.accounts.findInvite(token);
  }
  acceptInvite(token: string, by: InviteAcceptor) {
    return this.accounts.acceptInvite(token, by);
  }

  // Personas -----------------------------------------------------------------------------------

  createPersona(workspaceId: string, input: TPersonaCreate) {
    const fields = ZPersonaCreate.parse(input);
    return this.db.transaction((s) =>
      this.personas.insert(s, workspaceId, { ...fields, workspaceId }),
    );
  }
  getPersona(workspaceId: string, id: string) {
    return this.personas.get(workspaceId, id);
  }
  listPersonas(workspaceId: string) {
    return this.personas.list(workspaceId);
  }
  async updatePersona(workspaceId: string, id: string, patch: Patch<TPersonaCreate>) {
    return this.db.transaction(async (s) => {
      const cur = await this.personas.get(workspaceId, id, s);
      if (!cur) return undefined;
      return this.personas.replace(s, workspaceId, {
        ...cur,
        ...ZPersonaUpdate.parse(patch),
      });
    });
  }
  deletePersona(workspaceId: string, id: string) {
    return this.db.transaction((s) => this.personas.delete(s, workspaceId, id));
  }

  // Journeys, stages, touchpoints ----------------------------------------------------------------

  createJourney(workspaceId: string, input: TJourneyCreate) {
    const fields = ZJourneyCreate.parse(input);
    return this.db.transaction((s) =>
      this.journeys.insert(s, workspaceId, { ...fields, workspaceId }),
    );
  }
  getJourney(workspaceId: string, id: string) {
    return this.journeys.get(workspaceId, id);
  }
  listJourneys(workspaceId: string) {
    return this.journeys.list(workspaceId);
  }
  updateJourney(workspaceId: string, id: string, patch: Patch<TJourneyCreate>) {
    return this.db.transaction(async (s) => {
      const cur = await this.journeys.get(workspaceId, id, s);
      if (!cur) return undefined;
      return this.journeys.replace(s, workspaceId, {
        ...cur,
        ...ZJourneyUpdate.parse(patch),
      });
    });
  }
  deleteJourney(workspaceId: string, id: string) {
    return this.db.transaction(async (s) => {
      const gone = await this.journeys.delete(s, workspaceId, id);
      if (!gone) return false;
      await s.run('DELETE FROM touchpoints WHERE workspace_id = ? AND journey_id = ?', [
        workspaceId,
        id,
      ]);
      await s.run('DELETE FROM stages WHERE workspace_id = ? AND journey_id = ?', [
        workspaceId,
        id,
      ]);
      // Surveys go with their journey, with their invitations and responses (events stay).
      await this.surveyRepo.deleteForJourney(s, workspaceId, id);
      return true;
    });
  }

  createJourneyFromBlueprint(workspaceId: string, blueprint: JourneyBlueprint) {
    return this.db.transaction(async (s) => {
      const journeyInput = ZJourneyCreate.parse(blueprint.journey);
      for (const p of blueprint.newPersonas ?? []) {
        const persona = await this.personas.insert(s, workspaceId, {
          ...ZPersonaCreate.parse(p),
          workspaceId,
        });
        journeyInput.personaIds.push(persona.id);
      }
      const journey = await this.journeys.insert(s, workspaceId, {
        ...journeyInput,
        workspaceId,
      });
      for (const [i, st] of blueprint.stages.entries()) {
        const stageInput = ZStageCreate.parse(st.stage);
        const stage = await this.stages.insert(s, workspaceId, {
          ...stageInput,
          position: i,
          journeyId: journey.id,
        });
        for (const [k, tp] of st.touchpoints.entries()) {
          const fields = ZTouchpointCreate.parse({ ...tp, stageId: stage.id });
          await this.touchpoints.insert(s, workspaceId, {
            ...fields,
            position: k,
            journeyId: journey.id,
          });
        }
      }
      return journey;
    });
  }

  listStages(workspaceId: string, journeyId: string) {
    return this.stages.list(workspaceId, 'AND journey_id = ?', [journeyId]);
  }

  createStage(workspaceId: string, journeyId: string, input: TStageCreate) {
    const fields = ZStageCreate.parse(input);
    return this.db.transaction(async (s) => {
      if (!(await this.journeys.get(workspaceId, journeyId, s))) return undefined;
      const count = await this.countRows(s, 'stages', workspaceId, 'journey_id', journeyId);
      const position = Math.min(fields.position ?? count, count);
      await s.run(
        'UPDATE stages SET position = position + 1 WHERE workspace_id = ? AND journey_id = ? AND position >= ?',
        [workspaceId, journeyId, position],
      );
      return this.stages.insert(s, workspaceId, { ...fields, position, journeyId });
    });
  }

  updateStage(workspaceId: string, id: string, patch: Patch<TStageCreate>) {
    const fields = ZStageUpdate.parse(patch);
    return this.db.transaction(async (s) => {
      const cur = await this.stages.get(workspaceId, id, s);
      if (!cur) return undefined;
      const next = { ...cur, ...fields, lanes: fields.lanes ?? cur.lanes, position: cur.position };
      if (fields.position !== undefined && fields.position !== cur.position) {
        next.position = await this.move(
          s,
          'stages',
          workspaceId,
          'journey_id',
          cur.journeyId,
          cur.position,
          fields.position,
        );
      }
      return this.stages.replace(s, workspaceId, next);
    });
  }

  deleteStage(workspaceId: string, id: string) {
    return this.db.transaction(async (s) => {
      const cur = await this.stages.get(workspaceId, id, s);
      if (!cur) return false;
      const held = await this.countRows(s, 'touchpoints', workspaceId, 'stage_id', id);
      if (held > 0) {
        throw conflict(`stage ${id} still holds ${held} touchpoints: move or delete them first`, {
          field: 'stageId',
        });
      }
      await this.stages.delete(s, workspaceId, id);
      await s.run(
        'UPDATE stages SET position = position - 1 WHERE workspace_id = ? AND journey_id = ? AND position > ?',
        [workspaceId, cur.journeyId, cur.position],
      );
      return true;
    });
  }

  async listTouchpoints(workspaceId: string, journeyId: string) {
    // Map order: by stage position, then position within the stage.
    const stages = await this.listStages(workspaceId, journeyId);
    const order = new Map(stages.map((s) => [s.id, s.position]));
    const tps = await this.touchpoints.list(workspaceId, 'AND journey_id = ?', [journeyId]);
    return tps.sort(
      (a, b) =>
        (order.get(a.stageId) ?? 0) - (order.get(b.stageId) ?? 0) || a.position - b.position,
    );
  }

  getTouchpoint(workspaceId: string, id: string) {
    return this.touchpoints.get(workspaceId, id);
  }

  createTouchpoint(workspaceId: string, journeyId: string, input: TTouchpointCreate) {
    const fields = ZTouchpointCreate.parse(input);
    return this.db.transaction(async (s) => {
      const stage = await this.stages.get(workspaceId, fields.stageId, s);
      if (!stage || stage.journeyId !== journeyId) return undefined;
      const count = await this.countRows(s, 'touchpoints', workspaceId, 'stage_id', stage.id);
      const position = Math.min(fields.position ?? count, count);
      await s.run(
        'UPDATE touchpoints SET position = position + 1 WHERE workspace_id = ? AND stage_id = ? AND position >= ?',
        [workspaceId, stage.id, position],
      );
      return this.touchpoints.insert(s, workspaceId, { ...fields, position, journeyId });
    });
  }

  updateTouchpoint(workspaceId: string, id: string, patch: Patch<TTouchpointCreate>) {
    const fields = ZTouchpointUpdate.parse(patch);
    return this.db.transaction(async (s) => {
      const cur = await this.touchpoints.get(workspaceId, id, s);
      if (!cur) return undefined;
      const next: TTouchpoint = { ...cur, ...fields, position: cur.position, stageId: cur.stageId };
      const targetStage = fields.stageId ?? cur.stageId;
      if (targetStage !== cur.stageId) {
        const stage = await this.stages.get(workspaceId, targetStage, s);
        if (!stage || stage.journeyId !== cur.journeyId) {
          throw conflict(`stage ${targetStage} is not a stage of this touchpoint's journey`, {
            field: 'stageId',
          });
        }
        // Leave the old stage, then enter the new one at the requested place.
        await s.run(
          'UPDATE touchpoints SET position = position - 1 WHERE workspace_id = ? AND stage_id = ? AND position > ?',
          [workspaceId, cur.stageId, cur.position],
        );
        const count = await this.countRows(s, 'touchpoints', workspaceId, 'stage_id', targetStage);
        const position = Math.min(fields.position ?? count, count);
        await s.run(
          'UPDATE touchpoints SET position = position + 1 WHERE workspace_id = ? AND stage_id = ? AND position >= ?',
          [workspaceId, targetStage, position],
        );
        next.stageId = targetStage;
        next.position = position;
      } else if (fields.position !== undefined && fields.position !== cur.position) {
        next.position = await this.move(
          s,
          'touchpoints',
          workspaceId,
          'stage_id',
          cur.stageId,
          cur.position,
          fields.position,
        );
      }
      return this.touchpoints.replace(s, workspaceId, next);
    });
  }

  deleteTouchpoint(workspaceId: string, id: string) {
    return this.db.transaction(async (s) => {
      const cur = await this.touchpoints.get(workspaceId, id, s);
      if (!cur) return false;
      await this.touchpoints.delete(s, workspaceId, id);
      // A task is work on its touchpoint: it goes with it.
      await s.run('DELETE FROM tasks WHERE workspace_id = ? AND touchpoint_id = ?', [
        workspaceId,
        id,
      ]);
      // So are its surveys, with their invitations and responses (their events stay).
      await this.surveyRepo.deleteForTouchpoint(s, workspaceId, id);
      await s.run(
        'UPDATE touchpoints SET position = position - 1 WHERE workspace_id = ? AND stage_id = ? AND position > ?',
        [workspaceId, cur.stageId, cur.position],
      );
      return true;
    });
  }

  private async countRows(
    s: DuckSession,
    table: 'stages' | 'touchpoints',
    workspaceId: string,
    parentColumn: 'journey_id' | 'stage_id',
    parentId: string,
  ) {
    const rows = await s.query<{ n: number }>(
      `SELECT count(*) AS n FROM ${table} WHERE workspace_id = ? AND ${parentColumn} = ?`,
      [workspaceId, parentId],
    );
    return rows[0]?.n ?? 0;
  }

  /** Moves a row from one position to another among its siblings; returns the clamped target. */
  private async move(
    s: DuckSession,
    table: 'stages' | 'touchpoints',
    workspaceId: string,
    parentColumn: 'journey_id' | 'stage_id',
    parentId: string,
    from: number,
    to: number,
  ) {
    const count = await this.countRows(s, table, workspaceId, parentColumn, parentId);
    const target = Math.max(0, Math.min(to, count - 1));
    if (target > from) {
      await s.run(
        `UPDATE ${table} SET position = position - 1 WHERE workspace_id = ? AND ${parentColumn} = ? AND position > ? AND position <= ?`,
        [workspaceId, parentId, from, target],
      );
    } else if (target < from) {
      await s.run(
        `UPDATE ${table} SET position = position + 1 WHERE workspace_id = ? AND ${parentColumn} = ? AND position >= ? AND position < ?`,
        [workspaceId, parentId, target, from],
      );
    }
    return target;
  }

  // Tasks ------------------------------------------------------------------------------------------

  async createTask(workspaceId: string, input: TTaskCreate, completedAt: string | null = null) {
    const fields = ZTaskCreate.parse(input);
    const tp = await this.touchpoints.get(workspaceId, fields.touchpointId);
    if (!tp) return undefined;
    return this.db.transaction((s) =>
      this.tasks.insert(s, workspaceId, { ...fields, journeyId: tp.journeyId, completedAt }),
    );
  }

  getTask(workspaceId: string, id: string) {
    return this.tasks.get(workspaceId, id);
  }

  async listTasks(workspaceId: string, query: TaskQuery) {
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
    const tasks = await this.tasks.list(workspaceId, where.join(' '), params);
    return tasks.filter(
      (t) =>
        (!query.ownerId || t.ownerId === query.ownerId) &&
        (!query.status || t.status === query.status),
    );
  }

  updateTask(workspaceId: string, id: string, patch: TTaskPatch & { completedAt?: string | null }) {
    return this.db.transaction(async (s) => {
      const cur = await this.tasks.get(workspaceId, id, s);
      if (!cur) return undefined;
      const defined = Object.fromEntries(
        Object.entries(patch).filter(([, v]) => v !== undefined),
      ) as Partial<TTask>;
      return this.tasks.replace(s, workspaceId, { ...cur, ...defined });
    });
  }

  deleteTask(workspaceId: string, id: string) {
    return this.db.transaction((s) => this.tasks.delete(s, workspaceId, id));
  }

  // Surveys --------------------------------------------------------------------------------------

  createSurvey(workspaceId: string, input: TSurveyFields) {
    return this.surveyRepo.create(workspaceId, input);
  }
  getSurvey(workspaceId: string, id: string) {
    return this.surveyRepo.get(workspaceId, id);
  }
  listSurveys(workspaceId: string, query: SurveyQuery) {
    return this.surveyRepo.list(workspaceId, query);
  }
  updateSurvey(workspaceId: string, id: string, patch: TSurveyPatch) {
    return this.surveyRepo.update(workspaceId, id, patch);
  }
  deleteSurvey(workspaceId: string, id: string) {
    return this.surveyRepo.delete(workspaceId, id);
  }
  getSurveySettings(workspaceId: string) {
    return this.surveyRepo.getSettings(workspaceId);
  }
  updateSurveySettings(workspaceId: string, settings: TSurveySettings) {
    return this.surveyRepo.updateSettings(workspaceId, settings);
  }
  async findCustomer(workspaceId: string, ref: CustomerRef) {
    await this.writer.settled();
    return this.surveyRepo.findCustomer(workspaceId, ref);
  }
  async listSurveyContacts(workspaceId: string, customerId: string, since: Date) {
    await this.writer.settled();
    return this.surveyRepo.contacts(workspaceId, customerId, since);
  }
  recordSurveyInvitation(workspaceId: string, invitation: SurveyInvitation) {
    return this.surveyRepo.recordInvitation(workspaceId, invitation);
  }
  getSurveyInvitation(workspaceId: string, nonce: string) {
    return this.surveyRepo.getInvitation(workspaceId, nonce);
  }
  recordSurveyResponse(workspaceId: string, response: NewSurveyResponse) {
    return this.surveyRepo.recordResponse(workspaceId, response);
  }
  async listSurveyResponses(workspaceId: string, surveyId: string, page: ListOptions) {
    await this.writer.settled();
    return this.surveyRepo.listResponses(workspaceId, surveyId, page);
  }
  async surveyScoreCounts(workspaceId: string, query: SurveyScoreQuery) {
    await this.writer.settled();
    return this.surveyRepo.scoreCounts(workspaceId, query);
  }
  importSurveyHistory(
    workspaceId: string,
    history: { invitations: SurveyInvitation[]; responses: NewSurveyResponse[] },
  ) {
    return this.surveyRepo.importHistory(workspaceId, history);
  }

  // Events and customers -------------------------------------------------------------------------

  insertEvents(events: readonly IncomingEvent[]): Promise<InsertResult> {
    return this.writer.insert(events).then((result) => {
      // Only schedules the background text analysis: nothing is added to the write's latency.
      this.listening().analysis.schedule();
      return result;
    });
  }

  appendEvents(events: readonly IncomingEvent[]): Promise<void> {
    return this.writer.append(events).then(() => this.listening().analysis.schedule());
  }

  eventsSettled(): Promise<void> {
    return this.writer.settled();
  }

  async countEvents(workspaceId: string) {
    await this.writer.settled();
    const rows = await this.db.query<{ n: number }>(
      'SELECT count(*) AS n FROM events WHERE workspace_id = ?',
      [workspaceId],
    );
    return rows[0]?.n ?? 0;
  }

  async listEvents(workspaceId: string, options: ListOptions & { customerId?: string }) {
    await this.writer.settled();
    const params: unknown[] = [workspaceId];
    let where = '';
    if (options.customerId) {
      where = `AND (e.customer_id = ? OR e.customer_id IN (
        SELECT customer_id FROM customer_aliases WHERE canonical_id = ?))`;
      params.push(options.customerId, options.customerId);
    }
    params.push(options.limit ?? 100, options.offset ?? 0);
    // Each event is marked with the touchpoint its rules match now: journeys in creation order,
    // touchpoints in map order, the first match wins (as in the metrics).
    const touchpoints: TTouchpoint[] = [];
    for (const j of await this.listJourneys(workspaceId)) {
      touchpoints.push(...(await this.listTouchpoints(workspaceId, j.id)));
    }
    const tpCase = compileTouchpointCase(touchpoints.map((t) => t.matchRules));
    const rows = await this.db.query<EventRow & { tp: number | null }>(
      `SELECT e.message_id, e.type, e.event, coalesce(a.canonical_id, e.customer_id) AS customer_id,
         e.user_id, e.anonymous_id, e.ts, e.path, e.channel, e.utm_source, e.text, e.value,
         e.properties::VARCHAR AS properties, ${tpCase.sql} AS tp
       FROM events e LEFT JOIN customer_aliases a ON a.customer_id = e.customer_id
       WHERE e.workspace_id = ? ${where}
       ORDER BY e.ts DESC, e.message_id LIMIT ? OFFSET ?`,
      [...tpCase.params, ...params],
    );
    return rows.map(
      (r): TStoredEvent => ({
        messageId: r.message_id,
        type: r.type,
        event: r.event,
        customerId: r.customer_id,
        userId: r.user_id,
        anonymousId: r.anonymous_id,
        timestamp: r.ts,
        path: r.path,
        channel: r.channel,
        utmSource: r.utm_source,
        text: r.text,
        value: r.value,
        properties: r.properties ? (JSON.parse(r.properties) as Record<string, unknown>) : {},
        touchpointId: r.tp === null ? null : (touchpoints[r.tp]?.id ?? null),
        touchpointName: r.tp === null ? null : (touchpoints[r.tp]?.name ?? null),
      }),
    );
  }

  async getCustomer(workspaceId: string, id: string) {
    await this.writer.settled();
    const { items } = await this.queryCustomers(workspaceId, { ids: [id] });
    return items[0];
  }

  listCustomers(workspaceId: string, query: CustomerQuery) {
    return this.queryCustomers(workspaceId, query);
  }

  private async queryCustomers(
    workspaceId: string,
    query: CustomerQuery & { ids?: string[] },
  ): Promise<{ total: number; items: TCustomer[] }> {
    await this.writer.settled();
    const where: string[] = [
      'c.workspace_id = ?',
      'c.id NOT IN (SELECT customer_id FROM customer_aliases)',
    ];
    const params: unknown[] = [workspaceId];
    if (query.ids) {
      where.push('c.id IN (SELECT unnest(?::VARCHAR[]))');
      params.push(query.ids);
    }
    if (query.search) {
      where.push(`(c.id = ? OR contains(lower(c.traits::VARCHAR), lower(?)) OR c.id IN (
        SELECT coalesce(a.canonical_id, i.customer_id) FROM identities i
        LEFT JOIN customer_aliases a ON a.customer_id = i.customer_id
        WHERE i.workspace_id = ? AND contains(lower(i.value), lower(?))))`);
      params.push(query.search, query.search, workspaceId, query.search);
    }
    if (query.personaId) {
      const persona = await this.getPersona(workspaceId, query.personaId);
      if (!persona) return { total: 0, items: [] };
      const seg = compileSegmentRule(persona.segment);
      where.push(seg.sql);
      params.push(...seg.params);
    }
    const whereSql = where.join(' AND ');
    const total = await this.db.query<{ n: number }>(
      `SELECT count(*) AS n FROM customers c WHERE ${whereSql}`,
      params,
    );
    const rows = await this.db.query<{ id: string; traits: string }>(
      `SELECT c.id, c.traits::VARCHAR AS traits FROM customers c WHERE ${whereSql}
       ORDER BY c.updated_at DESC, c.id LIMIT ? OFFSET ?`,
      [...params, query.limit ?? 50, query.offset ?? 0],
    );
    if (rows.length === 0) return { total: total[0]?.n ?? 0, items: [] };
    const ids = rows.map((r) => r.id);
    const members = await this.db.query<{ customer_id: string; canonical_id: string }>(
      'SELECT customer_id, canonical_id FROM customer_aliases WHERE canonical_id IN (SELECT unnest(?::VARCHAR[]))',
      [ids],
    );
    const idents = await this.db.query<{
      customer_id: string;
      kind: 'user_id' | 'anonymous_id' | 'email';
      value: string;
    }>(
      `SELECT coalesce(a.canonical_id, i.customer_id) AS customer_id, i.kind, i.value
       FROM identities i LEFT JOIN customer_aliases a ON a.customer_id = i.customer_id
       WHERE i.workspace_id = ? AND coalesce(a.canonical_id, i.customer_id) IN (SELECT unnest(?::VARCHAR[]))
       ORDER BY i.kind, i.value`,
      [workspaceId, ids],
    );
    const seen = await this.db.query<{ customer_id: string; first: string; last: string }>(
      `SELECT coalesce(a.canonical_id, e.customer_id) AS customer_id, min(e.ts) AS first, max(e.ts) AS last
       FROM events e LEFT JOIN customer_aliases a ON a.customer_id = e.customer_id
       WHERE e.workspace_id = ? AND coalesce(a.canonical_id, e.customer_id) IN (SELECT unnest(?::VARCHAR[]))
       GROUP BY 1`,
      [workspaceId, ids],
    );
    const items = rows.map(
      (r): TCustomer => ({
        id: r.id,
        workspaceId,
        traits: JSON.parse(r.traits) as Record<string, unknown>,
        identities: idents
          .filter((i) => i.customer_id === r.id)
          .map((i) => ({ kind: i.kind, value: i.value })),
        firstSeen: seen.find((x) => x.customer_id === r.id)?.first ?? null,
        lastSeen: seen.find((x) => x.customer_id === r.id)?.last ?? null,
        mergedIds: members.filter((m) => m.canonical_id === r.id).map((m) => m.customer_id),
      }),
    );
    return { total: total[0]?.n ?? 0, items };
  }

  async listMerges(workspaceId: string, customerId?: string): Promise<TMerge[]> {
    await this.writer.settled();
    const params: unknown[] = [workspaceId];
    let where = '';
    if (customerId) {
      where = 'AND (from_customer_id = ? OR into_customer_id = ?)';
      params.push(customerId, customerId);
    }
    const rows = await this.db.query<{
      id: string;
      from_customer_id: string;
      into_customer_id: string;
      reason: string;
      created_at: string;
      undone_at: string | null;
    }>(
      `SELECT * FROM customer_merges WHERE workspace_id = ? ${where} ORDER BY created_at, id`,
      params,
    );
    return rows.map((r) => ({
      id: r.id,
      fromCustomerId: r.from_customer_id,
      intoCustomerId: r.into_customer_id,
      reason: r.reason,
      createdAt: r.created_at,
      undoneAt: r.undone_at,
    }));
  }

  /**
   * Undoes a merge: the merge is marked undone and the canonical map rebuilt from the merges
   * still in force. Runs between writes, so no concurrent identity resolution sees a half state.
   * Traits the survivor gained stay on it; a later event carrying both ids links them again.
   */
  async undoMerge(workspaceId: string, mergeId: string) {
    await this.writer.settled();
    return this.writer.exclusive(async () => {
      const merges = await this.listMerges(workspaceId);
      const target = merges.find((m) => m.id === mergeId);
      if (!target) return undefined;
      if (target.undoneAt) return target;
      await this.db.transaction(async (s) => {
        await s.run(
          'UPDATE customer_merges SET undone_at = now() WHERE id = ? AND workspace_id = ?',
          [mergeId, workspaceId],
        );
        const live = merges.filter((m) => m.id !== mergeId && !m.undoneAt);
        const parent = new Map(live.map((m) => [m.fromCustomerId, m.intoCustomerId]));
        const root = (id: string) => {
          let cur = id;
          for (let i = 0; i < 1000 && parent.has(cur); i++) cur = parent.get(cur)!;
          return cur;
        };
        await s.run('DELETE FROM customer_aliases WHERE workspace_id = ?', [workspaceId]);
        const from = [...parent.keys()];
        if (from.length > 0) {
          await s.run(
            'INSERT INTO customer_aliases SELECT ?, unnest(?::VARCHAR[]), unnest(?::VARCHAR[])',
            [workspaceId, from, from.map(root)],
          );
        }
      });
      return (await this.listMerges(workspaceId)).find((m) => m.id === mergeId);
    });
  }

  // Metrics ----------------------------------------------------------------------------------------

  async touchpointMetrics(
    workspaceId: string,
    q: MetricsQuery,
  ): Promise<TouchpointMetricsReport | undefined> {
    await this.writer.settled();
    const journey = await this.getJourney(workspaceId, q.journeyId);
    if (!journey) return undefined;
    let segment = null;
    if (q.personaId) {
      const persona = await this.getPersona(workspaceId, q.personaId);
      if (!persona) return undefined;
      segment = persona.segment;
    }
    const stages = await this.listStages(workspaceId, journey.id);
    const tps = await this.listTouchpoints(workspaceId, journey.id);
    const stageIndex = new Map(stages.map((s, i) => [s.id, i]));
    // The query first brings the journey's materialized events up to date (journey-events.ts).
    const rows = await touchpointMetrics.duckdb(this.db, {
      workspaceId,
      journeyId: journey.id,
      from: q.from,
      to: q.to,
      touchpoints: tps.map((t) => ({
        id: t.id,
        stageIndex: stageIndex.get(t.stageId) ?? 0,
        matchRules: t.matchRules,
      })),
      stageCount: stages.length,
      goal: journey.goal,
      settings: journey.settings,
      segment,
    });
    // Sentiment and CSAT feed the measured markers; the stages' measured emotion rides along.
    const listening = await this.listening().journeyListening(workspaceId, journey.id, q);
    return assembleMetricsReport({
      journeyId: journey.id,
      personaId: q.personaId ?? null,
      from: q.from,
      to: q.to,
      conversionWindowDays: journey.settings.conversionWindowDays,
      inactivityDays: journey.settings.inactivityDays,
      stages,
      touchpoints: tps,
      counts: rows.touchpoints,
      journey: rows.journey,
      listening,
    });
  }

  // Touchpoint detail and journey dashboard ------------------------------------------------------

  /**
   * The journey's scope for a detail query: its touchpoints in map order, goal, settings and the
   * persona's segment rule. Undefined when the journey or the persona is not in the workspace.
   */
  private async journeyScope(
    workspaceId: string,
    journeyId: string,
    q: DetailQuery,
  ): Promise<{ journey: TJourney; touchpoints: TTouchpoint[]; scope: JourneyScope } | undefined> {
    const journey = await this.getJourney(workspaceId, journeyId);
    if (!journey) return undefined;
    let segment = null;
    if (q.personaId) {
      const persona = await this.getPersona(workspaceId, q.personaId);
      if (!persona) return undefined;
      segment = persona.segment;
    }
    const touchpoints = await this.listTouchpoints(workspaceId, journey.id);
    const scope: JourneyScope = {
      workspaceId,
      from: q.from,
      to: q.to,
      touchpoints,
      goal: journey.goal,
      settings: journey.settings,
      segment,
    };
    return { journey, touchpoints, scope };
  }

  /** The scope of a touchpoint's journey, with the touchpoint's index in map order. */
  private async touchpointScope(workspaceId: string, touchpointId: string, q: DetailQuery) {
    const tp = await this.getTouchpoint(workspaceId, touchpointId);
    if (!tp) return undefined;
    const found = await this.journeyScope(workspaceId, tp.journeyId, q);
    if (!found) return undefined;
    const index = found.touchpoints.findIndex((t) => t.id === tp.id);
    return index < 0 ? undefined : { ...found, index };
  }

  async touchpointSeries(workspaceId: string, touchpointId: string, q: SeriesQuery) {
    await this.writer.settled();
    const found = await this.touchpointScope(workspaceId, touchpointId, q);
    if (!found) return undefined;
    const bucket = q.bucket ?? chooseBucket(q.from, q.to);
    const rows = await touchpointSeries.duckdb(this.db, {
      ...found.scope,
      index: found.index,
      bucket,
    });
    return {
      touchpointId,
      journeyId: found.journey.id,
      personaId: q.personaId ?? null,
      from: q.from.toISOString(),
      to: q.to.toISOString(),
      bucket,
      conversionWindowDays: found.journey.settings.conversionWindowDays,
      ...rows,
    };
  }

  async droppedOffCustomers(
    workspaceId: string,
    touchpointId: string,
    q: DetailQuery & ListOptions,
  ) {
    await this.writer.settled();
    const found = await this.touchpointScope(workspaceId, touchpointId, q);
    if (!found) return undefined;
    const rows = await droppedOff.duckdb(this.db, {
      ...found.scope,
      index: found.index,
      limit: q.limit ?? 50,
      offset: q.offset ?? 0,
    });
    return { touchpointId, ...rows };
  }

  async nextSteps(workspaceId: string, touchpointId: string, q: DetailQuery) {
    await this.writer.settled();
    const found = await this.touchpointScope(workspaceId, touchpointId, q);
    if (!found) return undefined;
    const rows = await nextSteps.duckdb(this.db, { ...found.scope, index: found.index });
    const total = rows.reduce((sum, r) => sum + r.count, 0);
    const goalName = found.journey.goal?.event ?? 'Goal';
    const steps = rows
      .map(
        (r): NextStep => ({
          kind: r.kind,
          touchpointId: r.tp === null ? null : (found.touchpoints[r.tp]?.id ?? null),
          name:
            r.kind === 'none'
              ? 'Nothing yet'
              : r.kind === 'goal'
                ? goalName
                : (found.touchpoints[r.tp ?? -1]?.name ?? 'Unknown touchpoint'),
          count: r.count,
          customers: r.customers,
          share: total > 0 ? r.count / total : 0,
          medianHours: r.kind === 'none' ? null : r.medianHours,
        }),
      )
      // Most frequent first; "nothing yet" last, whatever its count, as it is no step.
      .sort(
        (a, b) =>
          Number(a.kind === 'none') - Number(b.kind === 'none') ||
          b.count - a.count ||
          a.name.localeCompare(b.name),
      );
    return { touchpointId, total, steps };
  }

  async previewMatchRules(workspaceId: string, journeyId: string, q: MatchPreviewQuery) {
    await this.writer.settled();
    const found = await this.journeyScope(workspaceId, journeyId, q);
    if (!found) return undefined;
    const rows = await matchPreview.duckdb(this.db, {
      ...found.scope,
      rules: q.rules,
      sampleSize: q.sampleSize ?? 20,
    });
    const tpOf = (index: number | null) => {
      const t = index === null ? undefined : found.touchpoints[index];
      return t ? { touchpointId: t.id, name: t.name } : null;
    };
    return {
      journeyId: found.journey.id,
      from: q.from.toISOString(),
      to: q.to.toISOString(),
      count: rows.count,
      claimed: rows.claimed.map((c) => ({
        touchpointId: tpOf(c.tp)?.touchpointId ?? null,
        name: tpOf(c.tp)?.name ?? null,
        count: c.n,
      })),
      sample: rows.sample.map(({ tp, ...e }) => ({ ...e, claimedBy: tpOf(tp) })),
    };
  }

  async journeySeries(workspaceId: string, journeyId: string, q: SeriesQuery) {
    await this.writer.settled();
    const found = await this.journeyScope(workspaceId, journeyId, q);
    if (!found) return undefined;
    const bucket = q.bucket ?? chooseBucket(q.from, q.to);
    const points = await journeySeries.duckdb(this.db, { ...found.scope, bucket });
    return {
      journeyId: found.journey.id,
      personaId: q.personaId ?? null,
      from: q.from.toISOString(),
      to: q.to.toISOString(),
      bucket,
      points,
    };
  }

  // Paths and funnels (paths-funnels.ts) ---------------------------------------------------------

  async journeyPaths(workspaceId: string, journeyId: string, q: PathsQuery) {
    await this.writer.settled();
    return pathsReport(this.db, this, workspaceId, journeyId, q);
  }

  async journeyPathFlow(workspaceId: string, journeyId: string, q: PathFlowQuery) {
    await this.writer.settled();
    return pathFlowReport(this.db, this, workspaceId, journeyId, q);
  }

  async journeyFunnel(workspaceId: string, journeyId: string, q: FunnelQuery) {
    await this.writer.settled();
    return funnelReport(this.db, this, workspaceId, journeyId, q);
  }

  async funnelDropOff(workspaceId: string, journeyId: string, q: FunnelDropOffQuery) {
    await this.writer.settled();
    return funnelDropOffReport(this.db, this, workspaceId, journeyId, q);
  }

  // Conformance and attribution ------------------------------------------------------------------

  /**
   * A journey's scope with what its materialized events are built from: the shape (touchpoints
   * with their stage index, stage count, goal, settings) exactly as the metrics pass it, so that
   * every query shares one table, and the stage index of each touchpoint in map order.
   */
  private async analyticsScope(workspaceId: string, journeyId: string, q: DetailQuery) {
    const found = await this.journeyScope(workspaceId, journeyId, q);
    if (!found) return undefined;
    const stages = await this.listStages(workspaceId, journeyId);
    const stageIndex = new Map(stages.map((s, i) => [s.id, i]));
    const order = found.touchpoints.map((t) => stageIndex.get(t.stageId) ?? 0);
    const settings = found.journey.settings;
    const sequence = {
      workspaceId,
      journeyId,
      from: q.from,
      to: q.to,
      shape: {
        touchpoints: found.touchpoints.map((t, i) => ({
          stageIndex: order[i]!,
          matchRules: t.matchRules,
        })),
        stageCount: stages.length,
        goal: found.journey.goal,
        conversionWindowDays: settings.conversionWindowDays,
        inactivityDays: settings.inactivityDays,
      },
    };
    return { ...found, order, sequence };
  }

  async journeyConformance(workspaceId: string, journeyId: string, q: ConformanceQuery) {
    await this.writer.settled();
    const found = await this.analyticsScope(workspaceId, journeyId, q);
    if (!found) return undefined;
    const top = q.top ?? 20;
    const personas = await this.listPersonas(workspaceId);
    const rows = await conformance.duckdb(this.db, {
      ...found.sequence,
      segment: found.scope.segment,
      personas: personas.map((p) => ({ id: p.id, segment: p.segment })),
    });
    const unmatched = await unmatchedKinds.duckdb(this.db, { ...found.scope, limit: top });
    return assembleConformanceReport({
      journeyId,
      from: q.from,
      to: q.to,
      personaId: q.personaId ?? null,
      touchpointIds: found.touchpoints.map((t) => t.id),
      order: found.order,
      sequences: rows.sequences,
      personas: personas.map((p) => ({
        personaId: p.id,
        name: p.name,
        sequences: rows.personas.get(p.id) ?? [],
      })),
      unmatched,
      top,
    });
  }

  async conformanceCustomers(workspaceId: string, journeyId: string, q: ConformanceCustomersQuery) {
    await this.writer.settled();
    const found = await this.analyticsScope(workspaceId, journeyId, q);
    if (!found) return undefined;
    const page = await conformanceCustomers.duckdb(this.db, {
      ...found.sequence,
      segment: found.scope.segment,
      order: found.order,
      direction: q.order ?? 'asc',
      limit: q.limit ?? 50,
      offset: q.offset ?? 0,
    });
    const first = firstOfStage(found.order);
    return {
      total: page.total,
      items: page.rows.map((r) => {
        const score = scoreSequence(r.sequence, found.order, first);
        return {
          customerId: r.customerId,
          label: r.label,
          fitness: score.fitness,
          met: score.met,
          skipped: score.skipped,
          backwards: score.backwards,
          sequence: r.sequence.map((tp) => found.touchpoints[tp]!.id),
        };
      }),
    };
  }

  async journeyAttribution(workspaceId: string, journeyId: string, q: AttributionQuery) {
    await this.writer.settled();
    const found = await this.analyticsScope(workspaceId, journeyId, q);
    if (!found) return undefined;
    const by = q.by ?? 'channel';
    const { keys, keyOf } = attributionKeys(found.touchpoints, by);
    const lookbackDays = q.lookbackDays ?? found.journey.settings.conversionWindowDays;
    const halfLifeDays = q.halfLifeDays ?? 7;
    const rows = await attributionPaths.duckdb(this.db, {
      ...found.sequence,
      segment: found.scope.segment,
      keyOf,
      lookbackDays,
      halfLifeDays,
    });
    return assembleJourneyAttribution({
      journeyId,
      by,
      from: q.from,
      to: q.to,
      personaId: q.personaId ?? null,
      lookbackDays,
      halfLifeDays,
      position: q.position ?? [0.4, 0.2, 0.4],
      markovOrder: q.markovOrder ?? 1,
      keys,
      keyOf,
      ...rows,
    });
  }
}
