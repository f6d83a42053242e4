/**
 * The shapes the app exchanges with the server. Domain types come straight from the server's zod
 * schemas (type-only imports, erased at build time), so a change there is a type error here.
 */

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
