import { useMemo } from 'react';
import { getPathFlow, getPaths } from '../api.ts';
import { ChartPanel } from '../insights/ChartPanel.tsx';
import { slug } from '../insights/TouchpointDetailPage.tsx';
import { formatCount } from '../lib/format.ts';
import { useDebounced } from '../lib/use-debounced.ts';
import { useResource } from '../lib/use-resource.ts';
import type { PathFlow } from '../types.ts';
import { describeFlow, GOAL_KEY, sankeyOption } from './charts.ts';
import { DEFAULT_PATH_OPTIONS, type FlowTabOptions, touchpointsInOrder } from './options.ts';
import { PathOptionsFields } from './PathOptionsFields.tsx';
import { noEventsText } from './PathsTab.tsx';
import { type TabProps, useTabStatus } from './tab-props.ts';

/**
 * The Sankey of what customers did after (or before) one step: each column is a step further
 * from the anchor, the rarest steps merged into "Other", sequences that stop into "End"/"Start".
 */
export function FlowTab({
  journey,
  filter,
  problem,
  onStatus,
  options,
  onOptions,
}: TabProps<FlowTabOptions>) {
  const ordered = useMemo(
    () => touchpointsInOrder(journey.stages, journey.touchpoints),
    [journey.stages, journey.touchpoints],
  );
  // At event level the anchors are the event names seen in the range, busiest first.
  const eventNames = useResource(
    problem || options.level !== 'event'
      ? null
      : `flow-events:${journey.id}:${JSON.stringify([filter, options.goal])}`,
    (signal) =>
      getPaths(
        journey.id,
        filter,
        { ...DEFAULT_PATH_OPTIONS, level: 'event', goal: options.goal, variants: 1 },
        signal,
      ),
    { keepPrevious: true },
  );
  const anchors =
    options.level === 'touchpoint'
      ? [
          ...ordered.map((t) => ({ key: t.id, label: t.name })),
          // A goal event no touchpoint claims is the step `$goal`.
          ...(journey.goal ? [{ key: GOAL_KEY, label: `Goal: ${journey.goal.event}` }] : []),
        ]
      : [...(eventNames.data?.nodes ?? [])]
          .sort((a, b) => b.count - a.count)
          .map((n) => ({ key: n.key, label: n.label }));
  const anchor = anchors.some((a) => a.key === options.anchor)
    ? options.anchor
    : (anchors[0]?.key ?? '');

  const request = useDebounced(JSON.stringify({ filter, options: { ...options, anchor } }), 300);
  const flow = useResource(
    problem || !anchor ? null : `flow:${journey.id}:${request}`,
    (signal) => {
      const r = JSON.parse(request) as { filter: typeof filter; options: FlowTabOptions };
      return getPathFlow(journey.id, r.filter, r.options, signal);
    },
    { keepPrevious: true },
  );
  // The flow's answer names no range; the event list's does (at event level).
  useTabStatus(onStatus, {
    data: eventNames.data,
    loading: flow.loading || eventNames.loading,
  });
  const data = flow.data;
  const option = useMemo(
    () => (data && data.sequences > 0 ? sankeyOption(data) : undefined),
    [data],
  );
  const anchorLabel = anchors.find((a) => a.key === anchor)?.label ?? anchor;
  const noAnchor =
    options.level === 'touchpoint'
      ? 'This journey has no touchpoints yet: add some on the map.'
      : eventNames.data
        ? noEventsText(options.goal)
        : undefined;

  return (
    <div className="analysis-tab">
      <form
        className="analysis-options"
        aria-label="Flow options"
        onSubmit={(e) => e.preventDefault()}
      >
        <label className="field field-inline">
          <span>From step</span>
          <select
            value={anchor}
            disabled={anchors.length === 0}
            onChange={(e) => onOptions({ ...options, anchor: e.target.value })}
          >
            {anchors.map((a) => (
              <option key={a.key} value={a.key}>
                {a.label}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="inline-radios">
          <legend className="visually-hidden">Direction</legend>
          {(
            [
              ['forward', 'What came after'],
              ['backward', 'What came before'],
            ] as const
          ).map(([value, text]) => (
            <label key={value} className="segment">
              <input
                type="radio"
                name="flow-direction"
                value={value}
                checked={options.direction === value}
                onChange={() => onOptions({ ...options, direction: value })}
              />
              {text}
            </label>
          ))}
        </fieldset>
        <label className="field field-inline">
          <span>Depth</span>
          <select
            value={options.depth}
            onChange={(e) => onOptions({ ...options, depth: Number(e.target.value) })}
          >
            {[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => (
              <option key={n} value={n}>
                {n} {n === 1 ? 'step' : 'steps'}
              </option>
            ))}
          </select>
        </label>
        <label className="field field-inline">
          <span>Keep per step</span>
          <select
            value={options.top}
            onChange={(e) => onOptions({ ...options, top: Number(e.target.value) })}
          >
            {[3, 5, 8, 12, 20].map((n) => (
              <option key={n} value={n}>
                Top {n}
              </option>
            ))}
          </select>
        </label>
        <PathOptionsFields
          options={options}
          onOptions={(next) =>
            // A new level has other step keys: the anchor starts again from the default.
            onOptions(next.level === options.level ? next : { ...next, anchor: '' })
          }
        />
      </form>

      <ChartPanel
        id="flow-title"
        title={`Flow ${options.direction === 'forward' ? 'after' : 'before'} ${anchorLabel || 'a step'}`}
        intro={
          <p className="help">
            Where the customers who reached the step{' '}
            {options.direction === 'forward' ? 'went next' : 'came from'}, {options.depth}{' '}
            {options.depth === 1 ? 'step' : 'steps'}{' '}
            {options.direction === 'forward' ? 'on' : 'back'}, from each sequence's first time
            there. Beyond the top {options.top} of a column, steps merge into <em>Other</em> (grey,
            dashed);{' '}
            {options.direction === 'forward' ? (
              <>
                <em>End</em> (red) is a sequence that stopped.
              </>
            ) : (
              <>
                <em>Start</em> (green) is a sequence that began there.
              </>
            )}
          </p>
        }
        option={problem || !anchor ? undefined : option}
        label={data ? describeFlow(data) : 'Loading'}
        fileName={`${slug(journey.name)}-flow`}
        loading={flow.loading || eventNames.loading}
        error={flow.error ?? eventNames.error}
        onRetry={flow.error ? flow.reload : eventNames.reload}
        chartClassName="insight-chart-tall"
        empty={
          problem
            ? 'Pick a valid date range above.'
            : !anchor
              ? noAnchor
              : data && data.sequences === 0
                ? `No sequence reaches ${anchorLabel} in this range.`
                : undefined
        }
        table={data && <FlowTable flow={data} />}
      />
    </div>
  );
}

function FlowTable({ flow }: { flow: PathFlow }) {
  const nodes = new Map(flow.nodes.map((n) => [n.id, n]));
  return (
    <table className="data-table">
      <thead>
        <tr>
          <th scope="col">From</th>
          <th scope="col">To</th>
          <th scope="col">Sequences</th>
        </tr>
      </thead>
      <tbody>
        {flow.links.map((l) => (
          <tr key={`${l.source}\u0000${l.target}`}>
            <th scope="row">
              {nodes.get(l.source)?.label ?? l.source}{' '}
              <span className="cell-note">step {nodes.get(l.source)?.step}</span>
            </th>
            <td>
              {nodes.get(l.target)?.label ?? l.target}{' '}
              <span className="cell-note">step {nodes.get(l.target)?.step}</span>
            </td>
            <td>{formatCount(l.value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
