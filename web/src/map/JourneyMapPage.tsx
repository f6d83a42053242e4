import { useCallback, useEffect, useMemo, useState } from 'react';
import { ConformanceSection } from '../analysis/ConformanceSection.tsx';
import { suggestedTouchpointName } from '../analysis/conformance.ts';
import {
  createStage,
  deleteStage,
  getConformance,
  getJourneyMap,
  getJourneyMetrics,
  listPersonas,
  listTasks,
  updateStage,
  updateTouchpoint,
} from '../api.ts';
import { countTasksByTouchpoint } from '../automations/task-counts.ts';
import { ErrorState, InlineError, LoadingState } from '../components/states.tsx';
import { analysisPath, dashboardPath } from '../insights/paths.ts';
import { confirmDiscard } from '../lib/dirty.ts';
import { linkHandler, navigate, useLocation } from '../lib/router.ts';
import { useResource } from '../lib/use-resource.ts';
import { canEdit, useSession } from '../session.tsx';
import type {
  ConformanceTouchpoint,
  StageLanes,
  Touchpoint,
  TouchpointMetrics,
  UnmatchedEventKind,
} from '../types.ts';
import { ExportMenu } from './export/ExportMenu.tsx';
import {
  filtersToQuery,
  type MapFilters,
  rangeProblem,
  readFilters,
  toMetricsFilter,
} from './filters.ts';
import { MapFiltersBar } from './MapFiltersBar.tsx';
import { MapGrid } from './MapGrid.tsx';
import { MapSummary } from './MapSummary.tsx';
import { applyMove, groupByStage, type MoveTarget } from './moves.ts';
import { SelfServiceSection } from './SelfServiceSection.tsx';
import { TouchpointPanel } from './TouchpointPanel.tsx';
import { ruleToDraft, type TouchpointDraft } from './touchpoint-draft.ts';

type PanelState =
  | { kind: 'edit'; touchpointId: string }
  | { kind: 'new'; stageId: string; prefill?: Partial<TouchpointDraft> }
  | null;

export interface FocusRequest {
  touchpointId: string;
  control: string;
}

/** The journey map: stages as columns, lanes as rows, touchpoints measured against events. */
export function JourneyMapPage({ journeyId }: { journeyId: string }) {
  const session = useSession();
  const editable = canEdit(session);
  const { query } = useLocation();
  const filters = readFilters(query);
  const problem = rangeProblem(filters);
  // `?conformance=1`: the cards show skip rates and steps back, the section below the map the rest.
  const conformanceOn = query.get('conformance') === '1';

  const map = useResource(`map:${journeyId}`, (signal) => getJourneyMap(journeyId, signal));
  const personas = useResource('personas', (signal) => listPersonas(signal));
  const metricsFilter = toMetricsFilter(filters);
  const metrics = useResource(
    problem ? null : `metrics:${journeyId}:${JSON.stringify(metricsFilter)}`,
    (signal) => getJourneyMetrics(journeyId, metricsFilter, signal),
    { keepPrevious: true },
  );
  const conformance = useResource(
    problem || !conformanceOn ? null : `conformance:${journeyId}:${JSON.stringify(metricsFilter)}`,
    (signal) => getConformance(journeyId, metricsFilter, 20, signal),
    { keepPrevious: true },
  );

  // The cards' task badges: the journey's tasks in one request per map load.
  const tasks = useResource(`map-tasks:${journeyId}`, (signal) => listTasks({ journeyId }, signal));
  const taskCountsById = useMemo(
    () => (tasks.data ? countTasksByTouchpoint(tasks.data) : undefined),
    [tasks.data],
  );

  // A move shows at once; the server's answer (the reloaded map) replaces it.
  const [optimistic, setOptimistic] = useState<Touchpoint[] | null>(null);
  useEffect(() => {
    if (map.data) setOptimistic(null);
  }, [map.data]);

  const [panel, setPanel] = useState<PanelState>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [announcement, setAnnouncement] = useState('');
  const [focusRequest, setFocusRequest] = useState<FocusRequest | null>(null);

  const journey = map.data;
  const stages = journey?.stages ?? [];
  const touchpoints = optimistic ?? journey?.touchpoints ?? [];
  const byStage = useMemo(() => groupByStage(stages, touchpoints), [stages, touchpoints]);
  const metricsById = useMemo(() => {
    const out = new Map<string, TouchpointMetrics>();
    for (const m of metrics.data?.touchpoints ?? []) out.set(m.touchpointId, m);
    return out;
  }, [metrics.data]);

  const conformanceById = useMemo(() => {
    if (!conformanceOn) return undefined;
    const out = new Map<string, ConformanceTouchpoint>();
    for (const c of conformance.data?.touchpoints ?? []) out.set(c.touchpointId, c);
    return out;
  }, [conformanceOn, conformance.data]);

  const reloadMap = map.reload;
  const reloadMetrics = metrics.reload;
  const reloadConformance = conformance.reload;

  /** Runs a change; errors show above the map; the map always reloads to the server's truth. */
  const change = useCallback(
    async (run: () => Promise<unknown>, opts: { metrics?: boolean; done?: string } = {}) => {
      setActionError(null);
      try {
        await run();
        if (opts.done) setAnnouncement(opts.done);
        return true;
      } catch (err) {
        setActionError(err);
        return false;
      } finally {
        reloadMap();
        if (opts.metrics) {
          reloadMetrics();
          reloadConformance();
        }
      }
    },
    [reloadMap, reloadMetrics, reloadConformance],
  );

  const mapHref = (next: MapFilters, withConformance: boolean) => {
    const qs = filtersToQuery(next);
    const flag = withConformance ? `${qs ? '&' : '?'}conformance=1` : '';
    return `/journeys/${encodeURIComponent(journeyId)}${qs}${flag}`;
  };
  const setFilters = (next: MapFilters) => {
    navigate(mapHref(next, conformanceOn), { replace: true, keepEdits: true });
  };
  const toggleConformance = () =>
    navigate(mapHref(filters, !conformanceOn), { replace: true, keepEdits: true });

  /** A candidate from the conformance: a new touchpoint with its name and rule filled in. */
  const addCandidate = (kind: UnmatchedEventKind) => {
    const stageId = stages[0]?.id;
    if (!stageId) return;
    openPanel({
      kind: 'new',
      stageId,
      prefill: {
        name: suggestedTouchpointName(kind),
        channel: kind.type === 'screen' ? 'app' : 'web',
        matchRules: [ruleToDraft(kind.suggestedRule)],
      },
    });
  };

  const openPanel = (next: PanelState) => {
    if (
      panel &&
      !confirmDiscard('The touchpoint you are editing has unsaved changes. Discard them?')
    ) {
      return;
    }
    setPanel(next);
  };

  const moveTouchpoint = (tp: Touchpoint, target: MoveTarget, control?: string) => {
    if (!journey) return;
    setOptimistic(applyMove(stages, touchpoints, tp.id, target));
    if (control) setFocusRequest({ touchpointId: tp.id, control });
    const stageName = stages.find((s) => s.id === target.stageId)?.name ?? 'its stage';
    void change(() => updateTouchpoint(tp.id, target), {
      metrics: true,
      done: `Moved ${tp.name} to ${stageName}, position ${target.position + 1}.`,
    });
  };

  const stageActions = {
    add: (name: string) =>
      change(() => createStage(journeyId, { name }), { done: `Added stage ${name}.` }),
    rename: (id: string, name: string) =>
      change(() => updateStage(id, { name }), { metrics: true, done: `Renamed stage to ${name}.` }),
    move: (id: string, position: number) =>
      change(() => updateStage(id, { position }), { metrics: true, done: 'Moved the stage.' }),
    remove: (id: string, name: string) =>
      change(() => deleteStage(id), { metrics: true, done: `Deleted stage ${name}.` }),
    saveLanes: (id: string, lanes: StageLanes) =>
      change(() => updateStage(id, { lanes }), { done: 'Saved.' }),
  };

  if (map.error && !journey) {
    return (
      <main className="page" id="main">
        <BackLink />
        <ErrorState
          title="This journey could not be opened"
          error={map.error}
          onRetry={map.reload}
        />
      </main>
    );
  }
  if (!journey) return <LoadingState label="Loading the journey map…" />;

  const editing =
    panel?.kind === 'edit' ? touchpoints.find((t) => t.id === panel.touchpointId) : undefined;

  return (
    <main className={`map-page${panel ? ' has-panel' : ''}`} id="main">
      <div className="map-head">
        <div className="map-title">
          <BackLink />
          <h1>{journey.name}</h1>
          {journey.description && <Description text={journey.description} />}
          {journey.goal && (
            <p className="goal">
              Conversion: <code>{journey.goal.event}</code> within{' '}
              {journey.settings.conversionWindowDays} days of a touch
            </p>
          )}
          <a
            className="button button-small dashboard-link"
            href={dashboardPath(journeyId, filters)}
            onClick={linkHandler(dashboardPath(journeyId, filters))}
          >
            Dashboard: funnel, conversion over time, friction
          </a>{' '}
          <a
            className="button button-small dashboard-link"
            href={analysisPath(journeyId, filters)}
            onClick={linkHandler(analysisPath(journeyId, filters))}
          >
            Analysis: paths, flow, funnels, attribution
          </a>
        </div>
        <ExportMenu
          map={{ ...journey, touchpoints }}
          metrics={metrics.data}
          context={{
            personaName: personas.data?.find((p) => p.id === filters.personaId)?.name ?? null,
            from: metrics.data?.from ?? null,
            to: metrics.data?.to ?? null,
          }}
        />
        <MapSummary
          metrics={metrics.data}
          loading={metrics.loading}
          error={metrics.error}
          onRetry={metrics.reload}
        />
      </div>

      <MapFiltersBar
        filters={filters}
        problem={problem}
        personas={personas.data ?? []}
        personasError={personas.error}
        metrics={metrics.data}
        loading={metrics.loading}
        onChange={setFilters}
      >
        <button
          type="button"
          className="button button-small conformance-toggle"
          aria-pressed={conformanceOn}
          onClick={toggleConformance}
        >
          Conformance
          {conformanceOn && conformance.loading ? <span className="muted"> …</span> : null}
        </button>
      </MapFiltersBar>

      {actionError ? (
        <InlineError error={actionError} onDismiss={() => setActionError(null)} />
      ) : null}
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>

      <MapGrid
        stages={stages}
        byStage={byStage}
        metricsById={metricsById}
        conformanceById={conformanceById}
        taskCountsById={taskCountsById}
        funnel={metrics.data?.journey.stageFunnel ?? []}
        measuredEmotion={metrics.data?.stages}
        metricsLoading={metrics.loading && !metrics.data}
        editable={editable}
        selectedId={panel?.kind === 'edit' ? panel.touchpointId : null}
        focusRequest={focusRequest}
        onFocusHandled={() => setFocusRequest(null)}
        onOpenTouchpoint={(id) => openPanel({ kind: 'edit', touchpointId: id })}
        onAddTouchpoint={(stageId) => openPanel({ kind: 'new', stageId })}
        onMoveTouchpoint={moveTouchpoint}
        stageActions={stageActions}
      />

      {!problem && (
        <SelfServiceSection
          journeyId={journeyId}
          to={metricsFilter.to}
          personaId={metricsFilter.personaId}
          editable={editable}
        />
      )}

      {conformanceOn && (
        <ConformanceSection
          journeyName={journey.name}
          conformance={conformance}
          touchpoints={touchpoints}
          editable={editable}
          canAdd={stages.length > 0}
          onAdd={addCandidate}
        />
      )}

      {panel && (panel.kind === 'new' || editing) && (
        <TouchpointPanel
          key={
            panel.kind === 'new'
              ? `new:${panel.stageId}:${panel.prefill?.name ?? ''}`
              : panel.touchpointId
          }
          journeyId={journeyId}
          stages={stages}
          touchpoint={editing ?? null}
          defaultStageId={panel.kind === 'new' ? panel.stageId : (editing?.stageId ?? '')}
          prefill={panel.kind === 'new' ? panel.prefill : undefined}
          metrics={editing ? metricsById.get(editing.id) : undefined}
          editable={editable}
          onClose={() => setPanel(null)}
          onChanged={(message, opts) => {
            setAnnouncement(message);
            reloadMap();
            reloadMetrics();
            reloadConformance();
            if (opts?.close) setPanel(null);
          }}
        />
      )}
    </main>
  );
}

/** A long description shows two lines until the person asks for the rest. */
function Description({ text }: { text: string }) {
  const [open, setOpen] = useState(false);
  const long = text.length > 180;
  return (
    <div className="description">
      <p className={`lead${long && !open ? ' clamped' : ''}`}>{text}</p>
      {long && (
        <button
          type="button"
          className="link-button"
          onClick={() => setOpen(!open)}
          aria-expanded={open}
        >
          {open ? 'Show less' : 'Show more'}
        </button>
      )}
    </div>
  );
}

function BackLink() {
  return (
    <a className="back-link" href="/" onClick={linkHandler('/')}>
      ← All journeys
    </a>
  );
}
