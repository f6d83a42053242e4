import { invalid } from '../../../core/errors.ts';
import { assembleFlow } from '../../../core/journey-analytics/assemble-flow.ts';
import {
  assembleFunnelSteps,
  rankNextSteps,
} from '../../../core/journey-analytics/assemble-funnel.ts';
import { assemblePathLists } from '../../../core/journey-analytics/assemble-paths.ts';
import { type StepNames, stepNames } from '../../../core/journey-analytics/step-names.ts';
import {
  END_STEP,
  type FunnelDropOff,
  type FunnelReport,
  GOAL_STEP,
  type JourneyPaths,
  NONE_STEP,
  type PathFlow,
  type PathLevel,
  START_STEP,
} from '../../../core/journey-analytics/types.ts';
import type { TJourney } from '../../../core/schemas/journey.ts';
import type { TTouchpoint } from '../../../core/schemas/touchpoint.ts';
import type {
  AnalyticsQuery,
  FunnelDropOffQuery,
  FunnelQuery,
  PathFlowQuery,
  PathsQuery,
  Store,
} from '../../port.ts';
import { journeyFunnel } from '../../queries/analytics/funnel.ts';
import type { FunnelParams, FunnelStepMatch } from '../../queries/analytics/funnel-chain.ts';
import { funnelDropOff } from '../../queries/analytics/funnel-drop-off.ts';
import { journeyPathFlow } from '../../queries/analytics/path-flow.ts';
import { journeyPaths } from '../../queries/analytics/paths.ts';
import { GOAL_KEY, type PathsScope } from '../../queries/analytics/paths-scope.ts';
import type { DuckDatabase } from './database.ts';

/**
 * The paths and funnel reports of the DuckDB store (docs/analytics.md): each resolves the
 * journey, its touchpoints in map order and the persona, runs its query (queries/analytics) and
 * names the query's keys. Kept beside store.ts so that the store only delegates.
 */

type Lookups = Pick<Store, 'getJourney' | 'getPersona' | 'listStages' | 'listTouchpoints'>;

interface Found {
  journey: TJourney;
  touchpoints: TTouchpoint[];
  scope: PathsScope;
}

/** The journey's scope, or undefined when the journey or the persona is not in the workspace. */
async function findScope(
  store: Lookups,
  workspaceId: string,
  journeyId: string,
  q: AnalyticsQuery,
): Promise<Found | undefined> {
  const journey = await store.getJourney(workspaceId, journeyId);
  if (!journey) return undefined;
  let segment = null;
  if (q.personaId) {
    const persona = await store.getPersona(workspaceId, q.personaId);
    if (!persona) return undefined;
    segment = persona.segment;
  }
  const stages = await store.listStages(workspaceId, journey.id);
  const touchpoints = await store.listTouchpoints(workspaceId, journey.id);
  const stageIndex = new Map(stages.map((s, i) => [s.id, i]));
  // The same shape as the metrics build, so that both share one materialized table.
  const scope: PathsScope = {
    workspaceId,
    journeyId: journey.id,
    from: q.from,
    to: q.to,
    segment,
    goal: q.goal ?? 'any',
    shape: {
      touchpoints: touchpoints.map((t) => ({
        stageIndex: stageIndex.get(t.stageId) ?? 0,
        matchRules: t.matchRules,
      })),
      stageCount: stages.length,
      goal: journey.goal,
      conversionWindowDays: journey.settings.conversionWindowDays,
      inactivityDays: journey.settings.inactivityDays,
    },
  };
  return { journey, touchpoints, scope };
}

const namesOf = (found: Found, level: PathLevel): StepNames =>
  stepNames(level, found.touchpoints, found.journey.goal?.event ?? null, GOAL_KEY);

const iso = (us: number) => new Date(Math.floor(us / 1000)).toISOString();

/** See Store.journeyPaths. */
export async function pathsReport(
  db: DuckDatabase,
  store: Lookups,
  workspaceId: string,
  journeyId: string,
  q: PathsQuery,
): Promise<JourneyPaths | undefined> {
  const found = await findScope(store, workspaceId, journeyId, q);
  if (!found) return undefined;
  const level = q.level ?? 'touchpoint';
  const collapseRepeats = q.collapseRepeats ?? true;
  const sessionGapMinutes = q.sessionGapMinutes ?? null;
  const rows = await journeyPaths.duckdb(db, {
    ...found.scope,
    level,
    collapseRepeats,
    sessionGapMinutes,
    variants: q.variants ?? 20,
  });
  const names = namesOf(found, level);
  const key = names.keyOf;
  const lists = assemblePathLists(
    {
      sequences: rows.sequences,
      steps: rows.steps,
      distinctVariants: rows.distinctVariants,
      nodes: rows.nodes.map((n) => ({ key: key(n.k), count: n.n })),
      nodeSequences: rows.nodeSequences.map((n) => ({ key: key(n.k), count: n.n })),
      edges: rows.edges.map((e) => ({
        from: key(e.from),
        to: key(e.to),
        count: e.n,
        medianHours: e.median,
      })),
      starts: rows.starts.map((s) => ({ key: key(s.k), count: s.n })),
      ends: rows.ends.map((s) => ({ key: key(s.k), count: s.n })),
      variants: rows.variants.map((v) => ({ steps: v.steps.map(key), count: v.n })),
    },
    names.describe,
  );
  return {
    journeyId: found.journey.id,
    level,
    from: q.from.toISOString(),
    to: q.to.toISOString(),
    personaId: q.personaId ?? null,
    goal: found.scope.goal,
    collapseRepeats,
    sessionGapMinutes,
    ...lists,
  };
}

/** The query key of a touchpoint-level anchor or step; a 400 for one not on the journey. */
function rawKey(names: StepNames, key: string, field: string) {
  const raw = names.rawOf(key);
  if (raw === undefined) {
    throw invalid(`${field}: touchpoint ${key} is not on this journey`, [
      { path: field, message: 'not a touchpoint of this journey' },
    ]);
  }
  return raw;
}

/** See Store.journeyPathFlow. */
export async function pathFlowReport(
  db: DuckDatabase,
  store: Lookups,
  workspaceId: string,
  journeyId: string,
  q: PathFlowQuery,
): Promise<PathFlow | undefined> {
  const found = await findScope(store, workspaceId, journeyId, q);
  if (!found) return undefined;
  const level = q.level ?? 'touchpoint';
  const direction = q.direction ?? 'forward';
  const depth = q.depth ?? 4;
  const names = namesOf(found, level);
  const rows = await journeyPathFlow.duckdb(db, {
    ...found.scope,
    level,
    collapseRepeats: q.collapseRepeats ?? true,
    sessionGapMinutes: q.sessionGapMinutes ?? null,
    anchor: rawKey(names, q.anchor, 'anchor'),
    direction,
    depth,
  });
  const boundary = direction === 'forward' ? END_STEP : START_STEP;
  const key = (raw: number | string | null) => (raw === null ? boundary : names.keyOf(raw));
  const flow = assembleFlow(
    {
      anchor: q.anchor,
      direction,
      sequences: rows.sequences,
      links: rows.links.map((l) => ({
        step: l.step,
        from: key(l.from),
        to: key(l.to),
        count: l.n,
      })),
    },
    q.top ?? 8,
    (k) => names.describe(k).label,
  );
  return {
    journeyId: found.journey.id,
    level,
    anchor: q.anchor,
    direction,
    depth,
    sequences: rows.sequences,
    ...flow,
  };
}

/** The funnel's query parameters and each step's label; a 400 for a step not on the journey. */
function funnelParams(found: Found, q: FunnelQuery) {
  const names = namesOf(found, 'touchpoint');
  const steps: FunnelStepMatch[] = q.steps.map((s, i) =>
    'touchpointId' in s
      ? { tp: Number(rawKey(names, s.touchpointId, `steps.${i}.touchpointId`)) }
      : { event: s.event },
  );
  const info = q.steps.map((s) =>
    'touchpointId' in s
      ? { label: names.describe(s.touchpointId).label, touchpointId: s.touchpointId, event: null }
      : { label: s.event, touchpointId: null, event: s.event },
  );
  const order = q.order ?? 'loose';
  if (order === 'strict' && new Set(steps.map((s) => 'tp' in s)).size > 1) {
    throw invalid('order: strict order needs steps of one kind (all touchpoints or all events)', [
      { path: 'order', message: 'strict order needs steps of one kind' },
    ]);
  }
  const params: FunnelParams = {
    ...found.scope,
    steps,
    windowDays: q.windowDays ?? found.journey.settings.conversionWindowDays,
    order,
  };
  return { params, info, names };
}

/** See Store.journeyFunnel. */
export async function funnelReport(
  db: DuckDatabase,
  store: Lookups,
  workspaceId: string,
  journeyId: string,
  q: FunnelQuery,
): Promise<FunnelReport | undefined> {
  const found = await findScope(store, workspaceId, journeyId, q);
  if (!found) return undefined;
  const { params, info } = funnelParams(found, q);
  const counts = await journeyFunnel.duckdb(db, params);
  return {
    journeyId: found.journey.id,
    order: params.order,
    windowDays: params.windowDays,
    from: q.from.toISOString(),
    to: q.to.toISOString(),
    personaId: q.personaId ?? null,
    goal: found.scope.goal,
    steps: assembleFunnelSteps(info, counts),
  };
}

/** See Store.funnelDropOff. */
export async function funnelDropOffReport(
  db: DuckDatabase,
  store: Lookups,
  workspaceId: string,
  journeyId: string,
  q: FunnelDropOffQuery,
): Promise<FunnelDropOff | undefined> {
  const found = await findScope(store, workspaceId, journeyId, q);
  if (!found) return undefined;
  const { params, names } = funnelParams(found, q);
  if (!Number.isInteger(q.step) || q.step < 1 || q.step >= params.steps.length) {
    throw invalid(`step: must be between 1 and ${params.steps.length - 1}`, [
      { path: 'step', message: `must be between 1 and ${params.steps.length - 1}` },
    ]);
  }
  const rows = await funnelDropOff.duckdb(db, {
    ...params,
    step: q.step,
    limit: q.limit ?? 50,
    offset: q.offset ?? 0,
  });
  const nextKey = (r: (typeof rows.next)[number]) =>
    r.kind === 'none' ? NONE_STEP : r.kind === 'goal' ? GOAL_STEP : names.keyOf(r.tp ?? -1);
  return {
    step: q.step,
    total: rows.total,
    customers: rows.items.map((c) => ({ ...c, reachedAt: iso(c.reachedAt) })),
    next: rankNextSteps(
      rows.next.map((r) => ({ key: nextKey(r), customers: r.customers })),
      (k) => names.describe(k).label,
    ),
  };
}
