import type {
  ApiKey,
  ApiKeyCreated,
  AttributionBy,
  AttributionReport,
  Automation,
  AutomationCreate,
  AutomationOutcome,
  AutomationPatch,
  AutomationRun,
  ConformanceReport,
  Customer,
  CustomerSurveyResponseRow,
  DeadLetter,
  DroppedOffPage,
  ErrorBody,
  FunnelDropOff,
  FunnelReport,
  FunnelRequest,
  GoalFilter,
  Journey,
  JourneyMap,
  JourneySeries,
  JourneyTemplate,
  KeyKind,
  ListPage,
  MatchPreview,
  MatchRule,
  Member,
  Merge,
  MetricsReport,
  NextSteps,
  PathFlow,
  PathLevel,
  PathsReport,
  Persona,
  PersonaCreate,
  Role,
  RunDetail,
  ScoredMessage,
  SentimentSummary,
  SessionInfo,
  Stage,
  StageLanes,
  StoredEvent,
  Survey,
  SurveyCreate,
  SurveyEmailSnippet,
  SurveyLink,
  SurveyPatch,
  SurveyResponse,
  SurveyScoreGroupBy,
  SurveyScores,
  SurveySettings,
  Task,
  TaskCreate,
  TaskPatch,
  TestRunResult,
  Touchpoint,
  TouchpointCreate,
  TouchpointSeries,
  Workspace,
} from './types.ts';

/**
 * The one error type of the app: the server's `{ error: { code, message, details } }`, plus the
 * HTTP status. Network failures get `code: 'network'` and status 0.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The `{ path, message }` list of a validation error, if that is what `details` holds. */
  get fieldErrors(): { path: string; message: string }[] {
    return Array.isArray(this.details)
      ? this.details.filter(
          (d): d is { path: string; message: string } =>
            typeof d === 'object' && d !== null && 'path' in d && 'message' in d,
        )
      : [];
  }
}

/**
 * How the app proves who it is: a session cookie (sent by the browser) with its CSRF token, or a
 * workspace API key sent as a Bearer token.
 */
export type Credentials = { kind: 'session'; csrfToken: string } | { kind: 'apiKey'; key: string };

interface ClientState {
  credentials: Credentials | null;
  workspaceId: string | null;
  onUnauthorized: () => void;
}

const state: ClientState = { credentials: null, workspaceId: null, onUnauthorized: () => {} };

/** Sets what every later request sends; called by the session provider. */
export function configureApi(next: Partial<ClientState>) {
  Object.assign(state, next);
}

type Query = Record<string, string | number | undefined | null>;

interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Do not treat a 401 as "signed out" (the sign-in calls themselves). */
  quiet401?: boolean;
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (state.workspaceId) headers['X-Waymark-Workspace'] = state.workspaceId;
  const creds = state.credentials;
  if (creds?.kind === 'apiKey') headers.Authorization = `Bearer ${creds.key}`;
  if (creds?.kind === 'session' && method !== 'GET') headers['X-CSRF-Token'] = creds.csrfToken;
  // No Content-Type without a body: the server answers an empty JSON body with 400.
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';

  let url = path;
  if (options.query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(options.query)) {
      if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
    }
    const qs = params.toString();
    if (qs) url += `?${qs}`;
  }

  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection.');
  }

  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let payload: unknown;
  try {
    payload = text ? JSON.parse(text) : undefined;
  } catch {
    payload = undefined;
  }
  if (!res.ok) {
    const e = (payload as Partial<ErrorBody> | undefined)?.error;
    const error = new ApiError(
      res.status,
      e?.code ?? `http_${res.status}`,
      e?.message ?? `The server answered ${res.status} ${res.statusText}`.trim(),
      e?.details,
    );
    if (res.status === 401 && !options.quiet401) state.onUnauthorized();
    throw error;
  }
  return payload as T;
}

/** True when the error is only the cancellation of a request nobody waits for any more. */
export const isAbort = (err: unknown) => err instanceof DOMException && err.name === 'AbortError';

// --- Sign-in -------------------------------------------------------------------------------

export const login = (email: string, password: string) =>
  request<SessionInfo>('POST', '/api/auth/login', { body: { email, password }, quiet401: true });

export const fetchMe = (signal?: AbortSignal) =>
  request<SessionInfo>('GET', '/api/auth/me', { signal, quiet401: true });

export const logout = () => request<void>('POST', '/api/auth/logout', { quiet401: true });

/** The workspace an API key belongs to (the sign-in check of the API-key form). */
export const fetchWorkspace = (signal?: AbortSignal) =>
  request<Workspace>('GET', '/api/workspace', { signal, quiet401: true });

// --- Journeys ------------------------------------------------------------------------------

export const listJourneys = (signal?: AbortSignal) =>
  request<Journey[]>('GET', '/api/journeys', { signal });

export const getJourneyMap = (id: string, signal?: AbortSignal) =>
  request<JourneyMap>('GET', `/api/journeys/${encodeURIComponent(id)}`, { signal });

export const listJourneyTemplates = (signal?: AbortSignal) =>
  request<JourneyTemplate[]>('GET', '/api/templates/journeys', { signal });

export const createJourneyFromTemplate = (template: string, name?: string) =>
  request<Journey>('POST', '/api/journeys/from-template', { body: { template, name } });

/** `GET /api/journeys/:id/export`: the journey as a portable file (see docs/api.md). */
export const exportJourney = (id: string) =>
  request<Record<string, unknown>>('GET', `/api/journeys/${encodeURIComponent(id)}/export`);

export interface JourneyImportResult {
  journey: Journey;
  personas: Array<{ id: string; name: string; created: boolean }>;
}

export const importJourney = (file: unknown) =>
  request<JourneyImportResult>('POST', '/api/journeys/import', { body: file });

export interface MetricsFilter {
  /** ISO-8601 date-times; omitted means the server's default range (the last 180 days). */
  from?: string;
  to?: string;
  personaId?: string;
}

export const getJourneyMetrics = (id: string, filter: MetricsFilter, signal?: AbortSignal) =>
  request<MetricsReport>('GET', `/api/journeys/${encodeURIComponent(id)}/metrics`, {
    query: { from: filter.from, to: filter.to, personaId: filter.personaId },
    signal,
  });

export const listPersonas = (signal?: AbortSignal) =>
  request<Persona[]>('GET', '/api/personas', { signal });

// --- Touchpoint detail and journey dashboard -------------------------------------------------

const rangeQuery = (filter: MetricsFilter) => ({
  from: filter.from,
  to: filter.to,
  personaId: filter.personaId,
});

export const getTouchpointSeries = (id: string, filter: MetricsFilter, signal?: AbortSignal) =>
  request<TouchpointSeries>('GET', `/api/touchpoints/${encodeURIComponent(id)}/series`, {
    query: rangeQuery(filter),
    signal,
  });

export const listDroppedOff = (
  id: string,
  filter: MetricsFilter,
  page: { limit: number; offset: number },
  signal?: AbortSignal,
) =>
  request<DroppedOffPage>('GET', `/api/touchpoints/${encodeURIComponent(id)}/dropped-off`, {
    query: { ...rangeQuery(filter), limit: page.limit, offset: page.offset },
    signal,
  });

export const getNextSteps = (id: string, filter: MetricsFilter, signal?: AbortSignal) =>
  request<NextSteps>('GET', `/api/touchpoints/${encodeURIComponent(id)}/next`, {
    query: rangeQuery(filter),
    signal,
  });

/** What draft match rules would match in the journey's events; nothing is saved. */
export const previewMatchRules = (
  journeyId: string,
  filter: MetricsFilter,
  matchRules: MatchRule[],
  signal?: AbortSignal,
) =>
  request<MatchPreview>('POST', `/api/journeys/${encodeURIComponent(journeyId)}/match-preview`, {
    query: rangeQuery(filter),
    body: { matchRules, sampleSize: 10 },
    signal,
  });

export const getJourneySeries = (id: string, filter: MetricsFilter, signal?: AbortSignal) =>
  request<JourneySeries>('GET', `/api/journeys/${encodeURIComponent(id)}/series`, {
    query: rangeQuery(filter),
    signal,
  });

// --- Journey analysis: paths, flow, funnels, conformance, attribution -----------------------

/** The options of `GET /api/journeys/:id/paths` (and of the flow, which adds its own). */
export interface PathOptions {
  level: PathLevel;
  collapseRepeats: boolean;
  /** Cut a customer's sequence at gaps longer than this; null: one sequence per customer. */
  sessionGapMinutes: number | null;
  goal: GoalFilter;
}

const pathQuery = (filter: MetricsFilter, o: PathOptions) => ({
  ...rangeQuery(filter),
  level: o.level,
  collapseRepeats: String(o.collapseRepeats),
  sessionGapMinutes: o.sessionGapMinutes,
  goal: o.goal,
});

export const getPaths = (
  id: string,
  filter: MetricsFilter,
  options: PathOptions & { variants: number },
  signal?: AbortSignal,
) =>
  request<PathsReport>('GET', `/api/journeys/${encodeURIComponent(id)}/paths`, {
    query: { ...pathQuery(filter, options), variants: options.variants },
    signal,
  });

export interface FlowOptions extends PathOptions {
  anchor: string;
  direction: 'forward' | 'backward';
  depth: number;
  top: number;
}

export const getPathFlow = (
  id: string,
  filter: MetricsFilter,
  o: FlowOptions,
  signal?: AbortSignal,
) =>
  request<PathFlow>('GET', `/api/journeys/${encodeURIComponent(id)}/paths/flow`, {
    query: {
      ...pathQuery(filter, o),
      anchor: o.anchor,
      direction: o.direction,
      depth: o.depth,
      top: o.top,
    },
    signal,
  });

export const runFunnel = (id: string, body: FunnelRequest, signal?: AbortSignal) =>
  request<FunnelReport>('POST', `/api/journeys/${encodeURIComponent(id)}/funnels`, {
    body,
    signal,
  });

/** The customers who reached step `step - 1` of the funnel but not `step`, a page at a time. */
export const getFunnelDropOff = (
  id: string,
  body: FunnelRequest & { step: number; limit: number; offset: number },
  signal?: AbortSignal,
) =>
  request<FunnelDropOff>('POST', `/api/journeys/${encodeURIComponent(id)}/funnels/drop-off`, {
    body,
    signal,
  });

export const getConformance = (
  id: string,
  filter: MetricsFilter,
  top: number,
  signal?: AbortSignal,
) =>
  request<ConformanceReport>('GET', `/api/journeys/${encodeURIComponent(id)}/conformance`, {
    query: { ...rangeQuery(filter), top },
    signal,
  });

export interface AttributionOptions {
  by: AttributionBy;
  /** Days before a conversion whose touches count; null: the journey's conversion window. */
  lookbackDays: number | null;
  halfLifeDays: number;
  /** First / middle / last weights of the position-based model; they sum to 1. */
  position: [number, number, number];
  markovOrder: number;
}

export const getAttribution = (
  id: string,
  filter: MetricsFilter,
  o: AttributionOptions,
  signal?: AbortSignal,
) =>
  request<AttributionReport>('GET', `/api/journeys/${encodeURIComponent(id)}/attribution`, {
    query: {
      ...rangeQuery(filter),
      by: o.by,
      lookbackDays: o.lookbackDays,
      halfLifeDays: o.halfLifeDays,
      position: o.position.join(','),
      markovOrder: o.markovOrder,
    },
    signal,
  });

// --- Stages --------------------------------------------------------------------------------

export interface StagePatch {
  name?: string;
  position?: number;
  lanes?: StageLanes;
}

export const createStage = (journeyId: string, body: { name: string; position?: number }) =>
  request<Stage>('POST', `/api/journeys/${encodeURIComponent(journeyId)}/stages`, { body });

export const updateStage = (id: string, body: StagePatch) =>
  request<Stage>('PATCH', `/api/stages/${encodeURIComponent(id)}`, { body });

export const deleteStage = (id: string) =>
  request<void>('DELETE', `/api/stages/${encodeURIComponent(id)}`);

// --- Touchpoints ---------------------------------------------------------------------------

export type TouchpointPatch = Partial<TouchpointCreate>;

export const createTouchpoint = (journeyId: string, body: TouchpointCreate) =>
  request<Touchpoint>('POST', `/api/journeys/${encodeURIComponent(journeyId)}/touchpoints`, {
    body,
  });

export const updateTouchpoint = (id: string, body: TouchpointPatch) =>
  request<Touchpoint>('PATCH', `/api/touchpoints/${encodeURIComponent(id)}`, { body });

export const deleteTouchpoint = (id: string) =>
  request<void>('DELETE', `/api/touchpoints/${encodeURIComponent(id)}`);

// --- Customers -----------------------------------------------------------------------------

export interface CustomerQuery {
  search?: string;
  personaId?: string;
  limit?: number;
  offset?: number;
}

/** `GET /api/customers`: one page of the search, with the total count of matches. */
export interface CustomerPage {
  total: number;
  items: Customer[];
}

export const listCustomers = (q: CustomerQuery, signal?: AbortSignal) =>
  request<CustomerPage>('GET', '/api/customers', {
    query: { search: q.search, personaId: q.personaId, limit: q.limit, offset: q.offset },
    signal,
  });

export const getCustomer = (id: string, signal?: AbortSignal) =>
  request<Customer>('GET', `/api/customers/${encodeURIComponent(id)}`, { signal });

/** The customer's timeline across channels, newest first. */
export const listCustomerEvents = (
  id: string,
  page: { limit?: number; offset?: number },
  signal?: AbortSignal,
) =>
  request<StoredEvent[]>('GET', `/api/customers/${encodeURIComponent(id)}/events`, {
    query: { limit: page.limit, offset: page.offset },
    signal,
  });

export const listCustomerMerges = (id: string, signal?: AbortSignal) =>
  request<Merge[]>('GET', `/api/customers/${encodeURIComponent(id)}/merges`, { signal });

export const undoMerge = (id: string) =>
  request<Merge>('POST', `/api/merges/${encodeURIComponent(id)}/undo`);

// --- Personas ------------------------------------------------------------------------------

export type PersonaPatch = Partial<PersonaCreate>;

export const createPersona = (body: PersonaCreate) =>
  request<Persona>('POST', '/api/personas', { body });

export const updatePersona = (id: string, body: PersonaPatch) =>
  request<Persona>('PATCH', `/api/personas/${encodeURIComponent(id)}`, { body });

export const deletePersona = (id: string) =>
  request<void>('DELETE', `/api/personas/${encodeURIComponent(id)}`);

/** How many customers the persona's saved segment rule matches now. */
export const countPersonaCustomers = (id: string, signal?: AbortSignal) =>
  request<{ personaId: string; customers: number }>(
    'GET',
    `/api/personas/${encodeURIComponent(id)}/customers`,
    { signal },
  );

// --- Keys and members (owners only) ----------------------------------------------------------

export const listKeys = (signal?: AbortSignal) => request<ApiKey[]>('GET', '/api/keys', { signal });

/** The answer holds the key's `secret`, which the server never shows again. */
export const createKey = (kind: KeyKind, name: string) =>
  request<ApiKeyCreated>('POST', '/api/keys', { body: { kind, name } });

export const revokeKey = (id: string) =>
  request<void>('DELETE', `/api/keys/${encodeURIComponent(id)}`);

export const listMembers = (signal?: AbortSignal) =>
  request<Member[]>('GET', '/api/members', { signal });

/** An invitation as its sender sees it; `url` (a path of the web app) holds its token. */
export interface InviteSent {
  invite: { email: string; role: Role; expiresAt: string; url: string };
}

/** Adds an existing user at once (the member), or invites the email (the invite and its link). */
export const addMember = (email: string, role: Role) =>
  request<Member | InviteSent>('POST', '/api/members', { body: { email, role } });

export const updateMemberRole = (userId: string, role: Role) =>
  request<Member>('PATCH', `/api/members/${encodeURIComponent(userId)}`, { body: { role } });

export const removeMember = (userId: string) =>
  request<void>('DELETE', `/api/members/${encodeURIComponent(userId)}`);

// --- Tasks ---------------------------------------------------------------------------------------

export interface TaskQuery {
  journeyId?: string;
  touchpointId?: string;
  ownerId?: string;
  overdue?: boolean;
}

export const listTasks = (q: TaskQuery, signal?: AbortSignal) =>
  request<Task[]>('GET', '/api/tasks', {
    query: {
      journeyId: q.journeyId || undefined,
      touchpointId: q.touchpointId || undefined,
      ownerId: q.ownerId || undefined,
      overdue: q.overdue ? 'true' : undefined,
    },
    signal,
  });

export const createTask = (body: TaskCreate) => request<Task>('POST', '/api/tasks', { body });

export const createTaskFromCatalog = (touchpointId: string) =>
  request<Task>('POST', `/api/touchpoints/${encodeURIComponent(touchpointId)}/tasks/from-catalog`, {
    body: {},
  });

export const updateTask = (id: string, body: TaskPatch) =>
  request<Task>('PATCH', `/api/tasks/${encodeURIComponent(id)}`, { body });

export const deleteTask = (id: string) =>
  request<void>('DELETE', `/api/tasks/${encodeURIComponent(id)}`);

// --- Automations ---------------------------------------------------------------------------------

const automationPath = (id: string) => `/api/automations/${encodeURIComponent(id)}`;

export const listAutomations = (signal?: AbortSignal) =>
  request<Automation[]>('GET', '/api/automations', { signal });

export const getAutomation = (id: string, signal?: AbortSignal) =>
  request<Automation>('GET', automationPath(id), { signal });

export const createAutomation = (body: AutomationCreate) =>
  request<Automation>('POST', '/api/automations', { body });

export const updateAutomation = (id: string, body: AutomationPatch) =>
  request<Automation>('PATCH', automationPath(id), { body });

/** Switches an automation on (it reacts to what happens from now on) or off. */
export const setAutomationEnabled = (id: string, enabled: boolean) =>
  request<Automation>('POST', `${automationPath(id)}/${enabled ? 'enable' : 'disable'}`);

export const deleteAutomation = (id: string) => request<void>('DELETE', automationPath(id));

/** Replaces the webhook signing secret; the old one stops working at once. */
export const rotateWebhookSecret = (id: string) =>
  request<Automation>('POST', `${automationPath(id)}/rotate-secret`);

/** Runs the steps against one customer: a dry run says what each would do; a real one does it. */
export const testRunAutomation = (
  id: string,
  body: {
    customerId: string;
    dryRun: boolean;
    event?: { name?: string; properties: Record<string, unknown> };
  },
) => request<TestRunResult>('POST', `${automationPath(id)}/test-run`, { body });

export interface RunQuery {
  status?: string;
  mode?: 'live' | 'test';
  customerId?: string;
  limit?: number;
  offset?: number;
}

export const listAutomationRuns = (id: string, q: RunQuery, signal?: AbortSignal) =>
  request<ListPage<AutomationRun>>('GET', `${automationPath(id)}/runs`, {
    query: { ...q },
    signal,
  });

export const getAutomationRun = (runId: string, signal?: AbortSignal) =>
  request<RunDetail>('GET', `/api/automation-runs/${encodeURIComponent(runId)}`, { signal });

export const listDeadLetters = (
  q: { automationId?: string; limit?: number; offset?: number },
  signal?: AbortSignal,
) => request<ListPage<DeadLetter>>('GET', '/api/automation-dead-letters', { query: q, signal });

export const retryDeadLetter = (id: string) =>
  request<{ retried: true; runId: string }>(
    'POST',
    `/api/automation-dead-letters/${encodeURIComponent(id)}/retry`,
  );

export const getAutomationOutcome = (
  id: string,
  q: { from?: string; to?: string; includeOpen?: boolean },
  signal?: AbortSignal,
) =>
  request<AutomationOutcome>('GET', `${automationPath(id)}/outcome`, {
    query: { from: q.from, to: q.to, includeOpen: q.includeOpen ? 'true' : undefined },
    signal,
  });

/** Recent events of the workspace, newest first (the builder reads their property names). */
export const listRecentEvents = (limit: number, signal?: AbortSignal) =>
  request<StoredEvent[]>('GET', '/api/events', { query: { limit }, signal });

/** The workspace's surveys (the builder's survey trigger and invitation step name one). */
export const listSurveys = (signal?: AbortSignal) =>
  request<Survey[]>('GET', '/api/surveys', { signal });

// --- Surveys -------------------------------------------------------------------------------------

const surveyUrl = (id: string) => `/api/surveys/${encodeURIComponent(id)}`;

/** Surveys in creation order, narrowed to a journey or a touchpoint. */
export const listSurveysAt = (
  q: { journeyId?: string; touchpointId?: string },
  signal?: AbortSignal,
) =>
  request<Survey[]>('GET', '/api/surveys', {
    query: { journeyId: q.journeyId, touchpointId: q.touchpointId },
    signal,
  });

export const getSurvey = (id: string, signal?: AbortSignal) =>
  request<Survey>('GET', surveyUrl(id), { signal });

export const createSurvey = (body: SurveyCreate) =>
  request<Survey>('POST', '/api/surveys', { body });

export const updateSurvey = (id: string, body: SurveyPatch) =>
  request<Survey>('PATCH', surveyUrl(id), { body });

/** Deletes the survey with its invitations and responses (their events stay on the timelines). */
export const deleteSurvey = (id: string) => request<void>('DELETE', surveyUrl(id));

export const getSurveySettings = (signal?: AbortSignal) =>
  request<SurveySettings>('GET', '/api/surveys/settings', { signal });

export const updateSurveySettings = (body: SurveySettings) =>
  request<SurveySettings>('PUT', '/api/surveys/settings', { body });

/** Who a link is for (exactly one of the ids), how long it lives, and whether to override fatigue. */
export interface SurveyLinkRequest {
  customerId?: string;
  userId?: string;
  email?: string;
  /** Seconds, 60 to 90 days; the server's default is 14 days. */
  ttl?: number;
  force?: boolean;
}

/** A 409 `fatigue` / `repeat_interval` when the customer was asked too recently (unless `force`). */
export const createSurveyLink = (id: string, body: SurveyLinkRequest) =>
  request<SurveyLink>('POST', `${surveyUrl(id)}/links`, { body });

export const createSurveyEmailSnippet = (id: string, body: SurveyLinkRequest) =>
  request<SurveyEmailSnippet>('POST', `${surveyUrl(id)}/email-snippet`, { body });

/** One page of a survey's responses, latest first, with the total. */
export const listSurveyResponses = (
  id: string,
  page: { limit: number; offset: number },
  signal?: AbortSignal,
) =>
  request<{ total: number; items: SurveyResponse[] }>('GET', `${surveyUrl(id)}/responses`, {
    query: { limit: page.limit, offset: page.offset },
    signal,
  });

export interface SurveyScoresQuery {
  groupBy: SurveyScoreGroupBy;
  journeyId?: string;
  surveyId?: string;
  personaId?: string;
  /** ISO-8601 date-times; omitted: the 180 days before now. */
  from?: string;
  to?: string;
}

/** CSAT, NPS, CES and response rate with 95% intervals, per group. */
export const getSurveyScores = (q: SurveyScoresQuery, signal?: AbortSignal) =>
  request<SurveyScores>('GET', '/api/surveys/scores', { query: { ...q }, signal });

// --- Listening: sentiment, survey answers of a customer ---------------------------------------

/** A survey answer of a customer, with the sentiment of its comment (docs/api.md). */
export type CustomerSurveyResponse = CustomerSurveyResponseRow & {
  commentSentiment: { score: number; label: SentimentSummary['label'] & string } | null;
};

/** The sentiment of a customer's messages: the average over all, and the latest ones scored. */
export const getCustomerSentiment = (id: string, limit: number, signal?: AbortSignal) =>
  request<{ customerId: string; summary: SentimentSummary; messages: ScoredMessage[] }>(
    'GET',
    `/api/customers/${encodeURIComponent(id)}/sentiment`,
    { query: { limit }, signal },
  );

export const listCustomerSurveyResponses = (id: string, signal?: AbortSignal) =>
  request<{ total: number; items: CustomerSurveyResponse[] }>(
    'GET',
    `/api/customers/${encodeURIComponent(id)}/survey-responses`,
    { signal },
  );

/** A self-service gap: a recurring contact reason at service touchpoints (docs/api.md §4.13). */
export interface SelfServiceGap {
  key: string;
  name: string;
  volume: number;
  share: number;
  trend: { previous: number; change: number; relativeChange: number | null };
  customers: number;
  repeatRate: number;
  examples: string[];
  touchpoints: Array<{ touchpointId: string; name: string; volume: number }>;
  suggestion: string;
}

export interface SelfServiceGaps {
  from: string;
  to: string;
  mode: 'reasons' | 'themes';
  contacts: number;
  gaps: SelfServiceGap[];
}

/** The range of the suggestions: the 30 days before `to` (default now). */
export const getSelfServiceGaps = (
  journeyId: string,
  scope: { to?: string; personaId?: string },
  signal?: AbortSignal,
) =>
  request<SelfServiceGaps>(
    'GET',
    `/api/journeys/${encodeURIComponent(journeyId)}/self-service-gaps`,
    { query: { to: scope.to, personaId: scope.personaId }, signal },
  );

export const createTaskFromGap = (
  journeyId: string,
  key: string,
  scope: { from: string; to: string; personaId?: string },
) =>
  request<Task>(
    'POST',
    `/api/journeys/${encodeURIComponent(journeyId)}/self-service-gaps/${encodeURIComponent(key)}/task`,
    { body: scope },
  );

/** How a contact reason's volume moved against the period before (docs/voice-of-customer.md). */
export interface ContactTrend {
  previous: number;
  change: number;
  relativeChange: number | null;
  direction: 'up' | 'down' | 'flat';
}

/** One contact reason (with a trained model) or theme (without) and its figures. */
export interface ContactReasonFigures {
  key: string;
  name: string;
  volume: number;
  share: number;
  trend: ContactTrend;
  customers: number;
  repeatCustomers: number;
  repeatRate: number;
  examples: string[];
  touchpoints: Array<{ touchpointId: string; name: string; volume: number }>;
}

export interface ContactReasons {
  journeyId: string;
  from: string;
  to: string;
  mode: 'reasons' | 'themes';
  model: { id: string; accuracy: number; minConfidence: number } | null;
  contacts: number;
  previousContacts: number;
  customers: number;
  repeatRate: number;
  truncated: boolean;
  reasons: ContactReasonFigures[];
}

/** Why customers contacted a service touchpoint: reasons or themes, with trend and repeat rate. */
export const getContactReasons = (
  touchpointId: string,
  filter: MetricsFilter,
  signal?: AbortSignal,
) =>
  request<ContactReasons>('GET', '/api/contact-reasons', {
    query: { ...rangeQuery(filter), touchpointId },
    signal,
  });
