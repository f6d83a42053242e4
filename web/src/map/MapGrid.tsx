import { type DragEvent, Fragment, useState } from 'react';
import type { TaskCounts } from '../automations/task-counts.ts';
import { Icon } from '../components/Icon.tsx';
import type {
  ConformanceTouchpoint,
  Stage,
  StageEmotion,
  StageFunnelStep,
  StageLanes,
  Touchpoint,
  TouchpointMetrics,
} from '../types.ts';
import { AddStage } from './AddStage.tsx';
import { EmotionLane } from './EmotionLane.tsx';
import type { FocusRequest } from './JourneyMapPage.tsx';
import { LaneCell } from './LaneCell.tsx';
import { isNoOp, type MoveTarget } from './moves.ts';
import { StageHeader } from './StageHeader.tsx';
import { TOUCHPOINT_DRAG_TYPE, TouchpointCard } from './TouchpointCard.tsx';

type TextLane = 'actions' | 'thoughts' | 'painPoints' | 'opportunities';

const LANES: Record<TextLane, { label: string; hint: string }> = {
  actions: { label: 'Customer actions', hint: 'What the customer does' },
  thoughts: { label: 'Thoughts', hint: 'What the customer asks themselves' },
  painPoints: { label: 'Pain points', hint: 'What gets in the way' },
  opportunities: { label: 'Opportunities', hint: 'What we could do better' },
};

export interface StageActions {
  add: (name: string) => Promise<boolean>;
  rename: (id: string, name: string) => Promise<boolean>;
  move: (id: string, position: number) => Promise<boolean>;
  remove: (id: string, name: string) => Promise<boolean>;
  saveLanes: (id: string, lanes: StageLanes) => Promise<boolean>;
}

interface DropHint {
  stageId: string;
  index: number;
}

export function MapGrid(props: {
  stages: Stage[];
  byStage: Map<string, Touchpoint[]>;
  metricsById: Map<string, TouchpointMetrics>;
  /** With "Conformance" on, each touchpoint's figures (undefined: off). */
  conformanceById?: Map<string, ConformanceTouchpoint>;
  /** Open and overdue tasks per touchpoint (undefined: not loaded). */
  taskCountsById?: Map<string, TaskCounts>;
  funnel: StageFunnelStep[];
  /** Per stage, the measured emotion from the metrics report (undefined: not loaded). */
  measuredEmotion?: StageEmotion[];
  metricsLoading: boolean;
  editable: boolean;
  selectedId: string | null;
  focusRequest: FocusRequest | null;
  onFocusHandled: () => void;
  onOpenTouchpoint: (id: string) => void;
  onAddTouchpoint: (stageId: string) => void;
  onMoveTouchpoint: (tp: Touchpoint, target: MoveTarget, control?: string) => void;
  stageActions: StageActions;
}) {
  const { stages, byStage, editable, stageActions } = props;
  const [dragging, setDragging] = useState<Touchpoint | null>(null);
  const [dropHint, setDropHint] = useState<DropHint | null>(null);
  const columns = `var(--lane-width) repeat(${stages.length}, minmax(var(--stage-min), 1fr))${editable ? ' var(--add-width)' : ''}`;

  const textLane = (lane: TextLane) => (
    <Fragment key={lane}>
      <LaneLabel label={LANES[lane].label} hint={LANES[lane].hint} lane={lane} />
      {stages.map((stage) => (
        <LaneCell
          key={stage.id}
          lane={lane}
          laneLabel={LANES[lane].label}
          stage={stage}
          editable={editable}
          onSave={(items) => stageActions.saveLanes(stage.id, { ...stage.lanes, [lane]: items })}
        />
      ))}
      {editable && <div className="map-cell map-cell-spacer" />}
    </Fragment>
  );

  /** The final index a drop at `clientY` gives, counting the cards above it (not the dragged one). */
  const dropIndex = (cell: HTMLElement, clientY: number) => {
    let index = 0;
    for (const card of cell.querySelectorAll<HTMLElement>('[data-touchpoint-id]')) {
      if (card.dataset.touchpointId === dragging?.id) continue;
      const rect = card.getBoundingClientRect();
      if (clientY > rect.top + rect.height / 2) index += 1;
    }
    return index;
  };

  const onDragOver = (stageId: string) => (event: DragEvent<HTMLDivElement>) => {
    if (!dragging || !event.dataTransfer.types.includes(TOUCHPOINT_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    const index = dropIndex(event.currentTarget, event.clientY);
    if (dropHint?.stageId !== stageId || dropHint.index !== index) setDropHint({ stageId, index });
  };

  const onDrop = (stageId: string) => (event: DragEvent<HTMLDivElement>) => {
    if (!dragging) return;
    event.preventDefault();
    const target = { stageId, position: dropIndex(event.currentTarget, event.clientY) };
    const tp = dragging;
    setDragging(null);
    setDropHint(null);
    if (!isNoOp(byStage, tp, target)) props.onMoveTouchpoint(tp, target);
  };

  const onDragLeave = (stageId: string) => (event: DragEvent<HTMLDivElement>) => {
    // Leaving for a child of the same cell is not leaving the cell.
    if (event.currentTarget.contains(event.relatedTarget as Node | null)) return;
    if (dropHint?.stageId === stageId) setDropHint(null);
  };

  return (
    <div className="map-scroll">
      <div
        className={`map-grid${dragging ? ' is-dragging' : ''}`}
        style={{ gridTemplateColumns: columns }}
      >
        {/* Stage headers */}
        <div className="map-corner">
          <span>Stages</span>
        </div>
        {stages.map((stage, index) => (
          <StageHeader
            key={stage.id}
            stage={stage}
            index={index}
            count={stages.length}
            funnel={props.funnel.find((f) => f.stageId === stage.id)}
            touchpointCount={byStage.get(stage.id)?.length ?? 0}
            editable={editable}
            actions={stageActions}
          />
        ))}
        {editable && <AddStage onAdd={stageActions.add} />}

        {textLane('actions')}
        {textLane('thoughts')}

        {/* Designed emotion */}
        <LaneLabel label="Emotion" hint="The designed feeling, −2 to +2" lane="emotion" />
        {stages.length > 0 ? (
          <EmotionLane
            stages={stages}
            measured={props.measuredEmotion}
            editable={editable}
            onChange={(stage, emotion) =>
              stageActions.saveLanes(stage.id, { ...stage.lanes, emotion })
            }
          />
        ) : (
          <div className="map-cell" />
        )}
        {editable && <div className="map-cell map-cell-spacer" />}

        {/* Touchpoints */}
        <LaneLabel label="Touchpoints" hint="Where customer and company meet" lane="touchpoints" />
        {stages.map((stage) => {
          const list = byStage.get(stage.id) ?? [];
          const hint = dropHint?.stageId === stage.id ? dropHint.index : null;
          const visible = list.filter((t) => t.id !== dragging?.id);
          const before = hint !== null && hint < visible.length ? visible[hint].id : null;
          return (
            // biome-ignore lint/a11y/noStaticElementInteractions: a drop zone for mouse drags; the cards' move buttons do the same by keyboard
            <div
              key={stage.id}
              className={`map-cell lane-touchpoints${hint !== null && before === null ? ' drop-at-end' : ''}`}
              onDragOver={onDragOver(stage.id)}
              onDragLeave={onDragLeave(stage.id)}
              onDrop={onDrop(stage.id)}
            >
              <ol className="tp-list" aria-label={`Touchpoints of ${stage.name}`}>
                {list.map((tp) => (
                  <li key={tp.id} className={`tp-item${before === tp.id ? ' drop-before' : ''}`}>
                    <TouchpointCard
                      touchpoint={tp}
                      stages={stages}
                      byStage={byStage}
                      metrics={props.metricsById.get(tp.id)}
                      metricsLoading={props.metricsLoading}
                      conformance={
                        props.conformanceById
                          ? (props.conformanceById.get(tp.id) ?? null)
                          : undefined
                      }
                      tasks={props.taskCountsById?.get(tp.id)}
                      editable={editable}
                      selected={props.selectedId === tp.id}
                      dragging={dragging?.id === tp.id}
                      focusRequest={
                        props.focusRequest?.touchpointId === tp.id ? props.focusRequest : null
                      }
                      onFocusHandled={props.onFocusHandled}
                      onOpen={() => props.onOpenTouchpoint(tp.id)}
                      onMove={(target, control) => props.onMoveTouchpoint(tp, target, control)}
                      onDragStart={() => setDragging(tp)}
                      onDragEnd={() => {
                        setDragging(null);
                        setDropHint(null);
                      }}
                    />
                  </li>
                ))}
              </ol>
              {list.length === 0 && !editable && <p className="lane-empty">No touchpoints</p>}
              {editable && (
                <button
                  type="button"
                  className="add-button"
                  onClick={() => props.onAddTouchpoint(stage.id)}
                >
                  <Icon name="plus" /> Add touchpoint
                  <span className="visually-hidden"> to {stage.name}</span>
                </button>
              )}
            </div>
          );
        })}
        {editable && <div className="map-cell map-cell-spacer" />}

        {textLane('painPoints')}
        {textLane('opportunities')}
      </div>
    </div>
  );
}

function LaneLabel({ label, hint, lane }: { label: string; hint: string; lane: string }) {
  return (
    <div className={`lane-label lane-label-${lane}`}>
      <span className="lane-label-title">{label}</span>
      <span className="lane-label-hint">{hint}</span>
    </div>
  );
}
