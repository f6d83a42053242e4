import { useMemo, useState } from 'react';
import { getJourneyMap, getTouchpointSeries, listDroppedOff, listPersonas } from '../api.ts';
import { ErrorState, LoadingState } from '../components/states.tsx';
import { formatCount, formatRate } from '../lib/format.ts';
import { linkHandler, navigate, useLocation } from '../lib/router.ts';
import { useResource } from '../lib/use-resource.ts';
import { type MapFilters, rangeProblem, readFilters, toMetricsFilter } from '../map/filters.ts';
import { MapFiltersBar } from '../map/MapFiltersBar.tsx';
import { DesignedMarkerBadge } from '../map/markers.tsx';
import { canEdit, useSession } from '../session.tsx';
import { TouchpointSurveysSection } from '../surveys/TouchpointSurveysSection.tsx';
import { ChartPanel } from './ChartPanel.tsx';
import { ContactReasonsSection } from './ContactReasonsSection.tsx';
import { bucketLabel, describeSeries, touchpointSeriesOption } from './charts.ts';
import { DroppedOffSection } from './DroppedOffSection.tsx';
import { MatchRulesSection } from './MatchRulesSection.tsx';
import { NextStepsSection } from './NextStepsSection.tsx';
import { dashboardPath, mapPath, touchpointPath } from './paths.ts';

/**
 * `/journeys/:journeyId/touchpoints/:touchpointId`: one touchpoint over the map's range and
 * persona: its figures over time, who dropped off after it, what customers did next, and its
 * match rules with a live preview.
 */
export function TouchpointDetailPage({
  journeyId,
  touchpointId,
}: {
  journeyId: string;
  touchpointId: string;
}) {
  const session = useSession();
  const editable = canEdit(session);
  const { query } = useLocation();
  const filters = readFilters(query);
  const problem = rangeProblem(filters);
  const filter = toMetricsFilter(filters);
  const filterKey = problem ? null : JSON.stringify(filter);
  // Saving rules changes every figure: bumping this loads them again.
  const [round, setRound] = useState(0);
  const [announcement, setAnnouncement] = useState('');

  const map = useResource(
    `map:${journeyId}:${round}`,
    (signal) => getJourneyMap(journeyId, signal),
    {
      keepPrevious: true,
    },
  );
  const personas = useResource('personas', (signal) => listPersonas(signal));
  const series = useResource(
    filterKey === null ? null : `series:${touchpointId}:${filterKey}:${round}`,
    (signal) => getTouchpointSeries(touchpointId, filter, signal),
    { keepPrevious: true },
  );
  // The first page's total is the drop-off count of the summary (cheap: one row of it).
  const dropped = useResource(
    filterKey === null ? null : `dropped-total:${touchpointId}:${filterKey}:${round}`,
    (signal) => listDroppedOff(touchpointId, filter, { limit: 1, offset: 0 }, signal),
    { keepPrevious: true },
  );
  const option = useMemo(
    () => (series.data ? touchpointSeriesOption(series.data) : undefined),
    [series.data],
  );

  const setFilters = (next: MapFilters) =>
    navigate(touchpointPath(journeyId, touchpointId, next), { replace: true, keepEdits: true });

  const back = (
    <a
      className="back-link"
      href={mapPath(journeyId, filters)}
      onClick={linkHandler(mapPath(journeyId, filters))}
    >
      ← {map.data?.name ?? 'Journey map'}
    </a>
  );
  if (map.error && !map.data) {
    return (
      <main className="page" id="main">
        {back}
        <ErrorState
          title="This journey could not be opened"
          error={map.error}
          onRetry={map.reload}
        />
      </main>
    );
  }
  if (!map.data) {
    return (
      <main className="page" id="main">
        <LoadingState label="Loading the touchpoint…" />
      </main>
    );
  }
  const journey = map.data;
  const tp = journey.touchpoints.find((t) => t.id === touchpointId);
  if (!tp) {
    return (
      <main className="page" id="main">
        {back}
        <ErrorState
          title="This touchpoint does not exist"
          error={new Error('It may have been deleted, or it belongs to another journey.')}
        />
      </main>
    );
  }
  const stage = journey.stages.find((s) => s.id === tp.stageId);
  const totals = series.data?.totals;
  const droppedTotal = dropped.data?.total;
  const figure = (value: string | undefined) => value ?? '…';
  const s = series.data;

  return (
    <main className="page insight-page" id="main">
      {back}
      <div className="page-head">
        <div>
          <h1>{tp.name}</h1>
          <p className="lead">
            {stage ? `Stage ${stage.position + 1}: ${stage.name}` : 'No stage'} ·{' '}
            <span className="chip">{tp.channel}</span>{' '}
            <DesignedMarkerBadge marker={tp.designedMarker} />
            {tp.owner && <> · {tp.owner}</>}
          </p>
        </div>
        <a
          className="button"
          href={dashboardPath(journeyId, filters)}
          onClick={linkHandler(dashboardPath(journeyId, filters))}
        >
          Journey dashboard
        </a>
      </div>

      <MapFiltersBar
        filters={filters}
        problem={problem}
        personas={personas.data ?? []}
        personasError={personas.error}
        metrics={series.data}
        loading={series.loading}
        onChange={setFilters}
      />
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>

      <section aria-label="Touchpoint figures" className="insight-kpis">
        <dl className="kpis kpis-wide">
          <div className="kpi">
            <dt>Touches</dt>
            <dd>{figure(totals && formatCount(totals.volume))}</dd>
          </div>
          <div className="kpi">
            <dt>Customers reached</dt>
            <dd>{figure(totals && formatCount(totals.reach))}</dd>
          </div>
          <div className="kpi">
            <dt>Converted after a touch</dt>
            <dd>
              {figure(totals && formatCount(totals.converted))}
              {totals && totals.reach > 0 && (
                <small> {formatRate(totals.converted / totals.reach)}</small>
              )}
            </dd>
          </div>
          <div className="kpi">
            <dt>Dropped off</dt>
            <dd>
              {figure(droppedTotal === undefined ? undefined : formatCount(droppedTotal))}
              {totals && droppedTotal !== undefined && totals.reach > 0 && (
                <small> {formatRate(droppedTotal / totals.reach)}</small>
              )}
            </dd>
          </div>
        </dl>
      </section>

      <ChartPanel
        id="over-time-title"
        title="Over time"
        intro={
          <p className="help">
            Touches, customers reached and customers who reached the goal (
            {journey.goal?.event ?? 'no goal set'}) within {journey.settings.conversionWindowDays}{' '}
            days of a touch, per{' '}
            {s?.bucket === 'week' ? 'week (Monday to Sunday, UTC)' : 'day (UTC)'}.
          </p>
        }
        option={problem ? undefined : option}
        label={
          s
            ? describeSeries(
                `Touches of ${tp.name}`,
                s.points.map((p) => ({ start: p.start, value: p.volume })),
                s.bucket,
              )
            : 'Loading'
        }
        fileName={`${slug(tp.name)}-over-time`}
        loading={series.loading}
        error={series.error}
        onRetry={series.reload}
        table={
          s && (
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{s.bucket === 'week' ? 'Week' : 'Day'}</th>
                  <th scope="col">Touches</th>
                  <th scope="col">Reached</th>
                  <th scope="col">Converted</th>
                </tr>
              </thead>
              <tbody>
                {s.points.map((p) => (
                  <tr key={p.start}>
                    <th scope="row">{bucketLabel(p.start, s.bucket)}</th>
                    <td>{formatCount(p.volume)}</td>
                    <td>{formatCount(p.reach)}</td>
                    <td>{formatCount(p.converted)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      />

      {filterKey !== null && (
        <div className="insight-grid">
          <DroppedOffSection
            key={filterKey}
            touchpointId={touchpointId}
            filter={filter}
            inactivityDays={journey.settings.inactivityDays}
            round={round}
          />
          <NextStepsSection
            journeyId={journeyId}
            touchpointId={touchpointId}
            filters={filters}
            filter={filter}
            round={round}
          />
        </div>
      )}

      {filterKey !== null && tp.phase === 'service' && (
        <ContactReasonsSection touchpointId={touchpointId} filter={filter} />
      )}

      {filterKey !== null && (
        <MatchRulesSection
          key={touchpointId}
          journeyId={journeyId}
          touchpoint={tp}
          touchpoints={journey.touchpoints}
          filter={filter}
          editable={editable}
          onSaved={(message) => {
            setAnnouncement(message);
            setRound((r) => r + 1);
          }}
        />
      )}

      <TouchpointSurveysSection
        journeyId={journeyId}
        touchpointId={touchpointId}
        filter={problem ? null : filter}
        editable={editable}
      />
    </main>
  );
}

/** A file-name-safe form of a name: "Checkout & payment" → "checkout-payment". */
export function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'chart'
  );
}
