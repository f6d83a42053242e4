import { useMemo } from 'react';
import { getJourneyMap, getJourneyMetrics, getJourneySeries, listPersonas } from '../api.ts';
import { ErrorState, LoadingState } from '../components/states.tsx';
import { formatCount, formatRate } from '../lib/format.ts';
import { linkHandler, navigate, useLocation } from '../lib/router.ts';
import { useResource } from '../lib/use-resource.ts';
import { type MapFilters, rangeProblem, readFilters, toMetricsFilter } from '../map/filters.ts';
import { MapFiltersBar } from '../map/MapFiltersBar.tsx';
import { ChartPanel } from './ChartPanel.tsx';
import { bucketLabel, describeSeries, journeySeriesOption, stageFunnelOption } from './charts.ts';
import { FrictionTable } from './FrictionTable.tsx';
import { analysisPath, dashboardPath, mapPath } from './paths.ts';
import { slug } from './TouchpointDetailPage.tsx';

/**
 * `/journeys/:id/dashboard`: the journey's stage funnel, conversion over time and its
 * touchpoints ranked by friction, for the map's range and persona.
 */
export function JourneyDashboardPage({ journeyId }: { journeyId: string }) {
  const { query } = useLocation();
  const filters = readFilters(query);
  const problem = rangeProblem(filters);
  const filter = toMetricsFilter(filters);
  const filterKey = problem ? null : JSON.stringify(filter);

  const map = useResource(`map:${journeyId}`, (signal) => getJourneyMap(journeyId, signal));
  const personas = useResource('personas', (signal) => listPersonas(signal));
  const metrics = useResource(
    filterKey === null ? null : `metrics:${journeyId}:${filterKey}`,
    (signal) => getJourneyMetrics(journeyId, filter, signal),
    { keepPrevious: true },
  );
  const series = useResource(
    filterKey === null ? null : `journey-series:${journeyId}:${filterKey}`,
    (signal) => getJourneySeries(journeyId, filter, signal),
    { keepPrevious: true },
  );
  const funnelOption = useMemo(
    () => (metrics.data ? stageFunnelOption(metrics.data.journey.stageFunnel) : undefined),
    [metrics.data],
  );
  const seriesOption = useMemo(
    () => (series.data ? journeySeriesOption(series.data) : undefined),
    [series.data],
  );

  const setFilters = (next: MapFilters) =>
    navigate(dashboardPath(journeyId, next), { replace: true, keepEdits: true });
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
        <LoadingState label="Loading the dashboard…" />
      </main>
    );
  }
  const journey = map.data;
  const j = metrics.data?.journey;
  const figure = (value: string | undefined) => value ?? '…';
  const steps = j?.stageFunnel ?? [];
  const s = series.data;
  const name = slug(journey.name);

  return (
    <main className="page insight-page" id="main">
      {back}
      <div className="page-head">
        <div>
          <h1>{journey.name}: dashboard</h1>
          {journey.goal && (
            <p className="lead">
              Conversion: <code>{journey.goal.event}</code>
            </p>
          )}
        </div>
        <a
          className="button button-small"
          href={analysisPath(journeyId, filters)}
          onClick={linkHandler(analysisPath(journeyId, filters))}
        >
          Analysis: paths, flow, funnels, attribution
        </a>
      </div>

      <MapFiltersBar
        filters={filters}
        problem={problem}
        personas={personas.data ?? []}
        personasError={personas.error}
        metrics={metrics.data}
        loading={metrics.loading || series.loading}
        onChange={setFilters}
      />

      <section aria-label="Journey figures" className="insight-kpis">
        <dl className="kpis kpis-wide">
          <div className="kpi">
            <dt>Customers</dt>
            <dd>{figure(j && formatCount(j.customers))}</dd>
          </div>
          <div className="kpi">
            <dt>Conversions</dt>
            <dd>{figure(j && formatCount(j.conversions))}</dd>
          </div>
          <div className="kpi">
            <dt>Conversion rate</dt>
            <dd>{figure(j && formatRate(j.conversionRate))}</dd>
          </div>
          <div className="kpi">
            <dt>Baseline drop-off</dt>
            <dd>{figure(j && formatRate(j.baselineDropOffRate))}</dd>
          </div>
        </dl>
      </section>

      <div className="insight-grid">
        <ChartPanel
          id="funnel-title"
          title="Stage funnel"
          intro={
            <p className="help">
              Customers who reached each stage in the designed order, beside those who touched it at
              all; the label is the share kept from the previous stage.
            </p>
          }
          option={problem ? undefined : funnelOption}
          label={`Customers reaching each stage in order: ${steps
            .map(
              (st) => `${st.name} ${formatCount(st.customers)} (at all ${formatCount(st.reached)})`,
            )
            .join(', ')}`}
          fileName={`${name}-stage-funnel`}
          loading={metrics.loading}
          error={metrics.error}
          onRetry={metrics.reload}
          table={
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Stage</th>
                  <th scope="col">In order</th>
                  <th scope="col">At all</th>
                  <th scope="col">Of previous</th>
                  <th scope="col">Of first</th>
                </tr>
              </thead>
              <tbody>
                {steps.map((st) => (
                  <tr key={st.stageId}>
                    <th scope="row">{st.name}</th>
                    <td>{formatCount(st.customers)}</td>
                    <td>{formatCount(st.reached)}</td>
                    <td>{formatRate(st.fromPrevious)}</td>
                    <td>{formatRate(st.fromFirst)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
        <ChartPanel
          id="conversion-title"
          title="Conversion over time"
          intro={
            <p className="help">
              Customers who touched the journey, and those of them who reached the goal, per{' '}
              {s?.bucket === 'week' ? 'week (Monday to Sunday, UTC)' : 'day (UTC)'}, counted when
              the goal happened.
            </p>
          }
          option={problem ? undefined : seriesOption}
          label={
            s
              ? describeSeries(
                  'Conversions',
                  s.points.map((p) => ({ start: p.start, value: p.conversions })),
                  s.bucket,
                )
              : 'Loading'
          }
          fileName={`${name}-conversion-over-time`}
          loading={series.loading}
          error={series.error}
          onRetry={series.reload}
          table={
            s && (
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">{s.bucket === 'week' ? 'Week' : 'Day'}</th>
                    <th scope="col">Customers</th>
                    <th scope="col">Conversions</th>
                  </tr>
                </thead>
                <tbody>
                  {s.points.map((p) => (
                    <tr key={p.start}>
                      <th scope="row">{bucketLabel(p.start, s.bucket)}</th>
                      <td>{formatCount(p.customers)}</td>
                      <td>{formatCount(p.conversions)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          }
        />
      </div>

      <section
        className="panel insight-panel"
        aria-labelledby="friction-title"
        aria-busy={metrics.loading}
      >
        <h2 id="friction-title">Touchpoints by friction</h2>
        <p className="help friction-explained">
          Ranked by drop-off rate: the share of the customers a touchpoint reached whose touch there
          was followed by {journey.settings.inactivityDays} days without any journey event before
          they converted
          {j ? `, against the journey's baseline of ${formatRate(j.baselineDropOffRate)}` : ''}; the
          measured marker weighs the same rate (and conversion) against that baseline.
        </p>
        {metrics.error && !metrics.data ? (
          <ErrorState
            title="The ranking could not be loaded"
            error={metrics.error}
            onRetry={metrics.reload}
          />
        ) : !metrics.data ? (
          <LoadingState label="Ranking touchpoints…" />
        ) : (
          <FrictionTable
            journeyId={journeyId}
            filters={filters}
            report={metrics.data}
            stages={journey.stages}
            touchpoints={journey.touchpoints}
          />
        )}
      </section>
    </main>
  );
}
