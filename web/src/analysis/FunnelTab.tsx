import { useMemo, useState } from 'react';
import { runFunnel } from '../api.ts';
import { Icon } from '../components/Icon.tsx';
import { ChartPanel } from '../insights/ChartPanel.tsx';
import { slug } from '../insights/TouchpointDetailPage.tsx';
import { formatCount, formatHours, formatRate } from '../lib/format.ts';
import { useDebounced } from '../lib/use-debounced.ts';
import { useResource } from '../lib/use-resource.ts';
import type { FunnelOrder, FunnelRequest, FunnelStepInput, GoalFilter } from '../types.ts';
import { describeFunnel, funnelOption } from './charts.ts';
import { FunnelDropOffSection } from './FunnelDropOffSection.tsx';
import {
  defaultFunnelSteps,
  FUNNEL_MAX_STEPS,
  type FunnelTabOptions,
  funnelProblem,
  funnelStepLabel,
  GOAL_FILTERS,
  moveItem,
  readWholeNumber,
  touchpointsInOrder,
} from './options.ts';
import { type TabProps, useTabStatus } from './tab-props.ts';

const ORDER_HELP: Record<FunnelOrder, string> = {
  loose:
    'Loose: each step at or after the previous one, other steps allowed in between, all within the window of the first step.',
  strict:
    'Strict: each step must be the very next step after the previous one (nothing in between), within the window of the first step.',
};

/**
 * A funnel of chosen touchpoints or events: customers per step, conversion from the previous
 * and the first step, the median time between steps, and who dropped off at a step.
 */
export function FunnelTab({
  journey,
  filter,
  problem,
  onStatus,
  options,
  onOptions,
}: TabProps<FunnelTabOptions>) {
  const ordered = useMemo(
    () => touchpointsInOrder(journey.stages, journey.touchpoints),
    [journey.stages, journey.touchpoints],
  );
  const steps = options.steps ?? defaultFunnelSteps(journey.stages, journey.touchpoints);
  const setSteps = (next: FunnelStepInput[]) => onOptions({ ...options, steps: next });
  const [windowText, setWindowText] = useState(
    options.windowDays === null ? '' : String(options.windowDays),
  );
  const windowDays = windowText.trim() === '' ? null : readWholeNumber(windowText);
  const windowInvalid = windowText.trim() !== '' && windowDays === null;
  const stepsProblem =
    funnelProblem(steps, windowDays, options.order) ??
    (windowInvalid ? 'The window is a whole number of days.' : null);
  const [selected, setSelected] = useState<number | null>(null);

  const body: FunnelRequest = {
    steps,
    windowDays: windowDays ?? journey.settings.conversionWindowDays,
    order: options.order,
    goal: options.goal,
    ...filter,
  };
  const request = useDebounced(JSON.stringify(body), 400);
  const funnel = useResource(
    problem || stepsProblem ? null : `funnel:${journey.id}:${request}`,
    (signal) => runFunnel(journey.id, JSON.parse(request) as FunnelRequest, signal),
    { keepPrevious: true },
  );
  useTabStatus(onStatus, funnel);
  const report = funnel.data;
  const current = report && !stepsProblem ? report : undefined;
  const open = selected !== null && current && selected < current.steps.length ? selected : null;
  const option = useMemo(
    () => (current ? funnelOption(current.steps, open) : undefined),
    [current, open],
  );
  const noCustomers = current && current.steps[0]?.customers === 0;

  return (
    <div className="analysis-tab">
      <section className="panel insight-panel funnel-builder" aria-labelledby="funnel-steps-title">
        <h2 id="funnel-steps-title">Funnel steps</h2>
        <StepList steps={steps} ordered={ordered} onSteps={setSteps} />
        <AddStep
          ordered={ordered}
          stages={journey.stages}
          goalEvent={journey.goal?.event}
          disabled={steps.length >= FUNNEL_MAX_STEPS}
          onAdd={(step) => setSteps([...steps, step])}
        />
        <form
          className="analysis-options"
          aria-label="Funnel options"
          onSubmit={(e) => e.preventDefault()}
        >
          <label className="field field-inline">
            <span>Window (days)</span>
            <input
              type="number"
              min={1}
              max={365}
              step={1}
              inputMode="numeric"
              className="input-narrow"
              placeholder={String(journey.settings.conversionWindowDays)}
              value={windowText}
              aria-invalid={windowInvalid || undefined}
              onChange={(e) => {
                setWindowText(e.target.value);
                onOptions({ ...options, windowDays: readWholeNumber(e.target.value) });
              }}
            />
          </label>
          <fieldset className="inline-radios">
            <legend className="visually-hidden">Order</legend>
            {(['loose', 'strict'] as const).map((o) => (
              <label key={o} className="segment">
                <input
                  type="radio"
                  name="funnel-order"
                  value={o}
                  checked={options.order === o}
                  onChange={() => onOptions({ ...options, order: o })}
                />
                {o === 'loose' ? 'Loose order' : 'Strict order'}
              </label>
            ))}
          </fieldset>
          <label className="field field-inline">
            <span>Customers</span>
            <select
              value={options.goal}
              onChange={(e) => onOptions({ ...options, goal: e.target.value as GoalFilter })}
            >
              {GOAL_FILTERS.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.label}
                </option>
              ))}
            </select>
          </label>
        </form>
        <p className="help order-help">{ORDER_HELP[options.order]}</p>
        {stepsProblem && (
          <p className="inline-error" role="alert">
            {stepsProblem}
          </p>
        )}
      </section>

      <ChartPanel
        id="funnel-chart-title"
        title="Funnel"
        intro={
          <p className="help">
            Customers who reached each step; the figure in brackets is the share kept from the
            previous step. Choose a bar, or a step's button below, to see who dropped off there.
          </p>
        }
        option={problem || stepsProblem ? undefined : option}
        label={current ? describeFunnel(current.steps) : 'Loading'}
        fileName={`${slug(journey.name)}-funnel`}
        loading={funnel.loading}
        error={funnel.error}
        onRetry={funnel.reload}
        empty={
          problem
            ? 'Pick a valid date range above.'
            : stepsProblem
              ? 'Fix the steps above to see the funnel.'
              : noCustomers
                ? 'Nobody reached the first step in this range.'
                : undefined
        }
        onChartClick={(item) => {
          if (item.dataIndex >= 1) setSelected(item.dataIndex);
        }}
      >
        {current && (
          <div className="table-wrap">
            <table className="data-table funnel-table">
              <thead>
                <tr>
                  <th scope="col">Step</th>
                  <th scope="col">Customers</th>
                  <th scope="col">Of previous</th>
                  <th scope="col">Of first</th>
                  <th scope="col">Median time from previous</th>
                  <th scope="col">
                    <span className="visually-hidden">Drop-off</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {current.steps.map((s) => (
                  <tr key={s.index} className={open === s.index ? 'is-selected' : undefined}>
                    <th scope="row">
                      {s.index + 1}. {s.label}
                    </th>
                    <td>{formatCount(s.customers)}</td>
                    <td>{s.index === 0 ? '—' : formatRate(s.conversionFromPrevious)}</td>
                    <td>{s.index === 0 ? '—' : formatRate(s.conversionFromFirst)}</td>
                    <td>{s.index === 0 ? '—' : formatHours(s.medianHoursFromPrevious)}</td>
                    <td>
                      {s.index > 0 && (
                        <button
                          type="button"
                          className="button button-small"
                          aria-pressed={open === s.index}
                          onClick={() => setSelected(open === s.index ? null : s.index)}
                        >
                          Dropped off here
                          <span className="visually-hidden"> before {s.label}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </ChartPanel>

      {open !== null && current && (
        <FunnelDropOffSection
          journeyId={journey.id}
          body={JSON.parse(request) as FunnelRequest}
          step={open}
          previousLabel={current.steps[open - 1]?.label ?? ''}
          stepLabel={current.steps[open]?.label ?? ''}
          onClose={() => setSelected(null)}
        />
      )}
    </div>
  );
}

/** The chosen steps, each movable up and down and removable, by keyboard as by mouse. */
function StepList({
  steps,
  ordered,
  onSteps,
}: {
  steps: FunnelStepInput[];
  ordered: ReturnType<typeof touchpointsInOrder>;
  onSteps: (next: FunnelStepInput[]) => void;
}) {
  if (steps.length === 0)
    return <p className="empty">No steps yet: add touchpoints or events below.</p>;
  return (
    <ol className="funnel-steps">
      {steps.map((step, i) => {
        const label = funnelStepLabel(step, ordered);
        // A step may repeat: its key is its content and which occurrence it is.
        const id = JSON.stringify(step);
        const nth = steps.slice(0, i).filter((s) => JSON.stringify(s) === id).length;
        return (
          <li key={`${id}#${nth}`} className="funnel-step">
            <span className="funnel-step-index">{i + 1}</span>
            <span className="funnel-step-label">{label}</span>
            <span className="funnel-step-actions">
              <button
                type="button"
                className="icon-button"
                disabled={i === 0}
                title="Move up"
                onClick={() => onSteps(moveItem(steps, i, i - 1))}
              >
                <Icon name="up" />
                <span className="visually-hidden">Move up: {label}</span>
              </button>
              <button
                type="button"
                className="icon-button"
                disabled={i === steps.length - 1}
                title="Move down"
                onClick={() => onSteps(moveItem(steps, i, i + 1))}
              >
                <Icon name="down" />
                <span className="visually-hidden">Move down: {label}</span>
              </button>
              <button
                type="button"
                className="icon-button icon-button-danger"
                title="Remove"
                onClick={() => onSteps(steps.filter((_, j) => j !== i))}
              >
                <Icon name="close" />
                <span className="visually-hidden">Remove step: {label}</span>
              </button>
            </span>
          </li>
        );
      })}
    </ol>
  );
}

/** Adds a touchpoint (chosen stage by stage) or an event name as the last step. */
function AddStep({
  ordered,
  stages,
  goalEvent,
  disabled,
  onAdd,
}: {
  ordered: ReturnType<typeof touchpointsInOrder>;
  stages: { id: string; name: string }[];
  goalEvent: string | undefined;
  disabled: boolean;
  onAdd: (step: FunnelStepInput) => void;
}) {
  const [touchpointId, setTouchpointId] = useState('');
  const [event, setEvent] = useState('');
  const chosen = touchpointId || ordered[0]?.id || '';
  return (
    <div className="funnel-add">
      <form
        className="funnel-add-row"
        aria-label="Add a touchpoint step"
        onSubmit={(e) => {
          e.preventDefault();
          if (chosen) onAdd({ touchpointId: chosen });
        }}
      >
        <label className="field field-inline">
          <span>Touchpoint</span>
          <select value={chosen} onChange={(e) => setTouchpointId(e.target.value)}>
            {stages.map((s) => {
              const list = ordered.filter((t) => t.stageId === s.id);
              return list.length === 0 ? null : (
                <optgroup key={s.id} label={s.name}>
                  {list.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name}
                    </option>
                  ))}
                </optgroup>
              );
            })}
          </select>
        </label>
        <button type="submit" className="button button-small" disabled={disabled || !chosen}>
          Add touchpoint
        </button>
      </form>
      <form
        className="funnel-add-row"
        aria-label="Add an event step"
        onSubmit={(e) => {
          e.preventDefault();
          const name = event.trim();
          if (!name) return;
          onAdd({ event: name });
          setEvent('');
        }}
      >
        <label className="field field-inline">
          <span>Event name</span>
          <input
            value={event}
            maxLength={200}
            list="funnel-event-suggestions"
            placeholder={goalEvent ?? 'Order Completed'}
            aria-describedby="funnel-event-help"
            onChange={(e) => setEvent(e.target.value)}
          />
        </label>
        {goalEvent && (
          <datalist id="funnel-event-suggestions">
            <option value={goalEvent} />
          </datalist>
        )}
        <button type="submit" className="button button-small" disabled={disabled || !event.trim()}>
          Add event
        </button>
      </form>
      <p className="help funnel-event-help" id="funnel-event-help">
        An event step is a track event's name, a page as <code>page:/pricing</code> (its path) or a
        screen as <code>screen:Home</code>.
      </p>
      {disabled && <p className="help">A funnel has at most {FUNNEL_MAX_STEPS} steps.</p>}
    </div>
  );
}
