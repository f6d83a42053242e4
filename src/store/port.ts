import type {
  TAttributionBy,
  TJourneyAttribution,
} from '../core/attribution/journey-attribution.ts';
import type {
  TConformanceCustomersPage,
  TConformanceReport,
} from '../core/conformance/conformance-report.ts';
import type {
  FlowDirection,
  FunnelDropOff,
  FunnelOrder,
  FunnelReport,
  FunnelStepRef,
  GoalFilter,
  JourneyPaths,
  PathFlow,
  PathLevel,
} from '../core/journey-analytics/types.ts';
import type {
  DroppedOffPage,
  JourneySeries,
  MatchPreview,
  NextSteps,
  SeriesBucket,
  TouchpointSeries,
} from '../core/metrics/detail-types.ts';
import type { TouchpointMetricsReport } from '../core/metrics/types.ts';
import type {
  TCustomer,
  TInvite,
  TJourney,
  TJourneyCreate,
  TKey,
  TKeyCreated,
  TKeyKind,
  TMatchRule,
  TMember,
  TMembership,
  TMerge,
  TNormalizedEvent,
  TPersona,
  TPersonaCreate,
  TRole,
  TSession,
  TStage,
  TStageCreate,
  TStoredEvent,
  TSurvey,
  TSurveyChannel,
  TSurveyFields,
  TSurveyPatch,
  TSurveyResponse,
  TSurveySettings,
  TTask,
  TTaskCreate,
  TTaskPatch,
  TTaskStatus,
  TTouchpoint,
  TTouchpointCreate,
  TUser,
  TWorkspace,
  TWorkspaceCreate,
} from '../core/schemas/index.ts';
import type { SurveyContact } from '../core/surveys/check-fatigue.ts';
import type { InvitationCountRow, ScoreCountRow } from '../core/surveys/score-groups.ts';
import type { AutomationRepo } from './queries/automations/automation-repo.ts';
import type { ListeningRepo } from './queries/listening/listening-repo.ts';
import type { CustomerRef } from './queries/surveys/find-customer.ts';

export type EngineName = 'duckdb';

/**
 * Every engine variant of a query, keyed by engine. Typed as a total record so that an engine
 * without its variant is a compile error, not a runtime surprise.
 */
export type EngineVariants<F> = { readonly [E in EngineName]: F };

/** An event on its way into the store, tagged with the workspace its write key belongs to. */
export interface IncomingEvent {
  workspaceId: string;
  event: TNormalizedEvent;
  /**
   * The event's JSON exactly as sent, when its `properties` and `context` are the payload's own
   * (nothing lent by a batch envelope): a store may keep those from this text instead of
   * serializing the parsed objects again. One line, no newlines.
   */
  raw?: string;
}

export interface InsertResult {
  inserted: number;
  duplicates: number;
}

export interface ListOptions {
  limit?: number;
  offset?: number;
}

export interface CustomerQuery extends ListOptions {
  search?: string;
  personaId?: string;
}

export interface MetricsQuery {
  journeyId: string;
  from: Date;
  to: Date;
  personaId?: string;
}

/** The scope of the touchpoint detail page and the journey dashboard: as for the metrics. */
export interface DetailQuery {
  from: Date;
  to: Date;
  personaId?: string;
}

export interface SeriesQuery extends DetailQuery {
  /** Default: days for ranges up to 92 days, weeks beyond (core/metrics/buckets.ts). */
  bucket?: SeriesBucket;
}

export interface MatchPreviewQuery extends DetailQuery {
  rules: readonly TMatchRule[];
  /** How many of the latest matching events to return (default 20). */
  sampleSize?: number;
}

/** Paths and funnels: the detail scope, and which customers by their goal events in the range. */
export interface AnalyticsQuery extends DetailQuery {
  /** Default `any`. */
  goal?: GoalFilter;
}

/** How customers' events become sequences of steps (docs/analytics.md, Paths). */
export interface SequenceOptions {
  /** Default `touchpoint`. */
  level?: PathLevel;
  /** Default true: consecutive steps with the same key are one step. */
  collapseRepeats?: boolean;
  /** Cut a customer's steps where more than this many minutes pass; default: never. */
  sessionGapMinutes?: number | null;
}

export interface PathsQuery extends AnalyticsQuery, SequenceOptions {
  /** How many of the most frequent variants to list (default 20). */
  variants?: number;
}

export interface PathFlowQuery extends AnalyticsQuery, SequenceOptions {
  /** A touchpoint id or `$goal` (touchpoint level), an event key (event level). */
  anchor: string;
  /** Default `forward`. */
  direction?: FlowDirection;
  /** Steps from the anchor (default 4). */
  depth?: number;
  /** Nodes kept per step, the rest merged into `$other` (default 8). */
  top?: number;
}

export interface FunnelQuery extends AnalyticsQuery {
  steps: readonly FunnelStepRef[];
  /** Default: the journey's conversionWindowDays. */
  windowDays?: number;
  /** Default `loose`. */
  order?: FunnelOrder;
}

export interface FunnelDropOffQuery extends FunnelQuery, ListOptions {
  /** Customers who reached step `step - 1` but not `step` (0-based, ≥ 1). */
  step: number;
}

/** Conformance of a journey's customers to its map (docs/analytics.md). */
export interface ConformanceQuery extends DetailQuery {
  /** Length of the ranked lists (skipped, backwards, unmatched); default 20. */
  top?: number;
}

export interface ConformanceCustomersQuery extends DetailQuery, ListOptions {
  /** `asc` (default): worst fitness first. */
  order?: 'asc' | 'desc';
}

/** Attribution of a journey's conversions (docs/analytics.md); defaults as the API states. */
export interface AttributionQuery extends DetailQuery {
  by?: TAttributionBy;
  /** Default: the journey's conversion window. */
  lookbackDays?: number;
  halfLifeDays?: number;
  /** First, middle and last shares of the position-based model, summing to 1. */
  position?: [number, number, number];
  markovOrder?: number;
}

/** The expanded form of a journey template, as `core/templates` produces it. */
/** Which tasks to list; all filters combine (AND). */
export interface TaskQuery {
  journeyId?: string;
  touchpointId?: string;
  ownerId?: string;
  status?: TTaskStatus;
}

/** Which surveys to list; filters combine (AND). */
export interface SurveyQuery {
  journeyId?: string;
  touchpointId?: string;
}

/** A time a customer was asked a survey: a signed link made, or the widget shown. */
export interface SurveyInvitation {
  /** The token's random id. */
  nonce: string;
  surveyId: string;
  touchpointId: string;
  /** Canonical customer id. */
  customerId: string;
  channel: TSurveyChannel;
  createdAt: Date;
  expiresAt: Date;
}

/** A response to store; `nonce` names the invitation it answers. */
export interface NewSurveyResponse {
  /** Default: a new random id (the demo's history brings its own, also in its events). */
  id?: string;
  nonce: string;
  surveyId: string;
  touchpointId: string;
  customerId: string;
  answers: TSurveyResponse['answers'];
  score: number | null;
  comment: string | null;
  channel: TSurveyChannel;
  createdAt: Date;
}

export type SurveyGroupBy = 'touchpoint' | 'stage' | 'persona' | 'week' | 'month';

export interface SurveyScoreQuery {
  from: Date;
  to: Date;
  groupBy: SurveyGroupBy;
  journeyId?: string;
  surveyId?: string;
  personaId?: string;
}

/** The groups of a score query, in display order, with the counts to score them from. */
export interface SurveyScoreCounts {
  groups: Array<{ key: string; label: string }>;
  counts: ScoreCountRow[];
  invitations: InvitationCountRow[];
}

export interface JourneyBlueprint {
  journey: TJourneyCreate;
  /** Personas to create with the journey (in the same transaction) and attach to it. */
  newPersonas?: TPersonaCreate[];
  stages: Array<{
    stage: TStageCreate;
    touchpoints: Array<Omit<TTouchpointCreate, 'stageId'>>;
  }>;
}

export type Patch<T> = Partial<T>;

/** A user to create: the password arrives already hashed (`core/accounts/password.ts`). */
export interface NewUser {
  email: string;
  name: string;
  passwordHash: string;
}

/** Who accepts an invite: a signed-in user, or a new user with the invite's email. */
export type InviteAcceptor = { userId: string } | { name: string; passwordHash: string };

export interface NewInvite {
  workspaceId: string;
  email: string;
  role: TRole;
  /** The inviting user; null when an API key sent the invite. */
  invitedBy: string | null;
  expiresAt: Date;
}

/**
 * The Store port. Every method is scoped to a workspace; an id that belongs to another workspace
 * behaves exactly like an id that does not exist (undefined / not found).
 */
export interface Store {
  readonly engine: EngineName;
  close(): Promise<void>;

  /** The automation engine's tables: automations, runs, durable steps (src/automation). */
  automations(): AutomationRepo;

  /** The listening layer: text sentiment, contact reasons and their reports (src/core/listening). */
  listening(): ListeningRepo;

  createWorkspace(input: TWorkspaceCreate, options?: { isDemo?: boolean }): Promise<TWorkspace>;
  getWorkspace(id: string): Promise<TWorkspace | undefined>;
  listWorkspaces(): Promise<TWorkspace[]>;
  findWorkspaceByName(name: string): Promise<TWorkspace | undefined>;

  createKey(workspaceId: string, kind: TKeyKind, name: string): Promise<TKeyCreated>;
  listKeys(workspaceId: string): Promise<TKey[]>;
  revokeKey(workspaceId: string, keyId: string): Promise<boolean>;
  /** Resolves a presented secret to its workspace, or undefined if unknown or revoked. */
  resolveKey(secret: string): Promise<{ workspaceId: string; kind: TKeyKind } | undefined>;

  /**
   * Creates a user (emails are unique, compared lower-cased: a taken one is a conflict) and, when
   * given, their first membership, in one transaction.
   */
  createUser(input: NewUser, membership?: { workspaceId: string; role: TRole }): Promise<TUser>;
  getUser(id: string): Promise<TUser | undefined>;
  /** The user and their password hash, for sign-in only. */
  findUserByEmail(email: string): Promise<{ user: TUser; passwordHash: string } | undefined>;
  countUsers(): Promise<number>;

  /** Adds a user to a workspace; a conflict if they are a member already. */
  addMember(workspaceId: string, userId: string, role: TRole): Promise<TMember>;
  getMemberRole(workspaceId: string, userId: string): Promise<TRole | undefined>;
  listMembers(workspaceId: string): Promise<TMember[]>;
  /** The workspaces a user belongs to, with their names. */
  listMemberships(userId: string): Promise<TMembership[]>;
  /** Changes a role; refuses (conflict) to demote the workspace's last owner. */
  updateMemberRole(workspaceId: string, userId: string, role: TRole): Promise<TMember | undefined>;
  /** Removes a member; refuses (conflict) to remove the workspace's last owner. */
  removeMember(workspaceId: string, userId: string): Promise<boolean>;

  /** Starts a session; the token (for the cookie) is returned once, only its hash is stored. */
  createSession(userId: string, expiresAt: Date): Promise<{ token: string; session: TSession }>;
  /** The session of a presented token, or undefined if unknown, revoked or expired. */
  resolveSession(token: string): Promise<TSession | undefined>;
  revokeSession(token: string): Promise<boolean>;

  /** Creates an invite; the token (for the invite URL) is returned once, only its hash stored. */
  createInvite(input: NewInvite): Promise<{ token: string; invite: TInvite }>;
  /** A pending invite: neither accepted nor expired. */
  findInvite(token: string): Promise<TInvite | undefined>;
  /**
   * Accepts a pending invite in one transaction: creates the new user if needed (a conflict if
   * the email is taken), adds the membership (an existing member keeps their role), and marks
   * the invite used. Undefined if the invite is not pending.
   */
  acceptInvite(
    token: string,
    by: InviteAcceptor,
  ): Promise<{ user: TUser; member: TMember } | undefined>;

  createPersona(workspaceId: string, input: TPersonaCreate): Promise<TPersona>;
  getPersona(workspaceId: string, id: string): Promise<TPersona | undefined>;
  listPersonas(workspaceId: string): Promise<TPersona[]>;
  updatePersona(
    workspaceId: string,
    id: string,
    patch: Patch<TPersonaCreate>,
  ): Promise<TPersona | undefined>;
  deletePersona(workspaceId: string, id: string): Promise<boolean>;

  createJourney(workspaceId: string, input: TJourneyCreate): Promise<TJourney>;
  getJourney(workspaceId: string, id: string): Promise<TJourney | undefined>;
  listJourneys(workspaceId: string): Promise<TJourney[]>;
  updateJourney(
    workspaceId: string,
    id: string,
    patch: Patch<TJourneyCreate>,
  ): Promise<TJourney | undefined>;
  /** Deletes the journey with its stages and touchpoints. */
  deleteJourney(workspaceId: string, id: string): Promise<boolean>;
  /** Creates a journey, its stages and touchpoints in one transaction. */
  createJourneyFromBlueprint(workspaceId: string, blueprint: JourneyBlueprint): Promise<TJourney>;

  listStages(workspaceId: string, journeyId: string): Promise<TStage[]>;
  createStage(
    workspaceId: string,
    journeyId: string,
    input: TStageCreate,
  ): Promise<TStage | undefined>;
  updateStage(
    workspaceId: string,
    id: string,
    patch: Patch<TStageCreate>,
  ): Promise<TStage | undefined>;
  /** Refuses (conflict) while the stage still holds touchpoints. */
  deleteStage(workspaceId: string, id: string): Promise<boolean>;

  listTouchpoints(workspaceId: string, journeyId: string): Promise<TTouchpoint[]>;
  getTouchpoint(workspaceId: string, id: string): Promise<TTouchpoint | undefined>;
  createTouchpoint(
    workspaceId: string,
    journeyId: string,
    input: TTouchpointCreate,
  ): Promise<TTouchpoint | undefined>;
  updateTouchpoint(
    workspaceId: string,
    id: string,
    patch: Patch<TTouchpointCreate>,
  ): Promise<TTouchpoint | undefined>;
  deleteTouchpoint(workspaceId: string, id: string): Promise<boolean>;

  /** A task on a touchpoint of the workspace; undefined when the touchpoint is not in it. */
  createTask(
    workspaceId: string,
    input: TTaskCreate,
    completedAt?: string | null,
  ): Promise<TTask | undefined>;
  getTask(workspaceId: string, id: string): Promise<TTask | undefined>;
  /** Tasks in map order of their touchpoints' journeys, then by creation. */
  listTasks(workspaceId: string, query: TaskQuery): Promise<TTask[]>;
  updateTask(
    workspaceId: string,
    id: string,
    patch: TTaskPatch & { completedAt?: string | null },
  ): Promise<TTask | undefined>;
  deleteTask(workspaceId: string, id: string): Promise<boolean>;

  /** A survey on a touchpoint of the workspace; undefined when the touchpoint is not in it. */
  createSurvey(workspaceId: string, input: TSurveyFields): Promise<TSurvey | undefined>;
  getSurvey(workspaceId: string, id: string): Promise<TSurvey | undefined>;
  /** Surveys in creation order. */
  listSurveys(workspaceId: string, query: SurveyQuery): Promise<TSurvey[]>;
  updateSurvey(workspaceId: string, id: string, patch: TSurveyPatch): Promise<TSurvey | undefined>;
  /** Deletes a survey with its invitations and responses (their events stay on the timelines). */
  deleteSurvey(workspaceId: string, id: string): Promise<boolean>;
  /** The workspace's survey settings (defaults when never set). */
  getSurveySettings(workspaceId: string): Promise<TSurveySettings>;
  updateSurveySettings(workspaceId: string, settings: TSurveySettings): Promise<TSurveySettings>;
  /** The canonical id of an existing customer, found by id (following merges) or identity. */
  findCustomer(workspaceId: string, ref: CustomerRef): Promise<string | undefined>;
  /** A customer's survey invitations and responses since a time (merged profiles as one). */
  listSurveyContacts(
    workspaceId: string,
    customerId: string,
    since: Date,
  ): Promise<SurveyContact[]>;
  recordSurveyInvitation(workspaceId: string, invitation: SurveyInvitation): Promise<void>;
  /** An invitation by nonce, with whether it was answered; undefined when unknown. */
  getSurveyInvitation(
    workspaceId: string,
    nonce: string,
  ): Promise<(SurveyInvitation & { answered: boolean }) | undefined>;
  /**
   * Stores a response; undefined when its invitation was answered already (one answer per
   * nonce, enforced by the database even for simultaneous answers).
   */
  recordSurveyResponse(
    workspaceId: string,
    response: NewSurveyResponse,
  ): Promise<TSurveyResponse | undefined>;
  listSurveyResponses(
    workspaceId: string,
    surveyId: string,
    page: ListOptions,
  ): Promise<{ total: number; items: TSurveyResponse[] }>;
  /** Counts for survey scores; undefined when the journey, survey or persona is not in it. */
  surveyScoreCounts(
    workspaceId: string,
    query: SurveyScoreQuery,
  ): Promise<SurveyScoreCounts | undefined>;
  /** Bulk-loads past invitations and responses (the demo's history); no fatigue, no events. */
  importSurveyHistory(
    workspaceId: string,
    history: { invitations: SurveyInvitation[]; responses: NewSurveyResponse[] },
  ): Promise<void>;

  /**
   * Stores events after identity resolution and resolves once they are readable, with how many
   * were new; resent message ids are ignored.
   */
  insertEvents(events: readonly IncomingEvent[]): Promise<InsertResult>;
  /**
   * Accepts events for storage and resolves once they are durable: they survive a crash from
   * then on, and every read that starts after it sees them. What the ingestion API acknowledges.
   */
  appendEvents(events: readonly IncomingEvent[]): Promise<void>;
  /** Resolves once every event accepted before the call is readable. */
  eventsSettled(): Promise<void>;
  countEvents(workspaceId: string): Promise<number>;
  listEvents(
    workspaceId: string,
    options: ListOptions & { customerId?: string },
  ): Promise<TStoredEvent[]>;

  getCustomer(workspaceId: string, id: string): Promise<TCustomer | undefined>;
  listCustomers(
    workspaceId: string,
    query: CustomerQuery,
  ): Promise<{ total: number; items: TCustomer[] }>;
  listMerges(workspaceId: string, customerId?: string): Promise<TMerge[]>;
  undoMerge(workspaceId: string, mergeId: string): Promise<TMerge | undefined>;

  touchpointMetrics(
    workspaceId: string,
    query: MetricsQuery,
  ): Promise<TouchpointMetricsReport | undefined>;

  // Touchpoint detail and journey dashboard: undefined when the touchpoint, journey or persona
  // is not in the workspace. Classified with the journey's current rules, like the metrics.

  /** One touchpoint's volume, reach and conversions per day or week. */
  touchpointSeries(
    workspaceId: string,
    touchpointId: string,
    query: SeriesQuery,
  ): Promise<TouchpointSeries | undefined>;
  /** One page of the customers who dropped off after a touchpoint, latest first. */
  droppedOffCustomers(
    workspaceId: string,
    touchpointId: string,
    query: DetailQuery & ListOptions,
  ): Promise<DroppedOffPage | undefined>;
  /** Where customers went after a touchpoint: the next journey event after each run of touches. */
  nextSteps(
    workspaceId: string,
    touchpointId: string,
    query: DetailQuery,
  ): Promise<NextSteps | undefined>;
  /** What draft match rules match among a journey's events in scope; nothing is saved. */
  previewMatchRules(
    workspaceId: string,
    journeyId: string,
    query: MatchPreviewQuery,
  ): Promise<MatchPreview | undefined>;
  /** The journey's customers and conversions per day or week. */
  journeySeries(
    workspaceId: string,
    journeyId: string,
    query: SeriesQuery,
  ): Promise<JourneySeries | undefined>;

  // Paths and funnels (docs/analytics.md): undefined when the journey or persona is not in the
  // workspace; a touchpoint that is not on the journey is a 400 (AppError `invalid`).

  /** The directly-follows graph, start and end steps and most frequent variants. */
  journeyPaths(
    workspaceId: string,
    journeyId: string,
    query: PathsQuery,
  ): Promise<JourneyPaths | undefined>;
  /** The Sankey flow into or out of an anchor step. */
  journeyPathFlow(
    workspaceId: string,
    journeyId: string,
    query: PathFlowQuery,
  ): Promise<PathFlow | undefined>;
  /** Customers per step of a funnel, with conversions and median times between steps. */
  journeyFunnel(
    workspaceId: string,
    journeyId: string,
    query: FunnelQuery,
  ): Promise<FunnelReport | undefined>;
  /** One page of the customers who dropped off before a funnel step, and where they went. */
  funnelDropOff(
    workspaceId: string,
    journeyId: string,
    query: FunnelDropOffQuery,
  ): Promise<FunnelDropOff | undefined>;

  // Conformance and attribution: undefined when the journey or persona is not in the workspace.

  /** How customers' journeys follow the designed map: fitness, skips, backward moves, gaps. */
  journeyConformance(
    workspaceId: string,
    journeyId: string,
    query: ConformanceQuery,
  ): Promise<TConformanceReport | undefined>;
  /** One page of the journey's customers ranked by fitness. */
  conformanceCustomers(
    workspaceId: string,
    journeyId: string,
    query: ConformanceCustomersQuery,
  ): Promise<TConformanceCustomersPage | undefined>;
  /** Credit for the journey's conversions per channel or touchpoint, by every model. */
  journeyAttribution(
    workspaceId: string,
    journeyId: string,
    query: AttributionQuery,
  ): Promise<TJourneyAttribution | undefined>;
}
