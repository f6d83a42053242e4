import { useEffect, useRef } from 'react';
import { TaskBadge } from '../automations/TaskBadge.tsx';
import type { TaskCounts } from '../automations/task-counts.ts';
import { Icon, type IconName } from '../components/Icon.tsx';
import { formatCount, formatHours, formatRate } from '../lib/format.ts';
import { formatSentiment, sentimentClass } from '../lib/sentiment.ts';
import type { ConformanceTouchpoint, Stage, Touchpoint, TouchpointMetrics } from '../types.ts';
import type { FocusRequest } from './JourneyMapPage.tsx';
import { DesignedMarkerBadge, MeasuredMarkerBadge } from './markers.tsx';
import { type Direction, type MoveTarget, moveTarget } from './moves.ts';

/** The drag payload type, so that drops of anything else (files, text) are ignored. */
export const TOUCHPOINT_DRAG_TYPE = 'application/x-waymark-touchpoint';

const MOVES: { direction: Direction; icon: IconName; label: string }[] = [
  { direction: 'left', icon: 'left', label: 'Move to the previous stage' },
  { direction: 'up', icon: 'up', label: 'Move up' },
  { direction: 'down', icon: 'down', label: 'Move down' },
  { direction: 'right', icon: 'right', label: 'Move to the next stage' },
];

/** The key figures of a card: short labels (cards are narrow), spelled out for tooltips and readers. */
const FIGURES: { short: string; long: string; value: (m: TouchpointMetrics) => string }[] = [
  { short: 'Reach', long: 'Customers reached', value: (m) => formatCount(m.reach) },
  {
    short: 'Conv.',
    long: 'Conversion rate after a touch',
    value: (m) => formatRate(m.conversionRate),
  },
  { short: 'Drop', long: 'Drop-off rate', value: (m) => formatRate(m.dropOffRate) },
  {
    short: 'Next',
    long: 'Median time to the next touchpoint',
    value: (m) => formatHours(m.medianHoursToNext),
  },
];

export function TouchpointCard({
  touchpoint: tp,
  stages,
  byStage,
  metrics,
  metricsLoading,
  conformance,
  tasks,
  editable,
  selected,
  dragging,
  focusRequest,
  onFocusHandled,
  onOpen,
  onMove,
  onDragStart,
  onDragEnd,
}: {
  touchpoint: Touchpoint;
  stages: Stage[];
  byStage: Map<string, Touchpoint[]>;
  metrics: TouchpointMetrics | undefined;
  metricsLoading: boolean;
  /** With the map's "Conformance" on: its skip rate and steps back (undefined: off). */
  conformance?: ConformanceTouchpoint | null;
  /** Its open and overdue tasks (undefined: none, or not loaded). */
  tasks?: TaskCounts;
  editable: boolean;
  selected: boolean;
  dragging: boolean;
  focusRequest: FocusRequest | null;
  onFocusHandled: () => void;
  onOpen: () => void;
  onMove: (target: MoveTarget, control: string) => void;
  onDragStart: () => void;
  onDragEnd: () => void;
}) {
  const card = useRef<HTMLElement>(null);

  // After a keyboard move the card is drawn anew elsewhere: give the focus back to the button
  // that moved it (or to the card's name when that button is now disabled).
  useEffect(() => {
    if (!focusRequest || !card.current) return;
    const button = card.current.querySelector<HTMLButtonElement>(
      `[data-control="${focusRequest.control}"]`,
    );
    const target =
      button && !button.disabled ? button : card.current.querySelector<HTMLElement>('.tp-name');
    target?.focus();
    onFocusHandled();
  }, [focusRequest, onFocusHandled]);

  const m = metrics;

  return (
    <article
      ref={card}
      className={`tp-card designed-${tp.designedMarker}${selected ? ' is-selected' : ''}${dragging ? ' is-dragging' : ''}`}
      data-touchpoint-id={tp.id}
      draggable={editable}
      aria-labelledby={`tp-${tp.id}`}
      onDragStart={(event) => {
        event.dataTransfer.setData(TOUCHPOINT_DRAG_TYPE, tp.id);
        event.dataTransfer.setData('text/plain', tp.name);
        event.dataTransfer.effectAllowed = 'move';
        onDragStart();
      }}
      onDragEnd={onDragEnd}
    >
      <div className="tp-head">
        {editable && (
          <span className="tp-grip" aria-hidden="true" title="Drag to move">
            <Icon name="grip" />
          </span>
        )}
        <button type="button" id={`tp-${tp.id}`} className="tp-name" onClick={onOpen}>
          {tp.name}
        </button>
      </div>
      <p className="tp-meta">
        <span className="chip">{tp.channel}</span>
        {tp.owner && <span className="tp-owner">{tp.owner}</span>}
      </p>
      <div className="tp-markers">
        <DesignedMarkerBadge marker={tp.designedMarker} />
        {m ? (
          <MeasuredMarkerBadge marker={m.measuredMarker} reasons={m.markerReasons} />
        ) : (
          <span className="measured measured-pending">
            {metricsLoading ? 'Measuring…' : 'Not measured'}
          </span>
        )}
      </div>
      <dl className="tp-figures">
        {FIGURES.map(({ short, long, value }) => (
          <div key={short} title={long}>
            <dt>
              <abbr title={long}>{short}</abbr>
            </dt>
            <dd>{m ? value(m) : metricsLoading ? '…' : '—'}</dd>
          </div>
        ))}
      </dl>
      {m && <ListeningBadges metrics={m} />}
      {conformance !== undefined && <ConformanceBadges conformance={conformance} />}
      <TaskBadge
        journeyId={tp.journeyId}
        touchpointId={tp.id}
        touchpointName={tp.name}
        counts={tasks}
      />
      {editable && (
        <fieldset className="tp-move">
          <legend className="visually-hidden">Move {tp.name}</legend>
          {MOVES.map(({ direction, icon, label }) => {
            const target = moveTarget(stages, byStage, tp, direction);
            return (
              <button
                key={direction}
                type="button"
                className="icon-button"
                data-control={direction}
                disabled={!target}
                title={label}
                onClick={() => target && onMove(target, direction)}
              >
                <Icon name={icon} />
                <span className="visually-hidden">
                  {label}: {tp.name}
                </span>
              </button>
            );
          })}
        </fieldset>
      )}
    </article>
  );
}

/** The card's conformance row: how often customers skip it, and steps back into and out of it. */
function ConformanceBadges({ conformance: c }: { conformance: ConformanceTouchpoint | null }) {
  if (!c) return <p className="tp-conformance muted">Conformance: not met</p>;
  const skip = c.eligible > 0 ? formatRate(c.skipRate) : '—';
  return (
    <p className="tp-conformance">
      <span
        className={`conf-badge${c.eligible > 0 && c.skipRate >= 0.5 ? ' conf-badge-high' : ''}`}
        title={`Skipped by ${formatCount(c.skipped)} of the ${formatCount(c.eligible)} customers who went past it`}
      >
        Skip {skip}
      </span>
      <span
        className="conf-badge"
        title={`Steps back: ${formatCount(c.backwardsIn)} into it from later touchpoints, ${formatCount(c.backwardsOut)} out of it to earlier ones`}
      >
        Back in {formatCount(c.backwardsIn)} · out {formatCount(c.backwardsOut)}
      </span>
    </p>
  );
}

/**
 * What customers wrote and rated here: the average sentiment of the touchpoint's texts and its
 * CSAT, both of which feed the measured marker. Nothing when neither was measured.
 */
function ListeningBadges({ metrics: m }: { metrics: TouchpointMetrics }) {
  const s = m.sentiment;
  const c = m.csat;
  const hasSentiment = s && s.n > 0 && s.average !== null;
  const hasCsat = c && c.responses > 0 && c.csat !== null;
  if (!hasSentiment && !hasCsat) return null;
  return (
    <p className="tp-listening">
      {hasSentiment && (
        <span
          className={sentimentClass(s.label)}
          title={`Average sentiment of ${formatCount(s.n)} texts (−1 to +1): ${s.labels.positive} positive, ${s.labels.neutral} neutral, ${s.labels.negative} negative`}
        >
          Sentiment {formatSentiment(s.average!)}
        </span>
      )}
      {hasCsat && (
        <span
          className="sent-badge sent-csat"
          title={`CSAT: ${c.csat!.toFixed(1)}% of ${formatCount(c.responses)} responses rated 4 or 5 (mean ${c.mean!.toFixed(2)} of 5)`}
        >
          CSAT {Math.round(c.csat!)}%
        </span>
      )}
    </p>
  );
}
