/**
 * The shapes the app exchanges with the server. Domain types come straight from the server's zod
 * schemas (type-only imports, erased at build time), so a change there is a type error here.
 */

export type {
  CustomerSurveyResponseRow,
  ScoredMessage,
} from '../../src/core/listening/customer-voice.ts';
export type {
  TCsatSummary as CsatSummary,
  TMeasuredEmotion as MeasuredEmotion,
} from '../../src/core/listening/measure-emotion.ts';
export type { TSentimentSummary as SentimentSummary } from '../../src/core/listening/sentiment-summary.ts';
export type {
  DroppedOffCustomer,
  DroppedOffPage,
  JourneySeries,
  JourneySeriesPoint,
  MatchPreview,
  MatchPreviewEvent,
  NextStep,
  NextSteps,
  SeriesBucket,
  TouchpointSeries,
  TouchpointSeriesPoint,
} from '../../src/core/metrics/detail-types.ts';
export type {
  MeasuredMarker,
  StageEmotion,
  StageFunnelStep,
  TouchpointMetrics,
  TouchpointMetricsReport as MetricsReport,
} from '../../src/core/metrics/types.ts';
export type { TMember as Member } from '../../src/core/schemas/account.ts';
export type {
  TJourney as Journey,
  TStage as Stage,
  TStageLanes as StageLanes,
} from '../../src/core/schemas/journey.ts';
export type {
  TPersona as Persona,
  TPersonaCreate as PersonaCreate,
  TSegmentRule as SegmentRule,
  TTraitCondition as TraitCondition,
} from '../../src/core/schemas/persona.ts';
export type {
  TChannel as Channel,
  TDesignedMarker as DesignedMarker,
  TFourKeys as FourKeys,
  TMatchRule as MatchRule,
  TPhase as Phase,
  TPropertyCondition as PropertyCondition,
  TTouchpoint as Touchpoint,
  TTouchpointCreate as TouchpointCreate,
} from '../../src/core/schemas/touchpoint.ts';
export type {
  TKey as ApiKey,
  TKeyCreated as ApiKeyCreated,
  TKeyKind as KeyKind,
  TWorkspace as Workspace,
} from '../../src/core/schemas/workspace.ts';
export type { TJourneyTemplate as JourneyTemplate } from '../../src/core/templates/journey-template.ts';

import type { TJourney, TStage } from '../../src/core/schemas/journey.ts';
import type { TTouchpoint } from '../../src/core/schemas/touchpoint.ts';

/** `GET /api/journeys/:id`: the journey with its stages and touchpoints in map order. */
export type JourneyMap = TJourney & { stages: TStage[]; touchpoints: TTouchpoint[] };

/** A member's role: a viewer reads, an editor also changes the model, an owner also manages. */
export type Role = 'owner' | 'editor' | 'viewer';

export interface User {
  id: string;
  email: string;
  name: string;
}

export interface Membership {
  workspaceId: string;
  workspaceName: string;
  role: Role;
}

/** What `POST /api/auth/login` and `GET /api/auth/me` answer. */
export interface SessionInfo {
  user: User;
  memberships: Membership[];
  csrfToken: string;
}

/** The server's one error shape. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

// --- Customers (the 360° view) --------------------------------------------------------------
export type {
  TCustomer as Customer,
  TIdentity as Identity,
  TIdentityKind as IdentityKind,
  TMerge as Merge,
} from '../../src/core/schemas/customer.ts';
export type { TStoredEvent as StoredEvent } from '../../src/core/schemas/event.ts';
// The option lists of the forms come from the same module the server's enums are built from.
export {
  CHANNELS,
  DESIGNED_MARKERS,
  FOUR_KEYS,
  PHASES,
} from '../../src/core/schemas/touchpoint-enums.ts';

// --- Tasks --------------------------------------------------------------------------------------
import type { TTask, TTaskCreate, TTaskPatch } from '../../src/core/schemas/task.ts';

/** A task as the API answers it: the stored task plus whether it is overdue today. */
export type Task = TTask & { overdue: boolean };
export type TaskCreate = TTaskCreate;
export type TaskPatch = TTaskPatch;
export type { TTaskStatus as TaskStatus } from '../../src/core/schemas/task.ts';

// --- Journey analysis: paths, flow, funnels, conformance, attribution ------------------------
// The shapes of `src/server/routes/{paths,funnels,conformance,attribution}.ts` (docs/api.md),
// straight from the server's core types; only the funnel's body is the app's own.

/** The body of `POST /api/journeys/:id/funnels`. */
export interface FunnelRequest {
  steps: FunnelStepRef[];
  windowDays?: number;
  order?: FunnelOrder;
  from?: string;
  to?: string;
  personaId?: string;
  goal?: GoalFilter;
}

/** One designed touchpoint's conformance figures, as the map's cards show them. */
export type ConformanceTouchpoint = TConformanceReport['touchpoints'][number];

export type AttributionModel = keyof TJourneyModels;

import type { TJourneyModels } from '../../src/core/attribution/attribute-journey.ts';
import type { TConformanceReport } from '../../src/core/conformance/conformance-report.ts';
import type {
  FunnelOrder,
  FunnelStepRef,
  GoalFilter,
} from '../../src/core/journey-analytics/types.ts';

export type {
  TAttributionRow as AttributionRow,
  TJourneyModels as AttributionModels,
} from '../../src/core/attribution/attribute-journey.ts';
export type {
  TAttributionBy as AttributionBy,
  TJourneyAttribution as AttributionReport,
} from '../../src/core/attribution/journey-attribution.ts';
export type {
  TConformanceReport as ConformanceReport,
  TUnmatchedKind as UnmatchedEventKind,
} from '../../src/core/conformance/conformance-report.ts';
export type {
  FlowNode,
  FunnelDropOff,
  FunnelOrder,
  FunnelReport,
  FunnelStep as FunnelStepResult,
  FunnelStepRef as FunnelStepInput,
  GoalFilter,
  JourneyPaths as PathsReport,
  PathEdge,
  PathFlow,
  PathLevel,
  PathNode,
  PathVariant,
} from '../../src/core/journey-analytics/types.ts';

import type {
  Proportion,
  ProportionDifference,
} from '../../src/core/automation/compare-proportions.ts';
// --- Automations ---------------------------------------------------------------------------------
// The shapes of src/server/routes/automations.ts (docs/api.md), from the server's core schemas.
import type { TAutomation, TAutomationRun, TRunStep } from '../../src/core/schemas/automation.ts';

export type {
  TAutomationCreate as AutomationCreate,
  TAutomationPatch as AutomationPatch,
  TAutomationSettings as AutomationSettings,
  TBranchStep as BranchStep,
  TCondition as AutomationCondition,
  TConditionSet as ConditionSet,
  TDeadLetter as DeadLetter,
  TDuration as Duration,
  TStep as AutomationStep,
  TStepType as AutomationStepType,
  TTrigger as AutomationTrigger,
  TTriggerEvent as TriggerEvent,
} from '../../src/core/schemas/automation.ts';
export type { TSurvey as Survey } from '../../src/core/schemas/survey.ts';
export type { Proportion, ProportionDifference };

/** An automation as the API answers it; `webhookSecret` only for editors and owners. */
export type Automation = TAutomation & { webhookSecret?: string };
export type AutomationRun = TAutomationRun;
export type RunStep = TRunStep;
/** `GET /api/automation-runs/:id`: the run with its steps. */
export type RunDetail = TAutomationRun & { steps: TRunStep[] };

/** A page of a long list, with the total count of matches. */
export interface ListPage<T> {
  total: number;
  items: T[];
}

/** One step of a dry run: what it would do for the customer. */
export interface DryRunStep {
  path: string;
  type: string;
  outcome: 'would_run' | 'would_skip';
  detail: Record<string, unknown>;
}

/** `POST /api/automations/:id/test-run`: a dry run's steps, or the real run's record. */
export interface TestRunResult {
  dryRun: boolean;
  customerId: string;
  steps?: DryRunStep[];
  run?: RunDetail;
}

/** One side of the outcome comparison (src/automation/automation-outcome.ts). */
export interface OutcomeGroup {
  customers: number;
  measured: number;
  inWindow: number;
  conversion: Proportion;
  nextStage: Proportion | null;
}

/** `GET /api/automations/:id/outcome`. */
export interface AutomationOutcome {
  automationId: string;
  journeyId: string | null;
  goal: string | null;
  windowDays: number;
  from: string;
  to: string;
  includeOpen: boolean;
  nextStage: { stageId: string; name: string } | null;
  treated: OutcomeGroup;
  control: OutcomeGroup;
  conversionDifference: ProportionDifference;
  nextStageDifference: ProportionDifference | null;
  notes: string[];
}

// --- Surveys (their web pages) ------------------------------------------------------------------
// The shapes of src/server/routes/surveys.ts (docs/api.md §4.11), from the server's schemas.
// (`Survey` itself is exported above, with the automations.)
import type { GroupScores } from '../../src/core/surveys/score-groups.ts';

export type {
  TFollowUp as FollowUp,
  TRatingQuestion as RatingQuestion,
  TSurveyChannel as SurveyChannel,
  TSurveyCreate as SurveyCreate,
  TSurveyKind as SurveyKind,
  TSurveyPatch as SurveyPatch,
  TSurveyQuestion as SurveyQuestion,
  TSurveyResponse as SurveyResponse,
  TSurveySettings as SurveySettings,
} from '../../src/core/schemas/survey.ts';
export type { TInterval as ScoreInterval } from '../../src/core/survey-scores/intervals.ts';

/** One group of `GET /api/surveys/scores`: CSAT, NPS, CES and response rate with intervals. */
export type SurveyGroupScores = GroupScores;
export type SurveyScoreGroupBy = 'touchpoint' | 'stage' | 'persona' | 'week' | 'month';

/** `GET /api/surveys/scores`. */
export interface SurveyScores {
  groupBy: SurveyScoreGroupBy;
  from: string;
  to: string;
  journeyId: string | null;
  surveyId: string | null;
  personaId: string | null;
  groups: GroupScores[];
}

/** `POST /api/surveys/:id/links`: a signed, expiring link for one customer. */
export interface SurveyLink {
  url: string;
  token: string;
  customerId: string;
  channel: 'link' | 'email';
  expiresAt: string;
}

/** `POST /api/surveys/:id/email-snippet`: the link, one link per score, HTML and text. */
export interface SurveyEmailSnippet extends SurveyLink {
  scoreLinks: Array<{ score: number; url: string }>;
  html: string;
  text: string;
}
