import { useMemo } from 'react';
import { getPaths } from '../api.ts';
import { ErrorState, LoadingState } from '../components/states.tsx';
import { ChartPanel } from '../insights/ChartPanel.tsx';
import { slug } from '../insights/TouchpointDetailPage.tsx';
import { formatCount, formatHours, formatRate } from '../lib/format.ts';
import { useDebounced } from '../lib/use-debounced.ts';
import { useResource } from '../lib/use-resource.ts';
import type { PathsReport } from '../types.ts';
import {
  describePathGraph,
  designedOrder,
  graphGoalKey,
  pathGraphOption,
  selectGraph,
} from './charts.ts';
import type { PathsTabOptions } from './options.ts';
import { PathOptionsFields } from './PathOptionsFields.tsx';
import { type TabProps, useTabStatus } from './tab-props.ts';

const MAX_NODES = 30;
const MAX_EDGES = 40;

/** The directly-follows graph of customers' steps and the most common whole paths (variants). */
export function PathsTab({
  journey,
  filter,
  problem,
  onStatus,
  options,
  onOptions,
}: TabProps<PathsTabOptions>) {
  const request = useDebounced(JSON.stringify({ filter, options }), 300);
  const paths = useResource(
    problem ? null : `paths:${journey.id}:${request}`,
    (signal) => {
      const r = JSON.parse(request) as { filter: typeof filter; options: PathsTabOptions };
      return getPaths(journey.id, r.filter, r.options, signal);
    },
    { keepPrevious: true },
  );
  useTabStatus(onStatus, paths);
  const report = paths.data;
  const order = useMemo(
    () => designedOrder(journey.stages, journey.touchpoints),
    [journey.stages, journey.touchpoints],
  );
  const option = useMemo(
    () =>
      report && report.sequences > 0
        ? pathGraphOption(report, {
            order,
            goalEvent: journey.goal?.event,
            maxNodes: MAX_NODES,
            maxEdges: MAX_EDGES,
          })
        : undefined,
    [report, order, journey.goal?.event],
  );
  const goalKey = graphGoalKey(report?.level ?? options.level, journey.goal?.event);
  const shown = report
    ? selectGraph(report, { maxNodes: MAX_NODES, maxEdges: MAX_EDGES }, goalKey)
    : null;
  const labels = useMemo(() => new Map(report?.nodes.map((n) => [n.key, n.label])), [report]);
  const label = (key: string) => labels.get(key) ?? key;
  const empty = report && report.sequences === 0 ? noEventsText(options.goal) : undefined;

  return (
    <div className="analysis-tab">
      <form
        className="analysis-options"
        aria-label="Path options"
        onSubmit={(e) => e.preventDefault()}
      >
        <PathOptionsFields options={options} onOptions={onOptions} />
        <label className="field field-inline">
          <span>Variants</span>
          <select
            value={options.variants}
            onChange={(e) => onOptions({ ...options, variants: Number(e.target.value) })}
          >
            {[10, 20, 50, 100].map((n) => (
              <option key={n} value={n}>
                Top {n}
              </option>
            ))}
          </select>
        </label>
      </form>

      {report && report.sequences > 0 && (
        <p className="analysis-summary" aria-live="polite">
          {formatCount(report.sequences)} sequences, {formatCount(report.steps)} steps
          {report.level === 'touchpoint'
            ? ' (touches of the map and goal events).'
            : ' (every page, screen and track event).'}
        </p>
      )}

      <ChartPanel
        id="dfg-title"
        title="Paths between steps"
        intro={
          <p className="help">
            Each arrow is a step that directly followed another, as often as its width; its label
            gives the count and the median time between the two.{' '}
            {options.level === 'touchpoint'
              ? 'Touchpoints run left to right in the order of the map; arrows that go back curve.'
              : 'Steps run left to right by how soon they come after a first step.'}{' '}
            The goal is green.
            {shown && (shown.hiddenNodes > 0 || shown.hiddenEdges > 0)
              ? ` Showing the ${shown.nodes.length} busiest steps and ${shown.edges.length} busiest arrows (${formatCount(shown.hiddenNodes)} steps and ${formatCount(shown.hiddenEdges)} arrows left out; the table has them all).`
              : ''}
          </p>
        }
        option={problem ? undefined : option}
        label={report ? describePathGraph(report) : 'Loading'}
        fileName={`${slug(journey.name)}-paths`}
        loading={paths.loading}
        error={paths.error}
        onRetry={paths.reload}
        chartClassName="insight-chart-tall"
        empty={problem ? 'Pick a valid date range above.' : empty}
        table={report && <EdgeTable report={report} label={label} />}
      />

      <section
        className="panel insight-panel"
        aria-labelledby="variants-title"
        aria-busy={paths.loading}
      >
        <h2 id="variants-title">Top variants</h2>
        <p className="help">
          Whole sequences, step by step, most common first; the share is of all sequences.
        </p>
        {paths.error && !report ? (
          <ErrorState
            title="The variants could not be loaded"
            error={paths.error}
            onRetry={paths.reload}
          />
        ) : !report ? (
          problem ? null : (
            <LoadingState label="Loading variants…" />
          )
        ) : report.variants.length === 0 ? (
          <p className="empty">{noEventsText(options.goal)}</p>
        ) : (
          <div className="table-wrap">
            <table className="data-table variants-table">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Steps</th>
                  <th scope="col">Sequences</th>
                  <th scope="col">Share</th>
                </tr>
              </thead>
              <tbody>
                {report.variants.map((v, i) => (
                  <tr key={v.steps.join('\u0000')}>
                    <td>{i + 1}</td>
                    <th scope="row">
                      <ol className="step-chips" aria-label={`Variant ${i + 1}`}>
                        {v.steps.map((key, j) => (
                          <li
                            // biome-ignore lint/suspicious/noArrayIndexKey: a step may repeat in a variant
                            key={j}
                            className={`chip step-chip${key === goalKey ? ' step-chip-goal' : ''}`}
                          >
                            {label(key)}
                          </li>
                        ))}
                      </ol>
                    </th>
                    <td>{formatCount(v.count)}</td>
                    <td>{formatRate(v.share)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

/** "No events in this range", said for whose customers were asked for. */
export function noEventsText(goal: string): string {
  if (goal === 'reached') return 'No customer who reached the goal has events in this range.';
  if (goal === 'not-reached') return 'No customer without the goal has events in this range.';
  return 'No events in this range: pick another range or persona, or send events.';
}

function EdgeTable({ report, label }: { report: PathsReport; label: (key: string) => string }) {
  const edges = [...report.edges].sort((a, b) => b.count - a.count);
  return (
    <table className="data-table">
      <thead>
        <tr>
          <th scope="col">From</th>
          <th scope="col">To</th>
          <th scope="col">Times</th>
          <th scope="col">Median time</th>
        </tr>
      </thead>
      <tbody>
        {edges.map((e) => (
          <tr key={`${e.from}\u0000${e.to}`}>
            <th scope="row">{label(e.from)}</th>
            <td>{label(e.to)}</td>
            <td>{formatCount(e.count)}</td>
            <td>{formatHours(e.medianHours)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
