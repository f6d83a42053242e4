import { useCallback, useState } from 'react';
import { getJourneyMap, listPersonas } from '../api.ts';
import { ErrorState, LoadingState } from '../components/states.tsx';
import {
  ANALYSIS_TABS,
  type AnalysisTab,
  analysisPath,
  dashboardPath,
  mapPath,
  readAnalysisTab,
} from '../insights/paths.ts';
import { linkHandler, navigate, useLocation } from '../lib/router.ts';
import { useResource } from '../lib/use-resource.ts';
import { type MapFilters, rangeProblem, readFilters, toMetricsFilter } from '../map/filters.ts';
import { MapFiltersBar } from '../map/MapFiltersBar.tsx';
import { AttributionTab } from './AttributionTab.tsx';
import { FlowTab } from './FlowTab.tsx';
import { FunnelTab } from './FunnelTab.tsx';
import {
  DEFAULT_ATTRIBUTION_OPTIONS,
  DEFAULT_FLOW_OPTIONS,
  DEFAULT_FUNNEL_OPTIONS,
  DEFAULT_PATH_OPTIONS,
} from './options.ts';
import { PathsTab } from './PathsTab.tsx';
import { TabPanel, Tabs } from './Tabs.tsx';
import type { TabStatus } from './tab-props.ts';

const TAB_LABELS: Record<AnalysisTab, string> = {
  paths: 'Paths',
  flow: 'Flow',
  funnel: 'Funnel',
  attribution: 'Attribution',
};

/**
 * `/journeys/:id/analysis?tab=`: how customers actually move through the journey, for the map's
 * range and persona: the directly-follows graph and top variants, the flow around a touchpoint,
 * a funnel of chosen steps with its drop-offs, and every attribution model side by side. Each
 * tab keeps its options while the person switches tabs.
 */
export function AnalysisPage({ journeyId }: { journeyId: string }) {
  const { query } = useLocation();
  const filters = readFilters(query);
  const tab = readAnalysisTab(query);
  const problem = rangeProblem(filters);
  const filter = toMetricsFilter(filters);

  const map = useResource(`map:${journeyId}`, (signal) => getJourneyMap(journeyId, signal));
  const personas = useResource('personas', (signal) => listPersonas(signal));

  const [pathOptions, setPathOptions] = useState(DEFAULT_PATH_OPTIONS);
  const [flowOptions, setFlowOptions] = useState(DEFAULT_FLOW_OPTIONS);
  const [funnelOptions, setFunnelOptions] = useState(DEFAULT_FUNNEL_OPTIONS);
  const [attributionOptions, setAttributionOptions] = useState(DEFAULT_ATTRIBUTION_OPTIONS);
  const [status, setStatus] = useState<TabStatus>({ range: undefined, loading: false });
  const onStatus = useCallback(
    (next: TabStatus) =>
      setStatus((prev) =>
        prev.loading === next.loading &&
        prev.range?.from === next.range?.from &&
        prev.range?.to === next.range?.to
          ? prev
          : next,
      ),
    [],
  );

  const setFilters = (next: MapFilters) =>
    navigate(analysisPath(journeyId, next, tab), { replace: true, keepEdits: true });
  const setTab = (next: AnalysisTab) =>
    navigate(analysisPath(journeyId, filters, next), { replace: true, keepEdits: true });

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
        <LoadingState label="Loading the analysis…" />
      </main>
    );
  }
  const journey = map.data;
  const common = { journey, filter, problem, onStatus };

  return (
    <main className="page insight-page analysis-page" id="main">
      {back}
      <div className="page-head">
        <div>
          <h1>{journey.name}: analysis</h1>
          <p className="lead">
            How customers really move through the journey
            {journey.goal ? (
              <>
                {' '}
                towards <code>{journey.goal.event}</code>
              </>
            ) : null}
            .
          </p>
        </div>
        <a
          className="button button-small"
          href={dashboardPath(journeyId, filters)}
          onClick={linkHandler(dashboardPath(journeyId, filters))}
        >
          Dashboard
        </a>
      </div>

      <MapFiltersBar
        filters={filters}
        problem={problem}
        personas={personas.data ?? []}
        personasError={personas.error}
        metrics={status.range}
        loading={status.loading}
        onChange={setFilters}
      />

      <Tabs
        label="Analyses"
        idPrefix="analysis"
        tabs={ANALYSIS_TABS.map((id) => ({ id, label: TAB_LABELS[id] }))}
        selected={tab}
        onSelect={setTab}
      />
      <TabPanel idPrefix="analysis" tab={tab}>
        {tab === 'paths' && (
          <PathsTab {...common} options={pathOptions} onOptions={setPathOptions} />
        )}
        {tab === 'flow' && <FlowTab {...common} options={flowOptions} onOptions={setFlowOptions} />}
        {tab === 'funnel' && (
          <FunnelTab {...common} options={funnelOptions} onOptions={setFunnelOptions} />
        )}
        {tab === 'attribution' && (
          <AttributionTab
            {...common}
            options={attributionOptions}
            onOptions={setAttributionOptions}
          />
        )}
      </TabPanel>
    </main>
  );
}
